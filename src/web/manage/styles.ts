/**
 * The manage page's CSS: the customers' pages' shared stylesheet (src/web/shared/styles.ts), allowed
 * by its hash in the page's strict Content-Security-Policy (no other style or script).
 */
import { BASE_CSS, cssHash } from "../shared/styles";

export const MANAGE_CSS = BASE_CSS;

export const MANAGE_CSS_HASH = cssHash(MANAGE_CSS);
