/** The console's web app as the server hands it out: one page at every /console address, two hashed assets, nothing from elsewhere. */
import { gzipSync } from "node:zlib";
import request from "supertest";
import { type AdminServer, startAdminServer } from "../support/adminClient";

let server: AdminServer;
beforeAll(async () => {
  server = await startAdminServer();
});
afterAll(() => server.close());

describe("GET /console", () => {
  it.each(["/console", "/console/today", "/console/set-password", "/console/settings"])("answers %s with the app's page, allowed to load only its own assets", async (path) => {
    const res = await request(server.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.text).toMatch(/<script defer src="\/console\/assets\/app\.js\?v=[0-9a-f]{12}"><\/script>/);
    expect(res.text).not.toMatch(/https?:\/\//);
  });

  it("serves the hashed bundle for a year and keeps it under 300 KB gzipped", async () => {
    const page = await request(server.app).get("/console");
    const version = /app\.js\?v=([0-9a-f]{12})/.exec(page.text)![1];
    const js = await request(server.app).get(`/console/assets/app.js?v=${version}`);
    expect(js.status).toBe(200);
    expect(js.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(gzipSync(js.text).length).toBeLessThan(300 * 1024);
    const css = await request(server.app).get(`/console/assets/app.css?v=${version}`);
    expect(css.headers["content-type"]).toMatch(/^text\/css/);
    expect((await request(server.app).get("/console/assets/app.js")).headers["cache-control"]).toBe("no-cache");
  });

  it("leaves unknown API addresses to the API's 404", async () => {
    const res = await request(server.app).get("/console/api/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });
});
