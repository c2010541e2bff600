/**
 * The unread count beside "Notifications" in the navigation, on every page: polled as the pages
 * poll, and asked again at once when the Notifications page marks one read (unreadChanged()).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../api";
import { usePolling } from "../../usePolling";
import type { StaffNotification } from "./types";

/** The most GET /admin/notifications returns: a full page means "at least this many". */
export const LIST_LIMIT = 200;

const listeners = new Set<() => void>();

/** Tells every count shown to ask the server again (after a notification was marked read). */
export function unreadChanged(): void {
  listeners.forEach((l) => l());
}

/** How many notifications are unread (undefined until known, or when `enabled` is false); `capped` when the server's list was full. */
export function useUnreadCount(enabled: boolean): { count: number; capped: boolean } | undefined {
  const [unread, setUnread] = useState<{ count: number; capped: boolean }>();
  const [changes, setChanges] = useState(0);
  const asked = useRef(0);

  useEffect(() => {
    const changed = () => setChanges((n) => n + 1);
    listeners.add(changed);
    return () => {
      listeners.delete(changed);
    };
  }, []);

  usePolling(() => {
    if (!enabled) return;
    // Answers can overtake each other: only the newest question's answer is shown.
    const mine = ++asked.current;
    return api<{ items: StaffNotification[] }>("GET", "/admin/notifications?unread=true").then(
      (r) => {
        if (mine === asked.current) setUnread({ count: r.items.length, capped: r.items.length >= LIST_LIMIT });
      },
      // A failed poll keeps the last count; the next tick asks again.
      () => undefined,
    );
  }, [enabled, changes]);

  return enabled ? unread : undefined;
}
