/**
 * What a language model may extract from a customer's message, as one schema: the JSON schema
 * sent for structured output (strict: every field present, null when absent) and the zod schema
 * that checks the answer, then the pure mapping into the parser's own terms.
 */
import { DateTime } from "luxon";
import { z } from "zod";
import type { ParsedMessage, ServiceRef } from "../parser/types";

export const INTENTS = ["book", "choose", "confirm", "decline", "cancel", "reschedule", "list_bookings", "start_over", "other"] as const;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const extractionSchema = z
  .object({
    intent: z.enum(INTENTS),
    service: z.string().min(1).max(200).nullable(),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    time: clockTime.nullable(),
    timeRange: z.object({ from: clockTime, to: clockTime }).strict().nullable(),
    count: z.number().int().min(1).max(100).nullable(),
    choice: z.number().int().min(1).max(50).nullable(),
    name: z.string().max(200).nullable(),
  })
  .strict();

export type Extraction = z.infer<typeof extractionSchema>;

const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: "null" }] });
const hhmm = { type: "string", description: "24-hour local time, HH:MM" };

/** The same shape as JSON Schema, in the strict subset OpenAI's structured output accepts. */
export const extractionJsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["intent", "service", "date", "time", "timeRange", "count", "choice", "name"],
  properties: {
    intent: { type: "string", enum: [...INTENTS], description: "confirm/decline answer a yes/no question; choose picks a numbered option" },
    service: nullable({ type: "string", description: "exactly one of the business's service names" }),
    date: nullable({ type: "string", description: "the wanted day, YYYY-MM-DD, in the business's time zone" }),
    time: nullable(hhmm),
    timeRange: nullable({ type: "object", additionalProperties: false, required: ["from", "to"], properties: { from: hhmm, to: hhmm } }),
    count: nullable({ type: "integer", description: "how many sessions or lessons" }),
    choice: nullable({ type: "integer", description: "the number of the option picked from the offered list" }),
    name: nullable({ type: "string", description: "the name the customer gives for themselves" }),
  },
} as const;

const COMMANDS: Partial<Record<Extraction["intent"], NonNullable<ParsedMessage["command"]>>> = {
  cancel: "cancel",
  reschedule: "reschedule",
  list_bookings: "my_bookings",
  start_over: "start_over",
};

/**
 * The extraction in the parser's terms. Anything the model says that the business does not have
 * (a service by another name, an impossible date, a range that ends before it starts) is dropped,
 * never guessed at: the machine then asks, as it would without a model.
 */
export function toParsed(extraction: Extraction, services: ServiceRef[]): Partial<Omit<ParsedMessage, "text">> {
  const parsed: Partial<Omit<ParsedMessage, "text">> = {};
  const command = COMMANDS[extraction.intent];
  if (command) parsed.command = command;
  if (extraction.intent === "confirm") parsed.yesNo = "yes";
  if (extraction.intent === "decline") parsed.yesNo = "no";
  const wanted = extraction.service?.trim().toLowerCase();
  const service = wanted ? services.find((s) => s.name.toLowerCase() === wanted || s.aliases.some((a) => a.toLowerCase() === wanted)) : undefined;
  parsed.services = service ? [{ id: service.id, score: 1 }] : [];
  if (extraction.date) {
    const day = DateTime.fromISO(extraction.date);
    if (day.isValid) parsed.date = { year: day.year, month: day.month, day: day.day };
  }
  if (extraction.time) parsed.time = clock(extraction.time);
  if (extraction.timeRange && !extraction.time) {
    const from = minutes(extraction.timeRange.from);
    const to = minutes(extraction.timeRange.to);
    if (to > from) parsed.timeOfDay = { startMinute: from, endMinute: to };
  }
  if (extraction.count !== null) parsed.count = extraction.count;
  if (extraction.choice !== null) parsed.choice = extraction.choice;
  return parsed;
}

function clock(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(":").map(Number);
  return { hour: hour!, minute: minute! };
}

function minutes(hhmm: string): number {
  const { hour, minute } = clock(hhmm);
  return hour * 60 + minute;
}
