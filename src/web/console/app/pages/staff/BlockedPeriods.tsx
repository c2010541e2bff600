/**
 * Time off and closures: the periods blocked in the next 90 days, and (front desk and owners) a
 * form that first shows what blocking would do to each booking inside — moved to the customer's
 * backup time, or the customer asked to pick another — and blocks only when confirmed.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import { addDays, todayIn } from "../../format";
import { Field } from "../Field";
import type { AffectedBooking, BlockedPeriod, StaffDetails } from "./types";
import { dayAndTime, span, zonedIso } from "./time";

const HORIZON_DAYS = 90;

interface Draft {
  staffId: string;
  start: string;
  end: string;
  reason: string;
}

export function BlockedPeriods(props: { staff: StaffDetails[]; timezone: string; canBlock: boolean }) {
  const [periods, setPeriods] = useState<BlockedPeriod[]>();
  const [loadError, setLoadError] = useState<string>();
  const [done, setDone] = useState<string>();
  const staffName = (id: string | null) => (id === null ? "Whole business" : (props.staff.find((s) => s.id === id)?.name ?? "A former staff member"));

  async function load() {
    const now = new Date();
    const query = new URLSearchParams({ from: now.toISOString(), to: new Date(now.getTime() + HORIZON_DAYS * 86_400_000).toISOString() });
    try {
      setPeriods((await api<{ items: BlockedPeriod[] }>("GET", `/admin/blocked-periods?${query}`)).items);
      setLoadError(undefined);
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }
  useEffect(() => void load(), []);

  async function unblock(period: BlockedPeriod) {
    setDone(undefined);
    try {
      await api("DELETE", `/admin/blocked-periods/${period.id}`);
      setDone(`Unblocked ${span(period.start, period.end)} (${staffName(period.staffId)}).`);
      await load();
    } catch (e) {
      setLoadError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <section class="staff-section" aria-labelledby="blocked-title">
      <h2 id="blocked-title">Blocked time</h2>
      <p class="muted">Days off and closures in the next {HORIZON_DAYS} days · times in {props.timezone}</p>
      {loadError && <p role="alert" class="alert">{loadError}</p>}
      {done && <p role="status" class="done">{done}</p>}
      {periods === undefined ? (
        <p>Loading…</p>
      ) : periods.length === 0 ? (
        <p>Nothing blocked.</p>
      ) : (
        <ul class="periods" aria-label="Blocked periods">
          {periods.map((p) => (
            <li key={p.id} class="period">
              <div>
                <strong>{span(p.start, p.end)}</strong>
                <div>{staffName(p.staffId)}{p.reason && ` · ${p.reason}`}</div>
              </div>
              {props.canBlock && (
                <button type="button" class="danger" onClick={() => unblock(p)}>Unblock<span class="visually-hidden"> {span(p.start, p.end)}, {staffName(p.staffId)}</span></button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canBlock ? (
        <BlockForm
          staff={props.staff}
          timezone={props.timezone}
          staffName={staffName}
          onBlocked={async (told) => {
            setDone(told);
            await load();
          }}
        />
      ) : (
        <p class="muted">Front desk and owners can block time.</p>
      )}
    </section>
  );
}

function BlockForm(props: { staff: StaffDetails[]; timezone: string; staffName: (id: string | null) => string; onBlocked: (told: string) => Promise<void> }) {
  const tomorrow = addDays(todayIn(props.timezone), 1);
  const [draft, setDraft] = useState<Draft>({ staffId: "", start: `${tomorrow}T09:00`, end: `${tomorrow}T17:00`, reason: "" });
  /** The preview of exactly this draft; any change to the draft asks for a new one. */
  const [preview, setPreview] = useState<{ of: Draft; affected: AffectedBooking[] }>();
  const body = (d: Draft) => ({ ...(d.staffId && { staffId: d.staffId }), start: zonedIso(d.start, props.timezone), end: zonedIso(d.end, props.timezone), ...(d.reason.trim() && { reason: d.reason.trim() }) });
  const edit = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setPreview(undefined);
  };

  const check = useSubmit(async () => {
    const { affectedBookings } = await api<{ affectedBookings: AffectedBooking[] }>("POST", "/admin/blocked-periods/preview", body(draft));
    setPreview({ of: draft, affected: affectedBookings });
  });
  const confirm = useSubmit(async () => {
    const blocked = await api<{ affectedBookings: AffectedBooking[] }>("POST", "/admin/blocked-periods", body(preview!.of));
    const n = blocked.affectedBookings.length;
    setPreview(undefined);
    setDraft({ ...draft, reason: "" });
    await props.onBlocked(n === 0 ? "Blocked. No bookings were affected." : `Blocked. ${n} customer${n === 1 ? " has" : "s have"} been told.`);
  });
  const error = check.error ?? confirm.error;
  const field = (name: string) => error?.fieldMessage(name);
  const unnamed = error && !["staffId", "start", "end", "reason"].some((f) => field(f));

  return (
    <form class="block-form" onSubmit={preview ? confirm.submit : check.submit} aria-labelledby="block-title">
      <h3 id="block-title">Block time</h3>
      <div class="field">
        <label for="block-staff">Who</label>
        <select id="block-staff" value={draft.staffId} onChange={(e) => edit({ staffId: e.currentTarget.value })}
          aria-invalid={field("staffId") ? "true" : undefined} aria-describedby={field("staffId") ? "block-staff-error" : undefined}>
          <option value="">Whole business</option>
          {props.staff.filter((s) => s.active).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        {field("staffId") && <p id="block-staff-error" class="field-error">{field("staffId")}</p>}
      </div>
      <div class="pair">
        <Field id="block-start" label="From" type="datetime-local" required value={draft.start} onInput={(e) => edit({ start: e.currentTarget.value })} error={field("start")} />
        <Field id="block-end" label="Until" type="datetime-local" required value={draft.end} onInput={(e) => edit({ end: e.currentTarget.value })} error={field("end")} />
      </div>
      <Field id="block-reason" label="Reason (optional, staff only)" value={draft.reason} maxLength={500} onInput={(e) => edit({ reason: e.currentTarget.value })} error={field("reason")} />
      {unnamed && <p role="alert" class="alert">{error.message}</p>}
      {preview ? (
        <Preview affected={preview.affected} staffName={props.staffName} who={props.staffName(preview.of.staffId || null)} busy={confirm.busy} onChange={() => setPreview(undefined)} />
      ) : (
        <div class="actions">
          <button type="submit" disabled={check.busy}>{check.busy ? "Checking…" : "Check affected bookings"}</button>
        </div>
      )}
    </form>
  );
}

