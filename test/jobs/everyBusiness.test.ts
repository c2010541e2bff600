/**
 * The jobs tick every business of a deployment, each business's work on its own: one that fails
 * holds up no other. Runs on PGlite, and on PostgreSQL with DATABASE_URL (where the two runners
 * below really run at once, on connections of their own).
 */
import { eq } from "drizzle-orm";
import pino from "pino";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { bookings, notifications } from "../../src/db/schema";
import type { Logger } from "../../src/logger";
import { type Services, buildServices } from "../../src/services";
import { type TestDatabase, createTestDatabase } from "../support/database";
import { type TestBusiness, createBusiness } from "../support/factories";
import { type FakeTwilioApi, startFakeTwilioApi } from "../fakes/twilioApi";
import { BY_TEST } from "../support/actor";

// Monday 2 March 2026, 08:00 in New York.
const MONDAY_8AM = "2026-03-02T13:00:00Z";
// Tuesday 15:00 in New York: the 24-hour reminders of Wednesday's bookings are due.
const TUESDAY_3PM = new Date("2026-03-03T20:00:00Z");

let database: TestDatabase;
let twilioApi: FakeTwilioApi;
let phoneCounter = 0;
let logLines: Record<string, unknown>[];

beforeAll(async () => {
  database = await createTestDatabase();
  twilioApi = await startFakeTwilioApi();
});
afterAll(async () => {
  await twilioApi.close();
  await database.destroy();
});
beforeEach(() => {
  twilioApi.reset();
  logLines = [];
});

/** A runner of the jobs: one instance of the server's services, as each machine of a deployment has. */
function runner(): Services {
  const config = loadConfig({
    TWILIO_ACCOUNT_SID: twilioApi.accountSid,
    TWILIO_AUTH_TOKEN: twilioApi.authToken,
    TWILIO_SMS_FROM: "+15550001111",
    TWILIO_API_BASE: twilioApi.url,
    PUBLIC_BASE_URL: "https://bot.example.test",
  });
  const logger: Logger = pino({ level: "warn" }, { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
  return buildServices({ config, database, clock: new ManualClock(MONDAY_8AM), logger });
}

function business(name: string): Promise<TestBusiness> {
  return createBusiness(database.db, {
    business: { name, reminderOffsetsMinutes: [1440], holdMinutes: 30 },
    services: [{ name: "Haircut", durationMinutes: 30, priceCents: 3500 }],
  });
}

async function customerOf(shop: TestBusiness): Promise<{ id: string; phone: string }> {
  const phone = `+1555400${String(++phoneCounter).padStart(4, "0")}`;
  const row = await findOrCreateCustomer(database.db, shop.businessId, phone);
  return { id: row.id, phone };
}

async function book(services: Services, shop: TestBusiness, customerId: string, start: string, status: "confirmed" | "held" = "confirmed") {
  const [row] = await database.db.transaction((tx) =>
    services.bookingService.book(tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId, sessions: [{ start: new Date(start) }], status }),
  );
  return row!;
}

/** Wednesday 4 March at the given hour, New York time. */
const wednesdayAt = (hour: number) => `2026-03-04T${String(hour + 5).padStart(2, "0")}:00:00Z`;

const sentTo = (phone: string) => twilioApi.messages.filter((m) => m.to === phone);

describe("jobs on a deployment of many businesses", () => {
  it("sends one business's reminders while another's cannot be queued, and names the failing business in the log", async () => {
    const services = runner();
    const healthy = await business("Healthy Cuts");
    const broken = await business("Broken Cuts");
    const regular = await customerOf(healthy);
    const brokenRegular = await customerOf(broken);
    await book(services, healthy, regular.id, wednesdayAt(10));
    await book(services, broken, brokenRegular.id, wednesdayAt(9));
    // A bad row: a booking of one business for a customer of another (as a faulty import could
    // leave). Its reminder cannot be queued, since the customer is not the business's.
    const stray = await book(services, broken, regular.id, wednesdayAt(11));

    const counts = await services.runJobs(TUESDAY_3PM);

    expect(sentTo(regular.phone).map((m) => m.body)).toEqual([expect.stringMatching(/^Reminder: Haircut, Wed 4 Mar, 10:00/)]);
    // The broken business's work rolled back as one: its good reminder was neither sent nor claimed.
    expect(sentTo(brokenRegular.phone)).toHaveLength(0);
    expect(counts.reminders).toBe(1);
    expect(logLines).toContainEqual(expect.objectContaining({ level: 50, businessId: broken.businessId, job: "reminders" }));

    // Once the row is mended, the next tick sends what the failure held back.
    await database.db.update(bookings).set({ customerId: brokenRegular.id }).where(eq(bookings.id, stray.id));
    const retry = await services.runJobs(new Date(TUESDAY_3PM.getTime() + 60_000));
    expect(retry.reminders).toBe(2);
    expect(sentTo(brokenRegular.phone)).toHaveLength(2);
    expect(sentTo(regular.phone)).toHaveLength(1);
  });

  it("counts the work of every business, summed", async () => {
    const services = runner();
    const shops = [await business("North Studio"), await business("South Studio")];
    for (const shop of shops) {
      for (const hour of [9, 10]) await book(services, shop, (await customerOf(shop)).id, wednesdayAt(hour));
      // A hold that lapses before the tick: its customer is told, in each business.
      await book(services, shop, (await customerOf(shop)).id, wednesdayAt(14), "held");
    }

    const counts = await services.runJobs(TUESDAY_3PM);

    expect(counts).toEqual({ reminders: 4, feedback: 0, agendas: 0, expiredHolds: 2, nextSessionInvites: 0, calendarSync: 0, paymentCalls: 0, messagesDelivered: 6, whatsappRecovered: 0 });
  });

  it("sends each reminder once when two runners tick the same businesses at the same moment", async () => {
    const [first, second] = [runner(), runner()];
    const shops = [await business("East Studio"), await business("West Studio")];
    const people: { id: string; phone: string }[] = [];
    for (const shop of shops) {
      for (const hour of [9, 10, 11, 12, 13]) {
        const person = await customerOf(shop);
        await book(first, shop, person.id, wednesdayAt(hour));
        people.push(person);
      }
    }

    const [a, b] = await Promise.all([first.runJobs(TUESDAY_3PM), second.runJobs(TUESDAY_3PM)]);

    for (const person of people) expect(sentTo(person.phone)).toHaveLength(1);
    expect(a.reminders + b.reminders).toBe(10);
    const claims = await database.db.select().from(notifications).where(eq(notifications.kind, "reminder_1440"));
    const booked = new Set((await database.db.select({ id: bookings.id, customerId: bookings.customerId }).from(bookings)).filter((r) => people.some((p) => p.id === r.customerId)).map((r) => r.id));
    expect(claims.filter((c) => booked.has(c.bookingId))).toHaveLength(10);
    expect(logLines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});
