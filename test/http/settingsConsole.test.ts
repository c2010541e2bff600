/**
 * What the console's Settings page calls beyond GET/PATCH /admin/business: changing a user's role
 * and access (PATCH /admin/users/:id) — disabling ends their sessions at once and sign-in refuses
 * them, a business keeps an active owner — and the channels that route to the business
 * (GET /admin/channels, no secrets). Owners only. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import request from "supertest";
import { eq } from "drizzle-orm";
import { consoleSessions } from "../../src/db/schema";
import { createBusiness } from "../support/factories";
import { inviteUser } from "../../src/accounts/users";
import { claimChannels } from "../../src/tenancy/channels";
import { type AdminServer, ADMIN_TOKEN, AUTH_TOKEN, PUBLIC_BASE_URL, expectProblem, fieldsOf, startAdminServer } from "../support/adminClient";

const PASSWORD = "correct horse battery staple";

let server: AdminServer;
let alexId: string;

type Method = "get" | "post" | "patch";

function cookieOf(res: request.Response): string {
  const header = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="));
  if (!header) throw new Error(`no session cookie (${res.status}: ${res.text})`);
  return header.slice("slotline_session=".length).split(";")[0]!;
}

interface Person {
  id: string;
  email: string;
  cookie: string;
  csrf: string;
}

/** Invites a user with ADMIN_TOKEN, sets their password from the link: their id, session cookie and CSRF token. */
async function person(email: string, role: string, staffId?: string): Promise<Person> {
  const invited = await server.admin.post("/admin/users", { email, name: email.split("@")[0], role, ...(staffId && { staffId }) });
  if (invited.status !== 201) throw new Error(`POST /admin/users answered ${invited.status}: ${invited.text}`);
  const set = await request(server.app).post("/console/api/set-password").send({ token: invited.body.inviteUrl.split("#")[1], password: PASSWORD });
  const cookie = cookieOf(set);
  const me = await request(server.app).get("/console/api/me").set("Cookie", `slotline_session=${cookie}`);
  return { id: invited.body.id, email, cookie, csrf: me.body.csrfToken };
}

/** A request from the browser holding this person's session (with their CSRF token). */
function as(who: Person, method: Method, path: string, body?: object) {
  const req = request(server.app)[method](path).set("Cookie", `slotline_session=${who.cookie}`).set("X-CSRF-Token", who.csrf);
  return body === undefined ? req : req.send(body);
}

const signIn = (email: string, password = PASSWORD) => request(server.app).post("/console/api/sign-in").send({ email, password });
const meStatus = async (cookie: string) => (await request(server.app).get("/console/api/me").set("Cookie", `slotline_session=${cookie}`)).status;

let owner: Person;

