/**
 * The console's Bookings section in a real browser: the list searched by a customer's name finds one who
 * booked by text; the booking's page shows its details, history and messages; it is moved by picking a
 * free time and cancelled with the fee stated first, the customer told each time; a request awaiting
 * approval is approved; the history names the owner who did each thing; a booking made with an email
 * lists its confirmation email, and a refused address shows the server's reply. Every state passes axe
 * at 1280 and 375 px (screenshots in test-results/console/).
 */
import { and, eq } from "drizzle-orm";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { customers, messages } from "../../src/db/schema";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, until, ownerOnToday } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";

let server: ConsoleServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** A customer books by text and says yes; returns the bot's confirmation (its manage link follows). */
async function bookByText(phone: string, ask: string): Promise<string> {
  await server.text(phone, ask);
  const replies = await server.text(phone, "yes");
  return replies[0]!;
}

async function nameCustomer(phone: string, name: string): Promise<void> {
  await server.database.db.update(customers).set({ name }).where(and(eq(customers.phone, phone)));
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  ({ context, page } = await ownerOnToday(browser, server, NOW, "olive@salon.test"));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe("the bookings list and a booking's page", () => {
  const phone = "+15550108001";
  const history = () => page.locator(".history");

  it("finds a customer who booked by text by a part of their name, and opens the booking's page", async () => {
    expect(await bookByText(phone, "haircut on March 3 at 10am")).toMatch(/^Booked: Haircut, Tue 3 Mar, 10:00/);
    await nameCustomer(phone, "Dana Texter");
    await bookByText("+15550108002", "haircut on March 3 at 2pm");

    await page.getByRole("link", { name: "Bookings" }).click();
    await page.getByRole("heading", { name: "Bookings", level: 1 }).waitFor();
    await page.getByRole("link", { name: /Tue 3 Mar, 14:00/ }).waitFor();
    await page.getByLabel("Customer name or phone").fill("texter");
    await page.getByRole("button", { name: "Search" }).click();
    const row = page.getByRole("link", { name: /Tue 3 Mar, 10:00–10:30 Dana Texter Haircut · with Alex/ });
    await row.waitFor();
    await page.getByText(/^1 booking from 2026-03-02/).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("texter");
    await checkPage(page, "bookings-list");

    await row.click();
    await page.getByRole("heading", { name: "Haircut, Tue 3 Mar, 10:00–10:30", level: 1 }).waitFor();
    await history().getByText("Booked by the customer").waitFor();
    const chat = page.getByRole("region", { name: "Messages with Dana Texter" });
    await chat.getByText("haircut on March 3 at 10am").waitFor();
    await page.getByRole("region", { name: "Emails" }).getByText("No emails about this booking.").waitFor();
    await checkPage(page, "booking-page");
  });

  it("moves the booking to a free time picked from the day's list, and the customer is told", async () => {
    await page.getByRole("button", { name: "Move…" }).click();
    await expect(page.getByLabel("Date").inputValue()).resolves.toBe("2026-03-03");
    await page.getByRole("button", { name: "10:00 (its time now)" }).waitFor();
    await expect(page.getByRole("button", { name: "10:00 (its time now)" }).isDisabled()).resolves.toBe(true);
    // The other customer's 14:00 with Alex leaves Sam free then, so 14:00 is still offered; 11:00 it is.
    await page.getByRole("button", { name: "11:00", exact: true }).click();
    await expect(page.getByRole("button", { name: "11:00", exact: true }).getAttribute("aria-pressed")).resolves.toBe("true");
    await checkPage(page, "reschedule-picker");

    await page.getByRole("button", { name: "Move to Tue 3 Mar, 11:00" }).click();
    await page.getByText("Moved to Tue 3 Mar, 11:00. The customer has been told.").waitFor();
    await page.getByRole("heading", { name: "Haircut, Tue 3 Mar, 11:00–11:30", level: 1 }).waitFor();
    await history().getByText("Moved from Tue 3 Mar, 10:00 to Tue 3 Mar, 11:00 by Olive Owner").waitFor();
    const notice = 'Your Haircut has moved from Tue 3 Mar, 10:00 to Tue 3 Mar, 11:00. Reply "reschedule" if that doesn\'t suit you.';
    await expect(until(async () => (await server.outgoing(phone)).includes(notice))).resolves.toBe(true);
  });

  it("another date lists that day's times; a Sunday has none", async () => {
    await page.getByRole("button", { name: "Move…" }).click();
    await page.getByLabel("Date").fill("2026-03-08");
    await page.getByText("No free time that day. Try another date.").waitFor();
    await page.getByRole("button", { name: "Back" }).click();
  });

  it("cancels from the page with the fee stated first, names the owner in the history, and the customer is told", async () => {
    await page.getByRole("button", { name: "Cancel booking…" }).click();
    // The fee is the server's: the form asks GET /admin/bookings/:id/cancellation before it can be confirmed.
    await page.locator(".fee", { hasText: /^No cancellation fee applies\.$/ }).waitFor();
    await page.getByLabel("Reason (optional, kept on the booking)").fill("Stylist ill");
    await checkPage(page, "booking-cancel-form");
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    await page.getByText("Cancelled. The customer has been told.").waitFor();
    await history().getByText("Cancelled by Olive Owner · reason: Stylist ill").waitFor();
    await expect(page.getByRole("button", { name: "Cancel booking…" }).count()).resolves.toBe(0);
    const notice = "Your Haircut, Tue 3 Mar, 11:00 has been cancelled by the business. Reply to book another time.";
    await expect(until(async () => (await server.outgoing(phone)).includes(notice))).resolves.toBe(true);
  });
});

describe("a request awaiting approval", () => {
  afterAll(async () => {
    await server.admin("patch", "/admin/business", { requiresApproval: false });
  });

  it("is found by its status and approved from its page; the customer is told and the history names the owner", async () => {
    expect((await server.admin("patch", "/admin/business", { requiresApproval: true })).body.requiresApproval).toBe(true);
    const phone = "+15550108003";
    await bookByText(phone, "haircut on March 4 at 10am");
    await page.goto(`${server.baseUrl}/console/bookings`);
    await page.getByLabel("Status").selectOption("pending_approval");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("link", { name: /Wed 4 Mar, 10:00–10:30/ }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved. The customer has been told.").waitFor();
    await page.locator(".history").getByText("Approved by Olive Owner").waitFor();
    const notice = "Good news: your Haircut, Wed 4 Mar, 10:00 is confirmed. See you then!";
    await expect(until(async () => (await server.outgoing(phone)).includes(notice))).resolves.toBe(true);
  });
});

describe("the emails about a booking", () => {
  it("lists the customer's confirmation, printed to the log (no SMTP_URL here); a refused address shows the server's reply", async () => {
    const services = (await server.admin("get", "/admin/services")).body.items as { id: string; name: string }[];
    const haircut = services.find((s) => s.name === "Haircut")!;
    const res = await fetch(`${server.baseUrl}/api/public/slotline-demo-salon/bookings`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ serviceId: haircut.id, start: "2026-03-05T10:00:00-05:00", name: "Rae Mailer", phone: "+15550108004", email: "rae@mail.test" }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // Delivered right after the booking's transaction: the log mailer records it as `logged`.
    const emails = async () => (await server.admin("get", `/admin/bookings/${id}/emails`)).body.items as { id: string; kind: string; status: string }[];
    await expect(until(async () => (await emails()).some((e) => e.kind === "confirmed" && e.status === "logged"))).resolves.toBe(true);

    await page.goto(`${server.baseUrl}/console/bookings/${id}`);
    await page.getByRole("heading", { name: "Haircut, Thu 5 Mar, 10:00–10:30", level: 1 }).waitFor();
    const section = page.getByRole("region", { name: "Emails" });
    const item = section.getByRole("listitem").filter({ hasText: "Confirmation" });
    await item.getByText("to rae@mail.test").waitFor();
    await item.getByText("Printed to the log (no SMTP server set)").waitFor();
    // Written at the server's now, shown in the business's time (New York), not the browser's.
    await item.getByText("Mon 2 Mar, 08:00").waitFor();
    await checkPage(page, "booking-emails");

    // As the outbox records an address the SMTP server refused (5yz).
    const confirmation = (await emails()).find((e) => e.kind === "confirmed")!;
    await server.database.db.update(messages).set({ status: "failed", errorCode: "550 5.1.1 No such user" }).where(eq(messages.id, confirmation.id));
    await page.reload();
    await section.getByText("Not delivered: 550 5.1.1 No such user").waitFor();
    await item.getByText("Failed", { exact: true }).waitFor();
    await checkPage(page, "booking-email-refused");
  });
});
