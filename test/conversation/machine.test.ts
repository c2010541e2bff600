/**
 * The conversation machine, state by state and branch by branch, without a database: its five
 * ports (findTimes, previewPlan, book, listBookings, cancelBooking) are provided as fromPromise
 * actors over a small in-memory calendar, and every message goes through the real parser.
 *
 * Fixed clock: 2026-03-02T13:00:00Z = Monday 2 March 2026, 08:00 in New York (EST, UTC-5).
 * "tomorrow" is Tuesday 3 March; 8 March is the US spring-forward day, so a session a week
 * after Tuesday 3 March 10:00 EST is at 10:00 EDT (14:00Z, not 15:00Z).
 */
import { DateTime } from "luxon";
import { createActor, fromPromise, waitFor } from "xstate";
import { BUSY_TAG, conversationMachine } from "../../src/conversation/machine";
import { parseMessage } from "../../src/conversation/parser";
import type { LocalDate } from "../../src/conversation/parser/types";
import type {
  ActivePlan,
  BookInput,
  BookOutput,
  ChatBookOutput,
  BookingSummary,
  Catalog,
  CatalogService,
  ConversationEvent,
  FindTimesInput,
  FindTimesOutput,
  SlotOffer,
} from "../../src/conversation/types";

const TZ = "America/New_York";
const NOW = new Date("2026-03-02T13:00:00Z");

// ---------------------------------------------------------------------------------------------
// The business
// ---------------------------------------------------------------------------------------------

const HAIRCUT: CatalogService = {
  id: "haircut",
  name: "Haircut",
  aliases: ["cut", "trim"],
  durationMinutes: 30,
  priceCents: 3500,
  currency: "USD",
  requiresPayment: false,
  plan: null,
  packageSessions: null,
};
const IMPLANT: CatalogService = {
  id: "implant",
  name: "Hair implant",
  aliases: ["implant"],
  durationMinutes: 120,
  priceCents: 50000,
  currency: "USD",
  requiresPayment: false,
  plan: { totalSessions: 3, strategy: "immediate", sessionLabels: ["Consultation", "Implant", "Follow-up"] },
  packageSessions: null,
};
const PHYSIO: CatalogService = {
  id: "physio",
  name: "Scalp physio",
  aliases: ["physio"],
  durationMinutes: 45,
  priceCents: 6000,
  currency: "USD",
  requiresPayment: false,
  plan: { totalSessions: 8, strategy: "sequential", sessionLabels: null },
  packageSessions: null,
};
const LESSONS: CatalogService = {
  id: "lessons",
  name: "Styling lessons",
  aliases: ["styling"],
  durationMinutes: 60,
  priceCents: 4000,
  currency: "USD",
  requiresPayment: false,
  plan: { totalSessions: 10, strategy: "flexible", sessionLabels: null },
  packageSessions: null,
};
const STAFF = { alice: "Alice", bob: "Bob" };

function makeCatalog(overrides: Partial<Catalog> = {}): Catalog {
  return {
    businessName: "Slotline Salon",
    timezone: TZ,
    now: NOW.toISOString(),
    requiresApproval: false,
    paymentsByLink: false,
    services: [HAIRCUT, IMPLANT, PHYSIO, LESSONS],
    staffNames: STAFF,
    plans: [],
    packageCredits: {},
    ...overrides,
  };
}

function plan(p: Partial<ActivePlan> & Pick<ActivePlan, "serviceId" | "strategy" | "totalSessions">): ActivePlan {
  return { id: `plan-${p.serviceId}`, booked: 0, completed: 0, nextUpcoming: null, ...p };
}

// ---------------------------------------------------------------------------------------------
// Time helpers (March 2026, New York)
// ---------------------------------------------------------------------------------------------

/** The UTC ISO instant of a wall-clock time in New York on a day of March 2026. */
function ny(day: number, hour: number, minute = 0): string {
  return DateTime.fromObject({ year: 2026, month: 3, day, hour, minute }, { zone: TZ }).toUTC().toJSDate().toISOString();
}
const ms = (iso: string) => new Date(iso).getTime();
const slot = (start: string, staffId: keyof typeof STAFF): SlotOffer => ({ start, staffId });

// ---------------------------------------------------------------------------------------------
// The in-memory calendar behind the machine's ports
// ---------------------------------------------------------------------------------------------

interface Calendar {
  /** Free times, chronological. */
  free: SlotOffer[];
  /** Free when searched, but gone by the time the customer says yes. */
  taken: Set<string>;
  /** Starts previewPlan cannot place a session at (returns null for that session). */
  unplaceable: Set<string>;
  /** The customer's upcoming bookings, as listBookings returns them. */
  bookings: BookingSummary[];
  /** Status new bookings get. */
  status: string;
  /** When set, book returns this instead of booking. */
  refuse: BookOutput | null;
  /** Whether a booking made carries a manage link (as the engine's actor adds one): https://book.example.com/m/<first booking's id>. */
  links: boolean;
  fail: { findTimes?: boolean; previewPlan?: boolean; book?: boolean; listBookings?: boolean; cancelBooking?: boolean };
  calls: {
    findTimes: FindTimesInput[];
    previewPlan: { serviceId: string; first: SlotOffer; firstSessionNumber: number }[];
    book: BookInput[];
    cancelBooking: string[];
  };
}

const FREE: SlotOffer[] = [
  slot(ny(3, 9), "alice"),
  slot(ny(3, 10), "bob"),
  slot(ny(3, 14), "alice"),
  slot(ny(3, 15), "alice"),
  slot(ny(3, 16), "bob"),
  slot(ny(4, 10), "alice"),
  slot(ny(4, 11), "bob"),
  slot(ny(5, 10), "alice"),
  slot(ny(5, 16), "bob"),
  slot(ny(6, 14), "alice"),
];

function makeCalendar(overrides: Partial<Calendar> = {}): Calendar {
  return {
    free: FREE,
    taken: new Set(),
    unplaceable: new Set(),
    bookings: [],
    status: "confirmed",
    refuse: null,
    links: false,
    fail: {},
    calls: { findTimes: [], previewPlan: [], book: [], cancelBooking: [] },
    ...overrides,
  };
}

const local = (iso: string) => DateTime.fromISO(iso, { zone: TZ });
const onDay = (iso: string, d: LocalDate) => {
  const at = local(iso);
  return at.year === d.year && at.month === d.month && at.day === d.day;
};

/** Up to n free slots nearest to `wanted`, shown chronologically. */
function nearest(slots: SlotOffer[], wanted: string, n: number): SlotOffer[] {
  return [...slots]
    .sort((a, b) => Math.abs(ms(a.start) - ms(wanted)) - Math.abs(ms(b.start) - ms(wanted)) || ms(a.start) - ms(b.start))
    .slice(0, n)
    .sort((a, b) => ms(a.start) - ms(b.start));
}

