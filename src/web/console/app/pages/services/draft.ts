/**
 * A service as the form holds it (text, as typed) and as the API takes it. Nothing is checked here:
 * what cannot be read as a number is sent as null, so the server's validation names the field.
 */
import type { MultiSession, ServiceJson, Strategy } from "./types";

export interface Draft {
  name: string;
  aliases: string;
  duration: string;
  /** In the currency's units ("12.50"); the API takes cents. */
  price: string;
  requiresPayment: boolean;
  active: boolean;
  staffIds: string[];
  packageSessions: string;
  strategy: Strategy | "";
  totalSessions: string;
  gapDays: string[];
  minGapDays: string;
  labels: string[];
}

export function draftOf(service: ServiceJson | undefined, allStaffIds: string[]): Draft {
  const plan = service?.multiSession;
  return {
    name: service?.name ?? "",
    aliases: service?.aliases.join(", ") ?? "",
    duration: service ? String(service.durationMinutes) : "30",
    price: service ? (service.priceCents / 100).toFixed(2) : "",
    requiresPayment: service?.requiresPayment ?? false,
    active: service?.active ?? true,
    staffIds: service?.staffIds ?? allStaffIds,
    packageSessions: service?.packageSessions ? String(service.packageSessions) : "",
    strategy: plan?.strategy ?? "",
    totalSessions: plan ? String(plan.totalSessions) : "3",
    gapDays: plan?.gapDays?.map(String) ?? [],
    minGapDays: plan?.minGapDays !== undefined ? String(plan.minGapDays) : "",
    labels: plan?.sessionLabels ?? [],
  };
}

/** A number as typed; blank is undefined, anything unreadable null (the server then names the field). */
function numberOf(text: string): number | null | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** How many sessions the plan fields describe (for drawing one gap and one label input per session). */
export function sessionCount(draft: Draft): number {
  const n = Number(draft.totalSessions);
  return Number.isInteger(n) && n >= 2 && n <= 100 ? n : 0;
}

/** Up to the last one filled in: a blank in the middle is sent, for the server to name. */
function upToLastFilled(values: string[], count: number): string[] {
  const kept = values.slice(0, count);
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === "") kept.pop();
  return kept;
}

export const usesGapDays = (s: Draft["strategy"]) => s === "immediate" || s === "sequential";
export const usesMinGap = (s: Draft["strategy"]) => s === "sequential" || s === "flexible";

export function multiSessionOf(draft: Draft): (Omit<MultiSession, "gapDays" | "minGapDays" | "totalSessions"> & Record<string, unknown>) | null {
  if (!draft.strategy) return null;
  const count = sessionCount(draft);
  const gaps = usesGapDays(draft.strategy) ? upToLastFilled(draft.gapDays, Math.max(0, count - 1)) : [];
  const labels = upToLastFilled(draft.labels, count).map((l) => l.trim());
  const minGap = usesMinGap(draft.strategy) ? numberOf(draft.minGapDays) : undefined;
  return {
    strategy: draft.strategy,
    totalSessions: numberOf(draft.totalSessions) ?? null,
    ...(gaps.length > 0 && { gapDays: gaps.map((g) => numberOf(g) ?? null) }),
    ...(minGap !== undefined && { minGapDays: minGap }),
    ...(labels.length > 0 && { sessionLabels: labels }),
  };
}

/** The body of POST /admin/services and PATCH /admin/services/:id. */
export function bodyOf(draft: Draft): Record<string, unknown> {
  const price = numberOf(draft.price);
  return {
    name: draft.name,
    aliases: draft.aliases.split(",").map((a) => a.trim()).filter(Boolean),
    durationMinutes: numberOf(draft.duration) ?? null,
    priceCents: price === null || price === undefined ? null : Math.round(price * 100),
    requiresPayment: draft.requiresPayment,
    active: draft.active,
    staffIds: draft.staffIds,
    packageSessions: numberOf(draft.packageSessions) ?? null,
    multiSession: multiSessionOf(draft),
  };
}
