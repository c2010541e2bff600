/**
 * Staff calendars in Google, end to end: the real app with googleapis' own client pointed at a
 * fake Google Calendar API (GOOGLE_API_BASE) that checks the service account's signed JWTs. Busy
 * time synced by the jobs leaves the times the bot offers; bookings appear as events, move and
 * disappear; Google's failures never fail a booking and each change lands once.
 */
import { and, eq } from "drizzle-orm";
import { eventIdFor } from "../../src/calendar/calendarService";
import { CalendarApiError, createGoogleCalendar } from "../../src/calendar/googleClient";
import { calendarBusy, staff } from "../../src/db/schema";
import { createLogger } from "../../src/logger";
import { buildServices } from "../../src/services";
import { type FakeGoogleApi, makeServiceAccount, startFakeGoogleApi } from "../fakes/googleApi";
import { type AdminServer, type BookingJson, phoneMaker, startAdminServer } from "../support/adminClient";

const CALENDAR = "dr.lee@clinic.example";
const newPhone = phoneMaker("555601");
let google: FakeGoogleApi;
let server: AdminServer;
let serviceId: string;
let staffId: string;

beforeAll(async () => {
  const account = makeServiceAccount();
  google = await startFakeGoogleApi({ clientEmail: account.key.client_email, publicKeyPem: account.publicKeyPem });
  // Monday 2 March 2026, 08:00 in New York.
  server = await startAdminServer({ demo: false, env: { GOOGLE_SERVICE_ACCOUNT_JSON: JSON.stringify(account.key), GOOGLE_API_BASE: google.url } });
  await server.admin.patch("/admin/business", { name: "Lee Physio", timezone: "America/New_York", bufferMinutes: 15, minNoticeMinutes: 60, maxAdvanceDays: 30 });
  staffId = (await server.admin.post("/admin/staff", { name: "Dr. Lee", googleCalendarId: CALENDAR })).body.id;
  await server.admin.put(`/admin/staff/${staffId}/availability`, { rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "09:00", end: "17:00" })) });
  serviceId = (await server.admin.post("/admin/services", { name: "Physio", aliases: ["physiotherapy"], durationMinutes: 60, priceCents: 8000 })).body.id;
}, 60_000);
afterAll(async () => {
  await server.close();
  await google.close();
});

const runJobs = async (now?: Date) => (await server.admin.post("/admin/jobs/run", now ? { now: now.toISOString() } : {})).body;
const liveServices = () => buildServices({ config: server.config, database: server.database, clock: server.clock, logger: createLogger("silent") });

/** The free start times of a local day, as "HH:MM" in New York. */
async function freeTimes(day: string): Promise<string[]> {
  const from = new Date(`${day}T05:00:00Z`);
  const slots = await liveServices().bookingService.findSlots(server.database.db, { businessId: await businessId(), serviceId, from, to: new Date(from.getTime() + 86_400_000) });
  return slots.map((s) => new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit" }).format(s.start));
}

async function businessId(): Promise<string> {
  const [row] = await server.database.db.select({ businessId: staff.businessId }).from(staff).where(eq(staff.id, staffId));
  return row!.businessId;
}

async function bookByText(phone: string, request: string): Promise<BookingJson> {
  const [question] = await server.text(phone, request);
  expect(question).toMatch(/\(yes\/no\)$/);
  expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: /);
  const mine = await server.bookings({ phone });
  return mine[mine.length - 1]!;
}

const eventRequests = (method: string) => google.requests.filter((r) => r.method === method && /\/events/.test(r.path));

