/**
 * The harness acting as Stripe for webhooks: an event is signed with the endpoint's secret (the
 * fake's signedWebhook, Stripe's own scheme) and POSTed to /webhooks/stripe until it is answered
 * 2xx, backing off while the server is down, as Stripe does (for days; here, within a bound).
 */
import type { FakeStripeApi, FakeStripeEvent } from "../../test/fakes/stripeApi";
import { sleep } from "./timing";

const ATTEMPT_TIMEOUT_MS = 20_000;
const MAX_BACKOFF_MS = 4_000;

export interface Delivery {
  event: FakeStripeEvent;
  type: string;
  attempts: number;
  /** The status that ended it, or undefined when it was given up. */
  deliveredWith: number | undefined;
}

export class StripeCourier {
  readonly deliveries: Delivery[] = [];

  constructor(
    private readonly serverUrl: string,
    private readonly stripe: FakeStripeApi,
  ) {}

  /** Delivers until a 2xx or until `withinMs` has passed; true when delivered. */
  async deliver(event: FakeStripeEvent, withinMs: number): Promise<boolean> {
    const delivery: Delivery = { event, type: event.type, attempts: 0, deliveredWith: undefined };
    this.deliveries.push(delivery);
    return this.retry(delivery, withinMs);
  }

  /** Tries again every delivery given up earlier (after the final restart); how many are still undelivered. */
  async redeliverGivenUp(withinMs: number): Promise<number> {
    const givenUp = this.deliveries.filter((d) => d.deliveredWith === undefined);
    const results = await Promise.all(givenUp.map((d) => this.retry(d, withinMs)));
    return results.filter((delivered) => !delivered).length;
  }

  private async retry(delivery: Delivery, withinMs: number): Promise<boolean> {
    const event = delivery.event;
    const giveUpAt = Date.now() + withinMs;
    for (let backoff = 250; Date.now() < giveUpAt; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      delivery.attempts++;
      const status = await this.post(event);
      if (status !== undefined && status >= 200 && status < 300) {
        delivery.deliveredWith = status;
        return true;
      }
      await sleep(backoff);
    }
    return false;
  }

  private async post(event: FakeStripeEvent): Promise<number | undefined> {
    // Signed afresh for each attempt, as Stripe does: the signature's timestamp must be recent.
    const { body, signature } = this.stripe.signedWebhook(event);
    try {
      const res = await fetch(`${this.serverUrl}/webhooks/stripe`, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signature },
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return undefined;
    }
  }
}
