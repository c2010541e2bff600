/**
 * Payments that arrive late or out of order. Stripe may deliver checkout.session.expired before
 * the completed event of the same session, and a customer may pay after our hold ran out: the
 * paid booking is confirmed when its time is still free, and refunded in full, with an apology and
 * the nearest free times, when someone else has it by then.
 */
import { type Hold, type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";
import { phoneMaker } from "../support/adminClient";
import { MANAGE_LINK } from "../support/manageLinks";
import type { FakeStripeEvent } from "../fakes/stripeApi";

let server: PaymentsServer;
const newPhone = phoneMaker("555302");

beforeAll(async () => {
  server = await startPaymentsServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

const outgoing = async (phone: string) => (await server.sentTo(phone)).map((m) => m.body);

/**
 * Both events of one session, as a delivery out of order would bring them: the customer paid
 * (completed), and an expired event for the same session, built from the same session object.
 */
function bothEvents(hold: Hold): { completed: FakeStripeEvent; expired: FakeStripeEvent } {
  const completed = server.stripe.complete(hold.session.id);
  const expired = server.stripe.event("checkout.session.expired", { ...hold.session, status: "expired", payment_status: "unpaid", payment_intent: null, url: null });
  return { completed, expired };
}

async function deliverApplied(event: FakeStripeEvent): Promise<void> {
  const res = await server.deliver(event);
  expect(res.status).toBe(200);
  expect(res.body.outcome).toBe("applied");
  server.clock.advanceMinutes(1);
}

describe("checkout.session.expired before checkout.session.completed", () => {
  it("confirms the paid booking when its time is still free", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment tomorrow at 11am");
    const { completed, expired } = bothEvents(hold);
    const refundsBefore = server.stripe.requests.length;

    await deliverApplied(expired);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "expired" });
    await deliverApplied(completed);

    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "paid", amountCents: 12000 } });
    expect(server.stripeRequestsSince(refundsBefore, "/v1/refunds")).toEqual([]);
    expect((await outgoing(phone)).slice(-3)).toEqual([
      "Your payment link expired, so the time was released. Reply any time to book again.",
      "Payment received. You're booked: Colour treatment, Tue 3 Mar, 11:00. See you then!",
      MANAGE_LINK,
    ]);
  });

  it("refunds in full when another customer took the time in between", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Wednesday at 11am");
    const { completed, expired } = bothEvents(hold);
    await deliverApplied(expired);
    // Both staff are free on Wednesday at 11: two other customers take both chairs.
    for (const other of [newPhone(), newPhone()]) await server.pay(await server.holdByText(other, "colour treatment on Wednesday at 11am"));
    const mark = server.stripe.requests.length;

    await deliverApplied(completed);

    const [booking] = await server.bookings({ phone });
    expect(booking).toMatchObject({ status: "expired", payment: { status: "refunded" } });
    const refunds = server.stripeRequestsSince(mark, "/v1/refunds");
    expect(refunds.map((r) => r.body)).toEqual([expect.objectContaining({ payment_intent: hold.session.payment_intent, amount: "12000" })]);
    expect(server.stripe.paymentIntents.get(hold.session.payment_intent!)!.amountRefunded).toBe(12000);
    expect((await outgoing(phone)).pop()).toMatch(/^Sorry! Your payment came after the hold ran out and Wed 4 Mar, 11:00 was taken\. We've refunded \$120\.00 in full\. Nearest free times:\n1\) /);
  });

  it("keeps a confirmed booking when the expired event comes after the completed one", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Wednesday at 3pm");
    const { completed, expired } = bothEvents(hold);
    await deliverApplied(completed);

    const res = await server.deliver(expired);
    expect(res.body.outcome).toBe("ignored");
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "confirmed", payment: { status: "paid" } });
    expect((await outgoing(phone)).filter((body) => body.includes("expired"))).toEqual([]);
  });
});

describe("a delayed payment method (a bank debit)", () => {
  it("keeps the hold, 'processing', while the checkout completes unpaid — past the hold's usual end — and confirms when the money arrives", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 3pm");
    const { completed, succeeded } = server.stripe.completeDelayed(hold.session.id);

    await deliverApplied(completed);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "pending_payment", holdExpiresAt: "2026-03-05T15:00:00-05:00", payment: { status: "processing" } });
    expect((await outgoing(phone)).pop()).toBe("Thanks! Your payment for Colour treatment, Thu 5 Mar, 15:00 is on its way. Bank payments take a few days: we hold the time until it arrives.");
    // The jobs an hour later (the Checkout hold long over) leave it held.
    server.clock.advanceMinutes(60);
    expect((await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200)).body.expiredHolds).toBe(0);
    await deliverApplied(succeeded);

    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "confirmed", payment: { status: "paid", amountCents: 12000 } });
    expect((await outgoing(phone)).slice(-2)).toEqual(["Payment received. You're booked: Colour treatment, Thu 5 Mar, 15:00. See you then!", MANAGE_LINK]);
  });

  it("releases the held time and tells the customer when the delayed payment fails (async_payment_failed)", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 4pm");
    const { completed, failed } = server.stripe.completeDelayedFailed(hold.session.id);
    await deliverApplied(completed);
    server.clock.advanceMinutes(60 * 24);

    await deliverApplied(failed);

    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "expired", payment: { status: "expired" } });
    expect((await outgoing(phone)).pop()).toBe("Sorry, your bank payment for Colour treatment, Thu 5 Mar, 16:00 did not go through, so the time was released. Reply any time to book again.");
    // The time is free again, and the jobs say nothing more about it.
    const jobs = (await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200)).body as Record<string, number>;
    expect(jobs.expiredHolds).toBe(0);
    expect((await outgoing(phone)).filter((body) => body.includes("lapsed"))).toEqual([]);
    const other = newPhone();
    await server.holdByText(other, "colour treatment on Thursday at 4pm");
    expect((await server.bookings({ phone: other }))[0]).toMatchObject({ status: "pending_payment", start: "2026-03-05T16:00:00-05:00" });
    // Stripe delivering the failure again changes nothing.
    expect((await server.deliver(failed)).body.outcome).toBe("duplicate");
    await server.runJobsAfterHold(other);
  });
});

