/**
 * Email beside the texts, end to end: the real app on both database engines, customers texting it
 * through signed Twilio webhooks, staff acting through the admin API, and a real SMTP server
 * (smtp-server) receiving what nodemailer sends. Calendar parts are parsed back with ical.js.
 */
import { eq } from "drizzle-orm";
import request from "supertest";
import { customers, messages } from "../../../src/db/schema";
import { type AdminServer, type BookingJson, startAdminServer } from "../../support/adminClient";
import { type FakeSmtp, type ReceivedMail, startSmtpServer } from "../../fakes/smtpServer";

let ICAL: typeof import("ical.js", { with: { "resolution-mode": "import" } }).default;

const EMAIL_FROM = "Slotline Bookings <bookings@slotline.test>";
const OWNER = "owner@salon.test";

let smtp: FakeSmtp;
let server: AdminServer;
let phones = 0;
const newPhone = () => `+1415555${String(3000 + phones++).padStart(4, "0")}`;

beforeAll(async () => {
  ICAL = (await import("ical.js")).default;
  smtp = await startSmtpServer();
  server = await startAdminServer({ env: { SMTP_URL: smtp.url, EMAIL_FROM } });
});

afterAll(async () => {
  await server.close();
  await smtp.close();
});

/** Texts until the customer is booked for `what`; returns their bookings. */
async function bookByText(phone: string, what: string): Promise<BookingJson[]> {
  await server.text(phone, what);
  const [booked] = await server.text(phone, "yes");
  expect(booked).toMatch(/^(Booked|Request received|Almost done)/);
  return server.bookings({ phone });
}

/** Everything the SMTP server received for one address since `from` (an index into received). */
function mailTo(address: string, from = 0): ReceivedMail[] {
  return smtp.received.slice(from).filter((m) => m.envelope.to.includes(address));
}

