/**
 * npm run jobs as a cron line runs it, pointed at a database without any business (it missed
 * DATA_DIR or DATABASE_URL): it fails loudly, naming the database, instead of ticking nothing.
 * Run from an empty working directory, so no .env is read.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "../support/database";

const root = path.resolve(__dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/loader.mjs");

function run(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", tsx, path.join(root, script)], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

let cwd: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-jobs-"));
});
afterEach(() => {
  fs.rmSync(cwd, { recursive: true, force: true });
});

const embedded = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  return env;
};
const noBusiness = (where: string) => `npm run jobs: ${where} holds no business, so there is nothing to tick: is DATA_DIR or DATABASE_URL the one the server uses?`;

describe("npm run jobs on a database without a business", () => {
  it("exits 1 naming the data directory, and does not create it, when DATA_DIR names nothing", async () => {
    const result = await run("scripts/jobs.ts", { ...embedded(), DATA_DIR: "./missing" }, cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([noBusiness(`the embedded database in ${path.join(cwd, "missing")} (DATA_DIR) (nothing there yet)`)]);
    expect(fs.existsSync(path.join(cwd, "missing"))).toBe(false);
  }, 60000);

  it("exits 1 naming the data directory of an embedded database that holds no business", async () => {
    const env = { ...embedded(), DATA_DIR: path.join(cwd, "data") };
    expect((await run("scripts/migrate.ts", env, cwd)).code).toBe(0);
    const result = await run("scripts/jobs.ts", env, cwd);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([noBusiness(`the embedded database in ${path.join(cwd, "data")} (DATA_DIR)`)]);
  }, 60000);

  const serverUrl = process.env.DATABASE_URL;
  (serverUrl && serverUrl !== "memory://" ? it : it.skip)("exits 1 naming the PostgreSQL database, without its password", async () => {
    const database = await createTestDatabase();
    try {
      const url = new URL(database.url);
      url.password = "not-to-be-printed";
      const result = await run("scripts/jobs.ts", { ...process.env, LOG_LEVEL: "silent", DATABASE_URL: url.toString() }, cwd);
      expect(result.code).toBe(1);
      url.password = "";
      expect(result.stderr.trim().split("\n")).toEqual([noBusiness(`the PostgreSQL database ${url.toString()} (DATABASE_URL)`)]);
    } finally {
      await database.destroy();
    }
  }, 60000);
});
