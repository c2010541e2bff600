import { eq } from "drizzle-orm";
import { packages, promoCodes } from "../../src/db/schema";
import { redeemPromo } from "../../src/payments/promoCodes";
import { type TextingServer, startTextingServer } from "../support/textingServer";

// Monday 2 March 2026, 08:00 in New York; no Stripe: paid services are paid at the appointment.
let server: TextingServer;
let phoneCounter = 0;
const newPhone = () => `+1555400${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  server = await startTextingServer();
});
afterAll(async () => {
  await server.close();
});

async function addCode(code: string, maxUses: number, percentOff: number) {
  await server.database.db.insert(promoCodes).values({ businessId: server.businessId, code, maxUses, percentOff });
}

describe("promo codes", () => {
  it("lets exactly 25 of 30 concurrent redemptions of a 25-use code through", async () => {
    await addCode("RUSH25", 25, 10);
    const now = server.clock.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => server.database.db.transaction((tx) => redeemPromo(tx, server.businessId, "rush25", now))),
    );
    expect(results.filter(Boolean)).toHaveLength(25);
    const [code] = await server.database.db.select().from(promoCodes).where(eq(promoCodes.code, "RUSH25"));
    expect(code!.usedCount).toBe(25);
  });

  it("takes a texted code off the price in the summary and redeems it with the booking", async () => {
    await addCode("SPRING25", 5, 25);
    const phone = newPhone();
    expect(await server.text(phone, "code spring25")).toEqual(["Code SPRING25: 25% off your booking."]);
    const [summary] = await server.text(phone, "haircut tomorrow at 3pm");
    expect(summary).toBe("Haircut: Tue 3 Mar, 15:00 with Alex, $26.25 with your 25% code. Book it? (yes/no)");
    await server.text(phone, "yes");
    const [booking] = await server.bookingsOf(phone);
    expect(booking).toMatchObject({ priceCents: 2625, status: "confirmed" });
    const [code] = await server.database.db.select().from(promoCodes).where(eq(promoCodes.code, "SPRING25"));
    expect(code!.usedCount).toBe(1);
    expect(booking!.promoCodeId).toBe(code!.id);
  });

  it("says so when a code is unknown, and books at the full price", async () => {
    const phone = newPhone();
    const replies = await server.text(phone, "haircut tomorrow at 4pm, code NOPE99");
    expect(replies[0]).toBe("Sorry, the code NOPE99 isn't valid or has run out.");
    expect(replies[1]).toMatch(/\$35\.00\. Book it\?/);
  });

  it("books without payment with a 100% code", async () => {
    await addCode("FREEBIE", 1, 100);
    const phone = newPhone();
    await server.text(phone, "code FREEBIE");
    const [summary] = await server.text(phone, "colour treatment wednesday at 11am");
    expect(summary).toContain("free with your 100% code");
    const [booked] = await server.text(phone, "yes");
    expect(booked).not.toContain("Payment is at the appointment");
    expect((await server.bookingsOf(phone))[0]).toMatchObject({ priceCents: 0, paymentStatus: "none", status: "confirmed" });
  });

  it("falls back to the full price, asking again, when the code ran out before the yes", async () => {
    await addCode("LASTONE", 1, 50);
    const first = newPhone();
    const second = newPhone();
    await server.text(first, "code LASTONE");
    await server.text(second, "code LASTONE");
    await server.text(first, "haircut thursday at 2pm");
    await server.text(second, "haircut thursday at 3pm");
    expect((await server.text(first, "yes"))[0]).toMatch(/^Booked/);
    const replies = await server.text(second, "yes");
    expect(replies[0]).toBe("Sorry, the code LASTONE has just run out, so here is the full price.");
    expect(replies[1]).toMatch(/\$35\.00\. Book it\? \(yes\/no\)$/);
    expect((await server.text(second, "yes"))[0]).toMatch(/^Booked/);
    expect((await server.bookingsOf(second))[0]!.priceCents).toBe(3500);
  });
});

describe("passes (packages)", () => {
  it("sells a 3-session pass once, then draws one credit per booking, then offers a new pass", async () => {
    const phone = newPhone();
    const [offer] = await server.text(phone, "styling pass friday at 10am");
    expect(offer).toBe("Styling pass: a pass of 3 sessions for $120.00, paid once. First session: Fri 6 Mar, 10:00 with Alex. Book it? (yes/no)");
    expect((await server.text(phone, "yes"))[0]).toBe("Booked: Styling pass, Fri 6 Mar, 10:00. 2 of 3 sessions left on your pass. See you then!");
    const [second] = await server.text(phone, "blow dry next monday at 11am");
    expect(second).toBe("Styling pass: Mon 9 Mar, 11:00 with Alex, using 1 of the 2 sessions left on your pass. Book it? (yes/no)");
    expect((await server.text(phone, "yes"))[0]).toContain("1 of 3 sessions left on your pass.");
    await server.text(phone, "styling pass next tuesday at 11am");
    expect((await server.text(phone, "yes"))[0]).toContain("0 of 3 sessions left on your pass.");
    const [fourth] = await server.text(phone, "styling pass next wednesday at 11am");
    expect(fourth).toContain("a pass of 3 sessions for $120.00, paid once");
    const rows = await server.bookingsOf(phone);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.packageId)).size).toBe(1);
    const [pass] = await server.database.db.select().from(packages).where(eq(packages.id, rows[0]!.packageId!));
    expect(pass).toMatchObject({ totalCredits: 3, usedCredits: 3, status: "used_up" });
  });

  it("gives the credit back when a pass session is cancelled in time", async () => {
    const phone = newPhone();
    await server.text(phone, "styling pass next thursday at 10am");
    await server.text(phone, "yes");
    await server.text(phone, "cancel");
    await server.text(phone, "yes");
    const [booking] = await server.bookingsOf(phone);
    const [pass] = await server.database.db.select().from(packages).where(eq(packages.id, booking!.packageId!));
    expect(pass).toMatchObject({ usedCredits: 0, status: "active" });
    expect((await server.text(phone, "styling pass next friday at 10am"))[0]).toContain("using 1 of the 3 sessions left on your pass");
  });
});
