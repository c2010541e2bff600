/**
 * The admin API's gate and its HTTP conventions, for every route of the contract: the bearer
 * token (401, and 503 when ADMIN_TOKEN is unset), JSON bodies only (415), at most 100 KB (413),
 * invalid JSON (400), ids that are not UUIDs or name nothing (404) — always problem+json.
 */
import request from "supertest";
import { randomUUID } from "node:crypto";
import { staff } from "../../src/db/schema";
import { ADMIN_TOKEN, type AdminServer, expectProblem, startAdminServer } from "../support/adminClient";

let server: AdminServer;

beforeAll(async () => {
  server = await startAdminServer();
});
afterAll(async () => {
  await server.close();
});

type Method = "get" | "post" | "patch" | "put";
const ID = "3f6c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f";

/**
 * Every admin route of the contract, with a body that would be valid. Each row has exactly three
 * entries: jest's it.each hands a test fewer arguments than it declares as a `done` callback,
 * and a test that never calls it waits out its timeout.
 */
const ROUTES: [Method, string, object | undefined][] = [
  ["get", "/admin/business", undefined],
  ["patch", "/admin/business", { name: "Renamed" }],
  ["post", "/admin/staff", { name: "Jo" }],
  ["get", "/admin/staff", undefined],
  ["put", `/admin/staff/${ID}/availability`, { rules: [{ weekday: 1, start: "09:00", end: "17:00" }] }],
  ["post", "/admin/services", { name: "Beard trim", durationMinutes: 15, priceCents: 1500 }],
  ["get", "/admin/services", undefined],
  ["patch", `/admin/services/${ID}`, { priceCents: 1 }],
  ["post", "/admin/blocked-periods", { start: "2026-03-10T09:00:00-04:00", end: "2026-03-10T10:00:00-04:00" }],
  ["get", "/admin/bookings", undefined],
  ["post", `/admin/bookings/${ID}/complete`, undefined],
  ["post", `/admin/bookings/${ID}/cancel`, { reason: "closed" }],
  ["post", `/admin/bookings/${ID}/reschedule`, { start: "2026-03-10T10:00:00-04:00" }],
  ["post", `/admin/bookings/${ID}/approve`, undefined],
  ["post", `/admin/bookings/${ID}/reject`, undefined],
  ["post", `/admin/bookings/${ID}/no-show`, undefined],
  ["get", "/admin/messages?phone=%2B15550001234", undefined],
  ["post", "/admin/promo-codes", { code: "SPRING", maxUses: 10, percentOff: 20 }],
  ["post", "/admin/jobs/run", {}],
  ["get", "/admin/stats", undefined],
];

const call = (app: Parameters<typeof request>[0], method: Method, path: string, body: object | undefined, authorization?: string) => {
  let req = request(app)[method](path);
  if (authorization !== undefined) req = req.set("Authorization", authorization);
  return body === undefined ? req : req.send(body);
};

describe("/admin/*: the bearer token", () => {
  it.each(ROUTES)("%s %s without a token is 401 problem+json with a Bearer challenge", async (method, path, body) => {
    const res = await call(server.app, method, path, body);
    const problem = expectProblem(res, 401);
    expect(problem.title).toBe("Unauthorized");
    expect(res.headers["www-authenticate"]).toMatch(/^Bearer /);
  });

  it.each(ROUTES)("%s %s with a wrong token is 401", async (method, path, body) => {
    expectProblem(await call(server.app, method, path, body, `Bearer ${ADMIN_TOKEN}x`), 401);
  });

  it.each(ROUTES)("%s %s with an empty Bearer is 401", async (method, path, body) => {
    expectProblem(await call(server.app, method, path, body, "Bearer "), 401);
  });

  it("refuses other schemes, a token with a missing character, and the token alone", async () => {
    for (const authorization of [`Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString("base64")}`, `Bearer ${ADMIN_TOKEN.slice(0, -1)}`, ADMIN_TOKEN, "Bearer", "Bearer    "]) {
      expectProblem(await call(server.app, "get", "/admin/business", undefined, authorization), 401);
    }
  });

  it("accepts the token (the scheme in any case)", async () => {
    expect((await call(server.app, "get", "/admin/business", undefined, `Bearer ${ADMIN_TOKEN}`)).status).toBe(200);
    expect((await call(server.app, "get", "/admin/business", undefined, `bearer ${ADMIN_TOKEN}`)).status).toBe(200);
  });

  it("changes nothing on a refused request", async () => {
    const before = await server.database.db.select().from(staff);
    expectProblem(await call(server.app, "post", "/admin/staff", { name: "Intruder" }, "Bearer wrong"), 401);
    expect(await server.database.db.select().from(staff)).toHaveLength(before.length);
  });

  it("checks the token before reading the body: an unauthenticated oversized or non-JSON body is still 401", async () => {
    const big = { name: "x".repeat(200 * 1024) };
    expectProblem(await call(server.app, "post", "/admin/staff", big), 401);
    expectProblem(await request(server.app).post("/admin/staff").type("text/plain").send("name=Jo"), 401);
  });
});