/** Waits until `address` has `count` emails after index `from`, and returns them. */
async function waitForMail(address: string, count: number, from = 0): Promise<ReceivedMail[]> {
  const deadline = Date.now() + 5000;
  while (mailTo(address, from).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} email(s) to ${address}, got ${mailTo(address, from).length}: ${mailTo(address, from).map((m) => m.subject).join(" | ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return mailTo(address, from);
}

function vevents(mail: ReceivedMail) {
  expect(mail.calendar).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(mail.calendar!));
  return { method: calendar.getFirstPropertyValue("method"), events: calendar.getAllSubcomponents("vevent") };
}

async function emailsOf(bookingId: string) {
  const res = await server.admin.get(`/admin/bookings/${bookingId}/emails`);
  expect(res.status).toBe(200);
  return (res.body as { items: { to: string; recipient: string; kind: string; status: string; errorCode: string | null; attempts: number }[] }).items;
}

async function runJobs(now: string) {
  const res = await server.admin.post("/admin/jobs/run", { now });
  expect(res.status).toBe(200);
  return res.body as Record<string, number>;
}

describe("a customer's booking emails", () => {
  it("keeps an email given by text, then confirms a booking by email with a calendar invitation (RFC 5546 REQUEST)", async () => {
    const phone = newPhone();
    expect(await server.text(phone, "my email is ann.lee@example.org")).toEqual(["Thanks! We'll send booking emails to ann.lee@example.org."]);
    const [haircut] = await bookByText(phone, "haircut tomorrow at 3pm");

    const [confirmation] = await waitForMail("ann.lee@example.org", 1);
    expect(confirmation!.subject).toBe("Confirmed: Haircut, Tue 3 Mar, 15:00");
    expect(confirmation!.fromHeader).toBe('"Slotline Demo Salon" <bookings@slotline.test>');
    expect(confirmation!.messageId).toMatch(/^<[0-9a-f-]{36}@slotline\.test>$/);
    expect(confirmation!.text).toContain("Your Haircut with Slotline Demo Salon is confirmed.");
    expect(confirmation!.text).toMatch(/Manage your booking: https:\/\/bot\.example\.test\/m\/[A-Za-z0-9_-]{44}/);
    expect(confirmation!.html).toContain("Manage your booking</a>");

    const { method, events } = vevents(confirmation!);
    expect(method).toBe("REQUEST");
    expect(confirmation!.calendarMethod).toBe("REQUEST");
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.getFirstPropertyValue("uid")).toBe(`${haircut!.id}@bot.example.test`);
    expect(event.getFirstPropertyValue("sequence")).toBe(0);
    expect(event.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(String(event.getFirstPropertyValue("dtstart"))).toBe("2026-03-03T20:00:00Z");
    expect(event.getFirstPropertyValue("organizer")).toBe("mailto:bookings@slotline.test");
    expect(event.getFirstProperty("organizer")!.getParameter("cn")).toBe("Slotline Demo Salon");
    // ical-generator writes the scheme in capitals; RFC 3986 schemes are case-insensitive.
    expect(String(event.getFirstPropertyValue("attendee")).toLowerCase()).toBe("mailto:ann.lee@example.org");

    const sent = await emailsOf(haircut!.id);
    expect(sent).toEqual([expect.objectContaining({ to: "ann.lee@example.org", recipient: "customer", kind: "confirmed", status: "sent", attempts: 1 })]);
  });

  it("sends a move as an update of the same event (same UID, SEQUENCE 1) and a cancellation as METHOD:CANCEL with STATUS:CANCELLED", async () => {
    const phone = newPhone();
    await server.text(phone, "email: bo@example.org");
    const [haircut] = await bookByText(phone, "haircut tomorrow at 11am");
    await waitForMail("bo@example.org", 1);

    const moved = await server.admin.post(`/admin/bookings/${haircut!.id}/reschedule`, { start: "2026-03-04T16:00:00Z" });
    expect(moved.status).toBe(200);
    const [, update] = await waitForMail("bo@example.org", 2);
    expect(update!.subject).toBe("Moved: Haircut, now Wed 4 Mar, 11:00");
    expect(update!.text).toContain("has moved from Tue 3 Mar, 11:00 to Wed 4 Mar, 11:00");
    const updated = vevents(update!);
    expect(updated.method).toBe("REQUEST");
    expect(updated.events[0]!.getFirstPropertyValue("uid")).toBe(`${haircut!.id}@bot.example.test`);
    expect(updated.events[0]!.getFirstPropertyValue("sequence")).toBe(1);
    expect(String(updated.events[0]!.getFirstPropertyValue("dtstart"))).toBe("2026-03-04T16:00:00Z");

    const cancelled = await server.admin.post(`/admin/bookings/${haircut!.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    const [, , cancellation] = await waitForMail("bo@example.org", 3);
    expect(cancellation!.subject).toBe("Cancelled: Haircut, Wed 4 Mar, 11:00");
    expect(cancellation!.text).toContain("has been cancelled by Slotline Demo Salon");
    const removed = vevents(cancellation!);
    expect(removed.method).toBe("CANCEL");
    expect(cancellation!.calendarMethod).toBe("CANCEL");
    expect(removed.events[0]!.getFirstPropertyValue("uid")).toBe(`${haircut!.id}@bot.example.test`);
    expect(removed.events[0]!.getFirstPropertyValue("sequence")).toBe(2);
    expect(removed.events[0]!.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("sends the confirmations of upcoming bookings when the email comes after the booking, and asks for it when the business requires one", async () => {
    await server.admin.patch("/admin/business", { requireEmail: true });
    try {
      const phone = newPhone();
      await server.text(phone, "haircut tomorrow at 4pm");
      const replies = await server.text(phone, "yes");
      expect(replies[replies.length - 1]).toBe("What's your email? Reply with it and we'll send your booking details and a calendar invite.");
      expect(await server.text(phone, "cy@example.org thanks")).toEqual(["Thanks! Your booking details are on their way to cy@example.org."]);
      const [confirmation] = await waitForMail("cy@example.org", 1);
      expect(confirmation!.subject).toBe("Confirmed: Haircut, Tue 3 Mar, 16:00");
      // Given again, the same booking is not confirmed twice.
      await server.text(phone, "my email is cy@example.org");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mailTo("cy@example.org")).toHaveLength(1);
    } finally {
      await server.admin.patch("/admin/business", { requireEmail: false });
    }
  });

  it("sends each reminder at the business's offsets, once, beside the text", async () => {
    const phone = newPhone();
    await server.text(phone, "my email is dee@example.org");
    await bookByText(phone, "haircut tomorrow at 2pm");
    await waitForMail("dee@example.org", 1);

    // 24 hours before Tue 14:00 New York; a second tick at the same time sends nothing more.
    await runJobs("2026-03-02T19:01:00Z");
    await runJobs("2026-03-02T19:02:00Z");
    const [, dayBefore] = await waitForMail("dee@example.org", 2);
    expect(dayBefore!.subject).toBe("Reminder: Haircut, Tue 3 Mar, 14:00");
    await runJobs("2026-03-03T18:01:00Z");
    const [, , hourBefore] = await waitForMail("dee@example.org", 3);
    expect(hourBefore!.subject).toBe("Reminder: Haircut, Tue 3 Mar, 14:00");
    await runJobs("2026-03-03T18:30:00Z");
    expect(mailTo("dee@example.org")).toHaveLength(3);
  });

  it("retries a deferral (4xx) and sends the email once", async () => {
    const phone = newPhone();
    await server.text(phone, "my email is eve@example.org");
    smtp.deferNext(1);
    const [haircut] = await bookByText(phone, "haircut tomorrow at 12pm");
    await waitUntil(async () => (await emailsOf(haircut!.id))[0]?.status === "retrying");
    expect((await emailsOf(haircut!.id))[0]).toEqual(expect.objectContaining({ status: "retrying", errorCode: "451 4.3.0 Try again later", attempts: 1 }));
    expect(mailTo("eve@example.org")).toHaveLength(0);

    await runJobs("2026-03-02T13:02:00Z");
    const [confirmation] = await waitForMail("eve@example.org", 1);
    expect(confirmation!.subject).toBe("Confirmed: Haircut, Tue 3 Mar, 12:00");
    expect((await emailsOf(haircut!.id))[0]).toEqual(expect.objectContaining({ status: "sent", errorCode: null, attempts: 2 }));
    await runJobs("2026-03-02T13:30:00Z");
    expect(mailTo("eve@example.org")).toHaveLength(1);
  });

  it("records a refused address (5xx) as failed with the server's reply, shown on the booking, and does not retry it", async () => {
    const phone = newPhone();
    smtp.rejectRecipient("nobody@example.org");
    await server.text(phone, "my email is nobody@example.org");
    const [haircut] = await bookByText(phone, "haircut tomorrow at 1pm");
    await waitUntil(async () => (await emailsOf(haircut!.id))[0]?.status === "failed");
    await runJobs("2026-03-02T14:00:00Z");
    expect(await emailsOf(haircut!.id)).toEqual([expect.objectContaining({ to: "nobody@example.org", status: "failed", errorCode: "550 5.1.1 No such user", attempts: 1 })]);
    expect(mailTo("nobody@example.org")).toHaveLength(0);
  });
});

describe("the business's emails", () => {
  /** Each staff member's address, by staff id. */
  const staffEmail = new Map<string, string>();
  beforeAll(async () => {
    expect((await server.admin.patch("/admin/business", { contactEmail: OWNER })).status).toBe(200);
    const staff = (await server.admin.get("/admin/staff")).body as { items: { id: string; name: string }[] };
    for (const member of staff.items) {
      const address = `${member.name.toLowerCase()}@salon.test`;
      expect((await server.admin.patch(`/admin/staff/${member.id}`, { email: address })).status).toBe(200);
      staffEmail.set(member.id, address);
    }
  });

  it("tells the contact address and the staff member of each new booking and each cancellation", async () => {
    const before = smtp.received.length;
    const phone = newPhone();
    const [haircut] = await bookByText(phone, "haircut on Thursday at 10am");
    const member = staffEmail.get(haircut!.staffId)!;
    const [notice] = await waitForMail(OWNER, 1, before);
    expect(notice!.subject).toBe(`New booking: Haircut, Thu 5 Mar, 10:00, ${phone}`);
    expect(notice!.text).toContain(`Open the booking: https://bot.example.test/console/bookings/${haircut!.id}`);
    expect(notice!.text).toContain(`Phone: ${phone}`);
    expect((await waitForMail(member, 1, before))[0]!.subject).toBe(notice!.subject);

    await server.admin.post(`/admin/bookings/${haircut!.id}/cancel`, {});
    const [, cancelled] = await waitForMail(OWNER, 2, before);
    expect(cancelled!.subject).toBe(`Cancelled: Haircut, Thu 5 Mar, 10:00, ${phone}`);
    expect(cancelled!.text).toContain("was cancelled by ADMIN_TOKEN");
    await waitForMail(member, 2, before);
  });

  it("asks for approval with approve and reject links that open the console, and tells the customer their request is received", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true });
    try {
      const before = smtp.received.length;
      const phone = newPhone();
      await server.text(phone, "my email is gus@example.org");
      const [request] = await bookByText(phone, "haircut on Friday at 10am");
      expect(request!.status).toBe("pending_approval");
      const [ask] = await waitForMail(OWNER, 1, before);
      expect(ask!.subject).toBe(`To approve: Haircut, Fri 6 Mar, 10:00, ${phone}`);
      expect(ask!.text).toContain(`Approve: https://bot.example.test/console/bookings/${request!.id}#approve`);
      expect(ask!.text).toContain(`Reject: https://bot.example.test/console/bookings/${request!.id}#reject`);
      const [received] = await waitForMail("gus@example.org", 1, before);
      expect(received!.subject).toBe("Request received: Haircut, Fri 6 Mar, 10:00");
      expect(received!.calendar).toBeUndefined();

      expect((await server.admin.post(`/admin/bookings/${request!.id}/approve`, {})).status).toBe(200);
      const [, confirmed] = await waitForMail("gus@example.org", 2, before);
      expect(confirmed!.subject).toBe("Confirmed: Haircut, Fri 6 Mar, 10:00");
      expect(vevents(confirmed!).method).toBe("REQUEST");
    } finally {
      await server.admin.patch("/admin/business", { requiresApproval: false });
    }
  });

  it("passes a customer's notice (running late) to the contact address and the staff member of their booking", async () => {
    const before = smtp.received.length;
    const phone = newPhone();
    const [haircut] = await bookByText(phone, "haircut on Thursday at 2pm");
    const member = staffEmail.get(haircut!.staffId)!;
    await waitForMail(member, 1, before);
    const staffName = member === "alex@salon.test" ? "Alex" : "Sam";
    expect(await server.text(phone, "running 15 mins late, sorry!")).toEqual([`Thanks for letting us know - we've told ${staffName} you'll be about 15 minutes late.`]);
    const [, late] = await waitForMail(OWNER, 2, before);
    expect(late!.subject).toBe(`${phone} is running about 15 minutes late for Haircut at Thu 5 Mar, 14:00.`);
    expect(late!.text).toContain("Open the console: https://bot.example.test/console/today");
    expect((await waitForMail(member, 2, before))[1]!.subject).toBe(late!.subject);
  });

  it("sends each staff member with an email their day's agenda at 07:00 business time, once", async () => {
    const before = smtp.received.length;
    const phone = newPhone();
    const [haircut] = await bookByText(phone, "haircut on Monday 9 March at 9am");
    const member = staffEmail.get(haircut!.staffId)!;
    await waitForMail(member, 1, before);
    const agendaFrom = smtp.received.length;

    await runJobs("2026-03-09T10:55:00Z"); // 06:55 in New York (EDT from 8 March): too early
    expect(mailTo(member, agendaFrom)).toHaveLength(0);
    await runJobs("2026-03-09T11:01:00Z"); // 07:01
    await runJobs("2026-03-09T11:30:00Z");
    const [agenda] = await waitForMail(member, 1, agendaFrom);
    expect(agenda!.subject).toBe("Mon 9 Mar: 1 booking");
    expect(agenda!.text).toContain(`09:00-09:30: Haircut: ${phone}`);
    expect(mailTo(member, agendaFrom)).toHaveLength(1);
  });
});

