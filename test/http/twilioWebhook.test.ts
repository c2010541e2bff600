import supertest from "supertest";
import { and, eq } from "drizzle-orm";
import { bookings, customers, messages } from "../../src/db/schema";
import { signatureFor, twilioForm } from "../../scripts/twilioClient";
import { MANAGE_LINK, bookingOfManageLink } from "../support/manageLinks";
import { AUTH_TOKEN, PUBLIC_BASE_URL, type TextingServer, startTextingServer } from "../support/textingServer";

// Monday 2 March 2026, 08:00 in New York: "tomorrow" is Tuesday 3 March.
let server: TextingServer;
let phoneCounter = 0;
const newPhone = () => `+1555200${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  server = await startTextingServer();
});
afterAll(async () => {
  await server.close();
});

const numberedLines = (reply: string) => reply.split("\n").filter((line) => /^\d+\) /.test(line));

describe("POST /webhooks/twilio: booking by text", () => {
  it("books a haircut step by step: greeting, service, time, summary, yes", async () => {
    const phone = newPhone();
    const [greeting] = await server.text(phone, "hi");
    expect(greeting).toContain("What would you like to book?");
    const services = numberedLines(greeting!);
    const haircut = services.findIndex((line) => line.endsWith("Haircut")) + 1;
    expect(haircut).toBeGreaterThan(0);

    const [askDate] = await server.text(phone, String(haircut));
    expect(askDate).toMatch(/Haircut: what day and time/);

    const [summary] = await server.text(phone, "tomorrow at 3pm");
    expect(summary).toBe("Haircut: Tue 3 Mar, 15:00 with Alex, $35.00. Book it? (yes/no)");

    const [booked, link] = await server.text(phone, "yes");
    expect(booked).toMatch(/^Booked: Haircut, Tue 3 Mar, 15:00\. Payment is at the appointment\. See you then!$/);
    const rows = await server.bookingsOf(phone);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "confirmed", startAt: new Date("2026-03-03T20:00:00Z"), paymentStatus: "at_appointment", priceCents: 3500 });
    expect(link).toEqual(MANAGE_LINK);
    expect(await bookingOfManageLink(server.database, link)).toBe(rows[0]!.id);
  });

  it("goes straight to the confirmation question when everything is said at once", async () => {
    const phone = newPhone();
    const [summary] = await server.text(phone, "can I get a haircut tomorrow at 3pm?");
    expect(summary).toMatch(/^Haircut: Tue 3 Mar, 15:00 with \w+, \$35\.00\. Book it\? \(yes\/no\)$/);
  });

  it("offers the nearest free times, numbered, when the wanted time is taken, and books the one chosen by number", async () => {
    // Both staff take 11:00 on Tuesday.
    for (let i = 0; i < 2; i++) {
      const phone = newPhone();
      await server.text(phone, "haircut tomorrow at 11am");
      expect(await server.text(phone, "yes")).toEqual([expect.stringMatching(/^Booked/), MANAGE_LINK]);
    }
    const phone = newPhone();
    const [alternatives] = await server.text(phone, "haircut tomorrow at 11am");
    expect(alternatives).toMatch(/isn't free/);
    const lines = numberedLines(alternatives!);
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => /^\d\) Tue 3 Mar, \d\d:\d\d$/.test(line))).toBe(true);
    expect(lines.join(" ")).not.toContain("11:00");
    const [summary] = await server.text(phone, "2");
    expect(summary).toContain(lines[1]!.slice(3));
    await server.text(phone, "yes");
    expect(await server.bookingsOf(phone)).toHaveLength(1);
  });

  it("books every session of an immediate plan after one yes, at the service's gaps", async () => {
    const phone = newPhone();
    const [preview] = await server.text(phone, "implant on wednesday at 10am");
    expect(preview).toContain("Hair implant ($900.00 each, $2,700.00 in all):");
    expect(preview).toContain("Consultation and fitting (session 1 of 3): Wed 4 Mar, 10:00");
    expect(preview).toContain("Integration check (session 2 of 3): Wed 18 Mar, 10:00");
    expect(preview).toContain("Final fitting (session 3 of 3): Sat 18 Apr, 10:00");
    expect(preview).toMatch(/Book all 3\? \(yes\/no\)$/);
    const replies = await server.text(phone, "yep");
    expect(replies).toEqual([expect.stringMatching(/^Booked: Hair implant:\n/), MANAGE_LINK]);
    const rows = await server.bookingsOf(phone);
    expect(rows.map((r) => [r.sessionNumber, r.totalSessions, r.startAt.toISOString()])).toEqual([
      [1, 3, "2026-03-04T15:00:00.000Z"],
      [2, 3, "2026-03-18T14:00:00.000Z"],
      [3, 3, "2026-04-18T14:00:00.000Z"],
    ]);
    expect(new Set(rows.map((r) => r.sessionGroupId)).size).toBe(1);
    // One link for the plan: its first session's (the page shows every session).
    expect(await bookingOfManageLink(server.database, replies[1])).toBe(rows[0]!.id);
  });

  it("books session 1 of a sequential plan and says the next is offered after completion", async () => {
    const phone = newPhone();
    await server.text(phone, "physio thursday at 10am");
    const [booked] = await server.text(phone, "yes");
    expect(booked).toContain("We'll invite you to book session 2 once this one is done.");
    const [again] = await server.text(phone, "physio next week");
    expect(again).toMatch(/Your session 1 is on Thu 5 Mar, 10:00\. We'll invite you to book session 2 of 8/);
    expect(await server.bookingsOf(phone)).toHaveLength(1);
  });

  it("asks how many sessions of a flexible plan, takes a time for each, and books them together", async () => {
    const phone = newPhone();
    const [howMany] = await server.text(phone, "styling lessons");
    expect(howMany).toBe("Styling lessons: how many sessions would you like to book now? (1-10)");
    expect(await server.text(phone, "let's do 2")).toEqual([expect.stringMatching(/session 1 of 2/)]);
    expect(await server.text(phone, "wednesday at 2pm")).toEqual([expect.stringMatching(/session 2 of 2/)]);
    const [summary] = await server.text(phone, "friday at 2pm");
    expect(summary).toContain("Session 1 of 10: Wed 4 Mar, 14:00");
    expect(summary).toContain("Session 2 of 10: Fri 6 Mar, 14:00");
    const [booked] = await server.text(phone, "ok");
    expect(booked).toContain("2 of 10 booked, 8 remaining.");
    const [next] = await server.text(phone, "lessons");
    expect(next).toBe("Styling lessons: how many sessions would you like to book now? (1-8)");
  });

  it("lists, cancels and reschedules bookings by text in any state", async () => {
    const phone = newPhone();
    await server.text(phone, "haircut friday at 10am");
    await server.text(phone, "yes");
    expect((await server.text(phone, "my bookings"))[0]).toBe("Your upcoming bookings:\n- Haircut, Fri 6 Mar, 10:00");
    expect((await server.text(phone, "reschedule"))[0]).toMatch(/^Moving Haircut, Fri 6 Mar, 10:00\. What day and time/);
    expect((await server.text(phone, "friday at 4pm"))[0]).toBe("Move Haircut, Fri 6 Mar, 10:00 to Fri 6 Mar, 16:00? (yes/no)");
    expect((await server.text(phone, "yes"))[0]).toBe("Done: Haircut, Fri 6 Mar, 16:00. See you then!");
    const [moved] = await server.bookingsOf(phone);
    expect(moved).toMatchObject({ startAt: new Date("2026-03-06T21:00:00Z"), rescheduleCount: 1, status: "confirmed" });
    // Mid-way through another booking, "cancel" still works.
    await server.text(phone, "colour treatment");
    expect((await server.text(phone, "cancel"))[0]).toBe("Cancel Haircut, Fri 6 Mar, 16:00? (yes/no)");
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Cancelled: Haircut, Fri 6 Mar, 16:00/);
    expect((await server.bookingsOf(phone))[0]!.status).toBe("cancelled");
  });

  it("starts over on request", async () => {
    const phone = newPhone();
    await server.text(phone, "haircut");
    const [fresh] = await server.text(phone, "start over");
    expect(fresh).toMatch(/^Okay, let's start again/);
    expect(numberedLines(fresh!).length).toBeGreaterThanOrEqual(5);
  });

  it("restarts politely after a day of silence instead of answering a stale question", async () => {
    const phone = newPhone();
    await server.text(phone, "haircut tomorrow at 3pm");
    server.clock.advanceMinutes(26 * 60);
    const replies = await server.text(phone, "yes");
    expect(replies[0]).toBe("It's been a while, so let's start fresh.");
    expect(await server.bookingsOf(phone)).toHaveLength(0);
    server.clock.set("2026-03-02T13:00:00Z");
  });
});

describe("POST /webhooks/twilio: the channel", () => {
  it("refuses a bad or missing signature with 403 and stores nothing", async () => {
    const phone = newPhone();
    const form = twilioForm({ from: phone, body: "hi" });
    expect((await server.post(form, "bm90LWEtc2lnbmF0dXJl")).status).toBe(403);
    expect((await server.post(form)).status).toBe(403);
    const wrongUrl = signatureFor({ serverUrl: "", publicBaseUrl: "https://elsewhere.test", authToken: AUTH_TOKEN }, "/webhooks/twilio", form);
    const res = await server.post(form, wrongUrl);
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    const stored = await server.database.db.select().from(messages).where(eq(messages.address, phone));
    expect(stored).toHaveLength(0);
  });

  it("answers a repeated MessageSid (Twilio retrying an answer it never got) with the same replies, and changes nothing", async () => {
    const phone = newPhone();
    const messageSid = "SM0123456789abcdef0123456789abcdef";
    const first = await server.text(phone, "haircut tomorrow at 4pm", { messageSid });
    expect(first).toEqual(["Haircut: Tue 3 Mar, 16:00 with Alex, $35.00. Book it? (yes/no)"]);
    const form = twilioForm({ from: phone, body: "haircut tomorrow at 4pm", messageSid });
    const res = await server.post(form, signatureFor({ serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN }, "/webhooks/twilio", form));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/xml/);
    expect(res.text).toMatch(/<Response><Message>Haircut: Tue 3 Mar, 16:00 with Alex, \$35\.00\. Book it\? \(yes\/no\)<\/Message><\/Response>$/);
    const stored = await server.database.db.select().from(messages).where(eq(messages.address, phone));
    expect(stored.map((m) => m.direction)).toEqual(["in", "out"]);
    // The conversation did not move: a yes books the time once.
    expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Haircut, Tue 3 Mar, 16:00/);
    const [customer] = await server.database.db.select().from(customers).where(eq(customers.phone, phone));
    expect(await server.database.db.select().from(bookings).where(eq(bookings.customerId, customer!.id))).toHaveLength(1);
  });

  it("stores every inbound and outbound message, with the channel, and takes WhatsApp through Twilio", async () => {
    const phone = newPhone();
    const [reply] = await server.text(`whatsapp:${phone}`, "hello");
    expect(reply).toContain("What would you like to book?");
    const stored = await server.database.db.select().from(messages).where(eq(messages.address, `whatsapp:${phone}`)).orderBy(messages.createdAt);
    expect(stored.map((m) => [m.direction, m.channel, m.status])).toEqual([
      ["in", "whatsapp", "handled"],
      ["out", "whatsapp", "sent"],
    ]);
    const [customer] = await server.database.db.select().from(customers).where(eq(customers.phone, phone));
    expect(customer).toBeDefined();
  });

  it("honours STOP: nothing more is said to the number until START", async () => {
    const phone = newPhone();
    await server.text(phone, "hi");
    expect(await server.text(phone, "STOP")).toEqual([]);
    expect(await server.text(phone, "haircut tomorrow at 3pm")).toEqual([]);
    expect(await server.text(phone, "help")).toEqual([]);
    const [customer] = await server.database.db.select().from(customers).where(eq(customers.phone, phone));
    expect(customer!.optedOutAt).not.toBeNull();
    const out = await server.database.db.select().from(messages).where(and(eq(messages.address, phone), eq(messages.direction, "out")));
    expect(out).toHaveLength(1); // the greeting before STOP
    expect(await server.text(phone, "START")).toEqual([expect.stringMatching(/subscribed again/)]);
    expect(await server.text(phone, "help")).toEqual([expect.stringMatching(/book, move or cancel/)]);
  });

  it("answers a 5,000-character body, an empty body and a media-only message helpfully", async () => {
    const phone = newPhone();
    const long = await server.text(phone, `haircut ${"please ".repeat(800)}`.slice(0, 5000));
    expect(long).toHaveLength(1);
    const [stored] = await server.database.db.select().from(messages).where(and(eq(messages.address, phone), eq(messages.direction, "in")));
    expect(stored!.body).toHaveLength(5000);
    expect(await server.text(newPhone(), "")).toEqual([expect.stringContaining("What would you like to book?")]);
    expect(await server.text(newPhone(), "", { numMedia: 1 })).toEqual(["Sorry, I can only read text. Please type your answer."]);
  });

  describe("status callbacks", () => {
    const request = supertest;
    const sign = (path: string, form: Record<string, string>) => signatureFor({ serverUrl: "", publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN }, path, form);
    const callback = (path: string, form: Record<string, string>) => request(server.app).post(path).type("form").set("X-Twilio-Signature", sign(path, form)).send(form);

    /** An outbound message as the outbox leaves it while Twilio's answer is still on its way: no SID yet. */
    async function sendingMessage() {
      const [row] = await server.database.db
        .insert(messages)
        .values({ businessId: server.businessId, direction: "out", channel: "sms", provider: "twilio", address: newPhone(), body: "See you at 3", status: "sending", attempts: 1 })
        .returning();
      return row!;
    }
    const statusOf = async (id: string) => (await server.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;

    it("finds the message by the id in its callback URL even before its SID is stored, and stores the SID", async () => {
      const message = await sendingMessage();
      const path = `/webhooks/twilio/status?message=${message.id}`;
      await callback(path, { MessageSid: "SM00000000000000000000000000000001", MessageStatus: "delivered" }).expect(204);
      expect(await statusOf(message.id)).toMatchObject({ status: "delivered", providerMessageId: "SM00000000000000000000000000000001" });
    });

    it("never moves a status backwards when callbacks arrive out of order, and keeps a failure's code", async () => {
      const message = await sendingMessage();
      const path = `/webhooks/twilio/status?message=${message.id}`;
      const sid = "SM00000000000000000000000000000002";
      await callback(path, { MessageSid: sid, MessageStatus: "delivered" }).expect(204);
      await callback(path, { MessageSid: sid, MessageStatus: "sent" }).expect(204);
      expect((await statusOf(message.id)).status).toBe("delivered");
      // Without our id (an older message), the SID finds it.
      await callback("/webhooks/twilio/status", { MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" }).expect(204);
      expect(await statusOf(message.id)).toMatchObject({ status: "undelivered", errorCode: "30003" });
    });

    it("leaves inbound messages alone, and refuses a callback whose URL was changed after signing", async () => {
      const phone = newPhone();
      await server.text(phone, "hi", { messageSid: "SMaaaabbbbccccddddeeeeffff00001111" });
      await callback("/webhooks/twilio/status", { MessageSid: "SMaaaabbbbccccddddeeeeffff00001111", MessageStatus: "delivered" }).expect(204);
      const [inbound] = await server.database.db.select().from(messages).where(eq(messages.providerMessageId, "SMaaaabbbbccccddddeeeeffff00001111"));
      expect(inbound!.status).toBe("handled");

      const message = await sendingMessage();
      const form = { MessageSid: "SM00000000000000000000000000000003", MessageStatus: "failed" };
      const signedFor = sign("/webhooks/twilio/status", form);
      await request(server.app).post(`/webhooks/twilio/status?message=${message.id}`).type("form").set("X-Twilio-Signature", signedFor).send(form).expect(403);
      expect((await statusOf(message.id)).status).toBe("sending");
    });
  });

});

describe("POST /webhooks/twilio: concurrency", () => {
  it("handles 20 concurrent conversations; of 20 customers saying yes to one time, the two staff take two and the rest get alternatives", async () => {
    const phones = Array.from({ length: 20 }, newPhone);
    const summaries = await Promise.all(phones.map((p) => server.text(p, "haircut on thursday at 9:30am")));
    expect(summaries.every((r) => r.length === 1 && r[0]!.startsWith("Haircut: Thu 5 Mar, 09:30"))).toBe(true);
    const answers = await Promise.all(phones.map((p) => server.text(p, "yes")));
    const booked = answers.filter((r) => r[0]!.startsWith("Booked"));
    const offered = answers.filter((r) => r[0]!.startsWith("Sorry, Thu 5 Mar, 09:30 was just taken"));
    // Only Alex works at 9:30 (Sam starts at 10:00 and does not work Thursdays before then).
    expect(booked.length).toBe(1);
    expect(offered.length).toBe(19);
    expect(offered.every((r) => numberedLines(r[0]!).length === 3)).toBe(true);
  });

  it("serializes 5 concurrent messages from one number: none lost, each answered", async () => {
    const phone = newPhone();
    const bodies = ["hi", "haircut", "tomorrow", "at 2pm", "my bookings"];
    const results = await Promise.all(bodies.map((b) => server.text(phone, b)));
    expect(results.every((r) => r.length >= 1)).toBe(true);
    const stored = await server.database.db.select().from(messages).where(eq(messages.address, phone));
    expect(stored.filter((m) => m.direction === "in")).toHaveLength(5);
    expect(stored.filter((m) => m.direction === "out").length).toBe(results.flat().length);
  });
});

