/**
 * The bookings list: filters (status, dates, service) and a search by the customer's name or number,
 * kept in the address so the back button and a shared link show the same list; soonest first, from today.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { addDays, clockTime, STATUS_NAMES, todayIn } from "../../format";
import { navigate, onLinkClick, useLocation } from "../../router";
import type { Booking, Me } from "../../types";
import { Field } from "../Field";
import { dayAndTime, startOfDay } from "./dates";
import { type Setup, useSetup } from "./useSetup";

const LIMIT = 200;
const FILTERS = ["q", "status", "from", "to", "serviceId"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The filters in the address; without `from` the list starts today (an empty `from=` means from the beginning). */
function filtersOf(query: URLSearchParams, today: string): Filters {
  return { q: query.get("q") ?? "", status: query.get("status") ?? "", from: query.get("from") ?? today, to: query.get("to") ?? "", serviceId: query.get("serviceId") ?? "" };
}

function apiQuery(f: Filters, timezone: string): string {
  const q = new URLSearchParams({ limit: String(LIMIT) });
  if (f.q.trim()) q.set("q", f.q.trim());
  if (f.status) q.set("status", f.status);
  if (f.serviceId) q.set("serviceId", f.serviceId);
  if (f.from) q.set("from", startOfDay(f.from, timezone));
  if (f.to) q.set("to", startOfDay(addDays(f.to, 1), timezone));
  return q.toString();
}

export function BookingList(_props: { me: Me }) {
  const { setup, error: setupError } = useSetup();
  if (!setup) return <section aria-busy="true"><h1>Bookings</h1>{setupError ? <p role="alert" class="alert">{setupError}</p> : <p>Loading…</p>}</section>;
  return <Loaded setup={setup} />;
}

function Loaded({ setup }: { setup: Setup }) {
  const { query } = useLocation();
  const tz = setup.business.timezone;
  const applied = filtersOf(query, todayIn(tz));
  const [form, setForm] = useState<Filters>(applied);
  const [items, setItems] = useState<Booking[]>();
  const [error, setError] = useState<ApiError>();
  const key = apiQuery(applied, tz);

  useEffect(() => {
    let live = true;
    setItems(undefined);
    setError(undefined);
    setForm(applied);
    api<{ items: Booking[] }>("GET", `/admin/bookings?${key}`)
      .then((r) => live && setItems(r.items))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, String(e))));
    return () => {
      live = false;
    };
  }, [key]);

  const set = (name: keyof Filters) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });
  function search(e: Event) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (form[name] || name === "from") next.set(name, form[name]);
    navigate(`/console/bookings?${next}`);
  }

  return (
    <section class="bookings">
      <h1>Bookings</h1>
      <form class="filters" onSubmit={search} role="search" aria-label="Bookings">
        <Field id="filter-q" label="Customer name or phone" type="search" value={form.q} maxLength={100} error={error?.fieldMessage("q")} onInput={set("q")} />
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" value={form.status} onChange={set("status")}>
            <option value="">Any status</option>
            {Object.entries(STATUS_NAMES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="filter-service">Service</label>
          <select id="filter-service" value={form.serviceId} onChange={set("serviceId")}>
            <option value="">Any service</option>
            {setup.services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <Field id="filter-from" label="From" type="date" value={form.from} error={error?.fieldMessage("from")} onInput={set("from")} />
        <Field id="filter-to" label="To (inclusive)" type="date" value={form.to} error={error?.fieldMessage("to")} onInput={set("to")} />
        <button type="submit">Search</button>
      </form>
      <p class="summary" aria-live="polite">
        {items === undefined ? (error ? "" : "Loading bookings…") : `${items.length === LIMIT ? `The first ${LIMIT}` : items.length} booking${items.length === 1 ? "" : "s"}${applied.from ? ` from ${applied.from}` : ""}, soonest first · times in ${tz}`}
      </p>
      {error && !FILTERS.some((f) => error.fieldMessage(f)) && <p role="alert" class="alert">{error.message}</p>}
      {items?.length === 0 && <p>No bookings match. Clear a filter, or set an earlier From date to see past bookings.</p>}
      {items && items.length > 0 && (
        <ol class="booking-list">
          {items.map((b) => (
            <li key={b.id}>
              <a href={`/console/bookings/${b.id}`} onClick={onLinkClick}>
                <span class="when">{dayAndTime(b.start)}–{clockTime(b.end)}</span>
                <span class="who">{b.customer.name ?? b.customer.phone}</span>
                <span class="what">{setup.serviceName(b.serviceId)}{b.totalSessions ? ` (${b.sessionNumber}/${b.totalSessions})` : ""} · with {setup.staffName(b.staffId)}</span>
              </a>
              <span class={`badge status-${b.status}`}>{STATUS_NAMES[b.status]}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
