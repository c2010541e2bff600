/**
 * A fresh embedded data directory starts as a copy of a template instead of running initdb: the
 * data directory of an empty database that initdb, btree_gist and every migration already made,
 * kept in dist/embedded-template/ (`npm run build` makes it). PGlite's initdb and the migrations
 * take ~7 s and leave ~150 MB more resident than opening a copy, which is a plain file copy.
 *
 * The template is used only while it matches: dist/embedded-template.json records the
 * fingerprint of what made it (PGlite's version and migrations/), checked at use. Without a
 * current template the directory is made as before, by initdb and the migrations.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { APP_ROOT } from "../appRoot";
import { MIGRATIONS_FOLDER } from "./migrationsFolder";

const TEMPLATE_DIR = path.join(APP_ROOT, "dist/embedded-template");
const STAMP_FILE = path.join(APP_ROOT, "dist/embedded-template.json");

/** SHA-256 over PGlite's version and every file of migrations/ (names and contents). */
function templateFingerprint(): string {
  const hash = createHash("sha256");
  const pglite = JSON.parse(fs.readFileSync(packageJsonOf("@electric-sql/pglite"), "utf8")) as { version: string };
  hash.update(`pglite ${pglite.version}\0`);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(path.relative(MIGRATIONS_FOLDER, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest("hex");
}

/** A package's own package.json, found from its entry point (its "exports" do not list the file). */
function packageJsonOf(name: string): string {
  for (let dir = path.dirname(require.resolve(name)); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === name) return file;
    if (path.dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
  }
}

/**
 * Copies the template into `dataDir` (missing or empty) when there is one made from the current
 * PGlite and migrations; else leaves `dataDir` to initdb. A copy that fails half-way (a full disk,
 * which initdb could not fill either) is removed again and its error thrown: the start stops with
 * the directory as it was.
 */
export function copyTemplateTo(dataDir: string): void {
  let stamp: { fingerprint?: string };
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP_FILE, "utf8")) as { fingerprint?: string };
  } catch {
    return;
  }
  if (stamp.fingerprint !== templateFingerprint() || !fs.existsSync(path.join(TEMPLATE_DIR, "PG_VERSION"))) return;
  try {
    fs.cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  } catch (error) {
    for (const entry of fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : []) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    throw error;
  }
}

/**
 * Makes the template with `make(dir)` (which leaves a closed PGlite data directory in `dir`) and
 * puts it in place with its stamp: made beside dist/embedded-template/ and renamed over it, so a
 * start copying at the same moment sees the old template or the new one, never half of one.
 */
export async function replaceTemplate(make: (dir: string) => Promise<void>): Promise<void> {
  const fingerprint = templateFingerprint();
  const fresh = `${TEMPLATE_DIR}.${process.pid}.tmp`;
  const old = `${TEMPLATE_DIR}.${process.pid}.old`;
  fs.rmSync(fresh, { recursive: true, force: true });
  try {
    await make(fresh);
    if (fs.existsSync(TEMPLATE_DIR)) fs.renameSync(TEMPLATE_DIR, old);
    fs.renameSync(fresh, TEMPLATE_DIR);
    fs.writeFileSync(STAMP_FILE, `${JSON.stringify({ fingerprint })}\n`);
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
    fs.rmSync(old, { recursive: true, force: true });
  }
}
