import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "..");

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error("server did not answer in time");
}

/** Runs a TypeScript entry point to its end. */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm start", () => {
  it("migrates the embedded database, seeds the demo business, serves /readyz, runs npm run jobs' tick for it and stops cleanly on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-start-"));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info" };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
      const ready = await waitForReady(`http://127.0.0.1:${port}/readyz`, child, 60000);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ok" });
      expect(output).toContain("created the demo business");
      expect(output).toContain("npm run chat");

      // The embedded database is this server's alone: npm run jobs hands it the tick, a second server is refused.
      const jobs = await run(["scripts/jobs.ts"], env);
      expect(jobs.code).toBe(0);
      expect(JSON.parse(jobs.stdout.split("\n")[0]!)).toEqual(expect.objectContaining({ reminders: 0, expiredHolds: 0, calendarSync: 0 }));
      const second = await run(["src/main.ts"], { ...env, PORT: String(port + 1) });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The embedded database in ${dataDir} is in use by another Slotline process (pid ${child.pid})`);
      const uninvited = await fetch(`http://127.0.0.1:${port}/internal/jobs/run`, { method: "POST", headers: { "x-slotline-local-token": "guess" } });
      expect(uninvited.status).toBe(403);

      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(output).toContain("stopped");
      expect(fs.existsSync(path.join(dataDir, "PG_VERSION"))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, "slotline-owner.json"))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90000);
});