function findTimesIn(cal: Calendar, input: FindTimesInput): FindTimesOutput {
  const excluded = new Set(input.exclude.map(ms));
  let free = cal.free.filter((s) => !excluded.has(ms(s.start)));
  if (input.time) {
    const today = local(NOW.toISOString());
    const day = input.date ?? { year: today.year, month: today.month, day: today.day };
    let wanted = DateTime.fromObject({ ...day, hour: input.time.hour, minute: input.time.minute }, { zone: TZ });
    if (!input.date && wanted.toMillis() <= NOW.getTime()) wanted = wanted.plus({ days: 1 });
    const wantedIso = wanted.toUTC().toJSDate().toISOString();
    const exact = free.find((s) => ms(s.start) === ms(wantedIso));
    return exact ? { exact, offers: [] } : { exact: null, offers: nearest(free, wantedIso, 3) };
  }
  if (input.timeOfDay) {
    const { startMinute, endMinute } = input.timeOfDay;
    free = free.filter((s) => {
      const minute = local(s.start).hour * 60 + local(s.start).minute;
      return minute >= startMinute && minute < endMinute;
    });
  }
  if (input.date) free = free.filter((s) => onDay(s.start, input.date!));
  if (input.dateRange) {
    const from = DateTime.fromObject(input.dateRange.from, { zone: TZ }).toMillis();
    const to = DateTime.fromObject(input.dateRange.to, { zone: TZ }).plus({ days: 1 }).toMillis();
    free = free.filter((s) => ms(s.start) >= from && ms(s.start) < to);
  }
  return { exact: null, offers: free.slice(0, 5) };
}

