/**
 * Staff & hours (issue #17, page 5) through the admin API: editing a staff member, previewing a
 * blocked period (which bookings it would move to their backup time and which customers it would
 * ask to choose again, decided by the same code as blocking, with nothing changed and nobody told),
 * unblocking, and who may do which. The demo salon: Alex works Mon–Fri 09:00–17:00, Sam Tue–Sat
 * 10:00–18:00; now is Monday 2 March 2026, 08:00 in New York. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import request from "supertest";
import { blockedPeriods, staff } from "../../src/db/schema";
import { createBusiness } from "../support/factories";
import { ADMIN_TOKEN, type AdminServer, type BookingJson, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";

const PASSWORD = "correct horse battery staple";
/** Tuesday 3 March 2026 in New York, midnight to midnight (EST, -05:00). */
const TUESDAY = { start: "2026-03-03T00:00:00-05:00", end: "2026-03-04T00:00:00-05:00" };

let server: AdminServer;
const newPhone = phoneMaker("555171");
let alexId: string;
let samId: string;

type Method = "get" | "post" | "patch" | "put" | "delete";
type Call = (method: Method, path: string, body?: object) => request.Test;

/** A console user of the demo business, signed in: calls /admin/* as their browser would (cookie and CSRF token). */
async function signedIn(role: "owner" | "frontDesk" | "staff", staffId?: string): Promise<Call> {
  const invited = await server.admin.post("/admin/users", { email: `${role}.${randomUUID().slice(0, 8)}@hours.test`, name: role, role, ...(staffId && { staffId }) });
  if (invited.status !== 201) throw new Error(`POST /admin/users answered ${invited.status}: ${invited.text}`);
  const token = (invited.body.inviteUrl as string).split("#")[1]!;
  const set = await request(server.app).post("/console/api/set-password").send({ token, password: PASSWORD });
  const header = ([] as string[]).concat(set.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="));
  if (!header) throw new Error(`no session cookie (${set.status}: ${set.text})`);
  const cookie = header.split(";")[0]!;
  const csrf = (await request(server.app).get("/console/api/me").set("Cookie", cookie)).body.csrfToken as string;
  return (method, path, body) => {
    const req = request(server.app)[method](path).set("Cookie", cookie).set("X-CSRF-Token", csrf);
    return body === undefined ? req : req.send(body);
  };
}

/** A Haircut booked by text; with `backup`, the customer then gives a backup time. Returns the booking. */
async function bookedByText(when: string, backup?: string): Promise<BookingJson & { phone: string }> {
  const phone = newPhone();
  await server.text(phone, `haircut on ${when}`);
  const [booked] = await server.text(phone, "yes");
  expect(booked).toMatch(/^Booked: Haircut/);
  if (backup) expect((await server.text(phone, `backup ${backup}`))[0]).toMatch(/^Noted: /);
  const [booking] = await server.bookings({ phone });
  return { ...booking!, phone };
}

beforeAll(async () => {
  server = await startAdminServer();
  const team = (await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[];
  alexId = team.find((s) => s.name === "Alex")!.id;
  samId = team.find((s) => s.name === "Sam")!.id;
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe("PATCH /admin/staff/:id", () => {
  it("changes the name, email and calendar; null clears them; active: false takes the member off the services", async () => {
    const changed = await server.admin.patch(`/admin/staff/${samId}`, { name: "Samantha", email: "sam@salon.test", googleCalendarId: "sam@group.calendar.google.com" });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ id: samId, name: "Samantha", email: "sam@salon.test", googleCalendarId: "sam@group.calendar.google.com", active: true });

    const cleared = await server.admin.patch(`/admin/staff/${samId}`, { email: null, googleCalendarId: null });
    expect(cleared.body).toEqual({ id: samId, name: "Samantha", email: null, googleCalendarId: null, active: true });

    // Saturday is Sam's day alone: off the team, nobody offers a Saturday haircut.
    const saturday = () => server.text(newPhone(), "haircut on March 7 at 11am");
    expect((await saturday())[0]).toMatch(/^Haircut: Sat 7 Mar, 11:00 with Samantha/);
    expect((await server.admin.patch(`/admin/staff/${samId}`, { active: false })).body.active).toBe(false);
    expect((await saturday())[0]).toMatch(/^Sorry, we're closed on Sat 7 Mar\./);
    expect((await server.admin.patch(`/admin/staff/${samId}`, { active: true, name: "Sam" })).body).toEqual(expect.objectContaining({ name: "Sam", active: true }));

    const listed = (await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[];
    expect(listed.find((s) => s.id === samId)?.name).toBe("Sam");
  });

  it("refuses bad fields by name (400) and unknown ids (404), changing nothing", async () => {
    expect(fieldsOf(await server.admin.patch(`/admin/staff/${alexId}`, { name: "", email: "not an email", active: "yes" }))).toEqual(["active", "email", "name"]);
    expect(fieldsOf(await server.admin.patch(`/admin/staff/${alexId}`, { colour: "blue" }))).toEqual(["colour"]);
    expectProblem(await server.admin.patch(`/admin/staff/${randomUUID()}`, { name: "Nobody" }), 404);
    expectProblem(await server.admin.patch("/admin/staff/not-an-id", { name: "Nobody" }), 404);
    const alex = ((await server.admin.get("/admin/staff")).body.items as { id: string; name: string; email: string | null }[]).find((s) => s.id === alexId);
    expect(alex).toEqual(expect.objectContaining({ name: "Alex", email: null }));
  });
});

describe("POST /admin/blocked-periods/preview", () => {
  it("lists the bookings inside the period with what would happen to each, and changes nothing and tells nobody", async () => {
    const withBackup = await bookedByText("March 3 at 10am", "wednesday at 2pm"); // Tue 10:00, backup Wed 14:00 (free)
    const without = await bookedByText("March 3 at 11am"); // Tue 11:00, no backup
    expect(without.staffId).toBe(withBackup.staffId);
    const staffId = withBackup.staffId;
    const before = await server.bookings({ from: TUESDAY.start, to: "2026-03-06T00:00:00-05:00" });
    const sent = async () => [...(await server.messagesOf(withBackup.phone)), ...(await server.messagesOf(without.phone))].length;
    const messagesBefore = await sent();

    const preview = await server.admin.post("/admin/blocked-periods/preview", { staffId, ...TUESDAY, reason: "training" });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      affectedBookings: [
        {
          bookingId: withBackup.id,
          start: "2026-03-03T10:00:00-05:00",
          end: "2026-03-03T10:30:00-05:00",
          customer: { name: null, phone: withBackup.phone },
          serviceName: "Haircut",
          staffId,
          outcome: "moved_to_backup",
          newStart: "2026-03-04T14:00:00-05:00",
        },
        {
          bookingId: without.id,
          start: "2026-03-03T11:00:00-05:00",
          end: "2026-03-03T11:30:00-05:00",
          customer: { name: null, phone: without.phone },
          serviceName: "Haircut",
          staffId,
          outcome: "asked_to_reschedule",
        },
      ],
    });

    // Nothing moved, nothing blocked, nobody told.
    expect(await server.bookings({ from: TUESDAY.start, to: "2026-03-06T00:00:00-05:00" })).toEqual(before);
    expect((await server.admin.get(`/admin/blocked-periods?from=${encodeURIComponent(TUESDAY.start)}&to=${encodeURIComponent(TUESDAY.end)}`)).body.items).toEqual([]);
    expect(await sent()).toBe(messagesBefore);

    // Blocking for real does what the preview said.
    const blocked = await server.admin.post("/admin/blocked-periods", { staffId, ...TUESDAY, reason: "training" });
    expect(blocked.status).toBe(201);
    expect(blocked.body.affectedBookings.map((a: { bookingId: string; outcome: string; newStart?: string }) => [a.bookingId, a.outcome, a.newStart])).toEqual([
      [withBackup.id, "moved_to_backup", "2026-03-04T19:00:00.000Z"],
      [without.id, "asked_to_reschedule", undefined],
    ]);
    expect(await sent()).toBeGreaterThan(messagesBefore);
    expect((await server.admin.get(`/admin/bookings/${withBackup.id}`)).body.start).toBe("2026-03-04T14:00:00-05:00");

    // The same preview now: the period is already blocked and the moved booking is outside it.
    const again = await server.admin.post("/admin/blocked-periods/preview", { staffId, ...TUESDAY });
    expect(again.body.affectedBookings.map((a: { bookingId: string }) => a.bookingId)).toEqual([without.id]);
  });

  it("asks the customer when the backup time is inside the period too, for the whole business", async () => {
    const booking = await bookedByText("March 5 at 10am", "thursday at 3pm"); // Thu 10:00, backup Thu 15:00
    const preview = await server.admin.post("/admin/blocked-periods/preview", { start: "2026-03-05T00:00:00-05:00", end: "2026-03-06T00:00:00-05:00" });
    expect(preview.status).toBe(200);
    expect(preview.body.affectedBookings).toEqual([expect.objectContaining({ bookingId: booking.id, outcome: "asked_to_reschedule", start: "2026-03-05T10:00:00-05:00" })]);
    expect(preview.body.affectedBookings[0]).not.toHaveProperty("newStart");
  });

  it("refuses what POST /admin/blocked-periods refuses: bad fields by name, an unknown staff member", async () => {
    expect(fieldsOf(await server.admin.post("/admin/blocked-periods/preview", { start: "tomorrow", end: TUESDAY.end }))).toEqual(["start"]);
    expect(fieldsOf(await server.admin.post("/admin/blocked-periods/preview", { start: TUESDAY.end, end: TUESDAY.start }))).toEqual(["end"]);
    expect(fieldsOf(await server.admin.post("/admin/blocked-periods/preview", { staffId: randomUUID(), ...TUESDAY }))).toEqual(["staffId"]);
  });
});

describe("DELETE /admin/blocked-periods/:id", () => {
  it("opens the time again (204); an unknown id is 404", async () => {
    const period = { staffId: alexId, start: "2026-03-09T12:00:00-04:00", end: "2026-03-09T13:00:00-04:00", reason: "lunch" };
    const created = await server.admin.post("/admin/blocked-periods", period);
    expect(created.status).toBe(201);
    const listing = () => server.admin.get(`/admin/blocked-periods?from=${encodeURIComponent("2026-03-09T00:00:00-04:00")}&to=${encodeURIComponent("2026-03-10T00:00:00-04:00")}`);
    expect((await listing()).body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);

    expect((await server.admin.raw("delete", `/admin/blocked-periods/${created.body.id}`, `Bearer ${ADMIN_TOKEN}`)).status).toBe(204);
    expect((await listing()).body.items).toEqual([]);
    expectProblem(await server.admin.raw("delete", `/admin/blocked-periods/${created.body.id}`, `Bearer ${ADMIN_TOKEN}`), 404);
    expectProblem(await server.admin.raw("delete", "/admin/blocked-periods/nope", `Bearer ${ADMIN_TOKEN}`), 404);
  });
});

describe("who may do what", () => {
  it("staff read blocked periods but may not block, preview, unblock or change staff and hours (403)", async () => {
    const asAlex = await signedIn("staff", alexId);
    expect((await asAlex("get", `/admin/blocked-periods?from=${encodeURIComponent(TUESDAY.start)}&to=${encodeURIComponent(TUESDAY.end)}`)).status).toBe(200);
    expectProblem(await asAlex("post", "/admin/blocked-periods", { staffId: alexId, start: "2026-03-10T12:00:00-04:00", end: "2026-03-10T13:00:00-04:00" }), 403);
    expectProblem(await asAlex("post", "/admin/blocked-periods/preview", { staffId: alexId, ...TUESDAY }), 403);
    expectProblem(await asAlex("delete", `/admin/blocked-periods/${randomUUID()}`), 403);
    expectProblem(await asAlex("patch", `/admin/staff/${alexId}`, { name: "Alexander" }), 403);
    expectProblem(await asAlex("put", `/admin/staff/${alexId}/availability`, { rules: [] }), 403);
  });

  it("front desk preview, block and unblock, but may not change staff or hours (403)", async () => {
    const desk = await signedIn("frontDesk");
    const period = { staffId: samId, start: "2026-03-10T12:00:00-04:00", end: "2026-03-10T13:00:00-04:00", reason: "dentist" };
    expect((await desk("post", "/admin/blocked-periods/preview", period)).body).toEqual({ affectedBookings: [] });
    const created = await desk("post", "/admin/blocked-periods", period);
    expect(created.status).toBe(201);
    expect((await desk("delete", `/admin/blocked-periods/${created.body.id}`)).status).toBe(204);
    expectProblem(await desk("patch", `/admin/staff/${samId}`, { name: "Sammy" }), 403);
    expectProblem(await desk("put", `/admin/staff/${samId}/availability`, { rules: [] }), 403);
    expectProblem(await desk("post", "/admin/staff", { name: "Newcomer" }), 403);
  });

  it("an owner edits staff and hours with their session", async () => {
    const owner = await signedIn("owner");
    expect((await owner("patch", `/admin/staff/${alexId}`, { email: "alex@salon.test" })).body.email).toBe("alex@salon.test");
    const hours = await owner("put", `/admin/staff/${alexId}/availability`, { rules: [{ weekday: 1, start: "09:00", end: "12:00" }, { weekday: 1, start: "13:00", end: "17:00" }] });
    expect(hours.status).toBe(200);
    expect(hours.body.rules).toEqual([{ weekday: 1, start: "09:00", end: "12:00" }, { weekday: 1, start: "13:00", end: "17:00" }]);
    // A bad time is named once, beside its own range; start after end is named on the range's end.
    const bad = expectProblem(await owner("put", `/admin/staff/${alexId}/availability`, { rules: [{ weekday: 1, start: "09:00", end: "25:00" }, { weekday: 2, start: "17:00", end: "09:00" }] }), 400);
    expect(bad.errors).toEqual([
      { field: "rules.0.end", message: 'must be a time like "09:00" (24:00 for midnight)' },
      { field: "rules.1.end", message: "start must be before end" },
    ]);
  });
});

describe("another business's ids", () => {
  it("are 404 for PATCH /admin/staff/:id and DELETE /admin/blocked-periods/:id, and change nothing", async () => {
    const owner = await signedIn("owner");
    // A second business on the deployment (ADMIN_TOKEN is refused from here on; the owner's session is not).
    const other = await createBusiness(server.database.db, { staffNames: ["Alex"], services: [{ name: "Haircut", durationMinutes: 30, priceCents: 3000 }] });
    const theirStaff = other.staffIds[0]!;
    const [theirPeriod] = await server.database.db
      .insert(blockedPeriods)
      .values({ businessId: other.businessId, staffId: theirStaff, startAt: new Date("2026-03-10T14:00:00Z"), endAt: new Date("2026-03-10T15:00:00Z"), reason: "theirs" })
      .returning();

    expectProblem(await owner("patch", `/admin/staff/${theirStaff}`, { name: "Taken over" }), 404);
    expectProblem(await owner("delete", `/admin/blocked-periods/${theirPeriod!.id}`), 404);
    expect(fieldsOf(await owner("post", "/admin/blocked-periods/preview", { staffId: theirStaff, ...TUESDAY }))).toEqual(["staffId"]);
    expect((await server.database.db.select().from(staff).where(eq(staff.id, theirStaff)))[0]!.name).toBe("Alex");
    expect(await server.database.db.select().from(blockedPeriods).where(eq(blockedPeriods.id, theirPeriod!.id))).toHaveLength(1);
  });
});
