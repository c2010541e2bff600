/** Who is signed in, for a component whose parent did not say: asked of the server when it mounts. */
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import type { Me } from "../../types";

export function useMe(given?: Me): Me | undefined {
  const [asked, setAsked] = useState<Me>();
  useEffect(() => {
    if (given) return;
    let live = true;
    api<Me>("GET", "/console/api/me")
      .then((who) => live && setAsked(who))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [given]);
  return given ?? asked;
}
