/**
 * One inbound message → the bot's replies, in one transaction: store the message (a provider id
 * seen before is answered with the replies it got, not again), lock the conversation so one
 * number's messages run one after another, restore the machine from its snapshot, send the parsed
 * event, wait until it settles, persist the snapshot and the replies. A turn that needs the
 * language model commits a claim on the conversation instead and asks the model outside any
 * transaction; a later message from the same number waits for the claim, so the two are answered
 * in the order they arrived, whichever instance took them.
 */
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { noteQueued } from "../afterCommit";
import { withProviderReads } from "../providerReads";
import { createActor, waitFor } from "xstate";
import type { ManageLinks } from "../accounts/manageLinks";
import type { BookingService } from "../booking/bookingService";
import { setBackupTime } from "../booking/backupTime";
import { type Customer, customerWrote, findOrCreateCustomer } from "../booking/customers";
import { type Business, getBusiness } from "../booking/business";
import { businessCountry, dateOrderOf } from "../booking/country";
import type { Clock } from "../clock";
import { truncateGraphemes } from "../graphemes";
import type { Database, Executor, Tx } from "../db/client";
import { bookings, conversations, customers, llmTurns, messages } from "../db/schema";
import type { Logger } from "../logger";
import { CheckoutUnavailable, checkoutLinksIn, hasCheckoutLink } from "../payments/paymentCalls";
import type { PaymentService } from "../payments/paymentService";
import { findUsablePromo } from "../payments/promoCodes";
import { isTakenOver } from "../operations/takeover";
import { en as reply, formatWhen } from "../copy";
import { createBookingActors } from "./bookingActors";
import { loadCatalog } from "./catalog";
import { BUSY_TAG, MACHINE_VERSION, conversationMachine } from "./machine";
import { parseMessage } from "./parser";
import { emailIn } from "./parser/emailAddress";
import { type BookingOffer, frontDesk } from "./frontDesk";
import type { ParsedMessage } from "./parser/types";
import type { LanguageAssistant, LlmResult, LlmTurnInput } from "./llm/assistant";
import type { Catalog, ConversationEvent, Offers } from "./types";

export type ChannelName = "sms" | "whatsapp";

export interface InboundMessage {
  provider: "twilio" | "meta";
  providerMessageId: string;
  channel: ChannelName;
  /** E.164: the customer's identity across channels. */
  phone: string;
  /** The address replies go to on this channel (e.g. whatsapp:+1555…). */
  address: string;
  body: string;
  mediaCount: number;
}

export interface TurnResult {
  duplicate: boolean;
  replies: string[];
  /** The number is opted out: nothing was said, and nothing may be sent to it. */
  optedOut: boolean;
}

/** Idle longer than this, a half-finished conversation starts over instead of answering a stale question. */
const IDLE_RESTART_MS = 24 * 60 * 60 * 1000;
/** chrono and the service matcher read at most this much of a very long message. */
const PARSE_LIMIT = 500;
const SETTLE_TIMEOUT_MS = 15_000;
/** How long a message waiting on the model holds its conversation when no bound is given: the model's default bound (4 s) with room. */
const DEFAULT_CLAIM_MS = 15_000;
/** How often a message held up by another's claim looks again. */
const CLAIM_POLL_MS = 100;

export interface EngineDeps {
  database: Database;
  /** Optional: a language model for messages the parser could not place. */
  assistant?: LanguageAssistant;
  bookingService: BookingService;
  payments: PaymentService;
  clock: Clock;
  logger: Logger;
  /** The links a confirmation carries; ready before a turn's transaction opens. */
  manageLinks: ManageLinks;
  /** How long a turn waiting on the model may hold its conversation (the model's bound plus room); default 15 s. */
  claimMs?: number;
  /** Emails a turn may call for (unset: none, as in tests of the conversation alone). */
  emails?: {
    /** A customer gave their email by text: queue what should have gone to it (upcoming bookings' confirmations); returns how many. */
    emailGiven(tx: Tx, businessId: string, customerId: string): Promise<number>;
    /** A notification for staff was written: its email to the business. */
    staffNoticed(tx: Tx, notice: { businessId: string; noticeId: string; bookingId: string | null; text: string }): Promise<void>;
  };
}

