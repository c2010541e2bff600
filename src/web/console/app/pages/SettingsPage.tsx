/**
 * Settings (owners only; the API refuses others): the business and its booking rules, the numbers
 * and WhatsApp account that route to it, and the people who use the console. Each part has its own
 * address under /console/settings, so a link or the back button opens the same part.
 */
import { useEffect, useRef } from "preact/hooks";
import { onLinkClick, useLocation } from "../router";
import type { Me } from "../types";
import { BookingPageSection } from "./settings/BookingPageSection";
import { BusinessForm } from "./settings/BusinessForm";
import { ChannelsList } from "./settings/ChannelsList";
import { UsersSection } from "./settings/UsersSection";
import "./settings/settings.css";

const PARTS = [
  { path: "/console/settings", label: "Business" },
  { path: "/console/settings/channels", label: "Channels" },
  { path: "/console/settings/users", label: "Users and roles" },
  { path: "/console/settings/booking-page", label: "Booking page" },
] as const;

export function SettingsPage(props: { me: Me }) {
  const { path } = useLocation();
  const part = PARTS.find((p) => p.path === path) ?? PARTS[0];
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // Moving between parts moves focus to the new part's heading (not on the page's first render).
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [part.path]);

  return (
    <section class="settings">
      <h1>Settings</h1>
      <nav aria-label="Settings">
        <ul class="subnav">
          {PARTS.map((p) => (
            <li key={p.path}>
              <a href={p.path} aria-current={p === part ? "page" : undefined} onClick={onLinkClick}>{p.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 ref={heading} tabIndex={-1}>{part.label}</h2>
      {part.label === "Business" && <BusinessForm />}
      {part.label === "Channels" && <ChannelsList />}
      {part.label === "Users and roles" && <UsersSection me={props.me} />}
      {part.label === "Booking page" && <BookingPageSection me={props.me} />}
    </section>
  );
}
