/**
 * The schedule the form's plan settings give, from a sample first start (next Monday 10:00 unless
 * changed), asked of the server (POST /admin/services/preview) 300 ms after the form stops changing,
 * so the console never does the gap arithmetic itself.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api";
import { Field } from "../Field";
import type { PlanPreviewJson } from "./types";
import { bookingRule, errorAt, sessionTime } from "./wording";

const DEBOUNCE_MS = 300;

/** Field paths of the preview's body as the form names them. */
const FIELD_NAMES: Record<string, string> = {
  durationMinutes: "Duration",
  "multiSession.totalSessions": "Number of sessions",
  "multiSession.strategy": "How sessions are booked",
  "multiSession.gapDays": "Days between sessions",
  "multiSession.minGapDays": "Minimum days between sessions",
  "multiSession.sessionLabels": "Session names",
};

function fieldName(path: string): string {
  const base = Object.keys(FIELD_NAMES).find((k) => path === k || path.startsWith(`${k}.`));
  return base ? FIELD_NAMES[base]! : path;
}

export function PlanPreview(props: { durationMinutes: unknown; multiSession: unknown; timezone: string }) {
  const [sampleStart, setSampleStart] = useState("");
  const [preview, setPreview] = useState<PlanPreviewJson>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const body = JSON.stringify({ durationMinutes: props.durationMinutes, multiSession: props.multiSession, ...(sampleStart && { sampleStart }) });

  useEffect(() => {
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      api<PlanPreviewJson>("POST", "/admin/services/preview", JSON.parse(body))
        .then((p) => {
          if (!live) return;
          setPreview(p);
          setError(undefined);
          if (!sampleStart) setSampleStart(p.sampleStart.slice(0, 16));
        })
        .catch((e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, String(e))))
        .finally(() => live && setLoading(false));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [body]);

  const others = error?.errors.filter((e) => e.field !== "sampleStart") ?? [];
  const later = preview?.strategy === "sequential" || preview?.strategy === "flexible";
  return (
    <section class="plan-preview" aria-labelledby="plan-preview-title" aria-busy={loading ? "true" : undefined}>
      <h2 id="plan-preview-title">Preview</h2>
      <Field
        id="sample-start"
        label="Sample first session"
        hint={`Times in ${props.timezone}`}
        type="datetime-local"
        value={sampleStart}
        error={errorAt(error, "sampleStart")}
        onInput={(e) => setSampleStart(e.currentTarget.value)}
      />
      <div aria-live="polite">
        {error && others.length > 0 && (
          <div class="preview-waiting">
            <p>The preview waits for valid settings:</p>
            <ul>{others.map((e) => <li key={e.field}>{fieldName(e.field)}: {e.message}</li>)}</ul>
          </div>
        )}
        {error && others.length === 0 && !errorAt(error, "sampleStart") && <p class="alert">{error.message}</p>}
        {preview && !error && (
          <p class="summary">
            {preview.sessions.length === 1 ? "One session" : `${preview.sessions.length} sessions${later ? ", at the earliest the gaps allow" : ""}`} from {sessionTime(preview.sessions[0]!.start, preview.sessions[0]!.end)}
          </p>
        )}
      </div>
      {preview && !error && (
        <ol class="preview-sessions" aria-label="Sessions">
          {preview.sessions.map((s) => (
            <li key={s.sessionNumber}>
              <strong>Session {s.sessionNumber}{s.label && ` · ${s.label}`}</strong>
              <span class="when">{sessionTime(s.start, s.end)}</span>
              <span class="rule">{bookingRule(s.booking)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
