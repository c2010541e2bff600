/**
 * Conversations in the admin API (issue #17, page 6): every customer's thread, newest first, with
 * the bot's state; staff take a thread over and reply by hand on its channel while the bot stays
 * silent in it (STOP, START and HELP still work), until they hand it back or 24 hours pass; nothing
 * goes to an opted-out number. Runs on PGlite, and on PostgreSQL with DATABASE_URL.
 */
import request from "supertest";
import { eq } from "drizzle-orm";
import { findOrCreateCustomer } from "../../src/booking/customers";
import { lockConversation } from "../../src/conversation/engine";
import { messages } from "../../src/db/schema";
import { en } from "../../src/copy";
import { createBusiness } from "../support/factories";
import { type AdminServer, expectProblem, fieldsOf, phoneMaker, startAdminServer } from "../support/adminClient";

const PASSWORD = "correct horse battery staple";

interface Thread {
  id: string;
  customer: { id: string; name: string | null; phone: string };
  channel: "sms" | "whatsapp";
  state: string;
  lastActivityAt: string;
  lastMessage: { direction: "in" | "out"; body: string; at: string } | null;
  takenOver: { userId: string | null; name: string; until: string } | null;
  personRequestedAt: string | null;
  optedOut: boolean;
}
interface ThreadMessage {
  id: string;
  direction: "in" | "out";
  body: string;
  status: string;
  at: string;
  sentBy: { userId: string | null; name: string } | null;
}
type Detail = Thread & { messages: ThreadMessage[] };

let server: AdminServer;
const newPhone = phoneMaker("73");
/** Olive, an owner signed in to the console. */
let olive: { id: string; cookie: string; csrf: string };

type Method = "get" | "post";

function cookieOf(res: request.Response): string {
  const header = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("slotline_session="));
  if (!header) throw new Error(`no session cookie (${res.status}: ${res.text})`);
  return header.slice("slotline_session=".length).split(";")[0]!;
}

/** Invites a user (with ADMIN_TOKEN), sets their password, and returns their id, session cookie and CSRF token. */
async function signedIn(body: { email: string; name: string; role: string; staffId?: string }) {
  const invited = await server.admin.post("/admin/users", body);
  if (invited.status !== 201) throw new Error(`POST /admin/users answered ${invited.status}: ${invited.text}`);
  const token = (invited.body.inviteUrl as string).split("#")[1]!;
  const cookie = cookieOf(await request(server.app).post("/console/api/set-password").send({ token, password: PASSWORD }));
  const me = await request(server.app).get("/console/api/me").set("Cookie", `slotline_session=${cookie}`);
  return { id: invited.body.id as string, cookie, csrf: me.body.csrfToken as string };
}

/** Signs the user in again (a session ends after 24 idle hours, which the clock may have jumped). */
async function signInAgain(user: { cookie: string; csrf: string }, email: string): Promise<void> {
  user.cookie = cookieOf(await request(server.app).post("/console/api/sign-in").send({ email, password: PASSWORD }));
  user.csrf = (await request(server.app).get("/console/api/me").set("Cookie", `slotline_session=${user.cookie}`)).body.csrfToken as string;
}

function as(user: { cookie: string; csrf: string }, method: Method, path: string, body?: object) {
  const req = request(server.app)[method](path).set("Cookie", `slotline_session=${user.cookie}`).set("X-CSRF-Token", user.csrf);
  return body === undefined ? req : req.send(body);
}

/** The thread of this phone (its SMS one unless told), from the list. */
async function threadOf(phone: string, channel = "sms"): Promise<Thread> {
  const res = await server.admin.get(`/admin/conversations?q=${encodeURIComponent(phone)}`);
  expect(res.status).toBe(200);
  const thread = (res.body.items as Thread[]).find((t) => t.customer.phone === phone && t.channel === channel);
  if (!thread) throw new Error(`no ${channel} thread for ${phone}`);
  return thread;
}

async function detailOf(id: string): Promise<Detail> {
  const res = await server.admin.get(`/admin/conversations/${id}`);
  expect(res.status).toBe(200);
  return res.body as Detail;
}

const takeOver = async (id: string) => {
  const res = await as(olive, "post", `/admin/conversations/${id}/takeover`);
  expect(res.status).toBe(200);
  return res.body as Detail;
};
const handBack = async (id: string) => {
  const res = await as(olive, "post", `/admin/conversations/${id}/hand-back`);
  expect(res.status).toBe(200);
  return res.body as Detail;
};

