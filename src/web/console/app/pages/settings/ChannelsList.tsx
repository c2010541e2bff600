/** The numbers and WhatsApp account that route to the business (GET /admin/channels), read-only: the operator sets them. */
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import type { ChannelClaim } from "./types";

const KIND_NAMES: Record<ChannelClaim["kind"], string> = {
  twilio_number: "SMS and WhatsApp number (Twilio)",
  whatsapp_phone_number_id: "WhatsApp account (Meta Cloud API), phone number id",
};

const WEBHOOK_HINTS: Record<ChannelClaim["kind"], string> = {
  twilio_number: "In Twilio, the number's “A message comes in” webhook (HTTP POST) points to",
  whatsapp_phone_number_id: "In the Meta app, the WhatsApp webhook is subscribed to",
};

export function ChannelsList() {
  const [items, setItems] = useState<ChannelClaim[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api<{ items: ChannelClaim[] }>("GET", "/admin/channels")
      .then((r) => setItems(r.items))
      .catch((e: Error) => setError(e.message));
  }, []);

  if (error) return <p role="alert" class="alert">{error}</p>;
  if (!items) return <p aria-busy="true">Loading…</p>;
  return (
    <>
      <p class="hint">
        Messages sent to these addresses reach this business. The operator of this Slotline server adds or changes them (PATCH /admin/business
        <code> channels</code>, or the platform API); see the README's “Many businesses” and “WhatsApp Cloud API” sections.
      </p>
      {items.length === 0 ? (
        <p class="empty-note">No number or WhatsApp account is claimed by this business yet. While it is the only business on this server, it answers every number.</p>
      ) : (
        <ul class="channel-list">
          {items.map((c) => (
            <li key={`${c.kind}:${c.address}`} class="channel">
              <p class="channel-kind">{KIND_NAMES[c.kind]}{c.kind === "twilio_number" && c.position === 0 && items.filter((i) => i.kind === "twilio_number").length > 1 ? " · sends the business's texts" : ""}</p>
              <p class="channel-address">{c.address}</p>
              <p class="hint">{WEBHOOK_HINTS[c.kind]} <code>{c.webhookUrl}</code></p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
