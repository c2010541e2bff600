/**
 * The Staff & hours page in a real browser: an owner gives Alex a lunch break (with the API's error
 * beside the range it names first), then blocks a day over bookings made by text and sees, before
 * saving, which booking moves to its backup time and which customer is asked to pick another; once
 * saved, the period is listed. A staff member sees the same page read-only. Every state passes axe
 * at 1280 and 375 px.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const PASSWORD = "correct horse battery staple";

let server: ConsoleServer;
let browser: Browser;
let staff: { id: string; name: string }[];

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  staff = (await server.admin("get", "/admin/staff")).body.items;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A signed-in browser page for a new console user, on the Staff & hours page. */
async function openAs(body: object): Promise<{ context: BrowserContext; page: Page }> {
  const invited = await server.admin("post", "/admin/users", { name: "Someone", ...body });
  expect(invited.status).toBe(201);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.clock.setFixedTime(new Date(NOW));
  const page = await context.newPage();
  await page.goto(invited.body.inviteUrl);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
  await page.getByRole("link", { name: "Staff & hours" }).click();
  await page.getByRole("heading", { name: "Staff & hours", level: 1 }).waitFor();
  return { context, page };
}

/** A Haircut booked by text; with `backup`, the customer gives a backup time too. */
async function bookedByText(phone: string, when: string, backup?: string): Promise<{ id: string; staffId: string; start: string }> {
  await server.text(phone, `haircut on ${when}`);
  expect((await server.text(phone, "yes"))[0]).toMatch(/^Booked: Haircut/);
  if (backup) expect((await server.text(phone, `backup ${backup}`))[0]).toMatch(/^Noted: /);
  const res = await server.admin("get", `/admin/bookings?phone=${encodeURIComponent(phone)}`);
  return res.body.items[0];
}

