/**
 * A fresh, migrated database for one test file: embedded PGlite in memory by default, or a
 * database of its own on the PostgreSQL server named by DATABASE_URL (created here, dropped after),
 * so the same suite runs on both engines.
 */
import postgres from "postgres";
import { type Database, openDatabase } from "../../src/db/client";

export interface TestDatabase extends Database {
  /** Removes everything the test created (drops the server database). */
  destroy(): Promise<void>;
  /** The URL of this test's own database ("memory://" on PGlite). */
  url: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || serverUrl === "memory://") {
    const db = await openDatabase({ databaseUrl: "memory://", dataDir: "" });
    await db.migrate();
    return { ...db, url: "memory://", destroy: () => db.close() };
  }
  const name = `slotline_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: "", maxConnections: 25 });
  await db.migrate();
  return {
    ...db,
    url: url.toString(),
    destroy: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
