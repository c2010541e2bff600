/**
 * Specification of the booking lifecycle (src/booking/lifecycle.ts): every status × action pair,
 * checked against a table written out here independently of the implementation.
 */
import { InvalidTransition } from "../../src/booking/errors";
import { type BookingAction, LIVE_STATUSES, UPCOMING_STATUSES, canTransition, nextStatus } from "../../src/booking/lifecycle";
import { BOOKING_STATUSES, type BookingStatus } from "../../src/db/schema";

const ACTIONS: readonly BookingAction[] = ["confirm", "approve", "reject", "cancel", "complete", "no_show", "expire", "revive", "reschedule"];

/** The allowed transitions; every pair not listed is forbidden. */
const ALLOWED: Record<BookingAction, Partial<Record<BookingStatus, BookingStatus>>> = {
  confirm: { held: "confirmed", pending_payment: "confirmed", pending_approval: "confirmed" },
  approve: { pending_approval: "confirmed" },
  reject: { pending_approval: "cancelled" },
  cancel: { held: "cancelled", pending_payment: "cancelled", pending_approval: "cancelled", confirmed: "cancelled" },
  complete: { confirmed: "completed" },
  no_show: { confirmed: "no_show" },
  expire: { held: "expired", pending_payment: "expired", pending_approval: "expired" },
  revive: { expired: "confirmed" },
  reschedule: { held: "held", pending_payment: "pending_payment", pending_approval: "pending_approval", confirmed: "confirmed" },
};

/** How the error message names each action. */
const VERB: Record<BookingAction, string> = {
  confirm: "confirmed",
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
  complete: "completed",
  no_show: "marked as a no-show",
  expire: "expired",
  revive: "confirmed after its hold lapsed",
  reschedule: "rescheduled",
};

const allowedPairs = ACTIONS.flatMap((action) =>
  BOOKING_STATUSES.filter((status) => ALLOWED[action][status] !== undefined).map((status) => [status, action, ALLOWED[action][status]!] as const),
);
const forbiddenPairs = ACTIONS.flatMap((action) =>
  BOOKING_STATUSES.filter((status) => ALLOWED[action][status] === undefined).map((status) => [status, action] as const),
);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("nextStatus", () => {
  it("covers all 72 status × action pairs between the allowed and forbidden tables", () => {
    expect(BOOKING_STATUSES).toHaveLength(8);
    expect(allowedPairs.length + forbiddenPairs.length).toBe(72);
    expect(allowedPairs).toHaveLength(19);
  });

  describe("allowed transitions", () => {
    it.each(allowedPairs)("lets a %s booking be %s'd, becoming %s", (status, action, expected) => {
      expect(nextStatus("b-1", status, action)).toBe(expected);
      expect(canTransition(status, action)).toBe(true);
    });
  });

  describe("forbidden transitions", () => {
    it.each(forbiddenPairs)("refuses to let a %s booking be %s'd (InvalidTransition)", (status, action) => {
      const error = thrown(() => nextStatus("b-1", status, action));
      expect(error).toBeInstanceOf(InvalidTransition);
      expect(canTransition(status, action)).toBe(false);
    });
  });

  it("refuses to complete a cancelled booking with InvalidTransition", () => {
    expect(() => nextStatus("b-42", "cancelled", "complete")).toThrow(InvalidTransition);
    const error = thrown(() => nextStatus("b-42", "cancelled", "complete")) as InvalidTransition;
    expect(error.code).toBe("invalid_transition");
    expect(error.bookingId).toBe("b-42");
    expect(error.from).toBe("cancelled");
    expect(error.action).toBe("completed");
    expect(error.message).toBe("A cancelled booking cannot be completed");
  });

  it.each(ACTIONS)("words the refusal of %s in plain language", (action) => {
    // Every action but revive is refused for an expired booking; revive is refused for a completed one.
    const from = action === "revive" ? "completed" : "expired";
    const error = thrown(() => nextStatus("b-1", from, action)) as InvalidTransition;
    expect(error.message).toBe(`A ${from} booking cannot be ${VERB[action]}`);
  });

  it("spells out multi-word statuses in the refusal", () => {
    const error = thrown(() => nextStatus("b-1", "pending_payment", "complete")) as InvalidTransition;
    expect(error.message).toBe("A pending payment booking cannot be completed");
    expect(error.from).toBe("pending_payment");
  });

  it("keeps the status when a booking is rescheduled", () => {
    for (const status of UPCOMING_STATUSES) expect(nextStatus("b-1", status, "reschedule")).toBe(status);
  });

  it("lets only a booking awaiting approval be approved or rejected", () => {
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "approve"))).toEqual(["pending_approval"]);
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "reject"))).toEqual(["pending_approval"]);
  });

  it("lets only a confirmed booking be completed or marked as a no-show", () => {
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "complete"))).toEqual(["confirmed"]);
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "no_show"))).toEqual(["confirmed"]);
  });

  it("does not let a confirmed booking expire", () => {
    expect(() => nextStatus("b-1", "confirmed", "expire")).toThrow(InvalidTransition);
  });

  it.each(["completed", "cancelled", "no_show"] as const)("treats %s as final: no action applies", (status) => {
    for (const action of ACTIONS) {
      expect(canTransition(status, action)).toBe(false);
      expect(() => nextStatus("b-1", status, action)).toThrow(InvalidTransition);
    }
  });

  it("lets an expired booking only be revived, to confirmed, when its late payment arrives", () => {
    expect(ACTIONS.filter((action) => canTransition("expired", action))).toEqual(["revive"]);
    expect(nextStatus("b-1", "expired", "revive")).toBe("confirmed");
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "revive"))).toEqual(["expired"]);
  });

  it("refuses to confirm or cancel twice", () => {
    expect(() => nextStatus("b-1", nextStatus("b-1", "held", "confirm"), "confirm")).toThrow(InvalidTransition);
    expect(() => nextStatus("b-1", nextStatus("b-1", "confirmed", "cancel"), "cancel")).toThrow(InvalidTransition);
  });
});

describe("status groups", () => {
  it("counts everything but cancelled and expired as live (holding its time)", () => {
    expect([...LIVE_STATUSES].sort()).toEqual(BOOKING_STATUSES.filter((s) => s !== "cancelled" && s !== "expired").sort());
  });

  it("counts held, pending and confirmed bookings as upcoming", () => {
    expect([...UPCOMING_STATUSES].sort()).toEqual(["confirmed", "held", "pending_approval", "pending_payment"]);
  });

  it("has every upcoming status live", () => {
    for (const status of UPCOMING_STATUSES) expect(LIVE_STATUSES).toContain(status);
  });

  it("lets exactly the upcoming statuses be cancelled or rescheduled", () => {
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "cancel"))).toEqual([...UPCOMING_STATUSES]);
    expect(BOOKING_STATUSES.filter((s) => canTransition(s, "reschedule"))).toEqual([...UPCOMING_STATUSES]);
  });
});
