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
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "info", ADMIN_TOKEN: "start-test-admin-token" };
    delete env.DATABASE_URL;
    // What npm start runs: the compiled server, built first when dist/ is missing or stale.
    const child = spawn(process.execPath, ["scripts/start.js"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    try {
      const ready = await waitForReady(`http://127.0.0.1:${port}/readyz`, child, 60000);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ok" });
      expect(output).toContain("created the demo business");
      expect(output).toContain(`Chat with it as a customer: npm run chat -- --port ${port}`);
      expect(output).toMatch(/Book as a customer on the web: http\S+\/b\/slotline-demo-salon\n/);

      // The embedded database is this server's alone: npm run jobs hands it the tick, a second server is refused.
      const jobs = await run(["scripts/jobs.ts"], env);
      expect(jobs.code).toBe(0);
      expect(JSON.parse(jobs.stdout.split("\n")[0]!)).toEqual(expect.objectContaining({ reminders: 0, expiredHolds: 0, calendarSync: 0 }));
      const second = await run(["src/main.ts"], { ...env, PORT: String(port + 1) });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`The embedded database in ${dataDir} is in use by another Slotline process (pid ${child.pid})`);
      const uninvited = await fetch(`http://127.0.0.1:${port}/internal/jobs/run`, { method: "POST", headers: { "x-slotline-local-token": "guess" } });
      expect(uninvited.status).toBe(403);

      await chatShowsTheBotsOwnMessages(port, { ...env, PORT: undefined });

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
  }, 120000);
});

/**
 * npm run chat -- --port: books by text, then, while the customer is idle at the prompt, staff
 * cancel the booking and the chat shows the bot's notice as it happens.
 */
async function chatShowsTheBotsOwnMessages(port: number, env: NodeJS.ProcessEnv): Promise<void> {
  const phone = "+15553300001";
  const chat = spawn(process.execPath, ["--import", "tsx", "scripts/chat.ts", "--port", String(port), "--phone", phone], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  let shown = "";
  chat.stdout!.on("data", (chunk) => (shown += chunk));
  chat.stderr!.on("data", (chunk) => (shown += chunk));
  const until = async (pattern: RegExp) => {
    const deadline = Date.now() + 20000;
    while (!pattern.test(shown)) {
      if (Date.now() > deadline) throw new Error(`the chat never showed ${pattern}:\n${shown}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await until(/Texting http:\/\/127\.0\.0\.1:\d+ as \+15553300001/);
    expect(shown).not.toContain("not shown");
    chat.stdin!.write("haircut next friday at 3pm\n");
    await until(/Book it\? \(yes\/no\)/);
    chat.stdin!.write("yes\n");
    await until(/bot> Booked/);
    const admin = { Authorization: "Bearer start-test-admin-token", "Content-Type": "application/json" };
    const { items } = (await (await fetch(`http://127.0.0.1:${port}/admin/bookings?phone=%2B${phone.slice(1)}`, { headers: admin })).json()) as { items: { id: string }[] };
    const cancel = await fetch(`http://127.0.0.1:${port}/admin/bookings/${items[0]!.id}/cancel`, { method: "POST", headers: admin, body: "{}" });
    expect(cancel.status).toBe(200);
    await until(/bot> Your .* has been cancelled by the business/);
  } finally {
    chat.stdin!.end();
    if (chat.exitCode === null) chat.kill("SIGTERM");
  }
}

describe("npm run chat -- --help", () => {
  it("explains its options and exits 0", async () => {
    const result = await run(["scripts/chat.ts", "--help"], { ...process.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run chat -- \[options\]/);
    for (const option of ["--port <n>", "--phone <number>", "--to <number>", "--whatsapp", "--help"]) expect(result.stdout).toContain(option);
  }, 30000);

  it("refuses a business number that is not E.164, naming the option, with exit code 2", async () => {
    const result = await run(["scripts/chat.ts", "--to", "5550002222"], { ...process.env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--to must be E.164");
  }, 30000);
});
