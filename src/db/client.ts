import fs from "node:fs";
import path from "node:path";
import { type Extension, PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { claimDataDir } from "./embeddedOwner";
import { copyTemplateTo, replaceTemplate } from "./embeddedTemplate";
import { MIGRATIONS_FOLDER } from "./migrationsFolder";
import * as schema from "./schema";

// The contrib subpath ships CommonJS but only ESM-flavoured typings, which a CommonJS build may not import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require("@electric-sql/pglite/contrib/btree_gist") as { btree_gist: Extension };

export type Schema = typeof schema;
/** Both engines behind one type: everything above this module is engine-agnostic. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A function that works inside a transaction or directly on the database. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  engine: "pglite" | "postgres";
  /** Applies every migration in migrations/ that has not run yet. Safe when several processes start at once. */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATION_LOCK_KEY = 7_406_115_001; // arbitrary, fixed: serializes migrations across instances

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl === undefined || options.databaseUrl === "memory://") {
    return openPglite(options.databaseUrl === "memory://" ? undefined : options.dataDir);
  }
  return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
}

/**
 * PostgreSQL's settings for the embedded engine, sized for one small business's data (thousands
 * of bookings, not millions). PGlite keeps PostgreSQL's defaults, made for a server: 128 MB of
 * shared buffers alone grow its WebAssembly heap to ~320 MB resident, which it never gives back.
 * 16 MB still holds such a database whole (the suite's busiest is under 10 MB).
 */
const EMBEDDED_OPTIONS = { extensions: { btree_gist }, postgresqlconf: ["shared_buffers = 16MB", "maintenance_work_mem = 16MB"] };

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const release = dataDir === undefined ? () => {} : claimDataDir(dataDir);
  let client: PGlite;
  try {
    const dir = dataDir === undefined ? undefined : path.resolve(dataDir);
    // A new data directory starts as a copy of the template, when there is a current one (embeddedTemplate.ts).
    if (dir !== undefined && !fs.existsSync(path.join(dir, "PG_VERSION"))) copyTemplateTo(dir);
    client = await PGlite.create(dir, EMBEDDED_OPTIONS);
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    migrate: async () => {
      if (await schemaIsCurrent(async (query) => (await client.query<{ newest: string }>(query)).rows)) return;
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: async () => {
      await client.query("select 1");
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Makes the template fresh embedded data directories start from (embeddedTemplate.ts): a data
 * directory with btree_gist and every migration. No business, user or secret is in it: those are
 * made by each deployment's first start.
 */
export function makeEmbeddedTemplate(): Promise<void> {
  return replaceTemplate(async (dir) => {
    const client = await PGlite.create(dir, EMBEDDED_OPTIONS);
    try {
      await migratePglite(drizzlePglite(client, { schema }) as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.close();
    }
  });
}

/**
 * Whether every migration in migrations/ has run: drizzle's migrator applies those whose journal
 * instant (`when`, stored as created_at) is after the newest it recorded, so when the newest it
 * recorded is the journal's newest there is nothing to apply. One query instead of the migrator's
 * work (reading and hashing every file, a transaction; on a server also a client and a lock):
 * ~200 ms of every start. Any failure (no migrations table yet) says "not current".
 */
async function schemaIsCurrent(newestApplied: (query: string) => Promise<{ newest: string }[]>): Promise<boolean> {
  try {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: { when: number }[] };
    const [row] = await newestApplied("select coalesce(max(created_at), 0)::text as newest from drizzle.__drizzle_migrations");
    return Number(row?.newest ?? 0) >= Math.max(...journal.entries.map((entry) => entry.when));
  } catch {
    return false;
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db;
  return {
    db,
    engine: "postgres",
    migrate: async () => {
      if (await schemaIsCurrent((query) => client.unsafe<{ newest: string }[]>(query))) return;
      // A client of its own: one connection holds the lock while another migrates, whatever the
      // pool size (npm run migrate opens a pool of one).
      const migrator = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 10 });
      const lock = await migrator.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(migrator, { schema }) as never, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        try {
          await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
          lock.release();
        } finally {
          // Ending the client also drops the lock when the unlock itself failed (a lost connection).
          await migrator.end({ timeout: 5 });
        }
      }
    },
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle sends its queries unprepared, so postgres.js spends a round trip describing each one
 * before running it. Preparing them (per connection, by query text) makes a repeated query one
 * round trip: the conversation's hot path is a handful of query shapes run over and over.
 */
function preparing<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: postgres.Sql) => unknown;
          const method = Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown;
          return method.call(target, ...args, (tx: postgres.Sql) => work(preparing(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/** The PostgreSQL error code of a failed query, looking through drizzle's wrapper. */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The name of the constraint a failed query broke (postgres.js: constraint_name; PGlite: constraint), looking through drizzle's wrapper. */
export function pgConstraint(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const { constraint_name: name, constraint } = current as { constraint_name?: unknown; constraint?: unknown };
    if (typeof name === "string") return name;
    if (typeof constraint === "string") return constraint;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const PG_EXCLUSION_VIOLATION = "23P01";
export const PG_UNIQUE_VIOLATION = "23505";
export const PG_CHECK_VIOLATION = "23514";
