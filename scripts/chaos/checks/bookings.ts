/**
 * Promise 1: no slot is double-booked, and what the bot told a customer is what the database holds.
 * No two active bookings (status not cancelled/expired) of one staff member overlap; a customer told
 * "Booked: X, <time>" (or "You're booked", or shown it in "my bookings") has that booking confirmed
 * (or completed), unless they were told it was cancelled afterwards: then it is cancelled.
 */
import type postgres from "postgres";
import type { CustomerOutcome, ToldBooking } from "../customer";
import { type Findings, findings, groupBy, some } from "./findings";

interface BookingRow {
  id: string;
  phone: string;
  service: string;
  start_at: Date;
  status: string;
}

export async function checkBookings(sql: postgres.Sql, customers: CustomerOutcome[]): Promise<Findings> {
  const result = findings(await doubleBookings(sql));
  const rows = await sql<BookingRow[]>`
    select b.id, c.phone, s.name as service, b.start_at, b.status
    from bookings b join customers c on c.id = b.customer_id join services s on s.id = b.service_id`;
  const byPhone = groupBy(rows, (r) => r.phone);
  for (const customer of customers) {
    const theirs = byPhone.get(customer.want.phone) ?? [];
    for (const told of customer.bookings) {
      const problem = mismatch(told, theirs);
      if (problem) result.violations.push(`booking: ${customer.want.phone} was told "${told.service}, ${told.when}" (${told.toldBy}${told.cancelled ? ", then cancelled" : ""}) but ${problem}`);
    }
  }
  const untold = unannounced(rows, customers);
  if (untold.length > 0) result.notes.push(`bookings active that their customer was never told of: ${untold.length} (${some(untold, 5, (r) => `${r.phone} ${r.service} ${r.start_at.toISOString()} ${r.status}`)})`);
  return result;
}

async function doubleBookings(sql: postgres.Sql): Promise<string[]> {
  const overlaps = await sql<{ staff: string; a: string; b: string; a_start: Date; b_start: Date; a_status: string; b_status: string }[]>`
    select st.name as staff, a.id as a, b.id as b, a.start_at as a_start, b.start_at as b_start, a.status as a_status, b.status as b_status
    from bookings a
    join bookings b on b.staff_id = a.staff_id and a.id < b.id and a.start_at < b.end_at and b.start_at < a.end_at
    join staff st on st.id = a.staff_id
    where a.status not in ('cancelled', 'expired') and b.status not in ('cancelled', 'expired')`;
  return overlaps.map((o) => `double booking: ${o.staff} has ${o.a} (${o.a_status}, ${o.a_start.toISOString()}) and ${o.b} (${o.b_status}, ${o.b_start.toISOString()}) at once`);
}

/** Why the database disagrees with what the customer was told, or undefined when it agrees. */
function mismatch(told: ToldBooking, theirs: BookingRow[]): string | undefined {
  const there = theirs.filter((r) => r.service === told.service && r.start_at.getTime() === told.start.getTime());
  const expected = told.cancelled ? ["cancelled"] : ["confirmed", "completed"];
  if (there.some((r) => expected.includes(r.status))) return undefined;
  if (there.length === 0) return "no such booking exists";
  return `its booking is ${there.map((r) => `${r.status} (${r.id})`).join(", ")}`;
}

/** Active bookings at times none of the customer's told bookings name. */
function unannounced(rows: BookingRow[], customers: CustomerOutcome[]): BookingRow[] {
  const told = new Set(customers.flatMap((c) => c.bookings.map((b) => `${c.want.phone} ${b.start.getTime()}`)));
  return rows.filter((r) => ["confirmed", "completed", "pending_payment"].includes(r.status) && !told.has(`${r.phone} ${r.start_at.getTime()}`));
}
