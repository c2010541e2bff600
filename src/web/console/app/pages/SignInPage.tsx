/** Email and password; after repeated wrong passwords the server asks us to wait, and we say for how long. */
import { useState } from "preact/hooks";
import { api, useSubmit } from "../api";
import { Field } from "./Field";

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  const until = new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `Too many wrong passwords. Sign-in is paused for ${minutes} minute${minutes === 1 ? "" : "s"}: try again at ${until}.`;
}

export function SignInPage(props: { onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    await api("POST", "/console/api/sign-in", { email, password });
    props.onSignedIn();
  });

  const message = error && (error.status === 429 && error.retryAfter ? waitText(error.retryAfter) : error.message);
  return (
    <main class="centered">
      <form class="card" onSubmit={submit} noValidate>
        <h1>Sign in to Slotline</h1>
        <Field id="email" label="Email" type="email" autocomplete="username" value={email} error={error?.fieldMessage("email")} onInput={(e) => setEmail(e.currentTarget.value)} />
        <Field id="password" label="Password" type="password" autocomplete="current-password" value={password} error={error?.fieldMessage("password")} onInput={(e) => setPassword(e.currentTarget.value)} />
        {message && <p role="alert" class="alert">{message}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <p class="hint">Forgotten your password? Ask an owner of the business for a new link.</p>
      </form>
    </main>
  );
}