describe("busy time from the staff member's calendar", () => {
  it("removes exactly a busy afternoon's slots, with the buffers around it, after a sync", async () => {
    const before = await freeTimes("2026-03-03");
    expect(before).toEqual(["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45", "12:00", "12:15", "12:30", "12:45", "13:00", "13:15", "13:30", "13:45", "14:00", "14:15", "14:30", "14:45", "15:00", "15:15", "15:30", "15:45", "16:00"]);
    google.putEvent(CALENDAR, { summary: "Lunch with Sam", start: { dateTime: "2026-03-03T13:00:00-05:00" }, end: { dateTime: "2026-03-03T15:00:00-05:00" } });
    expect((await runJobs()).calendarSync).toBeGreaterThanOrEqual(1);
    // 60-minute sessions with 15 minutes of buffer: nothing may start after 11:45 or before 15:15.
    expect(await freeTimes("2026-03-03")).toEqual(before.filter((t) => t <= "11:45" || t >= "15:15"));
  });

  it("closes the whole day for an all-day event, and ignores declined and free-marked ones", async () => {
    google.putEvent(CALENDAR, { summary: "Conference", start: { date: "2026-03-04" }, end: { date: "2026-03-05" } });
    google.putEvent(CALENDAR, {
      summary: "Optional webinar",
      start: { dateTime: "2026-03-05T10:00:00-05:00" },
      end: { dateTime: "2026-03-05T12:00:00-05:00" },
      attendees: [{ email: CALENDAR, self: true, responseStatus: "declined" }],
    });
    google.putEvent(CALENDAR, { summary: "Focus time", transparency: "transparent", start: { dateTime: "2026-03-05T14:00:00-05:00" }, end: { dateTime: "2026-03-05T16:00:00-05:00" } });
    await runJobs();
    expect(await freeTimes("2026-03-04")).toEqual([]);
    expect(await freeTimes("2026-03-05")).toContain("10:30");
    expect(await freeTimes("2026-03-05")).toContain("14:30");
  });

  it("offers the nearest free times when a customer asks for a busy one", async () => {
    const [reply] = await server.text(newPhone(), "physio tomorrow at 2pm");
    expect(reply).toMatch(/^.*\n1\) Tue 3 Mar, (11:45|15:15)\n/);
    expect(reply).not.toMatch(/Tue 3 Mar, 1[34]:/);
  });

  it("starts over with a full sync when Google says the sync token is stale (410)", async () => {
    google.expireSyncTokens();
    const before = google.requests.length;
    google.putEvent(CALENDAR, { summary: "Dentist", start: { dateTime: "2026-03-06T09:00:00-05:00" }, end: { dateTime: "2026-03-06T10:00:00-05:00" } });
    await runJobs();
    const lists = google.requests.slice(before).filter((r) => r.method === "GET");
    expect(lists[0]!.query.syncToken).toBeDefined();
    expect(lists.some((r) => r.query.syncToken === undefined && r.query.timeMin !== undefined)).toBe(true);
    expect(await freeTimes("2026-03-06")).not.toContain("09:00");
    expect(await freeTimes("2026-03-03")).not.toContain("13:00");
  });
});

describe("bookings as events", () => {
  let booking: BookingJson;

  it("creates an event for a confirmed booking, in UTC, with the booking's id in private properties", async () => {
    booking = await bookByText(newPhone(), "physio on March 10 at 10am");
    await runJobs();
    const created = eventRequests("POST");
    expect(created).toHaveLength(1);
    expect(created[0]!.path).toBe(`/calendar/v3/calendars/${encodeURIComponent(CALENDAR)}/events`);
    expect(created[0]!.body).toEqual(
      expect.objectContaining({
        summary: `Physio — ${booking.customer.name ?? booking.customer.phone}`,
        start: { dateTime: "2026-03-10T14:00:00.000Z" },
        end: { dateTime: "2026-03-10T15:00:00.000Z" },
        extendedProperties: { private: { slotlineBookingId: booking.id } },
      }),
    );
    expect((created[0]!.body as { description: string }).description).toContain(booking.customer.phone);
  });

  it("does not count its own event as busy on the next sync", async () => {
    await runJobs();
    const [own] = google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === booking.id);
    expect(own).toBeDefined();
    expect(await server.database.db.select().from(calendarBusy).where(and(eq(calendarBusy.calendarId, CALENDAR), eq(calendarBusy.eventId, own!.id)))).toEqual([]);
  });

  it("moves the event with a reschedule and deletes it with a cancellation", async () => {
    await server.admin.post(`/admin/bookings/${booking.id}/reschedule`, { start: "2026-03-10T11:00:00-04:00" });
    await runJobs();
    const [patch] = eventRequests("PATCH");
    expect(patch!.body).toEqual(expect.objectContaining({ start: { dateTime: "2026-03-10T15:00:00.000Z" }, end: { dateTime: "2026-03-10T16:00:00.000Z" } }));
    const [event] = google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === booking.id);
    expect(event!.start.dateTime).toBe("2026-03-10T15:00:00.000Z");

    await server.admin.post(`/admin/bookings/${booking.id}/cancel`, {});
    await runJobs();
    expect(eventRequests("DELETE")).toHaveLength(1);
    expect(event!.status).toBe("cancelled");
  });

  it("creates the event once, by the retry, when Google first answers 500", async () => {
    const inserts = eventRequests("POST").length;
    google.failNext(1, { status: 500 }, { method: "POST", path: /\/events$/ });
    const b = await bookByText(newPhone(), "physio on March 11 at 10am");
    const first = server.clock.now();
    await runJobs(first);
    expect(google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === b.id)).toHaveLength(0);
    await runJobs(new Date(first.getTime() + 2 * 60_000));
    expect(google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === b.id)).toHaveLength(1);
    expect(eventRequests("POST").length - inserts).toBe(2);
  });

  it("writes one event when two job ticks run at once", async () => {
    google.setLatency(200);
    const b = await bookByText(newPhone(), "physio on March 12 at 10am");
    await Promise.all([runJobs(), runJobs()]);
    google.setLatency(0);
    expect(google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === b.id)).toHaveLength(1);
  });
});

