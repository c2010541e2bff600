/**
 * How far a plan has got: a bar of completed, no-show, booked and remaining sessions, each part
 * drawn in its own pattern and named with its number in the list beside it (never colour alone).
 */
import type { PlanCounts } from "./types";

interface Part {
  key: "completed" | "noShow" | "booked" | "remaining";
  label: string;
}

const PARTS: Part[] = [
  { key: "completed", label: "completed" },
  { key: "noShow", label: "no-show" },
  { key: "booked", label: "booked" },
  { key: "remaining", label: "remaining" },
];

export function ProgressBar(props: { counts: PlanCounts; total: number; labelledBy: string }) {
  const { counts, total } = props;
  // No-shows are shown only when there are some; the other three always, zero included.
  const parts = PARTS.filter((p) => p.key !== "noShow" || counts.noShow > 0);
  return (
    <div class="progress">
      <div class="progress-bar" aria-hidden="true">
        {parts.map((p) =>
          counts[p.key] > 0 ? (
            <span key={p.key} class={`segment segment-${p.key}`} style={{ flexGrow: String(counts[p.key]) }}>
              {counts[p.key]}
            </span>
          ) : null,
        )}
      </div>
      <ul class="progress-numbers" aria-labelledby={props.labelledBy}>
        {parts.map((p) => (
          <li key={p.key}>
            <span class={`key segment-${p.key}`} aria-hidden="true" />
            <strong>{counts[p.key]}</strong> {p.label}
          </li>
        ))}
        <li class="of">of {total} sessions</li>
      </ul>
    </div>
  );
}
