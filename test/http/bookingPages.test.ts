/**
 * What the console's booking pages read (issue #17, bookings): the list searched by a customer's
 * name or the digits of their number; a cancellation's cost shown before it is made, equal to what
 * the cancellation then keeps; the free times a booking can move to on a day; a rejection's reason
 * in the history; refunds on the booking's payment; 404 for unknown ids and 403 for a staff user on
 * another's booking. Customers book by texting the real webhook; paid services through the fake Stripe.
 * Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import request from "supertest";
import { and, eq } from "drizzle-orm";
import { customers } from "../../src/db/schema";
import { type BookingJson, expectProblem, fieldsOf, phoneMaker } from "../support/adminClient";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

let server: PaymentsServer;
const newPhone = phoneMaker("555404");

/** The booking JSON with what this issue adds to its payment. */
type Booking = BookingJson & { payment: BookingJson["payment"] & { refundedCents: number; cancellationFeeCents: number | null } };

beforeAll(async () => {
  server = await startPaymentsServer();
  await server.admin.patch("/admin/business", { cancellation: { freeUntilHours: 24, lateFeePercent: 40 } }).expect(200);
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** A customer books by text ("<what> <when>", then "yes"); returns their newest booking. */
async function bookByText(phone: string, ask: string): Promise<Booking> {
  const [question] = await server.text(phone, ask);
  expect(question).toMatch(/\? \(yes\/no\)$/);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^(Booked|Request received|Thanks)/);
  server.clock.advanceMinutes(1);
  return (await server.bookings({ phone })).at(-1)! as Booking;
}

async function name(phone: string, who: string): Promise<void> {
  await server.database.db.update(customers).set({ name: who }).where(and(eq(customers.businessId, server.businessId!), eq(customers.phone, phone)));
}

const ids = (res: request.Response) => (res.body.items as { id: string }[]).map((b) => b.id).sort();
const get = (path: string) => server.admin.get(path);

describe("GET /admin/bookings?q=", () => {
  let maria: Booking;
  let mario: Booking;
  beforeAll(async () => {
    const [a, b] = ["+15554040701", "+15554040802"];
    maria = await bookByText(a, "haircut on March 23 at 10am");
    mario = await bookByText(b, "haircut on March 23 at 11am");
    await name(a, "María Lopez");
    await name(b, "Mario 100% Rossi");
  });

  it("finds customers by a part of their name, in any case", async () => {
    expect(ids(await get("/admin/bookings?q=lopez"))).toEqual([maria.id]);
    expect(ids(await get("/admin/bookings?q=MAR"))).toEqual([maria.id, mario.id].sort());
    expect(ids(await get("/admin/bookings?q=lopez&status=cancelled"))).toEqual([]);
  });

  it("finds customers by a run of digits of their number, however it is typed", async () => {
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("404 0701")}`))).toEqual([maria.id]);
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("(555) 404-0802")}`))).toEqual([mario.id]);
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("+1555404")}`))).toEqual(expect.arrayContaining([maria.id, mario.id].sort()));
  });

  it("takes the words literally: a % or _ is no wildcard, and letters never match digits", async () => {
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("100%")}`))).toEqual([mario.id]);
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("0% r")}`))).toEqual([mario.id]);
    expect(ids(await get(`/admin/bookings?q=${encodeURIComponent("0%R")}`))).toEqual([]); // as a wildcard, % would match "0% R"
    expect(ids(await get("/admin/bookings?q=_"))).toEqual([]);
    expect(ids(await get("/admin/bookings?q=Lopez0701"))).toEqual([]);
  });

  it("refuses an empty or overlong q (400 naming q)", async () => {
    expect(fieldsOf(await get("/admin/bookings?q=%20"))).toEqual(["q"]);
    expect(fieldsOf(await get(`/admin/bookings?q=${"a".repeat(101)}`))).toEqual(["q"]);
  });
});

describe("GET /admin/bookings/:id/cancellation", () => {
  /** Books and pays for a colour treatment ($120) at Monday 08:xx; the clock is then set to Monday 15:00. */
  async function paidColour(ask: string): Promise<Booking> {
    const phone = newPhone();
    const hold = await server.holdByText(phone, ask);
    await server.pay(hold);
    const [booking] = (await server.bookings({ phone })) as Booking[];
    expect(booking).toMatchObject({ status: "confirmed", payment: { status: "paid", amountCents: 12000, refundedCents: 0, cancellationFeeCents: null } });
    return booking!;
  }
  let late: Booking;
  let early: Booking;
  let waived: Booking;
  beforeAll(async () => {
    server.clock.set(new Date("2026-03-02T13:00:00Z"));
    late = await paidColour("colour treatment tomorrow at 10am");
    early = await paidColour("colour treatment on Wednesday at 10am");
    waived = await paidColour("colour treatment tomorrow at 2pm");
    server.clock.set(new Date("2026-03-02T20:00:00Z")); // Monday 15:00 in New York
  });

  /** The refunds Stripe is asked for while `act` runs, in cents. */
  async function refundsDuring(act: () => Promise<unknown>): Promise<number[]> {
    const mark = server.stripe.requests.length;
    await act();
    return server.stripeRequestsSince(mark, "/v1/refunds").map((r) => Number(r.body.amount));
  }

  it("inside the late window: the fee kept and the refund, which cancelling then keeps and refunds", async () => {
    const quote = await get(`/admin/bookings/${late.id}/cancellation`);
    expect(quote.status).toBe(200);
    expect(quote.body).toEqual({ late: true, freeUntil: "2026-03-02T10:00:00-05:00", feeCents: 4800, refundCents: 7200, currency: "USD" });

    const refunds = await refundsDuring(() => server.admin.post(`/admin/bookings/${late.id}/cancel`, {}).expect(200));
    expect(refunds).toEqual([quote.body.refundCents]);
    const [after] = (await server.bookings({ phone: late.customer.phone })) as Booking[];
    expect(after!.payment).toEqual(expect.objectContaining({ status: "partially_refunded", refundedCents: 7200, cancellationFeeCents: quote.body.feeCents }));
  });

  it("in good time: nothing kept, everything refunded", async () => {
    const quote = await get(`/admin/bookings/${early.id}/cancellation`);
    expect(quote.body).toEqual({ late: false, freeUntil: "2026-03-03T10:00:00-05:00", feeCents: 0, refundCents: 12000, currency: "USD" });
    expect(await refundsDuring(() => server.admin.post(`/admin/bookings/${early.id}/cancel`, {}).expect(200))).toEqual([12000]);
    const [after] = (await server.bookings({ phone: early.customer.phone })) as Booking[];
    expect(after!.payment).toEqual(expect.objectContaining({ status: "refunded", refundedCents: 12000, cancellationFeeCents: 0 }));
  });

  it("with the fee waived: the late booking's preview keeps nothing, and neither does the waived cancellation", async () => {
    expect((await get(`/admin/bookings/${waived.id}/cancellation`)).body).toMatchObject({ late: true, feeCents: 4800, refundCents: 7200 });
    const quote = await get(`/admin/bookings/${waived.id}/cancellation?waiveFee=true`);
    expect(quote.body).toEqual({ late: true, freeUntil: "2026-03-02T14:00:00-05:00", feeCents: 0, refundCents: 12000, currency: "USD" });
    expect(await refundsDuring(() => server.admin.post(`/admin/bookings/${waived.id}/cancel`, { waiveFee: true }).expect(200))).toEqual([12000]);
    const [after] = (await server.bookings({ phone: waived.customer.phone })) as Booking[];
    expect(after!.payment).toEqual(expect.objectContaining({ status: "refunded", refundedCents: 12000, cancellationFeeCents: 0 }));
  });

  it("of an unpaid booking costs nothing; of a cancelled one is 409; of an unknown or malformed id 404; a bad waiveFee 400", async () => {
    const unpaid = await bookByText(newPhone(), "haircut on March 24 at 10am");
    expect((await get(`/admin/bookings/${unpaid.id}/cancellation`)).body).toEqual({ late: false, freeUntil: "2026-03-23T10:00:00-04:00", feeCents: 0, refundCents: 0, currency: "USD" });
    expect(unpaid.payment).toEqual({ status: "at_appointment", amountCents: 3500, currency: "USD", url: null, refundedCents: 0, cancellationFeeCents: null });
    expectProblem(await get(`/admin/bookings/${late.id}/cancellation`), 409);
    expectProblem(await get(`/admin/bookings/${randomUUID()}/cancellation`), 404);
    expectProblem(await get("/admin/bookings/not-an-id/cancellation"), 404);
    expect(fieldsOf(await get(`/admin/bookings/${unpaid.id}/cancellation?waiveFee=yes`))).toEqual(["waiveFee"]);
  });
});

describe("GET /admin/bookings/:id/free-times", () => {
  // Monday 30 March: only Alex works (9:00–17:00), so a time Alex has booked is taken for the whole business.
  let other: Booking;
  let mine: Booking;
  beforeAll(async () => {
    server.clock.set(new Date("2026-03-02T13:00:00Z"));
    other = await bookByText(newPhone(), "haircut on March 30 at 10am");
    mine = await bookByText(newPhone(), "haircut on March 30 at 3pm");
  });
  const startsOn = async (id: string, date: string) => {
    const res = await get(`/admin/bookings/${id}/free-times?date=${date}`);
    expect(res.status).toBe(200);
    return res.body.items as { start: string; end: string; staffId: string }[];
  };

  it("lists the day's free starts in the business's offset: not the taken ones, but the booking's own time", async () => {
    const times = await startsOn(mine.id, "2026-03-30");
    const starts = times.map((t) => t.start);
    expect(starts[0]).toBe("2026-03-30T09:00:00-04:00");
    expect(starts).toContain("2026-03-30T15:00:00-04:00");
    expect(starts).not.toContain("2026-03-30T10:00:00-04:00");
    expect(starts).not.toContain("2026-03-30T09:45:00-04:00");
    expect(starts).not.toContain("2026-03-30T10:15:00-04:00");
    expect(starts).toContain("2026-03-30T10:30:00-04:00");
    expect(times.find((t) => t.start === "2026-03-30T15:00:00-04:00")).toEqual({ start: "2026-03-30T15:00:00-04:00", end: "2026-03-30T15:30:00-04:00", staffId: mine.staffId });
    // The other booking's own time is free for it, and mine's is not.
    const theirs = (await startsOn(other.id, "2026-03-30")).map((t) => t.start);
    expect(theirs).toContain("2026-03-30T10:00:00-04:00");
    expect(theirs).not.toContain("2026-03-30T15:00:00-04:00");
  });

  it("offers only times the reschedule accepts: moving to one of them succeeds", async () => {
    const [first] = await startsOn(mine.id, "2026-03-31");
    const moved = await server.admin.post(`/admin/bookings/${mine.id}/reschedule`, { start: first!.start });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe(first!.start);
  });

  it("is empty on a day nobody works; 400 for a missing or impossible date; 404 for an unknown booking; 409 for a cancelled one", async () => {
    expect(await startsOn(mine.id, "2026-03-29")).toEqual([]); // a Sunday
    expect(fieldsOf(await get(`/admin/bookings/${mine.id}/free-times`))).toEqual(["date"]);
    expect(fieldsOf(await get(`/admin/bookings/${mine.id}/free-times?date=2026-02-30`))).toEqual(["date"]);
    expect(fieldsOf(await get(`/admin/bookings/${mine.id}/free-times?date=30/03/2026`))).toEqual(["date"]);
    expectProblem(await get(`/admin/bookings/${randomUUID()}/free-times?date=2026-03-30`), 404);
    await server.admin.post(`/admin/bookings/${other.id}/cancel`, {}).expect(200);
    expectProblem(await get(`/admin/bookings/${other.id}/free-times?date=2026-03-30`), 409);
  });
});

describe("POST /admin/bookings/:id/reject with a reason", () => {
  afterAll(async () => {
    await server.admin.patch("/admin/business", { requiresApproval: false }).expect(200);
  });

  it("keeps the staff's words in the history beside the machine-readable reason", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true }).expect(200);
    const pending = await bookByText(newPhone(), "haircut on April 6 at 10am");
    expect(pending.status).toBe("pending_approval");
    expect(fieldsOf(await server.admin.post(`/admin/bookings/${pending.id}/reject`, { reason: "x".repeat(501) }))).toEqual(["reason"]);
    const res = await server.admin.post(`/admin/bookings/${pending.id}/reject`, { reason: "  Fully booked with a wedding party  " });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    const history = (await get(`/admin/bookings/${pending.id}/history`)).body.items;
    expect(history.at(-1)).toEqual(
      expect.objectContaining({ kind: "rejected", toStatus: "cancelled", actor: { kind: "api", name: "ADMIN_TOKEN", userId: null }, detail: { reason: "rejected", note: "Fully booked with a wedding party" } }),
    );
  });

  it("without a reason records only the machine-readable one", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true }).expect(200);
    const pending = await bookByText(newPhone(), "haircut on April 6 at 11am");
    await server.admin.post(`/admin/bookings/${pending.id}/reject`).expect(200);
    expect((await get(`/admin/bookings/${pending.id}/history`)).body.items.at(-1).detail).toEqual({ reason: "rejected" });
  });
});

describe("a staff user", () => {
  it("may ask about their own booking, and is refused (403) another staff member's", async () => {
    server.clock.set(new Date("2026-03-02T13:00:00Z"));
    const team = (await get("/admin/staff")).body.items as { id: string; name: string }[];
    const alex = team.find((s) => s.name === "Alex")!.id;
    // Monday: Alex's day. Saturday: Sam's.
    const alexs = await bookByText(newPhone(), "haircut on April 13 at 10am");
    const sams = await bookByText(newPhone(), "haircut on April 11 at 11am");
    expect(alexs.staffId).toBe(alex);
    expect(sams.staffId).not.toBe(alex);

    const invited = await server.admin.post("/admin/users", { email: "alex.pages@example.test", name: "Alex", role: "staff", staffId: alex });
    const set = await request(server.app).post("/console/api/set-password").send({ token: invited.body.inviteUrl.split("#")[1], password: "alex's long passphrase" });
    const cookie = ([] as string[]).concat(set.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="))!.split(";")[0]!;
    const asAlex = (path: string) => request(server.app).get(path).set("Cookie", cookie);

    expect((await asAlex(`/admin/bookings/${alexs.id}/cancellation`)).status).toBe(200);
    expect((await asAlex(`/admin/bookings/${alexs.id}/free-times?date=2026-04-13`)).status).toBe(200);
    expectProblem(await asAlex(`/admin/bookings/${sams.id}/cancellation`), 403);
    expectProblem(await asAlex(`/admin/bookings/${sams.id}/free-times?date=2026-04-11`), 403);
    expectProblem(await asAlex(`/admin/bookings/${randomUUID()}/free-times?date=2026-04-11`), 404);
    expectProblem(await asAlex(`/admin/messages?phone=${encodeURIComponent(sams.customer.phone)}`), 403);
  });
});
