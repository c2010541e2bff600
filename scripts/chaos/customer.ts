/**
 * One customer, texting the demo salon through the harness's Twilio: greets, asks for the wanted
 * service and time, takes an offered time, says yes; pays the link when the service asks for it;
 * checks "my bookings"; and, if planned, cancels. Each step reacts to what the bot actually said
 * (TwiML answers, and texts the server sent on its own through the fake Twilio), so a lost answer,
 * a payment page that could not open or a time taken meanwhile is met as a person would: a simpler
 * message, another time, "my bookings" to see where things stand. The customer gives up after a
 * bounded number of texts and says where.
 */
import type { FakeStripeApi } from "../../test/fakes/stripeApi";
import type { FakeTwilioApi } from "../../test/fakes/twilioApi";
import { type Want, requestWords, whenWords } from "./plan";
import { type Asked, type Named, askedIn, bookedIn, bookingsListIn, cancelledIn, choicesIn, heldIn, paidBookedIn, paymentSessionIn } from "./replies";
import type { StripeCourier } from "./stripeCourier";
import { sleep } from "./timing";
import type { TwilioCarrier } from "./twilioCarrier";

const MAX_MESSAGES = 20;
/** After paying, the confirmation comes from the server (or the jobs, if the server died first). */
const PAYMENT_NOTICE_WAIT_MS = 25_000;
/** A hold announced without its link: the link may follow in a text of its own. */
const LINK_WAIT_MS = 8_000;
const STRIPE_DELIVERY_WITHIN_MS = 90_000;

/** A booking the bot told the customer about, and how. */
export interface ToldBooking extends Named {
  toldBy: "booked" | "payment_received" | "bookings_list";
  /** The bot said "Cancelled: …" for it afterwards. */
  cancelled: boolean;
}

export interface CustomerOutcome {
  want: Want;
  bookings: ToldBooking[];
  /** Checkout sessions the customer paid. */
  paidSessions: string[];
  /** "done", or where and why the customer stopped. */
  stopped: string;
  messages: number;
  transcript: string[];
}

export interface CustomerWorld {
  carrier: TwilioCarrier;
  courier: StripeCourier;
  stripe: FakeStripeApi;
  twilio: FakeTwilioApi;
}

export function serveCustomer(want: Want, world: CustomerWorld): Promise<CustomerOutcome> {
  return new Customer(want, world).run();
}

class Customer {
  private readonly outcome: CustomerOutcome;
  /** Texts from the fake Twilio already read, by their SID. */
  private readonly read = new Set<string>();
  private requests = 0;
  private timePicks = 0;
  private fallbacks = 0;
  private verified = false;
  private cancelling = false;
  /** Cancelling a hold whose payment link never reached the customer, to book again. */
  private releasingHold = false;

  constructor(
    private readonly want: Want,
    private readonly world: CustomerWorld,
  ) {
    this.outcome = { want, bookings: [], paidSessions: [], stopped: "", messages: 0, transcript: [] };
  }

  async run(): Promise<CustomerOutcome> {
    let text = await this.say("hi");
    for (;;) {
      // The last answer is always read (and what it says noted), even when no more texts may follow.
      const next = await this.react(text);
      if (next === undefined) return this.stop("done");
      if (this.outcome.messages >= MAX_MESSAGES) return this.stop(`gave up after ${MAX_MESSAGES} texts; last read ${JSON.stringify(text.slice(0, 160))}`);
      text = await this.say(next);
    }
  }

  /** The next text to send after reading `text`, or undefined when the customer is finished. */
  private async react(text: string): Promise<string | undefined> {
    this.note(text);
    const payment = await this.payIfAsked(text);
    if (payment === "unconfirmed") return "my bookings";
    const asked = askedIn(text);
    const aside = await this.answerCancelFlow(asked, text);
    if (aside !== undefined) return aside;
    const list = bookingsListIn(text);
    if (list) this.learnFrom(list);
    const goal = this.towardsGoal();
    if (goal !== "not_yet") return goal;
    if (list) return this.strandedHold(list) ?? this.request();
    return this.towardsBooking(asked, text);
  }

  /** Facts the bot stated: a booking made or paid, a booking cancelled. */
  private note(text: string): void {
    const booked = bookedIn(text);
    if (booked) this.learn(booked, "booked");
    const paid = paidBookedIn(text);
    if (paid) this.learn(paid, "payment_received");
    const cancelled = cancelledIn(text);
    if (cancelled) {
      const told = this.outcome.bookings.find((b) => b.start.getTime() === cancelled.start.getTime() && b.service === cancelled.service);
      if (told) told.cancelled = true;
      this.releasingHold = false;
    }
  }

  private learn(named: Named, toldBy: ToldBooking["toldBy"]): void {
    const known = this.outcome.bookings.some((b) => b.start.getTime() === named.start.getTime() && b.service === named.service);
    if (!known) this.outcome.bookings.push({ ...named, toldBy, cancelled: false });
  }

  /** The bookings list names our confirmed bookings too (a "Booked" the customer never got). */
  private learnFrom(list: (Named & { awaitingPayment: boolean })[]): void {
    for (const item of list) if (!item.awaitingPayment && item.service === this.want.service) this.learn(item, "bookings_list");
  }

