/**
 * The console's Plans page in a real browser: customers book the demo salon's multi-session
 * services by text, staff close sessions through the API, and the owner sees each plan's progress
 * (numbers beside the bar), its next step and its sessions, grouped by status; filters by status
 * and customer; a bad filter in the address is answered beside its field. axe and screenshots at
 * 1280 and 375 px for every state.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, ownerOnToday } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const IMPLANT = "+15550117001";
const PHYSIO = "+15550117002";
const DONE_IMPLANT = "+15550117003";

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

interface BookingJson {
  id: string;
  sessionNumber: number | null;
  start: string;
}

async function bookingsOf(phone: string): Promise<BookingJson[]> {
  const res = await server.admin("get", `/admin/bookings?phone=${encodeURIComponent(phone)}`);
  return res.body.items as BookingJson[];
}

async function bookByText(phone: string, request: string): Promise<BookingJson[]> {
  await server.text(phone, request);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^Booked: /);
  return bookingsOf(phone);
}

async function complete(bookingId: string): Promise<void> {
  expect((await server.admin("post", `/admin/bookings/${bookingId}/complete`)).body.status).toBe("completed");
}

const card = (phone: string) => page.getByRole("article", { name: new RegExp(`for \\${phone}$`) });
const numbers = (phone: string) => card(phone).getByRole("list", { name: /^Progress of / }).getByRole("listitem").allTextContents();
const nextStep = (phone: string) => card(phone).locator(".next-step").textContent();
const headings = () => page.getByRole("heading", { level: 2 }).allTextContents();

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);

  // An implant plan with session 1 done; a physio plan whose session 1 is done (session 2 offered); an implant plan all done.
  const implant = await bookByText(IMPLANT, "implant on wednesday at 10am");
  await complete(implant[0]!.id);
  const physio = await bookByText(PHYSIO, "scalp physio on March 9 at 11am");
  await complete(physio[0]!.id);
  for (const b of await bookByText(DONE_IMPLANT, "implant on thursday at 2pm")) await complete(b.id);

  ({ context, page } = await ownerOnToday(browser, server, NOW, "owner@plans.test"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("the Plans page", () => {
  it("groups the plans booked by text, active first, with progress numbers beside each bar and the next step in words", async () => {
    await page.getByRole("link", { name: "Plans" }).click();
    await page.getByRole("heading", { name: "Plans", level: 1 }).waitFor();
    await card(IMPLANT).waitFor();
    expect(await headings()).toEqual(["Active (2)", "Completed (1)"]);

    expect(await numbers(IMPLANT)).toEqual(["1 completed", "2 booked", "0 remaining", "of 3 sessions"]);
    expect(await nextStep(IMPLANT)).toBe("Next: Session 2 (Integration check) on Wed 18 Mar 2026, 10:00. Open the booking of session 2");
    expect(await card(IMPLANT).getByText("All 3 sessions booked together, at set gaps").count()).toBe(1);
    expect(await card(IMPLANT).locator(".plan-sessions li").allTextContents()).toEqual([
      "Session 1 (Consultation and fitting)Wed 4 Mar 2026, 10:00Completed",
      "Session 2 (Integration check)Wed 18 Mar 2026, 10:00Confirmed",
      "Session 3 (Final fitting)Sat 18 Apr 2026, 10:00Confirmed",
    ]);

    expect(await numbers(PHYSIO)).toEqual(["1 completed", "0 booked", "7 remaining", "of 8 sessions"]);
    expect(await nextStep(PHYSIO)).toBe("Next: The customer was invited to book session 2 when session 1 was done; waiting for them to choose a time.");
    expect(await card(PHYSIO).locator(".unbooked").textContent()).toBe("Sessions 2–8: not booked yet");

    expect(await numbers(DONE_IMPLANT)).toEqual(["3 completed", "0 booked", "0 remaining", "of 3 sessions"]);
    expect(await nextStep(DONE_IMPLANT)).toBe("Next: Nothing: every session is done.");
    await checkPage(page, "plans");
  });

  it("links each session to its booking", async () => {
    const [first] = await bookingsOf(IMPLANT);
    await card(IMPLANT).getByRole("link", { name: "Session 1 (Consultation and fitting)" }).click();
    await page.waitForURL(`**/console/bookings/${first!.id}`);
    await page.goBack();
    await card(IMPLANT).waitFor();
  });

  it("filters by status", async () => {
    await page.getByLabel("Status").selectOption("completed");
    await page.waitForURL("**/console/plans?status=completed");
    await page.getByText("1 plan matches").waitFor();
    expect(await headings()).toEqual(["Completed (1)"]);
    await expect(card(DONE_IMPLANT).count()).resolves.toBe(1);
    await checkPage(page, "plans-completed");
  });

  it("searches by customer, and says when nothing matches", async () => {
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByText("3 plans", { exact: true }).waitFor();
    await page.getByLabel("Customer").fill(PHYSIO.slice(-7));
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("1 plan matches").waitFor();
    expect(await page.getByRole("article").count()).toBe(1);
    await expect(card(PHYSIO).count()).resolves.toBe(1);
    await checkPage(page, "plans-search");

    await page.getByLabel("Customer").fill("nobody at all");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText("No plan matches these filters.").waitFor();
    await checkPage(page, "plans-none");
  });

  it("shows the API's complaint about a bad status in the address beside the status field", async () => {
    await page.goto(`${server.baseUrl}/console/plans?status=finished`);
    const error = page.locator("#plans-status-error");
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/active|completed|cancelled/);
    await expect(page.getByLabel("Status").getAttribute("aria-invalid")).resolves.toBe("true");
    await checkPage(page, "plans-bad-status");
  });
});
