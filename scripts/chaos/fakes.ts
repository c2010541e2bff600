/**
 * The outside world of the crash test, in this process: the fake Stripe, misbehaving on purpose
 * (failures, and requests carried out whose answer never comes), and the fake Twilio REST API that
 * the server and the jobs send texts through. Their ledgers are the truth the checks hold the
 * database to: what money moved, what was refunded, what texts went out.
 */
import { FAKE_STRIPE_WEBHOOK_SECRET, type FakeStripeApi, type FakeStripeChaos, startFakeStripeApi } from "../../test/fakes/stripeApi";
import twilio from "twilio";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, type FakeTwilioApi, type SentMessageRequest, startFakeTwilioApi } from "../../test/fakes/twilioApi";

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
  // As Twilio does, a moment after accepting a text: its "sent" status, signed, to the message's StatusCallback.
  twilio.onAccepted((message) => void reportSent(message, twilio.authToken));
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

/**
 * Twilio's status callback for a text it accepted: form fields MessageSid and MessageStatus, signed
 * over the callback URL. Sent once, as Twilio does; lost when the server is down at that moment.
 */
async function reportSent(message: SentMessageRequest, authToken: string): Promise<void> {
  if (!message.statusCallback) return;
  const form = { MessageSid: message.sid, MessageStatus: "sent", AccountSid: message.accountSid, To: message.to };
  await new Promise((resolve) => setTimeout(resolve, 50));
  await fetch(message.statusCallback, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilio.getExpectedTwilioSignature(authToken, message.statusCallback, form) },
    body: new URLSearchParams(form),
  }).catch(() => undefined);
}
