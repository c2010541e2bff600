import request from "supertest";
import { ManualClock } from "../../src/clock";
import { loadConfig } from "../../src/config/config";
import { createLogger } from "../../src/logger";
import { createApp } from "../../src/server";
import { type TestDatabase, createTestDatabase } from "../support/database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

function app() {
  return createApp({ config: loadConfig({}), database, clock: new ManualClock("2026-03-02T13:00:00Z"), logger: createLogger("silent") });
}

describe("health endpoints", () => {
  it("answers /healthz and /readyz with status ok when the database answers", async () => {
    await request(app()).get("/healthz").expect(200, { status: "ok" });
    await request(app()).get("/readyz").expect(200, { status: "ok" });
  });

  it("answers an unknown route with a problem+json 404", async () => {
    const res = await request(app()).get("/nowhere").expect(404);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: "Not Found" });
  });
});
