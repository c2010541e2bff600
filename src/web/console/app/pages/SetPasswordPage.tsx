/** Where an invitation link lands: the one-time token is in the fragment, which never reaches a server's logs. */
import { useState } from "preact/hooks";
import { api, useSubmit } from "../api";
import { Field } from "./Field";

export function SetPasswordPage(props: { onSignedIn: () => void }) {
  const [token] = useState(() => decodeURIComponent(location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    await api("POST", "/console/api/set-password", { token, password });
    props.onSignedIn();
  });

  const passwordError = error?.fieldMessage("password");
  const general = error && !passwordError ? error.message : undefined;
  return (
    <main class="centered">
      <form class="card" onSubmit={submit} noValidate>
        <h1>Set your password</h1>
        {!token ? (
          <p role="alert" class="alert">This page needs the whole link from your invitation, including the part after “#”.</p>
        ) : (
          <>
            <p>Choose a password for the Slotline console. You will be signed in straight away.</p>
            <Field id="password" label="New password" type="password" autocomplete="new-password" hint="At least 12 characters." value={password} error={passwordError && `Password ${passwordError}.`} onInput={(e) => setPassword(e.currentTarget.value)} />
            {general && <p role="alert" class="alert">{general}</p>}
            {error?.status === 410 && <p>Already set your password? <a href="/console/sign-in">Sign in</a>. Otherwise ask an owner of the business for a new link.</p>}
            {passwordError && <p role="alert" class="visually-hidden">Password {passwordError}.</p>}
            <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : "Set password and sign in"}</button>
          </>
        )}
      </form>
    </main>
  );
}
