/** One plan: service, customer, strategy, progress, the next step, and each session linked to its booking. */
import { STATUS_NAMES } from "../../format";
import { onLinkClick } from "../../router";
import { ProgressBar } from "./ProgressBar";
import type { Plan } from "./types";
import { dateTime, nextStepWords, sessionName, strategyWords, unbookedSessions } from "./words";

const bookingHref = (id: string) => `/console/bookings/${id}`;

export function PlanCard(props: { plan: Plan }) {
  const { plan } = props;
  const id = `plan-${plan.id}`;
  const step = plan.nextStep;
  const unbooked = unbookedSessions(plan);
  return (
    <article class="plan-card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {plan.service.name} <span class="plan-for">for {plan.customer.name ?? plan.customer.phone}</span>
      </h3>
      <p class="plan-meta">
        {plan.customer.name && <><a href={`tel:${plan.customer.phone}`}>{plan.customer.phone}</a> · </>}
        {strategyWords(plan.strategy, plan.totalSessions)}
      </p>
      <p id={`${id}-progress`} class="visually-hidden">Progress of {plan.service.name} for {plan.customer.name ?? plan.customer.phone}</p>
      <ProgressBar counts={plan.counts} total={plan.totalSessions} labelledBy={`${id}-progress`} />
      <p class="next-step">
        <strong>Next: </strong>
        {nextStepWords(plan, step)}
        {step.kind === "session" && (
          <>
            {" "}
            <a href={bookingHref(step.bookingId)} onClick={onLinkClick}>Open the booking<span class="visually-hidden"> of session {step.sessionNumber}</span></a>
          </>
        )}
      </p>
      <h4>Sessions</h4>
      <ol class="plan-sessions">
        {plan.sessions.map((s) => (
          <li key={s.bookingId} class={s.status === "cancelled" || s.status === "expired" ? "gone" : undefined}>
            <span class="what">
              <a href={bookingHref(s.bookingId)} onClick={onLinkClick}>{sessionName(s.sessionNumber, s.label)}</a>
              <span class="when">{dateTime(s.start)}</span>
            </span>
            <span class={`badge status-${s.status}`}>{STATUS_NAMES[s.status]}</span>
          </li>
        ))}
        {unbooked && <li class="unbooked">{unbooked.includes("–") || unbooked.includes(",") ? "Sessions" : "Session"} {unbooked}: not booked yet</li>}
      </ol>
    </article>
  );
}
