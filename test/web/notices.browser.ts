/**
 * What customers tell the team, in a real browser: a customer's "running late" text after booking
 * becomes an unread notification (counted in the navigation from the first screen) that staff mark
 * read; a customer asking for a person is flagged in Conversations until someone takes the thread; an
 * owner's FAQ entry, added in Settings, is what the bot texts back to the question. Every state passes
 * axe at 1280 and 375 px, with screenshots.
 */
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, ownerOnToday } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";
const BOOKER = "+15550118001";
const WANTS_PERSON = "+15550118002";
const ASKER = "+15550118003";

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let bookingId: string;

/** The Notifications link in the console's navigation (its name carries the unread count). */
const notificationsLink = (p: Page): Locator => p.getByRole("navigation", { name: "Console" }).getByRole("link", { name: /^Notifications/ });

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  ({ context, page } = await ownerOnToday(browser, server, NOW, "olive@salon.test"));

  await server.text(BOOKER, "haircut tomorrow at 10am");
  expect((await server.text(BOOKER, "yes"))[0]).toMatch(/^Booked: Haircut, Tue 3 Mar, 10:00/);
  bookingId = ((await server.admin("get", "/admin/bookings?limit=10")).body.items as { id: string }[])[0]!.id;
  // The server's clock stands still unless moved: a minute between texts keeps their order.
  server.clock.advanceMinutes(1);
  expect(await server.text(BOOKER, "I'm running 10 min late")).toEqual(["Thanks for letting us know - we've told Alex you'll be about 10 minutes late."]);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("notifications", () => {
  it("counts the unread ones in the navigation on the first screen", async () => {
    expect(new URL(page.url()).pathname).toBe("/console/today");
    // The new booking and the running-late text, picked up by polling (no reload).
    await notificationsLink(page).filter({ hasText: "2 unread" }).waitFor();
    await expect(notificationsLink(page).textContent()).resolves.toBe("Notifications 2 unread");
    await checkPage(page, "notifications-count-today");
  });

  it("lists them newest first: the text, the customer, the time in the business's zone, a link to the booking; unread ones stand out", async () => {
    await notificationsLink(page).click();
    await page.getByRole("heading", { name: "Notifications", level: 1 }).waitFor();
    const notices = page.locator(".notice");
    await notices.nth(1).waitFor();
    await expect(page.locator(".notice-text").allTextContents()).resolves.toEqual([
      `${BOOKER} is running about 10 minutes late for Haircut at Tue 3 Mar, 10:00.`,
      `New booking: Haircut with Alex, Tue 3 Mar, 10:00, for ${BOOKER}.`,
    ]);
    const late = notices.first();
    await expect(late.locator(".kind").textContent()).resolves.toBe("Running late");
    // 13:01 UTC is 08:01 in New York.
    await expect(late.locator("time").textContent()).resolves.toBe("Mon 2 Mar, 08:01");
    await expect(late.getByRole("link", { name: BOOKER }).getAttribute("href")).resolves.toBe(`tel:${BOOKER}`);
    await expect(late.getByRole("link", { name: "Open the booking" }).getAttribute("href")).resolves.toBe(`/console/bookings/${bookingId}`);
    await expect(notices.nth(1).locator("time").textContent()).resolves.toBe("Mon 2 Mar, 08:00");
    for (const notice of [late, notices.nth(1)]) {
      await expect(notice.getAttribute("class")).resolves.toBe("notice unread");
      await expect(notice.getByText("Unread", { exact: true }).count()).resolves.toBe(1);
    }
    await expect(late.locator(".notice-text").evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe("700");
    await expect(page.locator(".summary").textContent()).resolves.toBe("2 unread · times in America/New_York");
    await checkPage(page, "notifications");
  });

  it("marks one read: the emphasis goes, the count in the navigation drops, and the server has it read", async () => {
    const late = page.locator(".notice").first();
    await late.getByRole("button", { name: "Mark read" }).click();
    await late.getByText("Read Mon 2 Mar, 08:01").waitFor();
    await expect(late.getAttribute("class")).resolves.toBe("notice");
    await expect(late.getByText("Unread", { exact: true }).count()).resolves.toBe(0);
    await expect(late.getByRole("button", { name: "Mark read" }).count()).resolves.toBe(0);
    await expect(late.locator(".notice-text").evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe("400");
    // The focus stays on the notification, not lost with its button.
    await expect(late.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await notificationsLink(page).filter({ hasText: "1 unread" }).waitFor();
    await expect(page.locator(".summary").textContent()).resolves.toBe("1 unread · times in America/New_York");
    const unread = (await server.admin("get", "/admin/notifications?unread=true")).body.items as { kind: string }[];
    expect(unread.map((n) => n.kind)).toEqual(["new_booking"]);
    await checkPage(page, "notifications-one-read");

    await page.locator(".notice").nth(1).getByRole("button", { name: "Mark read" }).click();
    await page.locator(".summary", { hasText: "No unread notifications" }).waitFor();
    await expect(page.locator(".notice.unread").count()).resolves.toBe(0);
    await notificationsLink(page).filter({ hasNotText: "unread" }).waitFor();
    await expect(notificationsLink(page).textContent()).resolves.toBe("Notifications");
    await checkPage(page, "notifications-all-read");
  });

  it("opens the booking a notification is about", async () => {
    await page.locator(".notice").first().getByRole("link", { name: "Open the booking" }).click();
    await page.waitForURL(`**/console/bookings/${bookingId}`);
    await page.getByRole("heading", { level: 1, name: /Haircut/ }).waitFor();
    await checkPage(page, "notification-booking");
  });
});

describe("a customer asking for a person", () => {
  it("is flagged in Conversations until someone takes the thread over", async () => {
    server.clock.advanceMinutes(1);
    expect(await server.text(WANTS_PERSON, "can I talk to someone")).toEqual(["Of course. I've asked the team to reply to you here as soon as they can."]);

    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Conversations" }).click();
    await page.getByRole("heading", { name: "Conversations", level: 1 }).waitFor();
    const asking = page.locator(".thread-link", { hasText: WANTS_PERSON });
    await asking.waitFor();
    await expect(asking.locator(".tag").first().textContent()).resolves.toBe("Asked for a person");
    await expect(page.locator(".thread-link", { hasText: BOOKER }).getByText("Asked for a person").count()).resolves.toBe(0);
    // The request is a notification too.
    await notificationsLink(page).filter({ hasText: "1 unread" }).waitFor();
    await checkPage(page, "conversations-person-requested");

    await asking.click();
    const thread = page.locator("section.thread");
    await thread.getByRole("heading", { name: WANTS_PERSON }).waitFor();
    await thread.getByText(`${WANTS_PERSON} asked to talk to a person (Mon 2 Mar, 08:02). Take over to reply to them by hand.`).waitFor();
    await checkPage(page, "conversation-person-requested");

    await thread.getByRole("button", { name: "Take over" }).click();
    await page.locator(".thread-link", { hasText: WANTS_PERSON }).getByText("Taken over by Olive Owner").waitFor();
    await expect(page.locator(".thread-link", { hasText: WANTS_PERSON }).getByText("Asked for a person").count()).resolves.toBe(0);
    await expect(thread.getByText(/asked to talk to a person/).count()).resolves.toBe(0);
  });
});

describe("the FAQ in Settings", () => {
  const QUESTION = "Do you have parking?";
  const ANSWER = "Yes: free parking behind the salon, enter from Elm Street.";

  it("adds entries, shows the API's error beside the entry's field, removes one, and saves", async () => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Business", level: 2 }).waitFor();
    const faq = page.getByRole("group", { name: "Questions customers ask" });
    await faq.getByText("No questions yet.").waitFor();

    await faq.getByRole("button", { name: "Add a question" }).click();
    await expect(faq.getByLabel("Question 1").evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await faq.getByLabel("Question 1").fill(QUESTION);
    await faq.getByLabel("Answer 1").fill(ANSWER);
    // A second entry with no answer: the API refuses it, and says so beside that answer.
    await faq.getByRole("button", { name: "Add a question" }).click();
    await faq.getByLabel("Question 2").fill("Can I bring my dog?");
    await page.getByRole("button", { name: "Save settings" }).click();
    const answer2 = await faq.getByLabel("Answer 2").getAttribute("id");
    await expect(page.locator(`#${answer2}-error`).textContent()).resolves.toBe("must not be empty");
    await expect(faq.getByLabel("Answer 2").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(faq.getByLabel("Answer 1").getAttribute("aria-invalid")).resolves.toBe(null);
    await expect(page.getByRole("alert").textContent()).resolves.toBe("Some settings need a change: see the messages beside them.");
    expect((await server.admin("get", "/admin/business")).body.faq).toEqual([]);
    await checkPage(page, "settings-faq-error");

    await faq.getByRole("button", { name: "Remove question 2" }).click();
    await expect(faq.getByLabel("Question 2").count()).resolves.toBe(0);
    // With no entry after it, the focus goes to adding one.
    await expect(faq.getByRole("button", { name: "Add a question" }).evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const [sent] = await Promise.all([
      page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith("/admin/business")),
      page.getByRole("button", { name: "Save settings" }).click(),
    ]);
    // Only what changed: the FAQ.
    expect(sent.postDataJSON()).toEqual({ faq: [{ question: QUESTION, answer: ANSWER }] });
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    expect((await server.admin("get", "/admin/business")).body.faq).toEqual([{ question: QUESTION, answer: ANSWER }]);
    await checkPage(page, "settings-faq");

    await page.reload();
    await page.getByRole("heading", { name: "Business", level: 2 }).waitFor();
    await expect(faq.getByLabel("Question 1").inputValue()).resolves.toBe(QUESTION);
    await expect(faq.getByLabel("Answer 1").inputValue()).resolves.toBe(ANSWER);
  });

  it("is what the bot texts back to a customer asking that question", async () => {
    server.clock.advanceMinutes(1);
    const [answer] = await server.text(ASKER, "is there parking?");
    expect(answer).toBe(`${ANSWER}\nWant me to find you a time?`);
  });
});
