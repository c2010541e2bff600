/**
 * Today: the calendar. A day view (a column per staff member) or a week view (Monday to Sunday; a
 * list of days on a phone), bookings as blocks coloured by status, blocked time hatched with its
 * reason, the hours outside each member's working hours shaded. It asks the server again every few
 * seconds while the tab is visible, so a booking made by text shows up without a reload.
 * Addresses: ?view=week, ?date=YYYY-MM-DD (any day; the week view shows its week), ?staff=<id>|all.
 * A staff user sees their own column unless they choose everyone.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { addDays, longDate, STATUS_NAMES, todayIn } from "../format";
import { navigate, onLinkClick, useLocation } from "../router";
import type { Booking, Business, Me, Service, StaffMember } from "../types";
import { BookingPanel } from "./BookingPanel";
import { isIsoDate, isLapsedHold, weekDays, weekTitle } from "./today/calendar";
import { DayView } from "./today/DayView";
import type { Lane, Opener } from "./today/Track";
import type { AvailabilityRule, BlockedPeriod } from "./today/types";
import { usePolledData } from "../usePolling";
import { WeekView } from "./today/WeekView";
import "./today/today.css";

/** At most this far behind the server (the issue asks for 5 s). */
const LEGEND = ["held", "pending_payment", "pending_approval", "confirmed", "completed", "no_show", "cancelled"];
const LEGEND_NAMES: Record<string, string> = { ...STATUS_NAMES, cancelled: "Cancelled, expired or lapsed hold" };

interface Setup {
  business: Business;
  staff: StaffMember[];
  services: Service[];
  /** Each active member's working hours; undefined for one whose hours could not be read. */
  hours: Map<string, AvailabilityRule[] | undefined>;
}

interface Calendar {
  bookings: Booking[];
  periods: BlockedPeriod[];
}

type View = "day" | "week";

async function loadSetup(): Promise<Setup> {
  const [business, staff, services] = await Promise.all([
    api<Business>("GET", "/admin/business"),
    api<{ items: StaffMember[] }>("GET", "/admin/staff"),
    api<{ items: Service[] }>("GET", "/admin/services"),
  ]);
  const active = staff.items.filter((s) => s.active);
  const rules = await Promise.all(
    active.map((s) => api<{ rules: AvailabilityRule[] }>("GET", `/admin/staff/${s.id}/availability`).then((r) => r.rules, () => undefined)),
  );
  return { business, staff: active, services: services.items, hours: new Map(active.map((s, i) => [s.id, rules[i]])) };
}

/** The bookings starting on `dates` (in the business's zone) and the blocked periods touching them; asked with a day's margin either side of UTC. */
async function loadCalendar(dates: string[]): Promise<Calendar> {
  const range = { from: `${addDays(dates[0]!, -1)}T00:00:00Z`, to: `${addDays(dates[dates.length - 1]!, 2)}T00:00:00Z` };
  const [bookings, periods] = await Promise.all([
    api<{ items: Booking[] }>("GET", `/admin/bookings?${new URLSearchParams({ ...range, limit: "1000" })}`),
    api<{ items: BlockedPeriod[] }>("GET", `/admin/blocked-periods?${new URLSearchParams(range)}`),
  ]);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  return {
    bookings: bookings.items.filter((b) => dates.includes(b.start.slice(0, 10))),
    periods: periods.items.filter((p) => p.start.slice(0, 10) <= last && p.end > `${first}T00:00`),
  };
}