/** The ISO instant `minutes` after the server's now, in New York's offset on 2 March 2026 (EST). */
function inNewYork(minutesFromNow: number): string {
  const at = new Date(server.clock.now().getTime() + minutesFromNow * 60_000 - 5 * 3_600_000);
  return `${at.toISOString().slice(0, 19)}-05:00`;
}

beforeAll(async () => {
  server = await startAdminServer();
  olive = await signedIn({ email: "olive@conversations.test", name: "Olive", role: "owner" });
}, 60_000);
afterAll(async () => {
  await server.close();
});

describe("the list of conversations", () => {
  it("shows every thread newest first, with its customer, the bot's state and the last message; search and pages", async () => {
    const first = newPhone();
    const second = newPhone();
    expect(await server.text(first, "hi")).not.toEqual([]);
    server.clock.advanceMinutes(1);
    const [proposal] = await server.text(second, "haircut tomorrow at 10");
    expect(proposal).toBeDefined();

    const res = await server.admin.get("/admin/conversations");
    expect(res.status).toBe(200);
    const items = res.body.items as Thread[];
    const phones = items.map((t) => t.customer.phone);
    expect(phones.indexOf(second)).toBeLessThan(phones.indexOf(first));
    expect(phones.indexOf(first)).toBeGreaterThanOrEqual(0);
    const thread = items.find((t) => t.customer.phone === second)!;
    expect(thread).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      customer: { id: expect.any(String), name: null, phone: second },
      channel: "sms",
      state: "time_selected",
      lastActivityAt: expect.stringMatching(/^2026-03-02T08:01:00\.\d{3}-05:00$/),
      lastMessage: { direction: "out", body: proposal, at: thread.lastActivityAt },
      takenOver: null,
      personRequestedAt: null,
      optedOut: false,
    });
    expect(res.body.nextBefore).toBeNull();

    const found = await server.admin.get(`/admin/conversations?q=${encodeURIComponent(first.slice(-6))}`);
    expect((found.body.items as Thread[]).map((t) => t.customer.phone)).toEqual([first]);

    const page1 = await server.admin.get("/admin/conversations?limit=1");
    expect((page1.body.items as Thread[]).map((t) => t.customer.phone)).toEqual([second]);
    expect(page1.body.nextBefore).toEqual(expect.any(String));
    const page2 = await server.admin.get(`/admin/conversations?limit=1&before=${encodeURIComponent(page1.body.nextBefore)}`);
    expect((page2.body.items as Thread[]).map((t) => t.customer.phone)).toEqual([first]);
  });

  it("gives a thread's messages oldest first, none of them written by hand", async () => {
    const phone = newPhone();
    const replies = await server.text(phone, "haircut tomorrow at 10");
    const detail = await detailOf((await threadOf(phone)).id);
    expect(detail.messages.map((m) => [m.direction, m.body])).toEqual([["in", "haircut tomorrow at 10"], ...replies.map((r) => ["out", r])]);
    expect(detail.messages[0]).toEqual({ id: expect.any(String), direction: "in", body: "haircut tomorrow at 10", status: "handled", at: expect.stringMatching(/-05:00$/), sentBy: null });
    expect(detail.messages.every((m) => m.sentBy === null)).toBe(true);
  });

  it("refuses a bad query naming the field, and an unknown or malformed id is 404", async () => {
    expect(fieldsOf(await server.admin.get("/admin/conversations?limit=0"))).toEqual(["limit"]);
    expect(fieldsOf(await server.admin.get("/admin/conversations?before=yesterday"))).toEqual(["before"]);
    expect(fieldsOf(await server.admin.get("/admin/conversations?colour=red"))).toEqual(["colour"]);
    expectProblem(await server.admin.get("/admin/conversations/00000000-0000-4000-8000-000000000000"), 404);
    expectProblem(await server.admin.get("/admin/conversations/not-an-id"), 404);
    expectProblem(await server.admin.post("/admin/conversations/not-an-id/takeover"), 404);
  });
});

