/** Every sentence a customer or staff member reads, by message id, per language; and how dates, prices and choices are written. */
import { en } from "./en";
import type { Messages } from "./messages";

export { en } from "./en";
export type * from "./emailMessages";
export * from "./format";
export type * from "./messages";

/** The catalog in a language the business speaks; English until a second language implements `Messages`. */
export function messagesFor(_language: string): Messages {
  return en;
}
