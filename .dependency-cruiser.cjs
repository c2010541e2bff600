/**
 * The layering of src/ (see the layout in the style notes): dependencies point inward. http, web
 * and channels call operations and conversation; conversation calls operations; operations call
 * booking, payments, calendar and the outbox; booking knows nothing of HTTP, providers, XState or
 * wording. `npm run layers` checks it. Type-only imports count: a type is a dependency too.
 *
 * Rules for folders that do not exist yet (operations/, copy/, tenancy/, web/) are here on purpose:
 * they hold from the first file.
 */

/** A folder (or top-level file) of src/, as a path pattern. */
const src = (...names) => `^src/(${names.join("|")})(/|\\.ts$)`;
/** An npm package, wherever node_modules resolves to (here a symlink), or unresolved by name. */
const pkg = (...names) => `(^|node_modules/)(${names.join("|")})(/|$)`;

const COMPOSITION_ROOT = ["main", "server", "services"];
const PROVIDER_SDKS = ["stripe", "twilio", "openai", "googleapis", "@googleapis/[^/]+", "nodemailer"];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A cycle makes two modules one: neither can be read, tested or moved alone. Move the shared part " +
        "(an interface, a type) into its own file that both import.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "booking-is-the-core",
      severity: "error",
      comment:
        "booking/ is pure scheduling and the only writer of `bookings`: it imports nothing above it — no use " +
        "case, payment, calendar, wording, chat, channel, job, HTTP, tenancy or console code, and not the " +
        "composition root. Whoever needs both calls booking, never the other way round.",
      from: { path: src("booking") },
      to: {
        path: src(
          "operations",
          "payments",
          "calendar",
          "copy",
          "conversation",
          "channels",
          "jobs",
          "http",
          "web",
          "tenancy",
          "admin",
          ...COMPOSITION_ROOT,
        ),
      },
    },
    {
      name: "payments-and-calendar-know-no-callers",
      severity: "error",
      comment:
        "payments/ and calendar/ return outcomes, never sentences, and know nothing of who calls them: no " +
        "conversation, channel, wording, HTTP, use case or job. The caller (an operation) turns the outcome " +
        "into a message.",
      from: { path: src("payments", "calendar") },
      to: { path: src("conversation", "channels", "copy", "http", "operations", "jobs") },
    },
    {
      name: "operations-not-on-http",
      severity: "error",
      comment:
        "An operation is a transaction + an input → a typed outcome, called by chat, console, booking page " +
        "and jobs alike: it knows nothing of HTTP (express, src/http). Map outcomes to status codes in http/.",
      from: { path: src("operations") },
      to: { path: [src("http"), pkg("express")] },
    },
    {
      name: "operations-not-on-xstate",
      severity: "error",
      comment:
        "Operations are called by the chat, not part of it: no XState and nothing of src/conversation. The " +
        "machine's actors call operations, never the reverse.",
      from: { path: src("operations") },
      to: { path: [src("conversation"), pkg("xstate")] },
    },
    {
      name: "operations-not-on-provider-sdks",
      severity: "error",
      comment:
        "Operations reach providers through their interfaces (the payment gateway, the calendar, the outbox), " +
        "never through an SDK or a provider's channel folder, so every provider can be swapped or faked.",
      from: { path: src("operations") },
      to: { path: [pkg(...PROVIDER_SDKS), "^src/channels/(twilio|meta)/"] },
    },
    {
      name: "copy-is-wording-only",
      severity: "error",
      comment:
        "copy/ is the catalog of sentences and their formatting (dates, prices, choices): it takes typed " +
        "parameters and returns text. It reads no database and calls no payment, operation, channel, chat, " +
        "HTTP or job code; those call copy.",
      from: { path: src("copy") },
      to: { path: src("payments", "operations", "channels", "conversation", "http", "jobs", "db") },
    },
    {
      name: "db-is-below-the-domain",
      severity: "error",
      comment:
        "db/ is the schema, the client and migrations: the domain is built on it, so it imports none of the " +
        "domain folders nor the composition root.",
      from: { path: src("db") },
      to: {
        path: src(
          "booking",
          "payments",
          "calendar",
          "operations",
          "copy",
          "conversation",
          "channels",
          "tenancy",
          "jobs",
          "http",
          "web",
          "admin",
          "demo",
          ...COMPOSITION_ROOT,
        ),
      },
    },
    {
      name: "web-is-served-by-http",
      severity: "error",
      comment:
        "web/ is the console and the booking page, a build of their own that http/ serves: only http/ and the " +
        "composition root (which builds the bundle at start) import it. The domain never knows a page exists.",
      from: { path: "^src/", pathNot: ["^src/(http|web)/", src(...COMPOSITION_ROOT)] },
      to: { path: src("web") },
    },
    {
      name: "web-talks-to-the-api-only",
      severity: "error",
      comment:
        "The browser code in web/*/app reaches the server through the HTTP API alone (the one contract): it " +
        "imports nothing of src/ outside its own app, or server code would end up in the bundle.",
      from: { path: "^src/web/[^/]+/app/" },
      to: { path: "^src/", pathNot: "^src/web/[^/]+/app/" },
    },
    {
      name: "config-stands-alone",
      severity: "error",
      comment:
        "config/ is the one place that reads the environment, and everything else may read config: so it " +
        "imports nothing of src/ but itself.",
      from: { path: "^src/config/" },
      to: { path: "^src/", pathNot: "^src/config/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Count `import type` (and other imports TypeScript erases): a type is a dependency too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
