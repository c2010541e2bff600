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
