/**
 * What the console's Services page asks of the admin API beyond the setup routes: a preview of the
 * schedule unsaved plan settings give (immediate gaps, sequential and flexible booking rules, the
 * same local time across DST, bad input named field by field), and the promo codes listed,
 * deactivated and reactivated, never another business's.
 */
import request from "supertest";
import { eq } from "drizzle-orm";
import { promoCodes } from "../../src/db/schema";
import { type AdminServer, expectProblem, fieldsOf, startAdminServer } from "../support/adminClient";

const PLATFORM_TOKEN = "test-platform-token-services-7c1d";

let server: AdminServer;

beforeAll(async () => {
  // Monday 2 March 2026, 08:00 in New York; clocks go forward on Sunday 8 March.
  server = await startAdminServer({ env: { PLATFORM_TOKEN } });
}, 60_000);
afterAll(async () => {
  await server.close();
});

interface PreviewJson {
  timezone: string;
  sampleStart: string;
  strategy: string | null;
  sessions: { sessionNumber: number; label: string | null; start: string; end: string; booking: Record<string, unknown> }[];
}

async function preview(body: object): Promise<PreviewJson> {
  const res = await server.admin.post("/admin/services/preview", body);
  if (res.status !== 200) throw new Error(`preview answered ${res.status}: ${res.text}`);
  return res.body as PreviewJson;
}

const starts = (p: PreviewJson) => p.sessions.map((s) => s.start);

