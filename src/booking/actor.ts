/**
 * Who did something to a booking, as its history records it: the customer (by text or the booking
 * page), a console user, an API key (or ADMIN_TOKEN), or the system (a job, a payment event).
 */
export type Actor =
  | { kind: "customer" }
  | { kind: "user"; userId: string; name: string }
  | { kind: "api"; name: string }
  | { kind: "system"; name: string };

export const CUSTOMER: Actor = { kind: "customer" };

/** The system acting on its own: `name` says what (e.g. "hold expiry", "payment"). */
export function systemActor(name: string): Actor {
  return { kind: "system", name };
}
