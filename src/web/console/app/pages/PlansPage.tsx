/**
 * Plans: every multi-session plan, grouped by status (active first), each with its progress
 * (completed / booked / remaining), the next step and its sessions. ?status= and ?q= (a customer's
 * name or phone) filter it, so a filtered view can be bookmarked and the back button undoes a filter.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../api";
import { navigate, useLocation } from "../router";
import type { Me } from "../types";
import { Field } from "./Field";
import { PlanCard } from "./plans/PlanCard";
import type { Plan, PlanStatus } from "./plans/types";
import { PLAN_STATUS_NAMES } from "./plans/words";
import "./plans/plans.css";

const GROUPS: PlanStatus[] = ["active", "completed", "cancelled"];

function plansHref(status: string, q: string): string {
  const query = new URLSearchParams();
  if (status) query.set("status", status);
  if (q.trim()) query.set("q", q.trim());
  const text = query.toString();
  return text ? `/console/plans?${text}` : "/console/plans";
}

/** "3 plans", or with filters "1 plan matches". */
function countWords(n: number, filtered: boolean): string {
  const plans = `${n} plan${n === 1 ? "" : "s"}`;
  return filtered ? `${plans} ${n === 1 ? "matches" : "match"}` : plans;
}

export function PlansPage(_props: { me: Me }) {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const q = query.get("q") ?? "";
  const [plans, setPlans] = useState<Plan[]>();
  const [error, setError] = useState<ApiError>();
  const [search, setSearch] = useState(q);

  useEffect(() => setSearch(q), [q]);

  useEffect(() => {
    let live = true;
    setPlans(undefined);
    setError(undefined);
    const filter = new URLSearchParams();
    if (status) filter.set("status", status);
    if (q) filter.set("q", q);
    api<{ items: Plan[] }>("GET", `/admin/plans?${filter}`)
      .then(({ items }) => live && setPlans(items))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, String(e))));
    return () => {
      live = false;
    };
  }, [status, q]);

  const statusError = error?.fieldMessage("status");
  const searchError = error?.fieldMessage("q");
  const otherError = error && !statusError && !searchError ? error.message : undefined;
  const groups = GROUPS.map((g) => ({ status: g, plans: (plans ?? []).filter((p) => p.status === g) })).filter((g) => g.plans.length > 0);
  const filtered = Boolean(status || q);

  return (
    <section class="plans">
      <h1>Plans</h1>
      <form
        class="plan-filters"
        role="search"
        aria-label="Filter plans"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(plansHref(status, search));
        }}
      >
        <div class="field">
          <label for="plans-status">Status</label>
          <select
            id="plans-status"
            value={status}
            aria-invalid={statusError ? "true" : undefined}
            aria-describedby={statusError ? "plans-status-error" : undefined}
            onChange={(e) => navigate(plansHref(e.currentTarget.value, search))}
          >
            <option value="">All plans</option>
            {GROUPS.map((g) => <option key={g} value={g}>{PLAN_STATUS_NAMES[g]}</option>)}
            {status && !GROUPS.includes(status as PlanStatus) && <option value={status}>{status}</option>}
          </select>
          {statusError && <p id="plans-status-error" class="field-error">{statusError}</p>}
        </div>
        <Field id="plans-q" label="Customer" hint="Part of a name or phone number" type="search" value={search} maxLength={100} error={searchError} onInput={(e) => setSearch(e.currentTarget.value)} />
        <div class="buttons">
          <button type="submit">Search</button>
          {filtered && <button type="button" onClick={() => navigate("/console/plans")}>Clear filters</button>}
        </div>
      </form>

      {otherError && <p role="alert" class="alert">{otherError}</p>}
      <p class="summary" role="status">
        {error ? "" : plans === undefined ? "Loading plans…" : countWords(plans.length, filtered)}
      </p>
      {plans && plans.length === 0 && (
        <p class="plan-empty">{filtered ? "No plan matches these filters." : "No plans yet. A plan appears here when a customer books a multi-session service."}</p>
      )}
      {groups.map((g) => (
        <section key={g.status} class="plan-group" aria-labelledby={`plans-${g.status}`}>
          <h2 id={`plans-${g.status}`}>{PLAN_STATUS_NAMES[g.status]} ({g.plans.length})</h2>
          <ul class="plan-list">
            {g.plans.map((p) => (
              <li key={p.id}>
                <PlanCard plan={p} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