describe("the hold running out", () => {
  it("releases the slot and tells the customer once, however many times the jobs run", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 10am");

    expect((await server.runJobsAfterHold(phone)).expiredHolds).toBe(1);
    await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200);

    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "expired", payment: { status: "pending", url: hold.url } });
    expect((await outgoing(phone)).filter((body) => body.includes("lapsed"))).toEqual([
      "Your hold on Colour treatment, Thu 5 Mar, 10:00 has lapsed and the time is free again. Reply to book again.",
    ]);
  });

  it("tells the customer once when Stripe's expired event released the hold and the jobs run after it", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "colour treatment on Thursday at 2pm");
    await deliverApplied(server.stripe.expire(hold.session.id));
    await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200);

    const told = (await outgoing(phone)).filter((body) => body.includes("expired") || body.includes("lapsed"));
    expect(told).toEqual(["Your payment link expired, so the time was released. Reply any time to book again."]);
  });

  it("refunds a payment that arrives after the slot went to someone else, in full, with an apology and the nearest free times", async () => {
    server.clock.set(new Date("2026-03-09T13:00:00Z")); // Monday 9 March, 09:00 EDT
    const late = newPhone();
    const hold = await server.holdByText(late, "colour treatment on Friday at 10am");
    expect((await server.runJobsAfterHold(late)).expiredHolds).toBe(1);
    expect((await outgoing(late)).pop()).toBe("Your hold on Colour treatment, Fri 13 Mar, 10:00 has lapsed and the time is free again. Reply to book again.");

    // Alex and Sam both work at 10 on Fridays: two other customers take both chairs.
    for (const other of [newPhone(), newPhone()]) {
      await server.pay(await server.holdByText(other, "colour treatment on Friday at 10am"));
      expect((await server.bookings({ phone: other }))[0]).toMatchObject({ status: "confirmed", start: "2026-03-13T10:00:00-04:00" });
    }
    const mark = server.stripe.requests.length;

    await server.pay(hold);

    expect((await server.bookings({ phone: late }))[0]).toMatchObject({ status: "expired", payment: { status: "refunded", amountCents: 12000 } });
    const refunds = server.stripeRequestsSince(mark, "/v1/refunds");
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ status: 200, idempotencyKey: expect.any(String), body: { payment_intent: hold.session.payment_intent, amount: "12000", reason: "requested_by_customer" } });
    expect(server.stripe.paymentIntents.get(hold.session.payment_intent!)).toMatchObject({ amount: 12000, amountRefunded: 12000 });
    const apology = (await outgoing(late)).pop()!;
    expect(apology).toMatch(/^Sorry! Your payment came after the hold ran out and Fri 13 Mar, 10:00 was taken\. We've refunded \$120\.00 in full\. Nearest free times:\n/);
    const offered = apology.split("\n").filter((line) => /^\d\) /.test(line));
    expect(offered).toHaveLength(3);
    expect(offered.join("\n")).not.toContain("Fri 13 Mar, 10:00");
    expect(apology).toMatch(/Reply with another day or time to book\.$/);
  });

  it("takes the event while the refund cannot be made, keeps the refund with its amount, and sends it once when Stripe answers", async () => {
    const late = newPhone();
    const hold = await server.holdByText(late, "colour treatment on Friday at 2pm");
    await server.runJobsAfterHold(late);
    for (const other of [newPhone(), newPhone()]) await server.pay(await server.holdByText(other, "colour treatment on Friday at 2pm"));

    const event = server.stripe.complete(hold.session.id);
    server.stripe.failNext(2, 500);
    expect((await server.deliver(event)).body.outcome).toBe("applied");
    expect((await server.bookings({ phone: late }))[0]).toMatchObject({ status: "expired", payment: { status: "refunded", refundedCents: 12000 } });
    expect(server.stripe.paymentIntents.get(hold.session.payment_intent!)!.amountRefunded).toBe(0);
    expect((await server.messagesOf(late)).filter((m) => m.body.startsWith("Sorry! Your payment came after"))).toHaveLength(1);

    // Stripe delivers the event again: nothing more. The jobs, once Stripe answers, refund it once.
    server.clock.advanceMinutes(5);
    expect((await server.deliver(event)).body.outcome).toBe("duplicate");
    await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200);
    await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200);
    expect(server.stripe.paymentIntents.get(hold.session.payment_intent!)!.amountRefunded).toBe(12000);
    expect([...server.stripe.refunds.values()].filter((r) => r.payment_intent === hold.session.payment_intent)).toHaveLength(1);
    expect((await server.messagesOf(late)).filter((m) => m.body.startsWith("Sorry! Your payment came after"))).toHaveLength(1);
  });
});
