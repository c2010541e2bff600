/** The messages exchanged with a customer, as a chat: theirs on the left, the business's on the right. */
import { useEffect, useRef } from "preact/hooks";
import type { ChatMessage } from "./types";
import { dayAndTimeIn } from "./dates";

const CHANNELS: Record<string, string> = { sms: "text", whatsapp: "WhatsApp", email: "email", web: "web" };

export function Chat(props: { messages: ChatMessage[] | undefined; timezone: string }) {
  const list = useRef<HTMLOListElement>(null);
  // The newest message is what staff look for: the box opens scrolled to the end.
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [props.messages?.length]);
  if (!props.messages) return <p aria-busy="true">Loading messages…</p>;
  if (props.messages.length === 0) return <p>No messages with this customer.</p>;
  return (
    // Focusable: a long thread scrolls inside its box, and a keyboard must be able to scroll it too.
    <ol class="chat" ref={list} tabIndex={0} aria-label="Messages with the customer">
      {props.messages.map((m, i) => (
        <li key={i} class={m.direction === "in" ? "from-customer" : "from-business"}>
          <p class="bubble"><span class="visually-hidden">{m.direction === "in" ? "Customer: " : "Sent: "}</span>{m.body}</p>
          <p class="meta">{dayAndTimeIn(m.createdAt, props.timezone)} · {CHANNELS[m.channel] ?? m.channel}{m.direction === "out" && m.status !== "delivered" ? ` · ${m.status}` : ""}</p>
        </li>
      ))}
    </ol>
  );
}
