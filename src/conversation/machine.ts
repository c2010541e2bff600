/**
 * One conversation as an XState machine: initial → service_selected → date_selected →
 * time_selected → confirmed → completed, with the multi-session branches and the cancel,
 * reschedule and "my bookings" flows. All I/O goes through the invoked actors, which the engine
 * provides bound to the message's transaction; states that wait on one carry the "busy" tag.
 */
import { assign, emit, enqueueActions, fromPromise, raise, setup } from "xstate";
import type { ParsedMessage } from "./parser/types";
import { localDateOf } from "../booking/time";
import { en as reply } from "../copy";
import { serviceOf } from "./catalog";
import type {
  BookInput,
  BookOutput,
  BookingSummary,
  Catalog,
  ConversationContext,
  ConversationEvent,
  FindTimesInput,
  FindTimesOutput,
  SlotOffer,
} from "./types";
import { TryAgainShortly } from "./types";
import { activePlanFor, matchedServices, mentionsWhen, pickedBooking, pickedIndex, pickedSlot, remainingSessions } from "./understanding";

/** Bump when a change makes older persisted snapshots unreadable: those conversations restart politely. */
export const MACHINE_VERSION = 1;

export const BUSY_TAG = "busy";

const notProvided = (name: string) => () => Promise.reject(new Error(`the engine provides ${name}`));

export function freshContext(): ConversationContext {
  return {
    catalog: null,
    mode: "book",
    serviceId: null,
    date: null,
    dateRange: null,
    time: null,
    timeOfDay: null,
    anyTime: false,
    offers: { kind: "none" },
    count: null,
    chosen: [],
    proposal: [],
    target: null,
    planId: null,
    firstSessionNumber: 1,
    promo: null,
  };
}

type MessageEvent = Extract<ConversationEvent, { type: "MESSAGE" }>;
const parsedOf = (event: ConversationEvent): ParsedMessage | undefined => (event.type === "MESSAGE" ? event.parsed : undefined);
const catalogOf = (context: ConversationContext): Catalog => {
  if (!context.catalog) throw new Error("the engine sends CATALOG before any message");
  return context.catalog;
};
const serviceIn = (context: ConversationContext) => serviceOf(catalogOf(context), context.serviceId)!;
/** A reply to the customer; the engine collects what the machine emits. Events vary by transition (done events carry `output`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReplyArgs = { context: ConversationContext; event: any };
const say = (text: (args: ReplyArgs) => string) => ({ type: "say" as const, params: (args: ReplyArgs) => ({ text: text(args) }) });

/** What a message says about when, kept until a search uses it. */
const whenOf = (parsed: ParsedMessage) => ({
  date: parsed.date ?? null,
  dateRange: parsed.date ? null : (parsed.dateRange ?? null),
  time: parsed.time ?? null,
  timeOfDay: parsed.time ? null : (parsed.timeOfDay ?? null),
  anyTime: Boolean(parsed.anyTime),
});

