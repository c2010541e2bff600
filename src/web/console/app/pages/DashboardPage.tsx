/**
 * Dashboard: how the business is doing over the last 7, 30 or 90 days, on one screen and with
 * nothing to set up. Bookings per day and money per day as bar charts, each with its numbers in a
 * table beside it; conversion, no-shows, plan completion and LLM use as tiles. ?days=7|30|90
 * keeps the period in the address (30 when absent). Days are the business's local dates.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api";
import { addDays, money } from "../format";
import { navigate, useLocation } from "../router";
import type { BookingStatus, Me } from "../types";
import { BarChart } from "./dashboard/BarChart";
import { percent, periodName, shortDate } from "./dashboard/dates";
import type { DailyStats, DayStats, StatusCounts } from "./dashboard/types";
import "./dashboard/dashboard.css";

const PERIODS = [7, 30, 90] as const;
type Days = (typeof PERIODS)[number];
const DEFAULT_DAYS: Days = 30;

/** A booking counts as made once it was confirmed or awaits approval (a cancellation later keeps it counted); lapsed and unpaid holds do not. */
const BOOKED: BookingStatus[] = ["pending_approval", "confirmed", "completed", "no_show", "cancelled"];
const booked = (counts: StatusCounts) => BOOKED.reduce((sum, s) => sum + counts[s], 0);
const appointments = (counts: StatusCounts) => BOOKED.reduce((sum, s) => sum + (s === "cancelled" ? 0 : counts[s]), 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function daysFrom(query: URLSearchParams): Days {
  const asked = Number(query.get("days"));
  return (PERIODS as readonly number[]).includes(asked) ? (asked as Days) : DEFAULT_DAYS;
}

export function DashboardPage(_props: { me: Me }) {
  const { query } = useLocation();
  const days = daysFrom(query);
  const [stats, setStats] = useState<DailyStats>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  /** Today in the business's zone, by the server's clock: learnt from the first answer. */
  const today = useRef<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setLoading(true);
    (async () => {
      if (!today.current) {
        const first = await api<DailyStats>("GET", "/admin/stats/daily");
        today.current = first.today;
        if (days === DEFAULT_DAYS) return first;
      }
      const period = new URLSearchParams({ from: addDays(today.current, -(days - 1)), to: today.current });
      return api<DailyStats>("GET", `/admin/stats/daily?${period}`);
    })()
      .then((answer) => {
        if (!live) return;
        setStats(answer);
        setError(undefined);
      })
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [days]);

  const choose = (n: Days) => navigate(n === DEFAULT_DAYS ? "/console/dashboard" : `/console/dashboard?days=${n}`);

  return (
    <section class="dashboard" aria-busy={loading}>
      <div class="dash-head">
        <div>
          <h1>Dashboard</h1>
          <p class="summary" aria-live="polite">
            {loading ? "Loading…" : stats ? `${periodName(stats.from, stats.to)} · days in ${stats.timezone}` : ""}
          </p>
        </div>
        <fieldset class="period">
          <legend>Period</legend>
          {PERIODS.map((n) => (
            <label key={n} class={n === days ? "chosen" : undefined}>
              <input type="radio" name="period" value={n} checked={n === days} onChange={() => choose(n)} />
              Last {n} days
            </label>
          ))}
        </fieldset>
      </div>
      {error && <p role="alert" class="alert">{error}</p>}
      {stats && <Overview stats={stats} />}
    </section>
  );
}

function Overview({ stats }: { stats: DailyStats }) {
  const { totals, currency } = stats;
  const made = booked(totals.made);
  return (
    <>
      <dl class="headline">
        <div><dt>Bookings made</dt><dd>{made}</dd></div>
        <div><dt>Appointments</dt><dd>{appointments(totals.appointments)}</dd></div>
        <div><dt>Revenue</dt><dd>{money(totals.revenueCents, currency)}</dd></div>
        <div><dt>Refunds</dt><dd>{money(totals.refundsCents, currency)}</dd></div>
      </dl>
      <div class="tiles">
        <Tile
          title="Conversion"
          value={totals.conversion.customersWhoWrote === 0 ? "–" : percent(totals.conversion.rate)}
          rate={totals.conversion.customersWhoWrote === 0 ? undefined : totals.conversion.rate}
          detail={
            totals.conversion.customersWhoWrote === 0
              ? "No new customer wrote in this period."
              : `${totals.conversion.customersWhoBooked} of ${plural(totals.conversion.customersWhoWrote, "customer")} who first wrote in this period booked.`
          }
        />
        <Tile
          title="No-shows"
          value={totals.noShows.noShow + totals.noShows.completed === 0 ? "–" : percent(totals.noShows.rate)}
          rate={totals.noShows.noShow + totals.noShows.completed === 0 ? undefined : totals.noShows.rate}
          bad
          detail={`${plural(totals.noShows.noShow, "no-show")}, ${totals.noShows.completed} completed.`}
        />
        <Tile
          title="Plan completion"
          value={totals.plans.started === 0 ? "–" : percent(totals.plans.rate)}
          rate={totals.plans.started === 0 ? undefined : totals.plans.rate}
          detail={
            totals.plans.started === 0
              ? "No multi-session plan started in this period."
              : `${totals.plans.completed} of ${plural(totals.plans.started, "plan")} started completed${totals.plans.cancelled ? `, ${totals.plans.cancelled} cancelled` : ""}.`
          }
        />
        <Tile
          title="LLM usage"
          value={plural(totals.llm.turns, "turn")}
          detail={
            totals.llm.turns === 0
              ? "The language model helped with no message in this period."
              : `${(totals.llm.promptTokens + totals.llm.completionTokens).toLocaleString("en")} tokens (${totals.llm.promptTokens.toLocaleString("en")} in, ${totals.llm.completionTokens.toLocaleString("en")} out); ${totals.llm.understood} understood, ${totals.llm.failed} failed.`
          }
        />
      </div>
      <BookingsChart stats={stats} />
      <MoneyChart stats={stats} />
    </>
  );
}

