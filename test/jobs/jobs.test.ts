import { and, eq } from "drizzle-orm";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { SlotTaken } from "../../src/booking/errors";
import { getService } from "../../src/booking/schedulingData";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { bookings, customers, messages, notifications } from "../../src/db/schema";
import { createLogger } from "../../src/logger";
import { type Services, buildServices } from "../../src/services";
import { reminderDueAt } from "../../src/jobs/schedule";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type TestBusiness, createBusiness } from "../support/factories";
import { type FakeTwilioApi, startFakeTwilioApi } from "../fakes/twilioApi";
import { BY_TEST } from "../support/actor";

// Monday 2 March 2026, 08:00 in New York.
const MONDAY_8AM = "2026-03-02T13:00:00Z";
const SMS_FROM = "+15550001111";

let database: TestDatabase;
let twilioApi: FakeTwilioApi;
let clock: ManualClock;
let services: Services;
let shop: TestBusiness;
let phoneCounter = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  twilioApi = await startFakeTwilioApi();
});
afterAll(async () => {
  await twilioApi.close();
  await database.destroy();
});
beforeEach(async () => {
  twilioApi.reset();
  clock = new ManualClock(MONDAY_8AM);
  const config = loadConfig({
    TWILIO_ACCOUNT_SID: twilioApi.accountSid,
    TWILIO_AUTH_TOKEN: twilioApi.authToken,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_API_BASE: twilioApi.url,
    PUBLIC_BASE_URL: "https://bot.example.test",
  });
  services = buildServices({ config, database, clock, logger: createLogger("silent") });
  shop = await createBusiness(database.db, {
    business: { reminderOffsetsMinutes: [1440, 60], holdMinutes: 30 },
    services: [
      { name: "Haircut", durationMinutes: 30, priceCents: 3500 },
      { name: "Physio", durationMinutes: 45, priceCents: 6000, totalSessions: 3, strategy: "sequential", minGapDays: 7 },
    ],
  });
});

async function customer(): Promise<{ id: string; phone: string }> {
  const phone = `+1555300${String(++phoneCounter).padStart(4, "0")}`;
  const row = await findOrCreateCustomer(database.db, shop.businessId, phone);
  return { id: row.id, phone };
}

function book(customerId: string, start: string, options: { service?: string; status?: "confirmed" | "held"; plan?: { id: string; n: number } } = {}) {
  return database.db.transaction(async (tx) => {
    const [row] = await services.bookingService.book(tx, { by: BY_TEST, 
      businessId: shop.businessId,
      serviceId: shop.serviceIds[options.service ?? "Haircut"]!,
      customerId,
      sessions: [{ start: new Date(start) }],
      status: options.status ?? "confirmed",
      plan: options.plan ? { id: options.plan.id, firstSessionNumber: options.plan.n, totalSessions: 3 } : undefined,
    });
    return row!;
  });
}

const sentTo = (phone: string) => twilioApi.messages.filter((m) => m.to === phone);

