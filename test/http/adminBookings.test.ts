/**
 * Bookings through the admin API: the list and its filters, what staff do to a booking (complete,
 * cancel, reschedule, approve, reject, no-show) with 404 and 409 paths, the approval flow, the
 * sequential plan's invitation answered by text, and an expired hold freeing its slot.
 * Customers book by texting the real webhook; the operator watches GET /admin/messages.
 */
import { randomUUID } from "node:crypto";
import { BookingService } from "../../src/booking/bookingService";
import { ManualClock } from "../../src/clock";
import { customers } from "../../src/db/schema";
import { type AdminServer, type BookingJson, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";
import { BY_TEST } from "../support/actor";
import { MANAGE_LINK, bookingOfManageLink } from "../support/manageLinks";

let server: AdminServer;
const newPhone = phoneMaker("555201");

beforeAll(async () => {
  server = await startAdminServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

async function serviceId(name: string): Promise<string> {
  const res = await server.admin.get("/admin/services");
  const found = (res.body.items as { id: string; name: string }[]).find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name}`);
  return found.id;
}

/** A customer books by text ("<what> <when>", then "yes"); returns their one new booking. */
async function bookByText(phone: string, request: string): Promise<BookingJson> {
  const [question] = await server.text(phone, request);
  expect(question).toMatch(/\? \(yes\/no\)$/);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^Booked: /);
  const mine = await server.bookings({ phone });
  // The log is ordered by time: what staff do next happens a minute later, so it sorts after.
  server.clock.advanceMinutes(1);
  return mine[mine.length - 1]!;
}

const outgoing = async (phone: string) => (await server.messagesOf(phone)).filter((m) => m.direction === "out").map((m) => m.body);

describe("GET /admin/bookings", () => {
  let haircut: BookingJson;
  let phone: string;
  beforeAll(async () => {
    phone = newPhone();
    haircut = await bookByText(phone, "can I get a haircut on March 16 at 2pm?");
  });

  it("lists a booking with its customer, times in the business's offset and payment", async () => {
    expect(haircut).toEqual(
      expect.objectContaining({
        serviceId: await serviceId("Haircut"),
        customer: { phone, name: null },
        start: "2026-03-16T14:00:00-04:00",
        end: "2026-03-16T14:30:00-04:00",
        status: "confirmed",
        sessionGroupId: null,
        sessionNumber: null,
        totalSessions: null,
        payment: { status: "at_appointment", amountCents: 3500, currency: "USD", url: null, refundedCents: 0, cancellationFeeCents: null },
      }),
    );
  });

  it("filters by status, from/to, phone, serviceId and sessionGroupId", async () => {
    const ids = (items: BookingJson[]) => items.map((b) => b.id);
    expect(ids(await server.bookings({ phone }))).toEqual([haircut.id]);
    expect(ids(await server.bookings({ phone: "+15550009999" }))).toEqual([]);
    expect(ids(await server.bookings({ phone, status: "confirmed" }))).toEqual([haircut.id]);
    expect(ids(await server.bookings({ phone, status: "cancelled" }))).toEqual([]);
    expect(ids(await server.bookings({ phone, from: "2026-03-16T14:00:00-04:00", to: "2026-03-16T14:00:01-04:00" }))).toEqual([haircut.id]);
    expect(ids(await server.bookings({ phone, from: "2026-03-16T14:00:01-04:00" }))).toEqual([]);
    expect(ids(await server.bookings({ phone, to: "2026-03-16T14:00:00-04:00" }))).toEqual([]);
    expect(ids(await server.bookings({ phone, serviceId: haircut.serviceId }))).toEqual([haircut.id]);
    expect(ids(await server.bookings({ phone, serviceId: await serviceId("Scalp physio") }))).toEqual([]);
    expect(ids(await server.bookings({ phone, sessionGroupId: randomUUID() }))).toEqual([]);
  });

  it("finds a customer by phone whether the + is URL-encoded (%2B) or pasted raw (a + in a query string arrives as a space)", async () => {
    const digits = phone.slice(1);
    for (const query of [`phone=%2B${digits}`, `phone=+${digits}`]) {
      const bookingsRes = await server.admin.get(`/admin/bookings?${query}`);
      expect(bookingsRes.status).toBe(200);
      expect((bookingsRes.body as { items: BookingJson[] }).items.map((b) => b.id)).toEqual([haircut.id]);
      const messagesRes = await server.admin.get(`/admin/messages?${query}`);
      expect(messagesRes.status).toBe(200);
      expect((messagesRes.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
    }
    const spaced = await server.admin.get(`/admin/messages?phone=%20%20${digits}`);
    expect(spaced.status).toBe(400);
  });

  it("answers a bad filter with 400 naming each field", async () => {
    const res = await server.admin.get("/admin/bookings?status=booked&from=tomorrow&phone=5551234&serviceId=42&sessionGroupId=x");
    expect(fieldsOf(res)).toEqual(["from", "phone", "serviceId", "sessionGroupId", "status"]);
  });
});

describe("what staff do to a booking", () => {
  it("completes a confirmed booking; completing it again is 409", async () => {
    const b = await bookByText(newPhone(), "haircut on March 17 at 10am");
    const res = await server.admin.post(`/admin/bookings/${b.id}/complete`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ id: b.id, status: "completed" }));
    const again = expectProblem(await server.admin.post(`/admin/bookings/${b.id}/complete`), 409);
    expect(again.type).toBe("urn:slotline:invalid-transition");
    expectProblem(await server.admin.post(`/admin/bookings/${b.id}/cancel`, {}), 409);
    expect((await server.bookings({ phone: b.customer.phone }))[0]!.status).toBe("completed");
  });

  it("marks a no-show; then approve and reject are 409", async () => {
    const b = await bookByText(newPhone(), "haircut on March 17 at 11am");
    expect((await server.admin.post(`/admin/bookings/${b.id}/no-show`)).body.status).toBe("no_show");
    expectProblem(await server.admin.post(`/admin/bookings/${b.id}/approve`), 409);
    expectProblem(await server.admin.post(`/admin/bookings/${b.id}/reject`), 409);
  });

  it("cancels with a reason and tells the customer; a second cancel is 409", async () => {
    const b = await bookByText(newPhone(), "haircut on March 17 at 1pm");
    const res = await server.admin.post(`/admin/bookings/${b.id}/cancel`, { reason: "stylist ill", waiveFee: true });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    expect((await outgoing(b.customer.phone)).at(-1)).toBe("Your Haircut, Tue 17 Mar, 13:00 has been cancelled by the business. Reply to book another time.");
    expectProblem(await server.admin.post(`/admin/bookings/${b.id}/cancel`, {}), 409);
  });

  it("keeps the booking's history, naming who did each thing: the customer booked, the operator cancelled", async () => {
    const b = await bookByText(newPhone(), "haircut on March 18 at 1pm");
    await server.admin.post(`/admin/bookings/${b.id}/cancel`, { reason: "stylist ill" });
    const res = await server.admin.get(`/admin/bookings/${b.id}/history`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ kind: "created", fromStatus: null, toStatus: "confirmed", actor: { kind: "customer", name: "sms", userId: null }, detail: {} }),
      expect.objectContaining({ kind: "cancelled", fromStatus: "confirmed", toStatus: "cancelled", actor: { kind: "api", name: "ADMIN_TOKEN", userId: null }, detail: { reason: "stylist ill" } }),
    ]);
    expect(res.body.items[1].at).toMatch(/^2026-03-\d\dT\d\d:\d\d:\d\d-0[45]:00$/);
    expectProblem(await server.admin.get(`/admin/bookings/${randomUUID()}/history`), 404);
  });

  it("refuses a cancel body with unknown or wrongly typed fields (400)", async () => {
    const b = await bookByText(newPhone(), "haircut on March 17 at 2pm");
    expect(fieldsOf(await server.admin.post(`/admin/bookings/${b.id}/cancel`, { reason: 5, waiveFee: "yes" }))).toEqual(["reason", "waiveFee"]);
    expect((await server.bookings({ phone: b.customer.phone }))[0]!.status).toBe("confirmed");
  });

  it("reschedules to a free time and tells the customer; a taken slot is 409 and changes nothing", async () => {
    // A Monday: only Alex works, so a time Alex has booked is taken for the whole business.
    const other = await bookByText(newPhone(), "haircut on March 9 at 10am");
    const b = await bookByText(newPhone(), "haircut on March 9 at 3pm");
    expect(b.staffId).toBe(other.staffId);
    const res = await server.admin.post(`/admin/bookings/${b.id}/reschedule`, { start: "2026-03-09T16:00:00-04:00" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ id: b.id, status: "confirmed", start: "2026-03-09T16:00:00-04:00", end: "2026-03-09T16:30:00-04:00" }));
    expect((await outgoing(b.customer.phone)).at(-1)).toBe(
      'Your Haircut has moved from Mon 9 Mar, 15:00 to Mon 9 Mar, 16:00. Reply "reschedule" if that doesn\'t suit you.',
    );

    const taken = expectProblem(await server.admin.post(`/admin/bookings/${b.id}/reschedule`, { start: other.start }), 409);
    expect(taken.type).toMatch(/^urn:slotline:slot-(taken|unavailable)$/);
    expect((await server.bookings({ phone: b.customer.phone }))[0]!.start).toBe("2026-03-09T16:00:00-04:00");
  });

  it("refuses a reschedule without an ISO start (400 naming start)", async () => {
    const b = await bookByText(newPhone(), "haircut on March 19 at 10am");
    expect(fieldsOf(await server.admin.post(`/admin/bookings/${b.id}/reschedule`, {}))).toEqual(["start"]);
    expect(fieldsOf(await server.admin.post(`/admin/bookings/${b.id}/reschedule`, { start: "next friday" }))).toEqual(["start"]);
  });

  it.each(["complete", "cancel", "reschedule", "approve", "reject", "no-show"])("answers %s of an unknown booking with 404", async (action) => {
    const body = action === "reschedule" ? { start: "2026-03-19T10:00:00-04:00" } : {};
    expect(expectProblem(await server.admin.post(`/admin/bookings/${randomUUID()}/${action}`, body), 404).title).toBe("Not Found");
  });
});

describe("approval", () => {
  afterAll(async () => {
    await server.admin.patch("/admin/business", { requiresApproval: false });
  });

  it("keeps a new booking pending_approval; approve confirms it and tells the customer; approving again is 409", async () => {
    expect((await server.admin.patch("/admin/business", { requiresApproval: true })).body.requiresApproval).toBe(true);
    const phone = newPhone();
    await server.text(phone, "haircut on March 20 at 10am");
    // A request is not a confirmation: its manage link comes with the approval.
    expect(await server.text(phone, "yes")).toEqual([expect.stringMatching(/^Request received: /)]);
    const [pending] = await server.bookings({ phone });
    expect(pending!.status).toBe("pending_approval");

    // Staff approve a minute later, so the notice sorts after the customer's own messages.
    server.clock.advanceMinutes(1);
    const res = await server.admin.post(`/admin/bookings/${pending!.id}/approve`);
    expect(res.body.status).toBe("confirmed");
    const [notice, link] = (await outgoing(phone)).slice(-2);
    expect(notice).toBe("Good news: your Haircut, Fri 20 Mar, 10:00 is confirmed. See you then!");
    expect(link).toEqual(MANAGE_LINK);
    expect(await bookingOfManageLink(server.database, link)).toBe(pending!.id);
    expectProblem(await server.admin.post(`/admin/bookings/${pending!.id}/approve`), 409);
  });

  it("reject cancels a pending booking and tells the customer", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true });
    const phone = newPhone();
    await server.text(phone, "haircut on March 20 at 11am");
    await server.text(phone, "yes");
    const [pending] = await server.bookings({ phone });
    expect(pending!.status).toBe("pending_approval");

    server.clock.advanceMinutes(1);
    const res = await server.admin.post(`/admin/bookings/${pending!.id}/reject`);
    expect(res.body.status).toBe("cancelled");
    expect((await outgoing(phone)).at(-1)).toBe("Sorry, we can't take your Haircut, Fri 20 Mar, 11:00. Reply with another day or time to book again.");
    expect((await server.bookings({ phone, status: "cancelled" })).map((b) => b.id)).toEqual([pending!.id]);
  });
});

describe("a sequential plan", () => {
  it("invites session 2 when session 1 is completed, and the customer's text books it", async () => {
    const phone = newPhone();
    const first = await bookByText(phone, "scalp physio on March 23 at 11am");
    expect(first).toEqual(expect.objectContaining({ sessionNumber: 1, totalSessions: 8, status: "confirmed" }));

    server.clock.advanceMinutes(1);
    expect((await server.admin.post(`/admin/bookings/${first.id}/complete`)).body.status).toBe("completed");
    expect(await outgoing(phone)).toContain('Session 1 of 8 done - when would you like session 2 of Scalp physio? (e.g. "next Tuesday at 10")');

    expect(await server.text(phone, "March 30 at 11am")).toEqual(["Scalp physio, session 2 of 8: Mon 30 Mar, 11:00 with Alex, $60.00. Book it? (yes/no)"]);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Scalp physio, Mon 30 Mar, 11:00\./);

    const plan = await server.bookings({ sessionGroupId: first.sessionGroupId! });
    expect(plan.map((b) => [b.sessionNumber, b.start, b.status])).toEqual([
      [1, "2026-03-23T11:00:00-04:00", "completed"],
      [2, "2026-03-30T11:00:00-04:00", "confirmed"],
    ]);
  });
});

describe("a sequential plan's minimum gap (Scalp physio: minGapDays 7)", () => {
  it("answers 409 problem+json naming the rule when staff move session 2 within 7 days of session 1, and moves nothing", async () => {
    const phone = newPhone();
    const first = await bookByText(phone, "scalp physio on March 25 at 11am");
    await server.admin.post(`/admin/bookings/${first.id}/complete`);
    await server.text(phone, "April 1 at 11am");
    await server.text(phone, "yes");
    const [, second] = await server.bookings({ sessionGroupId: first.sessionGroupId! });
    expect(second).toEqual(expect.objectContaining({ sessionNumber: 2, start: "2026-04-01T11:00:00-04:00" }));

    const refused = expectProblem(await server.admin.post(`/admin/bookings/${second!.id}/reschedule`, { start: "2026-03-30T11:00:00-04:00" }), 409);

    expect(refused).toEqual({
      type: "urn:slotline:plan-gap-too-short",
      title: "Conflict",
      status: 409,
      detail: "Session 2 must start at least 7 days after session 1: from 2026-04-01 on",
      minGapDays: 7,
      earliestStart: "2026-04-01T00:00:00-04:00",
    });
    expect((await server.bookings({ sessionGroupId: first.sessionGroupId! }))[1]).toEqual(expect.objectContaining({ start: "2026-04-01T11:00:00-04:00" }));
    const moved = await server.admin.post(`/admin/bookings/${second!.id}/reschedule`, { start: "2026-04-01T14:00:00-04:00" });
    expect(moved.status).toBe(200);
  });
});

describe("an expired hold", () => {
  it("lets another customer take the slot once the jobs ran past its expiry", async () => {
    // The hold is made with our real BookingService (no conversation path makes a hold without
    // Stripe configured), on a clock at the server's time.
    const haircutId = await serviceId("Haircut");
    const [person] = await server.database.db.insert(customers).values({ businessId: server.businessId!, phone: newPhone() }).returning();
    const service = new BookingService(new ManualClock(server.clock.now().toISOString()));
    const [held] = await service.book(server.database.db, { by: BY_TEST, 
      businessId: server.businessId!,
      serviceId: haircutId,
      customerId: person!.id,
      sessions: [{ start: new Date("2026-03-24T14:00:00-04:00") }],
      status: "held",
    });
    expect(held!.holdExpiresAt).not.toBeNull();

    const other = newPhone();
    const offered = await server.text(other, "haircut on March 24 at 2pm");
    expect(offered[0]).not.toMatch(/^Haircut: Tue 24 Mar, 14:00 with Alex/);
    await server.text(other, "start over");

    const later = new Date(held!.holdExpiresAt!.getTime() + 60_000).toISOString();
    const run = await server.admin.post("/admin/jobs/run", { now: later });
    expect(run.status).toBe(200);
    expect(run.body.expiredHolds).toBe(1);
    expect((await server.bookings({ phone: person!.phone }))[0]!.status).toBe("expired");
    expect((await outgoing(person!.phone)).at(-1)).toBe("Your hold on Haircut, Tue 24 Mar, 14:00 has lapsed and the time is free again. Reply to book again.");

    const taken = await bookByText(other, "haircut on March 24 at 2pm");
    expect(taken).toEqual(expect.objectContaining({ start: "2026-03-24T14:00:00-04:00", staffId: held!.staffId, status: "confirmed" }));
  });
});
