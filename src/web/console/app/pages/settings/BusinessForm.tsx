/**
 * The business's settings (GET/PATCH /admin/business): durations shown in the unit people think in
 * and sent in the API's (minutes, days, hours as each field is named), only the settings changed;
 * every error the API names is shown beside its field, in the unit the field is shown in.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { Field } from "../Field";
import { CheckField, DurationField, SelectField } from "./Controls";
import { FaqEditor, type FaqRow, faqRow, isBlank } from "./FaqEditor";
import type { BusinessSettings } from "./types";
import { MINUTES, type Unit, formatOffsets, humanMessage, parseOffsets, unitFor } from "./units";

interface Draft {
  name: string;
  slug: string;
  timezone: string;
  country: string;
  currency: string;
  address: string;
  contactEmail: string;
  requireEmail: boolean;
  slotIntervalMinutes: string;
  minNotice: string;
  minNoticeUnit: Unit;
  maxAdvanceDays: string;
  bufferMinutes: string;
  holdMinutes: string;
  requiresApproval: boolean;
  freeUntilHours: string;
  lateFeePercent: string;
  reminders: string;
  faq: FaqRow[];
}

function draftOf(b: BusinessSettings): Draft {
  const unit = unitFor(b.minNoticeMinutes);
  return {
    name: b.name,
    slug: b.slug,
    timezone: b.timezone,
    country: b.country ?? "",
    currency: b.currency,
    address: b.address ?? "",
    contactEmail: b.contactEmail ?? "",
    requireEmail: b.requireEmail,
    slotIntervalMinutes: String(b.slotIntervalMinutes),
    minNotice: String(b.minNoticeMinutes / unit.minutes),
    minNoticeUnit: unit,
    maxAdvanceDays: String(b.maxAdvanceDays),
    bufferMinutes: String(b.bufferMinutes),
    holdMinutes: String(b.holdMinutes),
    requiresApproval: b.requiresApproval,
    freeUntilHours: String(b.cancellation.freeUntilHours),
    lateFeePercent: String(b.cancellation.lateFeePercent),
    reminders: formatOffsets(b.reminderOffsetsMinutes),
    faq: b.faq.map((e) => faqRow(e)),
  };
}

/** The API's field → the unit the form shows it in (for its messages). */
const FIELD_UNITS: Record<string, Unit | undefined> = { slotIntervalMinutes: MINUTES, bufferMinutes: MINUTES, holdMinutes: MINUTES, maxAdvanceDays: undefined, "cancellation.freeUntilHours": undefined };

type Errors = Record<string, string>;

/**
 * The PATCH body, or the fields the browser can already tell are wrong. `faqKeys[i]` is the key of
 * the entry sent as faq[i] (empty entries are left out), for the API's errors about it.
 */
function bodyOf(d: Draft): { body: Record<string, unknown>; faqKeys: number[] } | { errors: Errors } {
  const errors: Errors = {};
  const number = (field: string, text: string, scale = 1): number => {
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) errors[field] = "must be a number";
    return Math.round(n * scale);
  };
  const optional = (text: string) => (text.trim() === "" ? null : text.trim());
  const reminders = parseOffsets(d.reminders);
  if (typeof reminders === "string") errors.reminderOffsetsMinutes = reminders;
  const faq = d.faq.filter((row) => !isBlank(row));
  const body = {
    name: d.name,
    slug: d.slug,
    timezone: d.timezone,
    country: optional(d.country),
    currency: d.currency,
    address: optional(d.address),
    contactEmail: optional(d.contactEmail),
    requireEmail: d.requireEmail,
    slotIntervalMinutes: number("slotIntervalMinutes", d.slotIntervalMinutes),
    minNoticeMinutes: number("minNoticeMinutes", d.minNotice, d.minNoticeUnit.minutes),
    maxAdvanceDays: number("maxAdvanceDays", d.maxAdvanceDays),
    bufferMinutes: number("bufferMinutes", d.bufferMinutes),
    holdMinutes: number("holdMinutes", d.holdMinutes),
    requiresApproval: d.requiresApproval,
    cancellation: { freeUntilHours: number("cancellation.freeUntilHours", d.freeUntilHours), lateFeePercent: number("cancellation.lateFeePercent", d.lateFeePercent) },
    reminderOffsetsMinutes: typeof reminders === "string" ? [] : reminders,
    faq: faq.map((row) => ({ question: row.question.trim(), answer: row.answer.trim() })),
  };
  return Object.keys(errors).length > 0 ? { errors } : { body, faqKeys: faq.map((row) => row.key) };
}

