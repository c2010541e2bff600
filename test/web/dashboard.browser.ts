/**
 * The dashboard in a real browser: the owner opens it after a customer booked by text and finds
 * the booking counted on the day it was made, in the chart's summary and in the numbers beside
 * it; the period switches between the last 7, 30 and 90 days (by keyboard and by pointer) and the
 * address keeps it. axe finds nothing serious at 1280 and 375 px in each state.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { PHONE, checkPage, launchChromium, ownerOnToday } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  ({ context, page } = await ownerOnToday(browser, server, NOW, "owner@dash.test"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Nothing on the page is wider than a 375 px phone (the page never scrolls sideways). */
async function fitsPhone(): Promise<number> {
  await page.setViewportSize(PHONE);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  return width;
}

const headline = (name: string) => page.locator(".headline div", { has: page.locator("dt", { hasText: name }) }).locator("dd");
const bookingsRows = () => page.getByRole("region", { name: "Bookings per day, as numbers" }).getByRole("row");

describe("the dashboard", () => {
  it("counts a booking made by text on the day it was made, in the chart and beside it", async () => {
    const phone = "+15550117001";
    await server.text(phone, "haircut tomorrow at 10am");
    expect((await server.text(phone, "yes")).join("\n")).toMatch(/^Booked: Haircut, Tue 3 Mar, 10:00/);
    await server.text("+15550117002", "what are your opening hours?");

    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.getByText("1 Feb – 2 Mar 2026 · days in America/New_York").waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/dashboard");
    await expect(page.getByRole("radio", { name: "Last 30 days" }).isChecked()).resolves.toBe(true);

    await expect(headline("Bookings made").textContent()).resolves.toBe("1");
    await expect(bookingsRows().allInnerTexts()).resolves.toEqual(["Day\tMade\tAppointments", "Mon 2 Mar\t1\t0"]);
    await expect(page.getByRole("img", { name: "Bookings made per day, 1 Feb – 2 Mar 2026: 1 in total, most on Mon 2 Mar (1)." }).count()).resolves.toBe(1);
    await expect(page.getByRole("img", { name: /^Revenue and refunds per day, 1 Feb – 2 Mar 2026: \$0\.00 taken, \$0\.00 refunded\.$/ }).count()).resolves.toBe(1);
    await expect(page.getByText("No payments or refunds in this period.").count()).resolves.toBe(1);

    const conversion = page.getByRole("region", { name: "Conversion" });
    await expect(conversion.locator(".tile-value").textContent()).resolves.toBe("50%");
    await expect(conversion.locator(".tile-detail").textContent()).resolves.toBe("1 of 2 customers who first wrote in this period booked.");
    await expect(page.getByRole("region", { name: "No-shows" }).locator(".tile-value").textContent()).resolves.toBe("–");
    await expect(page.getByRole("region", { name: "LLM usage" }).locator(".tile-value").textContent()).resolves.toBe("0 turns");
    await checkPage(page, "dashboard");
    await expect(fitsPhone()).resolves.toBeLessThanOrEqual(PHONE.width);
  });

  it("switches to the last 7 days by keyboard, and keeps the period in the address", async () => {
    await page.getByRole("radio", { name: "Last 30 days" }).focus();
    await page.keyboard.press("ArrowLeft");
    await page.getByText("24 Feb – 2 Mar 2026 · days in America/New_York").waitFor();
    expect(new URL(page.url()).search).toBe("?days=7");
    await expect(page.getByRole("radio", { name: "Last 7 days" }).isChecked()).resolves.toBe(true);
    await expect(bookingsRows().allInnerTexts()).resolves.toEqual(["Day\tMade\tAppointments", "Mon 2 Mar\t1\t0"]);
    await expect(page.getByRole("img", { name: "Bookings made per day, 24 Feb – 2 Mar 2026: 1 in total, most on Mon 2 Mar (1)." }).count()).resolves.toBe(1);
    await expect(page.locator(".chart svg").first().locator("rect").count()).resolves.toBe(1);
    await checkPage(page, "dashboard-7-days");
  });

  it("switches to the last 90 days with the pointer, and opens on it from the address alone", async () => {
    await page.getByText("Last 90 days").click();
    await page.getByText("3 Dec 2025 – 2 Mar 2026 · days in America/New_York").waitFor();
    expect(new URL(page.url()).search).toBe("?days=90");
    await expect(headline("Bookings made").textContent()).resolves.toBe("1");
    await checkPage(page, "dashboard-90-days");
    await expect(fitsPhone()).resolves.toBeLessThanOrEqual(PHONE.width);

    await page.goto(`${server.baseUrl}/console/dashboard?days=7`);
    await page.getByText("24 Feb – 2 Mar 2026 · days in America/New_York").waitFor();
    await expect(page.getByRole("radio", { name: "Last 7 days" }).isChecked()).resolves.toBe(true);
  });
});
