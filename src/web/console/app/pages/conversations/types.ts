/** What the Conversations page reads from /admin/conversations (see conversationRoutes.ts on the server). */
export interface ConversationSummary {
  id: string;
  customer: { id: string; name: string | null; phone: string };
  channel: "sms" | "whatsapp";
  /** The bot's state name, e.g. "initial", "time_selected". */
  state: string;
  /** ISO 8601 with the business's offset. */
  lastActivityAt: string;
  lastMessage: { direction: "in" | "out"; body: string; at: string } | null;
  /** Null when the bot is answering; userId null when an API key took it over (name "API"). */
  takenOver: { userId: string | null; name: string; until: string } | null;
  /** The customer asked to talk to a person within the last 2 hours and no one has taken the thread since (ISO with the business's offset). */
  personRequestedAt: string | null;
  optedOut: boolean;
}

export interface ThreadMessage {
  id: string;
  direction: "in" | "out";
  body: string;
  status: string;
  at: string;
  /** Who wrote a reply by hand; null for the customer's messages and the bot's. */
  sentBy: { userId: string | null; name: string } | null;
}

export interface ConversationDetail extends ConversationSummary {
  messages: ThreadMessage[];
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextBefore: string | null;
}
