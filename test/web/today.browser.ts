/**
 * The console's Today page in a real browser: blocked time hatched with its reason in the day and
 * week views, the Day/Week switch by keyboard, the week view following bookings made by text without
 * a reload, a lapsed hold no longer drawn as live, and a staff member's own column first.
 * Each state passes axe at 1280 and 375 px (where the week becomes a list of days), with screenshots.
 */
import { eq } from "drizzle-orm";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { BookingService } from "../../src/booking/bookingService";
import { businesses, customers, services } from "../../src/db/schema";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, PHONE } from "./browser";
import { BY_TEST } from "../support/actor";

/** Monday 2 March 2026, 08:00 in New York. Alex works Monday to Friday 09–17, Sam Tuesday to Saturday 10–18. */
const NOW = "2026-03-02T13:00:00Z";

let server: ConsoleServer;
let browser: Browser;
let staff: { alex: string; sam: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  const items = (await server.admin("get", "/admin/staff")).body.items as { id: string; name: string }[];
  staff = { alex: items.find((s) => s.name === "Alex")!.id, sam: items.find((s) => s.name === "Sam")!.id };
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signedIn(email: string, name: string, role: string, staffId?: string): Promise<{ context: BrowserContext; page: Page }> {
  const res = await server.admin("post", "/admin/users", { email, name, role, ...(staffId && { staffId }) });
  expect(res.status).toBe(201);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.clock.setFixedTime(new Date(NOW));
  const page = await context.newPage();
  await page.goto(res.body.inviteUrl as string);
  await page.getByLabel("New password").fill(`${name}'s long password`);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
  return { context, page };
}

async function block(body: { staffId?: string; start: string; end: string; reason: string }): Promise<void> {
  const res = await server.admin("post", "/admin/blocked-periods", body);
  expect(res.status).toBe(201);
}

/** The column (day view: a staff member; week view: a day) labelled `name`. */
const column = (page: Page, name: string): Locator => page.getByRole("region", { name, exact: true });

const backgroundOf = (item: Locator) => item.evaluate((el) => getComputedStyle(el).backgroundImage);

describe("an owner's Today page", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await signedIn("owner@salon.test", "Olive", "owner"));
    await block({ staffId: staff.alex, start: "2026-03-03T12:00:00-05:00", end: "2026-03-03T13:00:00-05:00", reason: "Staff training" });
    await block({ start: "2026-03-04T15:00:00-05:00", end: "2026-03-04T16:30:00-05:00", reason: "Fire drill" });
  });
  afterAll(() => context.close());

  it("hatches a staff member's blocked period in their own column, with its reason, and it is not a booking", async () => {
    await page.goto(`${server.baseUrl}/console/today?date=2026-03-03`);
    await page.getByRole("heading", { name: "Tuesday, March 3, 2026" }).waitFor();
    const blocked = column(page, "Alex").getByRole("listitem").filter({ hasText: "Staff training" });
    await blocked.waitFor();
    await expect(blocked.textContent()).resolves.toBe("Blocked 12:00–13:00 for Alex: Staff training");
    await expect(backgroundOf(blocked)).resolves.toMatch(/repeating-linear-gradient/);
    await expect(column(page, "Sam").getByText("Staff training").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /Staff training/ }).count()).resolves.toBe(0);
    // Sam starts at 10:00: the hours before are shaded; Alex's hours stand beside his name.
    await expect(column(page, "Alex").getByText("09:00–17:00").count()).resolves.toBe(1);
    await expect(column(page, "Sam").locator(".off-hours").count()).resolves.toBeGreaterThan(0);
    await checkPage(page, "today-blocked");
  });

  it("shades a business-wide block in every column", async () => {
    await page.getByRole("button", { name: "Next day" }).click();
    await page.getByRole("heading", { name: "Wednesday, March 4, 2026" }).waitFor();
    for (const name of ["Alex", "Sam"]) {
      await column(page, name).getByText("Fire drill").waitFor();
      await expect(column(page, name).getByRole("listitem").filter({ hasText: "Fire drill" }).textContent()).resolves.toBe("Blocked 15:00–16:30 for everyone: Fire drill");
    }
  });

  it("switches between the day and the week with the keyboard, keeping the day", async () => {
    await page.getByRole("link", { name: "Day", exact: true }).focus();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Week");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "March 2–8, 2026" }).waitFor();
    expect(new URL(page.url()).search).toBe("?view=week&date=2026-03-04");
    await expect(page.getByRole("link", { name: "Week", exact: true }).getAttribute("aria-current")).resolves.toBe("page");
    await expect(page.getByRole("link", { name: "Day", exact: true }).getAttribute("aria-current")).resolves.toBeNull();

    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Wednesday, March 4, 2026" }).waitFor();
    await expect(page.getByRole("link", { name: "Day", exact: true }).getAttribute("aria-current")).resolves.toBe("page");
  });

  it("shades blocked periods in the week, on their days, and lists them on a phone", async () => {
    await page.goto(`${server.baseUrl}/console/today?view=week`);
    await page.getByRole("heading", { name: "March 2–8, 2026" }).waitFor();
    await expect(page.getByRole("region").evaluateAll((els) => els.map((e) => e.getAttribute("aria-labelledby")))).resolves.toEqual([
      "wk-2026-03-02", "wk-2026-03-03", "wk-2026-03-04", "wk-2026-03-05", "wk-2026-03-06", "wk-2026-03-07", "wk-2026-03-08",
    ]);
    const training = column(page, "Tue 3").getByRole("listitem").filter({ hasText: "Staff training" });
    await training.waitFor();
    await expect(training.textContent()).resolves.toBe("Blocked 12:00–13:00 for Alex: Staff training");
    await expect(backgroundOf(training)).resolves.toMatch(/repeating-linear-gradient/);
    await expect(column(page, "Wed 4").getByRole("listitem").filter({ hasText: "Fire drill" }).textContent()).resolves.toBe("Blocked 15:00–16:30 for everyone: Fire drill");
    await expect(column(page, "Mon 2").getByText("Blocked").count()).resolves.toBe(0);
    await checkPage(page, "today-week");

    await page.setViewportSize(PHONE);
    const tuesday = column(page, "Tuesday, March 3");
    await expect(tuesday.getByRole("listitem").filter({ hasText: "Staff training" }).textContent()).resolves.toBe("12:00–13:00 Blocked for Alex: Staff training");
    await expect(tuesday.getByText("Alex 09:00–17:00 · Sam 10:00–18:00").count()).resolves.toBe(1);
    await expect(column(page, "Tue 3").count()).resolves.toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("shows a booking made by text on its day of the open week, without a reload", async () => {
    await page.goto(`${server.baseUrl}/console/today?view=week`);
    await column(page, "Thu 5").waitFor();
    const loads: string[] = [];
    const onNavigated = (frame: { url(): string }) => frame === page.mainFrame() && loads.push(frame.url());
    page.on("framenavigated", onNavigated);

    const phone = "+15550107002";
    await server.text(phone, "haircut on March 5 at 11am");
    const [booked] = await server.text(phone, "yes");
    expect(booked).toMatch(/^Booked: Haircut, Thu 5 Mar, 11:00/);

    const booking = column(page, "Thu 5").getByRole("button", { name: /^11:00 Haircut .* Confirmed, until 11:30, with (Alex|Sam)$/ });
    await booking.waitFor({ timeout: 6000 });
    expect(loads).toEqual([]);
    page.off("framenavigated", onNavigated);
    await expect(column(page, "Wed 4").getByRole("button").count()).resolves.toBe(0);
    await expect(page.locator(".summary").textContent()).resolves.toBe("1 booking this week · times in America/New_York");

    await booking.click();
    const panel = page.getByRole("dialog", { name: "Haircut, 11:00–11:30" });
    await panel.waitFor();
    await expect(panel.getByText(phone).count()).resolves.toBe(1);
    await checkPage(page, "today-week-booking");
    await page.keyboard.press("Escape");
    await expect(panel.count()).resolves.toBe(0);
  });

  it("stops drawing a hold as live once its time has run out", async () => {
    // The hold is made with our real BookingService (no conversation path makes a hold without Stripe configured).
    const db = server.database.db;
    const [business] = await db.select().from(businesses);
    const [service] = await db.select().from(services).where(eq(services.name, "Colour treatment"));
    const [person] = await db.insert(customers).values({ businessId: business!.id, phone: "+15550107003", name: "Hana Hold" }).returning();
    await new BookingService(server.clock).book(db, {
      by: BY_TEST,
      businessId: business!.id,
      serviceId: service!.id,
      customerId: person!.id,
      sessions: [{ start: new Date("2026-03-06T14:00:00-05:00") }],
      status: "held",
    });
    const held = column(page, "Fri 6").getByRole("button", { name: /^14:00 Colour treatment Hana Hold Held, until 15:30, with (Alex|Sam)$/ });
    await held.waitFor({ timeout: 6000 });
    await expect(held.getAttribute("class")).resolves.toContain("status-held");
    await expect(page.locator(".summary").textContent()).resolves.toBe("2 bookings this week · times in America/New_York");

    // A day later in the browser: the server has not expired the hold (its clock stands still), the page knows better.
    await context.clock.setFixedTime(new Date("2026-03-03T13:00:00Z"));
    const lapsed = column(page, "Fri 6").getByRole("button", { name: /^14:00 Colour treatment Hana Hold Hold lapsed, until 15:30, with (Alex|Sam)$/ });
    await lapsed.waitFor({ timeout: 6000 });
    await expect(lapsed.getAttribute("class")).resolves.toContain("status-expired");
    await expect(page.locator(".summary").textContent()).resolves.toBe("1 booking this week · times in America/New_York");
    await context.clock.setFixedTime(new Date(NOW));
  });

  it("asks again as soon as a hidden tab is shown", async () => {
    await page.goto(`${server.baseUrl}/console/today?date=2026-03-05`);
    await page.getByRole("heading", { name: "Thursday, March 5, 2026" }).waitFor();
    await page.locator(".booking").first().waitFor();
    const asked: string[] = [];
    page.on("request", (r) => r.url().includes("/admin/bookings?") && asked.push(r.url()));
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    asked.length = 0;
    await page.waitForTimeout(5000);
    expect(asked).toEqual([]);
    const askedAgain = page.waitForRequest((r) => r.url().includes("/admin/bookings?"), { timeout: 1000 });
    await setHidden(false);
    await expect(askedAgain).resolves.toBeTruthy();
  });
});

describe("a staff member's Today page", () => {
  it("shows their own column first, and everyone's on request", async () => {
    const { context, page } = await signedIn("sam@salon.test", "Sam", "staff", staff.sam);
    try {
      await column(page, "Sam").waitFor();
      await expect(column(page, "Alex").count()).resolves.toBe(0);
      await expect(page.getByLabel("Staff").inputValue()).resolves.toBe(staff.sam);
      await checkPage(page, "today-own-column");

      await page.getByLabel("Staff").selectOption({ label: "All staff" });
      await column(page, "Alex").waitFor();
      expect(new URL(page.url()).search).toBe("?staff=all");

      await page.getByRole("link", { name: "Week", exact: true }).click();
      await page.getByRole("heading", { name: "March 2–8, 2026" }).waitFor();
      expect(new URL(page.url()).search).toBe("?view=week&staff=all");
      await page.getByLabel("Staff").selectOption({ label: "Sam" });
      await page.waitForURL((url) => url.search === "?view=week");
      await expect(column(page, "Thu 5").locator(".lane-names").count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});
