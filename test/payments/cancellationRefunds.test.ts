/**
 * Cancelling and rescheduling paid bookings under the business's policy (free until 24 hours
 * before, then 40% kept): refunds through Stripe of exactly what the policy gives back, by text
 * and by admin, the fee waived by staff; a reschedule keeps the payment and is counted. When Stripe
 * cannot refund, the cancellation stands and its refund (amount fixed) is sent when Stripe answers.
 */
import { eq } from "drizzle-orm";
import { payments, refunds } from "../../src/db/schema";
import { type BookingJson, expectProblem, phoneMaker } from "../support/adminClient";
import { type Hold, type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

let server: PaymentsServer;
const newPhone = phoneMaker("555303");

interface Paid {
  phone: string;
  hold: Hold;
  booking: BookingJson;
}
const paid: Record<string, Paid> = {};

/** Each customer books and pays at Monday 08:00; the tests then act at Monday 15:00. */
const bookings: Record<string, string> = {
  lateByText: "colour treatment tomorrow at 10am",
  lateByAdmin: "colour treatment tomorrow at 12pm",
  lateWaived: "colour treatment tomorrow at 2pm",
  earlyByText: "colour treatment on Wednesday at 10am",
  earlyByAdmin: "colour treatment on Wednesday at 12pm",
  movedByAdmin: "colour treatment on Thursday at 10am",
  movedByText: "colour treatment on Thursday at 12pm",
  refundFailsByText: "colour treatment on Friday at 1pm",
  refundFailsByAdmin: "colour treatment on Friday at 3pm",
};

beforeAll(async () => {
  server = await startPaymentsServer();
  await server.admin.patch("/admin/business", { cancellation: { freeUntilHours: 24, lateFeePercent: 40 } }).expect(200);
  await server.admin.post("/admin/promo-codes", { code: "LATE25", maxUses: 1, percentOff: 25 }).expect(201);
  for (const [name, ask] of Object.entries(bookings)) {
    const phone = newPhone();
    // The late text cancel was paid with a code: the refund is a share of what was paid, not of the price.
    if (name === "lateByText") await server.text(phone, "code LATE25");
    const hold = await server.holdByText(phone, ask);
    await server.pay(hold);
    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "paid" } });
    paid[name] = { phone, hold, booking: booking! };
  }
  server.clock.set(new Date("2026-03-02T20:00:00Z")); // Monday 15:00 in New York
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** The last message sent to the phone (staff act at a later minute than the customer's texts, so it sorts last). */
const lastOut = async (phone: string) => (await server.sentTo(phone)).pop()?.body;

/** Runs `act` and returns the refunds Stripe was asked for meanwhile, as [payment intent, amount]. */
async function refundsDuring(act: () => Promise<unknown>): Promise<[string, number][]> {
  const mark = server.stripe.requests.length;
  await act();
  await server.settled();
  const refunds = server.stripeRequestsSince(mark, "/v1/refunds");
  for (const r of refunds) expect(r.status).toBe(200);
  return refunds.map((r) => [String(r.body.payment_intent), Number(r.body.amount)]);
}

const intentOf = (name: string) => paid[name]!.hold.session.payment_intent!;
const refundedAtStripe = (name: string) => server.stripe.paymentIntents.get(intentOf(name))!.amountRefunded;

describe("a late cancellation (inside 24 hours)", () => {
  it("by text refunds exactly 60% of what was paid, and says so before and after", async () => {
    const { phone } = paid.lateByText!;
    expect(paid.lateByText!.booking.payment.amountCents).toBe(9000);
    expect(await server.text(phone, "cancel")).toEqual([
      "Cancel Colour treatment, Tue 3 Mar, 10:00? It's within our late-cancellation window: $36.00 is kept and $54.00 refunded. (yes/no)",
    ]);

    let replies: string[] = [];
    const refunds = await refundsDuring(async () => (replies = await server.text(phone, "yes")));

    expect(replies).toEqual(["Cancelled: Colour treatment, Tue 3 Mar, 10:00. $54.00 is on its way back to you. Reply any time to book again."]);
    expect(refunds).toEqual([[intentOf("lateByText"), 5400]]);
    expect(refundedAtStripe("lateByText")).toBe(5400);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "partially_refunded", amountCents: 9000 } });
  });

  it("by admin refunds exactly 60% too, and tells the customer what comes back", async () => {
    const { phone, booking } = paid.lateByAdmin!;
    const refunds = await refundsDuring(() => server.admin.post(`/admin/bookings/${booking.id}/cancel`, { reason: "stylist ill" }).expect(200));

    expect(refunds).toEqual([[intentOf("lateByAdmin"), 7200]]);
    expect(refundedAtStripe("lateByAdmin")).toBe(7200);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "partially_refunded" } });
    expect(await lastOut(phone)).toBe("Your Colour treatment, Tue 3 Mar, 12:00 has been cancelled by the business. Reply to book another time. $72.00 is on its way back to you.");
  });

  it("by admin with the fee waived refunds in full", async () => {
    const { phone, booking } = paid.lateWaived!;
    const refunds = await refundsDuring(() => server.admin.post(`/admin/bookings/${booking.id}/cancel`, { waiveFee: true }).expect(200));

    expect(refunds).toEqual([[intentOf("lateWaived"), 12000]]);
    expect(refundedAtStripe("lateWaived")).toBe(12000);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded" } });
    expect(await lastOut(phone)).toContain("$120.00 is on its way back to you.");
  });
});

