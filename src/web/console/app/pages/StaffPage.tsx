/**
 * Staff & hours: the team, each member's weekly hours, and blocked time. Everyone reads it; front
 * desk also block and unblock time (seeing first what it does to the bookings inside); owners also
 * add and edit staff and their hours. What a role may not change is shown read-only.
 */
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { Business, Me } from "../types";
import { BlockedPeriods } from "./staff/BlockedPeriods";
import { HoursEditor } from "./staff/HoursEditor";
import { TeamSection } from "./staff/TeamSection";
import type { StaffDetails } from "./staff/types";
import "./staff/staff.css";

export function StaffPage(props: { me: Me }) {
  const { role, staffId } = props.me.user;
  const isOwner = role === "owner";
  const [business, setBusiness] = useState<Business>();
  const [staff, setStaff] = useState<StaffDetails[]>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string>();

  useEffect(() => {
    Promise.all([api<Business>("GET", "/admin/business"), api<{ items: StaffDetails[] }>("GET", "/admin/staff")])
      .then(([b, s]) => {
        setBusiness(b);
        setStaff(s.items);
        setChosen(s.items.find((m) => m.id === staffId)?.id ?? s.items[0]?.id);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  if (!business || !staff) return <section aria-busy="true"><h1>Staff & hours</h1>{error ? <p role="alert" class="alert">{error}</p> : <p>Loading…</p>}</section>;

  const member = staff.find((s) => s.id === chosen);
  const saved = (m: StaffDetails) => {
    setStaff(staff.some((s) => s.id === m.id) ? staff.map((s) => (s.id === m.id ? m : s)) : [...staff, m]);
    if (!chosen) setChosen(m.id);
  };

  return (
    <div class="staff-page">
      <h1>Staff & hours</h1>
      <TeamSection staff={staff} canEdit={isOwner} onSaved={saved} />
      <section class="staff-section" aria-labelledby="hours-title">
        <h2 id="hours-title">Weekly hours</h2>
        {staff.length === 0 ? (
          <p>Add a staff member first.</p>
        ) : (
          <>
            <div class="field hours-who">
              <label for="hours-staff">Staff member</label>
              <select id="hours-staff" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
                {staff.map((s) => <option key={s.id} value={s.id}>{s.name}{s.active ? "" : " (inactive)"}</option>)}
              </select>
            </div>
            {!isOwner && <p class="muted">Only an owner can change hours.</p>}
            {member && <HoursEditor key={member.id} member={member} canEdit={isOwner} />}
          </>
        )}
      </section>
      <BlockedPeriods staff={staff} timezone={business.timezone} canBlock={role !== "staff"} />
    </div>
  );
}
