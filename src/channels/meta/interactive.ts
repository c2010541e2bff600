/**
 * A reply in the contract's text format, as WhatsApp Cloud API message content: numbered choices
 * ("1) Tue 4 Mar, 10:00", each on its own line) become reply buttons (up to 3) or a list (up to
 * 10), a yes/no question becomes Yes and No buttons. A tap comes back as the id given here (the
 * choice's number, or yes/no), which the parser reads exactly as if the customer had typed it.
 * Anything else, or what WhatsApp's limits cannot hold, stays plain text the customer can answer.
 */

import { en } from "../../copy";
import { truncateGraphemes } from "../../graphemes";

/** WhatsApp's limits for interactive messages, in characters (UTF-16 units here, which never undercount). */
const BODY_MAX = 1024;
const BUTTON_TITLE_MAX = 20;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
const MAX_BUTTONS = 3;
const MAX_ROWS = 10;

const CHOICE_LINE = /^(\d{1,2})\) (.+)$/;
const YES_NO_END = /\s*\(yes\/no\)$/;

interface Button {
  type: "reply";
  reply: { id: string; title: string };
}

interface Row {
  id: string;
  title: string;
  description?: string;
}

export type WhatsAppContent =
  | { type: "text"; text: { body: string; preview_url: boolean } }
  | { type: "interactive"; interactive: { type: "button"; body: { text: string }; action: { buttons: Button[] } } }
  | { type: "interactive"; interactive: { type: "list"; body: { text: string }; action: { button: string; sections: { rows: Row[] }[] } } };

export function whatsappContent(body: string): WhatsAppContent {
  const text: WhatsAppContent = { type: "text", text: { body, preview_url: /https?:\/\//.test(body) } };
  const lines = body.split("\n");
  const choices = numberedChoices(lines);
  if (choices) {
    const prompt = [...lines.slice(0, choices.first), ...lines.slice(choices.first + choices.labels.length)].join("\n").trim() || en.choicePrompt();
    if (prompt.length > BODY_MAX || choices.labels.length > MAX_ROWS) return text;
    const buttonTitles = choices.labels.map((label) => shorten(label, BUTTON_TITLE_MAX));
    // Button titles must differ; shortened ones that collide go in a list, which shows them whole.
    if (choices.labels.length <= MAX_BUTTONS && new Set(buttonTitles).size === buttonTitles.length) {
      return buttons(prompt, buttonTitles.map((title, i) => ({ id: String(i + 1), title })));
    }
    const rows = choices.labels.map((label, i): Row => {
      const title = shorten(label, ROW_TITLE_MAX);
      return title === label ? { id: String(i + 1), title } : { id: String(i + 1), title, description: shorten(label, ROW_DESCRIPTION_MAX) };
    });
    return { type: "interactive", interactive: { type: "list", body: { text: prompt }, action: { button: en.choiceListButton(), sections: [{ rows }] } } };
  }
  if (YES_NO_END.test(body)) {
    const question = body.replace(YES_NO_END, "").trim();
    if (question.length === 0 || question.length > BODY_MAX) return text;
    return buttons(question, [
      { id: "yes", title: en.yesButton() },
      { id: "no", title: en.noButton() },
    ]);
  }
  return text;
}

/** The run of lines "1) …", "2) …", … numbered from 1 without a gap, when the reply has one. */
function numberedChoices(lines: string[]): { first: number; labels: string[] } | undefined {
  const first = lines.findIndex((line) => CHOICE_LINE.exec(line)?.[1] === "1");
  if (first < 0) return undefined;
  const labels: string[] = [];
  for (const line of lines.slice(first)) {
    const match = CHOICE_LINE.exec(line);
    if (!match || Number(match[1]) !== labels.length + 1) break;
    labels.push(match[2]!.trim());
  }
  return { first, labels };
}

function buttons(prompt: string, replies: { id: string; title: string }[]): WhatsAppContent {
  return { type: "interactive", interactive: { type: "button", body: { text: prompt }, action: { buttons: replies.map((reply) => ({ type: "reply", reply })) } } };
}

function shorten(label: string, max: number): string {
  return truncateGraphemes(label, max, "…");
}
