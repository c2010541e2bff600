/**
 * A local stand-in for the parts of Stripe's API we use (Checkout Sessions, Refunds), speaking its
 * wire format: form-encoded requests in bracket notation, JSON answers, Bearer auth, Idempotency-Key
 * replays. The stripe SDK, pointed here by STRIPE_API_BASE, cannot tell the difference. Tests play
 * the customer with complete()/expire() and deliver the resulting events with signedWebhook().
 * Stripe Connect: a request with a Stripe-Account header acts on that connected account, whose
 * sessions and payment intents the platform (or another account) cannot see, and its events carry
 * the `account`, signed as the Connect endpoint would sign them.
 * For the unhappy paths a test can refuse requests (failNext), hold one mid-flight (holdNext), or
 * turn on chaos: random failures and answers that never come, after Stripe has already acted.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { systemClock, type Clock } from "../../src/clock";

export const FAKE_STRIPE_SECRET_KEY = "sk_test_fake_0123456789abcdef0123456789";
export const FAKE_STRIPE_WEBHOOK_SECRET = "whsec_fake_0123456789abcdef0123456789";
/** The Connect endpoint's secret: Stripe signs connected accounts' events with it. */
export const FAKE_STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_fake_connect_0123456789abcdef01";

/** A form body decoded into Stripe's nesting: `a[b][0][c]=1` → `{ a: { b: [{ c: "1" }] } }`. Values stay strings, as sent. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export interface FakeRefund {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: "succeeded";
  /** The connected account the refund was made on; undefined: the platform's own. Not sent on the wire. */
  account: string | undefined;
  /** The Idempotency-Key it was made with, as sent. Not sent on the wire. */
  idempotencyKey: string | undefined;
}

/**
 * Stripe misbehaving, one draw per authenticated API request: with probability failRate a 500
 * before anything happens; with probability timeoutRate the request is carried out but its answer
 * never comes (the socket closes after timeoutMs), so the caller cannot tell whether Stripe acted.
 */
export interface FakeStripeChaos {
  failRate: number;
  timeoutRate: number;
  /** How long the unanswered request stays open. Default 30 s: beyond the SDK's 10 s client timeout. */
  timeoutMs?: number;
  /** A seeded or fixed source makes a chaotic run repeatable; default Math.random. */
  random?: () => number;
}

/** A request holdNext caught: `reached` once it arrives, and nothing happens for it until release(). */
export interface HeldRequest {
  reached: Promise<void>;
  release(): void;
}

export interface RecordedStripeRequest {
  method: string;
  path: string;
  body: FormObject;
  idempotencyKey: string | undefined;
  /** The Stripe-Account header: the connected account the request acted on. */
  stripeAccount: string | undefined;
  /** What the fake answered. */
  status: number;
}

export interface FakeCheckoutSession {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  success_url: string | null;
  url: string | null;
}

export interface FakePaymentIntent {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  amountRefunded: number;
}

export interface FakeStripeEvent {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  /** The connected account the event happened on (Connect events only). */
  account?: string;
}

