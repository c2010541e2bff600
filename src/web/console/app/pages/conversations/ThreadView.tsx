/**
 * One customer's thread as a chat, refreshed every few seconds: take it over (the bot stays silent
 * for 24 h), reply by hand, hand it back. Nothing can be sent to a customer who opted out.
 */
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, useSubmit } from "../../api";
import { onLinkClick } from "../../router";
import type { ConversationDetail, ThreadMessage } from "./types";
import { CHANNEL_NAMES, STATUS_NOTES, author, customerName, personRequestedNote, shortWhen, stateInWords } from "./words";
import { usePolling } from "../../usePolling";

/** The longest reply the server accepts, in characters. */
const MAX_REPLY = 1600;

export function ThreadView(props: { id: string; onChanged: () => void }) {
  const [thread, setThread] = useState<ConversationDetail>();
  const [loadError, setLoadError] = useState<ApiError>();
  const [actionError, setActionError] = useState<string>();
  const [acting, setActing] = useState(false);
  /** Bumped to load the thread again at once (after a reply). */
  const [reload, setReload] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const openId = useRef(props.id);
  openId.current = props.id;

  usePolling(async () => {
    const id = props.id;
    try {
      const detail = await api<ConversationDetail>("GET", `/admin/conversations/${id}`);
      // An answer for a thread no longer open is dropped.
      if (id !== openId.current) return;
      setThread(detail);
      setLoadError(undefined);
    } catch (e) {
      if (id === openId.current) setLoadError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    }
  }, [props.id, reload]);

  useEffect(() => {
    setThread(undefined);
    setLoadError(undefined);
    setActionError(undefined);
  }, [props.id]);

  const loaded = thread?.id === props.id ? thread : undefined;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded?.id]);

  async function act(path: "takeover" | "hand-back") {
    setActing(true);
    setActionError(undefined);
    try {
      setThread(await api<ConversationDetail>("POST", `/admin/conversations/${props.id}/${path}`));
      props.onChanged();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    } finally {
      setActing(false);
    }
  }

  if (!loaded) {
    return (
      <section class="thread" aria-busy={loadError ? undefined : "true"}>
        <BackLink />
        {loadError ? <p role="alert" class="alert">{loadError.status === 404 ? "This conversation does not exist (or belongs to another business)." : loadError.message}</p> : <p>Loading the conversation…</p>}
      </section>
    );
  }

  const name = customerName(loaded.customer);
  const channel = CHANNEL_NAMES[loaded.channel];
  return (
    <section class="thread" aria-labelledby="thread-title">
      <BackLink />
      <div class="thread-head">
        <div>
          <h2 id="thread-title" ref={heading} tabIndex={-1}>{name}</h2>
          <p class="muted">
            {loaded.customer.name && <><a href={`tel:${loaded.customer.phone}`}>{loaded.customer.phone}</a> · </>}
            {channel}
          </p>
        </div>
        <div class="takeover">
          {loaded.takenOver ? (
            <>
              <p class="takeover-state"><span class="tag taken">Taken over by {loaded.takenOver.name}</span> until {shortWhen(loaded.takenOver.until)}. The bot stays silent in this thread until then or until it is handed back (STOP, START and HELP still work).</p>
              <button type="button" disabled={acting} onClick={() => act("hand-back")}>Hand back to the bot</button>
            </>
          ) : (
            <>
              <p class="takeover-state">The bot is answering: {stateInWords(loaded.state).toLowerCase()}.</p>
              <button type="button" class="primary-inline" disabled={acting} onClick={() => act("takeover")}>Take over</button>
            </>
          )}
        </div>
      </div>
      {loaded.personRequestedAt && !loaded.takenOver && <p class="person-requested-note">{personRequestedNote(name, loaded.personRequestedAt)}</p>}
      {actionError && <p role="alert" class="alert">{actionError}</p>}
      {loadError && <p role="alert" class="alert">Could not refresh: {loadError.message}</p>}
      {loaded.optedOut && (
        <p class="opted-out-note" role="status">{name} has opted out (texted STOP): nothing can be sent to them until they text START.</p>
      )}
      <Messages messages={loaded.messages} thread={loaded} />
      {loaded.takenOver ? (
        <ReplyBox
          key={loaded.id}
          thread={loaded}
          onSent={(message) => {
            setThread((t) => t && { ...t, messages: [...t.messages, message] });
            setReload((n) => n + 1);
            props.onChanged();
          }}
        />
      ) : (
        !loaded.optedOut && <p class="muted">Take over to reply by hand: the customer is not told, and your replies go by {channel} like the bot's.</p>
      )}
    </section>
  );
}

