/**
 * The business's country (ISO 3166-1 alpha-2): it decides how a numeric date such as "3/4" is read
 * and written, and (for the booking page) the default phone region. Owners may set it; otherwise it
 * comes from the business's IANA time zone, whose tz database entry names the country.
 */
import { createRequire } from "node:module";
import type * as CountriesAndTimezones from "countries-and-timezones" with { "resolution-mode": "import" };

// The package ships its types only beside its ES module build, so this CommonJS project loads the
// CommonJS build by require and borrows the types.
const { getCountry, getCountryForTimezone }: typeof CountriesAndTimezones = createRequire(__filename)("countries-and-timezones");

/**
 * Month-first numeric dates ("3/4" = 4 March): the United States and the territories and freely
 * associated states that follow its usage, and the Philippines. Canada writes both orders, so a
 * Canadian "3/4" is asked about like one from an unknown country.
 */
const MONTH_FIRST = new Set(["US", "PR", "GU", "AS", "VI", "MP", "UM", "FM", "MH", "PW", "PH"]);
const BOTH_ORDERS = new Set(["CA"]);

/** How a country writes numeric dates: "MDY", "DMY", or "unknown" (ask when both readings are possible). */
export type DateOrder = "MDY" | "DMY" | "unknown";

/** The country a time zone belongs to, e.g. "Australia/Adelaide" → "AU"; undefined for "UTC", "Etc/…". */
export function countryOfTimezone(timezone: string): string | undefined {
  return getCountryForTimezone(timezone)?.id;
}

/** The business's country: the one it set, else its time zone's; undefined when neither says. */
export function businessCountry(business: { country: string | null; timezone: string }): string | undefined {
  return business.country ?? countryOfTimezone(business.timezone);
}

/** "AU" → true; anything that is not an ISO 3166-1 alpha-2 code in use → false. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && getCountry(code) !== null;
}

export function dateOrderOf(country: string | undefined): DateOrder {
  if (!country || BOTH_ORDERS.has(country)) return "unknown";
  return MONTH_FIRST.has(country) ? "MDY" : "DMY";
}