type ConversationRow = typeof conversations.$inferSelect;

export class ConversationEngine {
  constructor(private readonly deps: EngineDeps) {}

  /**
   * A message to the business (the caller found which one it was sent to) whose reply goes back in
   * the webhook's answer (Twilio's TwiML): stored and handled in one transaction. Returns the replies,
   * their payment links in place. A provider message id answered before (the webhook retried: its
   * answer was lost) gets the same replies again, `duplicate` set; one seen but never answered (its
   * process died) is answered now.
   */
  async handleInbound(businessId: string, inbound: InboundMessage): Promise<TurnResult> {
    await this.deps.manageLinks.ready();
    const turn = await this.inOrder((assisted, gaveUp) =>
      this.deps.database.db.transaction(async (tx): Promise<Claimed<TurnResult & { replyIds: string[] }>> => {
        const now = this.deps.clock.now();
        const business = await getBusiness(tx, businessId);
        const customer = await customerWrote(tx, business.id, inbound.phone, now);
        const conversation = await lockConversation(tx, business.id, customer.id, inbound.channel);
        const messageId = (await storeMessage(tx, { businessId: business.id, customerId: customer.id, conversationId: conversation.id, inbound, now, status: "received" })) ?? (await this.unanswered(tx, inbound));
        if (typeof messageId !== "string") return { done: { duplicate: true, replies: messageId.replies, replyIds: messageId.replyIds, optedOut: false } };
        this.waitForClaim(conversation, messageId, now, gaveUp);
        const result = await this.answerOrClaim(tx, conversation, messageId, assisted, (sp) => this.answer(sp, business, customer, conversation, inbound, assisted));
        if ("claim" in result) return result;
        await tx.update(messages).set({ status: "handled", conversationId: conversation.id }).where(eq(messages.id, messageId));
        const replyIds = await recordReplies(tx, { businessId: business.id, customerId: customer.id, conversationId: conversation.id, inbound, replyTo: messageId, replies: result.done.replies, now });
        return { done: { duplicate: false, ...result.done, replyIds } };
      }),
    );
    return { duplicate: turn.duplicate, optedOut: turn.optedOut, replies: await this.withPaymentLinks(turn.replies, turn.replyIds, inbound) };
  }

  /**
   * A message stored before: its replies when it was answered (the webhook's answer was lost, so it
   * came again), else its id, to answer now.
   */
  private async unanswered(tx: Tx, inbound: InboundMessage): Promise<string | { replies: string[]; replyIds: string[] }> {
    const [earlier] = await tx
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(and(eq(messages.provider, inbound.provider), eq(messages.providerMessageId, inbound.providerMessageId)));
    if (earlier!.status === "received") return earlier!.id;
    const replies = await tx.select({ id: messages.id, body: messages.body }).from(messages).where(eq(messages.replyTo, earlier!.id)).orderBy(asc(messages.createdAt));
    return { replies: replies.map((r) => r.body), replyIds: replies.map((r) => r.id) };
  }

  /**
   * Another message's claim on the conversation, still in force, holds this one back: the turn is
   * rolled back and tried again shortly (inOrder), so it is answered after the one being read.
   */
  private waitForClaim(conversation: ConversationRow, messageId: string, now: Date, gaveUp: boolean): void {
    const claimed = !gaveUp && conversation.claimedByMessageId !== null && conversation.claimedByMessageId !== messageId && conversation.claimedUntil !== null && conversation.claimedUntil > now;
    if (claimed) throw new ConversationClaimed();
  }

  /**
   * Answers in a savepoint; when the answer needs the language model, the savepoint is undone and
   * the message claims the conversation instead (the claim commits; the message stays unanswered,
   * so a crash leaves it to be answered again). With the model's reading, the claim is let go.
   */
  private async answerOrClaim<T>(tx: Tx, conversation: ConversationRow, messageId: string, assisted: Assisted | undefined, answer: (sp: Tx) => Promise<T>): Promise<{ done: T } | { claim: NeedsAssistance }> {
    try {
      const done = await tx.transaction((sp) => answer(sp));
      if (conversation.claimedByMessageId !== null) await tx.update(conversations).set({ claimedByMessageId: null, claimedUntil: null }).where(eq(conversations.id, conversation.id));
      return { done };
    } catch (error) {
      if (!(error instanceof NeedsAssistance) || assisted) throw error;
      const until = new Date(this.deps.clock.now().getTime() + (this.deps.claimMs ?? DEFAULT_CLAIM_MS));
      await tx.update(conversations).set({ claimedByMessageId: messageId, claimedUntil: until }).where(eq(conversations.id, conversation.id));
      return { claim: error };
    }
  }

