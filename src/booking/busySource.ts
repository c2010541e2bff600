import type { Executor } from "../db/client";
import type { Interval } from "./availability";

/**
 * Busy time from outside Slotline (a staff member's Google Calendar). Implementations read what a
 * sync job stored, so availability never waits on a remote API.
 */
export interface BusySource {
  busy(ex: Executor, staffIds: string[], from: Date, to: Date): Promise<Map<string, Interval[]>>;
}

export const noExternalBusy: BusySource = {
  busy: async () => new Map(),
};
