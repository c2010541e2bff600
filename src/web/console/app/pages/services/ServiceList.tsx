/** The business's services, one card each: what it costs and takes, who offers it, its plan or package; owners get an Edit link. */
import { money } from "../../format";
import { onLinkClick } from "../../router";
import type { StaffMember } from "../../types";
import type { ServiceJson } from "./types";
import { planSummary } from "./wording";

export function ServiceList(props: { services: ServiceJson[]; staff: StaffMember[]; canEdit: boolean }) {
  const staffNames = (ids: string[]) => {
    const names = props.staff.filter((s) => ids.includes(s.id)).map((s) => s.name);
    return names.length ? names.join(", ") : "No one yet";
  };
  if (props.services.length === 0) return <p>No services yet.</p>;
  return (
    <ul class="service-list">
      {props.services.map((s) => (
        <li key={s.id} class={`service-card${s.active ? "" : " inactive"}`}>
          <div class="service-head">
            <h2 id={`service-${s.id}`}>{s.name}</h2>
            <span class={`badge ${s.active ? "on" : "off"}`}>{s.active ? "Active" : "Inactive"}</span>
          </div>
          <dl>
            <dt>Duration</dt><dd>{s.durationMinutes} min</dd>
            <dt>Price</dt><dd>{money(s.priceCents, s.currency)}</dd>
            <dt>Payment</dt><dd>{s.requiresPayment ? "Paid when booking" : "Not required upfront"}</dd>
            <dt>Offered by</dt><dd>{staffNames(s.staffIds)}</dd>
            <dt>Sessions</dt><dd>{planSummary(s.multiSession)}</dd>
            <dt>Package</dt><dd>{s.packageSessions ? `${s.packageSessions} sessions paid upfront` : "None"}</dd>
          </dl>
          {props.canEdit && (
            <a class="button-link" href={`/console/services/${s.id}`} onClick={onLinkClick} >Edit<span class="visually-hidden"> {s.name}</span></a>
          )}
        </li>
      ))}
    </ul>
  );
}