describe("/admin/*: ADMIN_TOKEN unset", () => {
  it.each(ROUTES)("%s %s is 503 problem+json, with or without a token", async (method, path, body) => {
    const off = server.appWith({ ADMIN_TOKEN: undefined });
    for (const authorization of [undefined, `Bearer ${ADMIN_TOKEN}`]) {
      const problem = expectProblem(await call(off, method, path, body, authorization), 503);
      expect(problem.title).toBe("Service Unavailable");
      expect(problem.detail).toMatch(/ADMIN_TOKEN/);
    }
  });

  it("treats a blank ADMIN_TOKEN as unset rather than as a token anyone can send", async () => {
    const blank = server.appWith({ ADMIN_TOKEN: "   " });
    expectProblem(await call(blank, "get", "/admin/business", undefined, "Bearer "), 503);
    expectProblem(await call(blank, "get", "/admin/business", undefined, "Bearer    "), 503);
  });

  it("leaves the rest of the server running", async () => {
    const off = server.appWith({ ADMIN_TOKEN: undefined });
    expect((await request(off).get("/healthz")).status).toBe(200);
  });
});

describe("/admin/*: request bodies", () => {
  const bodyRoutes = ROUTES.filter(([method]) => method !== "get");

  it.each(bodyRoutes)("%s %s with a body over 100 KB is 413", async (method, path) => {
    const big = { name: "x".repeat(101 * 1024) };
    const problem = expectProblem(await call(server.app, method, path, big, `Bearer ${ADMIN_TOKEN}`), 413);
    expect(problem.title).toBe("Content Too Large");
  });

  it("takes a body just under 100 KB to validation (400, not 413)", async () => {
    const res = await call(server.app, "post", "/admin/staff", { name: "x".repeat(99 * 1024) }, `Bearer ${ADMIN_TOKEN}`);
    expect(expectProblem(res, 400).errors!.map((e) => e.field)).toEqual(["name"]);
  });

  it.each(bodyRoutes)("%s %s with a text/plain body is 415", async (method, path) => {
    const res = await request(server.app)[method](path).set("Authorization", `Bearer ${ADMIN_TOKEN}`).type("text/plain").send('{"name":"Jo"}');
    const problem = expectProblem(res, 415);
    expect(problem.title).toBe("Unsupported Media Type");
  });

  it("refuses a form-encoded body with 415 too", async () => {
    const res = await request(server.app).post("/admin/staff").set("Authorization", `Bearer ${ADMIN_TOKEN}`).type("form").send({ name: "Jo" });
    expectProblem(res, 415);
  });

  it("accepts application/json with a charset", async () => {
    const res = await request(server.app)
      .post("/admin/promo-codes")
      .set("Authorization", `Bearer ${ADMIN_TOKEN}`)
      .set("Content-Type", "application/json; charset=utf-8")
      .send(JSON.stringify({ code: "CHARSET", maxUses: 1, percentOff: 5 }));
    expect(res.status).toBe(201);
  });

  it.each(bodyRoutes)("%s %s with invalid JSON is 400", async (method, path) => {
    const res = await request(server.app)[method](path).set("Authorization", `Bearer ${ADMIN_TOKEN}`).set("Content-Type", "application/json").send('{"name": "Jo",');
    const problem = expectProblem(res, 400);
    expect(problem.title).toBe("Bad Request");
    expect(problem.detail).toMatch(/JSON/);
  });

  it("answers a JSON body that is not an object with 400, never 500", async () => {
    for (const raw of ["[]", '"text"', "42", "null"]) {
      const res = await request(server.app).post("/admin/staff").set("Authorization", `Bearer ${ADMIN_TOKEN}`).set("Content-Type", "application/json").send(raw);
      expectProblem(res, 400);
    }
  });
});

describe("/admin/*: ids", () => {
  const idRoutes = ROUTES.filter(([, path]) => path.includes(ID));

  it.each(idRoutes)("%s %s with an unknown UUID is 404", async (method, path, body) => {
    const res = await call(server.app, method, path.replace(ID, randomUUID()), body, `Bearer ${ADMIN_TOKEN}`);
    expect(expectProblem(res, 404).title).toBe("Not Found");
  });

  it.each(idRoutes)("%s %s with a malformed id is 404", async (method, path, body) => {
    for (const bad of ["42", "not-a-uuid", `${ID}0`, "3f6c1d2e8a4b4c5d9e6f0a1b2c3d4e5f", "%27%20or%201%3D1--"]) {
      const res = await call(server.app, method, path.replace(ID, bad), body, `Bearer ${ADMIN_TOKEN}`);
      expectProblem(res, 404);
    }
  });

  it("answers an unknown admin route with 404 problem+json", async () => {
    expectProblem(await call(server.app, "get", "/admin/nothing-here", undefined, `Bearer ${ADMIN_TOKEN}`), 404);
  });
});
