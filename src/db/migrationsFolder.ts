import path from "node:path";
import { APP_ROOT } from "../appRoot";

/** The SQL migrations drizzle-kit generated (migrations/ at the root, whether run from src/ or dist/). */
export const MIGRATIONS_FOLDER = path.join(APP_ROOT, "migrations");
