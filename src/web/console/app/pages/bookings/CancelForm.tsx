/** Cancelling a booking: the fee the server's policy keeps is shown (and can be waived) before anything is done. */
import { useEffect, useState } from "preact/hooks";
import { api, useSubmit } from "../../api";
import { money } from "../../format";
import type { Booking } from "../../types";
import { dayAndTime } from "./dates";
import type { CancellationQuote } from "./types";
import { useFocusOnOpen } from "./useFocusOnOpen";

/** What the customer keeps or loses, in words, from the server's quote. */
function feeSentence(quote: CancellationQuote, waived: boolean): string {
  const back = (cents: number) => money(cents, quote.currency);
  if (quote.feeCents > 0 && !waived) return `Late cancellation (it was free until ${dayAndTime(quote.freeUntil)}): the policy keeps a fee of ${back(quote.feeCents)} and refunds ${back(quote.refundCents)}.`;
  if (waived) return `Fee waived: ${back(quote.refundCents)} is refunded.`;
  return quote.refundCents > 0 ? `No cancellation fee applies: ${back(quote.refundCents)} is refunded.` : "No cancellation fee applies.";
}

export function CancelForm(props: { booking: Booking; onCancelled: (booking: Booking) => void; onBack: () => void }) {
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  const { booking } = props;
  const [quotes, setQuotes] = useState<{ kept: CancellationQuote; waived: CancellationQuote }>();
  const [quoteError, setQuoteError] = useState<string>();
  const [reason, setReason] = useState("");
  const [waive, setWaive] = useState(false);

  useEffect(() => {
    const path = `/admin/bookings/${booking.id}/cancellation`;
    Promise.all([api<CancellationQuote>("GET", path), api<CancellationQuote>("GET", `${path}?waiveFee=true`)])
      .then(([kept, waived]) => setQuotes({ kept, waived }))
      .catch((e: Error) => setQuoteError(e.message));
  }, [booking.id]);

  const hasFee = (quotes?.kept.feeCents ?? 0) > 0;
  const { submit, busy, error } = useSubmit(async () => {
    const body = { ...(reason.trim() && { reason: reason.trim() }), ...(hasFee && { waiveFee: waive }) };
    props.onCancelled(await api<Booking>("POST", `/admin/bookings/${booking.id}/cancel`, body));
  });

  return (
    <form class="cancel-form" onSubmit={submit} aria-labelledby="cancel-title">
      <h3 id="cancel-title" ref={heading} tabIndex={-1}>Cancel this booking</h3>
      {quoteError ? <p role="alert" class="alert">{quoteError}</p> : <p class="fee" aria-live="polite">{quotes ? feeSentence(waive ? quotes.waived : quotes.kept, waive && hasFee) : "Working out the fee…"}</p>}
      {quotes && hasFee && (
        <label class="check">
          <input type="checkbox" checked={waive} onChange={(e) => setWaive(e.currentTarget.checked)} /> Waive the {money(quotes.kept.feeCents, quotes.kept.currency)} fee (refund everything)
        </label>
      )}
      <label for="cancel-reason">Reason (optional, kept on the booking)</label>
      <input id="cancel-reason" value={reason} maxLength={500} aria-invalid={error?.fieldMessage("reason") ? "true" : undefined} aria-describedby={error?.fieldMessage("reason") ? "cancel-reason-error" : undefined} onInput={(e) => setReason(e.currentTarget.value)} />
      {error?.fieldMessage("reason") && <p id="cancel-reason-error" class="field-error">{error.fieldMessage("reason")}</p>}
      {error && !error.fieldMessage("reason") && <p role="alert" class="alert">{error.message}</p>}
      <div class="actions">
        <button type="submit" class="danger" disabled={busy || !quotes}>{busy ? "Cancelling…" : "Confirm cancellation"}</button>
        <button type="button" disabled={busy} onClick={props.onBack}>Keep the booking</button>
      </div>
    </form>
  );
}