/** The machine's ports over the calendar; `catalog` is read when booking (plan sizes). */
function portsFor(cal: Calendar, catalog: () => Catalog) {
  let seq = 0;
  const boom = (port: string) => new Error(`${port} failed (test)`);
  return {
    findTimes: fromPromise<FindTimesOutput, FindTimesInput>(async ({ input }) => {
      cal.calls.findTimes.push(input);
      if (cal.fail.findTimes) throw boom("findTimes");
      return findTimesIn(cal, input);
    }),
    previewPlan: fromPromise<(SlotOffer | null)[], { serviceId: string; first: SlotOffer; firstSessionNumber: number }>(async ({ input }) => {
      cal.calls.previewPlan.push(input);
      if (cal.fail.previewPlan) throw boom("previewPlan");
      const total = catalog().services.find((s) => s.id === input.serviceId)?.plan?.totalSessions ?? 1;
      // One session a week after the first, at the same wall-clock time, with the same staff.
      return Array.from({ length: total - input.firstSessionNumber + 1 }, (_, i) => {
        const start = local(input.first.start).plus({ weeks: i }).toUTC().toJSDate().toISOString();
        return cal.unplaceable.has(start) ? null : { start, staffId: input.first.staffId };
      });
    }),
    book: fromPromise<ChatBookOutput, BookInput>(async ({ input }) => {
      cal.calls.book.push(input);
      if (cal.fail.book) throw boom("book");
      if (cal.refuse) return cal.refuse;
      const taken = input.sessions.find((s) => cal.taken.has(s.start));
      if (taken) {
        const others = new Set(input.sessions.map((s) => s.start));
        const stillFree = cal.free.filter((s) => !cal.taken.has(s.start) && !others.has(s.start));
        return { ok: false, reason: "taken", offers: nearest(stillFree, taken.start, 3), failedStart: taken.start };
      }
      const link = (id: string) => (cal.links ? { manageUrl: `https://book.example.com/m/${id}` } : {});
      if (input.mode === "reschedule") {
        const to = input.sessions[0]!;
        return { ok: true, bookings: [{ ...input.target!, start: to.start, staffId: to.staffId }], ...link(input.target!.id) };
      }
      const service = catalog().services.find((s) => s.id === input.serviceId)!;
      const bookings = input.sessions.map(
        (s, i): BookingSummary => ({
          id: `booking-${++seq}`,
          serviceId: input.serviceId,
          start: s.start,
          staffId: s.staffId,
          status: cal.status,
          sessionNumber: service.plan ? input.firstSessionNumber + i : null,
          totalSessions: service.plan?.totalSessions ?? null,
        }),
      );
      return { ok: true, bookings, ...link(bookings[0]!.id) };
    }),
    listBookings: fromPromise<BookingSummary[], Record<string, never>>(async () => {
      if (cal.fail.listBookings) throw boom("listBookings");
      return cal.bookings;
    }),
    cancelBooking: fromPromise<BookingSummary, { bookingId: string }>(async ({ input }) => {
      cal.calls.cancelBooking.push(input.bookingId);
      if (cal.fail.cancelBooking) throw boom("cancelBooking");
      const booking = cal.bookings.find((b) => b.id === input.bookingId)!;
      return { ...booking, status: "cancelled" };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Driving a conversation
// ---------------------------------------------------------------------------------------------

function machineFor(cal: Calendar, catalog: () => Catalog) {
  return conversationMachine.provide({ actors: portsFor(cal, catalog) });
}
type Machine = ReturnType<typeof machineFor>;
type Actor = ReturnType<typeof createActor<Machine>>;

interface Chat {
  actor: Actor;
  cal: Calendar;
  catalog: Catalog;
  machine: Machine;
  /** Every reply so far, in order. */
  said: string[];
  errors: unknown[];
}

function chat(opts: { catalog?: Catalog; cal?: Calendar; snapshot?: unknown } = {}): Chat {
  const cal = opts.cal ?? makeCalendar();
  const c = { cal, catalog: opts.catalog ?? makeCatalog(), said: [] as string[], errors: [] as unknown[] } as Chat;
  c.machine = machineFor(cal, () => c.catalog);
  c.actor = createActor(c.machine, opts.snapshot ? { snapshot: opts.snapshot as never } : {});
  c.actor.on("reply", (e) => c.said.push(e.text));
  c.actor.subscribe({ error: (error) => c.errors.push(error) });
  c.actor.start();
  return c;
}

/** Sends events as the engine does (each turn refreshes the catalog first), waits until settled, returns what was said. */
async function send(c: Chat, ...events: ConversationEvent[]): Promise<string[]> {
  const before = c.said.length;
  for (const event of events) c.actor.send(event);
  await waitFor(c.actor, (s) => !s.hasTag(BUSY_TAG) || s.status !== "active", { timeout: 2000 });
  if (c.errors.length > 0) throw c.errors[0];
  return c.said.slice(before);
}

/** One customer message: parsed with the real parser against the catalog's services. */
async function talk(c: Chat, text: string): Promise<string[]> {
  const parsed = parseMessage(text, { now: NOW, timezone: TZ, services: c.catalog.services });
  return send(c, { type: "CATALOG", catalog: c.catalog }, { type: "MESSAGE", parsed });
}

/** The single reply of a turn (most turns say exactly one thing). */
async function say1(c: Chat, text: string): Promise<string> {
  const replies = await talk(c, text);
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

async function command(c: Chat, cmd: "cancel" | "reschedule" | "my_bookings" | "start_over"): Promise<string[]> {
  return send(c, { type: "CATALOG", catalog: c.catalog }, { type: "COMMAND", command: cmd });
}

const state = (c: Chat) => c.actor.getSnapshot().value;
const ctx = (c: Chat) => c.actor.getSnapshot().context;

/** The numbered choices in a reply; they must be consecutive from 1, each on its own line as "n) ". */
function choices(text: string): string[] {
  const lines = text.split("\n").filter((l) => /^\d+\) /.test(l));
  lines.forEach((line, i) => expect(line.startsWith(`${i + 1}) `)).toBe(true));
  return lines.map((l) => l.replace(/^\d+\) /, ""));
}


const SERVICE_NAMES = ["Haircut", "Hair implant", "Scalp physio", "Styling lessons"];
const YES_NO_END = /\? \(yes\/no\)$/;

/** A conversation already showing the Haircut summary for Tue 3 Mar 15:00 with Alice. */
async function atHaircutSummary(opts: Parameters<typeof chat>[0] = {}): Promise<Chat> {
  const c = chat(opts);
  await say1(c, "haircut tomorrow at 3pm");
  expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
  return c;
}

/** A conversation showing the nearest free times to Tue 3 Mar 13:00 (10:00 Bob, 14:00 Alice, 15:00 Alice). */
async function atHaircutOffers(): Promise<Chat> {
  const c = chat();
  await say1(c, "haircut tomorrow at 1pm");
  expect(state(c)).toEqual({ date_selected: "choosing" });
  return c;
}

const booking = (id: string, serviceId: string, start: string, extra: Partial<BookingSummary> = {}): BookingSummary => ({
  id,
  serviceId,
  start,
  staffId: "alice",
  status: "confirmed",
  sessionNumber: null,
  totalSessions: null,
  ...extra,
});

// =============================================================================================

describe("initial", () => {
  it("greets with the business name and a numbered list of every service when no service is named", async () => {
    const c = chat();
    const text = await say1(c, "hi");
    expect(text).toMatch(/^Hi! This is Slotline Salon\. What would you like to book\?/);
    expect(text).toMatch(/^\d+\) /m);
    expect(choices(text)).toEqual(SERVICE_NAMES);
    expect(state(c)).toBe("choosing_service");
    expect(ctx(c).offers).toEqual({ kind: "services", serviceIds: ["haircut", "implant", "physio", "lessons"] });
  });

  it("asks which one with numbered choices when the message fits several services equally", async () => {
    const c = chat();
    const text = await say1(c, "something for my scalp or hair");
    expect(text).toMatch(/^Which one do you mean\?/);
    expect(choices(text)).toEqual(["Hair implant", "Scalp physio"]);
    expect(state(c)).toBe("choosing_service");
  });

  it("asks for a day and time when one service is named without one", async () => {
    const c = chat();
    const text = await say1(c, "I'd like a haircut");
    expect(text).toBe('Haircut: what day and time would you like? (e.g. "tomorrow at 3pm")');
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    expect(ctx(c).serviceId).toBe("haircut");
  });

  it('skips to time_selected for "haircut tomorrow at 3pm" with a summary of service, staff, local time and price', async () => {
    const c = chat();
    const text = await say1(c, "haircut tomorrow at 3pm");
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(text).toContain("Haircut");
    expect(text).toContain("Alice");
    expect(text).toContain("Tue 3 Mar, 15:00"); // 20:00Z shown in New York time
    expect(text).toContain("$35.00");
    expect(text).toMatch(YES_NO_END);
    expect(text).toBe("Haircut: Tue 3 Mar, 15:00 with Alice, $35.00. Book it? (yes/no)");
    expect(c.cal.calls.findTimes).toEqual([
      { serviceId: "haircut", date: { year: 2026, month: 3, day: 3 }, dateRange: null, time: { hour: 15, minute: 0 }, timeOfDay: null, ignoreBookingId: null, exclude: [] },
    ]);
    expect(ctx(c).proposal).toEqual([slot(ny(3, 15), "alice")]);
  });

  it("searches a whole day when only a day is given, offering numbered free times", async () => {
    const c = chat();
    const text = await say1(c, "haircut on wednesday");
    expect(text).toMatch(/^Free times:/);
    expect(choices(text)).toEqual(["Wed 4 Mar, 10:00", "Wed 4 Mar, 11:00"]);
    expect(text).toMatch(/Reply with a number, or another day\.$/);
    expect(state(c)).toEqual({ date_selected: "choosing" });
  });
});

describe("choosing_service", () => {
  it("takes a number from the list it offered", async () => {
    const c = chat();
    await say1(c, "something for my scalp or hair");
    const text = await say1(c, "2");
    expect(ctx(c).serviceId).toBe("physio");
    expect(text).toBe('Scalp physio: what day and time would you like? (e.g. "tomorrow at 3pm")');
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it("takes a number from the greeting's full list", async () => {
    const c = chat();
    await say1(c, "hello");
    await say1(c, "1");
    expect(ctx(c).serviceId).toBe("haircut");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it("takes a service named in words, with its time", async () => {
    const c = chat();
    await say1(c, "hello");
    const text = await say1(c, "haircut tomorrow at 3pm");
    expect(text).toMatch(/^Haircut: Tue 3 Mar, 15:00 with Alice/);
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
  });

  it("asks again with the narrower list when the answer is still ambiguous", async () => {
    const c = chat();
    await say1(c, "hello");
    const text = await say1(c, "something for my scalp or hair");
    expect(choices(text)).toEqual(["Hair implant", "Scalp physio"]);
    expect(state(c)).toBe("choosing_service");
    await say1(c, "1");
    expect(ctx(c).serviceId).toBe("implant");
  });

  it("re-offers every service, numbered, when it cannot tell which one is meant", async () => {
    const c = chat();
    await say1(c, "hello");
    const text = await say1(c, "hmm not sure");
    expect(text).toMatch(/^Sorry, I didn't catch the service\. Reply with a number:/);
    expect(choices(text)).toEqual(SERVICE_NAMES);
    expect(state(c)).toBe("choosing_service");
  });

  it("a number beyond the list is not a pick", async () => {
    const c = chat();
    await say1(c, "something for my scalp or hair");
    const text = await say1(c, "7");
    expect(choices(text)).toEqual(SERVICE_NAMES);
    expect(state(c)).toBe("choosing_service");
    expect(ctx(c).serviceId).toBeNull();
  });

  // BUG (see report): the when said before the service is chosen is absorbed in `initial`, then
  // overwritten with nulls by `absorbWhen` on the message that picks the service ("1").
  it("remembers a day and time given before the service was chosen", async () => {
    const c = chat();
    await say1(c, "tomorrow at 3pm");
    expect(ctx(c).time).toEqual({ hour: 15, minute: 0 });
    const text = await say1(c, "1");
    expect(text).toBe("Haircut: Tue 3 Mar, 15:00 with Alice, $35.00. Book it? (yes/no)");
  });

  it("remembers the day and time of an ambiguous request once the service is picked", async () => {
    const c = chat();
    await say1(c, "something for my scalp or hair tomorrow at 10am");
    const text = await say1(c, "2");
    expect(text).toMatch(/^Scalp physio, session 1 of 8: Tue 3 Mar, 10:00 with Bob/);
  });
});

describe("service_selected.asking_date", () => {
  it("asks again when the answer holds no day or time", async () => {
    const c = chat();
    await say1(c, "haircut");
    const text = await say1(c, "hmm let me think");
    expect(text).toBe('Haircut: what day and time would you like? (e.g. "tomorrow at 3pm")');
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it('"whenever" leaves the time to us: the earliest free times are offered', async () => {
    const c = chat();
    await say1(c, "haircut");
    const text = await say1(c, "whenever");
    expect(text.split("\n")[0]).toBe("Free times:");
    expect(text.split("\n").filter((l) => /^\d\) /.test(l)).length).toBeGreaterThan(0);
    expect(state(c)).toEqual({ date_selected: "choosing" });
  });

  it('"no" while booking is not a way out: it asks again', async () => {
    const c = chat();
    await say1(c, "haircut");
    await say1(c, "no");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it("searches once a day and time are given", async () => {
    const c = chat();
    await say1(c, "haircut");
    const text = await say1(c, "thursday at 4");
    expect(text).toBe("Haircut: Thu 5 Mar, 16:00 with Bob, $35.00. Book it? (yes/no)");
    expect(c.cal.calls.findTimes[0]).toMatchObject({ date: { year: 2026, month: 3, day: 5 }, time: { hour: 16, minute: 0 } });
  });
});

describe("date_selected", () => {
  it("offers the nearest free times, numbered, when the asked time is not free", async () => {
    const c = await atHaircutOffers();
    const text = c.said.at(-1)!;
    expect(text).toMatch(/^That time isn't free\. Nearest free times:/);
    expect(choices(text)).toEqual(["Tue 3 Mar, 10:00", "Tue 3 Mar, 14:00", "Tue 3 Mar, 15:00"]);
    expect(ctx(c).offers).toEqual({ kind: "slots", slots: [slot(ny(3, 10), "bob"), slot(ny(3, 14), "alice"), slot(ny(3, 15), "alice")] });
  });

  it("takes an offer by number", async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "2");
    expect(text).toBe("Haircut: Tue 3 Mar, 14:00 with Alice, $35.00. Book it? (yes/no)");
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(ctx(c).offers).toEqual({ kind: "none" });
  });

  it("takes an offer by ordinal words", async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "the third one");
    expect(text).toMatch(/^Haircut: Tue 3 Mar, 15:00 with Alice/);
  });

  it('takes an offer by its time in words ("the 10 o\'clock one")', async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "the 10 o'clock one");
    expect(text).toBe("Haircut: Tue 3 Mar, 10:00 with Bob, $35.00. Book it? (yes/no)");
    expect(c.cal.calls.findTimes).toHaveLength(1); // picked from the offers, not searched again
  });

  it('takes an offer by "the 2pm one"', async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "the 2pm one");
    expect(text).toMatch(/^Haircut: Tue 3 Mar, 14:00 with Alice/);
  });

  // BUG (see report): a time alone while choosing among one day's offers replaces the day too
  // (whenOf sets date: null), so "what about 4pm" searches the next 4pm, today, not Tuesday.
  it("keeps the day being discussed when only a new time is given", async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "what about 4pm");
    expect(c.cal.calls.findTimes.at(-1)).toMatchObject({ date: { year: 2026, month: 3, day: 3 }, time: { hour: 16, minute: 0 } });
    expect(text).toBe("Haircut: Tue 3 Mar, 16:00 with Bob, $35.00. Book it? (yes/no)");
  });

  it("asks to pick again when the answer fits no offer", async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "hmm");
    expect(text).toBe("Sorry, which one? Reply with its number, or tell me another day or time.");
    expect(state(c)).toEqual({ date_selected: "choosing" });
  });

  it("a number beyond the offers is not a pick", async () => {
    const c = await atHaircutOffers();
    await say1(c, "5");
    expect(state(c)).toEqual({ date_selected: "choosing" });
  });

  it("searches again when another day is named instead", async () => {
    const c = await atHaircutOffers();
    const text = await say1(c, "what about thursday at 4");
    expect(text).toMatch(/^Haircut: Thu 5 Mar, 16:00 with Bob/);
    expect(c.cal.calls.findTimes).toHaveLength(2);
  });

  it("says there is nothing free and asks for another day when the search finds nothing", async () => {
    const c = chat({ cal: makeCalendar({ free: [] }) });
    const text = await say1(c, "haircut on friday");
    expect(text).toBe("Sorry, there are no free times for Haircut then. Which other day suits you?");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    expect(ctx(c).date).toBeNull();
  });

  it("apologises and asks for a day again when the search fails", async () => {
    const c = chat({ cal: makeCalendar({ fail: { findTimes: true } }) });
    const text = await say1(c, "haircut tomorrow at 3pm");
    expect(text).toBe("Sorry, something went wrong on our side. Please try again in a moment.");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });
});

