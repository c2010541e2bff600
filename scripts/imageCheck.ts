/**
 * npm run image-check: proves the Dockerfile's image starts, on machines without a Docker daemon.
 * It follows the Dockerfile in a clean clone of HEAD: copies only what the image's COPY lines
 * copy, runs its npm steps (the production install), sets its ENV, then runs its CMD on a free
 * port with a temporary DATA_DIR (the image's /data volume) and waits for GET /readyz to answer
 * 200. One line and exit 0 when it does; what failed and exit 1 when anything does.
 *
 * RUN lines that are not npm commands (mkdir/chown of /data) are the container's own plumbing and
 * are skipped; the data directory they prepare is replaced by a temporary one. A multi-stage
 * build runs each earlier stage in a folder of its own, and COPY --from copies out of it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const READY_TIMEOUT_MS = 120_000;
/** The Dockerfile's WORKDIR, in every stage: COPY --from paths are under it. */
const WORKDIR = "/app";
/** Only what a build machine needs to reach the registry: the host's DATABASE_URL and the like stay out. */
const PASSED_THROUGH = ["PATH", "HOME", "TMPDIR", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];

class CheckFailed extends Error {}

/** The Dockerfile's instructions, continuation lines joined: [{ keyword: "RUN", args: "npm ci …" }]. */
function readDockerfile(text: string): { keyword: string; args: string }[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), args: rest.join(" ") };
    });
}

/** `ENV A=1 B=2` or `ENV A 1` → { A: "1", B: "2" }. */
function envPairs(args: string): Record<string, string> {
  if (!args.includes("=")) {
    const [name, ...value] = args.split(/\s+/);
    return { [name!]: value.join(" ") };
  }
  return Object.fromEntries(args.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1).replace(/^"(.*)"$/, "$1")]));
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function step(what: string): void {
  process.stdout.write(`image-check: ${what}\n`);
}

function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv): void {
  try {
    execFileSync("sh", ["-c", command], { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
  } catch {
    throw new CheckFailed(`the Dockerfile step "RUN ${command}" failed`);
  }
}

async function waitForReady(url: string, server: ChildProcess, output: () => string): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (server.exitCode !== null || server.signalCode !== null) throw new CheckFailed(`the start command exited (${server.exitCode ?? server.signalCode}) before /readyz answered:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return Date.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new CheckFailed(`GET /readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    server.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    server.kill("SIGTERM");
  });
}

async function check(work: string): Promise<string> {
  const repo = execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim();
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  const clone = path.join(work, "clone");
  const app = path.join(work, "app");
  const dataDir = path.join(work, "data");
  step(`cloning ${head.slice(0, 12)} (committed files only) into ${clone}`);
  execFileSync("git", ["clone", "--quiet", "--no-checkout", repo, clone], { stdio: "inherit" });
  execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: clone, stdio: "inherit" });
  fs.mkdirSync(app);
  fs.mkdirSync(dataDir);

  const base: NodeJS.ProcessEnv = Object.fromEntries(PASSED_THROUGH.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  const instructions = readDockerfile(fs.readFileSync(path.join(clone, "Dockerfile"), "utf8"));
  const finalStage = instructions.filter((i) => i.keyword === "FROM").length;
  /** Each stage's filesystem under WORKDIR; the last stage's is the image's. */
  const stages = new Map<string, string>();
  let stage = app;
  let imageEnv: Record<string, string> = {};
  let command: string[] | undefined;
  let stageIndex = 0;
  for (const { keyword, args } of instructions) {
    if (keyword === "FROM") {
      // A multi-stage build: an earlier stage (FROM … AS name) gets its own folder, the last one is the image.
      stageIndex++;
      const name = args.match(/\s+AS\s+(\S+)\s*$/i)?.[1];
      stage = stageIndex === finalStage ? app : fs.mkdtempSync(path.join(work, "stage-"));
      if (name) stages.set(name, stage);
      imageEnv = {};
      command = undefined;
    } else if (keyword === "ENV") Object.assign(imageEnv, envPairs(args));
    else if (keyword === "COPY") {
      const from = args.match(/--from=(\S+)/)?.[1];
      const parts = args.split(/\s+/).filter((p) => !p.startsWith("--"));
      const destination = parts[parts.length - 1]!;
      for (const source of parts.slice(0, -1)) {
        if (from === undefined) fs.cpSync(path.join(clone, source), path.join(stage, source), { recursive: true });
        else {
          const fromDir = stages.get(from);
          if (!fromDir || !source.startsWith(`${WORKDIR}/`)) throw new CheckFailed(`COPY --from=${from} ${source}: only an earlier stage's files under ${WORKDIR} can be copied`);
          fs.cpSync(path.join(fromDir, source.slice(WORKDIR.length + 1)), path.join(stage, destination), { recursive: true });
        }
      }
    } else if (keyword === "RUN" && /^npm\s/.test(args)) {
      step(`RUN ${args}`);
      runShell(args, stage, { ...base, ...imageEnv });
    } else if (keyword === "CMD") command = JSON.parse(args) as string[];
  }
  if (!command) throw new CheckFailed("the Dockerfile has no CMD in JSON form");

  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...base, ...imageEnv, PORT: String(port), DATA_DIR: dataDir };
  step(`CMD ${command.join(" ")} with NODE_ENV=${env.NODE_ENV ?? "(unset)"}, PORT=${port}, DATA_DIR=${dataDir}`);
  let output = "";
  const server = spawn(command[0]!, command.slice(1), { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  try {
    const ms = await waitForReady(`http://127.0.0.1:${port}/readyz`, server, () => output);
    return `image-check: ok: a clean clone of ${head.slice(0, 12)}, installed as the Dockerfile does, served /readyz in ${(ms / 1000).toFixed(1)} s`;
  } finally {
    await stopServer(server);
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "slotline-image-check-"));
  try {
    process.stdout.write(`${await check(work)}\n`);
  } catch (error) {
    process.stderr.write(`image-check failed: ${error instanceof CheckFailed ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
