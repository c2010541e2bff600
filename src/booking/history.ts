/**
 * A booking's history: one booking_events row per change of status or time, written in the same
 * transaction as the change, naming who made it. The console's booking page reads it as the
 * status history and the audit trail.
 */
import type { Executor } from "../db/client";
import { type BookingEventKind, type BookingStatus, bookingEvents } from "../db/schema";
import type { Actor } from "./actor";

export interface HistoryEntry {
  booking: { id: string; businessId: string; status: BookingStatus };
  kind: BookingEventKind;
  fromStatus: BookingStatus | null;
  by: Actor;
  at: Date;
  detail?: Record<string, unknown>;
}

export async function recordHistory(ex: Executor, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ex.insert(bookingEvents).values(
    entries.map((e) => ({
      businessId: e.booking.businessId,
      bookingId: e.booking.id,
      at: e.at,
      kind: e.kind,
      fromStatus: e.fromStatus,
      toStatus: e.booking.status,
      actorKind: e.by.kind,
      actorUserId: e.by.kind === "user" ? e.by.userId : null,
      actorName: e.by.kind === "customer" ? (e.by.via ?? null) : e.by.name,
      detail: e.detail && Object.keys(e.detail).length > 0 ? e.detail : null,
    })),
  );
}
