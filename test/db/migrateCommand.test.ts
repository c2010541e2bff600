/**
 * npm run migrate as an operator runs it: on the engine this suite runs on (a database of its own on
 * the PostgreSQL server when DATABASE_URL is set, else an embedded data directory), twice.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

const root = path.resolve(__dirname, "../..");

function migrate(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run migrate", () => {
  it("applies the migrations, and again changes nothing", async () => {
    const serverUrl = process.env.DATABASE_URL;
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "silent" };
    let cleanUp: () => Promise<void>;
    let engine: string;
    if (serverUrl && serverUrl !== "memory://") {
      const name = `slotline_migrate_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      engine = "postgres";
      cleanUp = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-migrate-"));
      delete env.DATABASE_URL;
      env.DATA_DIR = dataDir;
      engine = "pglite";
      cleanUp = async () => fs.rmSync(dataDir, { recursive: true, force: true });
    }
    try {
      for (let run = 0; run < 2; run++) {
        const result = await migrate(env);
        expect(result).toEqual({ code: 0, output: `migrations applied (${engine})\n` });
      }
    } finally {
      await cleanUp();
    }
  }, 60000);
});
