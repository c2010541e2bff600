/** Meta's WhatsApp Cloud API webhook, read and checked: X-Hub-Signature-256 over the raw body. */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { InboundMessage } from "../../conversation/engine";

export function hasValidMetaSignature(appSecret: string, header: string | undefined, rawBody: Buffer): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, "hex"));
}

export interface MetaStatus {
  wamid: string;
  status: string;
  errorCode: string | null;
  /** The biz_opaque_callback_data we sent with the message: our message id. */
  reference?: string;
}

export interface MetaDelivery {
  /** `phoneNumberId`: the business number the message was sent to (metadata.phone_number_id), "" when absent. */
  messages: { inbound: InboundMessage; phoneNumberId: string; name: string | null; type: string }[];
  statuses: MetaStatus[];
}

interface WaMessage {
  id?: string;
  from?: string;
  type?: string;
  text?: { body?: string };
  button?: { text?: string; payload?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string } };
}

/**
 * Every message and status in a delivery. A tapped button or list row arrives as the id we gave
 * it (the choice's number, or yes/no), read exactly as if the customer had typed it; media,
 * stickers and locations arrive with no text, so the customer is asked to type.
 */
export function parseMetaDelivery(payload: unknown): MetaDelivery {
  const delivery: MetaDelivery = { messages: [], statuses: [] };
  const entries = (payload as { entry?: { changes?: { value?: Record<string, unknown> }[] }[] })?.entry ?? [];
  for (const entry of entries) {
    for (const change of entry.changes ?? []) {
      const value = change.value ?? {};
      const metadata = value.metadata as { phone_number_id?: unknown } | undefined;
      const phoneNumberId = typeof metadata?.phone_number_id === "string" ? metadata.phone_number_id : "";
      const contacts = (value.contacts as { wa_id?: string; profile?: { name?: string } }[] | undefined) ?? [];
      for (const m of (value.messages as WaMessage[] | undefined) ?? []) {
        if (!m.id || !m.from) continue;
        const digits = m.from.replace(/\D/g, "");
        const name = contacts.find((c) => c.wa_id === m.from)?.profile?.name ?? null;
        const body = m.text?.body ?? m.interactive?.button_reply?.id ?? m.interactive?.list_reply?.id ?? m.button?.payload ?? m.button?.text ?? "";
        const media = body === "" ? 1 : 0;
        delivery.messages.push({
          inbound: { provider: "meta", providerMessageId: m.id, channel: "whatsapp", phone: `+${digits}`, address: `whatsapp:+${digits}`, body, mediaCount: media },
          phoneNumberId,
          name,
          type: m.type ?? "unknown",
        });
      }
      for (const s of (value.statuses as { id?: string; status?: string; biz_opaque_callback_data?: string; errors?: { code?: number | string }[] }[] | undefined) ?? []) {
        if (!s.id || !s.status) continue;
        const code = s.errors?.[0]?.code;
        const reference = typeof s.biz_opaque_callback_data === "string" ? { reference: s.biz_opaque_callback_data } : {};
        delivery.statuses.push({ wamid: s.id, status: s.status, errorCode: code === undefined ? null : String(code), ...reference });
      }
    }
  }
  return delivery;
}
