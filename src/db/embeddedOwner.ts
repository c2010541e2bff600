/**
 * Embedded PostgreSQL (PGlite) is a single-process database: two processes opening one data
 * directory would each run their own PostgreSQL on the same files and corrupt them. PGlite does
 * not guard against that, so we do: the process that opens a data directory writes its pid to an
 * owner file there, and any other process is refused with a line saying who holds it.
 *
 * A server also records its port and a random token in the file, so `npm run jobs` can ask the
 * server that holds the database to run the tick instead of opening the files itself.
 */
import fs from "node:fs";
import path from "node:path";

const OWNER_FILE = "slotline-owner.json";

export interface EmbeddedOwner {
  pid: number;
  /** Set by a serving process: where it listens, and the token its local jobs route accepts. */
  server?: { port: number; token: string };
}

export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: EmbeddedOwner,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Slotline process (pid ${owner.pid}). ` +
        "Embedded PostgreSQL serves one process: stop that one, or set DATABASE_URL to share a PostgreSQL server.",
    );
    this.name = "EmbeddedDatabaseInUse";
  }
}

/** Data directories this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

const ownerPath = (dataDir: string) => path.join(dataDir, OWNER_FILE);

/** The owner recorded in a data directory, when the process it names is still alive. */
export function liveOwner(dataDir: string): EmbeddedOwner | undefined {
  const dir = path.resolve(dataDir);
  let owner: EmbeddedOwner;
  try {
    owner = JSON.parse(fs.readFileSync(ownerPath(dir), "utf8")) as EmbeddedOwner;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(owner.pid)) return undefined;
  // Our own pid in a file we do not hold is a leftover of an earlier run (a container restarted as pid 1).
  if (owner.pid === process.pid) return heldHere.has(dir) ? owner : undefined;
  return isAlive(owner.pid) ? owner : undefined;
}

/**
 * Takes the data directory for this process, or throws EmbeddedDatabaseInUse. A file left by a
 * process that died (crash, kill -9) is taken over. Returns the release for close().
 */
export function claimDataDir(dataDir: string): () => void {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  // Checking the owner and writing ours must be one step, or two processes starting together
  // could both find no owner and both open the files: a mutex directory makes it one.
  return withMutex(dir, () => {
    const owner = liveOwner(dir);
    if (owner) throw new EmbeddedDatabaseInUse(dataDir, owner);
    fs.writeFileSync(ownerPath(dir), JSON.stringify({ pid: process.pid } satisfies EmbeddedOwner), { mode: 0o600 });
    heldHere.add(dir);
    return () => release(dir);
  });
}

/** A mutex held longer than this was left by a process that died inside the few lines it guards. */
const MUTEX_STALE_MS = 10_000;

function withMutex<T>(dir: string, critical: () => T): T {
  const mutex = path.join(dir, `${OWNER_FILE}.lock`);
  const deadline = Date.now() + 2 * MUTEX_STALE_MS;
  for (;;) {
    try {
      fs.mkdirSync(mutex);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > MUTEX_STALE_MS) fs.rmSync(mutex, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`could not take ${mutex}: another process holds it`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return critical();
  } finally {
    fs.rmSync(mutex, { recursive: true, force: true });
  }
}

/** Records where the serving process listens, so `npm run jobs` can hand it the tick. */
export function announceServer(dataDir: string, server: { port: number; token: string }): void {
  const dir = path.resolve(dataDir);
  if (!heldHere.has(dir)) return;
  const temporary = `${ownerPath(dir)}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify({ pid: process.pid, server } satisfies EmbeddedOwner), { mode: 0o600 });
  fs.renameSync(temporary, ownerPath(dir));
}

function release(dir: string): void {
  if (!heldHere.delete(dir)) return;
  try {
    const owner = JSON.parse(fs.readFileSync(ownerPath(dir), "utf8")) as EmbeddedOwner;
    if (owner.pid === process.pid) fs.rmSync(ownerPath(dir), { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
