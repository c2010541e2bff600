/**
 * The Conversations page in a real browser: customers' threads newest first; an owner opens one,
 * takes it over, replies by hand (the reply goes to the customer, and the bot stays silent to their
 * next text), and hands it back; a customer who opted out cannot be written to. Every state passes
 * axe at 1280 and 375 px, with screenshots.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, until } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const PASSWORD = "correct horse battery staple";
const EARLIER = "+15550117001";
const LATER = "+15550117002";
const OPTED_OUT = "+15550117003";

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.clock.setFixedTime(new Date(NOW));
  page = await context.newPage();

  const invited = await server.admin("post", "/admin/users", { email: "olive@salon.test", name: "Olive", role: "owner" });
  expect(invited.status).toBe(201);
  await page.goto(invited.body.inviteUrl as string);
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();

  // The server's clock stands still unless moved: a minute between texts keeps their order.
  await server.text(EARLIER, "hi");
  server.clock.advanceMinutes(1);
  await server.text(OPTED_OUT, "hi");
  server.clock.advanceMinutes(1);
  await server.text(OPTED_OUT, "STOP");
  server.clock.advanceMinutes(1);
  await server.text(LATER, "haircut tomorrow at 10");
  server.clock.advanceMinutes(1);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("the Conversations page", () => {
  it("lists every thread newest first, with the last message and the bot's state", async () => {
    await page.getByRole("link", { name: "Conversations" }).click();
    await page.getByRole("heading", { name: "Conversations", level: 1 }).waitFor();
    const threads = page.locator(".thread-link");
    await threads.first().waitFor();
    await expect(page.locator(".thread-who").allTextContents()).resolves.toEqual([LATER, OPTED_OUT, EARLIER]);
    await expect(threads.first().textContent()).resolves.toContain("Bot: Waiting for a yes to book");
    await expect(threads.nth(1).textContent()).resolves.toContain("Opted out");
    await checkPage(page, "conversations");

    await page.getByLabel("Search by name or phone").fill(EARLIER.slice(-4));
    await until(async () => (await page.locator(".thread-who").allTextContents()).join() === EARLIER);
    await expect(page.locator(".thread-who").allTextContents()).resolves.toEqual([EARLIER]);
    await page.getByLabel("Search by name or phone").fill("");
    await until(async () => (await threads.count()) === 3);
  });

  it("opens a thread as a chat, takes it over, replies by hand, keeps the bot silent, and hands it back", async () => {
    await page.locator(".thread-link").first().click();
    const thread = page.locator("section.thread");
    await thread.getByRole("heading", { name: LATER }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/console\/conversations\/[0-9a-f-]{36}$/);
    const bubbles = thread.locator(".bubble");
    await expect(bubbles.first().locator(".bubble-who").textContent()).resolves.toBe(LATER);
    await expect(bubbles.first().locator(".bubble-body").textContent()).resolves.toBe("haircut tomorrow at 10");
    await expect(bubbles.nth(1).locator(".bubble-who").textContent()).resolves.toBe("Bot");
    await expect(thread.getByLabel(/^Reply to/).count()).resolves.toBe(0);
    await checkPage(page, "conversation-thread");

    await thread.getByRole("button", { name: "Take over" }).click();
    await expect(thread.locator(".takeover-state").textContent()).resolves.toBe(
      "Taken over by Olive until Tue 3 Mar, 08:04. The bot stays silent in this thread until then or until it is handed back (STOP, START and HELP still work).",
    );
    await page.locator(".thread-link").first().getByText("Taken over by Olive").waitFor();
    const reply = thread.getByLabel(`Reply to ${LATER} by SMS`);
    await reply.fill("Hi, Olive here: 10 is taken, could you do 11?");
    await expect(thread.locator("#reply-count").textContent()).resolves.toBe("45 / 1600 characters");
    await checkPage(page, "conversation-taken-over");

    await reply.press("Control+Enter");
    await thread.getByText("Sent.").waitFor();
    await expect(reply.inputValue()).resolves.toBe("");
    const mine = bubbles.last();
    await expect(mine.locator(".bubble-who").textContent()).resolves.toBe("Olive");
    await expect(mine.locator(".bubble-body").textContent()).resolves.toBe("Hi, Olive here: 10 is taken, could you do 11?");
    await expect(until(async () => (await server.outgoing(LATER)).includes("Hi, Olive here: 10 is taken, could you do 11?"))).resolves.toBe(true);

    server.clock.advanceMinutes(1);
    expect(await server.text(LATER, "11 works")).toEqual([]);
    await thread.locator(".bubble-body", { hasText: "11 works" }).waitFor();
    await expect(bubbles.last().locator(".bubble-who").textContent()).resolves.toBe(LATER);

    await thread.getByRole("button", { name: "Hand back to the bot" }).click();
    await thread.getByText(/^The bot is answering/).waitFor();
    await expect(thread.getByLabel(/^Reply to/).count()).resolves.toBe(0);
    server.clock.advanceMinutes(1);
    expect(await server.text(LATER, "haircut tomorrow at 11")).not.toEqual([]);
  });

  it("says so when the customer opted out, and does not let anyone reply", async () => {
    await page.locator(".thread-link", { hasText: OPTED_OUT }).click();
    const thread = page.locator("section.thread");
    await thread.getByRole("heading", { name: OPTED_OUT }).waitFor();
    await thread.getByText(`${OPTED_OUT} has opted out (texted STOP): nothing can be sent to them until they text START.`).waitFor();
    await thread.getByRole("button", { name: "Take over" }).click();
    const reply = thread.getByLabel(`Reply to ${OPTED_OUT} by SMS`);
    await expect(reply.isDisabled()).resolves.toBe(true);
    await expect(thread.getByRole("button", { name: "Send" }).isDisabled()).resolves.toBe(true);
    await checkPage(page, "conversation-opted-out");
  });
});
