import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/client";
import { EmbeddedDatabaseInUse, announceServer, claimDataDir, liveOwner } from "../../src/db/embeddedOwner";

const ownerFile = (dir: string) => path.join(dir, "slotline-owner.json");
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-owner-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A real process of someone else's: alive until killed. */
function otherProcess() {
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  return { pid: child.pid!, stop: () => new Promise<void>((resolve) => (child.once("exit", () => resolve()), child.kill("SIGKILL"))) };
}

describe("the owner of an embedded data directory", () => {
  it("refuses a second claim while the first holds it, and allows one after release", () => {
    const release = claimDataDir(dir);
    expect(() => claimDataDir(dir)).toThrow(EmbeddedDatabaseInUse);
    release();
    expect(fs.existsSync(ownerFile(dir))).toBe(false);
    claimDataDir(dir)();
  });

  it("refuses a directory another live process holds, naming its pid", async () => {
    const other = otherProcess();
    try {
      fs.writeFileSync(ownerFile(dir), JSON.stringify({ pid: other.pid }));
      expect(() => claimDataDir(dir)).toThrow(`in use by another Slotline process (pid ${other.pid})`);
    } finally {
      await other.stop();
    }
  });

  it("takes over a file left by a process that died", async () => {
    const other = otherProcess();
    await other.stop();
    fs.writeFileSync(ownerFile(dir), JSON.stringify({ pid: other.pid }));
    const release = claimDataDir(dir);
    expect(JSON.parse(fs.readFileSync(ownerFile(dir), "utf8"))).toEqual({ pid: process.pid });
    release();
  });

  it("takes over a file naming its own pid that it does not hold (a container restarted as the same pid)", () => {
    fs.writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid }));
    expect(liveOwner(dir)).toBeUndefined();
    claimDataDir(dir)();
  });

  it("records the server's port and token for npm run jobs, only while it holds the directory", () => {
    announceServer(dir, { port: 3000, token: "t" });
    expect(fs.existsSync(ownerFile(dir))).toBe(false);
    const release = claimDataDir(dir);
    announceServer(dir, { port: 3000, token: "t" });
    expect(liveOwner(dir)).toEqual({ pid: process.pid, server: { port: 3000, token: "t" } });
    release();
  });

  it("lets exactly one of several processes starting at the same moment take the directory", async () => {
    const startAt = Date.now() + 4000;
    const script = `
      const { claimDataDir } = require(${JSON.stringify(path.resolve(__dirname, "../../src/db/embeddedOwner.ts"))});
      while (Date.now() < ${startAt}) {}
      try { claimDataDir(${JSON.stringify(dir)}); process.stdout.write("won"); setTimeout(() => {}, 1500); }
      catch (error) { process.stdout.write(error.name); }
    `;
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout!.on("data", (chunk) => (out += chunk));
        child.on("exit", () => resolve(out));
      })),
    );
    expect(outcomes.sort()).toEqual(["EmbeddedDatabaseInUse", "EmbeddedDatabaseInUse", "EmbeddedDatabaseInUse", "won"]);
  }, 30000);

  it("keeps a second embedded database from opening the same files until the first is closed", async () => {
    const first = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    try {
      await expect(openDatabase({ databaseUrl: undefined, dataDir: dir })).rejects.toBeInstanceOf(EmbeddedDatabaseInUse);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await again.ping();
    await again.close();
  }, 60000);
});