describe("time_selected → confirmed → completed", () => {
  it('"yes" books it and says "Booked"', async () => {
    const c = await atHaircutSummary();
    const text = await say1(c, "yes");
    expect(text).toMatch(/^Booked: Haircut, Tue 3 Mar, 15:00\./);
    expect(text).toContain("Payment is at the appointment.");
    expect(state(c)).toBe("completed");
    expect(c.cal.calls.book).toEqual([
      { mode: "book", serviceId: "haircut", sessions: [slot(ny(3, 15), "alice")], planId: null, firstSessionNumber: 1, target: null, promoCode: null },
    ]);
    expect(ctx(c).serviceId).toBeNull(); // completed resets the conversation
  });

  it("says the request awaits approval when the booking is pending", async () => {
    const c = await atHaircutSummary({ cal: makeCalendar({ status: "pending_approval" }) });
    const text = await say1(c, "yes please");
    expect(text).toMatch(/^Request received: Haircut, Tue 3 Mar, 15:00\. We'll confirm once the team approves it\./);
    expect(text).not.toContain("See you then");
  });

  it("does not mention paying at the appointment when payments go by link", async () => {
    const c = await atHaircutSummary({ catalog: makeCatalog({ paymentsByLink: true }) });
    const text = await say1(c, "yes");
    expect(text).toBe("Booked: Haircut, Tue 3 Mar, 15:00. See you then!");
  });

  it("sends the manage link as its own text after the confirmation", async () => {
    const c = await atHaircutSummary({ cal: makeCalendar({ links: true }) });
    const replies = await talk(c, "yes");
    expect(replies).toEqual([expect.stringMatching(/^Booked: Haircut, Tue 3 Mar, 15:00\./), "Manage your booking: https://book.example.com/m/booking-1"]);
  });

  it("sends no manage link with a request awaiting approval or a hold awaiting payment: their confirmation brings it", async () => {
    for (const status of ["pending_approval", "pending_payment"]) {
      const c = await atHaircutSummary({ cal: makeCalendar({ links: true, status }) });
      expect(await talk(c, "yes")).toHaveLength(1);
    }
  });

  it('"no" asks for another time', async () => {
    const c = await atHaircutSummary();
    const text = await say1(c, "no");
    expect(text).toBe("No problem. What other day or time would suit you?");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    expect(ctx(c).proposal).toEqual([]);
    const next = await say1(c, "thursday at 4");
    expect(next).toMatch(/^Haircut: Thu 5 Mar, 16:00 with Bob/);
  });

  it('"no, thursday at 4 instead" searches again straight away', async () => {
    const c = await atHaircutSummary();
    const text = await say1(c, "no, thursday at 4 instead");
    expect(text).toBe("Haircut: Thu 5 Mar, 16:00 with Bob, $35.00. Book it? (yes/no)");
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(c.cal.calls.findTimes.at(-1)).toMatchObject({ date: { year: 2026, month: 3, day: 5 }, time: { hour: 16, minute: 0 } });
  });

  it("asks for yes or no when the answer is neither", async () => {
    const c = await atHaircutSummary();
    const text = await say1(c, "hmm");
    expect(text).toBe('Please reply "yes" to book it or "no" to choose another time.');
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
  });

  it("offers the nearest free times, numbered, when the time was taken before the yes", async () => {
    const c = await atHaircutSummary({ cal: makeCalendar({ taken: new Set([ny(3, 15)]) }) });
    const text = await say1(c, "yes");
    expect(text).toMatch(/^Sorry, Tue 3 Mar, 15:00 was just taken\. Nearest free times:/);
    expect(choices(text)).toEqual(["Tue 3 Mar, 10:00", "Tue 3 Mar, 14:00", "Tue 3 Mar, 16:00"]);
    expect(state(c)).toEqual({ date_selected: "choosing" });
    expect(ctx(c).proposal).toEqual([]);

    const summary = await say1(c, "3");
    expect(summary).toBe("Haircut: Tue 3 Mar, 16:00 with Bob, $35.00. Book it? (yes/no)");
    const booked = await say1(c, "yes");
    expect(booked).toMatch(/^Booked: Haircut, Tue 3 Mar, 16:00/);
    expect(c.cal.calls.book.map((b) => b.sessions)).toEqual([[slot(ny(3, 15), "alice")], [slot(ny(3, 16), "bob")]]);
  });

  it("asks for another day when the booking is refused with no alternatives", async () => {
    const c = await atHaircutSummary({ cal: makeCalendar({ refuse: { ok: false, reason: "unavailable", offers: [] } }) });
    const text = await say1(c, "yes");
    expect(text).toBe("Sorry, that time can no longer be booked. Which other day suits you?");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it("apologises and finishes when booking fails", async () => {
    const c = await atHaircutSummary({ cal: makeCalendar({ fail: { book: true } }) });
    const text = await say1(c, "yes");
    expect(text).toBe("Sorry, something went wrong on our side. Please try again in a moment.");
    expect(state(c)).toBe("completed");
  });
});

describe("completed", () => {
  it("reads the next message afresh, as in initial", async () => {
    const c = await atHaircutSummary();
    await say1(c, "yes");
    const text = await say1(c, "haircut thursday at 4");
    expect(text).toMatch(/^Haircut: Thu 5 Mar, 16:00 with Bob/);
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
  });

  it("greets again when the next message names nothing", async () => {
    const c = await atHaircutSummary();
    await say1(c, "yes");
    const text = await say1(c, "thanks!");
    expect(choices(text)).toEqual(SERVICE_NAMES);
    expect(state(c)).toBe("choosing_service");
  });
});

describe("immediate plan (Hair implant, 3 sessions)", () => {
  it("previews all three sessions and books them all with one yes", async () => {
    const c = chat();
    const text = await say1(c, "hair implant tomorrow at 10am");
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(c.cal.calls.previewPlan).toEqual([{ serviceId: "implant", first: slot(ny(3, 10), "bob"), firstSessionNumber: 1 }]);
    expect(text).toBe(
      [
        "Hair implant ($500.00 each, $1,500.00 in all):",
        "Consultation (session 1 of 3): Tue 3 Mar, 10:00 with Bob",
        "Implant (session 2 of 3): Tue 10 Mar, 10:00 with Bob", // after the DST change: still 10:00 local
        "Follow-up (session 3 of 3): Tue 17 Mar, 10:00 with Bob",
        "Book all 3? (yes/no)",
      ].join("\n"),
    );
    expect(text).toMatch(YES_NO_END);

    const booked = await say1(c, "yes");
    expect(booked).toMatch(/^Booked: Hair implant:\nTue 3 Mar, 10:00\nTue 10 Mar, 10:00\nTue 17 Mar, 10:00\n/);
    expect(state(c)).toBe("completed");
    expect(c.cal.calls.book).toHaveLength(1);
    const input = c.cal.calls.book[0]!;
    expect(input.sessions).toHaveLength(3);
    expect(input.sessions.map((s) => s.start)).toEqual([ny(3, 10), ny(10, 10), ny(17, 10)]);
    expect(input).toMatchObject({ mode: "book", serviceId: "implant", planId: null, firstSessionNumber: 1 });
  });

  it("explains which session cannot be placed and asks for another first date", async () => {
    const c = chat({ cal: makeCalendar({ unplaceable: new Set([ny(17, 10)]) }) });
    const text = await say1(c, "hair implant tomorrow at 10am");
    expect(text).toBe("Sorry, I couldn't fit session 3 of Hair implant within our booking window. Please try an earlier first date, or call us.");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    expect(ctx(c).proposal).toEqual([]);
    expect(c.cal.calls.book).toEqual([]);
  });

  it("previews again from an offer picked after the asked time was not free", async () => {
    const c = chat();
    await say1(c, "hair implant");
    const offers = await say1(c, "wednesday");
    expect(choices(offers)).toEqual(["Wed 4 Mar, 10:00", "Wed 4 Mar, 11:00"]);
    const text = await say1(c, "2");
    expect(text).toContain("Consultation (session 1 of 3): Wed 4 Mar, 11:00 with Bob");
    expect(text).toContain("Follow-up (session 3 of 3): Wed 18 Mar, 11:00 with Bob");
  });

  it("apologises when the preview fails", async () => {
    const c = chat({ cal: makeCalendar({ fail: { previewPlan: true } }) });
    const text = await say1(c, "hair implant tomorrow at 10am");
    expect(text).toBe("Sorry, something went wrong on our side. Please try again in a moment.");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });

  it('"no" at the plan summary asks for another time', async () => {
    const c = chat();
    await say1(c, "hair implant tomorrow at 10am");
    await say1(c, "no");
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });
});

describe("sequential plan (Scalp physio, 8 sessions)", () => {
  it("books the first session and says the next one is offered once it is done", async () => {
    const c = chat();
    const summary = await say1(c, "scalp physio tomorrow at 10am");
    expect(summary).toBe("Scalp physio, session 1 of 8: Tue 3 Mar, 10:00 with Bob, $60.00. Book it? (yes/no)");
    const text = await say1(c, "yes");
    expect(text).toMatch(/^Booked: Scalp physio, Tue 3 Mar, 10:00\./);
    expect(text).toContain("We'll invite you to book session 2 once this one is done.");
    expect(c.cal.calls.book[0]).toMatchObject({ sessions: [slot(ny(3, 10), "bob")], planId: null, firstSessionNumber: 1 });
  });

  it("says to wait, and finishes, when the plan's current session is still upcoming", async () => {
    const catalog = makeCatalog({ plans: [plan({ serviceId: "physio", strategy: "sequential", totalSessions: 8, booked: 1, nextUpcoming: ny(3, 10) })] });
    const c = chat({ catalog });
    const text = await say1(c, "scalp physio next week");
    expect(text).toBe("Your session 1 is on Tue 3 Mar, 10:00. We'll invite you to book session 2 of 8 of Scalp physio once that one is done.");
    expect(state(c)).toBe("completed");
    expect(c.cal.calls.findTimes).toEqual([]);
  });

  it("continues the plan with the next session once the previous one is done", async () => {
    const catalog = makeCatalog({ plans: [plan({ serviceId: "physio", strategy: "sequential", totalSessions: 8, booked: 2, completed: 2 })] });
    const c = chat({ catalog });
    const summary = await say1(c, "scalp physio thursday at 4");
    expect(summary).toMatch(/^Scalp physio, session 3 of 8: Thu 5 Mar, 16:00 with Bob/);
    const text = await say1(c, "yes");
    expect(text).toContain("We'll invite you to book session 4 once this one is done.");
    expect(c.cal.calls.book[0]).toMatchObject({ planId: "plan-physio", firstSessionNumber: 3 });
  });

  it("says every session is already booked when the plan is full", async () => {
    const catalog = makeCatalog({ plans: [plan({ serviceId: "physio", strategy: "sequential", totalSessions: 8, booked: 8, completed: 8 })] });
    const c = chat({ catalog });
    const text = await say1(c, "scalp physio");
    expect(text).toBe('All sessions of your Scalp physio plan are already booked. Reply "my bookings" to see them.');
    expect(state(c)).toBe("completed");
  });
  // BUG (see report): absorbCount keeps a count for any service, and moreSessionsToChoose then
  // collects that many sessions even for a sequential plan, which books one session at a time.
  it("books one session at a time even when a count is said with the service", async () => {
    const c = chat();
    const text = await say1(c, "2 scalp physio tomorrow at 10am");
    expect(text).toBe("Scalp physio, session 1 of 8: Tue 3 Mar, 10:00 with Bob, $60.00. Book it? (yes/no)");
  });
});

describe("flexible plan (Styling lessons, 10 sessions)", () => {
  it("asks how many, re-asks on a bad count, then one time per session, then books them all", async () => {
    const c = chat();
    expect(await say1(c, "styling lessons")).toBe("Styling lessons: how many sessions would you like to book now? (1-10)");
    expect(state(c)).toEqual({ service_selected: "asking_count" });

    expect(await say1(c, "20")).toBe("Please reply with a number from 1 to 10.");
    expect(await say1(c, "lots")).toBe("Please reply with a number from 1 to 10.");
    expect(state(c)).toEqual({ service_selected: "asking_count" });

    expect(await say1(c, "3")).toBe('Styling lessons: what day and time would you like for session 1 of 3? (e.g. "tomorrow at 3pm")');
    expect(ctx(c).count).toBe(3);

    expect(await say1(c, "tomorrow at 9am")).toMatch(/for session 2 of 3\?/);
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    // Session 2 from offers: Wednesday's list, picked by number.
    const offers = await say1(c, "wednesday");
    expect(choices(offers)).toEqual(["Wed 4 Mar, 10:00", "Wed 4 Mar, 11:00"]);
    expect(await say1(c, "1")).toMatch(/for session 3 of 3\?/);

    const summary = await say1(c, "thursday at 4");
    expect(summary).toBe(
      [
        "Styling lessons ($40.00 each, $120.00 in all):",
        "Session 1 of 10: Tue 3 Mar, 09:00 with Alice",
        "Session 2 of 10: Wed 4 Mar, 10:00 with Alice",
        "Session 3 of 10: Thu 5 Mar, 16:00 with Bob",
        "Book all 3? (yes/no)",
      ].join("\n"),
    );
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    // Times already chosen are excluded from later searches.
    expect(c.cal.calls.findTimes.map((f) => f.exclude)).toEqual([[], [ny(3, 9)], [ny(3, 9), ny(4, 10)]]);

    const booked = await say1(c, "yes");
    expect(booked).toContain("Booked: Styling lessons:");
    expect(booked).toContain("3 of 10 booked, 7 remaining.");
    expect(c.cal.calls.book[0]!.sessions).toHaveLength(3);
    expect(c.cal.calls.book[0]).toMatchObject({ serviceId: "lessons", planId: null, firstSessionNumber: 1 });
    expect(state(c)).toBe("completed");
  });

  it("keeps the sessions still free when one of the batch is taken before the yes, and asks again only for that one", async () => {
    const c = chat({ cal: makeCalendar({ taken: new Set([ny(4, 10)]) }) });
    await say1(c, "3 styling lessons");
    await say1(c, "tomorrow at 9am");
    await say1(c, "wednesday at 10am");
    await say1(c, "thursday at 4");
    const text = await say1(c, "yes");
    expect(text.split("\n")[0]).toBe("Sorry, Wed 4 Mar, 10:00 was just taken. Nearest free times:");
    // Never the batch's other times.
    expect(choices(text)).not.toContain("Tue 3 Mar, 09:00");
    expect(choices(text)).not.toContain("Thu 5 Mar, 16:00");
    expect(ctx(c).chosen.map((s) => s.start)).toEqual([ny(3, 9), ny(5, 16)]);

    const pick = choices(text).indexOf("Wed 4 Mar, 11:00") + 1;
    expect(pick).toBeGreaterThan(0);
    const summary = await say1(c, String(pick));
    expect(summary).toBe(
      [
        "Styling lessons ($40.00 each, $120.00 in all):",
        "Session 1 of 10: Tue 3 Mar, 09:00 with Alice",
        "Session 2 of 10: Wed 4 Mar, 11:00 with Bob",
        "Session 3 of 10: Thu 5 Mar, 16:00 with Bob",
        "Book all 3? (yes/no)",
      ].join("\n"),
    );
    expect(await say1(c, "yes")).toContain("3 of 10 booked, 7 remaining.");
    expect(c.cal.calls.book[1]!.sessions.map((s) => s.start)).toEqual([ny(3, 9), ny(4, 11), ny(5, 16)]);
  });

  it('skips the count question when the message says how many ("3 styling lessons")', async () => {
    const c = chat();
    const text = await say1(c, "3 styling lessons");
    expect(text).toMatch(/for session 1 of 3\?/);
    expect(ctx(c).count).toBe(3);
  });

  it("a count of one asks for a single time and books one session", async () => {
    const c = chat();
    await say1(c, "styling lessons");
    const text = await say1(c, "1");
    expect(text).toBe('Styling lessons: what day and time would you like? (e.g. "tomorrow at 3pm")');
    const summary = await say1(c, "tomorrow at 9am");
    expect(summary).toBe("Styling lessons, session 1 of 10: Tue 3 Mar, 09:00 with Alice, $40.00. Book it? (yes/no)");
    expect(await say1(c, "yes")).toContain("1 of 10 booked, 9 remaining.");
  });

  it("continues an existing plan: counts only what remains and numbers sessions after those booked", async () => {
    const catalog = makeCatalog({ plans: [plan({ serviceId: "lessons", strategy: "flexible", totalSessions: 10, booked: 3, completed: 1 })] });
    const c = chat({ catalog });
    expect(await say1(c, "styling lessons")).toMatch(/\(1-7\)$/);
    expect(await say1(c, "8")).toBe("Please reply with a number from 1 to 7.");
    await say1(c, "2");
    await say1(c, "tomorrow at 9am");
    const summary = await say1(c, "thursday at 4");
    expect(summary).toContain("Session 4 of 10: Tue 3 Mar, 09:00 with Alice");
    expect(summary).toContain("Session 5 of 10: Thu 5 Mar, 16:00 with Bob");
    const booked = await say1(c, "yes");
    expect(booked).toContain("5 of 10 booked, 5 remaining.");
    expect(c.cal.calls.book[0]).toMatchObject({ planId: "plan-lessons", firstSessionNumber: 4 });
  });

  // BUG (see report): a count said with the service ("12 styling lessons") is absorbed without
  // the 1..remaining check that asking_count applies.
  it("does not accept more sessions than the plan has left when the count comes with the service", async () => {
    const c = chat();
    const text = await say1(c, "12 styling lessons");
    expect(text).toBe("Styling lessons: how many sessions would you like to book now? (1-10)");
  });
});

describe("COMMAND my_bookings", () => {
  it("says there are none", async () => {
    const c = chat();
    const replies = await command(c, "my_bookings");
    expect(replies).toEqual(["You have no upcoming bookings. Reply with a service to book one."]);
    expect(state(c)).toBe("completed");
  });

  it("lists one or several bookings", async () => {
    const cal = makeCalendar({
      bookings: [
        booking("b1", "haircut", ny(3, 15)),
        booking("b2", "physio", ny(4, 10), { sessionNumber: 2, totalSessions: 8, status: "pending_approval" }),
      ],
    });
    const c = chat({ cal });
    const [text] = await command(c, "my_bookings");
    expect(text).toBe(
      ["Your upcoming bookings:", "- Haircut, Tue 3 Mar, 15:00", "- Scalp physio (session 2 of 8), Wed 4 Mar, 10:00 - awaiting approval"].join("\n"),
    );
  });

  it("apologises when the list cannot be read", async () => {
    const c = chat({ cal: makeCalendar({ fail: { listBookings: true } }) });
    expect(await command(c, "my_bookings")).toEqual(["Sorry, something went wrong on our side. Please try again in a moment."]);
    expect(state(c)).toBe("completed");
  });

  it("leaves a half-finished booking", async () => {
    const c = await atHaircutSummary();
    await command(c, "my_bookings");
    expect(state(c)).toBe("completed");
    expect(ctx(c).proposal).toEqual([]);
  });
});

describe("COMMAND cancel", () => {
  const two = () =>
    makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15)), booking("b2", "lessons", ny(5, 16), { staffId: "bob", sessionNumber: 1, totalSessions: 10 })] });

  it("says there is nothing to cancel with no bookings", async () => {
    const c = chat();
    expect(await command(c, "cancel")).toEqual(["You have no upcoming bookings to cancel."]);
    expect(state(c)).toBe("completed");
  });

  it("asks to confirm the only booking, and cancels it on yes", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    expect(await command(c, "cancel")).toEqual(["Cancel Haircut, Tue 3 Mar, 15:00? (yes/no)"]);
    expect(state(c)).toEqual({ cancelling: "confirming" });
    expect(await say1(c, "yes")).toBe("Cancelled: Haircut, Tue 3 Mar, 15:00. Reply any time to book again.");
    expect(c.cal.calls.cancelBooking).toEqual(["b1"]);
    expect(state(c)).toBe("completed");
  });

  it("keeps the booking on no", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "cancel");
    expect(await say1(c, "no")).toBe("Okay, your booking stays as it is.");
    expect(c.cal.calls.cancelBooking).toEqual([]);
    expect(state(c)).toBe("completed");
  });

  it("asks for yes or no when the confirmation is unclear", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "cancel");
    expect(await say1(c, "hmm")).toBe('Please reply "yes" to cancel it or "no" to keep it.');
    expect(state(c)).toEqual({ cancelling: "confirming" });
  });

  it("offers several bookings numbered, takes a number, confirms, cancels", async () => {
    const c = chat({ cal: two() });
    const [text] = await command(c, "cancel");
    expect(text).toMatch(/^Which booking would you like to cancel\?/);
    expect(choices(text!)).toEqual(["Haircut, Tue 3 Mar, 15:00", "Styling lessons (session 1 of 10), Thu 5 Mar, 16:00"]);
    expect(state(c)).toEqual({ cancelling: "choosing" });

    expect(await say1(c, "2")).toBe("Cancel Styling lessons (session 1 of 10), Thu 5 Mar, 16:00? (yes/no)");
    expect(await say1(c, "yes")).toMatch(/^Cancelled: Styling lessons/);
    expect(c.cal.calls.cancelBooking).toEqual(["b2"]);
  });

  it("takes a booking by its day in words", async () => {
    const c = chat({ cal: two() });
    await command(c, "cancel");
    expect(await say1(c, "the tuesday one")).toBe("Cancel Haircut, Tue 3 Mar, 15:00? (yes/no)");
    expect(await say1(c, "no")).toBe("Okay, your booking stays as it is.");
    expect(c.cal.calls.cancelBooking).toEqual([]);
  });

  it("asks again when the pick is unclear, and keeps everything on no", async () => {
    const c = chat({ cal: two() });
    await command(c, "cancel");
    expect(await say1(c, "hmm")).toBe("Sorry, which one? Reply with its number, or tell me another day or time.");
    expect(state(c)).toEqual({ cancelling: "choosing" });
    expect(await say1(c, "none of them")).toBe("Okay, your booking stays as it is.");
    expect(state(c)).toBe("completed");
  });

  it("apologises when the cancellation fails", async () => {
    const cal = makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))], fail: { cancelBooking: true } });
    const c = chat({ cal });
    await command(c, "cancel");
    expect(await say1(c, "yes")).toBe("Sorry, that booking can no longer be cancelled by text. Please call us.");
    expect(state(c)).toBe("completed");
  });
});

