/**
 * Promise 3: no message is lost or doubled. Every inbound MessageSid got at most one non-empty
 * answer, and every one was answered or is recorded as failed (a messages row 'in', 'failed') so
 * that someone can see it went unanswered. Texts the server and jobs sent through the fake Twilio
 * that repeat (same To and Body twice) are counted apart: a kill between sending and recording the
 * send may repeat one, so they are a violation only when there are more of them than kills.
 *
 * A message none of whose attempts found a server listening (every connection refused) never
 * reached one: no server could have answered or recorded it, so it is noted, not counted.
 */
import type postgres from "postgres";
import type { FakeTwilioApi } from "../../../test/fakes/twilioApi";
import type { Attempt, AttemptOutcome, InboundRecord } from "../twilioCarrier";
import { type Findings, findings, groupBy, some } from "./findings";

export async function checkMessages(sql: postgres.Sql, inbound: Iterable<InboundRecord>, twilio: FakeTwilioApi, kills: number): Promise<Findings> {
  const rows = await sql<{ sid: string; status: string }[]>`
    select provider_message_id as sid, status from messages where direction = 'in' and provider = 'twilio'`;
  const stored = new Map(rows.map((r) => [r.sid, r.status]));
  const result = findings();
  const neverReached: InboundRecord[] = [];
  for (const record of inbound) {
    if (!stored.has(record.sid) && record.attempts.every((a) => a.kind === "connection_failed" && !a.reached)) {
      neverReached.push(record);
      continue;
    }
    const problem = inboundProblem(record, stored.get(record.sid));
    if (problem) result.violations.push(`message: ${record.sid} (${record.phone} "${record.body}") ${problem}`);
  }
  if (neverReached.length > 0) {
    result.notes.push(`inbound: ${neverReached.length} messages found no server listening at any attempt for a minute: ${some(neverReached, 5, (r) => `${r.phone} "${r.body}"`)}`);
  }
  const repeats = repeatedTexts(twilio);
  const count = repeats.reduce((sum, r) => sum + r.times - 1, 0);
  result.notes.push(`outbound: ${twilio.messages.length} texts through the fake Twilio, ${count} repeats${count > 0 ? ` (${some(repeats, 3, (r) => `${r.to} ×${r.times} "${r.body.slice(0, 50)}"`)})` : ""}`);
  if (count > kills) result.violations.push(`outbound: ${count} repeated texts, more than the ${kills} kills`);
  return result;
}

function inboundProblem(record: InboundRecord, storedStatus: string | undefined): string | undefined {
  const harness = record.attempts.find((a): a is Extract<Attempt, { kind: "http_error" }> => a.kind === "http_error" && a.status < 500);
  if (harness) return `was refused ${harness.status} (a harness fault, not the server's): ${harness.body}`;
  const answers = record.attempts.filter((a) => a.kind === "answered").length;
  if (answers > 1) return `was answered ${answers} times`;
  if (answers === 1 || storedStatus === "failed") return undefined;
  return `got no answer (attempts: ${compress(record.attempts.map(describe)).join(", ")}) and the database holds it as ${storedStatus ?? "nothing (never stored)"}`;
}

/** Runs of refused connections (the carrier waiting for the server to come back) shown as one. */
function compress(described: string[]): string[] {
  const out: string[] = [];
  for (const item of described) {
    const last = out[out.length - 1];
    if (item.startsWith("refused") && last?.startsWith("refused")) out[out.length - 1] = last.replace(/^refused( ×(\d+))?/, (_, __, n: string | undefined) => `refused ×${Number(n ?? 1) + 1}`);
    else out.push(item);
  }
  return out;
}

function describe(attempt: Attempt): string {
  return `${outcomeOf(attempt)} @${(attempt.at / 1000).toFixed(1)}s`;
}

function outcomeOf(attempt: AttemptOutcome): string {
  switch (attempt.kind) {
    case "answered":
      return "answered";
    case "empty":
      return "empty TwiML";
    case "http_error":
      return `HTTP ${attempt.status}`;
    case "connection_failed":
      return attempt.reached ? `cut off (${attempt.detail})` : "refused";
    case "timeout":
      return "timed out";
  }
}

function repeatedTexts(twilio: FakeTwilioApi): { to: string; body: string; times: number }[] {
  const groups = groupBy(twilio.messages, (m) => `${m.to}\n${m.body ?? ""}`);
  return [...groups.values()].filter((g) => g.length > 1).map((g) => ({ to: g[0]!.to, body: g[0]!.body ?? "", times: g.length }));
}
