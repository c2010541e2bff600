/**
 * The console's Settings page in a real browser, as the demo salon's owner: the business's booking
 * rules saved and still there after a reload, an API error beside the field it names, the channels
 * routing to the business, inviting a front-desk user (the one-time link shown once) and disabling
 * them, which signs them out. A front-desk user is told Settings is not theirs. Every state passes axe
 * at 1280 and 375 px, with a screenshot of each.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { claimChannels } from "../../src/tenancy/channels";
import { type ConsoleServer, startConsoleServer } from "./consoleServer";
import { checkPage, launchChromium, contextAt } from "./browser";

/** Monday 2 March 2026, 08:00 in New York. */
const NOW = "2026-03-02T13:00:00Z";

let server: ConsoleServer;
let browser: Browser;
let owner: Page;
let ownerContext: BrowserContext;

async function setPassword(page: Page, inviteUrl: string, password: string): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await page.getByRole("heading", { name: "Monday, March 2, 2026" }).waitFor();
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startConsoleServer(NOW), launchChromium()]);
  ownerContext = await contextAt(browser, NOW);
  owner = await ownerContext.newPage();
  await setPassword(owner, await server.invite({ email: "owner@salon.test", name: "Olive Owner", role: "owner" }), "correct horse battery staple");
});

afterAll(async () => {
  await ownerContext?.close();
  await browser?.close();
  await server?.close();
});