/**
 * The API's field errors, keyed by field (an item of a list counts for the list), in the form's units;
 * an FAQ entry's by the entry's key (faq.<key>.question), as FaqEditor shows them.
 */
function errorsOf(error: ApiError, minNoticeUnit: Unit, faqKeys: number[]): Errors {
  const out: Errors = {};
  for (const e of error.errors) {
    const entry = /^faq\.(\d+)\.(question|answer)$/.exec(e.field);
    if (entry) {
      out[`faq.${faqKeys[Number(entry[1])] ?? "?"}.${entry[2]}`] ??= humanMessage(e.message);
      continue;
    }
    const field = e.field.replace(/\.\d+$/, "");
    const unit = field === "minNoticeMinutes" ? minNoticeUnit : field === "reminderOffsetsMinutes" ? MINUTES : FIELD_UNITS[field];
    out[field] ??= humanMessage(e.message, unit);
  }
  return out;
}

/** The settings that differ from what was loaded: a field left alone (e.g. a country the API derives from the zone) is not pinned by saving. */
function changed(body: Record<string, unknown>, loaded: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(loaded[key])));
}

function loadedBody(b: BusinessSettings): Record<string, unknown> {
  const built = bodyOf(draftOf(b));
  return "body" in built ? built.body : {};
}

function zones(current: string): string[] {
  const all = Intl.supportedValuesOf("timeZone");
  return all.includes(current) ? all : [current, ...all];
}

function currencies(current: string): string[] {
  const all = Intl.supportedValuesOf("currency");
  return all.includes(current) ? all : [current, ...all];
}

