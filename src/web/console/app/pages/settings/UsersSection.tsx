/**
 * Console users (GET/POST /admin/users, PATCH /admin/users/:id, POST /admin/users/:id/password-link):
 * invite someone and hand them the one-time link, change a role, disable or enable an account,
 * send a new set-password link. The server refuses what would leave the business without an owner.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api, useSubmit } from "../../api";
import type { Me, Role, StaffMember } from "../../types";
import { Field } from "../Field";
import { SelectField } from "./Controls";
import { type ConsoleUser, ROLE_NAMES } from "./types";

const ROLE_OPTIONS = (["owner", "frontDesk", "staff"] as Role[]).map((r) => ({ value: r, label: ROLE_NAMES[r] }));
const ROLE_HINT = "Owners change everything; front desk handle bookings and conversations; staff see the calendar and their own bookings.";

function staffOptions(staff: StaffMember[]) {
  return [{ value: "", label: "Choose a staff member" }, ...staff.map((s) => ({ value: s.id, label: s.name }))];
}

/** A link shown once: the person it is for sets their password there. */
function OneTimeLink(props: { url: string; name: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => input.current?.focus(), [props.url]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.url);
      setCopied(true);
    } catch {
      input.current?.select();
    }
  }
  return (
    <div class="one-time-link">
      <label for="one-time-link">Set-password link for {props.name}</label>
      <p id="one-time-link-hint" class="hint">Send it to {props.name} yourself. It works once and expires in 72 hours; it is shown only now.</p>
      <div class="link-row">
        <input id="one-time-link" ref={input} readOnly value={props.url} aria-describedby="one-time-link-hint" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>Copy</button>
      </div>
      <p role="status" class="done">{copied ? "Copied" : ""}</p>
      <button type="button" onClick={props.onDone}>Done</button>
    </div>
  );
}

function InviteForm(props: { staff: StaffMember[]; onInvited: (user: { id: string; name: string; url: string }) => void }) {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("frontDesk");
  const [staffId, setStaffId] = useState("");
  const { submit, busy, error } = useSubmit(async () => {
    const made = await api<{ id: string; inviteUrl: string }>("POST", "/admin/users", { email, name, role, ...(staffId && role === "staff" && { staffId }) });
    props.onInvited({ id: made.id, name, url: made.inviteUrl });
    setEmail("");
    setName("");
  });
  const general = error && error.errors.length === 0 ? error.message : undefined;
  return (
    <form class="invite-form" onSubmit={submit} noValidate aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite someone</h3>
      <Field id="invite-email" label="Email" type="email" autocomplete="off" value={email} error={error?.fieldMessage("email")} onInput={(e) => setEmail(e.currentTarget.value)} />
      <Field id="invite-name" label="Name" value={name} error={error?.fieldMessage("name")} onInput={(e) => setName(e.currentTarget.value)} />
      <SelectField id="invite-role" label="Role" hint={ROLE_HINT} value={role} options={ROLE_OPTIONS} error={error?.fieldMessage("role")} onChange={(r) => setRole(r as Role)} />
      {role === "staff" && <SelectField id="invite-staff" label="Their staff member" value={staffId} options={staffOptions(props.staff)} error={error?.fieldMessage("staffId")} onChange={setStaffId} />}
      {general && <p role="alert" class="alert">{general}</p>}
      <button type="submit" class="primary" disabled={busy}>{busy ? "Inviting…" : "Invite"}</button>
    </form>
  );
}