describe("event writes that survive a crash and a slow Google", () => {
  it("finds the event an interrupted run created (its id is the booking's) instead of making a second", async () => {
    const b = await bookByText(newPhone(), "physio on March 17 at 10am");
    // A runner created the event, then died before recording it.
    google.putEvent(CALENDAR, { id: eventIdFor(b.id), summary: "Physio", start: { dateTime: "2026-03-17T14:00:00.000Z" }, end: { dateTime: "2026-03-17T15:00:00.000Z" } });
    await runJobs();
    expect(google.events(CALENDAR).filter((e) => e.id === eventIdFor(b.id))).toHaveLength(1);
    expect(google.events(CALENDAR).filter((e) => e.extendedProperties?.private?.slotlineBookingId === b.id)).toHaveLength(0);
    await server.admin.post(`/admin/bookings/${b.id}/cancel`, {});
    await runJobs();
    expect(google.events(CALENDAR).find((e) => e.id === eventIdFor(b.id))!.status).toBe("cancelled");
  });

  it("answers customers while the jobs wait on a slow Google", async () => {
    await bookByText(newPhone(), "physio on March 18 at 10am");
    google.setLatency(1500);
    const jobs = runJobs();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const [reply] = await server.text(newPhone(), "physio on March 19 at 11am");
    const took = performance.now() - started;
    await jobs;
    google.setLatency(0);
    expect(reply).toMatch(/Thu 19 Mar, 11:00.*\(yes\/no\)$/);
    expect(took).toBeLessThan(1000);
  }, 15_000);
});

describe("the check just before booking", () => {
  it("catches a change made in the calendar after the last sync, and offers other times", async () => {
    const phone = newPhone();
    const [question] = await server.text(phone, "physio on March 13 at 2pm");
    expect(question).toMatch(/Fri 13 Mar, 14:00.*\(yes\/no\)$/);
    google.putEvent(CALENDAR, { summary: "School run", start: { dateTime: "2026-03-13T13:30:00-04:00" }, end: { dateTime: "2026-03-13T14:30:00-04:00" } });
    const [answer] = await server.text(phone, "yes");
    expect(answer).not.toMatch(/^Booked/);
    expect(answer).toMatch(/\n1\) /);
    expect(google.requests.some((r) => r.path === "/calendar/v3/freeBusy")).toBe(true);
    expect(await server.bookings({ phone })).toEqual([]);
  });

  it("books on the synced data within about 2 s when Google does not answer in time", async () => {
    const phone = newPhone();
    await server.text(phone, "physio on March 16 at 10am");
    google.setLatency(5000);
    const started = performance.now();
    const [answer] = await server.text(phone, "yes");
    const took = performance.now() - started;
    google.setLatency(0);
    expect(answer).toMatch(/^Booked: Physio, Mon 16 Mar, 10:00/);
    expect(took).toBeGreaterThan(1900);
    expect(took).toBeLessThan(4000);
  }, 15_000);
});

describe("the service account", () => {
  it("is what the fake checks: a key Google does not know is refused (401), as a failure the caller can see", async () => {
    const stranger = makeServiceAccount().key;
    const api = createGoogleCalendar({ serviceAccount: stranger, apiBase: google.url })!;
    await expect(api.listEvents(CALENDAR, { timeMin: new Date("2026-03-02T00:00:00Z"), timeMax: new Date("2026-03-03T00:00:00Z") })).rejects.toEqual(expect.any(CalendarApiError));
    await expect(api.freeBusy(CALENDAR, new Date("2026-03-02T00:00:00Z"), new Date("2026-03-03T00:00:00Z"), 2000)).rejects.toMatchObject({ status: 401, retryable: false });
  });
});
