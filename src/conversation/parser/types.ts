/** Shapes shared by the parser modules and by the conversation machine that consumes them. */

export interface ServiceRef {
  id: string;
  name: string;
  aliases: string[];
}

export interface ParseContext {
  /** The injected clock's instant; the parser never reads the system clock. */
  now: Date;
  /** IANA zone of the business, e.g. "America/New_York". All dates and times come out in it. */
  timezone: string;
  services: ServiceRef[];
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
  command?: Command;
  yesNo?: "yes" | "no";
  /** 1-based pick from a list the bot offered. */
  choice?: number;
  /** How many (lessons, sessions, …) the customer wants. */
  count?: number;
  /** Best first; empty when none. */
  services: ServiceMatch[];
  date?: LocalDate;
  dateRange?: { from: LocalDate; to: LocalDate };
  time?: LocalTime;
  approximate?: boolean;
  /** Minutes since local midnight, end exclusive. */
  timeOfDay?: { startMinute: number; endMinute: number };
  /** Upper-cased. */
  promoCode?: string;
  /** "whenever", "asap", "first available": no preference, offer the earliest free times. */
  anyTime?: true;
}
