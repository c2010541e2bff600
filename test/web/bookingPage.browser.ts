/**
 * The customers' booking page (/b/:slug) in a real browser: a haircut booked on a phone-sized
 * screen; an immediate 3-session plan with its whole schedule shown first; a visitor in Berlin sees
 * each New York time on their own clock too, both zones named; the whole flow with JavaScript off;
 * a time taken meanwhile (booked through the public API between choosing and sending) gives the
 * nearest free times. Every page passes axe (nothing serious or critical) at 1280 and 375 px, with a
 * screenshot of each (with JavaScript on: axe is a script). A paid service goes to the fake Stripe's
 * Checkout page, and once paid the browser lands on the payment's confirmation (a second server, with
 * the fake Stripe: in the first, paid services are paid at the appointment).
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { rateLimitHits } from "../../src/db/schema";
import { PHONE, checkPage, launchChromium } from "./browser";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const SLUG = "slotline-demo-salon";

let server: ConsoleServer;
let browser: Browser;
let phoneCounter = 0;
const newPhone = () => `+1555919${String(++phoneCounter).padStart(4, "0")}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// Every POST here comes from 127.0.0.1: each test starts with a fresh count.
beforeEach(async () => {
  await server.database.db.delete(rateLimitHits);
});

async function open(options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "America/New_York", ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.baseUrl}/b/${SLUG}`);
  return { context, page };
}

/** Service → day → time, by the page's own links. */
async function choose(page: Page, service: string, day: RegExp, time: RegExp): Promise<void> {
  await page.getByRole("link", { name: `Choose ${service}` }).click();
  await page.getByRole("heading", { name: `Choose a day for ${service}` }).waitFor();
  await page.getByRole("link", { name: day }).click();
  await page.getByRole("heading", { name: /^Free times on / }).waitFor();
  await page.getByRole("link", { name: time }).click();
  await page.getByRole("heading", { name: "Your details" }).waitFor();
}

async function fillDetails(page: Page, name: string, phone: string): Promise<void> {
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Mobile phone").fill(phone);
}

describe("the booking page", () => {
  it("books a haircut on a phone, each step loading in place", async () => {
    const { context, page } = await open({ viewport: PHONE });
    await page.getByRole("heading", { name: "Slotline Demo Salon" }).waitFor();
    await checkPage(page, "booking-home");
    await page.setViewportSize(PHONE);
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await choose(page, "Haircut", /^Tuesday 3 March 2026/, /^10:00$/);
    // The script fetched each step: the page was never reloaded.
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(page.url()).toContain("start=2026-03-03T15%3A00%3A00.000Z");
    await expect(page.locator("#details").textContent()).resolves.toContain("Cancellation policy");
    await checkPage(page, "booking-form");
    await page.setViewportSize(PHONE);

    await fillDetails(page, "Ann Lee", "(555) 919-0001");
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    await expect(page.getByRole("link", { name: "Add to calendar (.ics)" }).getAttribute("href")).resolves.toMatch(/^\/m\/[A-Za-z0-9_-]{44}\/calendar\.ics$/);
    await expect(page.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href")).resolves.toContain("dates=20260303T150000Z%2F20260303T153000Z");
    await checkPage(page, "booking-confirmation");

    await page.getByRole("link", { name: "See, move or cancel your booking" }).click();
    await page.getByRole("heading", { name: "Your booking" }).waitFor();
    await context.close();
  });

  it("books an immediate 3-session plan, its whole schedule shown before booking", async () => {
    const { context, page } = await open();
    await choose(page, "Hair implant", /^Wednesday 4 March 2026/, /^10:00$/);
    const schedule = page.locator("ol.schedule li");
    await expect(schedule.allTextContents()).resolves.toEqual([
      "Consultation and fitting (session 1 of 3)Wednesday 4 March 2026, 10:00–11:00",
      "Integration check (session 2 of 3)Wednesday 18 March 2026, 10:00–11:00",
      expect.stringMatching(/^Final fitting \(session 3 of 3\)\w+ \d+ April 2026, 10:00–11:00$/),
    ]);
    await checkPage(page, "booking-plan");

    await page.getByRole("button", { name: "Book all 3 sessions" }).click();
    await page.locator("#phone-error").waitFor();
    await checkPage(page, "booking-errors");

    await fillDetails(page, "Bo Chen", newPhone());
    await page.getByRole("button", { name: "Book all 3 sessions" }).click();
    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    await expect(page.locator("ol.schedule li").count()).resolves.toBe(3);
    await context.close();
  });

  it("shows a visitor in Berlin each time on their own clock too, with both zones named", async () => {
    const { context, page } = await open({ timezoneId: "Europe/Berlin" });
    await page.getByRole("link", { name: "Choose Haircut" }).click();
    await page.getByRole("link", { name: /^Tuesday 3 March 2026/ }).click();
    await page.getByRole("link", { name: "10:00 (16:00 your time)" }).waitFor();
    await expect(page.locator("#times .zone-note").textContent()).resolves.toBe("Times are in New York time (America/New_York); in brackets, your time (Europe/Berlin).");
    await page.getByRole("link", { name: "17:30 (23:30 your time)" }).waitFor();
    await page.getByRole("link", { name: "10:00 (16:00 your time)" }).click();
    await expect(page.locator("#details time").first().textContent()).resolves.toBe("10:00–10:30 (16:00 your time)");
    await checkPage(page, "booking-other-zone");
    await context.close();
  });

  it("works end to end with JavaScript off, errors beside their fields", async () => {
    const { context, page } = await open({ javaScriptEnabled: false, timezoneId: "Europe/Berlin" });
    await choose(page, "Haircut", /^Friday 6 March 2026/, /^10:00$/);
    // Without the script, times stay on the business's clock, named.
    await expect(page.locator("#details .zone-note").textContent()).resolves.toBe("Times are in New York time (America/New_York).");

    await page.getByLabel("Mobile phone").fill("12");
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.locator("#name-error").waitFor();
    await expect(page.getByLabel("Your name").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByLabel("Mobile phone").inputValue()).resolves.toBe("12");
    // (axe runs as a script, so this page is checked with JavaScript on below.)

    await fillDetails(page, "Cy Park", newPhone());
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    await expect(page.locator("dd").first().textContent()).resolves.toBe("Haircut");
    await context.close();
  });

  it("offers the nearest free times when the chosen one is taken before the form is sent", async () => {
    const { context, page } = await open();
    await choose(page, "Haircut", /^Thursday 5 March 2026/, /^11:00$/);
    const serviceId = await page.locator('input[name="serviceId"]').getAttribute("value");
    // Both staff members free at 11:00 are booked through the public API meanwhile.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.baseUrl}/api/public/${SLUG}/bookings`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ serviceId, start: "2026-03-05T11:00:00-05:00", name: "Quick", phone: newPhone() }),
      });
      expect(res.status).toBe(201);
    }

    await fillDetails(page, "Di Ray", newPhone());
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.getByText("Sorry, this time was just taken: Thursday 5 March 2026 at 11:00.").waitFor();
    await expect(page.getByLabel("Your name").inputValue()).resolves.toBe("Di Ray");
    const nearest = page.getByRole("radio");
    await expect(nearest.count()).resolves.toBeGreaterThan(1);
    await expect(page.getByRole("radio", { name: /11:00–11:30/ }).count()).resolves.toBe(0);
    await checkPage(page, "booking-taken");

    await page.getByRole("radio", { name: "Thursday 5 March 2026, 11:30–12:00" }).check();
    await page.getByRole("button", { name: "Book", exact: true }).click();
    await page.getByRole("heading", { name: "You're booked" }).waitFor();
    await expect(page.locator("dd").nth(1).textContent()).resolves.toBe("Thursday 5 March 2026, 11:30–12:00");
    await context.close();
  });
});

