/**
 * The booking page's script (enhance.js, plain browser JavaScript, no build step), read once and
 * served at an address carrying its content hash, so it can be cached for good and never go stale.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { APP_ROOT } from "../../appRoot";

const source = fs.readFileSync(path.join(APP_ROOT, "src/web/bookingPage/enhance.js"), "utf8");

export const BOOKING_SCRIPT = {
  source,
  /** The file name the page links to: enhance.<hash>.js. */
  name: `enhance.${createHash("sha256").update(source).digest("hex").slice(0, 12)}.js`,
};
