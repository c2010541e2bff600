/**
 * "backup Thursday 4pm": a customer gives a second time for their next booking by text, and
 * when staff block the booked time the booking moves there on its own (the blocked-period action).
 */
import { BY_TEST } from "../support/actor";
import { eq } from "drizzle-orm";
import { buildServices } from "../../src/services";
import { createLogger } from "../../src/logger";
import { messages } from "../../src/db/schema";
import { type TextingServer, startTextingServer } from "../support/textingServer";

// Monday 2 March 2026, 08:00 in New York (EST): "tomorrow" is Tuesday 3 March.
let server: TextingServer;
let phoneCounter = 0;
const newPhone = () => `+1555300${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  server = await startTextingServer();
});
afterAll(async () => {
  await server.close();
});

async function bookHaircut(phone: string, when: string) {
  const [question] = await server.text(phone, `haircut ${when}`);
  expect(question).toMatch(/\(yes\/no\)/);
  await server.text(phone, "yes");
  const [booking] = await server.bookingsOf(phone);
  expect(booking?.status).toBe("confirmed");
  return booking!;
}

describe("a backup time by text", () => {
  it("keeps a free backup time on the next booking and confirms it in the business's zone", async () => {
    const phone = newPhone();
    await bookHaircut(phone, "tomorrow at 3pm");
    const [answer] = await server.text(phone, "backup thursday at 4pm");
    expect(answer).toBe("Noted: if we ever can't see you at Tue 3 Mar, 15:00, we'll move you to Thu 5 Mar, 16:00 and let you know.");
    const [booking] = await server.bookingsOf(phone);
    expect(booking!.backupStartAt?.toISOString()).toBe("2026-03-05T21:00:00.000Z");
  });

  it("reads a time alone as the booking's own day", async () => {
    const phone = newPhone();
    await bookHaircut(phone, "tomorrow at 1pm");
    await server.text(phone, "my backup time is 11am");
    const [booking] = await server.bookingsOf(phone);
    expect(booking!.backupStartAt?.toISOString()).toBe("2026-03-03T16:00:00.000Z");
  });

  it("refuses a backup time nobody can take, and keeps none", async () => {
    const phone = newPhone();
    await bookHaircut(phone, "tomorrow at 4pm");
    // Sunday: no staff work.
    const [answer] = await server.text(phone, "backup sunday at 11am");
    expect(answer).toBe('Sorry, Sun 8 Mar, 11:00 isn\'t available. Text another backup time, e.g. "backup Friday 4pm".');
    expect((await server.bookingsOf(phone))[0]!.backupStartAt).toBeNull();
  });

  it("asks for a time when the message names none, and says when there is nothing to back up", async () => {
    const booked = newPhone();
    await bookHaircut(booked, "tomorrow at 12pm");
    expect(await server.text(booked, "backup friday")).toEqual(['What backup time would suit you, in case we can\'t see you at Tue 3 Mar, 12:00? (e.g. "backup Friday 4pm")']);
    expect(await server.text(newPhone(), "backup friday 4pm")).toEqual(["You have no upcoming booking to give a backup time for. What would you like to book?"]);
  });

  it("does not disturb a conversation in progress", async () => {
    const phone = newPhone();
    await bookHaircut(phone, "wednesday at 3pm");
    const [question] = await server.text(phone, "colour treatment wednesday at 10am");
    expect(question).toMatch(/\(yes\/no\)/);
    await server.text(phone, "backup thursday 4pm");
    // The colour treatment's question is still the open one.
    await server.text(phone, "yes");
    expect((await server.bookingsOf(phone)).map((b) => b.status)).toEqual(["confirmed", "confirmed"]);
  });

  it("is where a blocked period moves the booking, and the customer is told", async () => {
    const phone = newPhone();
    const booking = await bookHaircut(phone, "tomorrow at 10am");
    await server.text(phone, "backup tomorrow at 2pm");
    const services = buildServices({ config: server.config, database: server.database, clock: server.clock, logger: createLogger("silent") });
    const result = await services.staffActions.blockPeriod({
      businessId: server.businessId,
      staffId: booking.staffId,
      start: new Date("2026-03-03T14:00:00Z"),
      end: new Date("2026-03-03T16:00:00Z"),
      reason: "training",
    }, BY_TEST);
    expect(result.affected).toEqual([expect.objectContaining({ bookingId: booking.id, outcome: "moved_to_backup" })]);
    const [moved] = await server.bookingsOf(phone);
    expect(moved!.startAt.toISOString()).toBe("2026-03-03T19:00:00.000Z");
    expect(moved!.status).toBe("confirmed");
    const sent = await server.database.db.select().from(messages).where(eq(messages.customerId, moved!.customerId));
    expect(sent.some((m) => m.direction === "out" && /moved to your backup time: Tue 3 Mar, 14:00/.test(m.body))).toBe(true);
  });
});
