/**
 * Who did something to a booking, as its history records it: the customer (by text or the booking
 * page), a console user, an API key (or ADMIN_TOKEN), or the system (a job, a payment event).
 */
export type Actor =
  /** `via`: the channel they used (sms, whatsapp) or the booking page (web), when known. */
  | { kind: "customer"; via?: "sms" | "whatsapp" | "web" }
  | { kind: "user"; userId: string; name: string }
  | { kind: "api"; name: string }
  | { kind: "system"; name: string };

/** The customer, acting through a channel or the booking page. */
export function customerVia(via: "sms" | "whatsapp" | "web"): Actor {
  return { kind: "customer", via };
}

/** The system acting on its own: `name` says what (e.g. "hold expiry", "payment"). */
export function systemActor(name: string): Actor {
  return { kind: "system", name };
}
