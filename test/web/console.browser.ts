/**
 * The staff console in a real browser: invitation → password → Today; sign out and in; a booking
 * made by text appears in the open day view and is cancelled from it; roles shape the navigation.
 * Every page passes axe (nothing serious or critical) at 1280 and 375 px, with a screenshot of each.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, until, setPassword, contextAt } from "./browser";

/** Monday 2 March 2026, 08:00 in New York: the demo salon's day view shows Tuesday 3 March as "Next day". */
const NOW = "2026-03-02T13:00:00Z";
const OWNER_PASSWORD = "correct horse battery staple";

let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the staff console", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await contextAt(browser, NOW);
    page = await context.newPage();
  });
  afterAll(() => context.close());

  it("sets a password from an invitation link, with the API's error beside the field, and lands on Today", async () => {
    const link = await server.invite({ email: "owner@salon.test", name: "Olive Owner", role: "owner" });
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/console/set-password#`));
    await page.goto(link);
    await page.getByRole("heading", { name: "Set your password" }).waitFor();
    await checkPage(page, "set-password");

    await setPassword(page, link, "too short");
    await expect(page.locator("#password-error").textContent()).resolves.toBe("Password must be at least 12 characters.");
    await expect(page.getByLabel("New password").getAttribute("aria-invalid")).resolves.toBe("true");
    await checkPage(page, "set-password-error");

    await page.getByLabel("New password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/today");
    expect(page.url()).not.toContain("#");
    await expect(page.locator(".business").textContent()).resolves.toBe("Slotline Demo Salon");
    await page.getByRole("heading", { name: "Alex" }).waitFor();
    await checkPage(page, "today");
  });

  it("signs out, refuses a wrong password, and signs in again", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Slotline" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    await checkPage(page, "sign-in");

    await page.getByLabel("Email").fill("owner@salon.test");
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toBe("Wrong email or password");

    await page.getByLabel("Password").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
  });

  it("shows a booking made by text in the open day view without a reload, and cancels it from its panel", async () => {
    await page.getByRole("button", { name: "Next day" }).click();
    await page.getByRole("heading", { name: "Tuesday, March 3, 2026" }).waitFor();
    const loads: string[] = [];
    page.on("framenavigated", (frame) => frame === page.mainFrame() && loads.push(frame.url()));

    const phone = "+15550107001";
    await server.text(phone, "haircut on March 3 at 10am");
    const [booked] = await server.text(phone, "yes");
    expect(booked).toMatch(/^Booked: Haircut, Tue 3 Mar, 10:00/);

    const block = page.getByRole("button", { name: /^10:00–10:30 Haircut .* Confirmed$/ });
    await block.waitFor();
    expect(loads).toEqual([]);

    await block.click();
    const panel = page.getByRole("dialog", { name: "Haircut, 10:00–10:30" });
    await panel.waitFor();
    await expect(panel.getByText(phone).count()).resolves.toBe(1);
    await checkPage(page, "booking-panel");

    await panel.getByRole("button", { name: "Cancel booking…" }).click();
    await panel.locator(".fee", { hasText: /^No cancellation fee applies\.$/ }).waitFor();
    await panel.getByLabel("Reason (optional, kept on the booking)").fill("Stylist ill");
    await checkPage(page, "cancel-booking");
    await panel.getByRole("button", { name: "Confirm cancellation" }).click();
    await panel.getByText("Cancelled. The customer has been told.").waitFor();
    await page.getByRole("button", { name: /^10:00–10:30 Haircut .* Cancelled$/ }).waitFor();

    // The notice is sent after the cancellation commits: wait for it. (The server's clock stands still, so every
    // message has the same time and their order is not the order sent: look for it among them.)
    const notice = "Your Haircut, Tue 3 Mar, 10:00 has been cancelled by the business. Reply to book another time.";
    await expect(until(async () => (await server.outgoing(phone)).includes(notice))).resolves.toBe(true);

    await page.keyboard.press("Escape");
    await expect(panel.count()).resolves.toBe(0);
  });
});

describe("a staff member's console", () => {
  it("has no Settings in the navigation, and the settings address says it is not theirs", async () => {
    const staff = (await server.admin("get", "/admin/staff")).body.items as { id: string; name: string }[];
    const alex = staff.find((s) => s.name === "Alex")!;
    const link = await server.invite({ email: "alex@salon.test", name: "Alex", role: "staff", staffId: alex.id });
    const context = await contextAt(browser, NOW);
    try {
      const page = await context.newPage();
      await setPassword(page, link, "alex's long password");
      await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
      const nav = page.getByRole("navigation", { name: "Console" });
      // Notifications carries its unread count once known ("Notifications 2 unread"): the labels alone.
      const labels = (await nav.getByRole("link").allTextContents()).map((t) => t.replace(/ \d+\+? unread$/, ""));
      expect(labels).toEqual(["Today", "Notifications", "Bookings", "Plans", "Services", "Staff & hours"]);

      await page.goto(`${server.baseUrl}/console/settings`);
      await page.getByText("Your role does not give access to settings").waitFor();
      await checkPage(page, "settings-refused");
    } finally {
      await context.close();
    }
  });
});

describe("sign-in lock-out", () => {
  it("tells how long to wait after repeated wrong passwords", async () => {
    const context = await contextAt(browser, NOW);
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/console/sign-in`);
      await page.getByLabel("Email").fill("owner@salon.test");
      const alert = page.getByRole("alert");
      for (let attempt = 0; attempt < 6; attempt++) {
        await page.getByLabel("Password").fill(`wrong guess number ${attempt}`);
        await Promise.all([page.waitForResponse((r) => r.url().endsWith("/console/api/sign-in")), page.getByRole("button", { name: "Sign in" }).click()]);
        if ((await alert.textContent())?.startsWith("Too many")) break;
      }
      await expect(alert.textContent()).resolves.toMatch(/^Too many wrong passwords\. Sign-in is paused for 15 minutes: try again at /);
      await checkPage(page, "sign-in-locked");
    } finally {
      await context.close();
    }
  });
});
