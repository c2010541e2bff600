/**
 * Conversations: every customer's thread, newest first, with the bot's state; a thread opens as a
 * chat where staff take it over, reply by hand and hand it back. /console/conversations lists them,
 * /console/conversations/<id> opens one (beside the list on a wide screen, alone on a phone).
 */
import { useState } from "preact/hooks";
import { useLocation } from "../router";
import type { Me } from "../types";
import "./conversations/conversations.css";
import { ConversationList } from "./conversations/ConversationList";
import { ThreadView } from "./conversations/ThreadView";

const BASE = "/console/conversations";

export function ConversationsPage(_props: { me: Me }) {
  const { path } = useLocation();
  const openId = path.startsWith(`${BASE}/`) ? decodeURIComponent(path.slice(BASE.length + 1)) : undefined;
  /** Bumped when the open thread changes (a takeover, a reply), so the list shows it at once. */
  const [changes, setChanges] = useState(0);

  return (
    <section class={openId ? "conversations has-thread" : "conversations"}>
      <h1>Conversations</h1>
      <div class="conversations-panes">
        <ConversationList openId={openId} refreshKey={changes} />
        {openId ? (
          <ThreadView id={openId} onChanged={() => setChanges((n) => n + 1)} />
        ) : (
          <p class="thread-placeholder muted">Choose a conversation to read it, take it over and reply.</p>
        )}
      </div>
    </section>
  );
}