function UserItem(props: { user: ConsoleUser; me: Me; staff: StaffMember[]; onChanged: (user: ConsoleUser) => void; onLink: (name: string, url: string) => void }) {
  const { user } = props;
  const [role, setRole] = useState<Role>(user.role);
  const [staffId, setStaffId] = useState(user.staffId ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [told, setTold] = useState<string>();
  const self = user.id === props.me.user.id;

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setError(undefined);
    setTold(undefined);
    try {
      setTold(await run());
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  }
  const patch = (body: object, told: string) =>
    act(async () => {
      const changed = await api<ConsoleUser>("PATCH", `/admin/users/${user.id}`, body);
      props.onChanged(changed);
      return told;
    });

  const state = user.disabledAt ? `Disabled since ${new Date(user.disabledAt).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric" })}` : user.passwordSet ? "Active" : "Invited, no password yet";
  const prefix = `user-${user.id}`;
  const general = error && !error.fieldMessage("staffId") && !error.fieldMessage("role") ? error.message : undefined;
  return (
    <li class={`user${user.disabledAt ? " disabled" : ""}`} aria-labelledby={`${prefix}-name`}>
      <h4 id={`${prefix}-name`}>{user.name}{self ? " (you)" : ""}</h4>
      <p class="user-facts">{user.email} · {ROLE_NAMES[user.role]} · <span class="user-state">{state}</span></p>
      <form
        class="role-form"
        onSubmit={(e) => {
          e.preventDefault();
          void patch({ role, ...(role === "staff" ? { staffId: staffId || null } : {}) }, `${user.name} is now ${ROLE_NAMES[role].toLowerCase()}.`);
        }}
      >
        <SelectField id={`${prefix}-role`} label={`Role of ${user.name}`} value={role} options={ROLE_OPTIONS} error={error?.fieldMessage("role")} onChange={(r) => setRole(r as Role)} />
        {role === "staff" && <SelectField id={`${prefix}-staff`} label={`Staff member of ${user.name}`} value={staffId} options={staffOptions(props.staff)} error={error?.fieldMessage("staffId")} onChange={setStaffId} />}
        <button type="submit" disabled={busy || (role === user.role && (role !== "staff" || staffId === (user.staffId ?? "")))}>Change role</button>
      </form>
      <div class="actions">
        {!user.disabledAt && (
          <button type="button" disabled={busy} onClick={() => act(async () => {
            const { inviteUrl } = await api<{ inviteUrl: string }>("POST", `/admin/users/${user.id}/password-link`);
            props.onLink(user.name, inviteUrl);
            return `A new link for ${user.name} is shown above; older links stop working.`;
          })}>New set-password link<span class="visually-hidden"> for {user.name}</span></button>
        )}
        {user.disabledAt ? (
          <button type="button" disabled={busy} onClick={() => patch({ disabled: false }, `${user.name} can sign in again.`)}>Enable<span class="visually-hidden"> {user.name}</span></button>
        ) : (
          !self && <button type="button" class="danger" disabled={busy} onClick={() => patch({ disabled: true }, `${user.name} is disabled and signed out.`)}>Disable<span class="visually-hidden"> {user.name}</span></button>
        )}
      </div>
      {general && <p role="alert" class="alert">{general}</p>}
      <p role="status" class="done">{told ?? ""}</p>
    </li>
  );
}

export function UsersSection(props: { me: Me }) {
  const [users, setUsers] = useState<ConsoleUser[]>();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [loadError, setLoadError] = useState<string>();
  const [link, setLink] = useState<{ name: string; url: string }>();

  const load = () =>
    api<{ items: ConsoleUser[] }>("GET", "/admin/users")
      .then((r) => setUsers(r.items))
      .catch((e: Error) => setLoadError(e.message));

  useEffect(() => {
    void load();
    api<{ items: StaffMember[] }>("GET", "/admin/staff")
      .then((r) => setStaff(r.items.filter((s) => s.active)))
      .catch(() => undefined);
  }, []);

  return (
    <>
      {link && <OneTimeLink url={link.url} name={link.name} onDone={() => setLink(undefined)} />}
      <InviteForm
        staff={staff}
        onInvited={(made) => {
          setLink({ name: made.name, url: made.url });
          void load();
        }}
      />
      <h3 class="users-heading">People with access</h3>
      {loadError && <p role="alert" class="alert">{loadError}</p>}
      {!users ? (
        !loadError && <p aria-busy="true">Loading…</p>
      ) : (
        <ul class="user-list">
          {users.map((u) => (
            <UserItem key={u.id} user={u} me={props.me} staff={staff} onChanged={(c) => setUsers(users.map((x) => (x.id === c.id ? c : x)))} onLink={(name, url) => setLink({ name, url })} />
          ))}
        </ul>
      )}
    </>
  );
}