function BackLink() {
  return <a href="/console/conversations" class="back" onClick={onLinkClick}>← All conversations</a>;
}

/** The chat: the customer's bubbles on the left, the bot's and staff's on the right; kept scrolled to the newest. */
function Messages(props: { messages: ThreadMessage[]; thread: ConversationDetail }) {
  const log = useRef<HTMLDivElement>(null);
  const count = props.messages.length;
  useLayoutEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count, props.thread.id]);

  return (
    <div class="chat" ref={log} role="log" aria-label={`Messages with ${customerName(props.thread.customer)}`} tabIndex={0}>
      {count === 0 ? (
        <p class="muted">No messages yet.</p>
      ) : (
        <ol>
          {props.messages.map((m) => {
            const { who, kind } = author(m, props.thread.customer);
            const note = m.direction === "out" ? STATUS_NOTES[m.status] : undefined;
            return (
              <li key={m.id} class={`bubble from-${kind}`}>
                <span class="bubble-who">{who}</span>
                <span class="bubble-body">{m.body}</span>
                <span class="bubble-meta">
                  <time dateTime={m.at}>{shortWhen(m.at)}</time>
                  {note && <> · {note}</>}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

/** The reply box, shown while the thread is taken over: Ctrl+Enter (or ⌘+Enter) sends. */
function ReplyBox(props: { thread: ConversationDetail; onSent: (message: ThreadMessage) => void }) {
  const [body, setBody] = useState("");
  const [sentNote, setSentNote] = useState<string>();
  const form = useRef<HTMLFormElement>(null);
  const disabled = props.thread.optedOut;
  const { submit, busy, error } = useSubmit(async () => {
    setSentNote(undefined);
    const message = await api<ThreadMessage>("POST", `/admin/conversations/${props.thread.id}/messages`, { body });
    setBody("");
    setSentNote("Sent.");
    props.onSent(message);
  });
  const fieldError = error?.fieldMessage("body");
  const otherError = error && !fieldError ? error.message : undefined;
  const length = body.length;
  const over = length > MAX_REPLY;
  const described = ["reply-hint", "reply-count", fieldError && "reply-error"].filter(Boolean).join(" ");

  return (
    <form class="reply" ref={form} onSubmit={submit}>
      <label for="reply">Reply to {customerName(props.thread.customer)} by {CHANNEL_NAMES[props.thread.channel]}</label>
      <p id="reply-hint" class="hint">{disabled ? "Replying is off: this customer has opted out." : "Ctrl+Enter sends. The customer sees it as a message from the business."}</p>
      <textarea
        id="reply"
        rows={3}
        value={body}
        disabled={disabled || busy}
        aria-invalid={fieldError || over ? "true" : undefined}
        aria-describedby={described}
        onInput={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.current?.requestSubmit();
          }
        }}
      />
      <div class="reply-foot">
        <span id="reply-count" class={over ? "count over" : "count"}>{length} / {MAX_REPLY} characters</span>
        <button type="submit" class="primary-inline" disabled={disabled || busy || body.trim() === "" || over}>{busy ? "Sending…" : "Send"}</button>
      </div>
      {fieldError && <p id="reply-error" class="field-error">{fieldError}</p>}
      {otherError && <p role="alert" class="alert">{otherError}</p>}
      {sentNote && !error && <p role="status" class="done">{sentNote}</p>}
    </form>
  );
}
