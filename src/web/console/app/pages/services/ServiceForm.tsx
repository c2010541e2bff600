/**
 * Creating or changing a service: details, who offers it, a package, and a multi-session plan whose
 * schedule the preview beside it shows as the fields change. The server's field errors (problem+json
 * `errors[]`, e.g. "multiSession.gapDays.1") are shown beside the field each names.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import { Field } from "../Field";
import type { StaffMember } from "../../types";
import { type Draft, bodyOf, draftOf, multiSessionOf, sessionCount, usesGapDays, usesMinGap } from "./draft";
import { PlanPreview } from "./PlanPreview";
import type { ServiceJson, Strategy } from "./types";
import { STRATEGIES, errorAt, errorUnder } from "./wording";

export function ServiceForm(props: {
  service?: ServiceJson;
  staff: StaffMember[];
  business: { timezone: string; currency: string };
  onSaved: (service: ServiceJson) => void;
  onCancel: () => void;
}) {
  const { service, staff } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(service, staff.filter((s) => s.active).map((s) => s.id)));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setAt = (key: "gapDays" | "labels", index: number, value: string) =>
    setDraft((d) => {
      const next = [...d[key]];
      while (next.length < index) next.push("");
      next[index] = value;
      return { ...d, [key]: next };
    });

  const { submit, busy, error } = useSubmit(async () => {
    const body = bodyOf(draft);
    const saved = service ? await api<ServiceJson>("PATCH", `/admin/services/${service.id}`, body) : await api<ServiceJson>("POST", "/admin/services", body);
    props.onSaved(saved);
  });

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const count = sessionCount(draft);
  const title = service ? `Edit ${service.name}` : "New service";
  const strategyError = errorAt(error, "multiSession.strategy") ?? errorAt(error, "multiSession");
  const staffError = errorUnder(error, "staffIds");
  return (
    <section class="service-edit" aria-labelledby="service-form-title">
      <h1 id="service-form-title" ref={heading} tabIndex={-1}>{title}</h1>
      <div class="service-edit-grid">
        <form class="service-form" onSubmit={submit} noValidate>
          {error && <p role="alert" class="alert">{error.errors.length > 0 ? "Some fields need changing: see the messages beside them." : error.message}</p>}
          <fieldset>
            <legend>Details</legend>
            <Field id="service-name" label="Name" value={draft.name} error={errorUnder(error, "name")} onInput={(e) => set("name", e.currentTarget.value)} />
            <Field
              id="service-aliases"
              label="Other names customers use"
              hint="Separated by commas, e.g. cut, trim"
              value={draft.aliases}
              error={errorUnder(error, "aliases")}
              onInput={(e) => set("aliases", e.currentTarget.value)}
            />
            <div class="field-row">
              <Field id="service-duration" label="Duration (minutes)" type="number" inputMode="numeric" min={1} value={draft.duration} error={errorAt(error, "durationMinutes")} onInput={(e) => set("duration", e.currentTarget.value)} />
              <Field id="service-price" label={`Price (${props.business.currency})`} inputMode="decimal" value={draft.price} error={errorAt(error, "priceCents")} onInput={(e) => set("price", e.currentTarget.value)} />
            </div>
            <Check id="service-requires-payment" label="Customers pay when they book" checked={draft.requiresPayment} error={errorAt(error, "requiresPayment")} onChange={(v) => set("requiresPayment", v)} />
            <Check id="service-active" label="Active (customers can book it)" checked={draft.active} error={errorAt(error, "active")} onChange={(v) => set("active", v)} />
          </fieldset>

          <fieldset aria-describedby={staffError ? "service-staff-error" : undefined}>
            <legend>Staff who offer it</legend>
            {staff.length === 0 && <p class="hint">No staff yet: add them under Staff &amp; hours.</p>}
            {staff.map((member) => (
              <label class="check" key={member.id}>
                <input
                  type="checkbox"
                  checked={draft.staffIds.includes(member.id)}
                  onChange={(e) => set("staffIds", e.currentTarget.checked ? [...draft.staffIds, member.id] : draft.staffIds.filter((id) => id !== member.id))}
                />
                {member.name}{!member.active && " (inactive)"}
              </label>
            ))}
            {staffError && <p id="service-staff-error" class="field-error">{staffError}</p>}
          </fieldset>

          <fieldset>
            <legend>Package</legend>
            <Field
              id="service-package"
              label="Sessions in a package (optional)"
              hint="A pass: this many sessions paid upfront, booked one at a time. Leave empty for none."
              type="number"
              inputMode="numeric"
              value={draft.packageSessions}
              error={errorAt(error, "packageSessions")}
              onInput={(e) => set("packageSessions", e.currentTarget.value)}
            />
          </fieldset>

          <fieldset class="plan" aria-describedby={strategyError ? "service-strategy-error" : undefined}>
            <legend>Sessions</legend>
            <div role="radiogroup" aria-label="How sessions are booked" class="strategies">
              <Choice id="strategy-none" name="strategy" checked={draft.strategy === ""} label="A single session" explained="Each booking is one visit." onSelect={() => set("strategy", "")} />
              {STRATEGIES.map((s) => (
                <Choice key={s.value} id={`strategy-${s.value}`} name="strategy" checked={draft.strategy === s.value} label={s.name} explained={s.explained} onSelect={() => set("strategy", s.value as Strategy)} />
              ))}
            </div>
            {strategyError && <p id="service-strategy-error" class="field-error">{strategyError}</p>}
            {draft.strategy && (
              <>
                <Field
                  id="service-total-sessions"
                  label="Number of sessions"
                  type="number"
                  inputMode="numeric"
                  min={2}
                  value={draft.totalSessions}
                  error={errorAt(error, "multiSession.totalSessions")}
                  onInput={(e) => set("totalSessions", e.currentTarget.value)}
                />
                {usesGapDays(draft.strategy) && count > 1 && (
                  <div class="gaps" role="group" aria-label="Days between sessions" aria-describedby="gaps-hint">
                    <p class="hint" id="gaps-hint">
                      Days from each session to the next, at the same time of day.{draft.strategy === "sequential" && " They set the dates shown; the minimum below is what bookings must keep."} An empty gap repeats the one before it.
                    </p>
                    {errorAt(error, "multiSession.gapDays") && <p class="field-error">{errorAt(error, "multiSession.gapDays")}</p>}
                    {Array.from({ length: count - 1 }, (_, i) => (
                      <Field
                        key={`gap-${i}`}
                        id={`service-gap-${i}`}
                        label={`Days from session ${i + 1} to session ${i + 2}`}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        value={draft.gapDays[i] ?? ""}
                        error={errorAt(error, `multiSession.gapDays.${i}`)}
                        onInput={(e) => setAt("gapDays", i, e.currentTarget.value)}
                      />
                    ))}
                  </div>
                )}
                {usesMinGap(draft.strategy) && (
                  <Field
                    id="service-min-gap"
                    label={draft.strategy === "flexible" ? "Minimum days between sessions" : "Minimum days between sessions (optional)"}
                    hint="Counted in calendar days in the business's time zone; bookings closer than this are refused."
                    type="number"
                    inputMode="numeric"
                    min={0}
                    value={draft.minGapDays}
                    error={errorAt(error, "multiSession.minGapDays")}
                    onInput={(e) => set("minGapDays", e.currentTarget.value)}
                  />
                )}
                {count > 1 && (
                  <details class="labels" open={draft.labels.some(Boolean) || Boolean(errorUnder(error, "multiSession.sessionLabels"))}>
                    <summary>Session names (optional)</summary>
                    {errorAt(error, "multiSession.sessionLabels") && <p class="field-error">{errorAt(error, "multiSession.sessionLabels")}</p>}
                    {Array.from({ length: count }, (_, i) => (
                      <Field
                        key={`label-${i}`}
                        id={`service-label-${i}`}
                        label={`Name of session ${i + 1}`}
                        value={draft.labels[i] ?? ""}
                        error={errorAt(error, `multiSession.sessionLabels.${i}`)}
                        onInput={(e) => setAt("labels", i, e.currentTarget.value)}
                      />
                    ))}
                  </details>
                )}
              </>
            )}
          </fieldset>

          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>{busy ? "Saving…" : service ? "Save changes" : "Create service"}</button>
            <button type="button" onClick={props.onCancel}>Cancel</button>
          </div>
        </form>
        <PlanPreview durationMinutes={bodyOf(draft).durationMinutes} multiSession={multiSessionOf(draft)} timezone={props.business.timezone} />
      </div>
    </section>
  );
}

function Check(props: { id: string; label: string; checked: boolean; error?: string; onChange: (checked: boolean) => void }) {
  return (
    <div class="field">
      <label class="check" for={props.id}>
        <input id={props.id} type="checkbox" checked={props.checked} aria-describedby={props.error ? `${props.id}-error` : undefined} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        {props.label}
      </label>
      {props.error && <p id={`${props.id}-error`} class="field-error">{props.error}</p>}
    </div>
  );
}

function Choice(props: { id: string; name: string; checked: boolean; label: string; explained: string; onSelect: () => void }) {
  return (
    <div class="choice">
      <input type="radio" id={props.id} name={props.name} checked={props.checked} aria-describedby={`${props.id}-explained`} onChange={props.onSelect} />
      <label for={props.id}>{props.label}</label>
      <p id={`${props.id}-explained`} class="hint">{props.explained}</p>
    </div>
  );
}
