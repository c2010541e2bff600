/**
 * scripts/build.js: npm start rebuilds dist/main.js exactly when the sources changed. Run on a
 * copy of the build's inputs (src/, tsconfig.json, the script), so the checkout's dist/ is not touched.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");

function ensureBuilt(copy: string): boolean {
  const out = execFileSync(process.execPath, ["-e", "process.stdout.write(String(require('./scripts/build.js').ensureBuilt()))"], { cwd: copy, encoding: "utf8" });
  return out === "true";
}

describe("npm start's build", () => {
  let copy: string;

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-build-"));
    for (const entry of ["src", "scripts", "migrations", "tsconfig.json", "package.json"]) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"));
  });

  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  it("builds when dist/ is missing, not again while the sources are unchanged, and again after a change whatever its modification time", () => {
    expect(ensureBuilt(copy)).toBe(true);
    const bundle = path.join(copy, "dist/main.js");
    expect(fs.readFileSync(bundle, "utf8")).toContain("Slotline could not start");
    expect(ensureBuilt(copy)).toBe(false);

    // An edit whose file keeps an old modification time (a copy that preserved it, a checkout) still counts.
    const main = path.join(copy, "src/main.ts");
    const { mtime } = fs.statSync(main);
    fs.appendFileSync(main, '\n(globalThis as Record<string, unknown>).buildTestMarker = "BUILD_TEST_MARKER";\n');
    fs.utimesSync(main, mtime, mtime);
    expect(ensureBuilt(copy)).toBe(true);
    expect(fs.readFileSync(bundle, "utf8")).toContain("BUILD_TEST_MARKER");

    // A new file is a change too.
    fs.writeFileSync(path.join(copy, "src/unused.ts"), "export {};\n");
    expect(ensureBuilt(copy)).toBe(true);
    expect(ensureBuilt(copy)).toBe(false);
  });
});
