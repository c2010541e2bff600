/**
 * GET /admin/stats/daily: the dashboard's numbers per local day. The demo salon (New York) takes
 * bookings by text on Friday evening 6 March 2026, before the clocks go forward on Sunday 8 March,
 * for evenings on both sides of the change, where the UTC date is already the next day; customers
 * pay by Stripe (the local fake) and one payment is refunded. Every number is read back on the
 * business's local days; a second business in Auckland, a day ahead of UTC, counts its mornings on
 * its own dates. Bad periods are 400s naming the field.
 */
import { eq } from "drizzle-orm";
import { conversations, customers, llmTurns } from "../../src/db/schema";
import { type AdminServer, type BookingJson, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

const newPhone = phoneMaker("555417");

interface DayJson {
  date: string;
  made: Record<string, number>;
  appointments: Record<string, number>;
  revenueCents: number;
  refundsCents: number;
}

/** The non-zero counts of a status record. */
const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe("a salon's days around the spring DST change (America/New_York)", () => {
  let server: PaymentsServer;
  const phones = { monday7pm: newPhone(), saturday9pm: newPhone(), sunday830pm: newPhone(), plan: newPhone(), justAsking: newPhone(), afterMidnight: newPhone() };
  const booking: Record<string, BookingJson> = {};

  async function bookFree(phone: string, ask: string): Promise<BookingJson> {
    const [question] = await server.text(phone, ask);
    expect(question).toMatch(/\? \(yes\/no\)$/);
    const replies = await server.text(phone, "yes");
    expect(replies.join("\n")).toMatch(/Booked/);
    const [row] = await server.bookings({ phone });
    return row!;
  }

  async function daily(query: string): Promise<{ days: DayJson[]; totals: Record<string, any>; [key: string]: unknown }> {
    const res = await server.admin.get(`/admin/stats/daily${query}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    // Friday 6 March, 20:00 EST: already Saturday in UTC.
    server = await startPaymentsServer({ now: "2026-03-07T01:00:00Z" });
    const staff = (await server.admin.get("/admin/staff")).body.items as { id: string }[];
    const evenings = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: "09:00", end: "23:00" }));
    for (const s of staff) await server.admin.put(`/admin/staff/${s.id}/availability`, { rules: evenings }).expect(200);

    booking.monday7pm = await bookFree(phones.monday7pm, "haircut on Monday at 7pm");
    booking.plan = await bookFree(phones.plan, "scalp physio on Monday at 10am");
    await server.text(phones.justAsking, "hello, how much is a haircut?");
    for (const [name, ask] of [
      ["saturday9pm", "colour treatment tomorrow at 9pm"],
      ["sunday830pm", "colour treatment on Sunday at 8:30pm"],
    ] as const) {
      await server.pay(await server.holdByText(phones[name], ask));
      booking[name] = (await server.bookings({ phone: phones[name] }))[0]!;
      expect(booking[name]).toMatchObject({ status: "confirmed", payment: { status: "paid", amountCents: 12000 } });
    }

    // Sunday 8 March, 10:00 EDT: Sunday's appointment is cancelled by the salon and refunded in full.
    server.clock.set("2026-03-08T14:00:00Z");
    await server.admin.post(`/admin/bookings/${booking.sunday830pm!.id}/cancel`, { reason: "Stylist ill" }).expect(200);
    expect((await server.bookings({ phone: phones.sunday830pm }))[0]!.payment.status).toBe("refunded");

    // Monday 9 March, 00:30 EDT (04:30 UTC): half an hour into Monday, not Sunday's 24th hour.
    server.clock.set("2026-03-09T04:30:00Z");
    booking.afterMidnight = await bookFree(phones.afterMidnight, "haircut today at 5pm");

    // Monday 9 March, 21:00 EDT: Saturday's customer came, Monday's 7pm did not.
    server.clock.set("2026-03-10T01:00:00Z");
    await server.admin.post(`/admin/bookings/${booking.saturday9pm!.id}/complete`).expect(200);
    await server.admin.post(`/admin/bookings/${booking.monday7pm!.id}/no-show`).expect(200);

    // Two turns the language model helped with on Friday evening (recorded as the conversation engine does).
    const [person] = await server.database.db.select().from(customers).where(eq(customers.phone, phones.justAsking));
    const [conversation] = await server.database.db.select().from(conversations).where(eq(conversations.customerId, person!.id));
    const turn = { businessId: server.businessId!, conversationId: conversation!.id, input: "hello", state: "idle", createdAt: new Date("2026-03-07T01:30:00Z") };
    await server.database.db.insert(llmTurns).values([
      { ...turn, outcome: "understood", promptTokens: 120, completionTokens: 30, latencyMs: 400 },
      { ...turn, outcome: "failed:timeout", latencyMs: 4000 },
    ]);
  }, 60_000);
  afterAll(() => server.close());

  it("books the evening appointments where the UTC date is the next day", () => {
    expect(booking.saturday9pm!.start).toBe("2026-03-07T21:00:00-05:00");
    expect(booking.sunday830pm!.start).toBe("2026-03-08T20:30:00-04:00");
    expect(booking.monday7pm!.start).toBe("2026-03-09T19:00:00-04:00");
  });

  it("counts bookings made on the local day they were made, and appointments on their local start date", async () => {
    const stats = await daily("?from=2026-03-06&to=2026-03-09");
    expect(stats).toMatchObject({ from: "2026-03-06", to: "2026-03-09", today: "2026-03-09", timezone: "America/New_York", currency: "USD" });
    expect(stats.days.map((d) => [d.date, nonZero(d.made), nonZero(d.appointments)])).toEqual([
      ["2026-03-06", { confirmed: 1, completed: 1, cancelled: 1, no_show: 1 }, {}],
      ["2026-03-07", {}, { completed: 1 }],
      ["2026-03-08", {}, { cancelled: 1 }],
      ["2026-03-09", { confirmed: 1 }, { confirmed: 2, no_show: 1 }],
    ]);
    expect(nonZero(stats.totals.made)).toEqual({ confirmed: 2, completed: 1, cancelled: 1, no_show: 1 });
    expect(stats.totals.made).toEqual(expect.objectContaining({ held: 0, expired: 0, pending_payment: 0 }));
  });

  it("ends Sunday 8 March at local midnight, 23 hours after it began", async () => {
    const sunday = await daily("?from=2026-03-08&to=2026-03-08");
    expect(sunday.days.map((d) => d.date)).toEqual(["2026-03-08"]);
    expect(nonZero(sunday.totals.made)).toEqual({});
    const monday = await daily("?from=2026-03-09&to=2026-03-09");
    expect(nonZero(monday.totals.made)).toEqual({ confirmed: 1 });
  });

  it("puts revenue on the day it was paid and the refund on the day it was given, in cents of the business's currency", async () => {
    const stats = await daily("?from=2026-03-06&to=2026-03-09");
    expect(stats.days.map((d) => [d.date, d.revenueCents, d.refundsCents])).toEqual([
      ["2026-03-06", 24000, 0],
      ["2026-03-07", 0, 0],
      ["2026-03-08", 0, 12000],
      ["2026-03-09", 0, 0],
    ]);
    expect(stats.totals).toMatchObject({ revenueCents: 24000, refundsCents: 12000, otherCurrencies: [] });
  });

  it("gives the period's conversion, no-show rate, plan completion and LLM use", async () => {
    const stats = await daily("?from=2026-03-06&to=2026-03-09");
    expect(stats.totals).toMatchObject({
      // Six customers wrote first in the period; all but the one who only asked booked (a cancelled booking still counts).
      conversion: { customersWhoWrote: 6, customersWhoBooked: 5, rate: 0.833 },
      noShows: { noShow: 1, completed: 1, rate: 0.5 },
      plans: { started: 1, completed: 0, cancelled: 0, rate: 0 },
      llm: { turns: 2, understood: 1, failed: 1, promptTokens: 120, completionTokens: 30 },
    });
    const weekend = await daily("?from=2026-03-07&to=2026-03-08");
    expect(weekend.totals).toMatchObject({
      conversion: { customersWhoWrote: 0, customersWhoBooked: 0, rate: 0 },
      noShows: { noShow: 0, completed: 1, rate: 0 },
      plans: { started: 0 },
      llm: { turns: 0, promptTokens: 0 },
    });
  });

  it("defaults to the 30 days up to today, every day listed", async () => {
    const stats = await daily("");
    expect(stats).toMatchObject({ from: "2026-02-08", to: "2026-03-09", today: "2026-03-09" });
    expect(stats.days).toHaveLength(30);
    expect(stats.days.reduce((sum, d) => sum + d.made.confirmed!, 0)).toBe(2);
    expect(stats.totals.revenueCents).toBe(24000);
    const sinceFriday = await daily("?from=2026-03-06");
    expect(sinceFriday).toMatchObject({ from: "2026-03-06", to: "2026-03-09" });
  });

  it("refuses a bad period with a 400 naming from or to", async () => {
    const fields = async (query: string) => fieldsOf(await server.admin.get(`/admin/stats/daily${query}`));
    expect(await fields("?from=2026-3-6")).toEqual(["from"]);
    expect(await fields("?to=2026-02-30")).toEqual(["to"]);
    expect(await fields("?from=yesterday&to=today")).toEqual(["from", "to"]);
    expect(await fields("?from=2026-03-09&to=2026-03-08")).toEqual(["to"]);
    expect(await fields("?from=2025-03-08&to=2026-03-09")).toEqual(["to"]);
    expect(await fields("?from=2026-03-10")).toEqual(["from"]);
    expect(await fields("?from=2026-03-06&days=7")).toEqual(["days"]);
    const longest = await server.admin.get("/admin/stats/daily?from=2025-03-09&to=2026-03-09");
    expect(longest.status).toBe(200);
    expect(longest.body.days).toHaveLength(366);
  });

  it("answers 401 without credentials", async () => {
    expectProblem(await server.admin.raw("get", "/admin/stats/daily"), 401);
  });
});

describe("a business a day ahead of UTC (Pacific/Auckland)", () => {
  let server: AdminServer;

  beforeAll(async () => {
    // Tuesday 3 March 2026, 08:00 in Auckland (NZDT, +13:00) is still Monday 2 March in UTC.
    server = await startAdminServer({ now: "2026-03-02T19:00:00Z" });
    await server.admin.patch("/admin/business", { timezone: "Pacific/Auckland" }).expect(200);
  });
  afterAll(() => server.close());

  it("counts a morning booking on its Auckland date, not the UTC one", async () => {
    const phone = newPhone();
    await server.text(phone, "haircut today at 11am");
    expect((await server.text(phone, "yes")).join("\n")).toMatch(/Booked: Haircut, Tue 3 Mar, 11:00/);
    const res = await server.admin.get("/admin/stats/daily?from=2026-03-02&to=2026-03-03");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today: "2026-03-03", timezone: "Pacific/Auckland" });
    expect((res.body.days as DayJson[]).map((d) => [d.date, nonZero(d.made), nonZero(d.appointments)])).toEqual([
      ["2026-03-02", {}, {}],
      ["2026-03-03", { confirmed: 1 }, { confirmed: 1 }],
    ]);
    expect(res.body.totals.conversion).toEqual({ customersWhoWrote: 1, customersWhoBooked: 1, rate: 1 });
  });
});