export function BusinessForm() {
  const [draft, setDraft] = useState<Draft>();
  const [loaded, setLoaded] = useState<Record<string, unknown>>({});
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api<BusinessSettings>("GET", "/admin/business")
      .then((b) => {
        setDraft(draftOf(b));
        setLoaded(loadedBody(b));
      })
      .catch((e: Error) => setLoadError(e.message));
  }, []);

  if (!draft) return loadError ? <p role="alert" class="alert">{loadError}</p> : <p aria-busy="true">Loading…</p>;

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    setSaved(false);
  };
  const text = (key: keyof Draft) => (e: Event) => set(key)((e.currentTarget as HTMLInputElement).value as never);

  async function save(event: Event) {
    event.preventDefault();
    if (!draft) return;
    setSaved(false);
    setGeneral(undefined);
    const built = bodyOf(draft);
    if ("errors" in built) {
      setErrors(built.errors);
      setGeneral("Some settings need a change: see the messages beside them.");
      return;
    }
    setBusy(true);
    try {
      const business = await api<BusinessSettings>("PATCH", "/admin/business", changed(built.body, loaded));
      setDraft(draftOf(business));
      setLoaded(loadedBody(business));
      setErrors({});
      setSaved(true);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, String(e));
      const fields = errorsOf(error, draft.minNoticeUnit, built.faqKeys);
      setErrors(fields);
      setGeneral(Object.keys(fields).length > 0 ? "Some settings need a change: see the messages beside them." : error.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="settings-form" onSubmit={save} noValidate>
      <fieldset>
        <legend>The business</legend>
        <Field id="business-name" label="Name" value={draft.name} error={errors.name} onInput={text("name")} maxLength={200} />
        <Field id="business-slug" label="Booking page address" hint={`Customers book at /b/${draft.slug || "…"} (lowercase letters, digits and hyphens).`} value={draft.slug} error={errors.slug} onInput={text("slug")} />
        <SelectField id="business-timezone" label="Time zone" value={draft.timezone} options={zones(draft.timezone).map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} error={errors.timezone} onChange={set("timezone")} hint="Opening hours, bookings and reminders are in this zone." />
        <Field id="business-country" label="Country (optional)" hint="Two letters, such as US or AU: how dates written with numbers are read, and the phone numbers' default country. Empty: from the time zone." value={draft.country} error={errors.country} onInput={text("country")} maxLength={2} autocomplete="off" />
        <SelectField id="business-currency" label="Currency" value={draft.currency} options={currencies(draft.currency).map((c) => ({ value: c, label: c }))} error={errors.currency} onChange={set("currency")} />
        <Field id="business-address" label="Address (optional)" value={draft.address} error={errors.address} onInput={text("address")} maxLength={500} />
        <Field id="business-email" label="Contact email (optional)" type="email" value={draft.contactEmail} error={errors.contactEmail} onInput={text("contactEmail")} />
        <CheckField id="business-require-email" label="Ask customers for an email address" checked={draft.requireEmail} error={errors.requireEmail} onChange={set("requireEmail")} />
      </fieldset>

      <fieldset>
        <legend>Booking rules</legend>
        <DurationField id="business-min-notice" label="Minimum notice" hint="How long before an appointment it can still be booked." amount={draft.minNotice} unit={draft.minNoticeUnit} error={errors.minNoticeMinutes} onAmount={set("minNotice")} onUnit={set("minNoticeUnit")} />
        <Field id="business-max-advance" label="Book at most this many days ahead" type="number" inputMode="numeric" min="1" value={draft.maxAdvanceDays} error={errors.maxAdvanceDays} onInput={text("maxAdvanceDays")} />
        <Field id="business-slot-interval" label="Start times every (minutes)" type="number" inputMode="numeric" min="1" value={draft.slotIntervalMinutes} error={errors.slotIntervalMinutes} onInput={text("slotIntervalMinutes")} />
        <Field id="business-buffer" label="Break after each appointment (minutes)" type="number" inputMode="numeric" min="0" value={draft.bufferMinutes} error={errors.bufferMinutes} onInput={text("bufferMinutes")} />
        <Field id="business-hold" label="Hold an unpaid booking for (minutes)" hint="While the customer pays; at least 30." type="number" inputMode="numeric" min="30" value={draft.holdMinutes} error={errors.holdMinutes} onInput={text("holdMinutes")} />
        <CheckField id="business-approval" label="Staff approve each booking before it is confirmed" checked={draft.requiresApproval} error={errors.requiresApproval} onChange={set("requiresApproval")} />
      </fieldset>

      <fieldset>
        <legend>Cancellations and reminders</legend>
        <Field id="business-free-until" label="Free cancellation until (hours before)" type="number" inputMode="numeric" min="0" value={draft.freeUntilHours} error={errors["cancellation.freeUntilHours"] ?? errors.cancellation} onInput={text("freeUntilHours")} />
        <Field id="business-late-fee" label="Late cancellation fee (% of what was paid)" type="number" inputMode="numeric" min="0" max="100" value={draft.lateFeePercent} error={errors["cancellation.lateFeePercent"]} onInput={text("lateFeePercent")} />
        <Field id="business-reminders" label="Reminders before the appointment" hint="Separated by commas, e.g. 1d, 2h, 30m (days, hours, minutes). Empty: no reminders." value={draft.reminders} error={errors.reminderOffsetsMinutes} onInput={text("reminders")} autocomplete="off" />
      </fieldset>

      <FaqEditor rows={draft.faq} errors={errors} onChange={set("faq")} />

      {general && <p role="alert" class="alert">{general}</p>}
      <p role="status" class="done">{saved ? "Saved" : ""}</p>
      <button type="submit" class="primary save" disabled={busy}>{busy ? "Saving…" : "Save settings"}</button>
    </form>
  );
}
