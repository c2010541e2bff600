/**
 * A throwaway, migrated database for one bench run: PGlite in memory by default, or a fresh
 * database `slotline_bench_<random>` on the PostgreSQL server named by DATABASE_URL, dropped
 * afterwards (the same approach as test/support/database.ts, which scripts must not import).
 */
import postgres from "postgres";
import { type Database, openDatabase } from "../../src/db/client";

export interface BenchDatabase extends Database {
  /** Closes the connection and drops the server database, if one was created. */
  destroy(): Promise<void>;
  /** Where the bench ran, for the informational line (no credentials). */
  label: string;
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || serverUrl === "memory://") {
    const db = await openDatabase({ databaseUrl: "memory://", dataDir: "" });
    try {
      await db.migrate();
    } catch (error) {
      await db.close();
      throw error;
    }
    return { ...db, label: "pglite (memory)", destroy: () => db.close() };
  }

  const name = `slotline_bench_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const dropAll = async (db?: Database) => {
    try {
      if (db) await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (error) {
    await admin.end({ timeout: 5 });
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  try {
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: "", maxConnections: 10 });
    await db.migrate();
  } catch (error) {
    await dropAll(db);
    throw error;
  }
  const opened = db;
  return { ...opened, label: `postgres ${url.host}/${name}`, destroy: () => dropAll(opened) };
}
