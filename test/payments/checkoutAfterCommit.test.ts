/**
 * The Checkout session is opened after the hold committed, never inside the turn's transaction:
 * while Stripe keeps the creation waiting, other customers are answered (on PGlite, whose single
 * connection a transaction held open would block); when Stripe cannot open the page, the customer
 * is told the link follows and is sent it once Stripe answers.
 */
import { eq } from "drizzle-orm";
import { payments } from "../../src/db/schema";
import { phoneMaker } from "../support/adminClient";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

let server: PaymentsServer;
const newPhone = phoneMaker("555309");

beforeAll(async () => {
  server = await startPaymentsServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

const LINK_LINE = /\nhttp:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_\w+$/;

describe("opening the Checkout session", () => {
  it("happens after the hold committed: while Stripe holds the creation open, another customer's two messages are answered", async () => {
    const payer = newPhone();
    expect((await server.text(payer, "colour treatment on Thursday at 11am"))[0]).toMatch(/\? \(yes\/no\)$/);
    const creation = server.stripe.holdNext({ method: "POST", path: "/v1/checkout/sessions" });
    const held = server.text(payer, "yes");
    await creation.reached;

    // The hold is already committed, waiting for its page.
    const [hold] = await server.bookings({ phone: payer });
    expect(hold).toMatchObject({ status: "pending_payment", payment: { status: "pending", url: null } });
    const other = newPhone();
    expect(await server.text(other, "haircut on Thursday at 2pm")).toEqual(["Haircut: Thu 5 Mar, 14:00 with Alex, $35.00. Book it? (yes/no)"]);
    expect((await server.text(other, "yes"))[0]).toMatch(/^Booked: Haircut, Thu 5 Mar, 14:00/);

    creation.release();
    const replies = await held;
    expect(replies.at(-1)).toMatch(/^Held for you for 30 minutes: Colour treatment, Thu 5 Mar, 11:00\. Pay \$120\.00 to confirm:/);
    expect(replies.at(-1)).toMatch(LINK_LINE);
    // The stored reply is the one sent, link and all.
    expect((await server.sentTo(payer)).at(-1)!.body).toBe(replies.at(-1));
    const [opened] = await server.bookings({ phone: payer });
    expect(opened!.payment.url).toBe(replies.at(-1)!.split("\n").pop());
  });

  it("when Stripe cannot open it, says the link follows, and the jobs send the link once Stripe answers", async () => {
    const phone = newPhone();
    await server.text(phone, "colour treatment on Thursday at 12pm");
    // Down for the reply's try, the try right after the answer, and the link message's first send (each tried twice by the SDK).
    server.stripe.failNext(6, 500, "Stripe is having a moment");
    const replies = await server.text(phone, "yes");
    expect(replies.at(-1)).toBe("Held for you for 30 minutes: Colour treatment, Thu 5 Mar, 12:00. Pay $120.00 to confirm:\nYour payment link follows in a moment.");
    const [hold] = await server.bookings({ phone });
    const [payment] = await server.database.db.select().from(payments).where(eq(payments.bookingId, hold!.id));
    expect(payment).toMatchObject({ status: "pending", url: null, checkoutError: expect.stringContaining("Stripe is having a moment") });
    // The link waits in the outbox, to be sent when its page can be opened.
    for (let waited = 0; (await server.sentTo(phone)).at(-1)?.status !== "retrying" && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await server.sentTo(phone)).at(-1)).toMatchObject({ status: "retrying", body: expect.stringMatching(/^Your payment link:\n\{\{checkout:/) });

    server.clock.advanceMinutes(2);
    const counts = (await server.admin.post("/admin/jobs/run", { now: server.clock.now().toISOString() }).expect(200)).body as Record<string, number>;
    expect(counts.paymentCalls).toBe(1);

    const link = (await server.sentTo(phone)).at(-1)!;
    expect(link.body).toMatch(/^Your payment link:\nhttp:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_\w+$/);
    expect(["sent", "logged"]).toContain(link.status);
    const [opened] = await server.bookings({ phone });
    expect(opened).toMatchObject({ status: "pending_payment", payment: { status: "pending", url: link.body.split("\n").pop() } });
    // The page takes payment as long as the hold lasts: opened late, its request was fixed afresh and the hold followed.
    const session = server.sessionOf(opened!.payment.url!);
    expect(session.expires_at * 1000).toBe(Date.parse(opened!.holdExpiresAt!));
  });
});