beforeAll(async () => {
  server = await startAdminServer();
  alexId = ((await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[]).find((s) => s.name === "Alex")!.id;
  owner = await person("olive.owner@example.test", "owner");
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe("PATCH /admin/users/:id", () => {
  it("changes a user's role; a staff user needs a staff member of the business (400 naming staffId)", async () => {
    const desk = await person("fran.desk@example.test", "frontDesk");
    expect(fieldsOf(await as(owner, "patch", `/admin/users/${desk.id}`, { role: "staff" }))).toEqual(["staffId"]);
    expect(fieldsOf(await as(owner, "patch", `/admin/users/${desk.id}`, { role: "staff", staffId: "3f1c2b4a-0000-4000-8000-000000000000" }))).toEqual(["staffId"]);
    expect(fieldsOf(await as(owner, "patch", `/admin/users/${desk.id}`, { role: "boss", disabled: "yes", extra: 1 }))).toEqual(["disabled", "extra", "role"]);

    const staffed = await as(owner, "patch", `/admin/users/${desk.id}`, { role: "staff", staffId: alexId });
    expect(staffed.status).toBe(200);
    expect(staffed.body).toEqual(expect.objectContaining({ id: desk.id, email: desk.email, role: "staff", staffId: alexId, disabledAt: null, passwordSet: true }));
    // The role takes effect on their next request: a staff user may not read the conversations.
    expectProblem(await as(desk, "get", "/admin/messages?phone=%2B15550000000"), 403);
    // A staff user cannot drop their staff member without leaving the role.
    expect(fieldsOf(await as(owner, "patch", `/admin/users/${desk.id}`, { staffId: null }))).toEqual(["staffId"]);

    const back = await as(owner, "patch", `/admin/users/${desk.id}`, { role: "frontDesk", staffId: null });
    expect(back.body).toEqual(expect.objectContaining({ role: "frontDesk", staffId: null }));
    expect((await as(desk, "get", "/admin/messages?phone=%2B15550000000")).status).toBe(200);
  });

  it("disabling ends the user's sessions at once and sign-in refuses them as a wrong password; enabling lets them sign in again", async () => {
    const desk = await person("dan.desk@example.test", "frontDesk");
    const second = cookieOf(await signIn(desk.email));
    expect(await meStatus(desk.cookie)).toBe(200);

    const disabled = await as(owner, "patch", `/admin/users/${desk.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toBe(server.clock.now().toISOString());
    expect(await meStatus(desk.cookie)).toBe(401);
    expect(await meStatus(second)).toBe(401);
    expectProblem(await as(desk, "get", "/admin/bookings"), 401);
    expect(await server.database.db.select().from(consoleSessions).where(eq(consoleSessions.userId, desk.id))).toEqual([]);

    const refused = expectProblem(await signIn(desk.email), 401);
    const wrong = expectProblem(await signIn("nobody@example.test"), 401);
    expect(refused.detail).toBe(wrong.detail);

    // Disabling again keeps the first time; the list shows it.
    expect((await as(owner, "patch", `/admin/users/${desk.id}`, { disabled: true })).body.disabledAt).toBe(disabled.body.disabledAt);
    const listed = (await as(owner, "get", "/admin/users")).body.items.find((u: { id: string }) => u.id === desk.id);
    expect(listed.disabledAt).toBe(disabled.body.disabledAt);

    const enabled = await as(owner, "patch", `/admin/users/${desk.id}`, { disabled: false });
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabledAt).toBeNull();
    expect(await meStatus(desk.cookie)).toBe(401); // the ended sessions stay ended
    const again = await signIn(desk.email);
    expect(again.status).toBe(204);
    expect(await meStatus(cookieOf(again))).toBe(200);
  });

  it("refuses (409) disabling or demoting the last active owner, and an owner disabling themself", async () => {
    const last = expectProblem(await server.admin.patch(`/admin/users/${owner.id}`, { role: "frontDesk" }), 409);
    expect(last.detail).toMatch(/last active owner/);
    expectProblem(await server.admin.patch(`/admin/users/${owner.id}`, { disabled: true }), 409);
    expect(expectProblem(await as(owner, "patch", `/admin/users/${owner.id}`, { disabled: true }), 409).detail).toMatch(/your own account/);
    expectProblem(await as(owner, "patch", `/admin/users/${owner.id}`, { role: "staff", staffId: alexId }), 409);

    // With a second owner, one may disable the other; the one left is then the last.
    const other = await person("otto.owner@example.test", "owner");
    expectProblem(await as(other, "patch", `/admin/users/${other.id}`, { disabled: true }), 409);
    expect((await as(other, "patch", `/admin/users/${owner.id}`, { disabled: true })).status).toBe(200);
    expectProblem(await as(other, "patch", `/admin/users/${other.id}`, { role: "frontDesk" }), 409);
    // A disabled owner does not count: enabling them makes two again, and one may step down.
    expect((await as(other, "patch", `/admin/users/${owner.id}`, { disabled: false })).status).toBe(200);
    owner = { ...owner, cookie: cookieOf(await signIn(owner.email)) };
    owner.csrf = (await request(server.app).get("/console/api/me").set("Cookie", `slotline_session=${owner.cookie}`)).body.csrfToken;
    const stepped = await as(other, "patch", `/admin/users/${other.id}`, { role: "frontDesk" });
    expect(stepped.status).toBe(200);
    expect(stepped.body.role).toBe("frontDesk");
  });

  it("is the owner's alone (403 for front desk), and a malformed or unknown id is 404", async () => {
    const desk = await person("flo.desk@example.test", "frontDesk");
    expectProblem(await as(desk, "patch", `/admin/users/${desk.id}`, { role: "owner" }), 403);
    expectProblem(await as(owner, "patch", "/admin/users/not-a-uuid", { disabled: true }), 404);
    expectProblem(await as(owner, "patch", "/admin/users/3f1c2b4a-0000-4000-8000-000000000000", { disabled: true }), 404);
  });
});

describe("GET /admin/channels", () => {
  it("lists the numbers and WhatsApp account that route to the business, with their webhook, and no secrets", async () => {
    const empty = await as(owner, "get", "/admin/channels");
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [] });

    const claimed = await server.admin.patch("/admin/business", { channels: { twilioNumbers: ["+15550009002", "+15550009001"], whatsappPhoneNumberId: "1098765432" } });
    expect(claimed.status).toBe(200);
    const res = await as(owner, "get", "/admin/channels");
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { kind: "twilio_number", address: "+15550009002", position: 0, createdAt: expect.any(String), webhookUrl: `${PUBLIC_BASE_URL}/webhooks/twilio` },
      { kind: "twilio_number", address: "+15550009001", position: 1, createdAt: expect.any(String), webhookUrl: `${PUBLIC_BASE_URL}/webhooks/twilio` },
      { kind: "whatsapp_phone_number_id", address: "1098765432", position: 0, createdAt: expect.any(String), webhookUrl: `${PUBLIC_BASE_URL}/webhooks/whatsapp` },
    ]);
    for (const secret of [ADMIN_TOKEN, AUTH_TOKEN]) expect(res.text).not.toContain(secret);
    expect(res.text).not.toMatch(/token|secret|password/i);
  });

  it("is refused (403) to front desk, as are the users", async () => {
    const desk = await person("fay.desk@example.test", "frontDesk");
    expectProblem(await as(desk, "get", "/admin/channels"), 403);
    expectProblem(await as(desk, "get", "/admin/users"), 403);
  });
});

describe("another business", () => {
  it("has its own users and channels: its user is 404 here, its numbers are not listed", async () => {
    // Written straight to the database (ADMIN_TOKEN stops acting with two businesses); the owner's session still works.
    const other = await createBusiness(server.database.db, { business: { name: "Other Place" }, services: [] });
    await claimChannels(server.database.db, other.businessId, { twilioNumbers: ["+15550009999"] });
    const { user } = await server.database.db.transaction((tx) => inviteUser(tx, { businessId: other.businessId, email: "them@other.test", name: "Them", role: "frontDesk", staffId: null }, server.clock.now()));

    expectProblem(await as(owner, "patch", `/admin/users/${user.id}`, { disabled: true }), 404);
    expect((await as(owner, "get", "/admin/users")).body.items.map((u: { id: string }) => u.id)).not.toContain(user.id);
    expect((await as(owner, "get", "/admin/channels")).body.items.map((c: { address: string }) => c.address)).not.toContain("+15550009999");
  });
});