describe("a paid service on the booking page", () => {
  let paying: ConsoleServer;
  beforeAll(async () => {
    paying = await startConsoleServer(NOW, { stripe: true });
  });
  afterAll(() => paying?.close());

  it("goes to Stripe Checkout, and once paid lands on the confirmation; the customer is texted the booking and its manage link", async () => {
    const context = await browser.newContext({ viewport: PHONE, timezoneId: "America/New_York" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${paying.baseUrl}/b/${SLUG}`);
    await choose(page, "Colour treatment", /^Tuesday 3 March 2026/, /^10:00$/);
    const phone = newPhone();
    await fillDetails(page, "Cy Park", phone);
    await page.getByRole("button", { name: "Continue to payment" }).click();

    // The fake Stripe's hosted page, at the top level of the browser.
    await page.waitForURL(`${paying.stripe!.url}/pay/**`);
    const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);
    await page.getByText("Pay 12000 USD").waitFor();
    const held = (await paying.admin("get", `/admin/bookings?phone=${encodeURIComponent(phone)}`)).body.items as { status: string }[];
    expect(held.map((b) => b.status)).toEqual(["pending_payment"]);

    // The customer pays: Stripe sends the customer back to the success URL and delivers the signed event.
    expect((await paying.deliverStripeEvent(paying.stripe!.complete(sessionId))).status).toBe(200);
    await page.goto(paying.stripe!.sessions.get(sessionId)!.success_url!);
    await page.getByRole("heading", { name: "Payment received" }).waitFor();
    await checkPage(page, "booking-paid");

    const booked = (await paying.admin("get", `/admin/bookings?phone=${encodeURIComponent(phone)}`)).body.items as { status: string; payment: { status: string } }[];
    expect(booked.map((b) => [b.status, b.payment.status])).toEqual([["confirmed", "paid"]]);
    const texts = ((await paying.admin("get", `/admin/messages?phone=${encodeURIComponent(phone)}`)).body.items as { direction: string; body: string }[]).map((m) => m.body);
    expect(texts.some((t) => t.startsWith("Payment received. You're booked: Colour treatment, Tue 3 Mar, 10:00"))).toBe(true);
    expect(texts.some((t) => /^Manage your booking: http:\/\/127\.0\.0\.1:\d+\/m\/[A-Za-z0-9_-]{44}$/.test(t))).toBe(true);
    await context.close();
  });
});
