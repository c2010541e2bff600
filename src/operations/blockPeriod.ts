/**
 * Staff block a period (a day off, a closure): every live booking inside it is moved to the
 * backup time its customer gave, when that is free; the others are returned so their customers
 * can be asked to choose another time. `previewBlockPeriod` answers what blocking would do,
 * without doing it, by running this same decision and rolling it back.
 */
import { and, gt, inArray, lt, eq } from "drizzle-orm";
import type { Booking } from "../booking/bookingService";
import { BookingError } from "../booking/errors";
import { UPCOMING_STATUSES } from "../booking/lifecycle";
import { blockedPeriods, bookings } from "../db/schema";
import type { OperationContext } from "./context";
import { rescheduleBooking } from "./rescheduleBooking";

export type BlockedBooking =
  | { outcome: "moved_to_backup"; booking: Booking; previousStart: Date }
  | { outcome: "asked_to_reschedule"; booking: Booking };

export interface BlockInput {
  businessId: string;
  /** null: the whole business. */
  staffId: string | null;
  start: Date;
  end: Date;
  reason: string | null;
}

/** What blocking would do to one booking: it as it is now, and where it would go. */
export type PlannedBooking = { booking: Booking } & ({ outcome: "moved_to_backup"; newStart: Date } | { outcome: "asked_to_reschedule" });

/**
 * Inserts the blocked period [start, end) (UTC instants) for one staff member, or the whole
 * business when `staffId` is null, and resolves the bookings inside it, soonest first.
 */
export async function blockPeriod(ctx: OperationContext, input: BlockInput): Promise<{ id: string; affected: BlockedBooking[] }> {
  const { tx } = ctx;
  const [period] = await tx
    .insert(blockedPeriods)
    .values({ businessId: input.businessId, staffId: input.staffId, startAt: input.start, endAt: input.end, reason: input.reason })
    .returning({ id: blockedPeriods.id });
  const inside = await tx
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.businessId, input.businessId),
        inArray(bookings.status, [...UPCOMING_STATUSES]),
        lt(bookings.startAt, input.end),
        gt(bookings.endAt, input.start),
        input.staffId ? eq(bookings.staffId, input.staffId) : undefined,
      ),
    )
    .orderBy(bookings.startAt);
  const affected: BlockedBooking[] = [];
  for (const booking of inside) affected.push(await moveToBackup(ctx, booking));
  return { id: period!.id, affected };
}

/** Thrown to undo a preview's savepoint; never leaves this file. */
class PreviewDone extends Error {}

/**
 * What `blockPeriod` would do with `input`, changing nothing: it runs in a savepoint that is always
 * rolled back. Running the real thing (rather than a separate read-only planner) is deliberate: whether
 * a backup time is free depends on the new period itself, on the bookings moved before it in the same
 * block (two customers may have given the same backup time), on the database's no-overlap constraint
 * and on the staff's live calendar, and only the real code path weighs all of them the same way.
 * The bookings come back as they are now (after the rollback), soonest first.
 */
export async function previewBlockPeriod(ctx: OperationContext, input: BlockInput): Promise<PlannedBooking[]> {
  let affected: BlockedBooking[] = [];
  try {
    await ctx.tx.transaction(async (sp) => {
      affected = (await blockPeriod({ ...ctx, tx: sp }, input)).affected;
      throw new PreviewDone();
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
  }
  if (affected.length === 0) return [];
  const current = await ctx.tx.select().from(bookings).where(inArray(bookings.id, affected.map((a) => a.booking.id)));
  return affected.map((a) => {
    const booking = current.find((b) => b.id === a.booking.id)!;
    return a.outcome === "moved_to_backup" ? { booking, outcome: a.outcome, newStart: a.booking.startAt } : { booking, outcome: a.outcome };
  });
}

async function moveToBackup(ctx: OperationContext, booking: Booking): Promise<BlockedBooking> {
  if (booking.backupStartAt) {
    try {
      return { outcome: "moved_to_backup", ...(await ctx.tx.transaction((sp) => rescheduleBooking({ ...ctx, tx: sp }, booking.id, booking.backupStartAt!))) };
    } catch (error) {
      // The backup time is taken or blocked too: the customer is asked instead.
      if (!(error instanceof BookingError)) throw error;
    }
  }
  return { outcome: "asked_to_reschedule", booking };
}