  /**
   * Replies whose payment link waits for its page: the page is opened now (the turn committed) and
   * the link put in, in the answer and in the stored reply. When the provider cannot open it now,
   * the reply says the link follows, and the link is queued to follow as soon as it can be opened.
   */
  private async withPaymentLinks(replies: string[], replyIds: string[], inbound: InboundMessage): Promise<string[]> {
    if (!replies.some(hasCheckoutLink)) return replies;
    const filled: string[] = [];
    for (const [i, body] of replies.entries()) {
      if (!hasCheckoutLink(body)) {
        filled.push(body);
        continue;
      }
      let text: string;
      try {
        text = await this.deps.payments.calls.fillCheckoutLinks(body);
        await this.deps.database.db.update(messages).set({ body: text }).where(eq(messages.id, replyIds[i]!));
      } catch (error) {
        if (!(error instanceof CheckoutUnavailable)) throw error;
        const links = checkoutLinksIn(body);
        text = links.reduce((t, link) => t.replace(link, reply.paymentLinkFollows()), body);
        await this.deps.database.db.transaction((tx) => followWithLinks(tx, replyIds[i]!, text, reply.paymentLinkLater(links.join("\n")), this.deps.clock.now()));
      }
      filled.push(text);
    }
    return filled;
  }

  /**
   * Stores a message to the business whose replies go out separately (WhatsApp Cloud API), so that
   * it is safe before the webhook is acknowledged. Returns its id, or undefined for a message seen before.
   */
  async storeInbound(businessId: string, inbound: InboundMessage, payload?: unknown): Promise<string | undefined> {
    return this.deps.database.db.transaction(async (tx) => {
      const customer = await findOrCreateCustomer(tx, businessId, inbound.phone);
      return storeMessage(tx, { businessId, customerId: customer.id, conversationId: null, inbound, now: this.deps.clock.now(), status: "received", payload });
    });
  }

  /**
   * Handles one stored message that no one has handled yet (a message another runner holds, or
   * already handled, is skipped), for the business it was stored for. `send` queues the replies inside the same transaction.
   */
  async handleStored(messageId: string, send: (tx: Tx, to: { businessId: string; customerId: string; channel: ChannelName }, replies: string[]) => Promise<void>): Promise<boolean> {
    await this.deps.manageLinks.ready();
    return this.inOrder((assisted, gaveUp) =>
      this.deps.database.db.transaction(async (tx): Promise<Claimed<boolean>> => {
        const [row] = await tx
          .select()
          .from(messages)
          .where(and(eq(messages.id, messageId), eq(messages.status, "received")))
          .for("update", { skipLocked: true });
        // Stored inbound messages are texts (email is outbound only).
        if (!row || !row.customerId || row.channel === "email") return { done: false };
        const channel: ChannelName = row.channel;
        const now = this.deps.clock.now();
        const business = await getBusiness(tx, row.businessId);
        const [customer] = await tx.update(customers).set({ lastInboundAt: now }).where(eq(customers.id, row.customerId)).returning();
        const conversation = await lockConversation(tx, business.id, customer!.id, channel);
        this.waitForClaim(conversation, row.id, now, gaveUp);
        const inbound: InboundMessage = {
          provider: row.provider as InboundMessage["provider"],
          providerMessageId: row.providerMessageId ?? row.id,
          channel,
          phone: customer!.phone,
          address: row.address,
          body: row.body,
          mediaCount: Number((row.payload as { mediaCount?: number } | null)?.mediaCount ?? 0),
        };
        const result = await this.answerOrClaim(tx, conversation, row.id, assisted, (sp) => this.answer(sp, business, customer!, conversation, inbound, assisted));
        if ("claim" in result) return result;
        await tx.update(messages).set({ status: "handled", conversationId: conversation.id }).where(eq(messages.id, row.id));
        if (result.done.replies.length > 0) await send(tx, { businessId: business.id, customerId: customer!.id, channel }, result.done.replies);
        return { done: true };
      }),
    );
  }

