/**
 * A local stand-in for Google Calendar API v3, at the paths googleapis calls when its rootUrl is
 * pointed here (GOOGLE_API_BASE): events list (pages, sync tokens, 410 Gone for a stale token),
 * insert, patch, delete, and freeBusy. Every request must carry a self-signed JWT (RS256) made
 * with the test service account's key, as googleapis makes with useJWTAccessWithScope; the fake
 * checks its signature with the public key. It records requests, lets a test change a calendar as
 * its owner would, and can fail or stall the next requests.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ServiceAccountKey {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

/** A fresh service-account key, in the JSON shape Google's console downloads. */
export function makeServiceAccount(): { key: ServiceAccountKey; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    key: {
      type: "service_account",
      project_id: "slotline-test",
      private_key_id: randomBytes(20).toString("hex"),
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: "slotline@slotline-test.iam.gserviceaccount.com",
      client_id: "108123456789012345678",
      token_uri: "https://oauth2.googleapis.com/token",
    },
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export interface FakeEvent {
  id: string;
  status: "confirmed" | "tentative" | "cancelled";
  summary?: string;
  description?: string;
  transparency?: "opaque" | "transparent";
  start: { dateTime?: string; date?: string; timeZone?: string };
  end: { dateTime?: string; date?: string; timeZone?: string };
  attendees?: { email: string; self?: boolean; responseStatus: string }[];
  extendedProperties?: { private?: Record<string, string> };
  /** Bumped on every change, for sync tokens. */
  sequenceNumber: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface GoogleFailure {
  status: number;
  /** Google's error reason: backendError, rateLimitExceeded, notFound… */
  reason?: string;
}

export interface FakeGoogleApi {
  url: string;
  requests: RecordedRequest[];
  /** The calendar's events (deleted ones stay, cancelled, as Google keeps them for sync). */
  events(calendarId: string): FakeEvent[];
  /** What the calendar's owner does in Google: adds or changes an event. */
  putEvent(calendarId: string, event: Partial<FakeEvent> & Pick<FakeEvent, "start" | "end">): FakeEvent;
  removeEvent(calendarId: string, eventId: string): void;
  /** Makes every sync token issued so far stale (Google answers 410 Gone to them). */
  expireSyncTokens(): void;
  /** The next `count` requests whose method and path match answer with this error. */
  failNext(count: number, failure: GoogleFailure, match?: { method?: string; path?: RegExp }): void;
  /** Every request waits this long before its answer. */
  setLatency(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/;

export async function startFakeGoogleApi(account: { clientEmail: string; publicKeyPem: string }): Promise<FakeGoogleApi> {
  const calendars = new Map<string, FakeEvent[]>();
  const requests: RecordedRequest[] = [];
  const failures: { failure: GoogleFailure; match?: { method?: string; path?: RegExp } }[] = [];
  const publicKey = createPublicKey(account.publicKeyPem);
  let clock = 0;
  /** Sync tokens below this number are stale. */
  let oldestValidToken = 0;
  let latencyMs = 0;
  const pending = new Set<NodeJS.Timeout>();

  const calendar = (id: string) => {
    if (!calendars.has(id)) calendars.set(id, []);
    return calendars.get(id)!;
  };
  const touch = (event: FakeEvent) => {
    event.sequenceNumber = ++clock;
    return event;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const method = req.method ?? "GET";
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body });
      const send = (status: number, payload?: unknown) => {
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (res.destroyed) return;
          if (payload === undefined) {
            res.writeHead(status);
            res.end();
          } else {
            res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
            res.end(JSON.stringify(payload));
          }
        }, latencyMs);
        pending.add(timer);
      };
      const error = (status: number, reason: string, message: string) => send(status, { error: { code: status, message, errors: [{ domain: "global", reason, message }] } });

      if (!validJwt(req.headers.authorization, publicKey, account.clientEmail)) return error(401, "authError", "Request had invalid authentication credentials.");
      const failureAt = failures.findIndex((f) => (!f.match?.method || f.match.method === method) && (!f.match?.path || f.match.path.test(url.pathname)));
      if (failureAt >= 0) {
        const { failure } = failures.splice(failureAt, 1)[0]!;
        return error(failure.status, failure.reason ?? "backendError", `failed on purpose (${failure.status})`);
      }

      if (method === "POST" && url.pathname === "/calendar/v3/freeBusy") {
        const { timeMin, timeMax, items } = body as { timeMin: string; timeMax: string; items: { id: string }[] };
        const from = Date.parse(timeMin);
        const to = Date.parse(timeMax);
        const result: Record<string, { busy: { start: string; end: string }[] }> = {};
        for (const { id } of items) {
          result[id] = {
            busy: calendar(id)
              .filter((e) => e.status !== "cancelled" && e.transparency !== "transparent" && e.start.dateTime && e.end.dateTime)
              .filter((e) => Date.parse(e.start.dateTime!) < to && Date.parse(e.end.dateTime!) > from)
              .map((e) => ({ start: new Date(e.start.dateTime!).toISOString(), end: new Date(e.end.dateTime!).toISOString() })),
          };
        }
        return send(200, { kind: "calendar#freeBusy", timeMin, timeMax, calendars: result });
      }

      const match = EVENTS_PATH.exec(url.pathname);
      if (!match) return error(404, "notFound", "Not Found");
      const calendarId = decodeURIComponent(match[1]!);
      const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const events = calendar(calendarId);

      if (method === "GET" && eventId === undefined) {
        const syncToken = url.searchParams.get("syncToken");
        let items: FakeEvent[];
        if (syncToken !== null) {
          const since = Number(syncToken.replace(/^sync-/, ""));
          if (!Number.isInteger(since) || since < oldestValidToken) return error(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
          items = events.filter((e) => e.sequenceNumber > since);
        } else {
          const timeMin = url.searchParams.get("timeMin");
          const timeMax = url.searchParams.get("timeMax");
          const startOf = (e: FakeEvent) => Date.parse(e.start.dateTime ?? `${e.start.date}T00:00:00Z`);
          const endOf = (e: FakeEvent) => Date.parse(e.end.dateTime ?? `${e.end.date}T00:00:00Z`);
          items = events
            .filter((e) => e.status !== "cancelled" || url.searchParams.get("showDeleted") === "true")
            .filter((e) => (!timeMax || startOf(e) < Date.parse(timeMax)) && (!timeMin || endOf(e) > Date.parse(timeMin)));
        }
        // Pages of two, so paging is exercised.
        const offset = Number(url.searchParams.get("pageToken") ?? 0);
        const page = items.slice(offset, offset + 2);
        const more = offset + 2 < items.length;
        return send(200, {
          kind: "calendar#events",
          items: page,
          ...(more ? { nextPageToken: String(offset + 2) } : { nextSyncToken: `sync-${clock}` }),
        });
      }
      if (method === "POST" && eventId === undefined) {
        const input = body as Partial<FakeEvent>;
        if (input.id && events.some((e) => e.id === input.id)) return error(409, "duplicate", "The requested identifier already exists.");
        const event = touch({ ...input, id: input.id ?? randomBytes(13).toString("hex"), status: "confirmed", start: input.start!, end: input.end! } as FakeEvent);
        events.push(event);
        return send(200, { kind: "calendar#event", ...event });
      }
      const existing = events.find((e) => e.id === eventId);
      if (!existing || (existing.status === "cancelled" && method !== "GET")) return error(existing ? 410 : 404, existing ? "deleted" : "notFound", existing ? "Resource has been deleted" : "Not Found");
      if (method === "PATCH") {
        Object.assign(existing, body as object);
        touch(existing);
        return send(200, { kind: "calendar#event", ...existing });
      }
      if (method === "DELETE") {
        existing.status = "cancelled";
        touch(existing);
        return send(204);
      }
      if (method === "GET") return send(200, { kind: "calendar#event", ...existing });
      return error(405, "methodNotAllowed", "Method not allowed");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    events: (calendarId) => calendar(calendarId),
    putEvent(calendarId, input) {
      const events = calendar(calendarId);
      const existing = input.id ? events.find((e) => e.id === input.id) : undefined;
      if (existing) return touch(Object.assign(existing, input));
      const event = touch({ status: "confirmed", ...input, id: input.id ?? randomBytes(13).toString("hex") } as FakeEvent);
      events.push(event);
      return event;
    },
    removeEvent(calendarId, eventId) {
      const event = calendar(calendarId).find((e) => e.id === eventId);
      if (event) touch(Object.assign(event, { status: "cancelled" as const }));
    },
    expireSyncTokens() {
      oldestValidToken = clock + 1;
    },
    failNext(count, failure, match) {
      for (let i = 0; i < count; i++) failures.push({ failure, match });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      calendars.clear();
      requests.length = 0;
      failures.length = 0;
      latencyMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed service-account JWT: RS256 over header.payload, issued by the account, unexpired. */
function validJwt(authorization: string | undefined, publicKey: ReturnType<typeof createPublicKey>, clientEmail: string): boolean {
  const token = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  const parts = token?.split(".");
  if (!parts || parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as { alg?: string };
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { iss?: string; sub?: string; exp?: number; scope?: string };
    if (header.alg !== "RS256" || claims.iss !== clientEmail || claims.sub !== clientEmail) return false;
    if (!claims.scope?.includes("https://www.googleapis.com/auth/calendar")) return false;
    if (typeof claims.exp !== "number") return false;
    return verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2]!, "base64url"));
  } catch {
    return false;
  }
}