describe("jobs", () => {
  it("sends each reminder once at its offset, even when the jobs run twice at one instant", async () => {
    const c = await customer();
    await book(c.id, "2026-03-03T15:00:00Z"); // Tue 10:00
    await services.runJobs(new Date("2026-03-02T14:59:00Z"));
    expect(sentTo(c.phone)).toHaveLength(0);
    const first = await services.runJobs(new Date("2026-03-02T15:00:00Z"));
    const again = await services.runJobs(new Date("2026-03-02T15:00:00Z"));
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(sentTo(c.phone).map((m) => m.body)).toEqual(["Reminder: Haircut, Tue 3 Mar, 10:00. Reply \"reschedule\" or \"cancel\" if you need to."]);
    expect(again.reminders).toBe(0);
    await services.runJobs(new Date("2026-03-03T14:00:00Z")); // 1 hour before
    expect(sentTo(c.phone)).toHaveLength(2);
    await services.runJobs(new Date("2026-03-03T14:30:00Z"));
    expect(sentTo(c.phone)).toHaveLength(2);
    const stored = await database.db.select().from(messages).where(and(eq(messages.address, c.phone), eq(messages.direction, "out")));
    expect(stored.map((m) => m.status)).toEqual(["sent", "sent"]);
  });

  it("sends each reminder once when two ticks run at the same moment on two connections", async () => {
    const people = await Promise.all(Array.from({ length: 6 }, customer));
    for (const [i, p] of people.entries()) await book(p.id, `2026-03-04T${String(14 + i).padStart(2, "0")}:00:00Z`); // Wed 09:00…14:00
    const at = new Date("2026-03-03T20:00:00Z"); // Tue 15:00: all six 24-hour reminders are due
    const [a, b] = await Promise.all([services.runJobs(at), services.runJobs(at)]);
    for (const p of people) expect(sentTo(p.phone)).toHaveLength(1);
    const claimed = await database.db.select().from(notifications).where(eq(notifications.kind, "reminder_1440"));
    const ids = (await database.db.select({ id: bookings.id, customerId: bookings.customerId }).from(bookings)).filter((b) => people.some((p) => p.id === b.customerId)).map((b) => b.id);
    expect(claimed.filter((n) => ids.includes(n.bookingId))).toHaveLength(6);
    expect(a.reminders + b.reminders).toBe(6);
  });

  it("never sends inside quiet hours: a reminder due at 07:30 goes out the evening before", async () => {
    shop = await createBusiness(database.db, {
      business: { reminderOffsetsMinutes: [1440, 60] },
      rules: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 7 * 60, end: 17 * 60 })),
      services: [{ name: "Haircut", durationMinutes: 30, priceCents: 3500 }],
    });
    const c = await customer();
    await book(c.id, "2026-03-03T13:30:00Z"); // Tue 08:30; its 1-hour reminder is due at 07:30
    expect(reminderDueAt(new Date("2026-03-03T13:30:00Z"), 60, "America/New_York").toISOString()).toBe("2026-03-03T01:59:00.000Z"); // Mon 20:59
    await services.runJobs(new Date("2026-03-03T02:30:00Z")); // Mon 21:30: quiet
    await services.runJobs(new Date("2026-03-03T12:30:00Z")); // Tue 07:30: quiet
    expect(sentTo(c.phone)).toHaveLength(0);
    await services.runJobs(new Date("2026-03-03T13:05:00Z")); // Tue 08:05: quiet hours over, still before the appointment
    expect(sentTo(c.phone)).toHaveLength(1);
  });

  it("expires a lapsed hold, tells its customer, and lets another customer take the slot", async () => {
    const holder = await customer();
    const hold = await book(holder.id, "2026-03-03T16:00:00Z", { status: "held" });
    const other = await customer();
    await expect(book(other.id, "2026-03-03T16:00:00Z")).rejects.toBeInstanceOf(SlotTaken);
    clock.advanceMinutes(31);
    const counts = await services.runJobs(clock.now());
    expect(counts.expiredHolds).toBe(1);
    const [expired] = await database.db.select().from(bookings).where(eq(bookings.id, hold.id));
    expect(expired!.status).toBe("expired");
    expect(sentTo(holder.phone).map((m) => m.body)).toEqual([expect.stringMatching(/^Your hold on Haircut, Tue 3 Mar, 11:00 has lapsed/)]);
    await expect(book(other.id, "2026-03-03T16:00:00Z")).resolves.toMatchObject({ status: "confirmed" });
    expect((await services.runJobs(clock.now())).expiredHolds).toBe(0);
  });

  it("asks for feedback once, an hour after a completed session ends", async () => {
    const c = await customer();
    const booking = await book(c.id, "2026-03-02T15:00:00Z"); // Mon 10:00-10:30
    clock.set("2026-03-02T15:30:00Z");
    await services.staffActions.complete(booking.id, BY_TEST);
    expect((await services.runJobs(new Date("2026-03-02T16:00:00Z"))).feedback).toBe(0);
    expect((await services.runJobs(new Date("2026-03-02T16:31:00Z"))).feedback).toBe(1);
    expect((await services.runJobs(new Date("2026-03-02T17:00:00Z"))).feedback).toBe(0);
    expect(sentTo(c.phone).map((m) => m.body)).toEqual([expect.stringMatching(/^Thanks for coming in for your Haircut!/)]);
  });

  it("invites the next session of a sequential plan whose last session was completed, once", async () => {
    const c = await customer();
    const planId = await database.db.transaction(async (tx) =>
      services.bookingService.createPlan(tx, { businessId: shop.businessId, customerId: c.id, service: await getService(tx, shop.businessId, shop.serviceIds.Physio!) }),
    );
    const session1 = await book(c.id, "2026-03-02T15:00:00Z", { service: "Physio", plan: { id: planId, n: 1 } });
    clock.set("2026-03-02T16:00:00Z");
    // Completed some other way than the admin action (which invites at once): the job catches it.
    await database.db.transaction((tx) => services.bookingService.transition(tx, session1.id, "complete", BY_TEST));
    const first = await services.runJobs(clock.now());
    expect(first.nextSessionInvites).toBe(1);
    expect(sentTo(c.phone).map((m) => m.body)).toEqual([expect.stringMatching(/^Session 1 of 3 done - when would you like session 2 of Physio\?/)]);
    expect((await services.runJobs(clock.now())).nextSessionInvites).toBe(0);
  });

  it("never sends anything to a number that opted out: the reminder is recorded as suppressed", async () => {
    const c = await customer();
    await book(c.id, "2026-03-03T15:00:00Z");
    await database.db.update(customers).set({ optedOutAt: clock.now() }).where(eq(customers.id, c.id));
    await services.runJobs(new Date("2026-03-02T15:00:00Z"));
    expect(sentTo(c.phone)).toHaveLength(0);
    const stored = await database.db.select().from(messages).where(and(eq(messages.address, c.phone), eq(messages.direction, "out")));
    expect(stored.map((m) => m.status)).toEqual(["suppressed"]);
  });
});