export const conversationMachine = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    /** "confused": the message could not be placed in this state (an LLM, when configured, may help). */
    emitted: {} as { type: "reply"; text: string } | { type: "confused" },
  },
  actors: {
    findTimes: fromPromise<FindTimesOutput, FindTimesInput>(notProvided("findTimes")),
    previewPlan: fromPromise<(SlotOffer | null)[], { serviceId: string; first: SlotOffer; firstSessionNumber: number }>(notProvided("previewPlan")),
    book: fromPromise<BookOutput, BookInput>(notProvided("book")),
    listBookings: fromPromise<BookingSummary[], Record<string, never>>(notProvided("listBookings")),
    cancelBooking: fromPromise<BookingSummary, { bookingId: string }>(notProvided("cancelBooking")),
  },
  guards: {
    namesOneService: ({ event }) => matchedServices((event as MessageEvent).parsed).length === 1,
    namesSeveralServices: ({ event }) => matchedServices((event as MessageEvent).parsed).length > 1,
    picksOfferedService: ({ context, event }) =>
      context.offers.kind === "services" && pickedIndex((event as MessageEvent).parsed, context.offers.serviceIds.length) !== undefined,
    saysYes: ({ event }) => parsedOf(event)?.yesNo === "yes",
    /** A tapback sent as text (`Liked “…”`): it answers a yes/no question and nothing else. */
    isReaction: ({ event }) => parsedOf(event)?.reaction !== undefined,
    /** "driving lessons" where only our word "lessons" matched: ask which service, don't assume. */
    namesUnclearService: ({ event }) => parsedOf(event)?.serviceUnclear === true,
    saysNo: ({ event }) => parsedOf(event)?.yesNo === "no",
    mentionsWhen: ({ event }) => {
      const parsed = parsedOf(event);
      return parsed !== undefined && mentionsWhen(parsed);
    },
    hasWhen: ({ context }) => Boolean(context.date || context.dateRange || context.time || context.timeOfDay || context.anyTime),
    sequentialWaiting: ({ context }) => {
      const service = serviceIn(context);
      const plan = activePlanFor(catalogOf(context), context.serviceId);
      return context.mode === "book" && service.plan?.strategy === "sequential" && plan !== undefined && plan.booked > plan.completed && plan.booked < plan.totalSessions;
    },
    planFullyBooked: ({ context }) => context.mode === "book" && remainingSessions(catalogOf(context), serviceIn(context)) <= 0,
    needsCount: ({ context }) => context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && context.count === null,
    validCount: ({ context, event }) => {
      const parsed = parsedOf(event);
      const n = parsed?.count ?? parsed?.choice;
      return n !== undefined && n >= 1 && n <= remainingSessions(catalogOf(context), serviceIn(context));
    },
    foundExact: ({ event }) => (event as unknown as { output: FindTimesOutput }).output.exact !== null,
    foundOffers: ({ event }) => (event as unknown as { output: FindTimesOutput }).output.offers.length > 0,
    picksOfferedSlot: ({ context, event }) =>
      context.offers.kind === "slots" && pickedSlot((event as MessageEvent).parsed, context.offers.slots, catalogOf(context).timezone) !== undefined,
    picksOfferedBooking: ({ context, event }) =>
      context.offers.kind === "bookings" && pickedBooking((event as MessageEvent).parsed, context.offers.bookings, catalogOf(context).timezone) !== undefined,
    moreSessionsToChoose: ({ context }) =>
      context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && context.count !== null && context.chosen.length + 1 < context.count,
    isImmediatePlan: ({ context }) => context.mode === "book" && serviceIn(context).plan?.strategy === "immediate",
    isRescheduling: ({ context }) => context.mode === "reschedule",
  },
  actions: {
    say: emit((_, params: { text: string }) => ({ type: "reply" as const, text: params.text })),
    confused: emit({ type: "confused" as const }),
    reset: assign(({ context }) => ({ ...freshContext(), catalog: context.catalog, promo: context.promo })),
    forgetPromo: assign({ promo: null }),
    takePromo: assign(({ event }) => (event.type === "PROMO" && event.percentOff !== null ? { promo: { code: event.code, percentOff: event.percentOff } } : {})),
    chooseService: assign(({ context }, serviceId: string) => {
      const plan = activePlanFor(catalogOf(context), serviceId);
      return { serviceId, planId: plan?.id ?? null, firstSessionNumber: (plan?.booked ?? 0) + 1, offers: { kind: "none" as const } };
    }),
    /**
     * Keeps what a message says about when. A message that says nothing of it (a number picking a
     * service) keeps what was said before; a time alone ("what about 4pm?") stays on the day
     * being discussed.
     */
    absorbWhen: assign(({ context, event }) => {
      const parsed = parsedOf(event);
      if (!parsed || !mentionsWhen(parsed)) return {};
      const when = whenOf(parsed);
      if (parsed.time && !parsed.date && !parsed.dateRange) {
        const proposed = context.proposal[0];
        when.date = context.date ?? (proposed && context.catalog ? localDateOf(new Date(proposed.start), context.catalog.timezone) : null);
        when.dateRange = when.date ? null : context.dateRange;
      }
      return when;
    }),
    /** "book 3 lessons": a count only means something for a flexible plan, and only within what remains. */
    absorbCount: assign(({ context, event }) => {
      const parsed = parsedOf(event);
      const service = serviceOf(catalogOf(context), context.serviceId);
      if (parsed?.count === undefined || parsed.choice !== undefined || service?.plan?.strategy !== "flexible") return {};
      return parsed.count >= 1 && parsed.count <= remainingSessions(catalogOf(context), service) ? { count: parsed.count } : {};
    }),
    clearWhen: assign({ date: null, dateRange: null, time: null, timeOfDay: null, anyTime: false }),
  },
}).createMachine({
  id: "conversation",
  initial: "initial",
  context: freshContext,
  on: {
    CATALOG: { actions: assign({ catalog: ({ event }) => event.catalog }) },
    PROMO: { actions: ["takePromo", say(({ event }) => reply.promo(event.code, event.percentOff))] },
    COMMAND: [
      {
        guard: ({ event }) => event.command === "start_over",
        target: ".initial",
        actions: ["reset", say(({ context }) => reply.startOver(catalogOf(context)))],
      },
      { guard: ({ event }) => event.command === "cancel", target: ".cancelling", actions: ["reset", assign({ mode: "cancel" })] },
      { guard: ({ event }) => event.command === "reschedule", target: ".rescheduling", actions: ["reset", assign({ mode: "reschedule" })] },
      { target: ".showing_bookings", actions: "reset" },
    ],
    INVITE_NEXT_SESSION: {
      target: ".service_selected.asking_date",
      actions: [
        "reset",
        assign(({ event }) => ({ serviceId: event.serviceId, planId: event.planId, firstSessionNumber: event.sessionNumber, count: 1 })),
        say(({ context, event }) => {
          const e = event as Extract<ConversationEvent, { type: "INVITE_NEXT_SESSION" }>;
          const service = serviceIn(context);
          return reply.inviteNext(catalogOf(context), service, e.sessionNumber, service.plan?.totalSessions ?? e.sessionNumber);
        }),
      ],
    },
    RESCHEDULE_REQUIRED: {
      target: ".service_selected.asking_date",
      actions: [
        "reset",
        assign(({ event }) => ({ mode: "reschedule" as const, target: event.booking, serviceId: event.booking.serviceId })),
        say(({ context, event }) => reply.rescheduleRequired(catalogOf(context), (event as Extract<ConversationEvent, { type: "RESCHEDULE_REQUIRED" }>).booking)),
      ],
    },
  },
  states: {
    initial: {
      on: {
        MESSAGE: [
          // A reaction to the last thing said ("Loved “Booked: …”") needs no answer.
          { guard: "isReaction" },
          {
            guard: "namesUnclearService",
            target: "choosing_service",
            actions: [
              "absorbWhen",
              assign({ offers: ({ context }) => ({ kind: "services" as const, serviceIds: catalogOf(context).services.map((s) => s.id) }) }),
              say(({ context }) => reply.whichService(catalogOf(context))),
            ],
          },
          {
            guard: "namesOneService",
            target: "service_selected",
            actions: [{ type: "chooseService", params: ({ event }) => matchedServices(event.parsed)[0]! }, "absorbWhen", "absorbCount"],
          },
          {
            guard: "namesSeveralServices",
            target: "choosing_service",
            actions: [
              "absorbWhen",
              "absorbCount",
              assign({ offers: ({ event }) => ({ kind: "services" as const, serviceIds: matchedServices(event.parsed) }) }),
              say(({ context }) => reply.chooseService(catalogOf(context), context.offers.kind === "services" ? context.offers.serviceIds : [])),
            ],
          },
          {
            target: "choosing_service",
            actions: [
              "absorbWhen",
              assign({ offers: ({ context }) => ({ kind: "services" as const, serviceIds: catalogOf(context).services.map((s) => s.id) }) }),
              say(({ context }) => reply.greeting(catalogOf(context))),
              // "hi" is answered well by the greeting; a sentence the parser could not place is not.
              enqueueActions(({ event, enqueue }) => {
                if (event.parsed.text.split(/\s+/).filter(Boolean).length >= 3) enqueue("confused");
              }),
            ],
          },
        ],
      },
    },
    choosing_service: {
      on: {
        MESSAGE: [
          {
            guard: "picksOfferedService",
            target: "service_selected",
            actions: [
              {
                type: "chooseService",
                params: ({ context, event }) => (context.offers.kind === "services" ? context.offers.serviceIds[pickedIndex(event.parsed, context.offers.serviceIds.length)!]! : ""),
              },
              "absorbWhen",
            ],
          },
          {
            guard: "namesOneService",
            target: "service_selected",
            actions: [{ type: "chooseService", params: ({ event }) => matchedServices(event.parsed)[0]! }, "absorbWhen", "absorbCount"],
          },
          {
            guard: "namesSeveralServices",
            actions: [
              assign({ offers: ({ event }) => ({ kind: "services" as const, serviceIds: matchedServices(event.parsed) }) }),
              say(({ context }) => reply.chooseService(catalogOf(context), context.offers.kind === "services" ? context.offers.serviceIds : [])),
            ],
          },
          {
            guard: "namesUnclearService",
            actions: [
              assign({ offers: ({ context }) => ({ kind: "services" as const, serviceIds: catalogOf(context).services.map((s) => s.id) }) }),
              say(({ context }) => reply.whichService(catalogOf(context))),
            ],
          },
          {
            actions: [
              "absorbWhen",
              assign({ offers: ({ context }) => ({ kind: "services" as const, serviceIds: catalogOf(context).services.map((s) => s.id) }) }),
              say(({ context }) => reply.notUnderstoodService(catalogOf(context))),
              "confused",
            ],
          },
        ],
      },
    },
    service_selected: {
      initial: "routing",
      states: {
        routing: {
          always: [
            {
              guard: "sequentialWaiting",
              target: "#conversation.completed",
              actions: say(({ context }) => reply.sequentialWaiting(catalogOf(context), serviceIn(context), activePlanFor(catalogOf(context), context.serviceId)!)),
            },
            { guard: "planFullyBooked", target: "#conversation.completed", actions: say(({ context }) => reply.planFinished(serviceIn(context))) },
            { guard: "needsCount", target: "asking_count", actions: say(({ context }) => reply.askCount(serviceIn(context), remainingSessions(catalogOf(context), serviceIn(context)))) },
            { guard: "hasWhen", target: "#conversation.date_selected" },
            { target: "asking_date", actions: say(({ context }) => reply.askDate(serviceIn(context), 1, context.count ?? 1)) },
          ],
        },
        asking_count: {
          on: {
            MESSAGE: [
              {
                guard: "validCount",
                target: "routing",
                actions: [assign({ count: ({ event }) => event.parsed.count ?? event.parsed.choice ?? 1 }), "absorbWhen"],
              },
              { actions: [say(({ context }) => reply.badCount(remainingSessions(catalogOf(context), serviceIn(context)))), "confused"] },
            ],
          },
        },
        asking_date: {
          on: {
            MESSAGE: [
              { guard: "mentionsWhen", target: "#conversation.date_selected", actions: "absorbWhen" },
              {
                guard: ({ context, event }) => context.mode !== "book" && event.parsed.yesNo === "no",
                target: "#conversation.completed",
                actions: say(() => reply.keptBooking()),
              },
              { guard: "isReaction", actions: say(({ context }) => reply.askDateAgain(serviceIn(context))) },
              {
                actions: [
                  say(({ context }) =>
                    context.mode === "reschedule" && context.target ? reply.askNewTime(catalogOf(context), context.target) : reply.askDate(serviceIn(context)),
                  ),
                  "confused",
                ],
              },
            ],
          },
        },
      },
    },
    date_selected: {
      initial: "searching",
      states: {
        searching: {
          tags: [BUSY_TAG],
          invoke: {
            src: "findTimes",
            input: ({ context }) => ({
              serviceId: context.serviceId!,
              date: context.date,
              dateRange: context.dateRange,
              time: context.time,
              timeOfDay: context.timeOfDay,
              ignoreBookingId: context.mode === "reschedule" ? (context.target?.id ?? null) : null,
              exclude: context.chosen.map((c) => c.start),
              ...(context.mode === "book" && context.planId && { plan: { id: context.planId, sessionNumber: context.firstSessionNumber + context.chosen.length } }),
            }),
            onDone: [
              {
                guard: ({ event }) => event.output.planGap !== undefined && event.output.offers.length > 0,
                target: "choosing",
                actions: [
                  assign({ offers: ({ event }) => ({ kind: "slots" as const, slots: event.output.offers }) }),
                  say(({ context, event }) => reply.planGapOffers(catalogOf(context), event.output.planGap, context.offers.kind === "slots" ? context.offers.slots : [])),
                ],
              },
              { guard: "foundExact", target: "proposing", actions: assign({ proposal: ({ event }) => [event.output.exact!] }) },
              {
                guard: "foundOffers",
                target: "choosing",
                actions: [
                  assign({ offers: ({ event }) => ({ kind: "slots" as const, slots: event.output.offers }) }),
                  say(({ context, event }) => {
                    const offers = context.offers.kind === "slots" ? context.offers.slots : [];
                    const refused = event.output.refused;
                    if (refused) return reply.notOffered(catalogOf(context), refused, offers);
                    return reply.offerTimes(catalogOf(context), offers, context.time ? "That time isn't free. Nearest free times:" : "Free times:");
                  }),
                ],
              },
              {
                target: "#conversation.service_selected.asking_date",
                actions: [
                  "clearWhen",
                  say(({ context, event }) => (event.output.refused ? reply.notOffered(catalogOf(context), event.output.refused, []) : reply.noTimes(serviceIn(context)))),
                ],
              },
            ],
            onError: { target: "#conversation.service_selected.asking_date", actions: ["clearWhen", say(() => reply.failed())] },
          },
        },
        choosing: {
          on: {
            MESSAGE: [
              {
                guard: "picksOfferedSlot",
                target: "proposing",
                actions: assign({
                  proposal: ({ context, event }) =>
                    context.offers.kind === "slots" ? [context.offers.slots[pickedSlot(event.parsed, context.offers.slots, catalogOf(context).timezone)!]!] : [],
                }),
              },
              { guard: "mentionsWhen", target: "searching", reenter: true, actions: "absorbWhen" },
              { actions: [say(() => reply.pickFromOffers()), "confused"] },
            ],
          },
        },
        proposing: {
          entry: ["clearWhen", assign({ offers: { kind: "none" } })],
          always: [
            {
              guard: "moreSessionsToChoose",
              target: "#conversation.service_selected.asking_date",
              actions: [
                assign({ chosen: ({ context }) => [...context.chosen, ...context.proposal], proposal: [] }),
                say(({ context }) => reply.askDate(serviceIn(context), context.chosen.length + 1, context.count ?? 1)),
              ],
            },
            { guard: "isImmediatePlan", target: "#conversation.time_selected.previewing" },
            {
              guard: "isRescheduling",
              target: "#conversation.time_selected.awaiting_answer",
              actions: say(({ context }) => reply.confirmMove(catalogOf(context), context.target!, context.proposal[0]!)),
            },
            {
              target: "#conversation.time_selected.awaiting_answer",
              actions: [
                // Sessions are numbered in time order, whichever was chosen first.
                assign({ proposal: ({ context }) => [...context.chosen, ...context.proposal].sort((a, b) => a.start.localeCompare(b.start)), chosen: [] }),
                say(({ context }) =>
                  reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber, percentOff: context.promo?.percentOff }),
                ),
              ],
            },
          ],
        },
      },
    },
    time_selected: {
      initial: "awaiting_answer",
      states: {
        previewing: {
          tags: [BUSY_TAG],
          invoke: {
            src: "previewPlan",
            input: ({ context }) => ({ serviceId: context.serviceId!, first: context.proposal[0]!, firstSessionNumber: context.firstSessionNumber }),
            onDone: [
              {
                guard: ({ event }) => event.output.every((s) => s !== null),
                target: "awaiting_answer",
                actions: [
                  assign({ proposal: ({ event }) => event.output as SlotOffer[] }),
                  say(({ context }) => reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber, percentOff: context.promo?.percentOff })),
                ],
              },
              {
                target: "#conversation.service_selected.asking_date",
                actions: [
                  say(({ context, event }) =>
                    reply.planIncomplete(catalogOf(context), serviceIn(context), context.firstSessionNumber + (event as unknown as { output: (SlotOffer | null)[] }).output.indexOf(null)),
                  ),
                  assign({ proposal: [] }),
                ],
              },
            ],
            onError: { target: "#conversation.service_selected.asking_date", actions: [assign({ proposal: [] }), say(() => reply.failed())] },
          },
        },
        awaiting_answer: {
          on: {
            PROMO: {
              actions: [
                "takePromo",
                say(({ event }) => reply.promo(event.code, event.percentOff)),
                say(({ context }) =>
                  context.mode === "book" ? reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber, percentOff: context.promo?.percentOff }) : reply.askYesNo(),
                ),
              ],
            },
            MESSAGE: [
              { guard: "saysYes", target: "#conversation.confirmed" },
              { guard: "mentionsWhen", target: "#conversation.date_selected", actions: ["absorbWhen", assign({ proposal: [], chosen: [] })] },
              {
                guard: "saysNo",
                target: "#conversation.service_selected.asking_date",
                actions: [assign({ proposal: [], chosen: [] }), say(() => reply.declined())],
              },
              { actions: [say(() => reply.askYesNo()), "confused"] },
            ],
          },
        },
      },
    },
    confirmed: {
      tags: [BUSY_TAG],
      invoke: {
        src: "book",
        input: ({ context }) => ({
          mode: context.mode,
          serviceId: context.serviceId!,
          sessions: context.proposal,
          planId: context.planId,
          firstSessionNumber: context.firstSessionNumber,
          target: context.target,
          promoCode: context.promo?.code ?? null,
        }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: "completed",
            actions: [
              say(({ context, event }) => {
              const output = (event as unknown as { output: Extract<BookOutput, { ok: true }> }).output;
              const catalog = catalogOf(context);
              if (context.mode === "reschedule") return reply.moved(catalog, output.bookings[0]!);
              const service = serviceIn(context);
              const remaining = service.plan ? remainingSessions(catalog, service) - output.bookings.length : null;
              return reply.booked(catalog, service, output.bookings, remaining, output.payment, output.pass);
              }),
              "forgetPromo",
            ],
          },
          {
            guard: ({ event }) => !event.output.ok && event.output.reason === "promo_unavailable",
            target: "time_selected.awaiting_answer",
            actions: [
              say(({ context }) => reply.promoGone(context.promo?.code ?? "")),
              "forgetPromo",
              say(({ context }) => reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber })),
            ],
          },
          {
            guard: ({ event }) => !event.output.ok && event.output.offers.length > 0,
            target: "date_selected.choosing",
            actions: [
              assign(({ context, event }) => {
                const failed = event.output.ok ? undefined : event.output.failedStart;
                // A flexible batch keeps the sessions that were still free: only the lost one is chosen again.
                const keep = context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && failed ? context.proposal.filter((s) => s.start !== failed) : [];
                return { offers: { kind: "slots" as const, slots: event.output.ok ? [] : event.output.offers }, proposal: [], chosen: keep };
              }),
              say(({ context, event }) =>
                reply.notBooked(catalogOf(context), event.output.reason, context.offers.kind === "slots" ? context.offers.slots : [], event.output.ok ? undefined : event.output.failedStart),
              ),
            ],
          },
          {
            target: "service_selected.asking_date",
            actions: [assign({ proposal: [], chosen: [] }), say(({ context, event }) => reply.notBooked(catalogOf(context), event.output.reason, []))],
          },
        ],
        onError: { target: "completed", actions: say(() => reply.failed()) },
      },
    },
    completed: {
      entry: "reset",
      on: {
        // A new request after a finished one is read afresh, as in the initial state.
        MESSAGE: { target: "initial", actions: raise(({ event }) => event) },
      },
    },
    cancelling: {
      initial: "listing",
      states: {
        listing: {
          tags: [BUSY_TAG],
          invoke: {
            src: "listBookings",
            input: () => ({}),
            onDone: [
              { guard: ({ event }) => event.output.length === 0, target: "#conversation.completed", actions: say(() => reply.noBookingsTo("cancel")) },
              {
                guard: ({ event }) => event.output.length === 1,
                target: "confirming",
                actions: [assign({ target: ({ event }) => event.output[0]! }), say(({ context }) => reply.confirmCancel(catalogOf(context), context.target!))],
              },
              {
                target: "choosing",
                actions: [
                  assign({ offers: ({ event }) => ({ kind: "bookings" as const, bookings: event.output }) }),
                  say(({ context }) => reply.whichBooking(catalogOf(context), context.offers.kind === "bookings" ? context.offers.bookings : [], "cancel")),
                ],
              },
            ],
            onError: { target: "#conversation.completed", actions: say(() => reply.failed()) },
          },
        },
        choosing: {
          on: {
            MESSAGE: [
              {
                guard: "picksOfferedBooking",
                target: "confirming",
                actions: [
                  assign({
                    target: ({ context, event }) =>
                      context.offers.kind === "bookings" ? context.offers.bookings[pickedBooking(event.parsed, context.offers.bookings, catalogOf(context).timezone)!]! : null,
                  }),
                  say(({ context }) => reply.confirmCancel(catalogOf(context), context.target!)),
                ],
              },
              { guard: "saysNo", target: "#conversation.completed", actions: say(() => reply.keptBooking()) },
              { actions: [say(() => reply.pickFromOffers()), "confused"] },
            ],
          },
        },
        confirming: {
          on: {
            MESSAGE: [
              { guard: "saysYes", target: "doing" },
              { guard: "saysNo", target: "#conversation.completed", actions: say(() => reply.keptBooking()) },
              { actions: [say(() => 'Please reply "yes" to cancel it or "no" to keep it.'), "confused"] },
            ],
          },
        },
        doing: {
          tags: [BUSY_TAG],
          invoke: {
            src: "cancelBooking",
            input: ({ context }) => ({ bookingId: context.target!.id }),
            onDone: { target: "#conversation.completed", actions: say(({ context, event }) => reply.cancelled(catalogOf(context), event.output)) },
            onError: [
              { guard: ({ event }) => event.error instanceof TryAgainShortly, target: "#conversation.completed", actions: say(() => reply.cancelNotNow()) },
              { target: "#conversation.completed", actions: say(() => "Sorry, that booking can no longer be cancelled by text. Please call us.") },
            ],
          },
        },
      },
    },
    rescheduling: {
      initial: "listing",
      states: {
        listing: {
          tags: [BUSY_TAG],
          invoke: {
            src: "listBookings",
            input: () => ({}),
            onDone: [
              { guard: ({ event }) => event.output.length === 0, target: "#conversation.completed", actions: say(() => reply.noBookingsTo("move")) },
              {
                guard: ({ event }) => event.output.length === 1,
                target: "#conversation.service_selected.asking_date",
                actions: [
                  assign(({ event }) => ({ target: event.output[0]!, serviceId: event.output[0]!.serviceId })),
                  say(({ context }) => reply.askNewTime(catalogOf(context), context.target!)),
                ],
              },
              {
                target: "choosing",
                actions: [
                  assign({ offers: ({ event }) => ({ kind: "bookings" as const, bookings: event.output }) }),
                  say(({ context }) => reply.whichBooking(catalogOf(context), context.offers.kind === "bookings" ? context.offers.bookings : [], "move")),
                ],
              },
            ],
            onError: { target: "#conversation.completed", actions: say(() => reply.failed()) },
          },
        },
        choosing: {
          on: {
            MESSAGE: [
              {
                guard: "picksOfferedBooking",
                target: "#conversation.service_selected.asking_date",
                actions: [
                  assign(({ context, event }) => {
                    const target = context.offers.kind === "bookings" ? context.offers.bookings[pickedBooking(event.parsed, context.offers.bookings, catalogOf(context).timezone)!]! : null;
                    return { target, serviceId: target?.serviceId ?? null, offers: { kind: "none" as const } };
                  }),
                  say(({ context }) => reply.askNewTime(catalogOf(context), context.target!)),
                ],
              },
              { guard: "saysNo", target: "#conversation.completed", actions: say(() => reply.keptBooking()) },
              { actions: [say(() => reply.pickFromOffers()), "confused"] },
            ],
          },
        },
      },
    },
    showing_bookings: {
      tags: [BUSY_TAG],
      invoke: {
        src: "listBookings",
        input: () => ({}),
        onDone: { target: "completed", actions: say(({ context, event }) => reply.bookingsList(catalogOf(context), event.output)) },
        onError: { target: "completed", actions: say(() => reply.failed()) },
      },
    },
  },
});

export type ConversationMachine = typeof conversationMachine;
