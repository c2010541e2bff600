/** The frame around every page: the business's name, the navigation its role may use, sign-out. */
import { useEffect, useRef } from "preact/hooks";
import { api } from "../api";
import { navigate, onLinkClick, useLocation } from "../router";
import type { Me, Role } from "../types";
import { TodayPage } from "./TodayPage";

interface Section {
  path: string;
  label: string;
  /** The least role that may open it (the API's own table, src/http/admin/roles.ts, has the last word). */
  least: Role;
  ready?: true;
}

const SECTIONS: Section[] = [
  { path: "/console/today", label: "Today", least: "staff", ready: true },
  { path: "/console/bookings", label: "Bookings", least: "staff" },
  { path: "/console/plans", label: "Plans", least: "staff" },
  { path: "/console/services", label: "Services", least: "staff" },
  { path: "/console/staff", label: "Staff & hours", least: "staff" },
  { path: "/console/conversations", label: "Conversations", least: "frontDesk" },
  { path: "/console/dashboard", label: "Dashboard", least: "frontDesk" },
  { path: "/console/settings", label: "Settings", least: "owner" },
];

const RANK: Record<Role, number> = { staff: 0, frontDesk: 1, owner: 2 };
const ROLE_NAMES: Record<Role, string> = { owner: "Owner", frontDesk: "Front desk", staff: "Staff" };

export function Shell(props: { me: Me; onSignedOut: () => void }) {
  const { path } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const sections = SECTIONS.filter((s) => RANK[props.me.user.role] >= RANK[s.least]);
  const current = SECTIONS.find((s) => s.path === path);

  useEffect(() => {
    if (!current) navigate("/console/today", { replace: true });
  }, [current]);
  useEffect(() => {
    if (current) document.title = `${current.label} · ${props.me.business.name} · Slotline`;
  }, [current, props.me.business.name]);

  async function signOut() {
    await api("POST", "/console/api/sign-out").catch(() => undefined);
    props.onSignedOut();
  }

  const allowed = current && sections.includes(current);
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <p class="business">{props.me.business.name}</p>
        <nav aria-label="Console">
          <ul>
            {sections.map((s) => (
              <li key={s.path}>
                <a href={s.path} aria-current={s.path === path ? "page" : undefined} onClick={onLinkClick}>{s.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>{props.me.user.name} · {ROLE_NAMES[props.me.user.role]}</span>
          <button type="button" onClick={signOut}>Sign out</button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {!current ? null : !allowed ? (
          <section><h1>{current.label}</h1><p>Your role does not give access to {current.label.toLowerCase()}. Ask an owner of the business if you need it.</p></section>
        ) : current.ready ? (
          <TodayPage me={props.me} />
        ) : (
          <section><h1>{current.label}</h1><p class="coming">Coming next: this page is not built yet. Everything it will show is already in the API (see the README).</p></section>
        )}
      </main>
    </div>
  );
}