  /**
   * A payment link in the answer (or announced, and sent separately): the customer pays and
   * Stripe's event is delivered; then the confirmation text is awaited.
   */
  private async payIfAsked(text: string): Promise<"none" | "confirmed" | "unconfirmed"> {
    let session = paymentSessionIn(text, this.world.stripe.url);
    if (!session && heldIn(text)) {
      const link = await this.awaitPushed((t) => paymentSessionIn(t, this.world.stripe.url) !== undefined, LINK_WAIT_MS);
      session = link === undefined ? undefined : paymentSessionIn(link, this.world.stripe.url);
      if (!session) return "unconfirmed";
    }
    if (!session || this.outcome.paidSessions.includes(session)) return "none";
    if (this.world.stripe.sessions.get(session)?.status !== "open") {
      this.outcome.transcript.push(`! the link's session ${session} is not open`);
      return "unconfirmed";
    }
    this.outcome.paidSessions.push(session);
    const event = this.world.stripe.complete(session);
    this.outcome.transcript.push(`$ paid ${session}`);
    if (!(await this.world.courier.deliver(event, STRIPE_DELIVERY_WITHIN_MS))) return "unconfirmed";
    const notice = await this.awaitPushed((t) => paidBookedIn(t) !== undefined, PAYMENT_NOTICE_WAIT_MS);
    return notice === undefined ? "unconfirmed" : "confirmed";
  }

  /** Questions of the cancel flow, answered before anything else; undefined when the text asks none. */
  private async answerCancelFlow(asked: Asked, text: string): Promise<string | undefined> {
    if (asked === "confirm_cancel") return this.cancelling || this.releasingHold ? "yes" : "no";
    if (asked === "which_booking") return this.whichToCancel(text);
    if (asked === "cancel_not_now") {
      await sleep(2_000);
      return "cancel";
    }
    return undefined;
  }

  /** Booked: verify once with "my bookings", then cancel if planned; undefined when finished. */
  private towardsGoal(): string | undefined | "not_yet" {
    if (this.want.cancel && this.outcome.bookings.some((b) => b.cancelled)) return undefined;
    if (!this.outcome.bookings.some((b) => !b.cancelled)) return "not_yet";
    if (!this.verified) {
      this.verified = true;
      return "my bookings";
    }
    if (!this.want.cancel) return undefined;
    this.cancelling = true;
    return "cancel";
  }

  /**
   * A hold the customer cannot pay (its link never arrived) is cancelled, to book afresh. One
   * already paid for is waited for instead: its confirmation is on the way.
   */
  private strandedHold(list: (Named & { awaitingPayment: boolean })[]): string | undefined {
    if (!list.some((b) => b.awaitingPayment)) return undefined;
    if (this.outcome.paidSessions.length > 0) return "my bookings";
    this.releasingHold = true;
    return "cancel";
  }

  private async towardsBooking(asked: Asked, text: string): Promise<string> {
    switch (asked) {
      case "confirm_booking":
        return "yes";
      case "pick_time":
        return this.pickTime(text);
      case "pick_service":
        return String(choicesIn(text).find((c) => c.label === this.want.service)?.number ?? 1);
      case "date_and_time":
        return whenWords(this.want, this.requests);
      case "what_to_book":
        return this.request();
      case "try_again_later":
        await sleep(1_500);
        return this.request();
      default:
        // Nothing at all (the answer was lost): ask where things stand rather than guess.
        return text === "" ? "my bookings" : this.fallback();
    }
  }

  /** The first offered time the first time; later another one, so two customers who lost a race don't chase the same one. */
  private pickTime(text: string): string {
    const choices = choicesIn(text);
    if (choices.length === 0) return "1";
    const pick = this.timePicks === 0 ? 0 : (this.want.seed + this.timePicks) % choices.length;
    this.timePicks++;
    return String(choices[pick]!.number);
  }

  private whichToCancel(text: string): string {
    const choices = choicesIn(text);
    const target = this.outcome.bookings.find((b) => !b.cancelled);
    const wanted = this.releasingHold
      ? choices.find((c) => c.label.endsWith("awaiting payment"))
      : choices.find((c) => target !== undefined && c.label.startsWith(`${target.service}, ${target.when}`));
    return String(wanted?.number ?? 1);
  }

  private request(): string {
    return requestWords(this.want, this.requests++);
  }

  /** Odd replies: "yes", then "1", then the whole request again. */
  private fallback(): string {
    const move = this.fallbacks++ % 3;
    return move === 0 ? "yes" : move === 1 ? "1" : this.request();
  }

  /** Sends a text; returns everything the phone shows after it (the answer, then texts sent on their own). */
  private async say(body: string): Promise<string> {
    this.outcome.messages++;
    this.outcome.transcript.push(`> ${body}`);
    const replies = await this.world.carrier.deliver(this.want.phone, body);
    this.outcome.transcript.push(...(replies.length > 0 ? replies.map((r) => `< ${r}`) : ["< (nothing)"]));
    const pushed = this.unread();
    return [...replies, ...pushed].join("\n");
  }

  /** Waits for a text sent on its own that satisfies `wanted`; every text read meanwhile is noted. */
  private async awaitPushed(wanted: (text: string) => boolean, withinMs: number): Promise<string | undefined> {
    const until = Date.now() + withinMs;
    while (Date.now() < until) {
      const found = this.unread().find(wanted);
      if (found !== undefined) return found;
      await sleep(250);
    }
    return undefined;
  }

  /** Texts the fake Twilio carried to this phone since the last look. */
  private unread(): string[] {
    const fresh = this.world.twilio.messages.filter((m) => m.to === this.want.phone && !this.read.has(m.sid));
    for (const m of fresh) this.read.add(m.sid);
    const bodies = fresh.map((m) => m.body ?? "");
    this.outcome.transcript.push(...bodies.map((b) => `<< ${b}`));
    for (const body of bodies) this.note(body);
    return bodies;
  }

  private stop(where: string): CustomerOutcome {
    this.outcome.stopped = where;
    return this.outcome;
  }
}
