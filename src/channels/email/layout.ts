/**
 * An email's words (copy's EmailContent) as its two parts: plain text, and HTML that reads well in
 * a phone's mail app — one column at most 560 px wide, inline styles only (mail apps drop <style>
 * and never run scripts), system fonts, a real link behind the button for apps that show no buttons.
 */
import type { EmailContent } from "../../copy";

export function plainText(mail: EmailContent): string {
  const blocks = [
    mail.heading,
    ...mail.paragraphs,
    mail.details.map((d) => `${d.label}: ${d.value}`).join("\n"),
    [mail.action, ...(mail.links ?? [])].filter((l) => l !== undefined).map((l) => `${l.label}: ${l.url}`).join("\n"),
    mail.footer.length > 0 ? `--\n${mail.footer.join("\n")}` : "",
  ];
  return `${blocks.filter((b) => b !== "").join("\n\n")}\n`;
}

export function html(mail: EmailContent): string {
  const paragraphs = mail.paragraphs.map((p) => `<p style="margin:0 0 14px">${escape(p)}</p>`).join("");
  const details =
    mail.details.length === 0
      ? ""
      : `<table role="presentation" style="border-collapse:collapse;margin:8px 0 18px;width:100%">${mail.details
          .map((d) => `<tr><td style="padding:6px 12px 6px 0;color:#555;vertical-align:top;white-space:nowrap">${escape(d.label)}</td><td style="padding:6px 0;vertical-align:top">${escape(d.value)}</td></tr>`)
          .join("")}</table>`;
  const action = mail.action
    ? `<p style="margin:18px 0"><a href="${escape(mail.action.url)}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block;font-weight:600">${escape(mail.action.label)}</a></p>`
    : "";
  const links = (mail.links ?? []).map((l) => `<p style="margin:0 0 12px"><a href="${escape(l.url)}" style="color:#1d4ed8">${escape(l.label)}</a></p>`).join("");
  const footer = mail.footer.map((f) => `<p style="margin:0 0 6px">${linkify(escape(f))}</p>`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(mail.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5"><div style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b">
<div style="background:#ffffff;border-radius:8px;padding:24px"><h1 style="font-size:20px;margin:0 0 16px">${escape(mail.heading)}</h1>${paragraphs}${details}${action}${links}</div>
<div style="color:#71717a;font-size:13px;padding:16px 4px">${footer}</div></div></body></html>
`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A footer's bare URL (the unsubscribe link) as a link; the text is already escaped. */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" style="color:#71717a">${url}</a>`);
}
