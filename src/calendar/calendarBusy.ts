/** Staff calendars as a busy source: what the sync job stored, read like any other busy time. */
import { and, gt, inArray, lt } from "drizzle-orm";
import type { Interval } from "../booking/availability";
import type { BusySource } from "../booking/busySource";
import type { Executor } from "../db/client";
import { calendarBusy } from "../db/schema";

export const storedCalendarBusy: BusySource = {
  async busy(ex: Executor, staffIds: string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const byStaff = new Map<string, Interval[]>();
    if (staffIds.length === 0) return byStaff;
    const rows = await ex
      .select({ staffId: calendarBusy.staffId, startAt: calendarBusy.startAt, endAt: calendarBusy.endAt })
      .from(calendarBusy)
      .where(and(inArray(calendarBusy.staffId, staffIds), lt(calendarBusy.startAt, to), gt(calendarBusy.endAt, from)));
    for (const r of rows) {
      const list = byStaff.get(r.staffId) ?? [];
      list.push({ start: r.startAt.getTime(), end: r.endAt.getTime() });
      byStaff.set(r.staffId, list);
    }
    return byStaff;
  },
};
