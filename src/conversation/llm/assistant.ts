/**
 * The contract between the conversation engine and an optional language model. The model only
 * reads a message the parser could not place and proposes what it means; the same machine then
 * decides, the booking core checks every slot, and the customer confirms before anything is booked.
 */
import type { ParsedMessage } from "../parser/types";

export interface LlmTurnInput {
  text: string;
  /** The conversation's state, e.g. "date_selected". */
  state: string;
  timezone: string;
  now: Date;
  services: { id: string; name: string; aliases: string[] }[];
  /** The numbered choices the customer was just shown, in order ("Tue 3 Mar, 10:00"). */
  offered: string[];
  /** The last few messages of this conversation, oldest first: no phone number, no name. */
  recent: { direction: "in" | "out"; body: string }[];
}

export interface LlmExtraction {
  /** What the model understood, in the parser's own terms. */
  parsed: Partial<Omit<ParsedMessage, "text">>;
  /** The validated answer as the model gave it, for the transcript. */
  raw: unknown;
  usage: { promptTokens: number; completionTokens: number } | null;
  latencyMs: number;
}

export type LlmResult = { ok: true; extraction: LlmExtraction } | { ok: false; reason: string; latencyMs: number };

export interface LanguageAssistant {
  /** Never throws and never takes longer than its bound: a failure is a result with a reason. */
  extract(input: LlmTurnInput): Promise<LlmResult>;
}
