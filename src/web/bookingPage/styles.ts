/**
 * The booking page's CSS: the customers' pages' shared stylesheet and the page's own rules (the
 * services, the month, the times, the form), inlined and allowed by its hash in the page's CSP.
 */
import { BASE_CSS, cssHash } from "../shared/styles";

const OWN_CSS = `
header h1{margin-top:0}
header p{font-weight:400}
ul.services,ul.times,ul.links,ol.schedule{list-style:none;padding:0;margin:0}
ul.services li{border-top:1px solid #e3e6ea;padding:.75rem 0}
ul.services li:first-child{border-top:0}
ul.services li.chosen{border-left:.3rem solid #0b5cad;padding-left:.75rem}
h3{font-size:1rem;margin:0 0 .25rem}
ul.services p{margin:.1rem 0 .5rem}
nav.months{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:.5rem 0}
table.month{width:100%;border-collapse:collapse;table-layout:fixed}
table.month th{font-size:.8rem;color:#4a5360;font-weight:600;padding:.25rem 0}
table.month abbr{text-decoration:none}
table.month td{text-align:center;padding:.15rem}
.day{display:flex;align-items:center;justify-content:center;min-height:2.75rem;border-radius:.5rem}
a.day{background:#e8f0fa;font-weight:700;text-decoration:none}
a.day[aria-current]{background:#0b5cad;color:#fff}
.day.none{color:#4a5360}
ul.times{display:grid;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr));gap:.5rem}
ul.times a{display:block;text-align:center;border:1px solid #0b5cad;border-radius:.5rem;padding:.55rem .25rem;min-height:2.75rem;text-decoration:none;font-weight:600}
ul.times a[aria-current]{background:#0b5cad;color:#fff}
ol.schedule li{padding:.4rem 0;border-top:1px solid #e3e6ea}
ul.links li{margin:.4rem 0}
.field{margin:0 0 1rem}
input[type=text],input[type=tel],input[type=email],textarea{display:block;width:100%;font:inherit;min-height:2.75rem;padding:.4rem .6rem;border:1px solid #8a94a3;border-radius:.5rem}
input[aria-invalid],textarea[aria-invalid]{border-color:#a3210b;border-width:2px}
textarea:focus-visible{outline:3px solid #f2b01e;outline-offset:2px}
.hint{margin:0 0 .25rem;color:#4a5360;font-size:.9rem}
.error{margin:0 0 .25rem;color:#a3210b;font-weight:600}
.choices{display:grid;gap:.5rem;margin-bottom:1rem}
.choices label{display:flex;align-items:center;gap:.5rem;font-weight:400;border:1px solid #c3c9d2;border-radius:.5rem;padding:.5rem;min-height:2.75rem;margin:0}
.policy{font-weight:600}
.yours{font-weight:400}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export const BOOKING_CSS = BASE_CSS + OWN_CSS;

export const BOOKING_CSS_HASH = cssHash(BOOKING_CSS);
