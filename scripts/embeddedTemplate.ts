/**
 * Makes dist/embedded-template/, the database fresh embedded data directories start from
 * (src/db/embeddedTemplate.ts). Run by `npm run build` (scripts/build.js) when PGlite or
 * migrations/ changed; exits 1 with the reason when it cannot.
 */
import { makeEmbeddedTemplate } from "../src/db/client";

makeEmbeddedTemplate().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`could not make the embedded database template: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
