/** The sender when no provider is configured: the message is printed to the log (manage links redacted) and recorded as `logged`. */
import { redactManageLinks } from "../../accounts/manageTokens";
import type { Logger } from "../../logger";
import type { MessageSender, OutboundRequest, SendResult } from "../sender";

export class LogSender implements MessageSender {
  constructor(private readonly logger: Logger) {}

  async send(req: OutboundRequest): Promise<SendResult> {
    // A manage link in the body is the customer's credential: the log shows where it led, never the token.
    this.logger.info({ to: req.to, channel: req.channel, body: redactManageLinks(req.body) }, "outbound message (no provider configured)");
    return { provider: "log", providerMessageId: null, status: "logged", retryable: false };
  }

  provider(): string {
    return "log";
  }
}
