/** A labelled input with its error beside it, tied together for screen readers. */
import type { InputHTMLAttributes } from "preact";

export function Field(props: { id: string; label: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { id, label, error, hint, ...input } = props;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && <p id={`${id}-hint`} class="hint">{hint}</p>}
      <input id={id} aria-invalid={error ? "true" : undefined} aria-describedby={described} {...input} />
      {error && <p id={`${id}-error`} class="field-error">{error}</p>}
    </div>
  );
}
