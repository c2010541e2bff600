/**
 * Notifications: what the team should know, newest first: customers running late, on their way,
 * here, unable to come or asking for a person, questions the bot could not answer, and new, pending
 * and cancelled bookings. Unread ones stand out until someone marks them read; the navigation shows
 * how many are unread on every page. Followed every few seconds while the tab is visible.
 */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import { onLinkClick } from "../router";
import type { Business, Me } from "../types";
import { usePolledData } from "../usePolling";
import type { StaffNotification } from "./notifications/types";
import { LIST_LIMIT, unreadChanged } from "./notifications/unread";
import { EMPTY, KIND_NAMES, MARK_READ, NEEDS_SOMEONE, customerName, unreadWords, zonedWhen } from "./notifications/words";
import "./notifications/notifications.css";

export function NotificationsPage(_props: { me: Me }) {
  const [timezone, setTimezone] = useState<string>();
  const [setupError, setSetupError] = useState<string>();
  const { data, error } = usePolledData("all", () => api<{ items: StaffNotification[] }>("GET", "/admin/notifications").then((r) => r.items));
  /** Marked read here: kept over a poll that left before the mark and answers after it. */
  const [readHere, setReadHere] = useState<Map<string, string>>(new Map());
  const [marking, setMarking] = useState<string>();
  const [markError, setMarkError] = useState<string>();

  useEffect(() => {
    api<Business>("GET", "/admin/business").then((b) => setTimezone(b.timezone), (e: Error) => setSetupError(e.message));
  }, []);

  if (!timezone || data === undefined) {
    const failure = setupError ?? error;
    return <section class="notifications" aria-busy={failure ? undefined : "true"}><h1>Notifications</h1>{failure ? <p role="alert" class="alert">{failure}</p> : <p>Loading…</p>}</section>;
  }

  const items = data.map((n) => (n.readAt || !readHere.has(n.id) ? n : { ...n, readAt: readHere.get(n.id)! }));
  const unread = items.filter((n) => !n.readAt).length;

  async function markRead(n: StaffNotification) {
    setMarking(n.id);
    setMarkError(undefined);
    try {
      const read = await api<StaffNotification>("POST", `/admin/notifications/${n.id}/read`);
      setReadHere((m) => new Map(m).set(read.id, read.readAt ?? new Date().toISOString()));
      unreadChanged();
      // The button is gone: the notification itself keeps the focus.
      document.getElementById(`notice-${n.id}`)?.focus();
    } catch (e) {
      setMarkError(e instanceof Error ? e.message : String(e));
    } finally {
      setMarking(undefined);
    }
  }

  return (
    <section class="notifications">
      <h1>Notifications</h1>
      <p class="summary" aria-live="polite">{unreadWords(unread, data.length >= LIST_LIMIT && unread === data.length)} · times in {timezone}</p>
      {error && <p role="alert" class="alert">Could not refresh: {error}</p>}
      {markError && <p role="alert" class="alert">{markError}</p>}
      {items.length === 0 ? (
        <p class="muted">{EMPTY}</p>
      ) : (
        <ul class="notices">
          {items.map((n) => {
            const isUnread = !n.readAt;
            const textId = `notice-${n.id}-text`;
            return (
              <li key={n.id} id={`notice-${n.id}`} class={isUnread ? "notice unread" : "notice"} tabIndex={-1}>
                <div class="notice-head">
                  <span class={NEEDS_SOMEONE.has(n.kind) ? "tag kind urgent" : "tag kind"}>{KIND_NAMES[n.kind] ?? n.kind}</span>
                  {isUnread && <span class="tag unread-tag">Unread</span>}
                  <time class="notice-when" dateTime={n.createdAt}>{zonedWhen(n.createdAt, timezone)}</time>
                </div>
                <p class="notice-text" id={textId}>{n.text}</p>
                {(n.customer || n.bookingId) && (
                  <p class="notice-about">
                    {n.customer && (
                      <span>
                        Customer: {n.customer.name && <>{customerName(n.customer)} · </>}
                        <a href={`tel:${n.customer.phone}`}>{n.customer.phone}</a>
                      </span>
                    )}
                    {n.bookingId && (
                      <a href={`/console/bookings/${n.bookingId}`} onClick={onLinkClick} aria-describedby={textId}>Open the booking</a>
                    )}
                  </p>
                )}
                {isUnread ? (
                  <button type="button" class="mark-read" disabled={marking === n.id} aria-describedby={textId} onClick={() => markRead(n)}>{MARK_READ}</button>
                ) : (
                  <p class="notice-read">Read {zonedWhen(n.readAt!, timezone)}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