describe("COMMAND reschedule", () => {
  it("says there is nothing to move with no bookings", async () => {
    const c = chat();
    expect(await command(c, "reschedule")).toEqual(["You have no upcoming bookings to move."]);
    expect(state(c)).toBe("completed");
  });

  it("asks a new time for the only booking, confirms the move, and moves it (its manage link, unchanged, is not sent again)", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))], links: true }) });
    expect(await command(c, "reschedule")).toEqual(["Moving Haircut, Tue 3 Mar, 15:00. What day and time would you like instead?"]);
    expect(state(c)).toEqual({ service_selected: "asking_date" });

    expect(await say1(c, "thursday at 4")).toBe("Move Haircut, Tue 3 Mar, 15:00 to Thu 5 Mar, 16:00? (yes/no)");
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(c.cal.calls.findTimes[0]).toMatchObject({ serviceId: "haircut", ignoreBookingId: "b1" });

    expect(await say1(c, "yes")).toBe("Done: Haircut, Thu 5 Mar, 16:00. See you then!");
    expect(c.cal.calls.book).toEqual([
      { mode: "reschedule", serviceId: "haircut", sessions: [slot(ny(5, 16), "bob")], planId: null, firstSessionNumber: 1, target: booking("b1", "haircut", ny(3, 15)), promoCode: null },
    ]);
    expect(state(c)).toBe("completed");
  });

  it("asks which booking when there are several, then a new time", async () => {
    const cal = makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15)), booking("b2", "physio", ny(4, 10), { sessionNumber: 1, totalSessions: 8 })] });
    const c = chat({ cal });
    const [text] = await command(c, "reschedule");
    expect(text).toMatch(/^Which booking would you like to move\?/);
    expect(choices(text!)).toHaveLength(2);
    expect(await say1(c, "2")).toBe("Moving Scalp physio (session 1 of 8), Wed 4 Mar, 10:00. What day and time would you like instead?");
    expect(ctx(c)).toMatchObject({ mode: "reschedule", serviceId: "physio", offers: { kind: "none" } });
    // A sequential plan's session is moved, not re-routed to the "wait for the next session" answer.
    expect(await say1(c, "thursday at 10am")).toBe("Move Scalp physio (session 1 of 8), Wed 4 Mar, 10:00 to Thu 5 Mar, 10:00? (yes/no)");
  });

  it("keeps the booking when the customer says no instead of a new time", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "reschedule");
    expect(await say1(c, "no")).toBe("Okay, your booking stays as it is.");
    expect(state(c)).toBe("completed");
  });

  it("asks the new time again when the answer has none", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "reschedule");
    expect(await say1(c, "hmm")).toBe("Moving Haircut, Tue 3 Mar, 15:00. What day and time would you like instead?");
  });

  it('"no" at the move confirmation asks for another time, and keeps moving the same booking', async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "reschedule");
    await say1(c, "thursday at 4");
    expect(await say1(c, "no")).toBe("No problem. What other day or time would suit you?");
    expect(await say1(c, "friday at 2pm")).toBe("Move Haircut, Tue 3 Mar, 15:00 to Fri 6 Mar, 14:00? (yes/no)");
  });

  it("offers nearest times when the new time is not free, and confirms the picked one as a move", async () => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(c, "reschedule");
    const offers = await say1(c, "thursday at 1pm");
    expect(choices(offers)).toEqual(["Thu 5 Mar, 10:00", "Thu 5 Mar, 16:00", "Fri 6 Mar, 14:00"]);
    expect(await say1(c, "1")).toBe("Move Haircut, Tue 3 Mar, 15:00 to Thu 5 Mar, 10:00? (yes/no)");
  });

  it("apologises when the bookings cannot be listed", async () => {
    const c = chat({ cal: makeCalendar({ fail: { listBookings: true } }) });
    expect(await command(c, "reschedule")).toEqual(["Sorry, something went wrong on our side. Please try again in a moment."]);
    expect(state(c)).toBe("completed");
  });
});

