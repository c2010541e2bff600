/**
 * `npm run build`: the server as one CommonJS file, dist/main.js (esbuild; packages stay in
 * node_modules), so a start loads compiled JavaScript instead of transpiling ~300 TypeScript
 * files every time; and dist/embedded-template/, the database a fresh embedded data
 * directory starts from (src/db/embeddedTemplate.ts). Plain JavaScript on purpose: `npm start`
 * runs it with node alone.
 *
 * dist/build.json records fingerprints of what each was made from: the bundle from the content
 * of src/, tsconfig.json and the build's scripts; the template from migrations/, PGlite's
 * version and the code that makes it. ensureBuilt() compares them with the files as they are now and remakes only what
 * differs: a few milliseconds when current, whatever git or a copy did to modification times.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const BUNDLE = path.join(DIST, "main.js");
const TEMPLATE_MAKER = path.join(DIST, "embedded-template.js");
const STAMP = path.join(DIST, "build.json");
/** What the bundles are made from: src/ and these. */
const INPUTS = ["tsconfig.json", "scripts/build.js", "scripts/embeddedTemplate.ts"];
/** What the template is made from. */
const TEMPLATE_INPUTS = ["migrations", "node_modules/@electric-sql/pglite/package.json", "src/db/client.ts", "src/db/embeddedTemplate.ts"];

/** `entry` (relative to ROOT) if it is a file, else every file under it, in a stable order. */
function filesOf(entry) {
  if (!fs.statSync(path.join(ROOT, entry)).isDirectory()) return [entry];
  const out = [];
  for (const child of fs.readdirSync(path.join(ROOT, entry)).sort()) out.push(...filesOf(path.posix.join(entry, child)));
  return out;
}

/** A SHA-256 over the names and contents of the files: equal fingerprints, equal outputs. */
function fingerprintOf(entries) {
  const hash = crypto.createHash("sha256");
  for (const file of entries.flatMap(filesOf)) {
    hash.update(file).update("\0").update(fs.readFileSync(path.join(ROOT, file))).update("\0");
  }
  return hash.digest("hex");
}

function fingerprints() {
  return { sources: fingerprintOf(["src", ...INPUTS]), template: fingerprintOf(TEMPLATE_INPUTS) };
}

/** What dist/ was last built from ({} when nothing was). */
function built() {
  try {
    return fs.existsSync(BUNDLE) ? JSON.parse(fs.readFileSync(STAMP, "utf8")) : {};
  } catch {
    return {};
  }
}

/** Writes each [file, contents] to a temporary name, then renames it over the file. */
function writeAtomically(files) {
  fs.mkdirSync(DIST, { recursive: true });
  for (const [file, contents] of files) {
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, contents);
    fs.renameSync(temporary, file);
  }
}

/**
 * Builds dist/main.js (and its source map) from src/main.ts, and the template's maker; then the
 * template when its inputs changed. Each file is written beside its place and renamed over it, so
 * a second instance starting at the same moment never loads half a file. A template that cannot
 * be made is reported and skipped: fresh data directories are then made by initdb, as without one.
 */
function build(print = false, now = fingerprints(), before = built()) {
  const started = Date.now();
  const result = require("esbuild").buildSync({
    absWorkingDir: ROOT,
    entryPoints: { main: "src/main.ts", "embedded-template": "scripts/embeddedTemplate.ts" },
    outdir: DIST,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
  });
  writeAtomically(result.outputFiles.map((f) => [f.path, f.contents]));
  let template = before.template;
  if (template !== now.template) {
    const made = spawnSync(process.execPath, [TEMPLATE_MAKER], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    template = made.status === 0 ? now.template : undefined;
    if (made.status !== 0) process.stderr.write("The embedded database template was not made: fresh data directories will be made by initdb (slower).\n");
  }
  writeAtomically([[STAMP, JSON.stringify({ sources: now.sources, template }) + "\n"]]);
  if (print) process.stdout.write(`built dist/ in ${Date.now() - started} ms\n`);
}

/** Builds when dist/ is missing or was built from other files; returns whether it built. */
function ensureBuilt() {
  const now = fingerprints();
  const before = built();
  if (before.sources === now.sources && before.template === now.template) return false;
  build(false, now, before);
  return true;
}

module.exports = { BUNDLE, build, ensureBuilt };

if (require.main === module) build(true);
