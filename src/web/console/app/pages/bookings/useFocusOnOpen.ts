/** Moves keyboard focus to an element when it appears (a form opened by a button), so a keyboard user lands in it rather than at the top of the page. */
import { useEffect, useRef } from "preact/hooks";

export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
