/** Form controls Field.tsx does not cover, with the same label / hint / error wiring: a select, a checkbox, a duration with its unit, a text area. */
import type { ComponentChildren } from "preact";
import { DURATION_UNITS, type Unit } from "./units";

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
}

function Extras(props: { id: string; hint?: string; error?: string; children: ComponentChildren }) {
  return (
    <>
      {props.hint && <p id={`${props.id}-hint`} class="hint">{props.hint}</p>}
      {props.children}
      {props.error && <p id={`${props.id}-error`} class="field-error">{props.error}</p>}
    </>
  );
}

export function SelectField(props: { id: string; label: string; value: string; options: { value: string; label: string }[]; onChange: (value: string) => void; hint?: string; error?: string; disabled?: boolean }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Extras id={props.id} hint={props.hint} error={props.error}>
        <select
          id={props.id}
          value={props.value}
          disabled={props.disabled}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={describedBy(props.id, props.hint, props.error)}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          {props.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </Extras>
    </div>
  );
}

export function CheckField(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string; error?: string }) {
  return (
    <div class="field">
      <label class="check" for={props.id}>
        <input
          id={props.id}
          type="checkbox"
          checked={props.checked}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={describedBy(props.id, props.hint, props.error)}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        {props.label}
      </label>
      <Extras id={props.id} hint={props.hint} error={props.error}>{null}</Extras>
    </div>
  );
}

/** A number and its unit (minutes, hours, days); the form converts to the API's minutes. */
export function DurationField(props: { id: string; label: string; amount: string; unit: Unit; onAmount: (amount: string) => void; onUnit: (unit: Unit) => void; hint?: string; error?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Extras id={props.id} hint={props.hint} error={props.error}>
        <div class="duration">
          <input
            id={props.id}
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            value={props.amount}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={describedBy(props.id, props.hint, props.error)}
            onInput={(e) => props.onAmount(e.currentTarget.value)}
          />
          <select aria-label={`${props.label}: unit`} value={props.unit.name} onChange={(e) => props.onUnit(DURATION_UNITS.find((u) => u.name === e.currentTarget.value)!)}>
            {DURATION_UNITS.map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}
          </select>
        </div>
      </Extras>
    </div>
  );
}

/** Several lines of text (e.g. an FAQ answer). */
export function TextAreaField(props: { id: string; label: string; value: string; onInput: (value: string) => void; hint?: string; error?: string; maxLength?: number; rows?: number }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <Extras id={props.id} hint={props.hint} error={props.error}>
        <textarea
          id={props.id}
          rows={props.rows ?? 3}
          value={props.value}
          maxLength={props.maxLength}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={describedBy(props.id, props.hint, props.error)}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      </Extras>
    </div>
  );
}
