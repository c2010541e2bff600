/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one. Each prints lines like
 * `availability p50 12.3 ms p95 20.1 ms`. Benchmarks are never part of `npm test`.
 */

import * as availability from "./bench/availability";
import * as startup from "./bench/startup";
import * as tenants from "./bench/tenants";
import * as webhook from "./bench/webhook";

/** Each bench module exports `run()`, which prints its lines and releases everything it opened. */
const BENCHES: Record<string, () => Promise<void>> = {
  availability: availability.run,
  webhook: webhook.run,
  tenants: tenants.run,
  startup: startup.run,
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (argv.length > 1 || (name !== undefined && !Object.hasOwn(BENCHES, name))) {
    console.error(`usage: npm run bench [-- <${Object.keys(BENCHES).join("|")}>]`);
    return 2;
  }
  const names = name === undefined ? Object.keys(BENCHES) : [name];
  for (const each of names) {
    await BENCHES[each]!();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