  /**
   * Runs a turn until it is done. A turn held up by another message's claim is tried again every
   * CLAIM_POLL_MS, for as long as a claim can last (then `gaveUp`: the claimant is taken to be gone).
   * A turn that claimed the conversation for the model has the model read the message outside any
   * transaction — a read of seconds then holds no lock and no connection (on the embedded database,
   * the only one) — and runs again with its reading.
   */
  private async inOrder<T>(turn: (assisted: Assisted | undefined, gaveUp: boolean) => Promise<Claimed<T>>): Promise<T> {
    const patience = Math.ceil((this.deps.claimMs ?? DEFAULT_CLAIM_MS) / CLAIM_POLL_MS);
    let assisted: Assisted | undefined;
    for (let polls = 0; ; ) {
      let result: Claimed<T>;
      try {
        const gaveUp = polls >= patience;
        result = await withProviderReads(() => turn(assisted, gaveUp));
      } catch (error) {
        if (!(error instanceof ConversationClaimed)) throw error;
        polls++;
        await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
        continue;
      }
      if ("done" in result) return result.done;
      assisted = { result: await this.deps.assistant!.extract(result.claim.input), readAt: result.claim.readAt };
    }
  }

  /**
   * What the bot says to one message. An email address in it is kept first (the customer's booking
   * emails go there from now on, and their upcoming bookings' confirmations are sent to it); the
   * rest of the message, if it asks for more, is answered as usual. After a booking, a business
   * that wants an email asks for it when the customer has given none.
   */
  private async answer(tx: Tx, business: Business, customer: Customer, conversation: ConversationRow, inbound: InboundMessage, assisted?: Assisted): Promise<{ replies: string[]; optedOut: boolean }> {
    const turnStart = this.deps.clock.now();
    const given = customer.optedOutAt ? undefined : emailIn(inbound.body);
    let saved: string | undefined;
    if (given) {
      await tx.update(customers).set({ email: given.address }).where(eq(customers.id, customer.id));
      const sent = this.deps.emails ? await this.deps.emails.emailGiven(tx, business.id, customer.id) : 0;
      saved = isTakenOver(conversation, turnStart) ? undefined : reply.emailSaved(given.address, sent);
      if (given.rest === "") return { replies: saved ? [saved] : [], optedOut: false };
    }
    const answered = await this.respond(tx, business, customer, conversation, given ? { ...inbound, body: given.rest } : inbound, assisted);
    if (saved) return { ...answered, replies: [...answered.replies, saved] };
    if (business.requireEmail && !customer.email && answered.replies.length > 0 && (await bookedSince(tx, customer.id, turnStart))) {
      return { ...answered, replies: [...answered.replies, reply.askEmail()] };
    }
    return answered;
  }

