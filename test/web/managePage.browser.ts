/**
 * The customer's manage page (/m/<token>) in a real browser, at a phone's width: customers book
 * the demo salon by text, then open their booking's manage link (signed with the app's own secret),
 * move it to a free time of another day and cancel it, with the fee policy stated first; they are
 * texted each time (GET /admin/messages). A reload after a change repeats nothing; an altered link
 * is the 404 page; a plan's link lists every session. The same flows work with JavaScript disabled
 * (the page has none) and from the keyboard alone. axe at 1280 and 375 px on every page.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { PHONE, checkPage, launchChromium, until } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const ZONE = "Times are in New York time (America/New_York).";

let server: ConsoleServer;
let browser: Browser;

interface BookingJson {
  id: string;
  status: string;
  start: string;
  sessionNumber: number | null;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  // A fee after the free window, so the cancel page has a policy to state.
  const patched = await server.admin("patch", "/admin/business", { cancellation: { freeUntilHours: 24, lateFeePercent: 50 } });
  expect(patched.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function bookingsOf(phone: string): Promise<BookingJson[]> {
  const res = await server.admin("get", `/admin/bookings?phone=${encodeURIComponent(phone)}`);
  expect(res.status).toBe(200);
  return res.body.items as BookingJson[];
}

/** A customer books by text ("<what> <when>", then "yes"); returns their bookings. */
async function bookByText(phone: string, words: string): Promise<BookingJson[]> {
  const [question] = await server.text(phone, words);
  expect(question).toMatch(/\(yes\/no\)$/);
  const [done] = await server.text(phone, "yes");
  expect(done).toMatch(/^Booked: /);
  return bookingsOf(phone);
}

/** The customer's texts after commit: waits until `text` is among them, and that it is there once. */
async function expectTexted(phone: string, text: string): Promise<void> {
  await expect(until(async () => (await server.outgoing(phone)).includes(text))).resolves.toBe(true);
  expect((await server.outgoing(phone)).filter((t) => t === text)).toHaveLength(1);
}

/** A phone-sized browser profile whose clock reads the server's. */
async function phoneContext(options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, ...options });
  if (options.javaScriptEnabled !== false) await context.clock.setFixedTime(new Date(NOW));
  return context;
}

