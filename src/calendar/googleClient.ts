/**
 * Google Calendar v3 through Google's own client (@googleapis/calendar, the one API of googleapis
 * that Google publishes alone for this: the whole googleapis package costs a second and ~110 MB
 * to load), behind a small port: no googleapis types
 * leave this file. A self-signed JWT (useJWTAccessWithScope) needs no token endpoint; with
 * GOOGLE_API_BASE the client's rootUrl points at a local fake, so tests run this code unmodified.
 */
import type * as GoogleCalendar from "@googleapis/calendar";
import type { Config } from "../config/config";

export interface CalendarEvent {
  id: string;
  status: "confirmed" | "tentative" | "cancelled";
  transparency: "opaque" | "transparent";
  start: { dateTime?: string; date?: string };
  end: { dateTime?: string; date?: string };
  /** The calendar owner's own answer when they are an attendee. */
  selfResponse: "accepted" | "declined" | "tentative" | "needsAction" | null;
  /** Set on events Slotline wrote for its bookings. */
  slotlineBookingId: string | null;
}

export interface EventPage {
  events: CalendarEvent[];
  nextSyncToken: string | null;
}

/** Google answered 410 Gone to a sync token: a full resync is needed. */
export class SyncTokenExpired extends Error {
  constructor() {
    super("the calendar's sync token expired");
    this.name = "SyncTokenExpired";
  }
}

export class CalendarApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "CalendarApiError";
  }
}

export interface CalendarApi {
  /** Every page: with a sync token the changes since it (SyncTokenExpired on 410), else the window. */
  listEvents(calendarId: string, opts: { syncToken?: string; timeMin?: Date; timeMax?: Date }): Promise<EventPage>;
  freeBusy(calendarId: string, timeMin: Date, timeMax: Date, timeoutMs: number): Promise<{ start: Date; end: Date }[]>;
  /** With `eventId`, Google keeps that id: a repeated insert is refused with 409 instead of making a second event. */
  insertEvent(calendarId: string, e: { summary: string; description: string; start: Date; end: Date; bookingId: string; eventId?: string }): Promise<string>;
  patchEvent(calendarId: string, eventId: string, e: { summary?: string; description?: string; start: Date; end: Date }): Promise<void>;
  /** A missing event (404/410) counts as deleted. */
  deleteEvent(calendarId: string, eventId: string): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 10_000;

export function createGoogleCalendar(config: Config["google"]): CalendarApi | undefined {
  if (!config.serviceAccount) return undefined;
  // Loaded when a service account is configured rather than at every start (~300 ms, ~17 MB).
  const google = require("@googleapis/calendar") as typeof GoogleCalendar;
  const auth = new google.auth.JWT({
    email: config.serviceAccount.client_email,
    key: config.serviceAccount.private_key,
    scopes: ["https://www.googleapis.com/auth/calendar"],
  });
  auth.useJWTAccessWithScope = true;
  const calendar = google.calendar({ version: "v3", auth, ...(config.apiBase && { rootUrl: config.apiBase.replace(/\/?$/, "/") }) });

  return {
    async listEvents(calendarId, opts) {
      const events: CalendarEvent[] = [];
      let pageToken: string | undefined;
      for (;;) {
        const res = await call(
          () =>
            calendar.events.list(
              {
                calendarId,
                pageToken,
                maxResults: 250,
                ...(opts.syncToken ? { syncToken: opts.syncToken } : { singleEvents: true, timeMin: opts.timeMin?.toISOString(), timeMax: opts.timeMax?.toISOString(), showDeleted: false }),
              },
              { timeout: REQUEST_TIMEOUT_MS },
            ),
          { syncToken: Boolean(opts.syncToken) },
        );
        for (const item of res.data.items ?? []) events.push(toEvent(item));
        pageToken = res.data.nextPageToken ?? undefined;
        if (!pageToken) return { events, nextSyncToken: res.data.nextSyncToken ?? null };
      }
    },
    async freeBusy(calendarId, timeMin, timeMax, timeoutMs) {
      const res = await call(() =>
        calendar.freebusy.query({ requestBody: { timeMin: timeMin.toISOString(), timeMax: timeMax.toISOString(), items: [{ id: calendarId }] } }, { timeout: timeoutMs, retry: false }),
      );
      const busy = res.data.calendars?.[calendarId]?.busy ?? [];
      return busy.filter((b) => b.start && b.end).map((b) => ({ start: new Date(b.start!), end: new Date(b.end!) }));
    },
    async insertEvent(calendarId, e) {
      const res = await call(() =>
        calendar.events.insert(
          {
            calendarId,
            requestBody: {
              ...(e.eventId && { id: e.eventId }),
              summary: e.summary,
              description: e.description,
              start: { dateTime: e.start.toISOString() },
              end: { dateTime: e.end.toISOString() },
              extendedProperties: { private: { slotlineBookingId: e.bookingId } },
            },
          },
          { timeout: REQUEST_TIMEOUT_MS },
        ),
      );
      if (!res.data.id) throw new CalendarApiError("Google created an event without an id", res.status, true);
      return res.data.id;
    },
    async patchEvent(calendarId, eventId, e) {
      await call(() =>
        calendar.events.patch(
          { calendarId, eventId, requestBody: { summary: e.summary, description: e.description, start: { dateTime: e.start.toISOString() }, end: { dateTime: e.end.toISOString() } } },
          { timeout: REQUEST_TIMEOUT_MS },
        ),
      );
    },
    async deleteEvent(calendarId, eventId) {
      try {
        await call(() => calendar.events.delete({ calendarId, eventId }, { timeout: REQUEST_TIMEOUT_MS }));
      } catch (error) {
        if (error instanceof CalendarApiError && (error.status === 404 || error.status === 410)) return;
        throw error;
      }
    },
  };
}

/** googleapis' errors turned into ours: what may succeed later is retryable. */
async function call<T>(request: () => Promise<T>, opts: { syncToken?: boolean } = {}): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const status = (error as { status?: number; code?: number | string; response?: { status?: number } }).response?.status ?? (error as { status?: number }).status;
    if (status === 410 && opts.syncToken) throw new SyncTokenExpired();
    const reason = JSON.stringify((error as { errors?: unknown }).errors ?? "");
    const rateLimited = status === 429 || (status === 403 && /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/.test(reason));
    const retryable = status === undefined || status >= 500 || rateLimited || status === 408;
    throw new CalendarApiError(error instanceof Error ? error.message : String(error), status, retryable);
  }
}

function toEvent(item: {
  id?: string | null;
  status?: string | null;
  transparency?: string | null;
  start?: { dateTime?: string | null; date?: string | null } | null;
  end?: { dateTime?: string | null; date?: string | null } | null;
  attendees?: { self?: boolean | null; responseStatus?: string | null }[] | null;
  extendedProperties?: { private?: Record<string, string> | null } | null;
}): CalendarEvent {
  const self = item.attendees?.find((a) => a.self);
  return {
    id: item.id ?? "",
    status: (item.status as CalendarEvent["status"]) ?? "confirmed",
    transparency: item.transparency === "transparent" ? "transparent" : "opaque",
    start: { dateTime: item.start?.dateTime ?? undefined, date: item.start?.date ?? undefined },
    end: { dateTime: item.end?.dateTime ?? undefined, date: item.end?.date ?? undefined },
    selfResponse: (self?.responseStatus as CalendarEvent["selfResponse"]) ?? null,
    slotlineBookingId: item.extendedProperties?.private?.slotlineBookingId ?? null,
  };
}