describe("the business's settings", () => {
  it("saves a new minimum notice, shown in hours, sent in minutes, still there after a reload", async () => {
    await owner.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
    await owner.getByRole("heading", { name: "Business", level: 2 }).waitFor();
    await expect(owner.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("Slotline Demo Salon");
    await expect(owner.getByLabel("Time zone").inputValue()).resolves.toBe("America/New_York");
    // The demo's 60 minutes read as 1 hour.
    await expect(owner.getByLabel("Minimum notice", { exact: true }).inputValue()).resolves.toBe("1");
    await expect(owner.getByLabel("Minimum notice: unit").inputValue()).resolves.toBe("hours");
    await checkPage(owner, "settings-business");

    await owner.getByLabel("Minimum notice", { exact: true }).fill("3");
    const [sent] = await Promise.all([
      owner.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith("/admin/business")),
      owner.getByRole("button", { name: "Save settings" }).click(),
    ]);
    // Only what changed, in the API's unit: the rest (e.g. the country derived from the zone) is not pinned.
    expect(sent.postDataJSON()).toEqual({ minNoticeMinutes: 180 });
    await owner.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    expect((await server.admin("get", "/admin/business")).body.minNoticeMinutes).toBe(180);
    await checkPage(owner, "settings-business-saved");

    await owner.reload();
    await owner.getByRole("heading", { name: "Business", level: 2 }).waitFor();
    await expect(owner.getByLabel("Minimum notice", { exact: true }).inputValue()).resolves.toBe("3");
    await expect(owner.getByLabel("Minimum notice: unit").inputValue()).resolves.toBe("hours");
  });

  it("shows the API's error beside the field it names, in the unit the field is shown in, and saves nothing", async () => {
    await owner.getByLabel("Minimum notice", { exact: true }).fill("90");
    await owner.getByLabel("Minimum notice: unit").selectOption("days");
    await owner.getByRole("button", { name: "Save settings" }).click();
    await expect(owner.locator("#business-min-notice-error").textContent()).resolves.toBe("must be at most 60 days");
    await expect(owner.getByLabel("Minimum notice", { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(owner.getByRole("alert").textContent()).resolves.toBe("Some settings need a change: see the messages beside them.");
    expect((await server.admin("get", "/admin/business")).body.minNoticeMinutes).toBe(180);
    await checkPage(owner, "settings-business-error");
  });
});

describe("channels", () => {
  it("shows the booking page's address and an embed snippet that frames it", async () => {
    await owner.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Booking page" }).click();
    await owner.getByRole("heading", { name: "Booking page", level: 2 }).waitFor();
    const url = `${server.baseUrl}/b/slotline-demo-salon`;
    await expect(owner.getByRole("link", { name: url }).getAttribute("href")).resolves.toBe(url);
    const snippet = await owner.getByLabel("Put the page on your own website: copy this into your page's HTML").inputValue();
    expect(snippet).toBe(`<iframe src="${url}/embed" title="Book with Slotline Demo Salon" style="width:100%;max-width:40rem;height:900px;border:0"></iframe>`);
    await checkPage(owner, "settings-booking-page");
  });

  it("lists the numbers and WhatsApp account that route to the business, with where their webhooks point", async () => {
    await claimChannels(server.database.db, (await server.admin("get", "/admin/business")).body.id, { twilioNumbers: ["+15550001111"], whatsappPhoneNumberId: "1098765432" });
    await owner.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Channels" }).click();
    await owner.getByRole("heading", { name: "Channels", level: 2 }).waitFor();
    await owner.getByText("+15550001111").waitFor();
    await owner.getByText("1098765432").waitFor();
    await owner.getByText(`${server.baseUrl}/webhooks/twilio`).waitFor();
    await owner.getByText(`${server.baseUrl}/webhooks/whatsapp`).waitFor();
    expect(new URL(owner.url()).pathname).toBe("/console/settings/channels");
    await checkPage(owner, "settings-channels");
  });
});

describe("users and roles", () => {
  let frontDesk: BrowserContext;
  let deskPage: Page;

  afterAll(() => frontDesk?.close());

  it("invites a front-desk user and shows their one-time link once", async () => {
    await owner.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users and roles" }).click();
    await owner.getByRole("heading", { name: "Users and roles", level: 2 }).waitFor();
    await owner.getByRole("heading", { name: "Olive Owner (you)" }).waitFor();
    await checkPage(owner, "settings-users");

    await owner.getByLabel("Email").fill("fran@salon.test");
    await owner.getByLabel("Name").fill("Fran Desk");
    await expect(owner.getByLabel("Role", { exact: true }).inputValue()).resolves.toBe("frontDesk");
    await owner.getByRole("button", { name: "Invite", exact: true }).click();
    const link = owner.getByLabel("Set-password link for Fran Desk");
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/console/set-password#[A-Za-z0-9_-]{43}$`));
    await owner.getByText("It works once and expires in 72 hours").waitFor();
    await owner.getByRole("heading", { name: "Fran Desk" }).waitFor();
    await expect(owner.getByText("fran@salon.test · Front desk · Invited, no password yet").count()).resolves.toBe(1);
    await checkPage(owner, "settings-invite-link");
    await owner.getByRole("button", { name: "Done" }).click();
    await expect(link.count()).resolves.toBe(0);

    // Fran uses the link: signed in as front desk.
    frontDesk = await contextAt(browser, NOW);
    deskPage = await frontDesk.newPage();
    await setPassword(deskPage, url, "fran's long password");
  });

  it("tells a front-desk user that Settings is not theirs", async () => {
    const nav = deskPage.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: "Settings" }).count()).resolves.toBe(0);
    await deskPage.goto(`${server.baseUrl}/console/settings/users`);
    await deskPage.getByText("Your role does not give access to settings").waitFor();
    await checkPage(deskPage, "settings-not-yours");
  });

  it("disables a user, who is signed out at once, and enables them again", async () => {
    await owner.reload();
    const fran = owner.getByRole("listitem").filter({ has: owner.getByRole("heading", { name: "Fran Desk" }) });
    await fran.getByText("Active").waitFor();
    await fran.getByRole("button", { name: "Disable Fran Desk" }).click();
    await fran.getByRole("status").filter({ hasText: "Fran Desk is disabled and signed out." }).waitFor();
    await fran.getByText(/^Disabled since /).waitFor();
    await checkPage(owner, "settings-user-disabled");

    await deskPage.reload();
    await deskPage.getByRole("heading", { name: "Sign in to Slotline" }).waitFor();

    await fran.getByRole("button", { name: "Enable Fran Desk" }).click();
    await fran.getByText("Active").waitFor();
  });

  it("shows the API's refusal to disable the last owner's own role", async () => {
    const olive = owner.getByRole("listitem").filter({ has: owner.getByRole("heading", { name: "Olive Owner (you)" }) });
    await expect(olive.getByRole("button", { name: /^Disable/ }).count()).resolves.toBe(0);
    await olive.getByLabel("Role of Olive Owner").selectOption("frontDesk");
    await olive.getByRole("button", { name: "Change role" }).click();
    await expect(olive.getByRole("alert").textContent()).resolves.toMatch(/last active owner/);
    await checkPage(owner, "settings-last-owner");
  });
});