/** The details list's value for a term ("When" → "Monday 16 March 2026, 14:00–14:30"). */
const detail = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`).textContent();
const notice = (page: Page) => page.locator(".notice").textContent();

describe("a booking's manage link, on a phone", () => {
  const phone = "+15550318001";
  let context: BrowserContext;
  let page: Page;
  let haircut: BookingJson;
  let link: string;

  beforeAll(async () => {
    [haircut] = (await bookByText(phone, "haircut on March 16 at 2pm")) as [BookingJson];
    link = await server.manageUrl(haircut.id);
    context = await phoneContext();
    page = await context.newPage();
  });
  afterAll(() => context.close());

  it("shows the booking: the business, the service, its time with the zone named, its status", async () => {
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
    await expect(page.title()).resolves.toBe("Your booking · Slotline Demo Salon");
    await expect(detail(page, "Service")).resolves.toBe("Haircut");
    await expect(detail(page, "When")).resolves.toBe("Monday 16 March 2026, 14:00–14:30");
    await expect(detail(page, "Status")).resolves.toBe("Confirmed");
    await expect(detail(page, "Payment")).resolves.toBe("Pay $35.00 at the appointment");
    await expect(page.getByText(ZONE).count()).resolves.toBe(1);
    // Nothing wider than the phone: no sideways scrolling.
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await checkPage(page, "manage-booking");
  });

  it("moves it: Move → a date → a free time → the page shows the new time, and the customer is texted", async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole("link", { name: "Move booking" }).click();
    await page.getByRole("heading", { level: 1, name: "Move your booking" }).waitFor();
    await page.getByRole("group", { name: "Free times on Monday 16 March 2026" }).waitFor();
    await expect(page.getByLabel("14:00 (your time now)").count()).resolves.toBe(1);

    await page.getByLabel("Date").fill("2026-03-17");
    await page.getByRole("button", { name: "Show free times" }).click();
    const times = page.getByRole("group", { name: "Free times on Tuesday 17 March 2026" });
    await times.waitFor();
    expect(new URL(page.url()).searchParams.get("date")).toBe("2026-03-17");
    await expect(times.getByRole("radio").count()).resolves.toBeGreaterThan(1);
    await checkPage(page, "manage-move");

    await page.setViewportSize(PHONE);
    await times.getByRole("radio", { name: "10:00", exact: true }).check();
    await page.getByRole("button", { name: "Move booking" }).click();
    await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
    await expect(notice(page)).resolves.toBe("Moved: Haircut, Tuesday 17 March 2026, 10:00–10:30.");
    await expect(detail(page, "When")).resolves.toBe("Tuesday 17 March 2026, 10:00–10:30");
    await checkPage(page, "manage-moved");

    expect((await bookingsOf(phone)).find((b) => b.id === haircut.id)?.start).toBe("2026-03-17T10:00:00-04:00");
    await expectTexted(phone, "Done: Haircut, Tue 17 Mar, 10:00. See you then!");
  });

  it("repeats nothing when the page after the move is reloaded", async () => {
    const texts = await server.outgoing(phone);
    await page.reload();
    await expect(notice(page)).resolves.toBe("Moved: Haircut, Tuesday 17 March 2026, 10:00–10:30.");
    await new Promise((r) => setTimeout(r, 300));
    expect(await server.outgoing(phone)).toEqual(texts);
    expect((await bookingsOf(phone)).find((b) => b.id === haircut.id)?.start).toBe("2026-03-17T10:00:00-04:00");
  });

  it("cancels it: the fee policy and what cancelling costs are shown first, then it is cancelled and the customer texted", async () => {
    await page.setViewportSize(PHONE);
    await page.getByRole("link", { name: "Cancel booking" }).click();
    await page.getByRole("heading", { level: 1, name: "Cancel your booking" }).waitFor();
    const terms = page.getByRole("region", { name: "Before you cancel" });
    await expect(terms.locator("strong").textContent()).resolves.toBe("Haircut, Tuesday 17 March 2026, 10:00–10:30");
    await expect(terms.getByText("Our policy: cancelling is free until 24 hours before the start; after that, 50% of what you paid is kept.").count()).resolves.toBe(1);
    await expect(
      terms.getByText("Nothing has been paid, so cancelling now costs nothing (free until 10:00 on Monday 16 March 2026).").count(),
    ).resolves.toBe(1);
    // The terms come before the button that cancels.
    const order = await page.evaluate(() => {
      const policy = Array.from(document.querySelectorAll("p")).find((p) => p.textContent?.startsWith("Our policy"))!;
      const button = Array.from(document.querySelectorAll("button")).find((b) => b.textContent === "Cancel booking")!;
      return policy.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    expect((await bookingsOf(phone)).find((b) => b.id === haircut.id)?.status).toBe("confirmed");
    await checkPage(page, "manage-cancel");

    await page.setViewportSize(PHONE);
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
    await expect(notice(page)).resolves.toBe("Cancelled: Haircut, Tuesday 17 March 2026, 10:00–10:30.");
    await expect(detail(page, "Status")).resolves.toBe("Cancelled");
    await expect(page.getByText("This booking is cancelled, so there is nothing left to change.").count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: "Cancel booking" }).count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Move booking" }).count()).resolves.toBe(0);
    await checkPage(page, "manage-cancelled");

    expect((await bookingsOf(phone)).find((b) => b.id === haircut.id)?.status).toBe("cancelled");
    await expectTexted(phone, "Cancelled: Haircut, Tue 17 Mar, 10:00. Reply any time to book again.");
  });

  it("repeats nothing on a reload after cancelling, and the cancel page left behind offers nothing more to cancel", async () => {
    const texts = await server.outgoing(phone);
    await page.reload();
    await expect(notice(page)).resolves.toBe("Cancelled: Haircut, Tuesday 17 March 2026, 10:00–10:30.");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "Cancel your booking" }).waitFor();
    await expect(page.getByText("This booking is cancelled, so there is nothing left to change.").count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Cancel booking" }).count()).resolves.toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await server.outgoing(phone)).toEqual(texts);
    const history = (await server.admin("get", `/admin/bookings/${haircut.id}/history`)).body.items as { kind: string }[];
    expect(history.filter((h) => h.kind === "cancelled")).toHaveLength(1);
  });

  it("answers an altered link with the 404 page", async () => {
    const token = link.slice(link.lastIndexOf("/") + 1);
    const altered = link.slice(0, -token.length) + token.slice(0, 30) + (token[30] === "A" ? "B" : "A") + token.slice(31);
    const res = await page.goto(altered);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Link not found" }).waitFor();
    await expect(page.getByText(/^This link does not work/).count()).resolves.toBe(1);
    await checkPage(page, "manage-404");
  });
});

describe("a plan's manage link", () => {
  const phone = "+15550318002";
  let context: BrowserContext;
  let page: Page;
  let sessions: BookingJson[];

  beforeAll(async () => {
    sessions = await bookByText(phone, "implant on wednesday at 10am");
    expect(sessions).toHaveLength(3);
    context = await phoneContext();
    page = await context.newPage();
  });
  afterAll(() => context.close());

  it("lists every session of the plan, each with its own Move and Cancel, whichever session the link names", async () => {
    for (const named of [sessions[0]!, sessions[2]!]) {
      await page.goto(await server.manageUrl(named.id));
      await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
      await expect(detail(page, "Service")).resolves.toBe("Hair implant");
      await expect(detail(page, "Plan")).resolves.toBe("A plan of 3 sessions");
      const list = page.getByRole("region", { name: "Sessions" }).getByRole("listitem");
      await expect(list.count()).resolves.toBe(3);
      await expect(page.getByRole("heading", { level: 3 }).allTextContents()).resolves.toEqual([
        "Consultation and fitting (session 1 of 3)",
        "Integration check (session 2 of 3)",
        "Final fitting (session 3 of 3)",
      ]);
      await expect(list.first().textContent()).resolves.toContain("Wednesday 4 March 2026, 10:00–11:00");
      for (const name of ["Consultation and fitting (session 1 of 3)", "Integration check (session 2 of 3)", "Final fitting (session 3 of 3)"]) {
        await expect(page.getByRole("link", { name: `Move ${name}` }).count()).resolves.toBe(1);
        await expect(page.getByRole("link", { name: `Cancel ${name}` }).count()).resolves.toBe(1);
      }
      await expect(page.getByText(ZONE).count()).resolves.toBe(1);
    }
    await checkPage(page, "manage-plan");
  });
});

describe("the manage page without JavaScript", () => {
  const phone = "+15550318003";
  let context: BrowserContext;
  let page: Page;
  let haircut: BookingJson;

  beforeAll(async () => {
    [haircut] = (await bookByText(phone, "haircut on March 18 at 11am")) as [BookingJson];
    context = await phoneContext({ javaScriptEnabled: false });
    page = await context.newPage();
  });
  afterAll(() => context.close());

  it("is a browser that runs no script", async () => {
    await page.setContent('<p id="ran">no</p><script>document.getElementById("ran").textContent = "yes";</script>');
    await expect(page.locator("#ran").textContent()).resolves.toBe("no");
  });

  it("moves the booking to another day's time and then cancels it, with plain links and forms", async () => {
    await page.goto(await server.manageUrl(haircut.id));
    await expect(detail(page, "When")).resolves.toBe("Wednesday 18 March 2026, 11:00–11:30");

    await page.getByRole("link", { name: "Move booking" }).click();
    await page.getByLabel("Date").fill("2026-03-19");
    await page.getByRole("button", { name: "Show free times" }).click();
    const times = page.getByRole("group", { name: "Free times on Thursday 19 March 2026" });
    await times.getByRole("radio", { name: "15:30", exact: true }).check();
    await page.getByRole("button", { name: "Move booking" }).click();
    await expect(notice(page)).resolves.toBe("Moved: Haircut, Thursday 19 March 2026, 15:30–16:00.");
    await expectTexted(phone, "Done: Haircut, Thu 19 Mar, 15:30. See you then!");

    await page.getByRole("link", { name: "Cancel booking" }).click();
    await expect(page.getByText(/^Our policy: cancelling is free until 24 hours/).count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Cancel booking" }).click();
    await expect(notice(page)).resolves.toBe("Cancelled: Haircut, Thursday 19 March 2026, 15:30–16:00.");
    await expectTexted(phone, "Cancelled: Haircut, Thu 19 Mar, 15:30. Reply any time to book again.");
    expect((await bookingsOf(phone)).find((b) => b.id === haircut.id)?.status).toBe("cancelled");
  });
});

describe("moving from the keyboard alone", () => {
  const phone = "+15550318004";
  let context: BrowserContext;
  let page: Page;
  let haircut: BookingJson;

  beforeAll(async () => {
    [haircut] = (await bookByText(phone, "haircut on March 20 at 9am")) as [BookingJson];
    context = await phoneContext();
    page = await context.newPage();
  });
  afterAll(() => context.close());

  /** The focused element as a user would name it: its aria-label, its label's text, or its own text. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return "";
      const label = el.getAttribute("aria-label") ?? (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ?? el.textContent;
      return `${el.tagName.toLowerCase()}:${label?.trim() ?? ""}`;
    });

  /** Presses Tab until `name` has the focus (at most 40 times). */
  async function tabTo(name: string): Promise<void> {
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      if (now === name) return;
      seen.push(now);
    }
    throw new Error(`Tab never reached ${name}; it went through ${seen.join(" | ")}`);
  }

  it("reaches Move, the next day, a time and the Move button with Tab, and picks with Space and Enter", async () => {
    await page.goto(await server.manageUrl(haircut.id));
    await tabTo("a:Move booking");
    await page.keyboard.press("Enter");
    await page.getByRole("group", { name: "Free times on Friday 20 March 2026" }).waitFor();

    await tabTo("a:Next day");
    await page.keyboard.press("Enter");
    const times = page.getByRole("group", { name: "Free times on Saturday 21 March 2026" });
    await times.waitFor();

    // Tab enters the group of times on its first; the arrow keys would move within it, Space checks.
    const first = await times.getByRole("radio").first().evaluate((r) => (r.parentElement as HTMLElement).textContent);
    await tabTo(`input:${first}`);
    await page.keyboard.press("Space");
    await expect(times.getByRole("radio", { name: first!, exact: true }).isChecked()).resolves.toBe(true);
    await tabTo("button:Move booking");
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { level: 1, name: "Your booking" }).waitFor();
    await expect(notice(page)).resolves.toMatch(new RegExp(`^Moved: Haircut, Saturday 21 March 2026, ${first}–`));
    await expectTexted(phone, `Done: Haircut, Sat 21 Mar, ${first}. See you then!`);
  });
});
