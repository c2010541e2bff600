/**
 * The crash test's own database on a PostgreSQL server: `slotline_chaos_<random>`, created fresh
 * and dropped at the end, whatever happened. The server it runs on must be a real PostgreSQL (the
 * embedded one admits a single process, and the point is several processes dying around it).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export const DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface ChaosDatabase {
  name: string;
  /** The URL of the fresh database, for the server, the jobs and the checks. */
  url: string;
  /** A connection for the checks (opened on first use). */
  sql(): postgres.Sql;
  /** Closes the checks' connection and drops the database (forcing out any connection left behind). */
  drop(): Promise<void>;
}

export async function createChaosDatabase(serverUrl: string): Promise<ChaosDatabase> {
  const name = `slotline_chaos_${randomBytes(5).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 5 });
    throw new Error(`chaos: cannot create a database on ${redacted(serverUrl)} (is PostgreSQL running? pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start): ${String(error)}`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let checks: postgres.Sql | undefined;
  return {
    name,
    url: url.toString(),
    sql: () => (checks ??= postgres(url.toString(), { max: 2, onnotice: () => {} })),
    drop: async () => {
      try {
        await checks?.end({ timeout: 5 });
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

/** The URL without its password, fit to print. */
function redacted(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.password = "";
  return url.toString();
}