  /**
   * The answer to a message: opt-out words, help, nothing while staff have taken the thread over,
   * media, or the conversation itself.
   */
  private async respond(tx: Tx, business: Business, customer: Customer, conversation: ConversationRow, inbound: InboundMessage, assisted?: Assisted): Promise<{ replies: string[]; optedOut: boolean }> {
    const now = this.deps.clock.now();
    const catalog = await loadCatalog(tx, business, customer.id, now, this.deps.payments.byLink);
    const text = inbound.body.trim();
    const staffNames = Object.entries(catalog.staffNames).map(([id, name]) => ({ id, name }));
    const parsed = parseMessage(truncateGraphemes(text, PARSE_LIMIT), { now, timezone: business.timezone, services: catalog.services, staff: staffNames, dateOrder: dateOrderOf(businessCountry(business)) });

    let replies: string[];
    if (parsed.command === "stop") {
      await tx.update(customers).set({ optedOutAt: now }).where(eq(customers.id, customer.id));
      replies = [];
    } else if (parsed.command === "start") {
      await tx.update(customers).set({ optedOutAt: null }).where(eq(customers.id, customer.id));
      replies = [reply.optedBackIn()];
    } else if (customer.optedOutAt) {
      replies = [];
    } else if (parsed.command === "help") {
      replies = [reply.help()];
    } else if (isTakenOver(conversation, now)) {
      // Staff answer this thread by hand: the bot says nothing, and its conversation stays where it stood.
      replies = [];
    } else if (parsed.command === "backup") {
      // A side request, like HELP: answered without moving the conversation from where it is.
      const outcome = await setBackupTime(tx, this.deps.bookingService, business, { businessId: business.id, customerId: customer.id, date: parsed.date, minuteOfDay: parsed.time && parsed.time.hour * 60 + parsed.time.minute, now });
      replies = [reply.backup(catalog, outcome)];
    } else if (text === "" && inbound.mediaCount > 0) {
      replies = [reply.mediaOnly()];
    } else {
      const idle = ["initial", "completed"].includes(conversation.state) || now.getTime() - conversation.lastActivityAt.getTime() > IDLE_RESTART_MS;
      const desk = await frontDesk(
        { tx, business, customer, conversation, parsed, idle, messageKey: inbound.providerMessageId, now },
        { bookingService: this.deps.bookingService, staffNoticed: this.deps.emails?.staffNoticed },
      );
      await keepOffer(tx, conversation, desk.done ? desk.offer : undefined);
      if (desk.done) {
        replies = desk.replies;
      } else {
        const asked = desk.parsed;
        const events: ConversationEvent[] = [{ type: "CATALOG", catalog }];
        if (asked.promoCode) {
          const promo = await findUsablePromo(tx, business.id, asked.promoCode, now);
          events.push({ type: "PROMO", code: asked.promoCode, percentOff: promo?.percentOff ?? null });
        }
        // "3/4" where the country writes dates both ways: ask which day, and keep the rest of the message.
        const unclear = asked.ambiguousDate && !asked.date ? asked.ambiguousDate : undefined;
        const understood: ParsedMessage = unclear ? { ...asked, time: undefined, timeOfDay: undefined, approximate: undefined } : asked;
        // A message that was only a code has been answered by the PROMO event.
        if (!asked.promoCode || saysMoreThanACode(asked)) events.push(eventFor(understood));
        const said = await this.converse(tx, business, customer.id, conversation, events, understood, now, assisted);
        replies = [...desk.before, ...(unclear ? [reply.whichDate(catalog, unclear.text, unclear.readings), ...said] : said)];
      }
    }
    const optedOut = parsed.command === "stop" || (customer.optedOutAt !== null && parsed.command !== "start");
    return { replies, optedOut };
  }

  /**
   * Something the business did that the customer's conversation must react to (the next session
   * of a plan to book, a booking to move): runs on the conversation they used last, and returns
   * what the bot says, for the caller to send. Inside the caller's transaction (such an event books
   * nothing, so no manage link is made).
   */
  async dispatch(tx: Tx, businessId: string, customerId: string, event: ConversationEvent): Promise<{ replies: string[]; channel: ChannelName }> {
    const now = this.deps.clock.now();
    const business = await getBusiness(tx, businessId);
    const [latest] = await tx
      .select({ channel: conversations.channel })
      .from(conversations)
      .where(eq(conversations.customerId, customerId))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(1);
    const channel = latest?.channel ?? "sms";
    const conversation = await lockConversation(tx, businessId, customerId, channel);
    const catalog = await loadCatalog(tx, business, customerId, now, this.deps.payments.byLink);
    const replies = await this.runMachine(tx, business, customerId, conversation, [{ type: "CATALOG", catalog }, event], now, { announceRestart: false });
    return { replies, channel };
  }

  /** Sends events to the conversation's machine and persists where it settles; returns what it said. */
  async runMachine(
    tx: Tx,
    business: Business,
    customerId: string,
    conversation: ConversationRow,
    events: ConversationEvent[],
    now: Date,
    options = { announceRestart: true },
  ): Promise<string[]> {
    const turn = await this.step(tx, business, customerId, conversation, events, now, options.announceRestart);
    await this.persist(tx, conversation.id, turn, now);
    return turn.replies;
  }

