/** GET /admin/stats/daily as the dashboard reads it (src/operations/dailyStats.ts has the full story). */
import type { BookingStatus } from "../../types";

export type StatusCounts = Record<BookingStatus, number>;

export interface DayStats {
  /** YYYY-MM-DD, the business's local date. */
  date: string;
  /** Bookings created that day, by their status now. */
  made: StatusCounts;
  /** Bookings starting that day, by their status now. */
  appointments: StatusCounts;
  revenueCents: number;
  refundsCents: number;
}

export interface DailyStats {
  from: string;
  to: string;
  today: string;
  timezone: string;
  currency: string;
  days: DayStats[];
  totals: {
    made: StatusCounts;
    appointments: StatusCounts;
    revenueCents: number;
    refundsCents: number;
    otherCurrencies: { currency: string; revenueCents: number; refundsCents: number }[];
    conversion: { customersWhoWrote: number; customersWhoBooked: number; rate: number };
    noShows: { noShow: number; completed: number; rate: number };
    plans: { started: number; completed: number; cancelled: number; rate: number };
    llm: { turns: number; understood: number; failed: number; promptTokens: number; completionTokens: number };
  };
}
