/**
 * A tiny HTML template: `html\`<p>${text}</p>\`` escapes every interpolated value unless it is
 * already Html (another template, or `raw` for markup we wrote ourselves). Arrays are joined;
 * null, undefined and false render nothing, so `${cond && html\`…\`}` reads naturally.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup written by us (never anything a customer, staff member or business typed). */
export function raw(markup: string): Html {
  return new Html(markup);
}