  /**
   * A customer's message: the parser's reading first; when the machine could not place it and a
   * language model is configured, the model's reading is tried from the same starting point, and
   * kept only if the machine understands it. Every assisted turn is kept as a transcript.
   */
  private async converse(tx: Tx, business: Business, customerId: string, conversation: ConversationRow, events: ConversationEvent[], parsed: ParsedMessage, now: Date, assisted?: Assisted): Promise<string[]> {
    const first = await this.step(tx, business, customerId, conversation, events, now, true);
    // A reaction quotes the bot's own words: there is nothing in it for a model to read.
    if (!first.confused || !this.deps.assistant || parsed.text === "" || parsed.reaction) {
      await this.persist(tx, conversation.id, first, now);
      return first.replies;
    }
    if (!assisted) {
      const catalog = (events[0] as Extract<ConversationEvent, { type: "CATALOG" }>).catalog;
      const recent = await recentMessages(tx, conversation.id);
      throw new NeedsAssistance(
        {
          text: parsed.text,
          state: conversation.state,
          timezone: business.timezone,
          now,
          services: catalog.services.map(({ id, name, aliases }) => ({ id, name, aliases })),
          offered: offeredChoices(conversation.snapshot, business.timezone, catalog),
          recent,
        },
        readingPoint(conversation),
      );
    }
    // Another message may have moved the conversation on while the model read this one.
    const result: LlmResult = assisted.readAt === readingPoint(conversation) ? assisted.result : { ok: false, reason: "conversation_moved_on", latencyMs: 0 };
    let chosen = first;
    let outcome: string;
    if (!result.ok) {
      outcome = `failed:${result.reason}`;
    } else {
      const assisted: ParsedMessage = { ...parsed, ...result.extraction.parsed, text: parsed.text, services: result.extraction.parsed.services ?? parsed.services };
      const second = await this.step(tx, business, customerId, conversation, [...events.slice(0, -1), eventFor(assisted)], now, true);
      outcome = second.confused ? "still_unclear" : "understood";
      if (!second.confused) chosen = second;
    }
    await tx.insert(llmTurns).values({
      businessId: business.id,
      conversationId: conversation.id,
      input: parsed.text,
      state: conversation.state,
      extraction: result.ok ? (result.extraction.raw as object) : null,
      outcome,
      promptTokens: result.ok ? (result.extraction.usage?.promptTokens ?? null) : null,
      completionTokens: result.ok ? (result.extraction.usage?.completionTokens ?? null) : null,
      latencyMs: Math.round(result.ok ? result.extraction.latencyMs : result.latencyMs),
      createdAt: now,
    });
    this.deps.logger.info({ conversationId: conversation.id, outcome, latencyMs: result.ok ? result.extraction.latencyMs : result.latencyMs }, "llm-assisted turn");
    await this.persist(tx, conversation.id, chosen, now);
    return chosen.replies;
  }

  /** Runs events on the machine restored from the row; persists nothing. */
  private async step(tx: Tx, business: Business, customerId: string, conversation: ConversationRow, events: ConversationEvent[], now: Date, announceRestart: boolean): Promise<Turn> {
    const replies: string[] = [];
    let confused = false;
    const stale = conversation.snapshot !== null && (conversation.machineVersion !== MACHINE_VERSION || now.getTime() - conversation.lastActivityAt.getTime() > IDLE_RESTART_MS);
    if (stale && announceRestart && !["initial", "completed"].includes(conversation.state)) replies.push(reply.welcomeBack());
    const { bookingService, payments, clock, manageLinks } = this.deps;
    let interrupted: unknown;
    const actors = createBookingActors({
      ex: tx,
      bookingService,
      payments,
      clock,
      business,
      customerId,
      channel: conversation.channel,
      manageUrl: (bookingId) => manageLinks.url(bookingId),
      interrupted: (error) => (interrupted ??= error),
    });
    const machine = conversationMachine.provide({ actors });
    const actor = createActor(machine, conversation.snapshot && !stale ? { snapshot: conversation.snapshot as never } : {});
    actor.on("reply", (e) => replies.push(e.text));
    actor.on("confused", () => (confused = true));
    let failure: unknown;
    actor.subscribe({ error: (error) => (failure = error) });
    actor.start();
    for (const event of events) actor.send(event);
    const settled = await waitFor(actor, (s) => !s.hasTag(BUSY_TAG) || s.status !== "active", { timeout: SETTLE_TIMEOUT_MS });
    // A provider's answer is needed first: the turn is rolled back and runs again with it (withProviderReads).
    if (interrupted) throw interrupted;
    if (failure) throw failure;
    // Taken before stop(): a stopped snapshot would restore as a machine that ignores events.
    const snapshot = actor.getPersistedSnapshot();
    actor.stop();
    return { replies, confused, snapshot, state: stateName(settled.value) };
  }

