/**
 * The customers' booking page (/b/:slug), as a browser without JavaScript uses it: follow the
 * page's own links (service → day → time), post its form, follow the 303 to the confirmation or to
 * Stripe Checkout (the fake Stripe), pay there and land on the payment page. A time taken meanwhile
 * comes back with the nearest free times; bad input with each error beside its field and what was
 * typed; the embed may be framed, the page only by itself; the page's POSTs count towards the
 * public API's rate limit. The demo salon (New York time) on Monday 2 March 2026, 08:00. Runs on
 * PGlite, and on PostgreSQL with DATABASE_URL.
 */
import request from "supertest";
import { bookingIdOfManageToken } from "../../src/accounts/manageTokens";
import { phoneMaker } from "../support/adminClient";
import { type PaymentsServer, startPaymentsServer } from "../support/paymentsServer";

const SESSION_SECRET = "booking-page-test-secret-0123456789abcdef";
const SLUG = "slotline-demo-salon";
const HOME = `/b/${SLUG}`;
const newPhone = phoneMaker("555727");

let server: PaymentsServer;

beforeAll(async () => {
  server = await startPaymentsServer({ env: { TRUST_PROXY: "1", SESSION_SECRET } });
  await server.admin.patch("/admin/business", { address: "1 Main St, Springfield", contactEmail: "hello@demo.example" }).expect(200);
}, 60_000);
afterAll(async () => {
  await server.close();
});

let clientCounter = 0;
/** A client address of its own per visitor (X-Forwarded-For, believed with TRUST_PROXY=1), so the rate limit counts only where a test means it to. */
const freshClient = () => `203.0.113.${++clientCounter}`;

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)) out[m[1]!] = decode(m[2] ?? "");
  return out;
}

/** Every link: its href and its accessible name (aria-label, else its text). */
function links(html: string): { href: string; name: string; attrs: Record<string, string> }[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => {
    const attrs = attributes(m[1]!);
    return { href: attrs.href ?? "", name: attrs["aria-label"] ?? decode(m[2]!.replace(/<[^>]+>/g, "")).trim(), attrs };
  });
}

function linkNamed(html: string, name: string | RegExp): string {
  const found = links(html).find((l) => (typeof name === "string" ? l.name === name : name.test(l.name)));
  if (!found) throw new Error(`no link named ${String(name)} among: ${links(html).map((l) => l.name).join(" | ")}`);
  return found.href;
}

/** The booking form: its attributes and the hidden fields it carries. */
function bookingForm(html: string): { attrs: Record<string, string>; hidden: Record<string, string> } {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error("no form on the page");
  const hidden: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(m[1]!);
    if (a.type === "hidden") hidden[a.name!] = a.value!;
  }
  return { attrs: attributes(form[1]!), hidden };
}

function inputOf(html: string, id: string): Record<string, string> {
  const m = new RegExp(`<(?:input|textarea)\\b([^>]*\\bid="${id}"[^>]*)>`).exec(html);
  if (!m) throw new Error(`no field #${id}`);
  return attributes(m[1]!);
}

