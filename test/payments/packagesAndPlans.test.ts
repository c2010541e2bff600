/**
 * What one payment can buy besides a single booking: a pass (a service sold as 3 sessions paid
 * upfront, each booking drawing a credit) and an immediate multi-session plan (every session
 * booked at once, paid once for the whole plan). One Checkout Session each, never a second.
 */
import { eq } from "drizzle-orm";
import { customers, packages } from "../../src/db/schema";
import { phoneMaker } from "../support/adminClient";
import { MANAGE_LINK, bookingOfManageLink } from "../support/manageLinks";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

let server: PaymentsServer;
const newPhone = phoneMaker("555304");

beforeAll(async () => {
  server = await startPaymentsServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

const outgoing = async (phone: string) => (await server.sentTo(phone)).map((m) => m.body);
const checkoutsSince = (mark: number) => server.stripeRequestsSince(mark, "/v1/checkout/sessions");

/** Two other customers take both chairs (Alex's and Sam's) at that time with haircuts, paid at the appointment. */
async function haircutsInBothChairs(when: string, shownAs: string): Promise<void> {
  for (const other of [newPhone(), newPhone()]) {
    await server.text(other, `haircut on ${when}`);
    expect((await server.text(other, "yes"))[0]).toMatch(new RegExp(`^Booked: Haircut, ${shownAs}\\.`));
  }
  server.clock.advanceMinutes(1);
}

/** Asks, says yes, and moves the clock on a minute; returns the answer to the yes. */
async function book(phone: string, ask: string, expectedQuestion: string): Promise<string> {
  expect(await server.text(phone, ask)).toEqual([expectedQuestion]);
  const [answer] = await server.text(phone, "yes");
  server.clock.advanceMinutes(1);
  return answer!;
}

describe("a 3-session styling pass", () => {
  it("is paid once through Stripe, then booked twice more from its credits, the customer told how many remain", async () => {
    const phone = newPhone();
    const mark = server.stripe.requests.length;
    const hold = await server.holdByText(phone, "styling pass friday at 10am");
    expect(hold.reply).toBe(`Held for you for 30 minutes: Styling pass, Fri 6 Mar, 10:00. 2 of 3 sessions left on your pass. Pay $120.00 to confirm:\n${hold.url}`);
    const [checkout] = checkoutsSince(mark);
    expect(checkout!.body).toMatchObject({
      mode: "payment",
      line_items: [{ price_data: { unit_amount: "12000", product_data: { name: "Styling pass (3-session pass)" } } }],
      metadata: { bookingIds: (await server.bookings({ phone }))[0]!.id, packageId: expect.any(String) },
    });

    await server.pay(hold);
    expect((await outgoing(phone)).slice(-2)).toEqual(["Payment received. You're booked: Styling pass, Fri 6 Mar, 10:00. 2 of 3 sessions left on your pass. See you then!", MANAGE_LINK]);

    expect(await book(phone, "blow dry next monday at 11am", "Styling pass: Mon 9 Mar, 11:00 with Alex, using 1 of the 2 sessions left on your pass. Book it? (yes/no)")).toBe(
      "Booked: Styling pass, Mon 9 Mar, 11:00. 1 of 3 sessions left on your pass. See you then!",
    );
    expect(await book(phone, "styling pass next tuesday at 11am", "Styling pass: Tue 10 Mar, 11:00 with Alex, using the last session left on your pass. Book it? (yes/no)")).toBe(
      "Booked: Styling pass, Tue 10 Mar, 11:00. 0 of 3 sessions left on your pass. See you then!",
    );

    expect(checkoutsSince(mark)).toHaveLength(1);
    const sessions = await server.bookings({ phone });
    expect(sessions.map((b) => [b.status, b.payment.status])).toEqual([
      ["confirmed", "paid"],
      ["confirmed", "package"],
      ["confirmed", "package"],
    ]);
    const [pass] = await server.database.db.select().from(packages).where(eq(packages.customerId, (await customerId(phone))!));
    expect(pass).toMatchObject({ totalCredits: 3, usedCredits: 3, status: "used_up" });
    // Used up: the next session sells a new pass.
    expect(await server.text(phone, "styling pass next wednesday at 11am")).toEqual([
      "Styling pass: a pass of 3 sessions for $120.00, paid once. First session: Wed 11 Mar, 11:00 with Alex. Book it? (yes/no)",
    ]);
  });

  it("gives the credit back, not the pass's money, when the session bought with it is cancelled in time", async () => {
    const phone = newPhone();
    await server.pay(await server.holdByText(phone, "styling pass on Thursday at 11am"));
    const mark = server.stripe.requests.length;

    expect(await server.text(phone, "cancel")).toEqual(["Cancel Styling pass, Thu 5 Mar, 11:00? The session goes back on your pass. (yes/no)"]);
    expect(await server.text(phone, "yes")).toEqual(["Cancelled: Styling pass, Thu 5 Mar, 11:00. The session is back on your pass. Reply any time to book again."]);

    expect(server.stripeRequestsSince(mark)).toEqual([]);
    expect((await server.bookings({ phone }))[0]).toMatchObject({ status: "cancelled", payment: { status: "paid", amountCents: 12000 } });
    const [pass] = await server.database.db.select().from(packages).where(eq(packages.customerId, (await customerId(phone))!));
    expect(pass).toMatchObject({ usedCredits: 0, status: "active" });
    expect((await server.text(phone, "styling pass on Friday at 11am"))[0]).toContain("using 1 of the 3 sessions left on your pass");
  });

  it("uses the credit of a session cancelled late, and says so before the customer confirms", async () => {
    const phone = newPhone();
    await server.pay(await server.holdByText(phone, "styling pass tomorrow at 4pm"));
    await book(phone, "styling pass on Thursday at 4pm", "Styling pass: Thu 5 Mar, 16:00 with Alex, using 1 of the 2 sessions left on your pass. Book it? (yes/no)");
    server.clock.set(new Date("2026-03-02T22:00:00Z")); // Monday 17:00: Tuesday 16:00 is 23 hours away, too late to cancel free (24 hours)

    expect(await server.text(phone, "cancel")).toEqual([expect.stringMatching(/^Which booking would you like to cancel\?\n1\) Styling pass, Tue 3 Mar, 16:00/)]);
    expect(await server.text(phone, "1")).toEqual(["Cancel Styling pass, Tue 3 Mar, 16:00? It's within our late-cancellation window, so the session on your pass is used. (yes/no)"]);
    expect(await server.text(phone, "yes")).toEqual(["Cancelled: Styling pass, Tue 3 Mar, 16:00. Reply any time to book again."]);

    const [pass] = await server.database.db.select().from(packages).where(eq(packages.customerId, (await customerId(phone))!));
    expect(pass).toMatchObject({ usedCredits: 2, status: "active" });
  });

  it("is not sold when it is paid late, refunded in full, because its first session's time went to someone else", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "styling pass next thursday at 11am");
    await server.runJobsAfterHold(phone);
    await haircutsInBothChairs("March 12 at 11am", "Thu 12 Mar, 11:00");
    const mark = server.stripe.requests.length;

    await server.pay(hold);

    expect(server.stripeRequestsSince(mark, "/v1/refunds").map((r) => r.body.amount)).toEqual(["12000"]);
    const [pass] = await server.database.db.select().from(packages).where(eq(packages.customerId, (await customerId(phone))!));
    expect(pass).toMatchObject({ status: "cancelled" });
    expect((await server.text(phone, "styling pass next friday at 11am"))[0]).toContain("a pass of 3 sessions for $120.00, paid once");
  });

  it("is not sold when its payment link expires: the next ask offers the pass again", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "styling pass thursday at 3pm");
    expect((await server.deliver(server.stripe.expire(hold.session.id))).body.outcome).toBe("applied");

    const [pass] = await server.database.db.select().from(packages).where(eq(packages.customerId, (await customerId(phone))!));
    expect(pass).toMatchObject({ status: "cancelled" });
    expect((await server.text(phone, "styling pass next thursday at 3pm"))[0]).toContain("a pass of 3 sessions for $120.00, paid once");
  });
});

