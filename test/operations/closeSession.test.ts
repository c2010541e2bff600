/**
 * closeSession against the database: staff mark a session completed or a no-show; a sequential
 * plan's next session is offered once every session booked so far is done. A New York studio,
 * Mon–Fri 09:00–17:00; a course of three sessions booked one at a time (sequential), and an
 * implant plan booked all at once (immediate). Monday 2 March 2026, 08:00 EST.
 */
import { eq } from "drizzle-orm";
import { InvalidTransition, NotFound } from "../../src/booking/errors";
import { notifications, sessionGroups } from "../../src/db/schema";
import { closeSession } from "../../src/operations/closeSession";
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
      { name: "Haircut", durationMinutes: 60, priceCents: 3500 },
      { name: "Course", durationMinutes: 60, totalSessions: 3, strategy: "sequential", gapDays: [7] },
      { name: "Implant", durationMinutes: 60, totalSessions: 3, strategy: "immediate", gapDays: [14, 31] },
    ],
  });
  customerId = await world.customer(shop.businessId, "+15550006001");
});

const close = (bookingId: string, outcome: "complete" | "no_show") => world.run((ctx) => closeSession(ctx, bookingId, outcome));
const course = (starts: string[], more: { planId?: string; firstSessionNumber?: number } = {}) =>
  bookPlanSessions(world, { businessId: shop.businessId, serviceId: shop.serviceIds.Course!, customerId, starts, ...more });
const planStatus = async (planId: string) => (await world.database.db.select().from(sessionGroups).where(eq(sessionGroups.id, planId)))[0]!.status;

describe("closeSession for a single booking", () => {
  it("marks it completed, with no invitation", async () => {
    const [haircut] = await world.run((ctx) =>
      ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId, sessions: [{ start: new Date("2026-03-03T15:00:00Z") }], status: "confirmed" }),
    );
    world.clock.set("2026-03-03T16:05:00Z");

    expect(await close(haircut!.id, "complete")).toEqual({ booking: expect.objectContaining({ id: haircut!.id, status: "completed", completedAt: new Date("2026-03-03T16:05:00Z") }), invite: null });
  });

  it("marks it a no-show", async () => {
    const [haircut] = await world.run((ctx) =>
      ctx.bookingService.book(ctx.tx, { by: BY_TEST, businessId: shop.businessId, serviceId: shop.serviceIds.Haircut!, customerId, sessions: [{ start: new Date("2026-03-03T15:00:00Z") }], status: "confirmed" }),
    );
    expect((await close(haircut!.id, "no_show")).booking).toMatchObject({ status: "no_show", completedAt: null });
  });

  it("refuses a booking that is not confirmed with InvalidTransition, and an unknown one with NotFound", async () => {
    const { sessions } = await course(["2026-03-03T15:00:00Z"]);
    await close(sessions[0]!.id, "complete");
    const again = close(sessions[0]!.id, "no_show");
    await expect(again).rejects.toBeInstanceOf(InvalidTransition);
    await expect(again).rejects.toMatchObject({ from: "completed" });
    await expect(close("00000000-0000-4000-8000-000000000000", "complete")).rejects.toBeInstanceOf(NotFound);
  });
});

describe("closeSession for a sequential plan", () => {
  it("invites the customer to book session 2 when session 1, the only one booked, is done", async () => {
    const { planId, sessions } = await course(["2026-03-03T15:00:00Z"]);

    const { invite } = await close(sessions[0]!.id, "complete");

    expect(invite).toEqual({ planId, serviceId: shop.serviceIds.Course, sessionNumber: 2 });
  });

  it("counts a no-show as done too", async () => {
    const { planId, sessions } = await course(["2026-03-03T15:00:00Z"]);
    expect((await close(sessions[0]!.id, "no_show")).invite).toEqual({ planId, serviceId: shop.serviceIds.Course, sessionNumber: 2 });
  });

  it("invites only when every booked session is done: not after session 1 while session 2 is still to come", async () => {
    const { planId, sessions } = await course(["2026-03-03T15:00:00Z", "2026-03-10T14:00:00Z"]);

    expect((await close(sessions[0]!.id, "complete")).invite).toBeNull();
    expect((await close(sessions[1]!.id, "complete")).invite).toEqual({ planId, serviceId: shop.serviceIds.Course, sessionNumber: 3 });
  });

  it("invites once per finished session: asking again for the same session gives nothing", async () => {
    const { sessions } = await course(["2026-03-03T15:00:00Z"]);
    const { booking, invite } = await close(sessions[0]!.id, "complete");
    expect(invite).not.toBeNull();

    expect(await world.run((ctx) => nextSessionToInvite(ctx.tx, booking))).toBeNull();
    const claims = await world.database.db.select().from(notifications).where(eq(notifications.bookingId, booking.id));
    expect(claims.map((c) => c.kind)).toEqual(["next_session_invite"]);
  });

  it("completes the plan when its last session is done, and invites nobody", async () => {
    const { planId, sessions } = await course(["2026-03-03T15:00:00Z", "2026-03-10T14:00:00Z", "2026-03-17T14:00:00Z"]);
    await close(sessions[0]!.id, "complete");
    await close(sessions[1]!.id, "no_show");
    expect(await planStatus(planId)).toBe("active");

    expect((await close(sessions[2]!.id, "complete")).invite).toBeNull();
    expect(await planStatus(planId)).toBe("completed");
  });
});

describe("closeSession for an immediate plan", () => {
  it("invites nobody (every session is booked already), and completes the plan with its last session", async () => {
    const { planId, sessions } = await bookPlanSessions(world, {
      businessId: shop.businessId,
      serviceId: shop.serviceIds.Implant!,
      customerId,
      starts: ["2026-03-03T15:00:00Z", "2026-03-17T14:00:00Z", "2026-04-17T14:00:00Z"],
    });
    expect((await close(sessions[0]!.id, "complete")).invite).toBeNull();
    expect((await close(sessions[1]!.id, "complete")).invite).toBeNull();
    expect((await close(sessions[2]!.id, "complete")).invite).toBeNull();
    expect(await planStatus(planId)).toBe("completed");
  });
});
