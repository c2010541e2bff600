/**
 * One Node process of the product, started as `node --import tsx <script>`: a single process (the
 * `tsx` command would fork a second one, and SIGKILL on the wrapper would leave the real one
 * running). Its last lines of output are kept, to say why it failed.
 */
import { type ChildProcess, spawn } from "node:child_process";

const KEPT_LINES = 40;

export interface NodeChild {
  pid: number | undefined;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** Whether the process has ended. */
  readonly done: boolean;
  /** The last lines it printed (stdout and stderr together). */
  output(): string;
  /** SIGKILL: no cleanup, no goodbye, as a crash or an OOM kill. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not stopped after `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

export function spawnNode(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): NodeChild {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter((line) => line.trim() !== ""));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      done = true;
      resolve(code);
    });
    child.on("error", (error) => {
      lines.push(`spawn failed: ${error.message}`);
      done = true;
      resolve(null);
    });
  });
  return {
    pid: child.pid,
    exited,
    get done() {
      return done;
    },
    output: () => lines.join("\n"),
    kill: async () => {
      if (!done) child.kill("SIGKILL");
      await exited;
    },
    stop: async (graceMs) => {
      if (done) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The environment a child gets: this process's, without any of the product's variables (a
 * developer's DATABASE_URL or STRIPE_SECRET_KEY must not leak in), plus the crash test's own.
 */
export function childEnv(productVariables: readonly string[], own: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of productVariables) delete env[name];
  return { ...env, ...own };
}
