/**
 * The folder that holds package.json: the checkout, or /app in the image. Files read at run time
 * (migrations/, the booking page's script, the console's sources) are found from here, because
 * __dirname differs between the sources run by tsx (src/db/…) and the bundle `npm start` runs (dist/).
 */
import fs from "node:fs";
import path from "node:path";

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const APP_ROOT = findRoot(__dirname);