describe("an early cancellation (more than 24 hours ahead)", () => {
  it("by text refunds in full", async () => {
    const { phone } = paid.earlyByText!;
    expect((await server.text(phone, "cancel"))[0]).toBe("Cancel Colour treatment, Wed 4 Mar, 10:00? You'll get $120.00 back in full. (yes/no)");
    let replies: string[] = [];
    const refunds = await refundsDuring(async () => (replies = await server.text(phone, "yes")));

    expect(replies).toEqual(["Cancelled: Colour treatment, Wed 4 Mar, 10:00. $120.00 is on its way back to you. Reply any time to book again."]);
    expect(refunds).toEqual([[intentOf("earlyByText"), 12000]]);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded" } });
  });

  it("by admin refunds in full", async () => {
    const { phone, booking } = paid.earlyByAdmin!;
    const refunds = await refundsDuring(() => server.admin.post(`/admin/bookings/${booking.id}/cancel`, {}).expect(200));

    expect(refunds).toEqual([[intentOf("earlyByAdmin"), 12000]]);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded" } });
  });
});

describe("a reschedule", () => {
  it("by admin keeps the payment: no new checkout, no refund, and it is counted", async () => {
    const { phone, booking } = paid.movedByAdmin!;
    const mark = server.stripe.requests.length;
    await server.admin.post(`/admin/bookings/${booking.id}/reschedule`, { start: "2026-03-05T15:00:00-05:00" }).expect(200);

    expect(server.stripeRequestsSince(mark)).toEqual([]);
    const [moved] = await server.bookings({ phone });
    expect(moved).toMatchObject({ id: booking.id, status: "confirmed", start: "2026-03-05T15:00:00-05:00", rescheduleCount: 1, payment: booking.payment });
  });

  it("by text keeps the payment too, and it is counted", async () => {
    const { phone, booking } = paid.movedByText!;
    const mark = server.stripe.requests.length;
    await server.text(phone, "reschedule");
    expect((await server.text(phone, "Friday at 10am"))[0]).toBe("Move Colour treatment, Thu 5 Mar, 12:00 to Fri 6 Mar, 10:00? (yes/no)");
    expect((await server.text(phone, "yes"))[0]).toBe("Done: Colour treatment, Fri 6 Mar, 10:00. See you then!");

    expect(server.stripeRequestsSince(mark)).toEqual([]);
    const [moved] = await server.bookings({ phone });
    expect(moved).toMatchObject({ id: booking.id, status: "confirmed", start: "2026-03-06T10:00:00-05:00", rescheduleCount: 1, payment: booking.payment });
  });
});

describe("a cancellation while Stripe cannot refund", () => {
  // The SDK tries twice (one retry): both attempts fail.
  const stripeDown = () => server.stripe.failNext(2, 500, "Stripe is having a moment");

  /** The refund waits in its row, its amount fixed; the jobs a minute later send it, once. */
  async function refundedByTheJobs(name: string, bookingId: string): Promise<void> {
    const [row] = await server.database.db.select().from(refunds).innerJoin(payments, eq(payments.id, refunds.paymentId)).where(eq(payments.bookingId, bookingId));
    expect(row!.refunds).toMatchObject({ status: "pending", amountCents: 12000, attempts: 1, lastError: expect.stringContaining("Stripe is having a moment") });
    expect(refundedAtStripe(name)).toBe(0);
    server.clock.advanceMinutes(2);
    const counts = (await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200)).body as Record<string, number>;
    expect(counts.paymentCalls).toBeGreaterThanOrEqual(1);
    expect(refundedAtStripe(name)).toBe(12000);
    await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200);
    expect(server.stripe.refunds.size).toBe([...server.stripe.refunds.values()].length);
    expect([...server.stripe.refunds.values()].filter((r) => r.payment_intent === intentOf(name))).toHaveLength(1);
  }

  it("by text cancels and says what comes back; the refund, kept with its amount, goes when Stripe answers again", async () => {
    const { phone, booking } = paid.refundFailsByText!;
    await server.text(phone, "cancel");
    stripeDown();
    expect(await server.text(phone, "yes")).toEqual([expect.stringMatching(/^Cancelled: Colour treatment, Fri 6 Mar, 13:00\. \$120\.00 is on its way back to you\./)]);
    await server.settled();
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded", refundedCents: 12000 } });
    await refundedByTheJobs("refundFailsByText", booking.id);
  });

  it("by admin answers 200 (the cancellation stands) and the jobs send the refund when Stripe answers again", async () => {
    const { phone, booking } = paid.refundFailsByAdmin!;
    stripeDown();
    await server.admin.post(`/admin/bookings/${booking.id}/cancel`, {}).expect(200);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded" } });
    await refundedByTheJobs("refundFailsByAdmin", booking.id);
  });
});