function Preview(props: { affected: AffectedBooking[]; staffName: (id: string | null) => string; who: string; busy: boolean; onChange: () => void }) {
  const n = props.affected.length;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h4 id="preview-title" ref={heading} tabIndex={-1}>{n === 0 ? "No bookings are affected" : `${n} booking${n === 1 ? "" : "s"} would be affected`}</h4>
      {n > 0 && (
        <ul class="affected">
          {props.affected.map((a) => (
            <li key={a.bookingId}>
              <strong>{dayAndTime(a.start)}–{a.end.slice(11, 16)}</strong> · {a.serviceName ?? "Booking"} with {props.staffName(a.staffId)} · {a.customer.name ?? a.customer.phone}
              {a.customer.name && a.customer.phone && <span class="muted"> ({a.customer.phone})</span>}
              <div class={`outcome outcome-${a.outcome}`}>
                {a.outcome === "moved_to_backup" && a.newStart
                  ? `Moves to the customer's backup time, ${dayAndTime(a.newStart)}; they are told.`
                  : "The customer is asked to pick another time; the booking stays until they do."}
              </div>
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <button type="submit" class="danger" disabled={props.busy}>{props.busy ? "Blocking…" : `Block this time (${props.who})`}</button>
        <button type="button" disabled={props.busy} onClick={props.onChange}>Change</button>
      </div>
    </section>
  );
}
