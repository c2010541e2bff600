/** The Plans page's sentences: strategies, next steps, session dates. */
import { clockTime } from "../../format";
import type { NextStep, Plan, PlanSession, PlanStatus, Strategy } from "./types";

export const PLAN_STATUS_NAMES: Record<PlanStatus, string> = { active: "Active", completed: "Completed", cancelled: "Cancelled" };

export function strategyWords(strategy: Strategy, total: number): string {
  if (strategy === "immediate") return `All ${total} sessions booked together, at set gaps`;
  if (strategy === "sequential") return `${total} sessions, one at a time: the next is offered when the previous is done`;
  return `${total} sessions, booked whenever the customer chooses`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Wed 4 Mar 2026, 10:00" from "2026-03-04T10:00:00-05:00" (the local date and time as the server wrote them). */
export function dateTime(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}, ${clockTime(iso)}`;
}

/** "Session 2 (Integration check)" or "Session 2". */
export function sessionName(n: number, label: string | null | undefined): string {
  return label ? `Session ${n} (${label})` : `Session ${n}`;
}

/** The plan's next step as a sentence; `now` decides whether a booked session is still ahead or to be closed. */
export function nextStepWords(plan: Plan, step: NextStep, now = Date.now()): string {
  const labelOf = (n: number) => plan.sessions.find((s) => s.sessionNumber === n)?.label;
  switch (step.kind) {
    case "session":
      return Date.parse(step.start) < now
        ? `${sessionName(step.sessionNumber, labelOf(step.sessionNumber))} was due ${dateTime(step.start)}: mark it completed or a no-show.`
        : `${sessionName(step.sessionNumber, labelOf(step.sessionNumber))} on ${dateTime(step.start)}.`;
    case "invite_after":
      return `The customer was invited to book session ${step.sessionNumber} when session ${step.sessionNumber - 1} was done; waiting for them to choose a time.`;
    case "customer_to_book":
      return `Session ${step.sessionNumber} is not booked yet: the customer books it when they choose.`;
    case "done":
      return plan.status === "cancelled" ? "Nothing: the plan was cancelled." : plan.status === "completed" ? "Nothing: every session is done." : "Nothing left to book.";
  }
}

/** The session numbers of a plan with no live booking, as ranges: "3–8", "2, 5". */
export function unbookedSessions(plan: Plan): string | undefined {
  const live = new Set(plan.sessions.filter((s: PlanSession) => s.status !== "cancelled" && s.status !== "expired").map((s) => s.sessionNumber));
  const open = Array.from({ length: plan.totalSessions }, (_, i) => i + 1).filter((n) => !live.has(n));
  if (open.length === 0) return undefined;
  const ranges: string[] = [];
  for (let i = 0; i < open.length; ) {
    let j = i;
    while (j + 1 < open.length && open[j + 1] === open[j]! + 1) j++;
    ranges.push(i === j ? String(open[i]) : `${open[i]}–${open[j]}`);
    i = j + 1;
  }
  return ranges.join(", ");
}
