/**
 * Following the server: work done now, then every few seconds while the tab is visible, and at once
 * when it becomes visible again (a hidden tab asks nothing). The console's pages stay at most
 * POLL_MS behind what customers do by text.
 */
import { useEffect, useRef, useState } from "preact/hooks";

export const POLL_MS = 4000;

/** Runs `load` now and on every tick while the tab is visible; again from the start when `deps` change. */
export function usePolling(load: () => Promise<void> | void, deps: unknown[]): void {
  useEffect(() => {
    void load();
    const onTick = () => {
      if (!document.hidden) void load();
    };
    const timer = setInterval(onTick, POLL_MS);
    document.addEventListener("visibilitychange", onTick);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onTick);
    };
  }, deps);
}

/**
 * The data `fetcher` answers, polled as usePolling does and fetched afresh (from nothing) when `key`
 * changes; nothing while `key` is undefined. `update` changes the shown data in place until the next answer.
 */
export function usePolledData<T>(
  key: string | undefined,
  fetcher: () => Promise<T>,
): { data: T | undefined; error: string | undefined; update: (change: (data: T) => T) => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useRef(fetcher);
  latest.current = fetcher;
  const asked = useRef(0);

  useEffect(() => {
    setData(undefined);
    // An answer still on its way for the previous key (or after leaving the page) is dropped.
    return () => {
      asked.current++;
    };
  }, [key]);

  usePolling(() => {
    if (key === undefined) return;
    // Answers can overtake each other: only the newest question's answer is shown.
    const mine = ++asked.current;
    return latest.current().then(
      (value) => {
        if (mine !== asked.current) return;
        setData(value);
        setError(undefined);
      },
      (e: Error) => {
        if (mine === asked.current) setError(e.message);
      },
    );
  }, [key]);

  return { data, error, update: (change) => setData((d) => (d === undefined ? d : change(d))) };
}