describe("COMMAND start_over", () => {
  const states: [string, (c: Chat) => Promise<unknown>][] = [
    ["initial", async () => undefined],
    ["choosing_service", (c) => talk(c, "hello")],
    ["service_selected.asking_date", (c) => talk(c, "haircut")],
    ["service_selected.asking_count", (c) => talk(c, "styling lessons")],
    ["date_selected.choosing", (c) => talk(c, "haircut tomorrow at 1pm")],
    ["time_selected.awaiting_answer", (c) => talk(c, "haircut tomorrow at 3pm")],
    ["cancelling.confirming", (c) => command(c, "cancel")],
    ["rescheduling → asking_date", (c) => command(c, "reschedule")],
    ["completed", async (c) => (await talk(c, "haircut tomorrow at 3pm"), talk(c, "yes"))],
  ];

  it.each(states)("from %s: resets and offers the numbered services", async (_name, reach) => {
    const c = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await reach(c);
    const replies = await command(c, "start_over");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Okay, let's start again\. What would you like to book\?/);
    expect(choices(replies[0]!)).toEqual(SERVICE_NAMES);
    expect(state(c)).toBe("initial");
    expect(ctx(c)).toMatchObject({ mode: "book", serviceId: null, date: null, time: null, proposal: [], chosen: [], target: null, count: null, offers: { kind: "none" } });
    expect(ctx(c).catalog).toEqual(c.catalog);
  });

  it("then reads the next message as a new request", async () => {
    const c = chat();
    await talk(c, "styling lessons");
    await command(c, "start_over");
    expect(await say1(c, "1")).toMatch(/^Hi! This is Slotline Salon/); // a bare number in initial is not a pick
    expect(await say1(c, "1")).toMatch(/^Haircut: what day/);
  });
});

