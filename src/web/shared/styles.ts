/**
 * The customers' pages' CSS (the manage page and the booking page), inlined in a <style> element:
 * one request, nothing to cache. A strict Content-Security-Policy allows exactly the page's
 * stylesheet by its SHA-256 hash (cssHash), so an injected <style> would not apply even if escaping
 * ever failed.
 */
import { createHash } from "node:crypto";

export const BASE_CSS = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1b1f24;background:#f6f7f9;-webkit-text-size-adjust:100%}
body{margin:0}
main{max-width:34rem;margin:0 auto;padding:1rem}
header p{margin:0;color:#4a5360;font-weight:600}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
section,.card{background:#fff;border:1px solid #d5dae1;border-radius:.75rem;padding:1rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{color:#4a5360}
dd{margin:0;font-weight:600}
ol.sessions{list-style:none;padding:0;margin:0}
ol.sessions li{border-top:1px solid #e3e6ea;padding:.75rem 0}
ol.sessions li:first-child{border-top:0}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;background:#e8edf3;font-size:.875rem}
.notice{border-left:.3rem solid #1f6f43;background:#eef7f1}
.warning{border-left:.3rem solid #a3470b;background:#fdf3ec}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.75rem}
a{color:#0b5cad}
a.button,button{display:inline-block;min-height:2.75rem;padding:.6rem 1rem;border-radius:.5rem;border:1px solid #0b5cad;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
a.button{background:#fff;color:#0b5cad}
button{background:#0b5cad;color:#fff}
button.danger{background:#a3210b;border-color:#a3210b}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f2b01e;outline-offset:2px}
label{display:block;font-weight:600;margin-bottom:.25rem}
input[type=date]{font:inherit;min-height:2.75rem;padding:.4rem .6rem;border:1px solid #8a94a3;border-radius:.5rem}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;margin-bottom:.5rem}
.times{display:grid;grid-template-columns:repeat(auto-fill,minmax(6.5rem,1fr));gap:.5rem}
.times label{display:flex;align-items:center;gap:.4rem;font-weight:400;border:1px solid #c3c9d2;border-radius:.5rem;padding:.5rem;min-height:2.75rem;margin:0}
.muted{color:#4a5360}
nav.days{display:flex;justify-content:space-between;margin:.75rem 0}
`;

/** The CSP source that allows exactly this stylesheet: 'sha256-…' without the quotes. */
export function cssHash(css: string): string {
  return `sha256-${createHash("sha256").update(css).digest("base64")}`;
}