export function TodayPage(props: { me: Me }) {
  const { query } = useLocation();
  const [setup, setSetup] = useState<Setup>();
  const [setupError, setSetupError] = useState<string>();
  const [openId, setOpenId] = useState<string>();
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    loadSetup().then(setSetup, (e: Error) => setSetupError(e.message));
  }, []);

  const today = setup && todayIn(setup.business.timezone);
  const view: View = query.get("view") === "week" ? "week" : "day";
  const date = today && (isIsoDate(query.get("date")) ? query.get("date")! : today);
  const dates = date ? (view === "week" ? weekDays(date) : [date]) : undefined;
  const { data, error, update } = usePolledData(dates?.join(","), () => loadCalendar(dates!));

  if (!setup || !date || !today) {
    return <section aria-busy="true"><h1>Today</h1>{setupError ? <p role="alert" class="alert">{setupError}</p> : <p>Loading…</p>}</section>;
  }

  // Whose columns: ?staff=all or an id; without it, a staff user's own column, everyone for the others.
  const own = props.me.user.role === "staff" && setup.staff.some((s) => s.id === props.me.user.staffId) ? props.me.user.staffId! : "all";
  const asked = query.get("staff");
  const staffChoice = asked === "all" || setup.staff.some((s) => s.id === asked) ? asked! : own;
  const shown = staffChoice === "all" ? setup.staff : setup.staff.filter((s) => s.id === staffChoice);
  const lanes: Lane[] = shown.map((member) => ({ member, rules: setup.hours.get(member.id) }));

  const href = (to: { view?: View; date?: string; staff?: string }) => {
    const v = to.view ?? view;
    const d = to.date ?? date;
    const s = to.staff ?? staffChoice;
    const q = new URLSearchParams();
    if (v === "week") q.set("view", "week");
    if (d !== today) q.set("date", d);
    if (s !== own) q.set("staff", s);
    const text = q.toString();
    return `/console/today${text ? `?${text}` : ""}`;
  };

  const shownIds = new Set(shown.map((s) => s.id));
  // A booking just moved to another day stays in the data (its panel stays open) but leaves the calendar at once.
  const bookings = (data?.bookings ?? []).filter((b) => shownIds.has(b.staffId) && dates!.includes(b.start.slice(0, 10)));
  const periods = data?.periods ?? [];
  const now = Date.now();
  const live = bookings.filter((b) => b.status !== "cancelled" && b.status !== "expired" && !isLapsedHold(b, now)).length;
  const open = data?.bookings.find((b) => b.id === openId);
  const serviceName = (id: string) => setup.services.find((s) => s.id === id)?.name ?? "Service";
  const staffName = (id: string) => setup.staff.find((s) => s.id === id)?.name ?? "Staff";
  const calendarOpener: Opener = {
    openId,
    now,
    serviceName,
    open: (booking, from) => {
      opener.current = from;
      setOpenId(booking.id);
    },
  };
  const step = view === "week" ? 7 : 1;
  const unit = view === "week" ? "week" : "day";

  return (
    <section class="today">
      <div class="day-head">
        <h1>{view === "week" ? weekTitle(date) : longDate(date)}</h1>
        <div class="view-toggle" role="group" aria-label="View">
          <a href={href({ view: "day" })} onClick={onLinkClick} aria-current={view === "day" ? "page" : undefined}>Day</a>
          <a href={href({ view: "week" })} onClick={onLinkClick} aria-current={view === "week" ? "page" : undefined}>Week</a>
        </div>
        <div class="day-nav" role="group" aria-label={view === "week" ? "Week" : "Day"}>
          <button type="button" onClick={() => navigate(href({ date: addDays(date, -step) }))}>Previous {unit}</button>
          <button type="button" onClick={() => navigate(href({ date: today }))}>{view === "week" ? "This week" : "Today"}</button>
          <button type="button" onClick={() => navigate(href({ date: addDays(date, step) }))}>Next {unit}</button>
        </div>
      </div>
      {setup.staff.length > 1 && (
        <div class="staff-filter">
          <label for="staff-filter">Staff</label>
          <select id="staff-filter" value={staffChoice} onChange={(e) => navigate(href({ staff: e.currentTarget.value }))}>
            <option value="all">All staff</option>
            {setup.staff.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
      )}
      <p class="summary" aria-live="polite">
        {data === undefined ? "Loading bookings…" : `${live} booking${live === 1 ? "" : "s"}${view === "week" ? " this week" : ""} · times in ${setup.business.timezone}`}
      </p>
      {error && <p role="alert" class="alert">{error}</p>}
      <ul class="legend" aria-label="Colours">
        {LEGEND.map((s) => <li key={s}><span class={`swatch status-${s}`} aria-hidden="true" />{LEGEND_NAMES[s]}</li>)}
        <li><span class="swatch swatch-blocked" aria-hidden="true" />Blocked</li>
        <li><span class="swatch swatch-off" aria-hidden="true" />Outside working hours</li>
      </ul>
      {shown.length === 0 ? (
        <p>No active staff members yet.</p>
      ) : view === "week" ? (
        <WeekView date={date} today={today} lanes={lanes} bookings={bookings} periods={periods} opener={calendarOpener} dayHref={(d) => href({ view: "day", date: d })} />
      ) : (
        <DayView date={date} lanes={lanes} bookings={bookings} periods={periods} opener={calendarOpener} />
      )}
      {open && (
        <BookingPanel
          booking={open}
          business={setup.business}
          serviceName={serviceName(open.serviceId)}
          staffName={staffName(open.staffId)}
          onChanged={(changed) => update((c) => ({ ...c, bookings: c.bookings.map((b) => (b.id === changed.id ? changed : b)) }))}
          onClose={() => {
            setOpenId(undefined);
            opener.current?.focus();
          }}
        />
      )}
    </section>
  );
}
