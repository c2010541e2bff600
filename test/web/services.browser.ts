/**
 * The console's Services page in a real browser: an owner builds a service with an immediate
 * three-session plan, sees the server's preview list its three dated sessions before saving, is told
 * beside the field what the API refused, saves it and finds it listed; promo codes are added and
 * switched off; a staff member sees the same list without any way to change it. Every state passes axe.
 */
import { isDeepStrictEqual } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, contextAt } from "./browser";

/** Monday 2 March 2026, 08:00 in New York; clocks go forward on Sunday 8 March. */
const NOW = "2026-03-02T13:00:00Z";

let server: ConsoleServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Invites a user and sets their password through the invitation link; the console opens on Today. */
async function signIn(page: Page, body: object, password: string): Promise<void> {
  const res = await server.admin("post", "/admin/users", body);
  expect(res.status).toBe(201);
  await page.goto(res.body.inviteUrl as string);
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
}

interface ServiceJson {
  name: string;
  durationMinutes: number;
  priceCents: number;
  requiresPayment: boolean;
  staffIds: string[];
  multiSession: { strategy: string; totalSessions: number; gapDays?: number[] } | null;
}

/** Waits (up to 10 s) for `read` to give `expected`, then asserts it, so a failure shows the last value. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  let last = await read();
  for (const deadline = Date.now() + 10_000; !isDeepStrictEqual(last, expected) && Date.now() < deadline; last = await read()) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toEqual(expected);
}

async function savedServices(): Promise<ServiceJson[]> {
  return (await server.admin("get", "/admin/services")).body.items as ServiceJson[];
}

describe("an owner on the Services page", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await contextAt(browser, NOW);
    page = await context.newPage();
    await signIn(page, { email: "owner@salon.test", name: "Olive Owner", role: "owner" }, "correct horse battery staple");
  });
  afterAll(() => context.close());

  it("lists the services with their price, staff, plan and package", async () => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Services" }).click();
    await page.getByRole("heading", { name: "Services", level: 1 }).waitFor();
    const physio = page.locator(".service-card", { has: page.getByRole("heading", { name: "Scalp physio" }) });
    await expect(physio.locator("dd").allTextContents()).resolves.toEqual([
      "45 min",
      "$60.00",
      "Not required upfront",
      expect.stringContaining("Alex"),
      "8 sessions, booked one after another as each is completed, at least 7 days apart",
      "None",
    ]);
    await page.getByRole("link", { name: "Edit Scalp physio" }).waitFor();
    await page.getByRole("heading", { name: "Promo codes" }).waitFor();
    await checkPage(page, "services-owner");
  });

  it("previews an immediate three-session plan from next Monday, dated by the server, before saving anything", async () => {
    await page.getByRole("link", { name: "New service" }).click();
    await page.getByRole("heading", { name: "New service" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/services/new");
    await page.getByLabel("Name", { exact: true }).fill("Hair implant plan");
    await page.getByLabel("Duration (minutes)").fill("60");
    await page.getByLabel("Price (USD)").fill("250");
    await page.getByLabel("Customers pay when they book").check();
    await page.getByRole("radio", { name: "All at once" }).check();
    await page.getByLabel("Number of sessions").fill("3");
    await page.getByLabel("Days from session 1 to session 2").fill("14");
    await page.getByLabel("Days from session 2 to session 3").fill("31");
    await page.locator("summary", { hasText: "Session names (optional)" }).click();
    await page.getByLabel("Name of session 1").fill("Consultation");

    const sessions = page.getByRole("list", { name: "Sessions" }).getByRole("listitem");
    const expected = [
      "Session 1 · ConsultationMon 9 Mar 2026, 10:00–11:00The customer picks this time.",
      "Session 2Mon 23 Mar 2026, 10:00–11:00Booked together with session 1.",
      "Session 3Thu 23 Apr 2026, 10:00–11:00Booked together with session 1.",
    ];
    await eventually(() => sessions.allTextContents(), expected);
    await expect(page.getByLabel("Sample first session").inputValue()).resolves.toBe("2026-03-09T10:00");
    expect((await savedServices()).map((s) => s.name)).not.toContain("Hair implant plan");
    await checkPage(page, "service-new-preview");

    // Another sample start: the list follows it.
    await page.getByLabel("Sample first session").fill("2026-03-20T15:30");
    await eventually(async () => (await sessions.allTextContents()).map((t) => t.match(/\w{3} \d+ \w{3} 2026, [\d:–]+/)?.[0]), [
      "Fri 20 Mar 2026, 15:30–16:30",
      "Fri 3 Apr 2026, 15:30–16:30",
      "Mon 4 May 2026, 15:30–16:30",
    ]);
  });

  it("shows what the API refuses beside the field it names, then saves and lists the service", async () => {
    const refused = await server.admin("post", "/admin/services", { name: "x", durationMinutes: 0, priceCents: 0 });
    const message = (refused.body.errors as { field: string; message: string }[]).find((e) => e.field === "durationMinutes")!.message;

    await page.getByLabel("Duration (minutes)").fill("0");
    await page.getByRole("button", { name: "Create service" }).click();
    await expect(page.locator("#service-duration-error").textContent()).resolves.toBe(message);
    await expect(page.getByLabel("Duration (minutes)").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.getByText("The preview waits for valid settings:").waitFor();
    await checkPage(page, "service-field-error");
    expect((await savedServices()).map((s) => s.name)).not.toContain("Hair implant plan");

    await page.getByLabel("Duration (minutes)").fill("60");
    await page.getByRole("button", { name: "Create service" }).click();
    await page.getByRole("status").getByText("Saved Hair implant plan.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/console/services");
    const card = page.locator(".service-card", { has: page.getByRole("heading", { name: "Hair implant plan" }) });
    await expect(card.locator("dd").allTextContents()).resolves.toEqual([
      "60 min",
      "$250.00",
      "Paid when booking",
      "Alex, Sam",
      "3 sessions booked together, 14 and 31 days apart",
      "None",
    ]);
    const saved = (await savedServices()).find((s) => s.name === "Hair implant plan")!;
    expect(saved).toEqual(
      expect.objectContaining({ durationMinutes: 60, priceCents: 25000, requiresPayment: true, multiSession: expect.objectContaining({ strategy: "immediate", totalSessions: 3, gapDays: [14, 31] }) }),
    );
    await checkPage(page, "services-saved");
  });

  it("edits a saved service from its form, which opens with its settings and their preview", async () => {
    await page.getByRole("link", { name: "Edit Hair implant plan" }).click();
    await page.getByRole("heading", { name: "Edit Hair implant plan" }).waitFor();
    await expect(page.getByLabel("Price (USD)").inputValue()).resolves.toBe("250.00");
    await expect(page.getByLabel("Days from session 2 to session 3").inputValue()).resolves.toBe("31");
    await page.getByRole("list", { name: "Sessions" }).getByText("Session 1 · Consultation").waitFor();
    await page.getByLabel("Price (USD)").fill("275.50");
    await page.getByLabel("Sam", { exact: true }).uncheck();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("status").getByText("Saved Hair implant plan.").waitFor();
    const card = page.locator(".service-card", { has: page.getByRole("heading", { name: "Hair implant plan" }) });
    await expect(card.locator("dd").nth(1).textContent()).resolves.toBe("$275.50");
    await expect(card.locator("dd").nth(3).textContent()).resolves.toBe("Alex");
    expect((await savedServices()).find((s) => s.name === "Hair implant plan")).toEqual(expect.objectContaining({ priceCents: 27550, staffIds: [expect.any(String)] }));
  });

  it("adds a promo code, with the API's error beside a bad field, and deactivates it", async () => {
    await page.getByLabel("Code", { exact: true }).fill("SPRING10");
    await page.getByLabel("Percent off").fill("150");
    await page.getByLabel("Uses allowed").fill("50");
    await page.getByRole("button", { name: "Add promo code" }).click();
    await page.locator("#promo-percent-error").waitFor();
    await page.getByLabel("Percent off").fill("10");
    await page.getByRole("button", { name: "Add promo code" }).click();
    await page.getByRole("status").getByText("Added SPRING10.").waitFor();
    await page.getByRole("button", { name: "Deactivate SPRING10" }).click();
    await page.getByRole("button", { name: "Reactivate SPRING10" }).waitFor();
    const codes = (await server.admin("get", "/admin/promo-codes")).body.items as { code: string; active: boolean }[];
    expect(codes).toEqual([expect.objectContaining({ code: "SPRING10", active: false })]);
    await checkPage(page, "services-promo-codes");
  });
});

describe("a staff member on the Services page", () => {
  it("sees the list without any control to change services or promo codes", async () => {
    const staff = (await server.admin("get", "/admin/staff")).body.items as { id: string; name: string }[];
    const context = await contextAt(browser, NOW);
    try {
      const page = await context.newPage();
      await signIn(page, { email: "sam@salon.test", name: "Sam", role: "staff", staffId: staff.find((s) => s.name === "Sam")!.id }, "sam's long password here");
      await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Services" }).click();
      await page.getByRole("heading", { name: "Hair implant plan" }).waitFor();
      await page.getByRole("heading", { name: "Haircut", exact: true }).waitFor();
      await expect(page.getByRole("link", { name: "New service" }).count()).resolves.toBe(0);
      await expect(page.getByRole("link", { name: /^Edit/ }).count()).resolves.toBe(0);
      await expect(page.getByRole("heading", { name: "Promo codes" }).count()).resolves.toBe(0);
      await page.getByText("Only an owner of the business can change services.").waitFor();
      await checkPage(page, "services-staff");

      // The form's address shows the list to them too.
      await page.goto(`${server.baseUrl}/console/services/new`);
      await page.getByRole("heading", { name: "Hair implant plan" }).waitFor();
      await expect(page.getByRole("button", { name: "Create service" }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
  });
});