  private async persist(tx: Tx, conversationId: string, turn: Turn, now: Date): Promise<void> {
    await tx
      .update(conversations)
      .set({ snapshot: turn.snapshot as object, state: turn.state, machineVersion: MACHINE_VERSION, lastActivityAt: now })
      .where(eq(conversations.id, conversationId));
  }
}

/** Another message's turn holds the conversation while the model reads it: this one waits. */
class ConversationClaimed extends Error {
  constructor() {
    super("another message of this conversation is being read");
  }
}

/** A turn's end: done, or a claim taken so the model can read the message outside the transaction. */
type Claimed<T> = { done: T } | { claim: NeedsAssistance };

/** A turn the parser could not place: what to ask the model, and where the conversation stood. */
class NeedsAssistance extends Error {
  constructor(
    readonly input: LlmTurnInput,
    readonly readAt: string,
  ) {
    super("the turn needs the language model's reading");
  }
}

interface Assisted {
  result: LlmResult;
  readAt: string;
}

/** Where a conversation stands: it changes whenever a turn is persisted. */
function readingPoint(conversation: ConversationRow): string {
  return conversation.snapshot === null ? "new" : `${conversation.state}@${conversation.lastActivityAt.getTime()}`;
}

interface Turn {
  replies: string[];
  confused: boolean;
  snapshot: unknown;
  state: string;
}

/** The last few messages before this one, for the model's context: bodies only. */
async function recentMessages(tx: Tx, conversationId: string): Promise<{ direction: "in" | "out"; body: string }[]> {
  const rows = await tx
    .select({ direction: messages.direction, body: messages.body })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(desc(messages.createdAt))
    .limit(5);
  // The newest is the message being handled.
  return rows.slice(1).reverse().map((r) => ({ direction: r.direction, body: truncateGraphemes(r.body, 500) }));
}

/** The numbered choices the machine last offered, as the customer saw them. */
function offeredChoices(snapshot: unknown, timezone: string, catalog: Catalog): string[] {
  const offers = (snapshot as { context?: { offers?: Offers } } | null)?.context?.offers;
  if (!offers) return [];
  if (offers.kind === "slots") return offers.slots.map((o) => formatWhen(o.start, timezone));
  if (offers.kind === "services") return offers.serviceIds.map((id) => catalog.services.find((s) => s.id === id)?.name ?? id);
  if (offers.kind === "bookings") return offers.bookings.map((b) => reply.describeBooking(catalog, b));
  return [];
}

function eventFor(parsed: ParsedMessage): ConversationEvent {
  if (parsed.command === "cancel" || parsed.command === "reschedule" || parsed.command === "my_bookings" || parsed.command === "start_over") {
    return { type: "COMMAND", command: parsed.command };
  }
  return { type: "MESSAGE", parsed };
}

function saysMoreThanACode(parsed: ParsedMessage): boolean {
  return Boolean(
    parsed.command || parsed.yesNo || parsed.choice !== undefined || parsed.count !== undefined || parsed.services.length > 0 || parsed.date || parsed.dateRange || parsed.time || parsed.timeOfDay,
  );
}

/** "date_selected.choosing" → "date_selected": the top-level state is what stats and admins read. */
function stateName(value: unknown): string {
  return typeof value === "string" ? value : Object.keys(value as object)[0]!;
}

/**
 * Stores an inbound message unless its provider id was seen before (then undefined). `handled` when it is answered in
 * this same transaction (nothing commits unless the answer does), `received` when it waits for a handler.
 */
