/**
 * Promise 4: nothing is stuck. After the final jobs have run, no outbound message is left queued,
 * retrying or sending, and none failed without an error code; when the database has a `refunds`
 * outbox (status pending/succeeded/failed, last_error), none is pending and every failed one says why.
 */
import type postgres from "postgres";
import { SEND_LEASE_MINUTES } from "../../../src/channels/outbox";
import type { FakeTwilioApi } from "../../../test/fakes/twilioApi";
import { type Findings, findings } from "./findings";

interface StuckRow {
  id: string;
  status: string;
  address: string;
  attempts: number;
  next_attempt_at: Date | null;
  body: string;
}

/** `at` places an instant on the run's timeline (seconds since the start, as the server's lives are printed). */
export async function checkOutbox(sql: postgres.Sql, twilio: FakeTwilioApi, at: (instant: Date) => string): Promise<Findings> {
  const stuck = await sql<StuckRow[]>`
    select id, status, address, attempts, next_attempt_at, body
    from messages
    where direction = 'out' and (status in ('queued', 'retrying', 'sending') or (status = 'failed' and error_code is null))
    order by created_at`;
  const result = findings(stuck.map((m) => `outbox: message ${m.id} is ${m.status}${m.status === "failed" ? " without an error code" : ""} after ${m.attempts} attempts${leaseOf(m, at)}${carried(m, twilio)}: "${m.body.slice(0, 60)}"`));
  const [table] = await sql<{ exists: boolean }[]>`select to_regclass('public.refunds') is not null as exists`;
  if (!table?.exists) {
    result.notes.push("refunds outbox: no `refunds` table in this schema, not checked");
    return result;
  }
  const refunds = await sql<{ id: string; status: string; last_error: string | null }[]>`
    select id::text, status, last_error from refunds where status = 'pending' or (status = 'failed' and last_error is null)`;
  result.violations.push(...refunds.map((r) => `refunds outbox: refund ${r.id} is ${r.status}${r.status === "failed" ? " without last_error" : ""}`));
  return result;
}

/** Whether the fake Twilio already carried a stuck text: if so, a retry after its lease will repeat it. */
function carried(m: StuckRow, twilio: FakeTwilioApi): string {
  if (m.status !== "sending") return "";
  const sent = twilio.messages.some((t) => t.to === m.address && t.body === m.body);
  return sent ? " (Twilio carried it before the kill: its retry will repeat it)" : " (never reached Twilio: delayed until its lease ends)";
}

/** A `sending` row's next_attempt_at is the end of the lease taken when it was claimed: when was that, on the run's timeline. */
function leaseOf(m: StuckRow, at: (instant: Date) => string): string {
  if (!m.next_attempt_at) return "";
  if (m.status !== "sending") return `, next attempt ${m.next_attempt_at.toISOString()}`;
  return `, claimed @${at(new Date(m.next_attempt_at.getTime() - SEND_LEASE_MINUTES * 60_000))} and held until ${m.next_attempt_at.toISOString()}`;
}
