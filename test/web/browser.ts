/**
 * Chromium from Debian's `chromium` package, driven by playwright-core (no browser download), with
 * axe-core injected into each page and screenshots at a desktop and a phone width.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = path.join(__dirname, "../../test-results/console");
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM });
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now, as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (nothing inline) does not stop it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ["violations"] })).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/**
 * The page at 1280 px and at 375 px: axe at each width must find nothing serious, and a full-page
 * screenshot of each goes to test-results/console/<name>-<width>.png. Leaves the page at desktop width.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    expect({ page: name, width: size.width, violations: await seriousViolations(page) }).toEqual({ page: name, width: size.width, violations: [] });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

/** Polls until `check` holds (true) or 10 s pass (false): for what happens after a commit (a text sent). */
export async function until(check: () => Promise<boolean | undefined>): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    if (await check()) return true;
  }
  return false;
}

/** Opens an invitation link and sets the password (the console then signs the person in). */
export async function setPassword(page: Page, inviteUrl: string, password: string): Promise<void> {
  await page.goto(inviteUrl);
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password and sign in" }).click();
}

/** A fresh browser profile at desktop width whose clock reads `now` (timers still run, so polling does). */
export async function contextAt(browser: Browser, now: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP });
  await context.clock.setFixedTime(new Date(now));
  return context;
}

/**
 * A console owner, invited and signed in, on Today: a fresh profile at the server's time (`now`),
 * the invitation set with a password, the page waiting on /console/today.
 */
export async function ownerOnToday(browser: Browser, server: { invite(body: { email: string; name: string; role: string }): Promise<string> }, now: string, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await contextAt(browser, now);
  const page = await context.newPage();
  await setPassword(page, await server.invite({ email, name: "Olive Owner", role: "owner" }), "correct horse battery staple");
  await page.waitForURL("**/console/today");
  await page.getByRole("heading", { level: 1 }).waitFor();
  return { context, page };
}