/** A visitor without JavaScript: one client address, following links and posting forms. */
function visitor(client = freshClient()) {
  const get = (path: string) => request(server.app).get(path.replace(/#.*$/, "")).set("X-Forwarded-For", client);
  const post = (path: string, form: Record<string, string>) => request(server.app).post(path).set("X-Forwarded-For", client).type("form").send(form);
  return { get, post };
}

/** Home → the service → the day → the time: the page with the form. */
async function chooseTime(v: ReturnType<typeof visitor>, service: string, day: RegExp, time: string, home = HOME): Promise<string> {
  const start = await v.get(home).expect(200);
  const calendar = await v.get(linkNamed(start.text, `Choose ${service}`)).expect(200);
  const times = await v.get(linkNamed(calendar.text, day)).expect(200);
  const form = await v.get(linkNamed(times.text, time)).expect(200);
  return form.text;
}

describe("GET /b/:slug", () => {
  it("shows the business, its services with duration and price, and each plan in one line", async () => {
    const res = await visitor().get(HOME);

    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain("<h1>Slotline Demo Salon</h1>");
    expect(res.text).toContain("1 Main St, Springfield");
    expect(res.text).toContain('href="mailto:hello@demo.example"');
    expect(res.text).toContain("30 minutes · $35.00");
    expect(res.text).toContain("90 minutes · $120.00 · paid when booking");
    expect(res.text).toContain("A plan of 3 sessions booked together: pick the first time and the whole schedule is shown and booked at once (only starts whose every session is free are offered).");
    expect(res.text).toContain("A plan of 8 sessions, at least 7 days apart: book the first one now; after each session we text you to book the next.");
    expect(res.text).toContain("A plan of 10 sessions, at least 1 day apart, booked whenever you like: here you book one session at a time");
    expect(res.text).toContain("A pass of 3 sessions for $120.00, paid once");
  });

  it("is light: under 100 KB with its script, which is under 15 KB and served by its hash", async () => {
    const res = await visitor().get(HOME).expect(200);
    const src = /<script src="([^"]+)" defer><\/script>/.exec(res.text)![1]!;
    expect(src).toMatch(/^\/static\/booking\/enhance\.[0-9a-f]{12}\.js$/);
    const script = await request(server.app).get(src).expect(200);
    expect(script.headers["content-type"]).toMatch(/^application\/javascript/);
    expect(script.headers["cache-control"]).toContain("immutable");
    expect(Buffer.byteLength(script.text)).toBeLessThan(15_000);
    expect(Buffer.byteLength(res.text) + Buffer.byteLength(script.text)).toBeLessThan(100_000);
    // The whole month of a service, its times and the form: still light.
    const form = await chooseTime(visitor(), "Haircut", /^Tuesday 3 March 2026/, "10:00");
    expect(Buffer.byteLength(form) + Buffer.byteLength(script.text)).toBeLessThan(100_000);
  });

  it("shows a month of days with free times, previous and next month, and the chosen day's times in the business's zone", async () => {
    const v = visitor();
    const home = await v.get(HOME).expect(200);
    const calendar = await v.get(linkNamed(home.text, "Choose Haircut")).expect(200);

    expect(calendar.text).toContain("Choose a day for Haircut");
    expect(calendar.text).toContain("March 2026");
    // Today from 09:00 (an hour's notice), Sundays closed, yesterday gone.
    expect(linkNamed(calendar.text, /^Monday 2 March 2026: \d+ free times$/)).toMatch(/date=2026-03-02/);
    expect(calendar.text).toContain('aria-label="Sunday 8 March 2026: no free times"');
    expect(calendar.text).toContain('aria-label="Sunday 1 March 2026: no free times"');
    expect(links(calendar.text).some((l) => l.name === "Previous month")).toBe(false);
    const april = await v.get(linkNamed(calendar.text, "Next month")).expect(200);
    expect(april.text).toContain("April 2026");
    expect(linkNamed(april.text, "Previous month")).toMatch(/month=2026-03/);

    const times = await v.get(linkNamed(calendar.text, /^Tuesday 3 March 2026: 35 free times$/)).expect(200);
    expect(times.text).toContain("Free times on Tuesday 3 March 2026");
    expect(times.text).toContain("Times are in New York time (America/New_York).");
    expect(times.text).toContain('<time datetime="2026-03-03T14:00:00.000Z" data-local>09:00</time>');
    expect(linkNamed(times.text, "17:30")).toMatch(/start=2026-03-03T22%3A30%3A00.000Z/);
  });

  it("is a 404 page for an unknown slug, and a 400 page for an address it cannot read", async () => {
    const v = visitor();
    const missing = await v.get("/b/no-such-salon");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("There is no booking page at this address");
    expect((await v.get("/b/no-such-salon/embed")).status).toBe(404);
    expect((await v.post("/b/no-such-salon/book", { serviceId: "x" })).status).toBe(404);
    expect((await v.get(`${HOME}?service=not-a-uuid`)).status).toBe(400);
    expect((await v.get(`${HOME}?service=${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`)).status).toBe(404);
    expect((await v.get(`${HOME}?date=2026-02-30`)).status).toBe(400);
  });
});