describe("cancelling a booking before it is paid", () => {
  const expireCalls = (mark: number, sessionId: string) => server.stripeRequestsSince(mark, `/v1/checkout/sessions/${sessionId}/expire`);

  it("by text closes its payment link at Stripe, and refunds nothing", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment next monday at 10am");
    const mark = server.stripe.requests.length;
    await server.text(phone, "cancel");
    expect(await server.text(phone, "yes")).toEqual(["Cancelled: Colour treatment, Mon 9 Mar, 10:00. Reply any time to book again."]);
    // The page is closed right after the answer.
    await server.settled();

    expect(expireCalls(mark, hold.session.id)).toEqual([expect.objectContaining({ method: "POST", status: 200 })]);
    expect(server.stripeRequestsSince(mark, "/v1/refunds")).toEqual([]);
    expect(hold.session.status).toBe("expired");
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "expired" } });
  });

  it("by admin closes the link too, and Stripe's expired event that follows tells the customer nothing more", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment next monday at 2pm");
    const [booking] = await server.bookings({ phone });
    const mark = server.stripe.requests.length;
    await server.admin.post(`/admin/bookings/${booking!.id}/cancel`, {}).expect(200);
    expect(expireCalls(mark, hold.session.id)).toHaveLength(1);
    const told = (await server.messagesOf(phone)).length;

    const expired = server.stripe.event("checkout.session.expired", server.stripe.sessions.get(hold.session.id));
    expect((await server.deliver(expired)).body.outcome).toBe("ignored");
    expect(await server.messagesOf(phone)).toHaveLength(told);
  });

  it("refunds in full, saying why, when Stripe could not close the link and the customer paid anyway", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment next tuesday at 10am");
    await server.text(phone, "cancel");
    const asked = server.stripe.requests.length;
    server.stripe.failNext(2, 500);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Cancelled: /);
    // Closing the page, after the answer, fails twice (the SDK's retry); the jobs would try again.
    for (let waited = 0; expireCalls(asked, hold.session.id).length < 2 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(expireCalls(asked, hold.session.id).map((r) => r.status)).toEqual([500, 500]);
    expect(hold.session.status).toBe("open");
    server.clock.advanceMinutes(1);
    const mark = server.stripe.requests.length;

    await server.pay(hold);

    expect(server.stripeRequestsSince(mark, "/v1/refunds").map((r) => r.body)).toEqual([expect.objectContaining({ payment_intent: hold.session.payment_intent, amount: "12000" })]);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "refunded" } });
    expect(await lastOut(phone)).toBe("Your Colour treatment on Tue 10 Mar, 10:00 was cancelled before your payment came through, so we've refunded $120.00 in full. Reply any time to book again.");
  });
});

describe("a cancellation at the moment the payment arrives", () => {
  it("never deadlocks with the payment: both answer, and the money goes back", async () => {
    for (let round = 0; round < 3; round++) {
      const phone = newPhone();
      const hold = await server.holdByText(phone, `colour treatment on March ${24 + round} at 11am`);
      const [held] = await server.bookings({ phone });
      const [cancel, paid] = await Promise.all([server.admin.post(`/admin/bookings/${held!.id}/cancel`, {}), server.deliver(server.stripe.complete(hold.session.id))]);
      expect([cancel.status, paid.status]).toEqual([200, 200]);
      const [after] = await server.bookings({ phone });
      expect(after).toEqual(expect.objectContaining({ status: "cancelled", payment: expect.objectContaining({ status: "refunded" }) }));
    }
  });
});
