/**
 * Today: one column per staff member, bookings as blocks coloured by status, refreshed every few
 * seconds so a booking made by text shows up without a reload. ?date=YYYY-MM-DD opens another day.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { addDays, clockTime, longDate, minuteOfDay, STATUS_NAMES, todayIn } from "../format";
import { navigate, useLocation } from "../router";
import type { Booking, Business, Me, Service, StaffMember } from "../types";
import { BookingPanel } from "./BookingPanel";

const POLL_MS = 4000;
const PX_PER_MINUTE = 1.2;
const LEGEND = ["held", "pending_payment", "pending_approval", "confirmed", "completed", "no_show", "cancelled"];

interface Setup {
  business: Business;
  staff: StaffMember[];
  services: Service[];
}

/** The bookings starting on `date` in the business's zone (asked for with a day's margin either side of UTC). */
async function bookingsOn(date: string): Promise<Booking[]> {
  const query = new URLSearchParams({ from: `${addDays(date, -1)}T00:00:00Z`, to: `${addDays(date, 2)}T00:00:00Z`, limit: "1000" });
  const { items } = await api<{ items: Booking[] }>("GET", `/admin/bookings?${query}`);
  return items.filter((b) => b.start.slice(0, 10) === date);
}

export function TodayPage(props: { me: Me }) {
  const { query } = useLocation();
  const [setup, setSetup] = useState<Setup>();
  const [bookings, setBookings] = useState<Booking[]>();
  const [error, setError] = useState<string>();
  const [openId, setOpenId] = useState<string>();
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    Promise.all([
      api<Business>("GET", "/admin/business"),
      api<{ items: StaffMember[] }>("GET", "/admin/staff"),
      api<{ items: Service[] }>("GET", "/admin/services"),
    ])
      .then(([business, staff, services]) => setSetup({ business, staff: staff.items.filter((s) => s.active), services: services.items }))
      .catch((e: Error) => setError(e.message));
  }, []);

  const date = setup && (/^\d{4}-\d{2}-\d{2}$/.test(query.get("date") ?? "") ? query.get("date")! : todayIn(setup.business.timezone));

  useEffect(() => {
    if (!date) return;
    let live = true;
    const load = () =>
      bookingsOn(date)
        .then((items) => {
          if (!live) return;
          setBookings(items);
          setError(undefined);
        })
        .catch((e: Error) => live && setError(e.message));
    void load();
    const timer = setInterval(() => {
      if (!document.hidden) void load();
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [date]);

  if (!setup || !date) return <section aria-busy="true"><h1>Today</h1>{error ? <p role="alert" class="alert">{error}</p> : <p>Loading…</p>}</section>;

  const shown = bookings ?? [];
  const firstMinute = Math.min(8 * 60, ...shown.map((b) => Math.floor(minuteOfDay(b.start) / 60) * 60));
  const lastMinute = Math.max(19 * 60, ...shown.map((b) => Math.ceil(Math.max(minuteOfDay(b.end), minuteOfDay(b.start) + 15) / 60) * 60));
  const hours = Array.from({ length: (lastMinute - firstMinute) / 60 }, (_, i) => firstMinute + i * 60);
  const height = (lastMinute - firstMinute) * PX_PER_MINUTE;
  const open = shown.find((b) => b.id === openId);
  const serviceName = (id: string) => setup.services.find((s) => s.id === id)?.name ?? "Service";
  const staffName = (id: string) => setup.staff.find((s) => s.id === id)?.name ?? "Staff";
  const go = (to: string) => navigate(to === todayIn(setup.business.timezone) ? "/console/today" : `/console/today?date=${to}`);
  const live = shown.filter((b) => b.status !== "cancelled" && b.status !== "expired").length;

  return (
    <section class="today">
      <div class="day-head">
        <h1>{longDate(date)}</h1>
        <div class="day-nav" role="group" aria-label="Day">
          <button type="button" onClick={() => go(addDays(date, -1))}>Previous day</button>
          <button type="button" onClick={() => go(todayIn(setup.business.timezone))}>Today</button>
          <button type="button" onClick={() => go(addDays(date, 1))}>Next day</button>
        </div>
      </div>
      <p class="summary" aria-live="polite">{bookings === undefined ? "Loading bookings…" : `${live} booking${live === 1 ? "" : "s"} · times in ${setup.business.timezone}`}</p>
      {error && <p role="alert" class="alert">{error}</p>}
      <ul class="legend" aria-label="Status colours">
        {LEGEND.map((s) => <li key={s}><span class={`swatch status-${s}`} aria-hidden="true" />{STATUS_NAMES[s]}</li>)}
      </ul>
      <div class="calendar" style={{ "--columns": String(setup.staff.length) }}>
        <div class="times" aria-hidden="true" style={{ height: `${height}px` }}>
          {hours.map((m) => <span key={m} style={{ top: `${(m - firstMinute) * PX_PER_MINUTE}px` }}>{`${String(m / 60).padStart(2, "0")}:00`}</span>)}
        </div>
        {setup.staff.map((member) => {
          const own = shown.filter((b) => b.staffId === member.id);
          return (
            <section class="column" key={member.id} aria-labelledby={`staff-${member.id}`}>
              <h2 id={`staff-${member.id}`}>{member.name}</h2>
              <ul class="track" style={{ height: `${height}px` }}>
                {hours.map((m) => <li key={`h${m}`} class="hour-line" aria-hidden="true" style={{ top: `${(m - firstMinute) * PX_PER_MINUTE}px` }} />)}
                {own.length === 0 && <li class="empty">No bookings</li>}
                {own.map((b) => {
                  const top = (minuteOfDay(b.start) - firstMinute) * PX_PER_MINUTE;
                  const blockHeight = Math.max(28, (minuteOfDay(b.end) - minuteOfDay(b.start)) * PX_PER_MINUTE - 2);
                  const who = b.customer.name ?? b.customer.phone;
                  return (
                    <li key={b.id} class="slot" style={{ top: `${top}px`, height: `${blockHeight}px` }}>
                      <button
                        type="button"
                        class={`booking status-${b.status}`}
                        aria-expanded={openId === b.id}
                        aria-controls={openId === b.id ? "booking-panel" : undefined}
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setOpenId(b.id);
                        }}
                      >
                        <span class="when">{clockTime(b.start)}–{clockTime(b.end)}</span> <span class="what">{serviceName(b.serviceId)}</span> <span class="who">{who}</span> <span class="state">{STATUS_NAMES[b.status]}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
      </div>
      {open && (
        <BookingPanel
          booking={open}
          business={setup.business}
          serviceName={serviceName(open.serviceId)}
          staffName={staffName(open.staffId)}
          onChanged={(changed) => setBookings((all) => all?.map((b) => (b.id === changed.id ? changed : b)))}
          onClose={() => {
            setOpenId(undefined);
            opener.current?.focus();
          }}
        />
      )}
    </section>
  );
}