describe("booking on the page", () => {
  it("books a haircut: service, day, time, details, a 303 to the confirmation with the manage, .ics and Google Calendar links", async () => {
    const v = visitor();
    const phone = newPhone();
    const page = await chooseTime(v, "Haircut", /^Tuesday 3 March 2026/, "10:00");
    expect(page).toContain("Tuesday 3 March 2026, <time datetime=\"2026-03-03T15:00:00.000Z\" data-local>10:00–10:30</time>");
    expect(page).toContain("Cancellation policy: you can cancel free of charge");
    expect(page.indexOf("Cancellation policy")).toBeLessThan(page.indexOf('<button type="submit">Book</button>'));
    const form = bookingForm(page);
    expect(form.attrs).toEqual(expect.objectContaining({ method: "post", action: `${HOME}/book` }));
    expect(form.hidden.start).toBe("2026-03-03T15:00:00.000Z");

    const posted = await v.post(form.attrs.action!, { ...form.hidden, name: "Ann Lee", phone: phone.slice(2).replace(/(\d{3})(\d{3})(\d{4})/, "($1) $2-$3"), email: "", promoCode: "", notes: "Short on the sides" });

    expect(posted.status).toBe(303);
    const location = posted.headers.location as string;
    const token = new RegExp(`^${HOME}/confirmation/m/([A-Za-z0-9_-]{44})$`).exec(location)![1]!;
    const [booking] = await server.bookings({ phone });
    expect(booking).toEqual(expect.objectContaining({ status: "confirmed", start: expect.stringMatching(/^2026-03-03T(15:00:00.000Z|10:00:00-05:00)$/), customer: expect.objectContaining({ name: "Ann Lee" }) }));
    expect(bookingIdOfManageToken(SESSION_SECRET, token)).toBe(booking!.id);

    const confirmation = await v.get(location).expect(200);
    expect(confirmation.headers["referrer-policy"]).toBe("no-referrer");
    expect(decode(confirmation.text)).toContain("You're booked");
    expect(confirmation.text).toContain("Tuesday 3 March 2026, 10:00–10:30");
    expect(linkNamed(confirmation.text, "Add to calendar (.ics)")).toBe(`/m/${token}/calendar.ics`);
    expect(linkNamed(confirmation.text, "See, move or cancel your booking")).toBe(`/m/${token}`);
    const google = new URL(linkNamed(confirmation.text, "Add to Google Calendar"));
    expect(google.origin + google.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(Object.fromEntries(google.searchParams)).toEqual({
      action: "TEMPLATE",
      text: "Haircut · Slotline Demo Salon",
      dates: "20260303T150000Z/20260303T153000Z",
      details: `See, move or cancel your booking: https://bot.example.test/m/${token}`,
      location: "1 Main St, Springfield",
    });
    const ics = await v.get(`/m/${token}/calendar.ics`).expect(200);
    expect(ics.text).toContain("DTSTART:20260303T150000Z");
    // Confirmed by text too, with the manage link.
    const texts = await server.sentTo(phone);
    expect(texts.at(-1)!.body).toContain(`https://bot.example.test/m/${token}`);
  });

  it("books an immediate 3-session plan showing its whole schedule, pays on Stripe Checkout and lands on the payment page", async () => {
    const v = visitor();
    const phone = newPhone();
    const page = await chooseTime(v, "Hair implant", /^Wednesday 4 March 2026/, "10:00");
    expect(page).toContain("Your 3 sessions");
    expect(page).toMatch(/Consultation and fitting \(session 1 of 3\)<\/strong><br>Wednesday 4 March 2026, <time datetime="2026-03-04T15:00:00.000Z" data-local>10:00–11:00/);
    expect(page).toMatch(/Integration check \(session 2 of 3\)<\/strong><br>Wednesday 18 March 2026, <time datetime="2026-03-18T14:00:00.000Z"/);
    expect(page).toContain("Final fitting (session 3 of 3)");
    expect(page).toContain("Continue to payment");
    const form = bookingForm(page);

    const posted = await v.post(form.attrs.action!, { ...form.hidden, name: "Bo Chen", phone });

    expect(posted.status).toBe(303);
    const checkout = posted.headers.location as string;
    expect(checkout.startsWith(`${server.stripe.url}/pay/`)).toBe(true);
    const held = await server.bookings({ phone });
    expect(held.map((b) => b.status)).toEqual(["pending_payment", "pending_payment", "pending_payment"]);
    const session = server.sessionOf(checkout);
    expect(session.success_url).toBe("https://bot.example.test/paid");
    expect((await server.deliver(server.stripe.complete(session.id))).status).toBe(200);
    expect((await server.bookings({ phone })).map((b) => b.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    const paid = await v.get(new URL(session.success_url!).pathname).expect(200);
    expect(paid.text).toContain("Payment received");
  });

  it("offers the nearest free times when the chosen one was taken meanwhile, keeping what was typed", async () => {
    const v = visitor();
    const page = await chooseTime(v, "Haircut", /^Thursday 5 March 2026/, "11:00");
    const form = bookingForm(page);
    // Both staff free at 11:00 are booked through the API before the visitor sends the form.
    for (let i = 0; i < 2; i++) {
      await request(server.app)
        .post(`/api/public/${SLUG}/bookings`)
        .set("X-Forwarded-For", freshClient())
        .send({ serviceId: form.hidden.serviceId, start: "2026-03-05T11:00:00-05:00", name: "Quick", phone: newPhone() })
        .expect(201);
    }

    const res = await v.post(form.attrs.action!, { ...form.hidden, name: "Cy Park", phone: newPhone(), notes: "First visit" });

    expect(res.status).toBe(409);
    expect(res.text).toContain("Sorry, this time was just taken: Thursday 5 March 2026 at 11:00. Here are the nearest free times: choose one and send again.");
    const choices = [...res.text.matchAll(/<input type="radio" id="alt-\d+" name="start" value="([^"]+)"/g)].map((m) => m[1]);
    expect(choices).toEqual(expect.arrayContaining(["2026-03-05T15:30:00.000Z", "2026-03-05T16:30:00.000Z"]));
    expect(choices).not.toContain("2026-03-05T16:00:00.000Z");
    expect(inputOf(res.text, "name").value).toBe("Cy Park");
    expect(res.text).toContain(">First visit</textarea>");

    // Choosing one of them books it.
    const again = await v.post(form.attrs.action!, { serviceId: form.hidden.serviceId!, start: choices[0]!, name: "Cy Park", phone: newPhone() });
    expect(again.status).toBe(303);
  });

  it("shows each error beside its field, with nothing typed lost", async () => {
    const v = visitor();
    const form = bookingForm(await chooseTime(v, "Haircut", /^Friday 6 March 2026/, "10:00"));

    const res = await v.post(form.attrs.action!, { ...form.hidden, name: "  ", phone: "12", email: "not-an-email", promoCode: "SPRING", notes: "Keep <this> & that" });

    expect(res.status).toBe(400);
    expect(res.text).toContain('<p class="error" id="name-error">Your name must not be empty.</p>');
    expect(res.text).toContain('<p class="error" id="email-error">The email must be an email address.</p>');
    expect(inputOf(res.text, "name")).toEqual(expect.objectContaining({ "aria-invalid": "true", "aria-describedby": "name-error" }));
    expect(inputOf(res.text, "email")).toEqual(expect.objectContaining({ "aria-invalid": "true", value: "not-an-email" }));
    expect(inputOf(res.text, "promoCode").value).toBe("SPRING");
    expect(inputOf(res.text, "phone").value).toBe("12");
    expect(res.text).toContain(">Keep &lt;this&gt; &amp; that</textarea>");
    // The chosen time is still chosen.
    expect(bookingForm(res.text).hidden.start).toBe(form.hidden.start);

    // The phone is read once the rest is well formed.
    const phoneOnly = await v.post(form.attrs.action!, { ...form.hidden, name: "Di", phone: "12" });
    expect(phoneOnly.status).toBe(400);
    expect(res.text).toContain("phone-hint");
    expect(phoneOnly.text).toContain('<p class="error" id="phone-error">The phone number is not a phone number we can text (include the country code, e.g. +44, for a number from abroad).</p>');
    expect(inputOf(phoneOnly.text, "phone")).toEqual(expect.objectContaining({ "aria-invalid": "true", "aria-describedby": "phone-error phone-hint" }));
  });

  it("requires an email when the business does", async () => {
    await server.admin.patch("/admin/business", { requireEmail: true }).expect(200);
    try {
      const v = visitor();
      const page = await chooseTime(v, "Haircut", /^Friday 6 March 2026/, "11:00");
      expect(inputOf(page, "email").required).toBe("");
      const form = bookingForm(page);
      const missing = await v.post(form.attrs.action!, { ...form.hidden, name: "Eve", phone: newPhone() });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('<p class="error" id="email-error">The email is required by this business.</p>');
      const given = await v.post(form.attrs.action!, { ...form.hidden, name: "Eve", phone: newPhone(), email: "eve@example.com" });
      expect(given.status).toBe(303);
    } finally {
      await server.admin.patch("/admin/business", { requireEmail: false }).expect(200);
    }
  });

  it("sends a request for approval to a page that says so", async () => {
    await server.admin.patch("/admin/business", { requiresApproval: true }).expect(200);
    try {
      const v = visitor();
      const form = bookingForm(await chooseTime(v, "Haircut", /^Friday 6 March 2026/, "12:00"));
      const posted = await v.post(form.attrs.action!, { ...form.hidden, name: "Fay", phone: newPhone() });
      expect(posted.status).toBe(303);
      const page = await v.get(posted.headers.location as string).expect(200);
      expect(page.text).toContain("Request sent");
      expect(decode(page.text)).toContain("you'll get a text when they decide");
    } finally {
      await server.admin.patch("/admin/business", { requiresApproval: false }).expect(200);
    }
  });

  it("shows a confirmation only for a valid token of this business", async () => {
    const v = visitor();
    expect((await v.get(`${HOME}/confirmation/m/${"A".repeat(44)}`)).status).toBe(404);
    expect((await v.get(`${HOME}/confirmation/m/short`)).status).toBe(404);
  });
});

describe("framing", () => {
  it("lets anyone frame the embed, keeps its links in the frame, and opens Checkout at the top level", async () => {
    const v = visitor();
    const normal = await v.get(HOME).expect(200);
    expect(normal.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(normal.headers["x-frame-options"]).toBe("SAMEORIGIN");

    const embed = await v.get(`${HOME}/embed`).expect(200);
    const csp = embed.headers["content-security-policy"] as string;
    expect(csp).toContain("frame-ancestors *");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(embed.headers["x-frame-options"]).toBeUndefined();
    expect(linkNamed(embed.text, "Choose Haircut").startsWith(`${HOME}/embed?`)).toBe(true);

    const haircut = bookingForm(await chooseTime(v, "Haircut", /^Tuesday 10 March 2026/, "10:00", `${HOME}/embed`));
    expect(haircut.attrs.action).toBe(`${HOME}/embed/book`);
    expect(haircut.attrs.target).toBeUndefined();
    const posted = await v.post(haircut.attrs.action!, { ...haircut.hidden, name: "Gil", phone: newPhone() });
    expect(posted.headers.location).toMatch(new RegExp(`^${HOME}/embed/confirmation/m/`));
    const confirmation = await v.get(posted.headers.location as string).expect(200);
    expect(confirmation.headers["content-security-policy"]).toContain("frame-ancestors *");
    // The manage page refuses frames: it opens at the top level.
    expect(links(confirmation.text).find((l) => l.name === "See, move or cancel your booking")!.attrs.target).toBe("_top");

    const colour = bookingForm(await chooseTime(v, "Colour treatment", /^Tuesday 10 March 2026/, "11:00", `${HOME}/embed`));
    expect(colour.attrs).toEqual(expect.objectContaining({ action: `${HOME}/book`, target: "_top" }));
    expect(csp).toContain(`form-action 'self' ${server.stripe.url}`);
  });
});

describe("the rate limit", () => {
  it("counts the page's POSTs with the public API's: the eleventh in ten minutes is a 429 page with Retry-After", async () => {
    const form = bookingForm(await chooseTime(visitor(), "Haircut", /^Wednesday 11 March 2026/, "10:00"));
    const client = freshClient();
    const w = visitor(client);
    for (let i = 0; i < 6; i++) await w.post(form.attrs.action!, { ...form.hidden, name: "", phone: "" }).expect(400);
    for (let i = 0; i < 4; i++) await request(server.app).post(`/api/public/${SLUG}/bookings`).set("X-Forwarded-For", client).send({}).expect(400);

    const res = await w.post(form.attrs.action!, { ...form.hidden, name: "Hal", phone: newPhone() });

    expect(res.status).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect(res.text).toContain("Too many tries");
    // Another client is not affected.
    expect((await visitor().post(form.attrs.action!, { ...form.hidden, name: "", phone: "" })).status).toBe(400);
  });
});
