/**
 * GET /admin/plans: customers book the demo salon's multi-session services by text; staff close
 * sessions through the admin API; the plan list shows each plan's sessions, counts and next step.
 * Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { type AdminServer, type BookingJson, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";

let server: AdminServer;
const newPhone = phoneMaker("555217");

beforeAll(async () => {
  server = await startAdminServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

interface PlanJson {
  id: string;
  service: { id: string; name: string };
  customer: { name: string | null; phone: string };
  strategy: string;
  totalSessions: number;
  status: string;
  createdAt: string;
  sessions: { sessionNumber: number; label: string | null; bookingId: string; start: string; status: string }[];
  counts: { booked: number; completed: number; noShow: number; cancelled: number; remaining: number };
  nextStep: { kind: string; bookingId?: string; start?: string; sessionNumber?: number };
}

async function plans(query: Record<string, string> = {}): Promise<PlanJson[]> {
  const res = await server.admin.get(`/admin/plans?${new URLSearchParams(query).toString()}`);
  if (res.status !== 200) throw new Error(`GET /admin/plans answered ${res.status}: ${res.text}`);
  return (res.body as { items: PlanJson[] }).items;
}

/** The one plan of the customer with this phone (found by its digits, as the console's search does). */
async function planOf(phone: string): Promise<PlanJson> {
  const found = await plans({ q: phone.slice(1) });
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** A customer asks by text and says yes; returns their bookings. */
async function bookByText(phone: string, ...requests: string[]): Promise<BookingJson[]> {
  for (const words of requests) await server.text(phone, words);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^Booked: /);
  server.clock.advanceMinutes(1);
  return server.bookings({ phone });
}

const complete = async (bookingId: string) => expect((await server.admin.post(`/admin/bookings/${bookingId}/complete`)).body.status).toBe("completed");

describe("an immediate plan (Hair implant, 3 sessions booked at once)", () => {
  let phone: string;
  let booked: BookingJson[];
  beforeAll(async () => {
    phone = newPhone();
    booked = await bookByText(phone, "implant on wednesday at 10am");
    expect(booked).toHaveLength(3);
  });

  it("lists the plan with its service, customer, sessions (labelled, in the business's offset) and 3 booked", async () => {
    const plan = await planOf(phone);
    expect(plan).toEqual({
      id: booked[0]!.sessionGroupId,
      service: { id: booked[0]!.serviceId, name: "Hair implant" },
      customer: { name: null, phone },
      strategy: "immediate",
      totalSessions: 3,
      status: "active",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?-0[45]:00$/),
      sessions: [
        { sessionNumber: 1, label: "Consultation and fitting", bookingId: booked[0]!.id, start: "2026-03-04T10:00:00-05:00", status: "confirmed" },
        { sessionNumber: 2, label: "Integration check", bookingId: booked[1]!.id, start: "2026-03-18T10:00:00-04:00", status: "confirmed" },
        { sessionNumber: 3, label: "Final fitting", bookingId: booked[2]!.id, start: "2026-04-18T10:00:00-04:00", status: "confirmed" },
      ],
      counts: { booked: 3, completed: 0, noShow: 0, cancelled: 0, remaining: 0 },
      nextStep: { kind: "session", bookingId: booked[0]!.id, start: "2026-03-04T10:00:00-05:00", sessionNumber: 1 },
    });
  });

  it("counts session 1 completed, 2 booked, none remaining, and names session 2 next", async () => {
    await complete(booked[0]!.id);
    const plan = await planOf(phone);
    expect(plan.counts).toEqual({ booked: 2, completed: 1, noShow: 0, cancelled: 0, remaining: 0 });
    expect(plan.sessions.map((s) => s.status)).toEqual(["completed", "confirmed", "confirmed"]);
    expect(plan.nextStep).toEqual({ kind: "session", bookingId: booked[1]!.id, start: "2026-03-18T10:00:00-04:00", sessionNumber: 2 });
    expect(plan.status).toBe("active");
  });

  it("is completed, with nothing next, once every session is done; the status filter finds it there only", async () => {
    await complete(booked[1]!.id);
    await complete(booked[2]!.id);
    const plan = await planOf(phone);
    expect(plan).toEqual(expect.objectContaining({ status: "completed", counts: { booked: 0, completed: 3, noShow: 0, cancelled: 0, remaining: 0 }, nextStep: { kind: "done" } }));

    const ids = (items: PlanJson[]) => items.map((p) => p.id);
    expect(ids(await plans({ status: "completed" }))).toContain(plan.id);
    expect(ids(await plans({ status: "active" }))).not.toContain(plan.id);
    expect(ids(await plans({ status: "cancelled" }))).not.toContain(plan.id);
    expect(ids(await plans({ q: phone.slice(1), status: "completed" }))).toEqual([plan.id]);
    expect(ids(await plans({ q: phone.slice(1), status: "active" }))).toEqual([]);
  });
});

