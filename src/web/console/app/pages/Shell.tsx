/** The frame around every page: the business's name, the navigation its role may use, sign-out. */
import { useEffect, useRef } from "preact/hooks";
import { api } from "../api";
import { navigate, onLinkClick, useLocation } from "../router";
import type { Me, Role } from "../types";
import type { ComponentType } from "preact";
import { BookingsPage } from "./BookingsPage";
import { ConversationsPage } from "./ConversationsPage";
import { DashboardPage } from "./DashboardPage";
import { NotificationsPage } from "./NotificationsPage";
import { useUnreadCount } from "./notifications/unread";
import { PlansPage } from "./PlansPage";
import { ServicesPage } from "./ServicesPage";
import { SettingsPage } from "./SettingsPage";
import { StaffPage } from "./StaffPage";
import { TodayPage } from "./TodayPage";

interface Section {
  path: string;
  label: string;
  /** The least role that may open it (the API's own table, src/http/admin/roles.ts, has the last word). */
  least: Role;
  /** The page; it owns every address under `path` (e.g. /console/bookings/<id>). */
  page: ComponentType<{ me: Me }>;
}

const NOTIFICATIONS = "/console/notifications";

const SECTIONS: Section[] = [
  { path: "/console/today", label: "Today", least: "staff", page: TodayPage },
  { path: NOTIFICATIONS, label: "Notifications", least: "staff", page: NotificationsPage },
  { path: "/console/bookings", label: "Bookings", least: "staff", page: BookingsPage },
  { path: "/console/plans", label: "Plans", least: "staff", page: PlansPage },
  { path: "/console/services", label: "Services", least: "staff", page: ServicesPage },
  { path: "/console/staff", label: "Staff & hours", least: "staff", page: StaffPage },
  { path: "/console/conversations", label: "Conversations", least: "frontDesk", page: ConversationsPage },
  { path: "/console/dashboard", label: "Dashboard", least: "frontDesk", page: DashboardPage },
  { path: "/console/settings", label: "Settings", least: "owner", page: SettingsPage },
];

const RANK: Record<Role, number> = { staff: 0, frontDesk: 1, owner: 2 };
const ROLE_NAMES: Record<Role, string> = { owner: "Owner", frontDesk: "Front desk", staff: "Staff" };

export function Shell(props: { me: Me; onSignedOut: () => void }) {
  const { path } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const sections = SECTIONS.filter((s) => RANK[props.me.user.role] >= RANK[s.least]);
  const current = SECTIONS.find((s) => path === s.path || path.startsWith(`${s.path}/`));
  // The unread count beside "Notifications", whichever page is open.
  const unread = useUnreadCount(sections.some((s) => s.path === NOTIFICATIONS));

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
                <a href={s.path} aria-current={s === current ? "page" : undefined} onClick={onLinkClick}>
                  {s.label}
                  {s.path === NOTIFICATIONS && unread && unread.count > 0 && (
                    <> <span class="nav-count">{unread.capped ? `${unread.count}+` : unread.count}<span class="visually-hidden"> unread</span></span></>
                  )}
                </a>
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
        ) : (
          <current.page me={props.me} />
        )}
      </main>
    </div>
  );
}