export interface FakeStripeApi {
  /** The origin to give STRIPE_API_BASE, e.g. http://127.0.0.1:54321 */
  url: string;
  secretKey: string;
  /** Every request that reached the fake, answered or refused, in the order answered (a held request when let go). */
  requests: RecordedStripeRequest[];
  /** Every session, whichever account it was made on (as the tests see them, not the API). */
  sessions: ReadonlyMap<string, FakeCheckoutSession>;
  paymentIntents: ReadonlyMap<string, FakePaymentIntent>;
  /** Every refund made, whichever account it was made on, so a test can count them (a replayed request makes none). */
  refunds: ReadonlyMap<string, FakeRefund>;
  /** What chaos did so far: requests answered 500, and requests carried out but never answered. */
  chaosCounts: { failed: number; timedOut: number };
  /** The connected account a session was created on; undefined: the platform's own. */
  accountOf(sessionId: string): string | undefined;
  /** The customer paid: the session completes with a new payment intent. Returns the `checkout.session.completed` Event. */
  complete(sessionId: string): FakeStripeEvent;
  /**
   * The customer paid with a delayed method (a bank debit): the session completes unpaid, then the
   * money arrives. Returns both Events: `checkout.session.completed` (payment_status "unpaid") and
   * `checkout.session.async_payment_succeeded` ("paid").
   */
  completeDelayed(sessionId: string): { completed: FakeStripeEvent; succeeded: FakeStripeEvent };
  /**
   * The customer paid with a delayed method and the money never came (the debit bounced). Returns
   * both Events: `checkout.session.completed` (payment_status "unpaid") and
   * `checkout.session.async_payment_failed`. The session stays complete and unpaid; its payment
   * intent id is Stripe's, but no money moved, so none appears in paymentIntents to be refunded.
   */
  completeDelayedFailed(sessionId: string): { completed: FakeStripeEvent; failed: FakeStripeEvent };
  /** The session ran out (or was expired). Returns the `checkout.session.expired` Event. */
  expire(sessionId: string): FakeStripeEvent;
  /** Any event object, e.g. `event("charge.refunded", {...})`, for the types we do not act on; with `account`, a Connect event. */
  event(type: string, object: unknown, account?: string): FakeStripeEvent;
  /** The webhook Stripe would POST for this event: the raw body and its Stripe-Signature header. */
  signedWebhook(event: unknown, webhookSecret?: string, options?: { timestamp?: number }): { body: string; signature: string };
  /** The next `count` API requests (with valid credentials) are answered with this error status instead. */
  failNext(count: number, status: number, message?: string): void;
  /**
   * The next API request (with valid credentials) of this method to a matching path waits, before
   * it has any effect, until release(): e.g. a Checkout creation kept open while other customers are served.
   */
  holdNext(match: { method: string; path: string | RegExp }): HeldRequest;
  /** Chaos from now on (see FakeStripeChaos); undefined: Stripe behaves again. */
  setChaos(chaos: FakeStripeChaos | undefined): void;
  /** Stripe forgets an Idempotency-Key after 24 hours: a later request with the same key acts again. */
  forgetIdempotencyKeys(): void;
  /** Forgets every object, request, failure, hold not yet reached and chaos count; chaos returns to the one started with. */
  reset(): void;
  /** Stops the server, cutting off any request still held or waiting for an answer chaos withholds. */
  close(): Promise<void>;
}

const SESSION_PATH = /^\/v1\/checkout\/sessions\/([^/]+)$/;
const EXPIRE_PATH = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/;
const PAY_PATH = /^\/pay\/([^/]+)$/;
/** Stripe's list endpoints: `limit` is 1 to 100, 10 when not given. */
const DEFAULT_LIST_LIMIT = 10;
const MAX_LIST_LIMIT = 100;
const DEFAULT_CHAOS_TIMEOUT_MS = 30_000;

