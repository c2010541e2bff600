/**
 * Every customer's thread, most recently active first: who, the last message, the bot's state, and
 * who has taken it over. A search by name or phone; older threads a page at a time.
 */
import { useRef, useState } from "preact/hooks";
import { api } from "../../api";
import { onLinkClick } from "../../router";
import type { ConversationPage, ConversationSummary } from "./types";
import { CHANNEL_NAMES, PERSON_REQUESTED, customerName, shortWhen, stateInWords } from "./words";
import { usePolling } from "../../usePolling";

const PAGE_SIZE = 50;

async function fetchPage(q: string, before?: string): Promise<ConversationPage> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(q && { q }), ...(before && { before }) });
  return api<ConversationPage>("GET", `/admin/conversations?${query}`);
}

export function ConversationList(props: { openId: string | undefined; refreshKey: number }) {
  const [search, setSearch] = useState("");
  const [first, setFirst] = useState<ConversationPage>();
  /** Older pages the user asked for, kept while the first page refreshes. */
  const [older, setOlder] = useState<ConversationSummary[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);
  const current = useRef(search);
  current.current = search;
  const olderRef = useRef(older);
  olderRef.current = older;

  usePolling(async () => {
    const q = search.trim();
    try {
      const page = await fetchPage(q);
      if (current.current.trim() !== q) return;
      setFirst(page);
      setError(undefined);
      // Once older pages are shown, the next one follows the last of them.
      if (olderRef.current.length === 0) setNextBefore(page.nextBefore);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [search, props.refreshKey]);

  async function loadMore() {
    const cursor = nextBefore;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(search.trim(), cursor);
      setOlder((kept) => [...kept, ...page.items]);
      setNextBefore(page.nextBefore);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const seen = new Set<string>();
  const items = [...(first?.items ?? []), ...older].filter((c) => !seen.has(c.id) && seen.add(c.id));
  return (
    <section class="thread-list" aria-labelledby="thread-list-title">
      <h2 id="thread-list-title" class="visually-hidden">All conversations</h2>
      <form role="search" class="thread-search" onSubmit={(e) => e.preventDefault()}>
        <label for="thread-search">Search by name or phone</label>
        <input
          id="thread-search"
          type="search"
          value={search}
          autocomplete="off"
          onInput={(e) => {
            setSearch(e.currentTarget.value);
            setOlder([]);
            setFirst(undefined);
          }}
        />
      </form>
      {error && <p role="alert" class="alert">{error}</p>}
      {first === undefined ? (
        !error && <p aria-busy="true">Loading conversations…</p>
      ) : items.length === 0 ? (
        <p class="muted">{search.trim() ? "No conversation matches that name or number." : "No conversations yet: they appear here when a customer texts."}</p>
      ) : (
        <ul class="threads">
          {items.map((c) => (
            <li key={c.id}>
              <a href={`/console/conversations/${c.id}`} class={c.personRequestedAt ? "thread-link wants-person" : "thread-link"} aria-current={c.id === props.openId ? "page" : undefined} onClick={onLinkClick}>
                <span class="thread-top">
                  <span class="thread-who">{customerName(c.customer)}</span>
                  <span class="thread-when">{shortWhen(c.lastActivityAt)}</span>
                </span>
                {c.customer.name && <span class="thread-phone">{c.customer.phone}</span>}
                <span class="thread-preview">
                  {c.lastMessage?.direction === "out" && <><span aria-hidden="true">↩ </span><span class="visually-hidden">Sent: </span></>}
                  {c.lastMessage ? c.lastMessage.body : "No messages"}
                </span>
                <span class="thread-tags">
                  {c.personRequestedAt && <span class="tag person-requested">{PERSON_REQUESTED}</span>}
                  <span class="tag">{CHANNEL_NAMES[c.channel]}</span>
                  {c.takenOver ? <span class="tag taken">Taken over by {c.takenOver.name}</span> : <span class="tag">Bot: {stateInWords(c.state)}</span>}
                  {c.optedOut && <span class="tag opted-out">Opted out</span>}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {nextBefore && older.length + (first?.items.length ?? 0) > 0 && (
        <button type="button" class="more" disabled={loadingMore} onClick={loadMore}>{loadingMore ? "Loading…" : "Show older conversations"}</button>
      )}
    </section>
  );
}
