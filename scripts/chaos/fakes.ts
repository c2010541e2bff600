/**
 * The outside world of the crash test, in this process: the fake Stripe, misbehaving on purpose
 * (failures, and requests carried out whose answer never comes), and the fake Twilio REST API that
 * the server and the jobs send texts through. Their ledgers are the truth the checks hold the
 * database to: what money moved, what was refunded, what texts went out.
 */
import { FAKE_STRIPE_WEBHOOK_SECRET, type FakeStripeApi, type FakeStripeChaos, startFakeStripeApi } from "../../test/fakes/stripeApi";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, type FakeTwilioApi, startFakeTwilioApi } from "../../test/fakes/twilioApi";

/** One request in ten fails, one in twenty is carried out but unanswered for longer than the SDK waits (10 s). */
export const STRIPE_CHAOS: FakeStripeChaos = { failRate: 0.1, timeoutRate: 0.05, timeoutMs: 12_000 };

/** The business's texting number: customers write to it, and its texts leave from it. */
export const BUSINESS_NUMBER = "+15550001111";

export interface Fakes {
  stripe: FakeStripeApi;
  twilio: FakeTwilioApi;
  /** The variables that point the server and the jobs at the fakes. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const stripe = await startFakeStripeApi({ chaos: STRIPE_CHAOS });
  const twilio = await startFakeTwilioApi({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
  return {
    stripe,
    twilio,
    env: {
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_SMS_FROM: BUSINESS_NUMBER,
      TWILIO_API_BASE: twilio.url,
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: FAKE_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE: stripe.url,
    },
    close: async () => {
      await Promise.allSettled([stripe.close(), twilio.close()]);
    },
  };
}