async function customerId(phone: string): Promise<string | undefined> {
  const [row] = await server.database.db.select({ id: customers.id }).from(customers).where(eq(customers.phone, phone));
  return row?.id;
}

describe("the hair implant plan (3 sessions, booked at once)", () => {
  const ask = "implant plan next monday at 10am";
  const question = [
    "Hair implant ($900.00 each, $2,700.00 in all):",
    "Consultation and fitting (session 1 of 3): Mon 9 Mar, 10:00 with Alex",
    "Integration check (session 2 of 3): Mon 23 Mar, 10:00 with Alex",
    "Final fitting (session 3 of 3): Thu 23 Apr, 10:00 with Alex",
    "Book all 3? (yes/no)",
  ].join("\n");

  it("is paid once for the whole plan, the payment confirms every session, and one cancelled in time gets its share back", async () => {
    const phone = newPhone();
    const mark = server.stripe.requests.length;
    expect(await server.text(phone, ask)).toEqual([question]);
    const [reply] = await server.text(phone, "yes");
    server.clock.advanceMinutes(1);
    const url = reply!.split("\n").pop()!;
    expect(reply).toBe(`Held for you for 30 minutes: Hair implant:\nMon 9 Mar, 10:00\nMon 23 Mar, 10:00\nThu 23 Apr, 10:00\nPay $2,700.00 to confirm:\n${url}`);

    const held = await server.bookings({ phone });
    expect(held.map((b) => [b.sessionNumber, b.status])).toEqual([
      [1, "pending_payment"],
      [2, "pending_payment"],
      [3, "pending_payment"],
    ]);
    const checkouts = checkoutsSince(mark);
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]!.body).toMatchObject({
      line_items: [{ quantity: "1", price_data: { unit_amount: "270000", product_data: { name: "Hair implant (3 sessions)" } } }],
      metadata: { bookingIds: held.map((b) => b.id).join(","), sessionGroupId: held[0]!.sessionGroupId },
    });
    for (const b of held) expect(Date.parse(b.holdExpiresAt!)).toBe(Number(checkouts[0]!.body.expires_at) * 1000);

    await server.pay({ reply: reply!, url, session: server.sessionOf(url) });

    const confirmed = await server.bookings({ phone });
    expect(confirmed.map((b) => [b.sessionNumber, b.status])).toEqual([
      [1, "confirmed"],
      [2, "confirmed"],
      [3, "confirmed"],
    ]);
    // Every session shows the one payment that covers the plan.
    for (const b of confirmed) expect(b.payment).toEqual({ status: "paid", amountCents: 270000, currency: "USD", url, refundedCents: 0, cancellationFeeCents: null });
    const [told, link] = (await outgoing(phone)).slice(-2);
    expect(told).toBe("Payment received. You're booked: Hair implant\nMon 9 Mar, 10:00\nMon 23 Mar, 10:00\nThu 23 Apr, 10:00\nSee you then!");
    // One link for the plan: its first session's (the page shows every session).
    expect(await bookingOfManageLink(server.database, link)).toBe(confirmed[0]!.id);
    expect(checkoutsSince(mark)).toHaveLength(1);

    // One session cancelled in time gives back its share of the plan's payment; the others stay paid.
    const refunds = server.stripe.requests.length;
    await server.admin.post(`/admin/bookings/${confirmed[2]!.id}/cancel`, {}).expect(200);
    expect(server.stripeRequestsSince(refunds, "/v1/refunds").map((r) => [r.body.payment_intent, r.body.amount])).toEqual([[server.sessionOf(url).payment_intent, "90000"]]);
    expect((await server.bookings({ phone })).map((b) => [b.status, b.payment.status])).toEqual([
      ["confirmed", "partially_refunded"],
      ["confirmed", "partially_refunded"],
      ["cancelled", "partially_refunded"],
    ]);
  });

  it("books the other sessions when one was cancelled before paying, and refunds only its share", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "implant plan next wednesday at 11am");
    const held = await server.bookings({ phone });
    expect(held.map((b) => b.status)).toEqual(["pending_payment", "pending_payment", "pending_payment"]);
    server.clock.advanceMinutes(1);
    await server.admin.post(`/admin/bookings/${held[1]!.id}/cancel`, {}).expect(200);
    server.clock.advanceMinutes(1);
    const refunds = server.stripe.requests.length;
    await server.pay(hold);
    expect((await server.bookings({ phone })).map((b) => [b.sessionNumber, b.status])).toEqual([
      [1, "confirmed"],
      [2, "cancelled"],
      [3, "confirmed"],
    ]);
    expect(server.stripeRequestsSince(refunds, "/v1/refunds").map((r) => [r.body.payment_intent, r.body.amount])).toEqual([[hold.session.payment_intent, "90000"]]);
    const told = (await outgoing(phone)).slice(-3);
    expect(told[0]).toMatch(/^Payment received. You're booked: Hair implant\n/);
    expect(told[1]).toEqual(MANAGE_LINK);
    expect(told[2]).toMatch(/^You had cancelled the session on .* before paying, so we've refunded \$900\.00 for it\.$/);
  });

  it("releases every session when the plan's hold runs out, and tells the customer in one message", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "implant plan next tuesday at 10am");
    const held = await server.bookings({ phone });
    expect(held).toHaveLength(3);
    expect((await server.runJobsAfterHold(phone)).expiredHolds).toBe(3);

    expect((await server.bookings({ phone })).map((b) => b.status)).toEqual(["expired", "expired", "expired"]);
    expect((await outgoing(phone)).filter((body) => body.includes("lapsed"))).toEqual([
      "Your hold on Hair implant has lapsed and these times are free again:\nTue 10 Mar, 10:00\nTue 24 Mar, 10:00\nFri 24 Apr, 10:00\nReply to book again.",
    ]);
    expect(hold.url).toBe(held[0]!.payment.url);
  });

  it("is refunded in full, every session released, when it is paid late and one session's time went to someone else", async () => {
    const phone = newPhone();
    const hold = await server.holdByText(phone, "implant plan next wednesday at 10am");
    const held = await server.bookings({ phone });
    expect(held.map((b) => b.start)).toEqual(["2026-03-11T10:00:00-04:00", "2026-03-25T10:00:00-04:00", "2026-04-25T10:00:00-04:00"]);
    await server.runJobsAfterHold(phone);
    await haircutsInBothChairs("March 25 at 10am", "Wed 25 Mar, 10:00"); // session 2's time
    const mark = server.stripe.requests.length;

    await server.pay(hold);

    expect(server.stripeRequestsSince(mark, "/v1/refunds").map((r) => r.body)).toEqual([expect.objectContaining({ payment_intent: hold.session.payment_intent, amount: "270000" })]);
    const after = await server.bookings({ phone });
    expect(after.map((b) => b.status)).toEqual(["cancelled", "expired", "cancelled"]);
    for (const b of after) expect(b.payment.status).toBe("refunded");
    expect((await outgoing(phone)).pop()).toMatch(/^Sorry! Your payment came after the hold ran out and Wed 25 Mar, 10:00 was taken\. We've refunded \$2,700\.00 in full\./);
  });
});