describe("feedback requests", () => {
  it("carry a one-click unsubscribe (RFC 8058) that stops them, and only them", async () => {
    const phone = newPhone();
    await server.text(phone, "my email is ida@example.org");
    const [haircut] = await bookByText(phone, "haircut tomorrow at 9am");
    await waitForMail("ida@example.org", 1);
    expect((await server.admin.post(`/admin/bookings/${haircut!.id}/complete`, {})).status).toBe(200);
    await runJobs("2026-03-03T16:00:00Z"); // an hour after the 09:00-09:30 session in New York
    const [, feedback] = await waitForMail("ida@example.org", 2);
    expect(feedback!.subject).toBe("How was your Haircut?");
    const unsubscribe = /^<(https:\/\/bot\.example\.test\/e\/unsubscribe\/[A-Za-z0-9_-]{44})>/.exec(headerLine(feedback!, "list-unsubscribe"))?.[1];
    expect(unsubscribe).toBeDefined();
    expect(headerLine(feedback!, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");

    const path = new URL(unsubscribe!).pathname;
    const page = await request(server.app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Unsubscribe</button>");
    const oneClick = await request(server.app).post(path).type("form").send("List-Unsubscribe=One-Click");
    expect(oneClick.status).toBe(200);
    const [customer] = await server.database.db.select().from(customers).where(eq(customers.phone, phone));
    expect(customer!.emailOptedOutAt).not.toBeNull();
    expect((await request(server.app).get("/e/unsubscribe/not-a-token")).status).toBe(404);

    // A booking's own emails still come; the next feedback request does not.
    const second = (await bookByText(phone, "haircut on Thursday at 9am")).find((b) => b.id !== haircut!.id);
    await waitForMail("ida@example.org", 3);
    await server.admin.post(`/admin/bookings/${second!.id}/complete`, {});
    await runJobs("2026-03-05T16:00:00Z");
    expect(mailTo("ida@example.org")).toHaveLength(3);
    expect(await emailsOf(second!.id)).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "feedback", status: "suppressed" })]));
  });
});