describe("a takeover", () => {
  it("silences the bot in the thread: the customer's request gets no reply and books nothing, the state stays", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id, state } = await threadOf(phone);
    const taken = await takeOver(id);
    expect(taken.takenOver).toEqual({ userId: olive.id, name: "Olive", until: inNewYork(24 * 60) });

    server.clock.advanceMinutes(1);
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([]);
    server.clock.advanceMinutes(1);
    expect(await server.text(phone, "yes")).toEqual([]);
    expect(await server.bookings({ phone })).toEqual([]);
    const after = await detailOf(id);
    expect(after.state).toBe(state);
    expect(after.messages.slice(-2).map((m) => [m.direction, m.body, m.status])).toEqual([
      ["in", "haircut tomorrow at 10", "handled"],
      ["in", "yes", "handled"],
    ]);
  });

  it("still answers HELP, and STOP opts out: a hand reply is then refused (409) and nothing is queued; START answers", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    await takeOver(id);

    expect(await server.text(phone, "HELP")).toEqual([en.help()]);
    expect(await server.text(phone, "STOP")).toEqual([]);
    expect((await threadOf(phone)).optedOut).toBe(true);
    const before = await server.messagesOf(phone);
    const refused = expectProblem(await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "Are you still there?" }), 409);
    expect(refused.detail).toMatch(/opted out/);
    expect(await server.messagesOf(phone)).toEqual(before);

    expect(await server.text(phone, "START")).toEqual([en.optedBackIn()]);
    expect((await threadOf(phone)).optedOut).toBe(false);
    // Still taken over: the bot answers only the opt-out words.
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([]);
  });

  it("sends a hand reply on the thread's channel, names its writer, lists it in /admin/messages, and renews the 24 hours", async () => {
    const phone = newPhone();
    await server.text(`whatsapp:${phone}`, "hi");
    const { id, channel } = await threadOf(phone, "whatsapp");
    expect(channel).toBe("whatsapp");
    await takeOver(id);
    server.clock.advanceMinutes(60);

    const res = await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "  Hi! Olive here — we can fit you in at 4.  " });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      direction: "out",
      body: "Hi! Olive here — we can fit you in at 4.",
      status: "logged",
      at: expect.stringMatching(/-05:00$/),
      sentBy: { userId: olive.id, name: "Olive" },
    });
    const [row] = await server.database.db.select().from(messages).where(eq(messages.id, res.body.id));
    expect({ channel: row!.channel, address: row!.address, sentByUserId: row!.sentByUserId }).toEqual({ channel: "whatsapp", address: `whatsapp:${phone}`, sentByUserId: olive.id });
    expect((await server.messagesOf(phone)).at(-1)).toEqual(expect.objectContaining({ direction: "out", channel: "whatsapp", body: "Hi! Olive here — we can fit you in at 4." }));

    const detail = await detailOf(id);
    expect(detail.takenOver).toEqual({ userId: olive.id, name: "Olive", until: inNewYork(24 * 60) });
    expect(detail.messages.at(-1)!.sentBy).toEqual({ userId: olive.id, name: "Olive" });
    expect(detail.lastMessage!.body).toBe("Hi! Olive here — we can fit you in at 4.");
  });

  it("is taken by a hand reply to a thread not yet taken over", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    expect((await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "Hello from the salon" })).status).toBe(201);
    expect((await detailOf(id)).takenOver).toEqual({ userId: olive.id, name: "Olive", until: inNewYork(24 * 60) });
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([]);
  });

  it("ends when staff hand the thread back: the bot answers again", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    await takeOver(id);
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([]);
    expect((await handBack(id)).takenOver).toBeNull();
    const [answer] = await server.text(phone, "haircut tomorrow at 10");
    expect(answer).toMatch(/Haircut/);
  });

  it("is flagged when a customer asks for a person: the bot stops pushing the booking for 2 hours, or until staff take the thread", async () => {
    const phone = newPhone();
    expect(await server.text(phone, "Can I talk to a real person please?")).toEqual([en.noticeTold({ kind: "wants_person", timezone: "America/New_York", customer: { name: null, phone } })]);
    const { id } = await threadOf(phone);
    expect((await detailOf(id)).personRequestedAt).toEqual(expect.stringMatching(/-05:00$/));
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([en.personComing()]);
    // A question is still answered.
    expect((await server.text(phone, "how much is a haircut?")).join("\n")).toContain("$35.00");
    await takeOver(id);
    expect((await detailOf(id)).personRequestedAt).toBeNull();
    await handBack(id);
    expect((await server.text(phone, "haircut tomorrow at 10")).join("\n")).toMatch(/Haircut/);

    const later = newPhone();
    await server.text(later, "speak to someone");
    server.clock.advanceMinutes(2 * 60);
    expect((await server.text(later, "haircut on Friday at 11")).join("\n")).toMatch(/Haircut/);
  });

  it("lapses after 24 hours: the bot answers again", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    await takeOver(id);
    server.clock.advanceMinutes(24 * 60 - 1);
    expect(await server.text(phone, "haircut on Friday at 10")).toEqual([]);
    server.clock.advanceMinutes(1);
    expect((await detailOf(id)).takenOver).toBeNull();
    expect((await server.text(phone, "haircut on Friday at 10")).join("\n")).toMatch(/Haircut/);
    await signInAgain(olive, "olive@conversations.test");
  });

  it("by an API key names no user: shown as API, for the takeover and for its hand replies", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    const taken = await server.admin.post(`/admin/conversations/${id}/takeover`);
    expect(taken.status).toBe(200);
    expect(taken.body.takenOver).toEqual({ userId: null, name: "API", until: inNewYork(24 * 60) });
    const sent = await server.admin.post(`/admin/conversations/${id}/messages`, { body: "Sent through the API" });
    expect(sent.status).toBe(201);
    expect(sent.body.sentBy).toEqual({ userId: null, name: "API" });
    expect(await server.text(phone, "haircut tomorrow at 10")).toEqual([]);
  });

  it("refuses a reply that is empty or longer than 1600 characters, naming the body", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    expect(fieldsOf(await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "   " }))).toEqual(["body"]);
    expect(fieldsOf(await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "x".repeat(1601) }))).toEqual(["body"]);
    expect(fieldsOf(await as(olive, "post", `/admin/conversations/${id}/messages`, {}))).toEqual(["body"]);
    expect((await as(olive, "post", `/admin/conversations/${id}/messages`, { body: "x".repeat(1600) })).status).toBe(201);
  });
});