describe("INVITE_NEXT_SESSION", () => {
  it("asks for the next sequential session and books it into the plan", async () => {
    const catalog = makeCatalog({ plans: [plan({ serviceId: "physio", strategy: "sequential", totalSessions: 8, booked: 1, completed: 1 })] });
    const c = chat({ catalog });
    const replies = await send(c, { type: "CATALOG", catalog }, { type: "INVITE_NEXT_SESSION", planId: "plan-physio", serviceId: "physio", sessionNumber: 2 });
    expect(replies).toEqual(['Session 1 of 8 done - when would you like session 2 of Scalp physio? (e.g. "next Tuesday at 10")']);
    expect(state(c)).toEqual({ service_selected: "asking_date" });

    expect(await say1(c, "thursday at 10am")).toBe("Scalp physio, session 2 of 8: Thu 5 Mar, 10:00 with Alice, $60.00. Book it? (yes/no)");
    const booked = await say1(c, "yes");
    expect(booked).toMatch(/^Booked: Scalp physio, Thu 5 Mar, 10:00\./);
    expect(booked).toContain("We'll invite you to book session 3 once this one is done.");
    expect(c.cal.calls.book[0]).toMatchObject({ mode: "book", serviceId: "physio", planId: "plan-physio", firstSessionNumber: 2 });
  });

  it("interrupts whatever the conversation was doing", async () => {
    const c = await atHaircutSummary();
    await send(c, { type: "INVITE_NEXT_SESSION", planId: "plan-physio", serviceId: "physio", sessionNumber: 3 });
    expect(ctx(c)).toMatchObject({ serviceId: "physio", planId: "plan-physio", firstSessionNumber: 3, count: 1, proposal: [] });
    expect(state(c)).toEqual({ service_selected: "asking_date" });
  });
});

