/**
 * Signing in to the console (issue #17, first part): invitations and set-password links, sessions
 * in the database (a new id at every sign-in and password change), the lock-out after wrong
 * passwords, the session cookie and its CSRF token on /admin/*, what each role may do, and a
 * console that is never framed. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import request from "supertest";
import { BookingService } from "../../src/booking/bookingService";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { inviteUser } from "../../src/accounts/users";
import { loadSessionSecret } from "../../src/accounts/deploymentSecret";
import { createBusiness } from "../support/factories";
import { type AdminServer, PUBLIC_BASE_URL, expectProblem, fieldsOf, startAdminServer } from "../support/adminClient";
import { BY_TEST } from "../support/actor";

const PASSWORD = "correct horse battery staple";
/** Tuesday 3 March 2026 in New York: 10:00, 11:00 and 12:00 (EST, -05:00). */
const TUESDAY = (hour: number) => `2026-03-03T${String(hour + 5).padStart(2, "0")}:00:00Z`;

let server: AdminServer;
let alexId: string;
let samId: string;
/** Bookings of the demo business on Tuesday: Alex at 10:00, Sam at 11:00 and 12:00. */
let alexBooking: string;
let samBooking: string;
let samLaterBooking: string;

type Method = "get" | "post" | "patch" | "put" | "delete";

/** The session cookie's value a response sets, or throws. */
function cookieOf(res: request.Response): string {
  const header = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="));
  if (!header) throw new Error(`no session cookie (${res.status}: ${res.text})`);
  return header.slice("slotline_session=".length).split(";")[0]!;
}

/** A request as the browser holding this session cookie would send it, with the CSRF token when given. */
function asSession(cookie: string, method: Method, path: string, options: { csrf?: string; body?: object } = {}) {
  let req = request(server.app)[method](path).set("Cookie", `slotline_session=${cookie}`);
  if (options.csrf !== undefined) req = req.set("X-CSRF-Token", options.csrf);
  return options.body === undefined ? req : req.send(options.body);
}

async function me(cookie: string): Promise<{ user: { id: string; email: string; name: string; role: string; staffId: string | null }; business: { id: string; name: string; slug: string }; csrfToken: string }> {
  const res = await asSession(cookie, "get", "/console/api/me");
  if (res.status !== 200) throw new Error(`GET /console/api/me answered ${res.status}: ${res.text}`);
  return res.body;
}

const api = (path: string, body: object) => request(server.app).post(`/console/api/${path}`).send(body);
const tokenOf = (inviteUrl: string) => inviteUrl.split("#")[1]!;

/** Invites a user (as the business, with ADMIN_TOKEN), sets their password from the link; returns their id and session cookie. */
async function userSignedIn(body: { email: string; name?: string; role: string; staffId?: string }): Promise<{ id: string; cookie: string }> {
  const invited = await server.admin.post("/admin/users", { name: "Someone", ...body });
  if (invited.status !== 201) throw new Error(`POST /admin/users answered ${invited.status}: ${invited.text}`);
  const set = await api("set-password", { token: tokenOf(invited.body.inviteUrl), password: PASSWORD });
  return { id: invited.body.id, cookie: cookieOf(set) };
}