export async function startFakeStripeApi(options: { secretKey?: string; clock?: Clock; chaos?: FakeStripeChaos } = {}): Promise<FakeStripeApi> {
  const secretKey = options.secretKey ?? FAKE_STRIPE_SECRET_KEY;
  const clock = options.clock ?? systemClock;
  const seconds = () => Math.floor(clock.now().getTime() / 1000);
  const requests: RecordedStripeRequest[] = [];
  const sessions = new Map<string, FakeCheckoutSession>();
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const refunds = new Map<string, FakeRefund>();
  /** The connected account of each session and payment intent made on one (absent: the platform's). */
  const accounts = new Map<string, string>();
  /** payment_intent_data[metadata] per session, given to the payment intent when the customer pays. */
  const pendingIntentMetadata = new Map<string, Record<string, string>>();
  const idempotent = new Map<string, { method: string; path: string; rawBody: string; answer: unknown }>();
  const failures: { status: number; message: string }[] = [];
  const holds: { method: string; path: string | RegExp; arrive: () => void; released: Promise<void> }[] = [];
  let chaos = options.chaos;
  const chaosCounts = { failed: 0, timedOut: 0 };
  /** Answers chaos withholds: close() clears them so a pending one cannot keep the process alive. */
  const withheld = new Set<NodeJS.Timeout>();
  let origin = "";

  /**
   * One request, start to finish. Each step may end it: the checkout page (no credentials needed),
   * the credentials, a hold, an injected failure, chaos; only then does it act.
   */
  const respond = async (method: string, path: string, rawBody: string, headers: http.IncomingHttpHeaders): Promise<{ answer: Answer; withhold?: number }> => {
    const payPage = PAY_PATH.exec(path);
    if (method === "GET" && payPage) return { answer: checkoutPage(sessions.get(decodeURIComponent(payPage[1]!))) };
    const refused = unauthorised(headers.authorization);
    if (refused) return { answer: refused };
    await heldUntilReleased(method, path);
    const failure = failures.shift();
    if (failure) return { answer: stripeError(failure.status, failure.status >= 500 ? "api_error" : "invalid_request_error", failure.message) };
    const fate = drawChaos();
    if (fate === "fail") {
      chaosCounts.failed++;
      return { answer: stripeError(500, "api_error", "An unknown error occurred (chaos).") };
    }
    const answer = act(method, path, rawBody, headers);
    if (fate === "timeout") {
      chaosCounts.timedOut++;
      return { answer, withhold: chaos?.timeoutMs ?? DEFAULT_CHAOS_TIMEOUT_MS };
    }
    return { answer };
  };

  const unauthorised = (authorization: string | undefined): Answer | undefined => {
    if (authorization === `Bearer ${secretKey}`) return undefined;
    const message = authorization
      ? `Invalid API Key provided: ${redact(authorization)}`
      : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.";
    return stripeError(401, "invalid_request_error", message);
  };

  const heldUntilReleased = async (method: string, path: string): Promise<void> => {
    const i = holds.findIndex((hold) => hold.method === method && (typeof hold.path === "string" ? hold.path === path : hold.path.test(path)));
    if (i === -1) return;
    const [hold] = holds.splice(i, 1);
    hold!.arrive();
    await hold!.released;
  };

  /** One draw per request, so failRate and timeoutRate are each the share of requests they hit. */
  const drawChaos = (): "fail" | "timeout" | undefined => {
    if (!chaos) return undefined;
    const draw = (chaos.random ?? Math.random)();
    if (draw < chaos.failRate) return "fail";
    if (draw < chaos.failRate + chaos.timeoutRate) return "timeout";
    return undefined;
  };

  /** The request carried out (or replayed, under an Idempotency-Key already used). */
  const act = (method: string, path: string, rawBody: string, headers: http.IncomingHttpHeaders): Answer => {
    const account = header(headers["stripe-account"]);
    const idempotencyKey = header(headers["idempotency-key"]);
    // Stripe keeps idempotency keys per account.
    const key = idempotencyScope(account, idempotencyKey);
    if (method === "POST" && key !== undefined) {
      const earlier = idempotent.get(key);
      if (earlier) {
        if (earlier.method !== method || earlier.path !== path || earlier.rawBody !== rawBody) {
          return stripeError(400, "idempotency_error", `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
        }
        return { status: 200, body: earlier.answer, headers: { "Idempotent-Replayed": "true" } };
      }
    }
    const answer = route(method, path, parseForm(rawBody), account, idempotencyKey);
    // As at Stripe, only a request the endpoint carried out is saved for replay; refused parameters are not.
    if (method === "POST" && key !== undefined && answer.status === 200) idempotent.set(key, { method, path, rawBody, answer: answer.body });
    return answer;
  };

  /** An object as the account asking sees it: one made on another account does not exist for it. */
  const visible = <T>(objects: ReadonlyMap<string, T>, id: string, account: string | undefined): T | undefined =>
    accounts.get(id) === account ? objects.get(id) : undefined;

  const route = (method: string, path: string, body: FormObject, account: string | undefined, idempotencyKey: string | undefined): Answer => {
    if (method === "POST" && path === "/v1/checkout/sessions") return createSession(body, account);
    if (method === "POST" && path === "/v1/refunds") return createRefund(body, account, idempotencyKey);
    if (method === "GET" && path === "/v1/refunds") return listRefunds(body, account);
    const expirePath = EXPIRE_PATH.exec(path);
    if (method === "POST" && expirePath) return expireSession(decodeURIComponent(expirePath[1]!), account);
    const sessionPath = SESSION_PATH.exec(path);
    if (method === "GET" && sessionPath) {
      const id = decodeURIComponent(sessionPath[1]!);
      const session = visible(sessions, id, account);
      return session ? { status: 200, body: session } : missing("id", `No such checkout.session: '${id}'`);
    }
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  };

  const createSession = (body: FormObject, account: string | undefined): Answer => {
    if (body.mode === undefined) return missingParam("mode");
    if (body.mode !== "payment") return invalid("mode", "This fake supports only mode=payment.");
    const lineItems = body.line_items;
    if (!Array.isArray(lineItems) || lineItems.length === 0) return missingParam("line_items");
    let amount = 0;
    let currency: string | undefined;
    for (const [i, item] of lineItems.entries()) {
      const priced = lineItem(item, i);
      if ("error" in priced) return priced.error;
      if (currency !== undefined && priced.currency !== currency) return invalid(`line_items[${i}][price_data][currency]`, "All line items must use the same currency.");
      currency = priced.currency;
      amount += priced.amount;
    }
    const created = seconds();
    let expiresAt = created + 24 * 3600;
    if (body.expires_at !== undefined) {
      expiresAt = Number(body.expires_at);
      if (!isWholeNumber(body.expires_at)) return invalid("expires_at", "Invalid integer: " + String(body.expires_at));
      if (expiresAt < created + 30 * 60) return invalid("expires_at", "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.");
      if (expiresAt > created + 24 * 3600) return invalid("expires_at", "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.");
    }
    const id = `cs_test_${randomId(24)}`;
    const session: FakeCheckoutSession = {
      id,
      object: "checkout.session",
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: text(body.cancel_url),
      client_reference_id: text(body.client_reference_id),
      created,
      currency: currency!,
      expires_at: expiresAt,
      livemode: false,
      metadata: metadata(body.metadata),
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      success_url: text(body.success_url),
      url: `${origin}/pay/${id}`,
    };
    sessions.set(id, session);
    if (account !== undefined) accounts.set(id, account);
    const intentData = body.payment_intent_data;
    pendingIntentMetadata.set(id, metadata(isObject(intentData) ? intentData.metadata : undefined));
    return { status: 200, body: session };
  };

  /** POST /v1/checkout/sessions/:id/expire: only an open session can be expired. */
  const expireSession = (id: string, account: string | undefined): Answer => {
    const session = visible(sessions, id, account);
    if (!session) return missing("session", `No such checkout.session: '${id}'`);
    if (session.status !== "open") return stripeError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired. This session has status "${session.status}".`);
    Object.assign(session, { status: "expired", url: null });
    return { status: 200, body: session };
  };

  const createRefund = (body: FormObject, account: string | undefined, idempotencyKey: string | undefined): Answer => {
    if (body.payment_intent === undefined && body.charge === undefined) return missingParam("payment_intent");
    if (typeof body.payment_intent !== "string") return invalid("charge", "This fake refunds by payment_intent only.");
    const intent = visible(paymentIntents, body.payment_intent, account);
    if (!intent) return missing("payment_intent", `No such payment_intent: '${body.payment_intent}'`);
    const remaining = intent.amount - intent.amountRefunded;
    if (remaining === 0) return stripeError(400, "invalid_request_error", `Charge for payment intent ${intent.id} has already been refunded.`, "charge_already_refunded");
    let amount = remaining;
    if (body.amount !== undefined) {
      if (!isWholeNumber(body.amount) || Number(body.amount) < 1) return invalid("amount", "Invalid positive integer");
      amount = Number(body.amount);
      if (amount > remaining) return invalid("amount", `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, "amount_too_large");
    }
    intent.amountRefunded += amount;
    const refund: FakeRefund = {
      id: `re_${randomId(24)}`,
      object: "refund",
      amount,
      charge: `ch_${intent.id.slice("pi_".length)}`,
      created: seconds(),
      currency: intent.currency,
      metadata: metadata(body.metadata),
      payment_intent: intent.id,
      reason: text(body.reason),
      status: "succeeded",
      account,
      idempotencyKey,
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refundObject(refund) };
  };

  /**
   * GET /v1/refunds, newest first, optionally of one payment_intent; `starting_after` pages on, so
   * the SDK's auto-pagination ends. Only the asking account's refunds are listed.
   */
  const listRefunds = (query: FormObject, account: string | undefined): Answer => {
    let limit = DEFAULT_LIST_LIMIT;
    if (query.limit !== undefined) {
      if (!isWholeNumber(query.limit) || Number(query.limit) < 1) return invalid("limit", "Invalid positive integer");
      limit = Number(query.limit);
      if (limit > MAX_LIST_LIMIT) return invalid("limit", `This value must be less than or equal to ${MAX_LIST_LIMIT}.`);
    }
    // Insertion order, not `created`: refunds made within one second must still list newest first.
    let listed = [...refunds.values()].reverse().filter((refund) => refund.account === account);
    if (typeof query.payment_intent === "string") listed = listed.filter((refund) => refund.payment_intent === query.payment_intent);
    if (typeof query.starting_after === "string") {
      const after = listed.findIndex((refund) => refund.id === query.starting_after);
      if (after === -1) return missing("starting_after", `No such refund: '${query.starting_after}'`);
      listed = listed.slice(after + 1);
    }
    const page = listed.slice(0, limit).map(refundObject);
    return { status: 200, body: { object: "list", data: page, has_more: listed.length > limit, url: "/v1/refunds" } };
  };

  const makeEvent = (type: string, object: unknown, account?: string): FakeStripeEvent => ({
    id: `evt_${randomId(24)}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: seconds(),
    data: { object: structuredClone(object) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...(account !== undefined && { account }),
  });

  const openSession = (sessionId: string): FakeCheckoutSession => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe: no checkout session ${sessionId}`);
    if (session.status !== "open") throw new Error(`fake Stripe: checkout session ${sessionId} is ${session.status}, not open`);
    return session;
  };

  /** The customer pays an open session: a payment intent for its amount, the session complete and paid. */
  const pay = (sessionId: string): FakeCheckoutSession => {
    const session = openSession(sessionId);
    const intent: FakePaymentIntent = {
      id: `pi_${randomId(24)}`,
      amount: session.amount_total,
      currency: session.currency,
      metadata: pendingIntentMetadata.get(sessionId) ?? {},
      amountRefunded: 0,
    };
    paymentIntents.set(intent.id, intent);
    const account = accounts.get(sessionId);
    if (account !== undefined) accounts.set(intent.id, account);
    return Object.assign(session, { status: "complete" as const, payment_status: "paid" as const, payment_intent: intent.id, url: null });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://fake.stripe");
      const rawBody = method === "GET" ? url.search.slice(1) : Buffer.concat(chunks).toString("utf8");
      const { answer, withhold } = await respond(method, url.pathname, rawBody, req.headers);
      requests.push({
        method,
        path: url.pathname,
        body: parseForm(rawBody),
        idempotencyKey: header(req.headers["idempotency-key"]),
        stripeAccount: header(req.headers["stripe-account"]),
        status: answer.status,
      });
      if (withhold !== undefined) {
        const timer = setTimeout(() => {
          withheld.delete(timer);
          res.destroy();
        }, withhold);
        withheld.add(timer);
        return;
      }
      const isHtml = typeof answer.body === "string";
      res.writeHead(answer.status, {
        "Content-Type": isHtml ? "text/html; charset=utf-8" : "application/json",
        "Request-Id": `req_${randomId(14)}`,
        ...answer.headers,
      });
      res.end(isHtml ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    secretKey,
    requests,
    sessions,
    paymentIntents,
    refunds,
    chaosCounts,
    accountOf: (sessionId) => accounts.get(sessionId),
    complete(sessionId) {
      const session = pay(sessionId);
      return makeEvent("checkout.session.completed", session, accounts.get(sessionId));
    },
    completeDelayed(sessionId) {
      const session = pay(sessionId);
      const account = accounts.get(sessionId);
      const completed = makeEvent("checkout.session.completed", { ...session, payment_status: "unpaid" }, account);
      return { completed, succeeded: makeEvent("checkout.session.async_payment_succeeded", session, account) };
    },
    completeDelayedFailed(sessionId) {
      const session = openSession(sessionId);
      Object.assign(session, { status: "complete" as const, payment_status: "unpaid" as const, payment_intent: `pi_${randomId(24)}`, url: null });
      const account = accounts.get(sessionId);
      const completed = makeEvent("checkout.session.completed", session, account);
      return { completed, failed: makeEvent("checkout.session.async_payment_failed", session, account) };
    },
    expire(sessionId) {
      const session = openSession(sessionId);
      Object.assign(session, { status: "expired", url: null });
      return makeEvent("checkout.session.expired", session, accounts.get(sessionId));
    },
    event: makeEvent,
    signedWebhook(event, webhookSecret = FAKE_STRIPE_WEBHOOK_SECRET, signOptions = {}) {
      const body = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret, ...signOptions });
      return { body, signature };
    },
    failNext(count, status, message = "Injected failure") {
      for (let i = 0; i < count; i++) failures.push({ status, message });
    },
    holdNext(match) {
      let arrive!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ method: match.method.toUpperCase(), path: match.path, arrive, released });
      return { reached, release };
    },
    setChaos(next) {
      chaos = next;
    },
    forgetIdempotencyKeys() {
      idempotent.clear();
    },
    reset() {
      requests.length = 0;
      sessions.clear();
      paymentIntents.clear();
      refunds.clear();
      accounts.clear();
      pendingIntentMetadata.clear();
      idempotent.clear();
      failures.length = 0;
      holds.length = 0;
      chaos = options.chaos;
      Object.assign(chaosCounts, { failed: 0, timedOut: 0 });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of withheld) clearTimeout(timer);
        withheld.clear();
        // Destroys every socket, including those of held requests and withheld answers.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface Answer {
  status: number;
  /** JSON, or HTML when a string. */
  body: unknown;
  headers?: Record<string, string>;
}

/** A refund as the API sends it: without the fake's own bookkeeping. */
function refundObject(refund: FakeRefund): Omit<FakeRefund, "account" | "idempotencyKey"> {
  const { account: _account, idempotencyKey: _idempotencyKey, ...wire } = refund;
  return wire;
}

/** Stripe's error object; `param` names the offending field as the form spells it. */
function stripeError(status: number, type: string, message: string, code?: string, param?: string): Answer {
  return { status, body: { error: { type, message, ...(code ? { code } : {}), ...(param ? { param } : {}) } } };
}

function invalid(param: string, message: string, code = "parameter_invalid"): Answer {
  return stripeError(400, "invalid_request_error", message, code, param);
}

function missingParam(param: string): Answer {
  return stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);
}

function missing(param: string, message: string): Answer {
  return stripeError(404, "invalid_request_error", message, "resource_missing", param);
}

function lineItem(item: FormValue, i: number): { amount: number; currency: string } | { error: Answer } {
  const at = `line_items[${i}]`;
  if (!isObject(item)) return { error: invalid(at, "Invalid object") };
  const price = item.price_data;
  if (!isObject(price)) return { error: missingParam(`${at}[price_data]`) };
  if (typeof price.currency !== "string" || !/^[a-zA-Z]{3}$/.test(price.currency)) return { error: invalid(`${at}[price_data][currency]`, "Invalid currency") };
  if (!isWholeNumber(price.unit_amount)) return { error: invalid(`${at}[price_data][unit_amount]`, "Invalid non-negative integer") };
  const product = price.product_data;
  if (!isObject(product) || typeof product.name !== "string" || product.name === "") return { error: missingParam(`${at}[price_data][product_data][name]`) };
  const quantity = item.quantity ?? "1";
  if (!isWholeNumber(quantity) || Number(quantity) < 1) return { error: invalid(`${at}[quantity]`, "Invalid positive integer") };
  return { amount: Number(price.unit_amount) * Number(quantity), currency: price.currency.toLowerCase() };
}

/** What a browser sees at the session's URL: enough to show the link works and what it charges. */
function checkoutPage(session: FakeCheckoutSession | undefined): Answer {
  if (!session) return { status: 404, body: "<!doctype html><title>Not found</title><p>No such checkout session.</p>" };
  const state = session.status === "open" ? `Pay ${session.amount_total} ${session.currency.toUpperCase()}` : `This session is ${session.status}.`;
  return { status: session.status === "open" ? 200 : 410, body: `<!doctype html><title>Fake Stripe Checkout</title><p>${session.id}</p><p>${state}</p>` };
}

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split("[").map((part, i) => (i === 0 ? part : part.replace(/\]$/, "")));
    assign(root, path, value);
  }
  return root;
}

function assign(target: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (head === "__proto__" || head === "constructor" || head === "prototype") return;
  const container = target as Record<string, FormValue>;
  const slot = Array.isArray(target) && head === "" ? String(target.length) : head;
  if (rest.length === 0) {
    container[slot] = value;
    return;
  }
  // A numeric index makes a list, except under metadata, whose keys are the caller's own.
  const wantsList = /^\d*$/.test(rest[0]!) && head !== "metadata";
  const existing = container[slot];
  const next = existing !== undefined && typeof existing !== "string" ? existing : wantsList ? [] : {};
  container[slot] = next;
  assign(next, rest, value);
}

function isObject(value: FormValue | undefined): value is FormObject {
  return value !== undefined && typeof value === "object" && !Array.isArray(value);
}

function isWholeNumber(value: FormValue | undefined): boolean {
  return typeof value === "string" && /^\d+$/.test(value);
}

function text(value: FormValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function metadata(value: FormValue | undefined): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}

function idempotencyScope(account: string | undefined, key: string | undefined): string | undefined {
  return key === undefined ? undefined : `${account ?? ""} ${key}`;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function redact(authorization: string): string {
  const key = authorization.replace(/^Bearer /, "");
  return key.length > 12 ? `${key.slice(0, 8)}${"*".repeat(8)}${key.slice(-4)}` : "****";
}

function randomId(length: number): string {
  return randomBytes(length).toString("base64url").replace(/[-_]/g, "").slice(0, length).padEnd(length, "0");
}