describe("without SMTP_URL", () => {
  it("records the emails as logged, like texts without Twilio", async () => {
    const plain = await startAdminServer();
    try {
      const phone = "+14155559999";
      await plain.text(phone, "my email is jo@example.org");
      await plain.text(phone, "haircut tomorrow at 3pm");
      await plain.text(phone, "yes");
      const emails = await waitForRows(plain, "email", 1);
      expect(emails[0]).toEqual(expect.objectContaining({ channel: "email", provider: "log", status: "logged", address: "jo@example.org" }));
      expect(emails[0]!.body).toContain("Your Haircut with Slotline Demo Salon is confirmed.");
      const listed = await plain.messagesOf(phone);
      expect(listed.filter((m) => m.channel === "email")).toEqual([expect.objectContaining({ direction: "out", status: "logged" })]);
    } finally {
      await plain.close();
    }
  });
});

describe("several job runners", () => {
  it("send each email once", async () => {
    const addresses = ["kai@example.org", "lou@example.org", "max@example.org"];
    for (const [i, address] of addresses.entries()) {
      const phone = newPhone();
      await server.text(phone, `my email is ${address}`);
      await bookByText(phone, `haircut on Tuesday 10 March at ${i + 9}am`);
      await waitForMail(address, 1);
    }
    const second = server.appWith({});
    // Both tick at the time of the 24-hour reminders (11:30 in New York the day before), at once.
    await Promise.all([runJobs("2026-03-09T15:30:00Z"), request(second).post("/admin/jobs/run").set("Authorization", `Bearer ${server.config.adminToken}`).send({ now: "2026-03-09T15:30:00Z" })]);
    for (const address of addresses) {
      await waitForMail(address, 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(mailTo(address).map((m) => m.subject)).toEqual([expect.stringMatching(/^Confirmed/), expect.stringMatching(/^Reminder/)]);
    }
  });
});

function headerLine(mail: ReceivedMail, name: string): string {
  const line = mail.parsed.headerLines.find((h) => h.key === name);
  expect(line).toBeDefined();
  return line!.line.slice(line!.line.indexOf(":") + 1).trim();
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForRows(on: AdminServer, channel: "email", count: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const rows = await on.database.db.select().from(messages).where(eq(messages.channel, channel));
    if (rows.length >= count && rows.every((r) => r.status !== "queued" && r.status !== "sending")) return rows;
    if (Date.now() > deadline) throw new Error(`expected ${count} ${channel} row(s) sent, got ${rows.map((r) => r.status).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