describe("POST /admin/services/preview", () => {
  it("places an immediate plan's sessions each gap later at the same local time, all booked with the first", async () => {
    const p = await preview({
      durationMinutes: 45,
      multiSession: { strategy: "immediate", totalSessions: 3, gapDays: [14, 31], sessionLabels: ["Consultation", "Procedure"] },
      sampleStart: "2026-03-16T10:00",
    });
    expect(p.timezone).toBe("America/New_York");
    expect(p.sampleStart).toBe("2026-03-16T10:00:00-04:00");
    expect(p.strategy).toBe("immediate");
    expect(p.sessions).toEqual([
      { sessionNumber: 1, label: "Consultation", start: "2026-03-16T10:00:00-04:00", end: "2026-03-16T10:45:00-04:00", booking: { kind: "first" } },
      { sessionNumber: 2, label: "Procedure", start: "2026-03-30T10:00:00-04:00", end: "2026-03-30T10:45:00-04:00", booking: { kind: "with_first" } },
      { sessionNumber: 3, label: null, start: "2026-04-30T10:00:00-04:00", end: "2026-04-30T10:45:00-04:00", booking: { kind: "with_first" } },
    ]);
  });

  it("repeats the last gap for sessions beyond the listed gaps", async () => {
    const p = await preview({ durationMinutes: 30, multiSession: { strategy: "immediate", totalSessions: 4, gapDays: [2] }, sampleStart: "2026-03-16T09:00" });
    expect(starts(p)).toEqual(["2026-03-16T09:00:00-04:00", "2026-03-18T09:00:00-04:00", "2026-03-20T09:00:00-04:00", "2026-03-22T09:00:00-04:00"]);
  });

  it("starts from next Monday at 10:00 in the business's zone when no sample start is given", async () => {
    const p = await preview({ durationMinutes: 30 });
    expect(p.sampleStart).toBe("2026-03-09T10:00:00-04:00");
    expect(p.strategy).toBeNull();
    expect(p.sessions).toEqual([{ sessionNumber: 1, label: null, start: "2026-03-09T10:00:00-04:00", end: "2026-03-09T10:30:00-04:00", booking: { kind: "first" } }]);
  });

  it("says a sequential plan's later sessions are booked once the one before is completed, at least the minimum gap later", async () => {
    const p = await preview({ durationMinutes: 45, multiSession: { strategy: "sequential", totalSessions: 3, minGapDays: 7 }, sampleStart: "2026-03-16T11:15" });
    expect(starts(p)).toEqual(["2026-03-16T11:15:00-04:00", "2026-03-23T11:15:00-04:00", "2026-03-30T11:15:00-04:00"]);
    expect(p.sessions.map((s) => s.booking)).toEqual([
      { kind: "first" },
      { kind: "after_previous_completed", afterSession: 1, minGapDays: 7 },
      { kind: "after_previous_completed", afterSession: 2, minGapDays: 7 },
    ]);
  });

  it("spaces a sequential plan by its gaps where it has them, with no minimum when none is set", async () => {
    const p = await preview({ durationMinutes: 60, multiSession: { strategy: "sequential", totalSessions: 3, gapDays: [10, 20] }, sampleStart: "2026-03-16T10:00" });
    expect(starts(p)).toEqual(["2026-03-16T10:00:00-04:00", "2026-03-26T10:00:00-04:00", "2026-04-15T10:00:00-04:00"]);
    expect(p.sessions[2]!.booking).toEqual({ kind: "after_previous_completed", afterSession: 2, minGapDays: null });
  });

  it("says a flexible plan's sessions are booked any time, and shows the earliest the minimum gap allows", async () => {
    const p = await preview({ durationMinutes: 60, multiSession: { strategy: "flexible", totalSessions: 4, minGapDays: 2 }, sampleStart: "2026-03-16T18:00" });
    expect(starts(p)).toEqual(["2026-03-16T18:00:00-04:00", "2026-03-18T18:00:00-04:00", "2026-03-20T18:00:00-04:00", "2026-03-22T18:00:00-04:00"]);
    expect(p.sessions.slice(1).map((s) => s.booking)).toEqual([1, 2, 3].map(() => ({ kind: "any_time", minGapDays: 2 })));
    const noGap = await preview({ durationMinutes: 60, multiSession: { strategy: "flexible", totalSessions: 2 }, sampleStart: "2026-03-16T18:00" });
    expect(noGap.sessions[1]).toEqual(expect.objectContaining({ start: "2026-03-17T18:00:00-04:00", booking: { kind: "any_time", minGapDays: null } }));
  });

  it("keeps the local time across both DST changes, with the offset of each day", async () => {
    const spring = await preview({ durationMinutes: 60, multiSession: { strategy: "immediate", totalSessions: 2, gapDays: [7] }, sampleStart: "2026-03-02T10:00" });
    expect(spring.sessions.map((s) => [s.start, s.end])).toEqual([
      ["2026-03-02T10:00:00-05:00", "2026-03-02T11:00:00-05:00"],
      ["2026-03-09T10:00:00-04:00", "2026-03-09T11:00:00-04:00"],
    ]);
    const autumn = await preview({ durationMinutes: 30, multiSession: { strategy: "sequential", totalSessions: 2, minGapDays: 3 }, sampleStart: "2026-10-30T09:30" });
    expect(starts(autumn)).toEqual(["2026-10-30T09:30:00-04:00", "2026-11-02T09:30:00-05:00"]);
  });

  it("moves a sample start inside the spring-forward gap to the first wall time that exists, and takes an ISO instant", async () => {
    expect((await preview({ durationMinutes: 30, sampleStart: "2026-03-08T02:30" })).sampleStart).toBe("2026-03-08T03:00:00-04:00");
    expect((await preview({ durationMinutes: 30, sampleStart: "2026-03-16T14:00:00Z" })).sampleStart).toBe("2026-03-16T10:00:00-04:00");
  });

  it("refuses bad settings with 400, naming each field as the service routes do", async () => {
    const res = await server.admin.post("/admin/services/preview", {
      durationMinutes: 0,
      multiSession: { strategy: "weekly", totalSessions: 1, gapDays: [-1], colour: "red" },
      sampleStart: "next monday",
    });
    expect(fieldsOf(res)).toEqual(["durationMinutes", "multiSession.colour", "multiSession.gapDays.0", "multiSession.strategy", "multiSession.totalSessions", "sampleStart"]);
    expect(fieldsOf(await server.admin.post("/admin/services/preview", {}))).toEqual(["durationMinutes"]);
    expect(fieldsOf(await server.admin.post("/admin/services/preview", { durationMinutes: 30, sampleStart: "2026-02-30T10:00" }))).toEqual(["sampleStart"]);
    expect((await server.admin.post("/admin/services/preview", { durationMinutes: 30, sampleStart: "2026-03-16T10:00:00" })).status).toBe(200);
    expect(
      fieldsOf(await server.admin.post("/admin/services/preview", { durationMinutes: 30, multiSession: { strategy: "immediate", totalSessions: 2, gapDays: [1, 2], sessionLabels: ["a", "b", "c"] } })),
    ).toEqual(["multiSession.gapDays", "multiSession.sessionLabels"]);
  });

  it("saves nothing", async () => {
    const before = (await server.admin.get("/admin/services")).body.items.length;
    await preview({ durationMinutes: 30, multiSession: { strategy: "immediate", totalSessions: 2, gapDays: [7] } });
    expect((await server.admin.get("/admin/services")).body.items).toHaveLength(before);
  });
});

