/**
 * nextSessionToInvite against the database, asked directly as the jobs and the admin API do after
 * a session is done. A New York studio, Mon–Fri 09:00–17:00; a weekly course of three sessions
 * booked one at a time (sequential) and a flexible one. Monday 2 March 2026, 08:00 EST.
 */
import { eq } from "drizzle-orm";
import type { Booking } from "../../src/booking/bookingService";
import { notifications, sessionGroups } from "../../src/db/schema";
import { nextSessionToInvite } from "../../src/operations/inviteNextSession";
import { type TestBusiness, createBusiness } from "../support/factories";
import { MONDAY_8AM, type OperationsWorld, bookPlanSessions, startOperationsWorld } from "../support/operations";
import { BY_TEST } from "../support/actor";

let world: OperationsWorld;
let shop: TestBusiness;
let customerId: string;

beforeAll(async () => {
  world = await startOperationsWorld();
});
afterAll(() => world.close());
beforeEach(async () => {
  world.clock.set(MONDAY_8AM);
  shop = await createBusiness(world.database.db, {
    services: [
      { name: "Haircut", durationMinutes: 60 },
      { name: "Course", durationMinutes: 60, totalSessions: 3, strategy: "sequential", gapDays: [7] },
      { name: "Flexible course", durationMinutes: 60, totalSessions: 3, strategy: "flexible", minGapDays: 2 },
    ],
  });
  customerId = await world.customer(shop.businessId, "+15550007001");
});

const WEEKLY = ["2026-03-03T15:00:00Z", "2026-03-10T14:00:00Z", "2026-03-17T14:00:00Z"];

const plan = (serviceName: string, starts: string[]) => bookPlanSessions(world, { businessId: shop.businessId, serviceId: shop.serviceIds[serviceName]!, customerId, starts });
const finish = (booking: Booking, action: "complete" | "no_show" | "cancel" = "complete") => world.run((ctx) => ctx.bookingService.transition(ctx.tx, booking.id, action, BY_TEST));
const invite = (done: Booking) => world.run((ctx) => nextSessionToInvite(ctx.tx, done));

describe("nextSessionToInvite", () => {
  it("offers session 2 of a sequential plan once session 1, the only one booked, is done", async () => {
    const { planId, sessions } = await plan("Course", WEEKLY.slice(0, 1));
    expect(await invite(await finish(sessions[0]!))).toEqual({ planId, serviceId: shop.serviceIds.Course, sessionNumber: 2 });
  });

  it("offers nothing while a booked session is still to come", async () => {
    const { sessions } = await plan("Course", WEEKLY.slice(0, 2));
    expect(await invite(await finish(sessions[0]!))).toBeNull();
  });

  it("offers nothing twice for the same finished session: the notification it claims says it was sent", async () => {
    const { sessions } = await plan("Course", WEEKLY.slice(0, 1));
    const done = await finish(sessions[0]!);
    expect(await invite(done)).not.toBeNull();
    expect(await invite(done)).toBeNull();
  });

  it("offers it once when two runners ask at the same moment", async () => {
    const { planId, sessions } = await plan("Course", WEEKLY.slice(0, 1));
    const done = await finish(sessions[0]!);

    const answers = await Promise.all([invite(done), invite(done)]);

    expect(answers.filter((a) => a !== null)).toEqual([{ planId, serviceId: shop.serviceIds.Course, sessionNumber: 2 }]);
    expect(await world.database.db.select().from(notifications).where(eq(notifications.bookingId, done.id))).toHaveLength(1);
  });

  it("numbers the next session after the live ones: a cancelled session is booked again", async () => {
    const { planId, sessions } = await plan("Course", WEEKLY.slice(0, 2));
    await finish(sessions[1]!, "cancel");
    expect(await invite(await finish(sessions[0]!))).toEqual({ planId, serviceId: shop.serviceIds.Course, sessionNumber: 2 });
  });

  it("offers nothing for a flexible plan, whose sessions the customer books when they like", async () => {
    const { sessions } = await plan("Flexible course", WEEKLY.slice(0, 1));
    expect(await invite(await finish(sessions[0]!))).toBeNull();
  });

  it("offers nothing for a booking outside a plan", async () => {
    const [haircut] = await world.run((ctx) =>
      ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId, sessions: [{ start: new Date(WEEKLY[0]!) }], status: "confirmed" }),
    );
    expect(await invite(await finish(haircut!))).toBeNull();
  });

  it("offers nothing for a plan that was cancelled", async () => {
    const { planId, sessions } = await plan("Course", WEEKLY.slice(0, 1));
    await world.database.db.update(sessionGroups).set({ status: "cancelled" }).where(eq(sessionGroups.id, planId));
    expect(await invite(await finish(sessions[0]!))).toBeNull();
  });

  it("records the plan completed, offering nothing, when every session is done", async () => {
    const { planId, sessions } = await plan("Course", WEEKLY);
    await finish(sessions[0]!);
    await finish(sessions[1]!, "no_show");
    expect(await invite(await finish(sessions[2]!))).toBeNull();
    const [row] = await world.database.db.select().from(sessionGroups).where(eq(sessionGroups.id, planId));
    expect(row!.status).toBe("completed");
  });
});