async function storeMessage(
  tx: Executor,
  m: { businessId: string; customerId: string; conversationId: string | null; inbound: InboundMessage; now: Date; status: "received" | "handled"; payload?: unknown },
): Promise<string | undefined> {
  const { businessId, customerId, conversationId, inbound, now, payload } = m;
  const [row] = await tx
    .insert(messages)
    .values({
      businessId,
      customerId,
      conversationId,
      direction: "in",
      channel: inbound.channel,
      provider: inbound.provider,
      providerMessageId: inbound.providerMessageId,
      address: inbound.address,
      body: inbound.body,
      status: m.status,
      payload: payload === undefined ? (inbound.mediaCount > 0 ? { mediaCount: inbound.mediaCount } : null) : { ...(payload as object), mediaCount: inbound.mediaCount },
      createdAt: now,
    })
    .onConflictDoNothing({ target: [messages.provider, messages.providerMessageId] })
    .returning({ id: messages.id });
  return row?.id;
}

/** The customer's conversation on this channel, created on first contact, locked until the turn commits. */
export async function lockConversation(tx: Executor, businessId: string, customerId: string, channel: ChannelName): Promise<ConversationRow> {
  // One statement: ON CONFLICT DO UPDATE takes the row lock that SELECT … FOR UPDATE would, and
  // returns the row, so a second message from the same number waits here until this turn commits.
  const [row] = await tx
    .insert(conversations)
    .values({ businessId, customerId, channel })
    .onConflictDoUpdate({ target: [conversations.customerId, conversations.channel], set: { channel: sql`excluded.channel` } })
    .returning();
  return row!;
}

/** Stores the replies given in the webhook's answer, each tied to the message it answers; returns their ids in order. */
async function recordReplies(
  tx: Executor,
  r: { businessId: string; customerId: string; conversationId: string; inbound: InboundMessage; replyTo: string; replies: string[]; now: Date },
): Promise<string[]> {
  if (r.replies.length === 0) return [];
  const rows = await tx.insert(messages).values(
    r.replies.map((body, i) => ({
      businessId: r.businessId,
      customerId: r.customerId,
      conversationId: r.conversationId,
      direction: "out" as const,
      channel: r.inbound.channel,
      provider: r.inbound.provider,
      address: r.inbound.address,
      body,
      // Replies to a Twilio webhook leave in its TwiML answer; ordering within a turn by created_at.
      status: "sent" as const,
      replyTo: r.replyTo,
      createdAt: new Date(r.now.getTime() + i + 1),
    })),
  ).returning({ id: messages.id, createdAt: messages.createdAt });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((row) => row.id);
}

/**
 * A reply whose payment page could not be opened in time: it is kept as answered (saying the link
 * follows), and the link is queued after it in the outbox, which opens the page when it sends.
 */
async function followWithLinks(tx: Tx, replyId: string, answered: string, linkMessage: string, now: Date): Promise<void> {
  const [row] = await tx.update(messages).set({ body: answered }).where(eq(messages.id, replyId)).returning();
  if (!row) return;
  const [queued] = await tx
    .insert(messages)
    .values({
      businessId: row.businessId,
      customerId: row.customerId,
      conversationId: row.conversationId,
      direction: "out",
      channel: row.channel,
      provider: row.provider,
      address: row.address,
      body: linkMessage,
      status: "queued",
      nextAttemptAt: now,
      createdAt: new Date(row.createdAt.getTime() + 1000),
    })
    .returning({ id: messages.id });
  noteQueued(queued!.id);
}


/** Whether the customer has a booking made at or after `since` (in this turn). */
async function bookedSince(tx: Tx, customerId: string, since: Date): Promise<boolean> {
  const [row] = await tx.select({ id: bookings.id }).from(bookings).where(and(eq(bookings.customerId, customerId), gte(bookings.createdAt, since))).limit(1);
  return row !== undefined;
}

/** Keeps the offer a reply just made (a "yes" next takes it up), or forgets the last one. */
async function keepOffer(tx: Tx, conversation: ConversationRow, offer: BookingOffer | undefined): Promise<void> {
  if (!offer && !conversation.bookingOffer) return;
  await tx.update(conversations).set({ bookingOffer: offer ?? null }).where(eq(conversations.id, conversation.id));
}
