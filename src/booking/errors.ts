import type { LocalDate } from "./time";

/** The booking core's failures, as values with meaning. HTTP and the conversation map them at the edge. */
export abstract class BookingError extends Error {
  abstract readonly code: string;
}

export class SlotTaken extends BookingError {
  readonly code = "slot_taken";
  constructor(readonly start: Date) {
    super(`The time ${start.toISOString()} is already taken`);
  }
}

/** The time is not one the business offers: outside working hours, blocked, off the slot grid. */
export class SlotUnavailable extends BookingError {
  readonly code = "slot_unavailable";
  constructor(readonly start: Date, readonly reason: "outside_hours" | "too_soon" | "beyond_horizon" | "in_the_past") {
    super(`The time ${start.toISOString()} cannot be booked (${reason.replace(/_/g, " ")})`);
  }
}

export class InvalidTransition extends BookingError {
  readonly code = "invalid_transition";
  constructor(readonly bookingId: string, readonly from: string, readonly action: string) {
    super(`A ${from.replace(/_/g, " ")} booking cannot be ${action}`);
  }
}

export class NotFound extends BookingError {
  readonly code = "not_found";
  constructor(readonly entity: string, readonly id: string) {
    super(`No ${entity} with id ${id}`);
  }
}

export class NoStaffForService extends BookingError {
  readonly code = "no_staff";
  constructor(readonly serviceId: string) {
    super("Nobody offers this service yet");
  }
}

/**
 * A plan's session closer to its neighbour than the plan's minimum gap (local calendar days between
 * starts). `allowedDay` is the first day allowed when the previous session is too close, the last
 * one when the next is; `allowedFrom` / `allowedUntil` are that day's start / end as instants.
 */
export class PlanGapTooShort extends BookingError {
  readonly code = "plan_gap_too_short";
  constructor(
    readonly start: Date,
    readonly sessionNumber: number,
    readonly minGapDays: number,
    readonly neighbour: { sessionNumber: number; start: Date },
    readonly side: "previous" | "next",
    readonly allowedDay: LocalDate,
    readonly allowedFrom: Date | null,
    readonly allowedUntil: Date | null,
    /** The business's zone, which the days are counted in. */
    readonly timezone: string,
  ) {
    const day = `${allowedDay.year}-${String(allowedDay.month).padStart(2, "0")}-${String(allowedDay.day).padStart(2, "0")}`;
    super(
      side === "previous"
        ? `Session ${sessionNumber} must start at least ${minGapDays} days after session ${neighbour.sessionNumber}: from ${day} on`
        : `Session ${sessionNumber} must start at least ${minGapDays} days before session ${neighbour.sessionNumber}: on ${day} at the latest`,
    );
  }
}
