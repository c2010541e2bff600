/**
 * parseMessage: what a customer's SMS says, as structured fields for the conversation machine.
 * Pure: no I/O, no clock (the instant comes in the context). Each recogniser lives in its own
 * module; this file fixes the order they run in, because earlier ones claim text the later ones
 * must not reuse (a promo code's digits are not a time; "option 2" is not 2 o'clock).
 */
import { leavesTimeOpen } from "./anyTime";
import { detectCommand } from "./commands";
import { detectIntent } from "./intents";
import { readWhen } from "./dates";
import { readNumbers } from "./numbers";
import { readReaction } from "./reactions";
import { findPromoCode } from "./promo";
import { matchServices } from "./services";
import { SERVICE_MARK, mask, normalize } from "./text";
import { countryOfTimezone, dateOrderOf } from "../../booking/country";
import type { ParseContext, ParsedMessage } from "./types";
import { detectYesNo } from "./yesno";

export type * from "./types";

export function parseMessage(text: string, ctx: ParseContext): ParsedMessage {
  const trimmed = text.trim();
  const normalized = normalize(trimmed);
  const parsed: ParsedMessage = { text: trimmed, services: [] };

  const reaction = readReaction(trimmed);
  if (reaction) {
    parsed.reaction = reaction;
    if (reaction !== "other") parsed.yesNo = reaction === "positive" ? "yes" : "no";
    return parsed;
  }

  const promo = findPromoCode(normalized, trimmed);
  const withoutPromo = promo ? mask(normalized, [promo.span]) : normalized;
  if (promo) parsed.promoCode = promo.code;

  const command = detectCommand(withoutPromo);
  if (command) parsed.command = command;

  const yesNo = detectYesNo(withoutPromo, trimmed);
  if (yesNo) parsed.yesNo = yesNo;

  const services = matchServices(withoutPromo, ctx.services);
  parsed.services = services.matches;
  if (services.unclear) parsed.serviceUnclear = true;

  const numbers = readNumbers(withoutPromo, services.spans);
  if (numbers.choice !== undefined) parsed.choice = numbers.choice;
  if (numbers.count !== undefined) parsed.count = numbers.count;

  const forDates = mask(mask(withoutPromo, numbers.spans), services.spans, SERVICE_MARK);
  const when = readWhen(forDates, ctx.now, ctx.timezone, ctx.dateOrder ?? dateOrderOf(countryOfTimezone(ctx.timezone)));
  Object.assign(parsed, when);
  if (!parsed.date && !parsed.dateRange && !parsed.time && !parsed.timeOfDay && leavesTimeOpen(withoutPromo)) parsed.anyTime = true;

  const intent = command && command !== "cancel" ? undefined : detectIntent(withoutPromo, trimmed, { staff: ctx.staff ?? [] });
  // "can I get a haircut tomorrow at 3?" is a booking, asked politely; "are you open Saturday?" still asks about the day.
  const asksToBook = parsed.services.length > 0 || parsed.time !== undefined || parsed.timeOfDay !== undefined || parsed.anyTime === true || parsed.choice !== undefined;
  const bookingWords = asksToBook || parsed.date !== undefined;
  // "thanks, see you Tuesday!" names a day and stays a courtesy; a service or a time makes it a request.
  if (intent && !(intent.kind === "question" && intent.topic === "other" && bookingWords) && !(intent.kind === "courtesy" && asksToBook) && !(intent.kind === "greeting" && bookingWords)) parsed.intent = intent;
  return parsed;
}