describe("who may use them", () => {
  const PASSWORD = "a long enough passphrase";
  type Method = "get" | "post" | "patch";

  /** A console user of the demo business, signed in through their invitation link: a call as their browser would make it. */
  async function signedIn(role: "owner" | "frontDesk" | "staff") {
    const staffId = role === "staff" ? ((await server.admin.get("/admin/staff")).body.items[0].id as string) : undefined;
    const invited = await server.admin.post("/admin/users", { email: `${role}@services.test`, name: role, role, staffId });
    const set = await request(server.app).post("/console/api/set-password").send({ token: invited.body.inviteUrl.split("#")[1], password: PASSWORD });
    const cookie = ([] as string[]).concat(set.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="))!.split(";")[0]!;
    const csrf = (await request(server.app).get("/console/api/me").set("Cookie", cookie)).body.csrfToken as string;
    return (method: Method, path: string, body?: object) => {
      const req = request(server.app)[method](path).set("Cookie", cookie).set("X-CSRF-Token", csrf);
      return body === undefined ? req : req.send(body);
    };
  }

  it("lets front desk and staff read the services but not preview plans or touch promo codes (403); owners may", async () => {
    const promo = (await server.admin.post("/admin/promo-codes", { code: "ROLES1", maxUses: 1, percentOff: 5 })).body as { id: string };
    const body = { durationMinutes: 30 };
    for (const role of ["frontDesk", "staff"] as const) {
      const as = await signedIn(role);
      expect((await as("get", "/admin/services")).status).toBe(200);
      expectProblem(await as("post", "/admin/services/preview", body), 403);
      expectProblem(await as("get", "/admin/promo-codes"), 403);
      expectProblem(await as("patch", `/admin/promo-codes/${promo.id}`, { active: false }), 403);
    }
    const owner = await signedIn("owner");
    expect((await owner("post", "/admin/services/preview", body)).status).toBe(200);
    expect((await owner("patch", `/admin/promo-codes/${promo.id}`, { active: false })).body.active).toBe(false);
    // The promo tests below start from an empty list.
    await server.database.db.delete(promoCodes).where(eq(promoCodes.id, promo.id));
  });
});

interface PromoJson {
  id: string;
  code: string;
  percentOff: number;
  maxUses: number;
  usedCount: number;
  expiresAt: string | null;
  active: boolean;
}

describe("promo codes", () => {
  let spring: PromoJson;

  it("lists the business's codes, oldest first", async () => {
    expect((await server.admin.get("/admin/promo-codes")).body).toEqual({ items: [] });
    spring = (await server.admin.post("/admin/promo-codes", { code: "spring10", maxUses: 50, percentOff: 10 })).body;
    const vip = (await server.admin.post("/admin/promo-codes", { code: "VIP", maxUses: 5, percentOff: 25, expiresAt: "2026-06-30T23:59:00-04:00" })).body as PromoJson;
    const list = await server.admin.get("/admin/promo-codes");
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { id: spring.id, code: "SPRING10", percentOff: 10, maxUses: 50, usedCount: 0, expiresAt: null, active: true },
      { id: vip.id, code: "VIP", percentOff: 25, maxUses: 5, usedCount: 0, expiresAt: "2026-07-01T03:59:00.000Z", active: true },
    ]);
  });

  it("deactivates a code and reactivates it", async () => {
    const off = await server.admin.patch(`/admin/promo-codes/${spring.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ...spring, active: false });
    expect((await server.admin.get("/admin/promo-codes")).body.items[0].active).toBe(false);

    const on = await server.admin.patch(`/admin/promo-codes/${spring.id}`, { active: true });
    expect(on.body.active).toBe(true);
    expect((await server.admin.get("/admin/promo-codes")).body.items[0]).toEqual(spring);
  });

  it("refuses a bad body by field, and an unknown or malformed id with 404", async () => {
    expect(fieldsOf(await server.admin.patch(`/admin/promo-codes/${spring.id}`, { active: "no", percentOff: 90 }))).toEqual(["active", "percentOff"]);
    expect(fieldsOf(await server.admin.patch(`/admin/promo-codes/${spring.id}`, {}))).toEqual(["active"]);
    expectProblem(await server.admin.patch("/admin/promo-codes/00000000-0000-4000-8000-000000000000", { active: false }), 404);
    expectProblem(await server.admin.patch("/admin/promo-codes/spring10", { active: false }), 404);
  });

  // Last: with a second business, ADMIN_TOKEN stops working and each business uses its own key.
  it("never shows or changes another business's code (404), and previews in each business's own zone", async () => {
    const platform = (method: "post", path: string, body: object) => request(server.app)[method](path).set("Authorization", `Bearer ${PLATFORM_TOKEN}`).send(body);
    const business = (await server.admin.get("/admin/business")).body as { id: string };
    expect((await server.admin.patch("/admin/business", { channels: { twilioNumbers: ["+15550400901"] } })).status).toBe(200);
    const north = (await platform("post", `/platform/businesses/${business.id}/api-keys`, {})).body.apiKey as string;
    const created = await platform("post", "/platform/businesses", { name: "London Salon", slug: "london", timezone: "Europe/London", currency: "GBP" });
    expect(created.status).toBe(201);
    const as = (key: string) => (method: "get" | "post" | "patch", path: string, body?: object) => {
      const req = request(server.app)[method](path).set("Authorization", `Bearer ${key}`);
      return body === undefined ? req : req.send(body);
    };
    const [a, b] = [as(north), as(created.body.apiKey as string)];

    const theirs = (await b("post", "/admin/promo-codes", { code: "LONDON5", maxUses: 3, percentOff: 5 })).body as PromoJson;
    expectProblem(await a("patch", `/admin/promo-codes/${theirs.id}`, { active: false }), 404);
    expect(((await a("get", "/admin/promo-codes")).body.items as PromoJson[]).map((p) => p.code)).toEqual(["SPRING10", "VIP"]);
    expect(((await b("get", "/admin/promo-codes")).body.items as PromoJson[])).toEqual([{ ...theirs, active: true }]);
    expectProblem(await b("patch", `/admin/promo-codes/${spring.id}`, { active: false }), 404);
    expect((await a("get", "/admin/promo-codes")).body.items[0].active).toBe(true);

    // 29 March 2026: the UK's clocks go forward; Monday 30 March is in BST.
    const london = (await b("post", "/admin/services/preview", { durationMinutes: 30, multiSession: { strategy: "immediate", totalSessions: 2, gapDays: [7] }, sampleStart: "2026-03-23T10:00" })).body as PreviewJson;
    expect(london.timezone).toBe("Europe/London");
    expect(starts(london)).toEqual(["2026-03-23T10:00:00+00:00", "2026-03-30T10:00:00+01:00"]);
  });
});
