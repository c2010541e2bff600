/** Runs `load` now, then every few seconds while the tab is visible (and at once when it shows again). */
import { useEffect } from "preact/hooks";

export const POLL_MS = 4000;

export function usePolling(load: () => Promise<void> | void, deps: unknown[]): void {
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (!document.hidden) void load();
    }, POLL_MS);
    const onVisible = () => {
      if (!document.hidden) void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, deps);
}
