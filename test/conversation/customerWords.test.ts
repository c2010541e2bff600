/**
 * What customers met in the field, through the real engine and database (PGlite, or PostgreSQL
 * with DATABASE_URL): long messages whose day is said beside chatter, clock times with minutes
 * and in other styles, a weekday whose hour is gone, times that are closed rather than taken, a
 * generic word that is not our service, numeric dates by country, and iPhone reactions.
 *
 * The demo salon in New York: Alex works Mon-Fri 09:00-17:00, Sam Tue-Sat 10:00-18:00; notice
 * 60 minutes, horizon 120 days. The clock starts on Monday 2 March 2026, 08:00 in New York.
 */
import { eq } from "drizzle-orm";
import { businesses, serviceStaff, services, staff } from "../../src/db/schema";
import { MANAGE_LINK } from "../support/manageLinks";
import { type TextingServer, startTextingServer } from "../support/textingServer";

let server: TextingServer;
let phoneCounter = 0;
const newPhone = () => `+1555700${String(++phoneCounter).padStart(4, "0")}`;
const START = "2026-03-02T13:00:00Z";
const numbered = (reply: string | undefined) => (reply ?? "").split("\n").filter((line) => /^\d+\) /.test(line));

beforeAll(async () => {
  server = await startTextingServer(START);
  const db = server.database.db;
  const [beard] = await db
    .insert(services)
    .values({ businessId: server.businessId, name: "Beard Trim", aliases: ["beard"], durationMinutes: 20, priceCents: 2000, currency: "USD" })
    .returning();
  const team = await db.select().from(staff).where(eq(staff.businessId, server.businessId));
  await db.insert(serviceStaff).values(team.map((s) => ({ serviceId: beard!.id, staffId: s.id })));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.clock.set(new Date(START));
});

describe("the day the customer asked for", () => {
  it("books Friday at 14:00 from a long message that also says 'for a while now'", async () => {
    const phone = newPhone();
    const [summary] = await server.text(
      phone,
      "Hi there, I was wondering whether I could get a haircut on Friday at 2pm. My previous stylist moved away and I have been looking for somebody new for a while now, so please bear with me.",
    );
    expect(summary).toMatch(/^Haircut: Fri 6 Mar, 14:00 with \w+, \$35\.00\. Book it\? \(yes\/no\)$/);
    expect(await server.text(phone, "yes")).toEqual([expect.stringMatching(/^Booked: Haircut, Fri 6 Mar, 14:00/), MANAGE_LINK]);
    expect((await server.bookingsOf(phone)).map((b) => b.startAt)).toEqual([new Date("2026-03-06T19:00:00Z")]);
  });

  it("offers Thursday at 11:00 when the message adds 'I can come in right now too'", async () => {
    const [summary] = await server.text(newPhone(), "haircut Thursday at 11 please. I can come in right now too");
    expect(summary).toMatch(/^Haircut: Thu 5 Mar, 11:00 with/);
  });

  it("means next Monday when Monday's hour has already gone today", async () => {
    server.clock.set(new Date("2026-03-02T16:30:00Z")); // Monday 11:30
    const [summary] = await server.text(newPhone(), "haircut monday at 10am");
    expect(summary).toMatch(/^Haircut: Mon 9 Mar, 10:00 with Alex/);
  });
});

