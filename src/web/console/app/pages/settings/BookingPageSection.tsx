/**
 * Settings → Booking page: the address customers book at, and the snippet that puts the page on the
 * business's own site (the /embed variant may be framed by any site; payment opens full-window).
 */
import type { Me } from "../../types";

export function bookingPageUrl(me: Me): string {
  return `${me.publicBaseUrl}/b/${me.business.slug}`;
}

export function embedSnippet(me: Me): string {
  return `<iframe src="${bookingPageUrl(me)}/embed" title="Book with ${me.business.name.replace(/"/g, "&quot;")}" style="width:100%;max-width:40rem;height:900px;border:0"></iframe>`;
}

export function BookingPageSection(props: { me: Me }) {
  const url = bookingPageUrl(props.me);
  return (
    <div class="booking-page-settings">
      <p>
        Customers book here, without texting: <a href={url} target="_blank" rel="noopener">{url}</a>
      </p>
      <p class="empty-note">Share it anywhere: a link in your bio, a QR code at the desk. The address follows the booking page address set under Business.</p>
      <label for="embed-snippet">Put the page on your own website: copy this into your page's HTML</label>
      <textarea id="embed-snippet" readOnly rows={4} value={embedSnippet(props.me)} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
}
