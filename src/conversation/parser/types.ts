/** Shapes shared by the parser modules and by the conversation machine that consumes them. */
import type { DateOrder } from "../../booking/country";
import type { Intent } from "./intents";
export type { DateOrder };

export interface ServiceRef {
  id: string;
  name: string;
  aliases: string[];
}

export interface ParseContext {
  /** Staff names a question may mention ("is Robin in on Friday?"). */
  staff?: { id: string; name: string }[];
  /** The injected clock's instant; the parser never reads the system clock. */
  now: Date;
  /** IANA zone of the business, e.g. "America/New_York". All dates and times come out in it. */
  timezone: string;
  services: ServiceRef[];
  /** How the business's country writes numeric dates; unset: as its time zone's country does. */
  dateOrder?: DateOrder;
}

/** A calendar day in the business zone; month is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock time in the business zone, 24h. */
export interface LocalTime {
  hour: number;
  minute: number;
}

/** `backup`: "backup Friday 4pm", a second time to be moved to if the booked one is ever closed. */
export type Command = "stop" | "start" | "help" | "cancel" | "reschedule" | "my_bookings" | "start_over" | "backup";

export interface ServiceMatch {
  id: string;
  /** 1 = exact name or alias; lower for plurals, typos and partial names. */
  score: number;
}

export interface ParsedMessage {
  /** The trimmed original. */
  text: string;
  /** A tapback sent as text (`Liked “…”`): positive and negative ones also carry `yesNo`; nothing else is read. */
  reaction?: "positive" | "negative" | "other";
  command?: Command;
  yesNo?: "yes" | "no";
  /** 1-based pick from a list the bot offered. */
  choice?: number;
  /** How many (lessons, sessions, …) the customer wants. */
  count?: number;
  /** Best first; empty when none. */
  services: ServiceMatch[];
  /** The customer named a kind of service ("driving lessons") that only a generic word of ours matched: ask which. */
  serviceUnclear?: true;
  date?: LocalDate;
  /** "3/4" where the business's country writes dates both ways: the bot asks instead of guessing. */
  ambiguousDate?: { text: string; readings: [monthFirst: LocalDate, dayFirst: LocalDate] };
  dateRange?: { from: LocalDate; to: LocalDate };
  time?: LocalTime;
  approximate?: boolean;
  /** Minutes since local midnight, end exclusive. */
  timeOfDay?: { startMinute: number; endMinute: number };
  /** Upper-cased. */
  promoCode?: string;
  /** "whenever", "asap", "first available": no preference, offer the earliest free times. */
  anyTime?: true;
  /** A question, courtesy, greeting or notice for staff (intents.ts); a plain question naming nothing to book ("do you take walk-ins?") is only "other" when it asks for no service, day or time. */
  intent?: Intent;
}