beforeAll(async () => {
  server = await startAdminServer();
  const team = (await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[];
  alexId = team.find((s) => s.name === "Alex")!.id;
  samId = team.find((s) => s.name === "Sam")!.id;
  const haircut = ((await server.admin.get("/admin/services")).body.items as { id: string; name: string }[]).find((s) => s.name === "Haircut")!.id;
  const db = server.database.db;
  const customer = await findOrCreateCustomer(db, server.businessId!, "+15550401001");
  const book = async (staffId: string, hour: number) =>
    (await db.transaction((tx) => new BookingService(server.clock).book(tx, { by: BY_TEST, businessId: server.businessId!, serviceId: haircut, customerId: customer.id, sessions: [{ start: new Date(TUESDAY(hour)), staffId }], status: "confirmed" })))[0]!.id;
  alexBooking = await book(alexId, 10);
  samBooking = await book(samId, 11);
  samLaterBooking = await book(samId, 12);
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe("an invitation", () => {
  it("gives a one-time link where the person sets a password and is signed in; /me names them, their business and a CSRF token", async () => {
    const invited = await server.admin.post("/admin/users", { email: "Olivia@Example.test", name: "Olivia", role: "owner" });
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual({ id: expect.any(String), inviteUrl: expect.stringMatching(new RegExp(`^${PUBLIC_BASE_URL}/console/set-password#[A-Za-z0-9_-]{43}$`)) });
    const token = tokenOf(invited.body.inviteUrl);

    expect(fieldsOf(await api("set-password", { token, password: "too short" }))).toEqual(["password"]);
    const set = await api("set-password", { token, password: PASSWORD });
    expect(set.status).toBe(204);
    const cookieHeader = ([] as string[]).concat(set.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="))!;
    expect(cookieHeader).toMatch(/; HttpOnly/);
    expect(cookieHeader).toMatch(/; SameSite=Lax/);
    expect(cookieHeader).toMatch(/; Path=\//);
    expect(cookieHeader).toMatch(/; Secure/); // PUBLIC_BASE_URL is https

    const who = await me(cookieOf(set));
    expect(who.user).toEqual({ id: invited.body.id, email: "Olivia@Example.test", name: "Olivia", role: "owner", staffId: null });
    expect(who.business).toEqual({ id: server.businessId, name: "Slotline Demo Salon", slug: expect.any(String) });
    expect(who.csrfToken).toEqual(expect.any(String));

    // Single use: the same link again is gone; a link that never was is unknown.
    expectProblem(await api("set-password", { token, password: PASSWORD }), 410);
    expectProblem(await api("set-password", { token: "A".repeat(43), password: PASSWORD }), 404);

    const signedIn = await api("sign-in", { email: "olivia@example.test", password: PASSWORD });
    expect(signedIn.status).toBe(204);
    expect((await me(cookieOf(signedIn))).user.id).toBe(invited.body.id);
  });

  it("is refused for an email already used, whatever its case (409), and names each bad field (400)", async () => {
    expectProblem(await server.admin.post("/admin/users", { email: "OLIVIA@example.test", name: "Another", role: "frontDesk" }), 409);
    expect(fieldsOf(await server.admin.post("/admin/users", { email: "not-an-email", name: "", role: "boss" }))).toEqual(["email", "name", "role"]);
    expect(fieldsOf(await server.admin.post("/admin/users", { email: "s@example.test", name: "S", role: "staff" }))).toEqual(["staffId"]);
  });

  it("lists the business's users for an owner", async () => {
    const res = await server.admin.get("/admin/users");
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ email: "Olivia@Example.test", role: "owner", passwordSet: true })]));
  });
});