describe("an owner on Staff & hours", () => {
  let context: BrowserContext;
  let page: Page;
  const alex = () => staff.find((s) => s.name === "Alex")!;

  beforeAll(async () => {
    ({ context, page } = await openAs({ email: "owner@hours.test", role: "owner" }));
  });
  afterAll(() => context.close());

  it("shows the team and Alex's week, Monday to Sunday, with the days off closed", async () => {
    await page.getByRole("heading", { name: "Team" }).waitFor();
    await expect(page.getByLabel("Staff member", { exact: true }).inputValue()).resolves.toBe(alex().id);
    const hours = page.getByRole("form", { name: "Weekly hours of Alex" });
    await hours.getByLabel("From (Monday)").waitFor();
    await expect(hours.locator("legend").allTextContents()).resolves.toEqual(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]);
    await expect(hours.getByLabel("Until (Friday)").inputValue()).resolves.toBe("17:00");
    await expect(hours.getByRole("group", { name: "Saturday" }).getByText("Closed").count()).resolves.toBe(1);
    await checkPage(page, "staff");
  });

  it("gives Alex a lunch break on Monday; the API's error shows beside the range it names", async () => {
    const hours = page.getByRole("form", { name: "Weekly hours of Alex" });
    await hours.getByLabel("Until (Monday)").fill("12:00");
    await hours.getByRole("button", { name: "Add hours on Monday" }).click();
    await hours.getByLabel("From (Monday range 2)").fill("13:00");
    await hours.getByLabel("Until (Monday range 2)").fill("17:00");
    await hours.getByLabel("Until (Tuesday)").fill("25:00");
    await hours.getByRole("button", { name: "Save Alex's hours" }).click();

    const tuesday = hours.getByRole("group", { name: "Tuesday" });
    await expect(tuesday.locator(".field-error").textContent()).resolves.toBe('Until must be a time like "09:00" (24:00 for midnight)');
    await expect(tuesday.getByLabel("Until (Tuesday)").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(hours.getByRole("group", { name: "Monday" }).locator(".field-error").count()).resolves.toBe(0);
    await checkPage(page, "staff-hours-error");

    await hours.getByLabel("Until (Tuesday)").fill("17:00");
    await hours.getByRole("button", { name: "Save Alex's hours" }).click();
    await hours.getByText("Hours saved.").waitFor();
    const saved = (await server.admin("get", `/admin/staff/${alex().id}/availability`)).body.rules as { weekday: number; start: string; end: string }[];
    expect(saved.filter((r) => r.weekday === 1)).toEqual([
      { weekday: 1, start: "09:00", end: "12:00" },
      { weekday: 1, start: "13:00", end: "17:00" },
    ]);
    expect(saved.filter((r) => r.weekday === 2)).toEqual([{ weekday: 2, start: "09:00", end: "17:00" }]);
    await checkPage(page, "staff-hours-saved");
  });

  it("blocks a day over bookings made by text, showing before saving what happens to each, then lists it", async () => {
    const moved = await bookedByText("+15550171001", "March 3 at 10am", "wednesday at 2pm");
    const asked = await bookedByText("+15550171002", "March 3 at 11am");
    expect(asked.staffId).toBe(moved.staffId);
    const who = staff.find((s) => s.id === moved.staffId)!.name;

    const form = page.getByRole("form", { name: "Block time" });
    await form.getByLabel("Who").selectOption({ label: who });
    await form.getByLabel("From").fill("2026-03-03T00:00");
    await form.getByLabel("Until").fill("2026-03-04T00:00");
    await form.getByLabel("Reason (optional, staff only)").fill("Training");
    await form.getByRole("button", { name: "Check affected bookings" }).click();

    const preview = form.getByRole("region", { name: "2 bookings would be affected" });
    await preview.waitFor();
    const items = preview.getByRole("listitem");
    await expect(items.nth(0).textContent()).resolves.toBe(`Tue 3 Mar, 10:00–10:30 · Haircut with ${who} · +15550171001Moves to the customer's backup time, Wed 4 Mar, 14:00; they are told.`);
    await expect(items.nth(1).textContent()).resolves.toBe(`Tue 3 Mar, 11:00–11:30 · Haircut with ${who} · +15550171002The customer is asked to pick another time; the booking stays until they do.`);
    await checkPage(page, "staff-block-preview");

    // Nothing has happened yet: the booking is where it was, and nothing is blocked.
    expect((await server.admin("get", `/admin/bookings/${moved.id}`)).body.start).toBe("2026-03-03T10:00:00-05:00");
    const tuesday = `from=${encodeURIComponent("2026-03-03T00:00:00-05:00")}&to=${encodeURIComponent("2026-03-04T00:00:00-05:00")}`;
    expect((await server.admin("get", `/admin/blocked-periods?${tuesday}`)).body.items).toEqual([]);

    await preview.getByRole("button", { name: `Block this time (${who})` }).click();
    await page.getByText("Blocked. 2 customers have been told.").waitFor();
    const listed = page.getByRole("list", { name: "Blocked periods" }).getByRole("listitem");
    await expect(listed.allTextContents()).resolves.toEqual([`Tue 3 Mar, 00:00 – Wed 4 Mar, 00:00${who} · TrainingUnblock Tue 3 Mar, 00:00 – Wed 4 Mar, 00:00, ${who}`]);
    expect((await server.admin("get", `/admin/bookings/${moved.id}`)).body.start).toBe("2026-03-04T14:00:00-05:00");
    expect((await server.admin("get", `/admin/blocked-periods?${tuesday}`)).body.items).toEqual([expect.objectContaining({ staffId: moved.staffId, reason: "Training" })]);
    await checkPage(page, "staff-blocked");
  });
});

describe("a staff member on Staff & hours", () => {
  it("reads their own hours and the blocked time, with nothing to change", async () => {
    const sam = staff.find((s) => s.name === "Sam")!;
    const { context, page } = await openAs({ email: "sam@hours.test", role: "staff", staffId: sam.id });
    try {
      await expect(page.getByLabel("Staff member", { exact: true }).inputValue()).resolves.toBe(sam.id);
      await page.getByText("Only an owner can change hours.").waitFor();
      await page.getByRole("term").filter({ hasText: "Saturday" }).waitFor();
      await expect(page.getByRole("textbox").count()).resolves.toBe(0);
      await expect(page.getByRole("button", { name: /Save|Edit|Block|Unblock|Add/ }).count()).resolves.toBe(0);
      await page.getByRole("list", { name: "Blocked periods" }).waitFor();
      await checkPage(page, "staff-readonly");
    } finally {
      await context.close();
    }
  });
});
