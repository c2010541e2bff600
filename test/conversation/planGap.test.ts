/**
 * A sequential plan's minimum gap by text, through the real engine: the customer who asks for a
 * later session too soon after the one before is told the first day allowed and offered free
 * times from it, in one SMS segment; moving a session by text keeps the gap the same way.
 * Demo salon: Scalp physio, 8 sessions, minGapDays 7. Monday 2 March 2026, 08:00 in New York.
 */
import { type AdminServer, phoneMaker, startAdminServer } from "../support/adminClient";

let server: AdminServer;
const newPhone = phoneMaker("555401");

beforeAll(async () => {
  server = await startAdminServer();
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** Session 1 booked by text for Tue 3 Mar at `hour`:00, then closed early by staff: session 2 is invited. */
async function sessionOneDone(phone: string, hour: number) {
  await server.text(phone, `scalp physio tomorrow at ${hour}:00`);
  await server.text(phone, "yes");
  const [first] = await server.bookings({ phone });
  expect(first).toEqual(expect.objectContaining({ sessionNumber: 1, start: `2026-03-03T${hour}:00:00-05:00` }));
  server.clock.advanceMinutes(1);
  expect((await server.admin.post(`/admin/bookings/${first!.id}/complete`)).status).toBe(200);
  return first!;
}

/** GSM-7's basic set, less what these replies never use: one segment holds 160 of them. */
const GSM7 = /^[A-Za-z0-9 \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

describe("booking session 2 of Scalp physio too soon", () => {
  it("names the first day allowed and offers the nearest free times from it, in one SMS segment", async () => {
    const phone = newPhone();
    await sessionOneDone(phone, 10);

    const [answer] = await server.text(phone, "friday at 10am");

    expect(answer).toBe("Session 2 can be booked from Tue 10 Mar, 7 days after session 1. Nearest free times:\n1) Tue 10 Mar, 09:45\n2) Tue 10 Mar, 10:00\n3) Tue 10 Mar, 10:15");
    expect(answer!.length).toBeLessThanOrEqual(160);
    expect(answer).toMatch(GSM7);

    expect(await server.text(phone, "2")).toEqual(["Scalp physio, session 2 of 8: Tue 10 Mar, 10:00 with Alex, $60.00. Book it? (yes/no)"]);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Scalp physio, Tue 10 Mar, 10:00\./);
    const sessions = await server.bookings({ phone });
    expect(sessions.map((b) => [b.sessionNumber, b.start, b.status])).toEqual([
      [1, "2026-03-03T10:00:00-05:00", "completed"],
      [2, "2026-03-10T10:00:00-04:00", "confirmed"],
    ]);
  });

  it("answers a day alone inside the gap with times of the first day allowed", async () => {
    const phone = newPhone();
    await sessionOneDone(phone, 11);

    const [answer] = await server.text(phone, "next monday");

    expect(answer).toMatch(/^Session 2 can be booked from Tue 10 Mar, 7 days after session 1\. Nearest free times:\n1\) Tue 10 Mar, \d\d:\d\d\n2\) Tue 10 Mar, \d\d:\d\d\n3\) Tue 10 Mar, \d\d:\d\d$/);
  });

  it("books a day the gap allows straight away", async () => {
    const phone = newPhone();
    await sessionOneDone(phone, 12);

    expect(await server.text(phone, "march 11 at 2pm")).toEqual(["Scalp physio, session 2 of 8: Wed 11 Mar, 14:00 with Alex, $60.00. Book it? (yes/no)"]);
  });

  it("keeps the gap when the customer moves session 2 by text", async () => {
    const phone = newPhone();
    await sessionOneDone(phone, 13);
    await server.text(phone, "march 11 at 2pm");
    await server.text(phone, "yes");

    await server.text(phone, "reschedule");
    const [answer] = await server.text(phone, "march 9 at 2pm");

    expect(answer).toBe("Session 2 can be booked from Tue 10 Mar, 7 days after session 1. Nearest free times:\n1) Tue 10 Mar, 13:45\n2) Tue 10 Mar, 14:00\n3) Tue 10 Mar, 14:15");
    expect(await server.text(phone, "2")).toEqual(["Move Scalp physio (session 2 of 8), Wed 11 Mar, 14:00 to Tue 10 Mar, 14:00? (yes/no)"]);
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Done: Scalp physio \(session 2 of 8\), Tue 10 Mar, 14:00/);
  });
});