describe("who may", () => {
  it("lets front desk read, take over, reply and hand back; staff are refused (403)", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    const { id } = await threadOf(phone);
    const desk = await signedIn({ email: "desk@conversations.test", name: "Dana", role: "frontDesk" });
    expect((await as(desk, "get", "/admin/conversations")).status).toBe(200);
    expect((await as(desk, "get", `/admin/conversations/${id}`)).status).toBe(200);
    expect((await as(desk, "post", `/admin/conversations/${id}/takeover`)).body.takenOver).toEqual(expect.objectContaining({ userId: desk.id, name: "Dana" }));
    expect((await as(desk, "post", `/admin/conversations/${id}/messages`, { body: "Dana here" })).status).toBe(201);
    expect((await as(desk, "post", `/admin/conversations/${id}/hand-back`)).body.takenOver).toBeNull();

    const alex = ((await server.admin.get("/admin/staff")).body.items as { id: string; name: string }[]).find((s) => s.name === "Alex")!;
    const staff = await signedIn({ email: "alex@conversations.test", name: "Alex", role: "staff", staffId: alex.id });
    expectProblem(await as(staff, "get", "/admin/conversations"), 403);
    expectProblem(await as(staff, "get", `/admin/conversations/${id}`), 403);
    expectProblem(await as(staff, "post", `/admin/conversations/${id}/takeover`), 403);
    expectProblem(await as(staff, "post", `/admin/conversations/${id}/messages`, { body: "hi" }), 403);
    expectProblem(await as(staff, "post", `/admin/conversations/${id}/hand-back`), 403);
  });

  // Last: with a second business, ADMIN_TOKEN stops acting.
  it("finds no other business's conversation (404), nor lists it", async () => {
    const other = await createBusiness(server.database.db, { business: { name: "Other Place" }, services: [{ name: "Massage", durationMinutes: 60, priceCents: 5000 }] });
    const customer = await findOrCreateCustomer(server.database.db, other.businessId, "+15550739999");
    const theirs = await lockConversation(server.database.db, other.businessId, customer.id, "sms");
    for (const [method, path] of [
      ["get", ""],
      ["post", "/takeover"],
      ["post", "/hand-back"],
    ] as const) {
      expectProblem(await as(olive, method, `/admin/conversations/${theirs.id}${path}`), 404);
    }
    expectProblem(await as(olive, "post", `/admin/conversations/${theirs.id}/messages`, { body: "hello" }), 404);
    const listed = await as(olive, "get", "/admin/conversations?limit=200");
    expect((listed.body.items as Thread[]).map((t) => t.id)).not.toContain(theirs.id);
  });
});
