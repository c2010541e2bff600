/**
 * Customers' manage links as the messages that carry them need them: `${PUBLIC_BASE_URL}/m/<token>`
 * for a booking, and `/e/unsubscribe/<token>` for a customer's email. The session secret is read once (it may come from the database), before the
 * first transaction that makes a link; after that a link is an HMAC, with no read per message.
 */
import { manageToken, signedIdToken } from "./manageTokens";

export class ManageLinks {
  private secret: string | undefined;

  constructor(
    private readonly publicBaseUrl: string,
    private readonly loadSecret: () => Promise<string>,
  ) {}

  /**
   * Reads the session secret the first time. Await it before opening a transaction that may make a
   * link: on the embedded database a read beside an open transaction would wait for it to end.
   */
  async ready(): Promise<void> {
    this.secret ??= await this.loadSecret();
  }

  /** The manage link of a booking. Throws when `ready()` was not awaited first (a wiring mistake). */
  url(bookingId: string): string {
    if (this.secret === undefined) throw new Error("manage links need the session secret: await ready() first");
    return `${this.publicBaseUrl}/m/${manageToken(this.secret, bookingId)}`;
  }

  /** A customer's one-click unsubscribe link for mail that is not about a booking (RFC 8058). Needs `ready()` like `url`. */
  unsubscribeUrl(customerId: string): string {
    if (this.secret === undefined) throw new Error("unsubscribe links need the session secret: await ready() first");
    return `${this.publicBaseUrl}/e/unsubscribe/${signedIdToken(this.secret, "unsubscribe", customerId)}`;
  }
}
