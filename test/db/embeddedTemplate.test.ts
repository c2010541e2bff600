/**
 * A fresh embedded data directory starts as a copy of dist/embedded-template/ while that template
 * matches the migrations, and by initdb and the migrations when it does not.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Database, makeEmbeddedTemplate, openDatabase } from "../../src/db/client";
import { MIGRATIONS_FOLDER } from "../../src/db/migrationsFolder";

const STAMP = path.resolve(__dirname, "../../dist/embedded-template.json");
const migrationCount = (JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

/** The `n` of a one-row count query (PGlite answers { rows }). */
async function count(database: Database, query: string): Promise<number> {
  const result = (await database.db.execute(query)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

/** How many migrations the database in `dataDir` had recorded when it was opened, before any migrate(). */
async function recordedAtOpen(dataDir: string): Promise<number> {
  const database = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    const recorded = await count(database, "select count(*)::int as n from drizzle.__drizzle_migrations").catch(() => 0);
    await database.migrate();
    // Either way the schema is whole: the exclusion constraint's extension is there.
    expect(await count(database, "select count(*)::int as n from pg_extension where extname = 'btree_gist'")).toBe(1);
    return recorded;
  } finally {
    await database.close();
  }
}

describe("the embedded database template", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-template-"));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("gives a new data directory every migration without running them, and is not used once the migrations differ", async () => {
    await makeEmbeddedTemplate();
    expect(await recordedAtOpen(freshDir())).toBe(migrationCount);

    const stamp = fs.readFileSync(STAMP, "utf8");
    try {
      fs.writeFileSync(STAMP, JSON.stringify({ fingerprint: "made from other migrations" }));
      expect(await recordedAtOpen(freshDir())).toBe(0);
    } finally {
      fs.writeFileSync(STAMP, stamp);
    }
  }, 60_000);
});
