/** The staff console: who is signed in decides between the sign-in pages and the shell. */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./styles.css";
import { ApiError, api, useCsrfToken } from "./api";
import { navigate, useLocation } from "./router";
import type { Me } from "./types";
import { SetPasswordPage } from "./pages/SetPasswordPage";
import { SignInPage } from "./pages/SignInPage";
import { Shell } from "./pages/Shell";

function App() {
  const { path } = useLocation();
  /** undefined while asking the server, null when nobody is signed in. */
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [failure, setFailure] = useState<string>();

  async function refreshMe(): Promise<Me | null> {
    try {
      const who = await api<Me>("GET", "/console/api/me");
      useCsrfToken(who.csrfToken);
      setMe(who);
      return who;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        useCsrfToken(undefined);
        setMe(null);
        return null;
      }
      setFailure(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  useEffect(() => {
    void refreshMe();
  }, []);

  const signedIn = async () => {
    if (await refreshMe()) navigate("/console/today", { replace: true });
  };

  if (path === "/console/set-password") return <SetPasswordPage onSignedIn={signedIn} />;
  if (failure) return <main class="centered"><p role="alert">{failure}</p></main>;
  if (me === undefined) return <main class="centered" aria-busy="true"><p>Loading…</p></main>;
  if (me === null) return <SignInPage onSignedIn={signedIn} />;
  return (
    <Shell
      me={me}
      onSignedOut={() => {
        useCsrfToken(undefined);
        setMe(null);
        navigate("/console/sign-in", { replace: true });
      }}
    />
  );
}

render(<App />, document.getElementById("app")!);