describe("clock times with minutes and in other styles", () => {
  it.each([
    ["Saturday @ 4:45 beard", /^Beard Trim: Sat 7 Mar, 16:45 with Sam, \$20\.00\./],
    ["beard trim tuesday 10.15", /^Beard Trim: Tue 3 Mar, 10:15 with/],
    ["haircut tomorrow at 1430", /^Haircut: Tue 3 Mar, 14:30 with/],
    ["haircut wednesday 14.30", /^Haircut: Wed 4 Mar, 14:30 with/],
    ["haircut thursday 9.30am", /^Haircut: Thu 5 Mar, 09:30 with Alex/],
    ["haircut friday half 3", /^Haircut: Fri 6 Mar, 15:30 with/],
    ["haircut in 3 days at 2pm", /^Haircut: Thu 5 Mar, 14:00 with/],
  ])("%j → %s", async (message, expected) => {
    const [summary] = await server.text(newPhone(), message);
    expect(summary).toMatch(expected);
  });

  it("reads 'in 2 weeks' as Monday 16 March and offers that day's times", async () => {
    const [offer] = await server.text(newPhone(), "haircut in 2 weeks");
    const lines = numbered(offer);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/\) Mon 16 Mar, /);
  });
});

describe("a time that cannot be booked says why, then the nearest free times", () => {
  it.each([
    ["haircut today at 5pm", "Sorry, we're open 09:00-17:00 on Mon 2 Mar. Nearest free times:"],
    ["haircut next monday at 6pm", "Sorry, we're open 09:00-17:00 on Mon 9 Mar. Nearest free times:"],
    ["haircut tuesday at 7am", "Sorry, we're open 09:00-18:00 on Tue 3 Mar. Nearest free times:"],
    ["haircut sunday at 11", "Sorry, we're closed on Sun 8 Mar. Nearest free times:"],
    ["haircut today at 7am", "Sorry, Mon 2 Mar, 07:00 has already passed. Nearest free times:"],
    ["haircut today at 8:30am", "Sorry, Mon 2 Mar, 08:30 is too soon: we need 1 hour's notice. Nearest free times:"],
    ["haircut on 20 august at 10am", "Sorry, we book up to 120 days ahead. Nearest free times:"],
  ])("%j", async (message, intro) => {
    const [reply] = await server.text(newPhone(), message);
    expect(reply!.split("\n")[0]).toBe(intro);
    expect(numbered(reply)).toHaveLength(3);
    expect(reply).not.toMatch(/isn't free/);
  });

  it("still says a booked time isn't free", async () => {
    for (let i = 0; i < 2; i++) {
      const phone = newPhone();
      await server.text(phone, "haircut wednesday at 11am");
      expect(await server.text(phone, "yes")).toEqual([expect.stringMatching(/^Booked/), MANAGE_LINK]);
    }
    const [reply] = await server.text(newPhone(), "haircut wednesday at 11am");
    expect(reply).toMatch(/^That time isn't free\. Nearest free times:\n/);
  });
});

describe("a service we may not offer", () => {
  it("asks which service instead of starting Styling lessons for 'driving lessons'", async () => {
    const phone = newPhone();
    const [reply] = await server.text(phone, "I want driving lessons");
    expect(reply).toMatch(/^Sorry, I'm not sure which service you mean\. Reply with a number:\n1\) /);
    expect(reply).toContain(") Styling lessons");
    const haircut = numbered(reply).find((line) => line.endsWith(") Haircut"))!.split(")")[0]!;
    const [next] = await server.text(phone, haircut);
    expect(next).toMatch(/^Haircut: what day and time/);
  });

  it("still books lessons asked for without another word", async () => {
    const [reply] = await server.text(newPhone(), "can I book 2 lessons");
    expect(reply).toMatch(/Styling lessons/);
  });
});

describe("iPhone and Android reactions", () => {
  // Each test asks for its own day and hour, so none finds its time taken by another.
  let asked = 0;
  const summaryFor = async (phone: string) => {
    const day = ["tuesday", "thursday", "friday"][asked % 3];
    const hour = 12 + Math.floor(asked++ / 3);
    const [summary] = await server.text(phone, `haircut ${day} at ${hour}:00`);
    expect(summary).toMatch(/Book it\? \(yes\/no\)$/);
    return summary!;
  };

  it("books on Liked “…” and ignores the quoted text", async () => {
    const phone = newPhone();
    const summary = await summaryFor(phone);
    const [booked] = await server.text(phone, `Liked “${summary}”`);
    expect(booked).toMatch(/^Booked: Haircut, Tue 3 Mar, 12:00/);
    expect(await server.bookingsOf(phone)).toHaveLength(1);
    // A reaction to the confirmation needs no answer, and books nothing more.
    expect(await server.text(phone, `Loved “${booked}”`)).toEqual([]);
    expect(await server.bookingsOf(phone)).toHaveLength(1);
  });

  it.each(["Loved", "Emphasized", "Reacted 👍 to"])("books on %s", async (verb) => {
    const phone = newPhone();
    const summary = await summaryFor(phone);
    expect(await server.text(phone, `${verb} “${summary}”`)).toEqual([expect.stringMatching(/^Booked/), MANAGE_LINK]);
  });

  it.each(["Disliked", "Reacted 👎 to"])("declines on %s", async (verb) => {
    const phone = newPhone();
    const summary = await summaryFor(phone);
    expect(await server.text(phone, `${verb} “${summary}”`)).toEqual(["No problem. What other day or time would suit you?"]);
    expect(await server.bookingsOf(phone)).toHaveLength(0);
  });

  it.each(["Questioned", "Laughed at", "Reacted 😮 to"])("asks again in other words on %s", async (verb) => {
    const phone = newPhone();
    const summary = await summaryFor(phone);
    expect(await server.text(phone, `${verb} “${summary}”`)).toEqual(['Please reply "yes" to book it or "no" to choose another time.']);
    expect(await server.bookingsOf(phone)).toHaveLength(0);
  });

  it("never picks an option from a list it quotes", async () => {
    const phone = newPhone();
    const [menu] = await server.text(phone, "hi");
    const [again] = await server.text(phone, `Loved “${menu}”`);
    expect(again).toMatch(/^Sorry, I didn't catch the service/);
    const [times] = await server.text(phone, "haircut tomorrow");
    expect(numbered(times).length).toBeGreaterThan(1);
    expect(await server.text(phone, `Liked “${times}”`)).toEqual(["Sorry, which one? Reply with its number, or tell me another day or time."]);
  });

  it("asks for the day again in other words when a reaction answers the day question", async () => {
    const phone = newPhone();
    const [question] = await server.text(phone, "haircut");
    expect(await server.text(phone, `Liked “${question}”`)).toEqual(['Which day and time would suit you for Haircut? For example "Friday at 3pm".']);
  });
});

describe("numeric dates follow the business's country", () => {
  const setBusiness = (values: Partial<typeof businesses.$inferInsert>) => server.database.db.update(businesses).set(values).where(eq(businesses.id, server.businessId));
  afterEach(async () => {
    await setBusiness({ country: null, timezone: "America/New_York" });
  });

  it("reads 3/4 as 4 March in the United States", async () => {
    const [summary] = await server.text(newPhone(), "haircut 3/4 at 2pm");
    expect(summary).toMatch(/^Haircut: Wed 4 Mar, 14:00/);
  });

  it("reads 3/4 as 3 April for a business in Australia", async () => {
    await setBusiness({ country: "AU" });
    const [summary] = await server.text(newPhone(), "haircut 3/4 at 2pm");
    expect(summary).toMatch(/^Haircut: Fri 3 Apr, 14:00/);
  });

  it("asks which day 3/4 is when the country writes both orders, and keeps the service", async () => {
    await setBusiness({ country: "CA" });
    const phone = newPhone();
    const replies = await server.text(phone, "haircut 3/4 at 2pm");
    expect(replies).toEqual(['Did you mean Wed 4 Mar or Fri 3 Apr by 3/4? Please write the month, e.g. "3 Apr".', expect.stringMatching(/^Haircut: what day and time/)]);
    const [summary] = await server.text(phone, "3 april at 2pm");
    expect(summary).toMatch(/^Haircut: Fri 3 Apr, 14:00/);
  });
});
