/**
 * One staff member's weekly hours: each weekday with its ranges (several a day, e.g. around a
 * lunch break). An owner edits and saves them at once; the API's error for a range shows beside it.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import type { Rule, StaffDetails } from "./types";
import { WEEK } from "./time";

interface Row extends Rule {
  key: number;
}

let nextKey = 0;
const toRows = (rules: Rule[]): Row[] => rules.map((r) => ({ ...r, key: ++nextKey }));
const PART_NAMES: Record<string, string> = { start: "From", end: "Until" };

/** The API names a range's field "rules.<index>.<start|end>": the message for each row, by its key. */
function errorsByRow(error: ApiError | undefined, rows: Row[]): Map<number, { part?: string; text: string }> {
  const found = new Map<number, { part?: string; text: string }>();
  for (const e of error?.errors ?? []) {
    const m = /^rules\.(\d+)(?:\.(start|end))?/.exec(e.field);
    const row = m && rows[Number(m[1])];
    if (!row || found.has(row.key)) continue;
    const part = m[2];
    found.set(row.key, { part, text: part && e.message.startsWith("must") ? `${PART_NAMES[part]} ${e.message}` : e.message.charAt(0).toUpperCase() + e.message.slice(1) });
  }
  return found;
}

export function HoursEditor(props: { member: StaffDetails; canEdit: boolean }) {
  const { member, canEdit } = props;
  const [rows, setRows] = useState<Row[]>();
  const [loadError, setLoadError] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setRows(undefined);
    setError(undefined);
    setSaved(false);
    api<{ rules: Rule[] }>("GET", `/admin/staff/${member.id}/availability`)
      .then((r) => setRows(toRows(r.rules)))
      .catch((e: Error) => setLoadError(e.message));
  }, [member.id]);

  if (!rows) return loadError ? <p role="alert" class="alert">{loadError}</p> : <p>Loading hours…</p>;

  const change = (key: number, patch: Partial<Rule>) => {
    setSaved(false);
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };
  const add = (weekday: number) => {
    setSaved(false);
    const last = rows.filter((r) => r.weekday === weekday).at(-1);
    const row = last ? { weekday, start: last.end, end: last.end < "17:00" ? "17:00" : "20:00" } : { weekday, start: "09:00", end: "17:00" };
    setRows([...rows, ...toRows([row])]);
  };
  const remove = (key: number) => {
    setSaved(false);
    setRows(rows.filter((r) => r.key !== key));
  };

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const sent = rows!;
      const answer = await api<{ rules: Rule[] }>("PUT", `/admin/staff/${member.id}/availability`, { rules: sent.map(({ weekday, start, end }) => ({ weekday, start, end })) });
      setRows(toRows(answer.rules));
      setSaved(true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  }

  const rowErrors = errorsByRow(error, rows);
  const days = WEEK.map((day) => ({ ...day, rows: rows.filter((r) => r.weekday === day.weekday) }));

  if (!canEdit) {
    return (
      <dl class="hours-read">
        {days.map((day) => (
          <div key={day.weekday} class="hours-day">
            <dt>{day.name}</dt>
            <dd>{day.rows.length === 0 ? "Closed" : [...day.rows].sort((a, b) => a.start.localeCompare(b.start)).map((r) => `${r.start}–${r.end}`).join(", ")}</dd>
          </div>
        ))}
      </dl>
    );
  }

  return (
    <form class="hours" onSubmit={save} aria-label={`Weekly hours of ${member.name}`}>
      {days.map((day) => (
        <fieldset key={day.weekday} class="hours-day">
          <legend>{day.name}</legend>
          {day.rows.length === 0 && <p class="muted closed">Closed</p>}
          {day.rows.map((row, i) => {
            const id = `hours-${row.key}`;
            const problem = rowErrors.get(row.key);
            const which = `${day.name}${day.rows.length > 1 ? ` range ${i + 1}` : ""}`;
            return (
              <div key={row.key} class="range">
                <label for={`${id}-start`}>From<span class="visually-hidden"> ({which})</span></label>
                <input id={`${id}-start`} class="time" value={row.start} inputMode="numeric" placeholder="09:00" maxLength={5} required
                  aria-invalid={problem && problem.part !== "end" ? "true" : undefined} aria-describedby={problem ? `${id}-error` : undefined}
                  onInput={(e) => change(row.key, { start: e.currentTarget.value.trim() })} />
                <label for={`${id}-end`}>Until<span class="visually-hidden"> ({which})</span></label>
                <input id={`${id}-end`} class="time" value={row.end} inputMode="numeric" placeholder="17:00" maxLength={5} required
                  aria-invalid={problem && problem.part !== "start" ? "true" : undefined} aria-describedby={problem ? `${id}-error` : undefined}
                  onInput={(e) => change(row.key, { end: e.currentTarget.value.trim() })} />
                <button type="button" onClick={() => remove(row.key)}>Remove<span class="visually-hidden"> {which}</span></button>
                {problem && <p id={`${id}-error`} class="field-error range-error">{problem.text}</p>}
              </div>
            );
          })}
          <button type="button" class="add-range" onClick={() => add(day.weekday)}>Add hours<span class="visually-hidden"> on {day.name}</span></button>
        </fieldset>
      ))}
      <p class="muted">Times are on the business's clock, 24-hour (24:00 for midnight). A day with two ranges has a break between them.</p>
      {error && rowErrors.size === 0 && <p role="alert" class="alert">{error.message}</p>}
      {error && rowErrors.size > 0 && <p role="alert" class="alert">Some hours need fixing: see the days marked.</p>}
      {saved && <p role="status" class="done">Hours saved.</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? "Saving…" : `Save ${member.name}'s hours`}</button>
      </div>
    </form>
  );
}
