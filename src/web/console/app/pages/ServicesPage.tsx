/**
 * Services: the list for everyone; owners also create and edit services (/console/services/new,
 * /console/services/<id>) with a live preview of a plan's schedule, and manage promo codes.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { navigate, onLinkClick, useLocation } from "../router";
import type { Business, Me, StaffMember } from "../types";
import { PromoCodes } from "./services/PromoCodes";
import { ServiceForm } from "./services/ServiceForm";
import { ServiceList } from "./services/ServiceList";
import type { ServiceJson } from "./services/types";
import "./services/services.css";

const BASE = "/console/services";

interface Setup {
  business: Business;
  staff: StaffMember[];
  services: ServiceJson[];
}

export function ServicesPage(props: { me: Me }) {
  const { path } = useLocation();
  const [setup, setSetup] = useState<Setup>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const isOwner = props.me.user.role === "owner";
  const listHeading = useRef<HTMLHeadingElement>(null);
  const editing = path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1) : undefined;

  // Back from a saved form: focus goes to the list, where the notice says what was saved.
  useEffect(() => {
    if (notice && !editing) listHeading.current?.focus();
  }, [notice, editing]);

  useEffect(() => {
    Promise.all([
      api<Business>("GET", "/admin/business"),
      api<{ items: StaffMember[] }>("GET", "/admin/staff"),
      api<{ items: ServiceJson[] }>("GET", "/admin/services"),
    ])
      .then(([business, staff, services]) => setSetup({ business, staff: staff.items, services: services.items }))
      .catch((e: Error) => setError(e.message));
  }, []);

  if (!setup) return <section aria-busy="true"><h1>Services</h1>{error ? <p role="alert" class="alert">{error}</p> : <p>Loading…</p>}</section>;

  if (editing && isOwner) {
    const service = editing === "new" ? undefined : setup.services.find((s) => s.id === editing);
    if (editing !== "new" && !service) {
      return <section><h1>Services</h1><p>There is no such service. <a href={BASE} onClick={onLinkClick}>Back to the services</a></p></section>;
    }
    return (
      <ServiceForm
        key={editing}
        service={service}
        staff={setup.staff}
        business={setup.business}
        onCancel={() => navigate(BASE)}
        onSaved={(saved) => {
          setSetup({ ...setup, services: service ? setup.services.map((s) => (s.id === saved.id ? saved : s)) : [...setup.services, saved] });
          setNotice(`Saved ${saved.name}.`);
          navigate(BASE);
        }}
      />
    );
  }

  return (
    <section class="services">
      <div class="services-head">
        <h1 ref={listHeading} tabIndex={-1}>Services</h1>
        {isOwner && <a class="button-link primary-link" href={`${BASE}/new`} onClick={onLinkClick}>New service</a>}
      </div>
      {!isOwner && <p class="hint">Only an owner of the business can change services.</p>}
      <p role="status" class="done">{notice}</p>
      <ServiceList services={setup.services} staff={setup.staff} canEdit={isOwner} />
      {isOwner && <PromoCodes />}
    </section>
  );
}