describe("sessions", () => {
  it("get a new id at every sign-in, and signing out ends only that one", async () => {
    const { cookie: first } = await userSignedIn({ email: "two.devices@example.test", role: "owner" });
    const second = cookieOf(await api("sign-in", { email: "two.devices@example.test", password: PASSWORD }));
    const third = cookieOf(await api("sign-in", { email: "two.devices@example.test", password: PASSWORD }));
    expect(new Set([first, second, third]).size).toBe(3);

    const { csrfToken } = await me(second);
    expectProblem(await asSession(second, "post", "/console/api/sign-out"), 403); // the cookie alone does not sign out
    const out = await asSession(second, "post", "/console/api/sign-out", { csrf: csrfToken });
    expect(out.status).toBe(204);
    expectProblem(await asSession(second, "get", "/console/api/me"), 401);
    expectProblem(await asSession(second, "get", "/admin/bookings"), 401);
    expect((await me(first)).user.email).toBe("two.devices@example.test");
    expect((await me(third)).user.email).toBe("two.devices@example.test");
  });

  it("all end when the password changes, but the one that changed it, which continues under a new id", async () => {
    const { cookie: laptop } = await userSignedIn({ email: "changer@example.test", role: "frontDesk" });
    const phone = cookieOf(await api("sign-in", { email: "changer@example.test", password: PASSWORD }));
    const { csrfToken } = await me(laptop);
    expect(fieldsOf(await asSession(laptop, "post", "/console/api/password", { csrf: csrfToken, body: { currentPassword: "wrong password!", newPassword: "a brand new passphrase" } }))).toEqual(["currentPassword"]);
    const changed = await asSession(laptop, "post", "/console/api/password", { csrf: csrfToken, body: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" } });
    expect(changed.status).toBe(204);
    const renewed = cookieOf(changed);
    expect(renewed).not.toBe(laptop);
    expectProblem(await asSession(laptop, "get", "/console/api/me"), 401);
    expectProblem(await asSession(phone, "get", "/console/api/me"), 401);
    expect((await me(renewed)).user.email).toBe("changer@example.test");
    expectProblem(await api("sign-in", { email: "changer@example.test", password: PASSWORD }), 401);
    expect((await api("sign-in", { email: "changer@example.test", password: "a brand new passphrase" })).status).toBe(204);
  });

  it("all end when the password is set again from a new link an owner sent", async () => {
    const { id, cookie } = await userSignedIn({ email: "forgetful@example.test", role: "frontDesk" });
    const link = await server.admin.post(`/admin/users/${id}/password-link`);
    expect(link.status).toBe(200);
    const set = await api("set-password", { token: tokenOf(link.body.inviteUrl), password: "remembered at last!" });
    expect(set.status).toBe(204);
    expectProblem(await asSession(cookie, "get", "/console/api/me"), 401);
    expect((await me(cookieOf(set))).user.id).toBe(id);
  });
});

describe("the session cookie on /admin/*", () => {
  let owner: string;
  let csrf: string;
  let userId: string;
  beforeAll(async () => {
    const signedIn = await userSignedIn({ email: "csrf.owner@example.test", role: "owner" });
    owner = signedIn.cookie;
    userId = signedIn.id;
    csrf = (await me(owner)).csrfToken;
  });

  it("reads with the cookie alone", async () => {
    expect((await asSession(owner, "get", "/admin/business")).status).toBe(200);
  });

  it("refuses a state-changing request without the CSRF token or with a wrong one (403), and takes it with the right one", async () => {
    const path = `/admin/users/${userId}/password-link`;
    expectProblem(await asSession(owner, "post", path), 403);
    expectProblem(await asSession(owner, "post", path, { csrf: "x".repeat(csrf.length) }), 403);
    const other = cookieOf(await api("sign-in", { email: "csrf.owner@example.test", password: PASSWORD }));
    expectProblem(await asSession(owner, "post", path, { csrf: (await me(other)).csrfToken }), 403); // another session's token
    expect((await asSession(owner, "post", path, { csrf })).status).toBe(200);
  });

  it("asks no CSRF token of a bearer request", async () => {
    expect((await server.admin.post(`/admin/users/${userId}/password-link`)).status).toBe(200);
  });
});

describe("roles", () => {
  it("let front desk act on any booking but not change settings or users (403)", async () => {
    const { cookie } = await userSignedIn({ email: "desk@example.test", role: "frontDesk" });
    const { csrfToken: csrf } = await me(cookie);
    expectProblem(await asSession(cookie, "patch", "/admin/business", { csrf, body: { name: "Renamed" } }), 403);
    expectProblem(await asSession(cookie, "post", "/admin/users", { csrf, body: { email: "x@example.test", name: "X", role: "owner" } }), 403);
    expectProblem(await asSession(cookie, "get", "/admin/users"), 403);
    expectProblem(await asSession(cookie, "post", "/admin/services", { csrf, body: { name: "Shave", durationMinutes: 15, priceCents: 1000 } }), 403);
    expect((await asSession(cookie, "get", "/admin/bookings")).status).toBe(200);
    const cancelled = await asSession(cookie, "post", `/admin/bookings/${samLaterBooking}/cancel`, { csrf, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
  });

  it("let staff read the calendar and act only on their own staff member's bookings", async () => {
    const { cookie } = await userSignedIn({ email: "alex@example.test", name: "Alex", role: "staff", staffId: alexId });
    const { csrfToken: csrf, user } = await me(cookie);
    expect(user).toEqual(expect.objectContaining({ role: "staff", staffId: alexId }));
    expect((await asSession(cookie, "get", "/admin/bookings")).status).toBe(200);
    expectProblem(await asSession(cookie, "post", `/admin/bookings/${samBooking}/cancel`, { csrf, body: {} }), 403);
    expectProblem(await asSession(cookie, "post", `/admin/bookings/${samBooking}/approve`, { csrf }), 403);
    expectProblem(await asSession(cookie, "patch", "/admin/business", { csrf, body: { name: "Mine now" } }), 403);
    const own = await asSession(cookie, "post", `/admin/bookings/${alexBooking}/cancel`, { csrf, body: {} });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe("cancelled");
  });
});

describe("the console", () => {
  it("is never framed", async () => {
    for (const res of [await request(server.app).get("/console/api/me"), await api("sign-in", { email: "nobody@example.test", password: "whatever it is" }), await request(server.app).get("/console")]) {
      expect(res.headers["content-security-policy"]).toMatch(/(^|; )frame-ancestors 'none'($|;)/);
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
  });
});

describe("wrong passwords", () => {
  it("after 5 in 15 minutes refuse the account with 429 and Retry-After, even the right password, until the delay has passed", async () => {
    await userSignedIn({ email: "guessed@example.test", role: "owner" });
    for (let i = 1; i <= 4; i++) expectProblem(await api("sign-in", { email: "guessed@example.test", password: `wrong guess ${i}!` }), 401);
    const fifth = await api("sign-in", { email: "Guessed@example.test", password: "wrong guess 5!" });
    expectProblem(fifth, 429);
    expect(fifth.headers["retry-after"]).toBe("900");

    const right = await api("sign-in", { email: "guessed@example.test", password: PASSWORD });
    expectProblem(right, 429);
    server.clock.advanceMinutes(10);
    const later = await api("sign-in", { email: "guessed@example.test", password: PASSWORD });
    expectProblem(later, 429);
    expect(later.headers["retry-after"]).toBe("300");
    // Other accounts are not held back by this one.
    expect((await api("sign-in", { email: "desk@example.test", password: PASSWORD })).status).toBe(204);

    server.clock.advanceMinutes(5);
    expect((await api("sign-in", { email: "guessed@example.test", password: PASSWORD })).status).toBe(204);
  });
});

describe("wrong passwords from one address", () => {
  it("after 20 in 15 minutes refuse that client (behind TRUST_PROXY=1, the forwarded address), whatever account it tries", async () => {
    const behindProxy = server.appWith({ TRUST_PROXY: "1" });
    const from = (address: string, email: string, password: string) => request(behindProxy).post("/console/api/sign-in").set("X-Forwarded-For", address).send({ email, password });
    for (let i = 0; i < 19; i++) expectProblem(await from("203.0.113.7", `nobody${i}@example.test`, "not the password"), 401);
    const twentieth = await from("203.0.113.7", "nobody19@example.test", "not the password");
    expectProblem(twentieth, 429);
    expect(twentieth.headers["retry-after"]).toBe("900");
    expectProblem(await from("203.0.113.7", "desk@example.test", PASSWORD), 429);
    expect((await from("198.51.100.9", "desk@example.test", PASSWORD)).status).toBe(204);
  });
});

describe("the session secret", () => {
  it("is SESSION_SECRET when set; else made once and kept in the database", async () => {
    const db = server.database.db;
    expect(await loadSessionSecret(db, "s".repeat(32), server.clock.now())).toBe("s".repeat(32));
    const made = await loadSessionSecret(db, undefined, server.clock.now());
    expect(made.length).toBeGreaterThanOrEqual(43);
    expect(await loadSessionSecret(db, undefined, server.clock.now())).toBe(made);
  });
});

describe("expiry", () => {
  it("ends a session after 12 idle hours", async () => {
    const { cookie } = await userSignedIn({ email: "idle@example.test", role: "owner" });
    server.clock.advanceMinutes(11 * 60);
    expect((await me(cookie)).user.email).toBe("idle@example.test");
    server.clock.advanceMinutes(11 * 60); // 11 h after the last request: still alive
    expect((await me(cookie)).user.email).toBe("idle@example.test");
    server.clock.advanceMinutes(12 * 60);
    expectProblem(await asSession(cookie, "get", "/console/api/me"), 401);
  });

  it("makes an invitation link gone (410) after 72 hours", async () => {
    const invited = await server.admin.post("/admin/users", { email: "late@example.test", name: "Late", role: "frontDesk" });
    server.clock.advanceMinutes(72 * 60);
    expectProblem(await api("set-password", { token: tokenOf(invited.body.inviteUrl), password: PASSWORD }), 410);
  });
});

describe("another business's ids", () => {
  it("are unknown (404) to a user of this one", async () => {
    const { cookie } = await userSignedIn({ email: "owner.a@example.test", role: "owner" });
    const { csrfToken: csrf } = await me(cookie);
    // A second business with a booking and a user, written straight to the database (ADMIN_TOKEN stops acting with two).
    const other = await createBusiness(server.database.db, { business: { name: "Other Place" }, services: [{ name: "Massage", durationMinutes: 60, priceCents: 5000 }] });
    const customer = await findOrCreateCustomer(server.database.db, other.businessId, "+15550401002");
    const start = new Date(server.clock.now().getTime() + 7 * 24 * 3_600_000);
    start.setUTCHours(15, 0, 0, 0);
    while ([0, 6].includes(start.getUTCDay())) start.setUTCDate(start.getUTCDate() + 1);
    const [booking] = await server.database.db.transaction((tx) =>
      new BookingService(server.clock).book(tx, { by: BY_TEST, businessId: other.businessId, serviceId: other.serviceIds.Massage!, customerId: customer.id, sessions: [{ start }], status: "confirmed" }),
    );
    expectProblem(await asSession(cookie, "get", `/admin/bookings/${booking!.id}`), 404);
    expectProblem(await asSession(cookie, "post", `/admin/bookings/${booking!.id}/cancel`, { csrf, body: {} }), 404);
    expectProblem(await asSession(cookie, "get", `/admin/staff/${other.staffIds[0]}/availability`), 404);
    const { user: theirs } = await server.database.db.transaction((tx) => inviteUser(tx, { businessId: other.businessId, email: "b@example.test", name: "B", role: "owner", staffId: null }, server.clock.now()));
    expectProblem(await asSession(cookie, "post", `/admin/users/${theirs.id}/password-link`, { csrf }), 404);
    expect(((await asSession(cookie, "get", "/admin/users")).body.items as { email: string }[]).map((u) => u.email)).not.toContain("b@example.test");
  });
});
