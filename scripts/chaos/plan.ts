/**
 * Who the crash test's customers are and what they want: 100 distinct numbers; about a third book
 * the "Colour treatment" (paid by link), the rest a "Haircut" (paid at the appointment); about 15
 * cancel afterwards, some of them after paying. Times are a few days ahead, in hours when both of
 * the demo salon's staff work (Tue–Fri 10:00–17:00; Mon and Sat one of them), so some customers
 * want the same time and the bot must offer others.
 */
import { DateTime } from "luxon";
import { TIMEZONE } from "./replies";

export const CUSTOMERS = 100;

export interface Want {
  phone: string;
  service: "Haircut" | "Colour treatment";
  /** The words for the service, as a customer writes them. */
  serviceWords: string;
  /** Local days from today to ask for first (a later one after a failed try). */
  daysAhead: number;
  /** Local minutes after midnight. */
  minute: number;
  cancel: boolean;
  /** Varies the phrasing and the choices among offered times. */
  seed: number;
}

export function planCustomers(count = CUSTOMERS): Want[] {
  return Array.from({ length: count }, (_, i) => {
    const colour = i % 3 === 0;
    return {
      phone: `+1555710${String(i).padStart(4, "0")}`,
      service: colour ? "Colour treatment" : "Haircut",
      serviceWords: colour ? (i % 2 === 0 ? "colour treatment" : "color") : i % 2 === 0 ? "haircut" : "trim",
      daysAhead: 3 + (i % 10),
      // 10:00 to 15:30 on the half hour: a 90-minute colour still ends by 17:00.
      minute: 10 * 60 + 30 * ((i * 7) % 12),
      // Seven colour customers cancel after paying, nine haircut customers after booking.
      cancel: colour ? i % 15 === 0 : i % 12 === 1,
      seed: i,
    };
  });
}

/** "march 10 at 2:30pm" for the wanted day moved `shift` days on (Sundays skipped: nobody works). */
export function whenWords(want: Want, shift: number): string {
  let day = DateTime.now().setZone(TIMEZONE).startOf("day").plus({ days: want.daysAhead + shift });
  if (day.weekday === 7) day = day.plus({ days: 1 });
  const hour = Math.floor(want.minute / 60);
  const minutes = want.minute % 60;
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}${minutes === 0 ? "" : `:${String(minutes).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
  return `${day.toFormat("LLLL d").toLowerCase()} at ${clock}`;
}

const OPENINGS = [
  (what: string, when: string) => `can I get a ${what} on ${when}?`,
  (what: string, when: string) => `${what} ${when}`,
  (what: string, when: string) => `I'd like to book a ${what} on ${when} please`,
];

/** The whole request in one text, in one of a few phrasings; the plainest after failed tries. */
export function requestWords(want: Want, tries: number): string {
  const when = whenWords(want, Math.floor(tries / 2));
  const phrasing = tries === 0 ? OPENINGS[want.seed % OPENINGS.length]! : OPENINGS[1]!;
  return phrasing(tries === 0 ? want.serviceWords : want.service.toLowerCase(), when);
}