describe("a sequential plan (Scalp physio, 8 sessions one at a time)", () => {
  it("after session 1 is completed, says the customer was invited to book session 2; then names the session they booked", async () => {
    const phone = newPhone();
    const [first] = await bookByText(phone, "scalp physio on March 23 at 11am");
    let plan = await planOf(phone);
    expect(plan).toEqual(expect.objectContaining({ strategy: "sequential", totalSessions: 8, counts: { booked: 1, completed: 0, noShow: 0, cancelled: 0, remaining: 7 } }));
    expect(plan.sessions[0]!.label).toBeNull();
    expect(plan.nextStep).toEqual({ kind: "session", bookingId: first!.id, start: "2026-03-23T11:00:00-04:00", sessionNumber: 1 });

    await complete(first!.id);
    plan = await planOf(phone);
    expect(plan.counts).toEqual({ booked: 0, completed: 1, noShow: 0, cancelled: 0, remaining: 7 });
    expect(plan.nextStep).toEqual({ kind: "invite_after", sessionNumber: 2 });

    server.clock.advanceMinutes(1);
    const after = await bookByText(phone, "March 30 at 11am");
    const second = after.find((b) => b.sessionNumber === 2)!;
    plan = await planOf(phone);
    expect(plan.counts).toEqual({ booked: 1, completed: 1, noShow: 0, cancelled: 0, remaining: 6 });
    expect(plan.nextStep).toEqual({ kind: "session", bookingId: second.id, start: "2026-03-30T11:00:00-04:00", sessionNumber: 2 });
  });
});

describe("a flexible plan (Styling lessons, 10 sessions booked when the customer likes)", () => {
  it("counts a cancelled session apart from booked ones, and leaves the next lesson to the customer once the booked one is done", async () => {
    const phone = newPhone();
    const booked = await bookByText(phone, "styling lessons", "2", "wednesday at 2pm", "friday at 2pm");
    expect(booked.map((b) => b.sessionNumber)).toEqual([1, 2]);
    expect((await server.admin.post(`/admin/bookings/${booked[1]!.id}/cancel`, {})).body.status).toBe("cancelled");

    let plan = await planOf(phone);
    expect(plan.counts).toEqual({ booked: 1, completed: 0, noShow: 0, cancelled: 1, remaining: 9 });
    expect(plan.sessions.map((s) => [s.sessionNumber, s.status])).toEqual([
      [1, "confirmed"],
      [2, "cancelled"],
    ]);

    await complete(booked[0]!.id);
    plan = await planOf(phone);
    expect(plan.counts).toEqual({ booked: 0, completed: 1, noShow: 0, cancelled: 1, remaining: 9 });
    expect(plan.nextStep).toEqual({ kind: "customer_to_book", sessionNumber: 2 });
  });
});

describe("the list", () => {
  it("puts active plans before completed ones", async () => {
    const statuses = (await plans()).map((p) => p.status);
    expect(statuses).toContain("completed");
    expect(statuses.indexOf("completed")).toBeGreaterThan(statuses.lastIndexOf("active"));
  });

  it("filters by service", async () => {
    const all = await plans();
    const physio = all.find((p) => p.service.name === "Scalp physio")!;
    const only = await plans({ serviceId: physio.service.id });
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((p) => p.service.name === "Scalp physio")).toBe(true);
    expect(await plans({ serviceId: randomUUID() })).toEqual([]);
  });

  it("finds nobody for a search that matches no customer, LIKE's wildcards taken literally", async () => {
    expect(await plans({ q: "nobody by this name" })).toEqual([]);
    expect(await plans({ q: "100%_" })).toEqual([]);
  });

  it("answers a bad filter with 400 naming each field", async () => {
    expect(fieldsOf(await server.admin.get("/admin/plans?status=finished"))).toEqual(["status"]);
    expect(fieldsOf(await server.admin.get(`/admin/plans?status=done&serviceId=42&q=${"x".repeat(101)}&colour=red`))).toEqual(["colour", "q", "serviceId", "status"]);
  });

  it("may be read by a staff user signed in to the console", async () => {
    const alex = ((await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[]).find((s) => s.name === "Alex")!;
    const invited = await server.admin.post("/admin/users", { email: "plans.staff@example.test", name: "Alex", role: "staff", staffId: alex.id });
    expect(invited.status).toBe(201);
    const set = await request(server.app)
      .post("/console/api/set-password")
      .send({ token: (invited.body.inviteUrl as string).split("#")[1], password: "correct horse battery staple" });
    const cookie = ([] as string[]).concat(set.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="))!.split(";")[0]!;
    const res = await request(server.app).get("/admin/plans").set("Cookie", cookie);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expectProblem(await request(server.app).get("/admin/plans"), 401);
  });
});
