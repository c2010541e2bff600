/**
 * The console's browser bundle, built in memory with esbuild when first asked for (main.ts asks at
 * start): `npm start` serves it with no build step, the Docker image has it because it has src/, and
 * nothing stale can be left behind in dist/. Preact keeps it small (~40 KB of JavaScript gzipped, against a budget of 300 KB).
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { build } from "esbuild";
import { APP_ROOT } from "../../appRoot";

export interface ConsoleBundle {
  js: string;
  css: string;
  /** A content hash: the asset URLs carry it, so a browser never runs an old bundle against a new API. */
  version: string;
}

const APP_DIR = path.join(APP_ROOT, "src/web/console/app");

async function buildBundle(): Promise<ConsoleBundle> {
  const result = await build({
    entryPoints: [path.join(APP_DIR, "main.tsx")],
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    target: ["es2020"],
    jsx: "automatic",
    jsxImportSource: "preact",
    outdir: "out",
    tsconfig: path.join(APP_DIR, "tsconfig.json"),
    logLevel: "silent",
    legalComments: "none",
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"))?.text ?? "";
  const css = result.outputFiles.find((f) => f.path.endsWith(".css"))?.text ?? "";
  const version = createHash("sha256").update(js).update(css).digest("hex").slice(0, 12);
  return { js, css, version };
}

let bundle: Promise<ConsoleBundle> | undefined;

/** The bundle, built once per process (a failed build is retried on the next call). */
export function consoleBundle(): Promise<ConsoleBundle> {
  bundle ??= buildBundle().catch((error: unknown) => {
    bundle = undefined;
    throw error;
  });
  return bundle;
}

/** The page every /console address answers with: the app routes in the browser. */
export function consoleHtml(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Slotline console</title>
<link rel="stylesheet" href="/console/assets/app.css?v=${version}">
<script defer src="/console/assets/app.js?v=${version}"></script>
</head>
<body>
<div id="app"><noscript>The Slotline console needs JavaScript.</noscript></div>
</body>
</html>
`;
}
