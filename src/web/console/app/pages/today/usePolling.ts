/**
 * Data that follows the server: fetched when `key` changes, again every `ms` while the tab is
 * visible, and at once when the tab becomes visible again (a hidden tab asks nothing).
 */
import { useEffect, useRef, useState } from "preact/hooks";

export function usePolling<T>(
  key: string | undefined,
  fetcher: () => Promise<T>,
  ms: number,
): { data: T | undefined; error: string | undefined; update: (change: (data: T) => T) => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useRef(fetcher);
  latest.current = fetcher;

  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    let asked = 0;
    setData(undefined);
    const load = () => {
      // Answers can overtake each other: only the newest question's answer is shown.
      const mine = ++asked;
      latest
        .current()
        .then((value) => {
          if (!live || mine !== asked) return;
          setData(value);
          setError(undefined);
        })
        .catch((e: Error) => live && mine === asked && setError(e.message));
    };
    const onVisibility = () => {
      if (!document.hidden) load();
    };
    load();
    const timer = setInterval(onVisibility, ms);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [key, ms]);

  return { data, error, update: (change) => setData((d) => (d === undefined ? d : change(d))) };
}