function Tile(props: { title: string; value: string; detail: string; rate?: number; bad?: boolean }) {
  const id = `tile-${props.title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section class="tile" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <p class="tile-value">{props.value}</p>
      {props.rate !== undefined && (
        <div class="meter" aria-hidden="true">
          <span class={props.bad ? "meter-bad" : undefined} style={{ width: `${Math.round(props.rate * 100)}%` }} />
        </div>
      )}
      <p class="tile-detail">{props.detail}</p>
    </section>
  );
}

/** The busiest day by a measure, for the summaries ("most on Mon 2 Mar: 3"). */
function peak(days: DayStats[], measure: (d: DayStats) => number): DayStats | undefined {
  return days.reduce<DayStats | undefined>((best, d) => (measure(d) > (best ? measure(best) : 0) ? d : best), undefined);
}

function BookingsChart({ stats }: { stats: DailyStats }) {
  const total = booked(stats.totals.made);
  const busiest = peak(stats.days, (d) => booked(d.made));
  const active = stats.days.filter((d) => booked(d.made) > 0 || appointments(d.appointments) > 0);
  const summary =
    `Bookings made per day, ${periodName(stats.from, stats.to)}: ${total} in total` +
    (busiest ? `, most on ${shortDate(busiest.date)} (${booked(busiest.made)}).` : ".");
  return (
    <section class="panel-chart" aria-labelledby="bookings-chart">
      <h2 id="bookings-chart">Bookings per day</h2>
      <div class="chart-with-numbers">
        <BarChart dates={stats.days.map((d) => d.date)} series={[{ name: "bookings made", className: "bar-booked", values: stats.days.map((d) => booked(d.made)) }]} summary={summary} format={String} />
        <div class="numbers">
          <p>
            <strong>{total}</strong> made{busiest && <>, most on {shortDate(busiest.date)} ({booked(busiest.made)})</>}. {stats.totals.made.cancelled > 0 && `${stats.totals.made.cancelled} of them cancelled since.`}
          </p>
          {active.length === 0 ? (
            <p class="none">No bookings made or appointments in this period.</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Bookings per day, as numbers">
              <table>
                <thead>
                  <tr><th scope="col">Day</th><th scope="col">Made</th><th scope="col">Appointments</th></tr>
                </thead>
                <tbody>
                  {active.map((d) => (
                    <tr key={d.date}>
                      <th scope="row">{shortDate(d.date)}</th>
                      <td>{booked(d.made)}</td>
                      <td>{appointments(d.appointments)}{d.appointments.no_show > 0 && ` (${d.appointments.no_show} no-show)`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="hint">Made: bookings made that day, confirmed or awaiting approval (holds that lapsed are not counted). Appointments: bookings starting that day, not cancelled. Other days: none.</p>
        </div>
      </div>
    </section>
  );
}

function MoneyChart({ stats }: { stats: DailyStats }) {
  const { currency, totals } = stats;
  const cash = (cents: number) => money(cents, currency);
  const active = stats.days.filter((d) => d.revenueCents > 0 || d.refundsCents > 0);
  const best = peak(stats.days, (d) => d.revenueCents);
  const summary =
    `Revenue and refunds per day, ${periodName(stats.from, stats.to)}: ${cash(totals.revenueCents)} taken, ${cash(totals.refundsCents)} refunded` +
    (best ? `; most taken on ${shortDate(best.date)} (${cash(best.revenueCents)}).` : ".");
  return (
    <section class="panel-chart" aria-labelledby="money-chart">
      <h2 id="money-chart">Revenue and refunds per day</h2>
      <ul class="legend" aria-label="Bar colours">
        <li><span class="swatch bar-revenue" aria-hidden="true" />Revenue</li>
        <li><span class="swatch bar-refunds" aria-hidden="true" />Refunds</li>
      </ul>
      <div class="chart-with-numbers">
        <BarChart
          dates={stats.days.map((d) => d.date)}
          series={[
            { name: "revenue", className: "bar-revenue", values: stats.days.map((d) => d.revenueCents) },
            { name: "refunds", className: "bar-refunds", values: stats.days.map((d) => d.refundsCents) },
          ]}
          summary={summary}
          format={cash}
        />
        <div class="numbers">
          <p>
            <strong>{cash(totals.revenueCents)}</strong> taken, <strong>{cash(totals.refundsCents)}</strong> refunded: {cash(totals.revenueCents - totals.refundsCents)} kept.
          </p>
          {active.length === 0 ? (
            <p class="none">No payments or refunds in this period.</p>
          ) : (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Revenue and refunds per day, as numbers">
              <table>
                <thead>
                  <tr><th scope="col">Day</th><th scope="col">Revenue</th><th scope="col">Refunds</th></tr>
                </thead>
                <tbody>
                  {active.map((d) => (
                    <tr key={d.date}>
                      <th scope="row">{shortDate(d.date)}</th>
                      <td>{cash(d.revenueCents)}</td>
                      <td>{cash(d.refundsCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {totals.otherCurrencies.map((o) => (
            <p key={o.currency}>Also in {o.currency}: {money(o.revenueCents, o.currency)} taken, {money(o.refundsCents, o.currency)} refunded (not in the chart).</p>
          ))}
          <p class="hint">Online payments, on the day the payment link was sent (customers pay within the hold); money taken at the appointment is not recorded. Refunds on the day they were given. Other days: none.</p>
        </div>
      </div>
    </section>
  );
}
