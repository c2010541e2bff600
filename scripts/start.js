/**
 * `npm start` and the image's CMD: runs the compiled server (dist/main.js), building it first
 * when it is missing or older than the sources (scripts/build.js), so a checkout needs no build
 * step of its own and an edited source is never served stale.
 */
"use strict";
const { BUNDLE, ensureBuilt } = require("./build.js");

try {
  if (ensureBuilt()) process.stdout.write("Built the server (dist/main.js) from src/.\n");
} catch (error) {
  process.stderr.write(`Slotline could not build the server from src/: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
// Stack traces name the TypeScript sources, not the bundle's lines.
process.setSourceMapsEnabled(true);
require(BUNDLE);
