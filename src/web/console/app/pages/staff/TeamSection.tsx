/** The team: who works here; an owner adds people and edits their details (others read them). */
import { useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import { Field } from "../Field";
import type { StaffDetails } from "./types";

export function TeamSection(props: { staff: StaffDetails[]; canEdit: boolean; onSaved: (member: StaffDetails) => void }) {
  const [editing, setEditing] = useState<string>();
  return (
    <section class="staff-section" aria-labelledby="team-title">
      <h2 id="team-title">Team</h2>
      {props.staff.length === 0 && <p>No staff yet.</p>}
      <ul class="team">
        {props.staff.map((member) =>
          editing === member.id ? (
            <li key={member.id}>
              <StaffForm
                member={member}
                onDone={(saved) => {
                  if (saved) props.onSaved(saved);
                  setEditing(undefined);
                }}
              />
            </li>
          ) : (
            <li key={member.id} class="member">
              <div>
                <strong>{member.name}</strong>
                {!member.active && <span class="tag">Inactive</span>}
                <div class="muted">{member.email ?? "No email"}{member.googleCalendarId && " · Google Calendar linked"}</div>
              </div>
              {props.canEdit && (
                <button type="button" onClick={() => setEditing(member.id)}>Edit<span class="visually-hidden"> {member.name}</span></button>
              )}
            </li>
          ),
        )}
      </ul>
      {props.canEdit ? <StaffForm onDone={(saved) => saved && props.onSaved(saved)} /> : <p class="muted">Only an owner can add staff or change their details.</p>}
    </section>
  );
}

/** Adds a staff member (no `member`) or edits one; empty email or calendar clears it. */
function StaffForm(props: { member?: StaffDetails; onDone: (saved?: StaffDetails) => void }) {
  const { member } = props;
  const prefix = member ? `staff-${member.id}` : "new-staff";
  const [name, setName] = useState(member?.name ?? "");
  const [email, setEmail] = useState(member?.email ?? "");
  const [calendar, setCalendar] = useState(member?.googleCalendarId ?? "");
  const [active, setActive] = useState(member?.active ?? true);
  const { submit, busy, error } = useSubmit(async () => {
    const saved = member
      ? await api<StaffDetails>("PATCH", `/admin/staff/${member.id}`, { name, email: email.trim() || null, googleCalendarId: calendar.trim() || null, active })
      : await api<StaffDetails>("POST", "/admin/staff", { name, ...(email.trim() && { email }), ...(calendar.trim() && { googleCalendarId: calendar }) });
    if (!member) {
      setName("");
      setEmail("");
      setCalendar("");
    }
    props.onDone(saved);
  });
  return (
    <form class="staff-form" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{member ? `Edit ${member.name}` : "Add a staff member"}</h3>
      <Field id={`${prefix}-name`} label="Name" value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} error={error?.fieldMessage("name")} />
      <Field id={`${prefix}-email`} label="Email (optional)" type="email" value={email} maxLength={320} onInput={(e) => setEmail(e.currentTarget.value)} error={error?.fieldMessage("email")} hint="Where their notices and daily agenda go." />
      <Field id={`${prefix}-calendar`} label="Google Calendar id (optional)" value={calendar} maxLength={500} onInput={(e) => setCalendar(e.currentTarget.value)} error={error?.fieldMessage("googleCalendarId")} />
      {member && (
        <label class="check"><input type="checkbox" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} /> Active (takes bookings)</label>
      )}
      {error && error.errors.length === 0 && <p role="alert" class="alert">{error.message}</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? "Saving…" : member ? "Save" : "Add staff member"}</button>
        {member && <button type="button" disabled={busy} onClick={() => props.onDone()}>Cancel</button>}
      </div>
    </form>
  );
}
