/**
 * A newcomer sets a business up entirely through the admin API, as the README shows with curl,
 * on an empty database: settings, staff and their hours, services, then customers book by text,
 * staff block time, hand out a promo code, read the conversation log and the stats, and the jobs
 * send the reminders. Each setup route's success, 400, 404 and 409 paths.
 */
import { randomUUID } from "node:crypto";
import { type AdminServer, type BookingJson, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";

let server: AdminServer;
const newPhone = phoneMaker("555301");
let staffId: string;
let cleaningId: string;

beforeAll(async () => {
  // Monday 2 March 2026, 07:00 in Chicago.
  server = await startAdminServer({ demo: false });
}, 60_000);
afterAll(async () => {
  await server.close();
});

const outgoing = async (phone: string) => (await server.messagesOf(phone)).filter((m) => m.direction === "out").map((m) => m.body);

describe("setting up a business on an empty database", () => {
  it("has no business until the first PATCH, which needs a name and a time zone", async () => {
    expectProblem(await server.admin.get("/admin/business"), 404);
    expect(fieldsOf(await server.admin.patch("/admin/business", { currency: "USD" }))).toEqual(["name", "timezone"]);
    expectProblem(await server.admin.post("/admin/staff", { name: "Dr. Rivera" }), 404);
  });

  it("creates the business (201), then updates it (200), refusing bad fields by name", async () => {
    const created = await server.admin.patch("/admin/business", {
      name: "Bright Smile Dental",
      timezone: "America/Chicago",
      currency: "usd",
      minNoticeMinutes: 120,
      maxAdvanceDays: 90,
      cancellation: { freeUntilHours: 24, lateFeePercent: 50 },
      reminderOffsetsMinutes: [60, 1440],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(
      expect.objectContaining({
        name: "Bright Smile Dental",
        timezone: "America/Chicago",
        currency: "USD",
        minNoticeMinutes: 120,
        maxAdvanceDays: 90,
        cancellation: { freeUntilHours: 24, lateFeePercent: 50 },
        reminderOffsetsMinutes: [1440, 60],
      }),
    );
    const updated = await server.admin.patch("/admin/business", { bufferMinutes: 10 });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual(expect.objectContaining({ id: created.body.id, bufferMinutes: 10, minNoticeMinutes: 120 }));
    expect(fieldsOf(await server.admin.patch("/admin/business", { timezone: "Mars/Olympus", holdMinutes: 5, cancellation: { lateFeePercent: 150 }, colour: "blue" }))).toEqual(
      expect.arrayContaining(["timezone", "holdMinutes", "cancellation.lateFeePercent"]),
    );
    expect((await server.admin.get("/admin/business")).body.timezone).toBe("America/Chicago");
  });

  it("takes the country from the time zone until one is set (ISO 3166 alpha-2, or null to go back)", async () => {
    expect((await server.admin.get("/admin/business")).body.country).toBe("US");
    const set = await server.admin.patch("/admin/business", { country: "au" });
    expect(set.status).toBe(200);
    expect(set.body.country).toBe("AU");
    expect(fieldsOf(await server.admin.patch("/admin/business", { country: "ZZ" }))).toEqual(["country"]);
    expect(fieldsOf(await server.admin.patch("/admin/business", { country: "Australia" }))).toEqual(["country"]);
    expect((await server.admin.patch("/admin/business", { country: null })).body.country).toBe("US");
  });

  it("adds staff and their weekly hours; an unknown staff member is 404, a bad rule 400", async () => {
    const res = await server.admin.post("/admin/staff", { name: "Dr. Rivera" });
    expect(res.status).toBe(201);
    staffId = res.body.id;
    expect(fieldsOf(await server.admin.post("/admin/staff", { name: "" }))).toEqual(["name"]);
    const rules = [
      { weekday: 1, start: "09:00", end: "17:00" },
      { weekday: 3, start: "09:00", end: "17:00" },
      { weekday: 5, start: "08:00", end: "12:00" },
    ];
    const put = await server.admin.put(`/admin/staff/${staffId}/availability`, { rules });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ staffId, rules });
    expect((await server.admin.get("/admin/staff")).body.items).toEqual([expect.objectContaining({ id: staffId, name: "Dr. Rivera" })]);
    expectProblem(await server.admin.put(`/admin/staff/${randomUUID()}/availability`, { rules }), 404);
    expect(fieldsOf(await server.admin.put(`/admin/staff/${staffId}/availability`, { rules: [{ weekday: 7, start: "9am", end: "17:00" }] }))).toEqual(
      expect.arrayContaining(["rules.0.weekday", "rules.0.start"]),
    );
  });

  it("adds services, a multi-session plan among them; patches one; refuses unknown staff and bad plans", async () => {
    const cleaning = await server.admin.post("/admin/services", { name: "Cleaning", aliases: ["checkup", "hygiene"], durationMinutes: 45, priceCents: 9000 });
    expect(cleaning.status).toBe(201);
    expect(cleaning.body).toEqual(expect.objectContaining({ name: "Cleaning", currency: "USD", staffIds: [staffId], multiSession: null }));
    cleaningId = cleaning.body.id;
    const implant = await server.admin.post("/admin/services", {
      name: "Dental implant",
      aliases: ["implant"],
      durationMinutes: 60,
      priceCents: 120000,
      multiSession: { totalSessions: 3, strategy: "immediate", gapDays: [14, 90], sessionLabels: ["Placement", "Check", "Crown"] },
    });
    expect(implant.status).toBe(201);
    expect(implant.body.multiSession).toEqual(expect.objectContaining({ totalSessions: 3, strategy: "immediate", gapDays: [14, 90] }));

    const patched = await server.admin.patch(`/admin/services/${cleaningId}`, { priceCents: 9500 });
    expect(patched.body).toEqual(expect.objectContaining({ id: cleaningId, priceCents: 9500, aliases: ["checkup", "hygiene"] }));
    expectProblem(await server.admin.patch(`/admin/services/${randomUUID()}`, { priceCents: 1 }), 404);
    expect(fieldsOf(await server.admin.post("/admin/services", { name: "Whitening", durationMinutes: 30, priceCents: 100, staffIds: [randomUUID()] }))).toEqual(["staffIds"]);
    expect(fieldsOf(await server.admin.post("/admin/services", { name: "X", durationMinutes: 0, priceCents: -1, multiSession: { totalSessions: 1, strategy: "often" } }))).toEqual(
      expect.arrayContaining(["durationMinutes", "priceCents", "multiSession.totalSessions", "multiSession.strategy"]),
    );
    expect((await server.admin.get("/admin/services")).body.items.map((s: { name: string }) => s.name).sort()).toEqual(["Cleaning", "Dental implant"]);
  });
});

describe("running the business", () => {
  let phone: string;
  let cleaning: BookingJson;

  it("takes a booking by text in the business's zone", async () => {
    phone = newPhone();
    expect(await server.text(phone, "can I get a checkup on Wednesday at 10am?")).toEqual(["Cleaning: Wed 4 Mar, 10:00 with Dr. Rivera, $95.00. Book it? (yes/no)"]);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Cleaning, Wed 4 Mar, 10:00\./);
    const mine = await server.bookings({ phone });
    expect(mine).toHaveLength(1);
    cleaning = mine[0]!;
    expect(cleaning).toEqual(expect.objectContaining({ serviceId: cleaningId, staffId, start: "2026-03-04T10:00:00-06:00", status: "confirmed" }));
  });

  it("moves a booking to its backup time when staff block its time, and tells the customer", async () => {
    expect((await server.text(phone, "backup wednesday at 2pm"))[0]).toMatch(/^Noted: if we ever can't see you at Wed 4 Mar, 10:00, we'll move you to Wed 4 Mar, 14:00/);
    server.clock.advanceMinutes(1);
    const res = await server.admin.post("/admin/blocked-periods", { staffId, start: "2026-03-04T09:00:00-06:00", end: "2026-03-04T12:00:00-06:00", reason: "equipment service" });
    expect(res.status).toBe(201);
    expect(res.body.affectedBookings).toEqual([{ bookingId: cleaning.id, outcome: "moved_to_backup", start: "2026-03-04T16:00:00.000Z", newStart: "2026-03-04T20:00:00.000Z" }]);
    expect((await server.bookings({ phone }))[0]).toEqual(expect.objectContaining({ id: cleaning.id, start: "2026-03-04T14:00:00-06:00", status: "confirmed" }));
    expect((await outgoing(phone)).at(-1)).toMatch(/moved to your backup time: Wed 4 Mar, 14:00/);
  });

  it("asks a customer without a backup time to choose another, and their answer books it", async () => {
    const other = newPhone();
    await server.text(other, "cleaning on Friday at 9am");
    await server.text(other, "yes");
    const [booked] = await server.bookings({ phone: other });
    server.clock.advanceMinutes(1);
    const res = await server.admin.post("/admin/blocked-periods", { start: "2026-03-06T08:00:00-06:00", end: "2026-03-06T12:00:00-06:00" });
    expect(res.body.affectedBookings).toEqual([expect.objectContaining({ bookingId: booked!.id, outcome: "asked_to_reschedule" })]);
    expect((await outgoing(other)).at(-1)).toMatch(/Fri 6 Mar, 09:00/);
    server.clock.advanceMinutes(1);
    const [question] = await server.text(other, "march 9 at 11am");
    expect(question).toMatch(/Mon 9 Mar, 11:00.*\(yes\/no\)$/s);
    await server.text(other, "yes");
    expect((await server.bookings({ phone: other })).map((b) => b.start)).toEqual(["2026-03-09T11:00:00-05:00"]);
  });

  it("refuses a blocked period that ends before it starts, or names an unknown staff member", async () => {
    expect(fieldsOf(await server.admin.post("/admin/blocked-periods", { start: "2026-03-06T12:00:00-06:00", end: "2026-03-06T08:00:00-06:00" }))).toEqual(["end"]);
    expect(fieldsOf(await server.admin.post("/admin/blocked-periods", { staffId: randomUUID(), start: "2026-03-06T08:00:00-06:00", end: "2026-03-06T12:00:00-06:00" }))).toEqual(["staffId"]);
  });

  it("lists the blocked periods overlapping a range, a staff member's with the business-wide ones", async () => {
    const list = async (query: string) => (await server.admin.get(`/admin/blocked-periods?${query}`)).body.items as { staffId: string | null; start: string; reason: string | null }[];
    const week = "from=2026-03-02T00:00:00-06:00&to=2026-03-09T00:00:00-06:00";
    expect((await list(week)).map((p) => [p.staffId, p.start, p.reason])).toEqual([
      [staffId, "2026-03-04T09:00:00-06:00", "equipment service"],
      [null, "2026-03-06T08:00:00-06:00", null],
    ]);
    expect(await list(`${week}&staffId=${staffId}`)).toHaveLength(2);
    expect(await list(`${week}&staffId=${randomUUID()}`)).toHaveLength(1);
    expect(await list("from=2026-03-04T12:00:00-06:00&to=2026-03-06T08:00:00-06:00")).toEqual([]);
    expect(fieldsOf(await server.admin.get("/admin/blocked-periods?from=2026-03-09T00:00:00Z&to=2026-03-02T00:00:00Z"))).toEqual(["to"]);
  });

  it("creates a promo code once (409 for the same code again, in any case) and customers redeem it by text", async () => {
    const res = await server.admin.post("/admin/promo-codes", { code: "spring20", maxUses: 5, percentOff: 20 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ code: "SPRING20", maxUses: 5, percentOff: 20 }));
    expectProblem(await server.admin.post("/admin/promo-codes", { code: "SPRING20", maxUses: 1, percentOff: 5 }), 409);
    expect(fieldsOf(await server.admin.post("/admin/promo-codes", { code: "x", maxUses: 0, percentOff: 101 }))).toEqual(["code", "maxUses", "percentOff"]);
    const buyer = newPhone();
    await server.text(buyer, "code spring20");
    const [summary] = await server.text(buyer, "cleaning on Wednesday at 3pm");
    expect(summary).toMatch(/\$76\.00/);
  });

  it("shows the conversation log oldest first, and needs a phone", async () => {
    const log = await server.messagesOf(phone);
    expect(log[0]).toEqual(expect.objectContaining({ direction: "in", channel: "sms", body: "can I get a checkup on Wednesday at 10am?" }));
    expect(log.map((m) => m.createdAt)).toEqual([...log.map((m) => m.createdAt)].sort());
    expect(fieldsOf(await server.admin.get("/admin/messages"))).toEqual(["phone"]);
    expect((await server.admin.get(`/admin/messages?phone=${encodeURIComponent("+15550000000")}`)).body).toEqual({ items: [] });
  });

  it("counts bookings by status, conversion and plans", async () => {
    const stats = (await server.admin.get("/admin/stats")).body;
    expect(stats.bookingsByStatus).toEqual(expect.objectContaining({ confirmed: 2, cancelled: 0, pending_payment: 0 }));
    expect(stats.conversion).toEqual(expect.objectContaining({ customersWhoWrote: 3, customersWithConfirmedBooking: 2 }));
    expect(stats.multiSessionGroups).toEqual(expect.objectContaining({ active: 0 }));
  });

  it("sends the reminders at the business's offsets when the jobs run, once", async () => {
    // Wed 4 Mar 14:00 Chicago: the 24-hour reminder is due at Tue 3 Mar 14:00, 20:00Z.
    const run = (now: string) => server.admin.post("/admin/jobs/run", { now });
    expect((await run("2026-03-03T19:59:00Z")).body.reminders).toBe(0);
    expect((await run("2026-03-03T20:00:00Z")).body).toEqual(expect.objectContaining({ reminders: 1, messagesDelivered: 1 }));
    expect((await run("2026-03-03T20:01:00Z")).body.reminders).toBe(0);
    expect((await outgoing(phone)).filter((m) => m.startsWith("Reminder: Cleaning, Wed 4 Mar, 14:00"))).toHaveLength(1);
    expect(fieldsOf(await run("yesterday"))).toEqual(["now"]);
  });
});