describe("RESCHEDULE_REQUIRED", () => {
  it("apologises, asks a new time, confirms the move and moves the booking", async () => {
    const c = chat();
    const blocked = booking("b9", "haircut", ny(3, 15));
    const replies = await send(c, { type: "CATALOG", catalog: c.catalog }, { type: "RESCHEDULE_REQUIRED", booking: blocked });
    expect(replies).toEqual(["Sorry, we can no longer see you for Haircut, Tue 3 Mar, 15:00. What other day and time would suit you?"]);
    expect(state(c)).toEqual({ service_selected: "asking_date" });
    expect(ctx(c)).toMatchObject({ mode: "reschedule", target: blocked, serviceId: "haircut" });

    expect(await say1(c, "friday at 2pm")).toBe("Move Haircut, Tue 3 Mar, 15:00 to Fri 6 Mar, 14:00? (yes/no)");
    expect(c.cal.calls.findTimes[0]).toMatchObject({ ignoreBookingId: "b9" });
    expect(await say1(c, "yes")).toBe("Done: Haircut, Fri 6 Mar, 14:00. See you then!");
    expect(c.cal.calls.book[0]).toMatchObject({ mode: "reschedule", target: blocked, sessions: [slot(ny(6, 14), "alice")] });
  });

  it("offers alternatives when the new time is taken before the yes, still as a move", async () => {
    const c = chat({ cal: makeCalendar({ taken: new Set([ny(6, 14)]) }) });
    await send(c, { type: "CATALOG", catalog: c.catalog }, { type: "RESCHEDULE_REQUIRED", booking: booking("b9", "haircut", ny(3, 15)) });
    await say1(c, "friday at 2pm");
    const offers = await say1(c, "yes");
    expect(offers).toMatch(/^Sorry, Fri 6 Mar, 14:00 was just taken\. Nearest free times:/);
    expect(choices(offers)).toEqual(["Wed 4 Mar, 11:00", "Thu 5 Mar, 10:00", "Thu 5 Mar, 16:00"]);
    expect(await say1(c, "2")).toMatch(/^Move Haircut, Tue 3 Mar, 15:00 to /);
  });
});

describe("persisted snapshots", () => {
  const roundTrip = (c: Chat) => JSON.parse(JSON.stringify(c.actor.getPersistedSnapshot())) as unknown;

  it("restores at the yes/no summary and books on yes", async () => {
    const first = await atHaircutSummary();
    const saved = roundTrip(first);
    first.actor.stop();

    const c = chat({ cal: first.cal, snapshot: saved });
    expect(state(c)).toEqual({ time_selected: "awaiting_answer" });
    expect(await say1(c, "yes")).toMatch(/^Booked: Haircut, Tue 3 Mar, 15:00\./);
    expect(first.cal.calls.book).toHaveLength(1);
  });

  it("restores the offered times and takes a number from them", async () => {
    const first = await atHaircutOffers();
    const saved = roundTrip(first);
    first.actor.stop();

    const c = chat({ cal: first.cal, snapshot: saved });
    expect(await say1(c, "1")).toBe("Haircut: Tue 3 Mar, 10:00 with Bob, $35.00. Book it? (yes/no)");
  });

  it("restores a flexible plan half-way through choosing its sessions", async () => {
    const first = chat();
    await talk(first, "3 styling lessons");
    await talk(first, "tomorrow at 9am");
    const saved = roundTrip(first);
    first.actor.stop();

    const c = chat({ cal: first.cal, snapshot: saved });
    expect(ctx(c).chosen).toEqual([slot(ny(3, 9), "alice")]);
    expect(await say1(c, "wednesday at 11")).toMatch(/for session 3 of 3\?/);
    expect(await say1(c, "thursday at 4")).toContain("Book all 3? (yes/no)");
    expect(await say1(c, "yes")).toContain("3 of 10 booked, 7 remaining.");
  });

  it("restores a cancellation awaiting its confirmation", async () => {
    const first = chat({ cal: makeCalendar({ bookings: [booking("b1", "haircut", ny(3, 15))] }) });
    await command(first, "cancel");
    const saved = roundTrip(first);
    first.actor.stop();

    const c = chat({ cal: first.cal, snapshot: saved });
    expect(await say1(c, "yes")).toMatch(/^Cancelled: Haircut/);
  });

  it("restores a completed conversation, which reads the next message afresh", async () => {
    const first = await atHaircutSummary();
    await talk(first, "yes");
    const saved = roundTrip(first);
    first.actor.stop();

    const c = chat({ cal: first.cal, snapshot: saved });
    expect(state(c)).toBe("completed");
    expect(await say1(c, "haircut friday at 2pm")).toMatch(/^Haircut: Fri 6 Mar, 14:00 with Alice/);
  });
});
