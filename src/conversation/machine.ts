/**
 * One conversation as an XState machine: initial → service_selected → date_selected →
 * time_selected → confirmed → completed, with the multi-session branches and the cancel,
 * reschedule and "my bookings" flows. All I/O goes through the invoked actors, which the engine
 * provides bound to the message's transaction; states that wait on one carry the "busy" tag.
 *
 * `setup` names every guard and action first; the chart after it reads as the product's flow.
 */
import { and, assertEvent, assign, emit, enqueueActions, fromPromise, raise, setup } from "xstate";
import type { ParsedMessage } from "./parser/types";
import { localDateOf } from "../booking/time";
import { en as reply } from "../copy";
import { serviceOf } from "./catalog";
import type {
  BookInput,
  ChatBookOutput,
  BookingSummary,
  Catalog,
  ConversationContext,
  ConversationEvent,
  FindTimesInput,
  FindTimesOutput,
  Mode,
  SlotOffer,
} from "./types";
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

/** "confused": the message could not be placed in this state (an LLM, when configured, may help). */
type Emitted = { type: "reply"; text: string } | { type: "confused" };

/** The customer's message; guards and actions that read one are only used on MESSAGE transitions. */
function parsedOf(event: ConversationEvent): ParsedMessage {
  assertEvent(event, "MESSAGE");
  return event.parsed;
}
const catalogOf = (context: ConversationContext): Catalog => {
  if (!context.catalog) throw new Error("the engine sends CATALOG before any message");
  return context.catalog;
};
const serviceIn = (context: ConversationContext) => serviceOf(catalogOf(context), context.serviceId)!;
const offeredServices = (context: ConversationContext) => (context.offers.kind === "services" ? context.offers.serviceIds : []);
const offeredSlots = (context: ConversationContext) => (context.offers.kind === "slots" ? context.offers.slots : []);
const offeredBookings = (context: ConversationContext) => (context.offers.kind === "bookings" ? context.offers.bookings : []);

/** An invoked actor's result, typed by the actor, handed to a named guard or action as its params. */
const output = <T>({ event }: { event: { output: T } }): T => event.output;

/** The booking made; the chart's guards route every other outcome elsewhere first. */
function madeOf(outcome: ChatBookOutput) {
  if (!outcome.ok) throw new Error("the chart routes a booking not made elsewhere");
  return outcome;
}
/** A booking not made for a reason the customer hears as such; the chart handles a code gone first. */
function notMadeOf(outcome: ChatBookOutput) {
  if (outcome.ok || outcome.reason === "promo_unavailable") throw new Error("the chart routes a booking made or a promo code gone elsewhere");
  return { ...outcome, reason: outcome.reason };
}

/** What a message says about when, kept until a search uses it. */
const whenOf = (parsed: ParsedMessage) => ({
  date: parsed.date ?? null,
  dateRange: parsed.date ? null : (parsed.dateRange ?? null),
  time: parsed.time ?? null,
  timeOfDay: parsed.time ? null : (parsed.timeOfDay ?? null),
  anyTime: Boolean(parsed.anyTime),
});

/** A service is chosen: a plan already under way for it continues where it is. */
function serviceChosen(context: ConversationContext, serviceId: string) {
  const plan = activePlanFor(catalogOf(context), serviceId);
  return { serviceId, planId: plan?.id ?? null, firstSessionNumber: (plan?.booked ?? 0) + 1, offers: { kind: "none" as const } };
}

/** The booking to cancel or move; a move also searches times for the booking's service. */
function bookingTaken(context: ConversationContext, booking: BookingSummary) {
  return context.mode === "reschedule" ? { target: booking, serviceId: booking.serviceId, offers: { kind: "none" as const } } : { target: booking };
}

/** A reply to the customer, from what the conversation knows (and params, where it needs what an actor returned). */
function replying<P extends object | undefined = undefined>(text: (args: { context: ConversationContext; event: ConversationEvent }, params: P) => string) {
  return emit<ConversationContext, ConversationEvent, P, ConversationEvent, Emitted>((args, params) => ({ type: "reply", text: text(args, params) }));
}

const conversation = setup({
  types: {
    context: {} as ConversationContext,
    events: {} as ConversationEvent,
    emitted: {} as Emitted,
  },
  actors: {
    findTimes: fromPromise<FindTimesOutput, FindTimesInput>(notProvided("findTimes")),
    previewPlan: fromPromise<(SlotOffer | null)[], { serviceId: string; first: SlotOffer; firstSessionNumber: number }>(notProvided("previewPlan")),
    book: fromPromise<ChatBookOutput, BookInput>(notProvided("book")),
    listBookings: fromPromise<BookingSummary[], Record<string, never>>(notProvided("listBookings")),
    cancelBooking: fromPromise<BookingSummary, { bookingId: string }>(notProvided("cancelBooking")),
  },
  guards: {
    // Commands
    asksToStartOver: ({ event }) => (assertEvent(event, "COMMAND"), event.command === "start_over"),
    asksToCancel: ({ event }) => (assertEvent(event, "COMMAND"), event.command === "cancel"),
    asksToReschedule: ({ event }) => (assertEvent(event, "COMMAND"), event.command === "reschedule"),

    // What the customer's message says
    namesOneService: ({ event }) => matchedServices(parsedOf(event)).length === 1,
    namesSeveralServices: ({ event }) => matchedServices(parsedOf(event)).length > 1,
    /** "driving lessons" where only our word "lessons" matched: ask which service, don't assume. */
    namesUnclearService: ({ event }) => parsedOf(event).serviceUnclear === true,
    picksOfferedService: ({ context, event }) => context.offers.kind === "services" && pickedIndex(parsedOf(event), context.offers.serviceIds.length) !== undefined,
    picksOfferedSlot: ({ context, event }) =>
      context.offers.kind === "slots" && pickedSlot(parsedOf(event), context.offers.slots, catalogOf(context).timezone) !== undefined,
    picksOfferedBooking: ({ context, event }) =>
      context.offers.kind === "bookings" && pickedBooking(parsedOf(event), context.offers.bookings, catalogOf(context).timezone) !== undefined,
    saysYes: ({ event }) => parsedOf(event).yesNo === "yes",
    saysNo: ({ event }) => parsedOf(event).yesNo === "no",
    /** A tapback sent as text (`Liked “…”`): it answers a yes/no question and nothing else. */
    isReaction: ({ event }) => parsedOf(event).reaction !== undefined,
    mentionsWhen: ({ event }) => mentionsWhen(parsedOf(event)),
    validCount: ({ context, event }) => {
      const parsed = parsedOf(event);
      const n = parsed.count ?? parsed.choice;
      return n !== undefined && n >= 1 && n <= remainingSessions(catalogOf(context), serviceIn(context));
    },

    // What the conversation knows
    hasWhen: ({ context }) => Boolean(context.date || context.dateRange || context.time || context.timeOfDay || context.anyTime),
    changesABooking: ({ context }) => context.mode !== "book",
    isRescheduling: ({ context }) => context.mode === "reschedule",
    sequentialWaiting: ({ context }) => {
      const service = serviceIn(context);
      const plan = activePlanFor(catalogOf(context), context.serviceId);
      return context.mode === "book" && service.plan?.strategy === "sequential" && plan !== undefined && plan.booked > plan.completed && plan.booked < plan.totalSessions;
    },
    planFullyBooked: ({ context }) => context.mode === "book" && remainingSessions(catalogOf(context), serviceIn(context)) <= 0,
    needsCount: ({ context }) => context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && context.count === null,
    moreSessionsToChoose: ({ context }) =>
      context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && context.count !== null && context.chosen.length + 1 < context.count,
    isImmediatePlan: ({ context }) => context.mode === "book" && serviceIn(context).plan?.strategy === "immediate",

    // What an invoked actor returned
    foundPlanGapOffers: (_, found: FindTimesOutput) => found.planGap !== undefined && found.offers.length > 0,
    foundExact: (_, found: FindTimesOutput) => found.exact !== null,
    foundOffers: (_, found: FindTimesOutput) => found.offers.length > 0,
    planFits: (_, sessions: (SlotOffer | null)[]) => sessions.every((s) => s !== null),
    wasBooked: (_, outcome: ChatBookOutput) => outcome.ok,
    promoWasGone: (_, outcome: ChatBookOutput) => !outcome.ok && outcome.reason === "promo_unavailable",
    otherTimesFree: (_, outcome: ChatBookOutput) => !outcome.ok && outcome.offers.length > 0,
    listsNone: (_, bookings: BookingSummary[]) => bookings.length === 0,
    listsOne: (_, bookings: BookingSummary[]) => bookings.length === 1,
  },
  actions: {
    confused: emit({ type: "confused" as const }),
    /** "hi" is answered well by the greeting; a sentence the parser could not place is not. */
    confusedBySentence: enqueueActions(({ event, enqueue }) => {
      if (parsedOf(event).text.split(/\s+/).filter(Boolean).length >= 3) enqueue.emit({ type: "confused" as const });
    }),

    // What the conversation keeps
    takeCatalog: assign(({ event }) => (assertEvent(event, "CATALOG"), { catalog: event.catalog })),
    reset: assign(({ context }) => ({ ...freshContext(), catalog: context.catalog, promo: context.promo })),
    enterMode: assign((_, params: { mode: Mode }) => ({ mode: params.mode })),
    takePromo: assign(({ event }) => {
      assertEvent(event, "PROMO");
      return event.percentOff !== null ? { promo: { code: event.code, percentOff: event.percentOff } } : {};
    }),
    forgetPromo: assign({ promo: null }),
    continuePlan: assign(({ event }) => {
      assertEvent(event, "INVITE_NEXT_SESSION");
      return { serviceId: event.serviceId, planId: event.planId, firstSessionNumber: event.sessionNumber, count: 1 };
    }),
    moveRequiredBooking: assign(({ event }) => {
      assertEvent(event, "RESCHEDULE_REQUIRED");
      return { mode: "reschedule" as const, target: event.booking, serviceId: event.booking.serviceId };
    }),
    offerAllServices: assign(({ context }) => ({ offers: { kind: "services" as const, serviceIds: catalogOf(context).services.map((s) => s.id) } })),
    offerNamedServices: assign(({ event }) => ({ offers: { kind: "services" as const, serviceIds: matchedServices(parsedOf(event)) } })),
    chooseNamedService: assign(({ context, event }) => serviceChosen(context, matchedServices(parsedOf(event))[0]!)),
    chooseOfferedService: assign(({ context, event }) => {
      const serviceIds = offeredServices(context);
      return serviceChosen(context, serviceIds[pickedIndex(parsedOf(event), serviceIds.length)!] ?? "");
    }),
    /**
     * Keeps what a message says about when. A message that says nothing of it (a number picking a
     * service) keeps what was said before; a time alone ("what about 4pm?") stays on the day
     * being discussed.
     */
    absorbWhen: assign(({ context, event }) => {
      const parsed = parsedOf(event);
      if (!mentionsWhen(parsed)) return {};
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
      if (parsed.count === undefined || parsed.choice !== undefined || service?.plan?.strategy !== "flexible") return {};
      return parsed.count >= 1 && parsed.count <= remainingSessions(catalogOf(context), service) ? { count: parsed.count } : {};
    }),
    takeCount: assign(({ event }) => {
      const parsed = parsedOf(event);
      return { count: parsed.count ?? parsed.choice ?? 1 };
    }),
    clearWhen: assign({ date: null, dateRange: null, time: null, timeOfDay: null, anyTime: false }),
    offerSlots: assign((_, found: FindTimesOutput) => ({ offers: { kind: "slots" as const, slots: found.offers } })),
    clearOffers: assign({ offers: { kind: "none" } }),
    proposeExact: assign((_, found: FindTimesOutput) => ({ proposal: [found.exact!] })),
    proposeOfferedSlot: assign(({ context, event }) => {
      const slots = offeredSlots(context);
      const picked = slots[pickedSlot(parsedOf(event), slots, catalogOf(context).timezone)!];
      return { proposal: picked ? [picked] : [] };
    }),
    keepProposalAsChosen: assign(({ context }) => ({ chosen: [...context.chosen, ...context.proposal], proposal: [] })),
    // Sessions are numbered in time order, whichever was chosen first.
    proposeAllChosen: assign(({ context }) => ({ proposal: [...context.chosen, ...context.proposal].sort((a, b) => a.start.localeCompare(b.start)), chosen: [] })),
    proposePlan: assign((_, sessions: (SlotOffer | null)[]) => ({ proposal: sessions.filter((s): s is SlotOffer => s !== null) })),
    dropProposal: assign({ proposal: [] }),
    forgetChosenTimes: assign({ proposal: [], chosen: [] }),
    /** A flexible batch keeps the sessions that were still free: only the lost one is chosen again. */
    offerTimesInstead: assign(({ context }, outcome: ChatBookOutput) => {
      const { offers, failedStart } = notMadeOf(outcome);
      const keep = context.mode === "book" && serviceIn(context).plan?.strategy === "flexible" && failedStart ? context.proposal.filter((s) => s.start !== failedStart) : [];
      return { offers: { kind: "slots" as const, slots: offers }, proposal: [], chosen: keep };
    }),
    offerBookings: assign((_, bookings: BookingSummary[]) => ({ offers: { kind: "bookings" as const, bookings } })),
    takeBooking: assign(({ context }, booking: BookingSummary) => bookingTaken(context, booking)),
    takeOfferedBooking: assign(({ context, event }) => {
      const bookings = offeredBookings(context);
      const picked = bookings[pickedBooking(parsedOf(event), bookings, catalogOf(context).timezone)!];
      return picked ? bookingTaken(context, picked) : { target: null };
    }),

    // What the bot says
    sayGreeting: replying(({ context }) => reply.greeting(catalogOf(context))),
    sayStartOver: replying(({ context }) => reply.startOver(catalogOf(context))),
    sayPromo: replying(({ event }) => (assertEvent(event, "PROMO"), reply.promo(event.code, event.percentOff))),
    sayPromoGone: replying(({ context }) => reply.promoGone(context.promo?.code ?? "")),
    sayInviteNext: replying(({ context, event }) => {
      assertEvent(event, "INVITE_NEXT_SESSION");
      const service = serviceIn(context);
      return reply.inviteNext(catalogOf(context), service, event.sessionNumber, service.plan?.totalSessions ?? event.sessionNumber);
    }),
    sayRescheduleRequired: replying(({ context, event }) => (assertEvent(event, "RESCHEDULE_REQUIRED"), reply.rescheduleRequired(catalogOf(context), event.booking))),
    askWhichService: replying(({ context }) => reply.whichService(catalogOf(context))),
    askToChooseService: replying(({ context }) => reply.chooseService(catalogOf(context), offeredServices(context))),
    sayNotUnderstoodService: replying(({ context }) => reply.notUnderstoodService(catalogOf(context))),
    saySequentialWaiting: replying(({ context }) => reply.sequentialWaiting(catalogOf(context), serviceIn(context), activePlanFor(catalogOf(context), context.serviceId)!)),
    sayPlanFinished: replying(({ context }) => reply.planFinished(serviceIn(context))),
    askCount: replying(({ context }) => reply.askCount(serviceIn(context), remainingSessions(catalogOf(context), serviceIn(context)))),
    sayBadCount: replying(({ context }) => reply.badCount(remainingSessions(catalogOf(context), serviceIn(context)))),
    askDate: replying(({ context }) => reply.askDate(serviceIn(context), 1, context.count ?? 1)),
    askNextSessionDate: replying(({ context }) => reply.askDate(serviceIn(context), context.chosen.length + 1, context.count ?? 1)),
    askDateAgain: replying(({ context }) => reply.askDateAgain(serviceIn(context))),
    repeatDateQuestion: replying(({ context }) =>
      context.mode === "reschedule" && context.target ? reply.askNewTime(catalogOf(context), context.target) : reply.askDate(serviceIn(context)),
    ),
    sayPlanGapOffers: replying(({ context }, found: FindTimesOutput) => reply.planGapOffers(catalogOf(context), found.planGap!, offeredSlots(context))),
    sayFreeTimes: replying(({ context }, found: FindTimesOutput) =>
      found.refused
        ? reply.notOffered(catalogOf(context), found.refused, offeredSlots(context))
        : context.time
          ? reply.timeTakenOffers(catalogOf(context), offeredSlots(context))
          : reply.freeTimes(catalogOf(context), offeredSlots(context)),
    ),
    sayNoTimes: replying(({ context }, found: FindTimesOutput) => (found.refused ? reply.notOffered(catalogOf(context), found.refused, []) : reply.noTimes(serviceIn(context)))),
    askToPickFromOffers: replying(() => reply.pickFromOffers()),
    saySummary: replying(({ context }) =>
      reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber, percentOff: context.promo?.percentOff }),
    ),
    askToConfirmMove: replying(({ context }) => reply.confirmMove(catalogOf(context), context.target!, context.proposal[0]!)),
    /** After a promo code while a yes/no is awaited: the question again, priced anew when it is a booking. */
    repeatQuestion: replying(({ context }) =>
      context.mode === "book"
        ? reply.summary(catalogOf(context), serviceIn(context), context.proposal, { firstSessionNumber: context.firstSessionNumber, percentOff: context.promo?.percentOff })
        : reply.askYesNo(),
    ),
    sayPlanIncomplete: replying(({ context }, sessions: (SlotOffer | null)[]) =>
      reply.planIncomplete(catalogOf(context), serviceIn(context), context.firstSessionNumber + sessions.indexOf(null)),
    ),
    askYesNo: replying(() => reply.askYesNo()),
    sayDeclined: replying(() => reply.declined()),
    sayBooked: replying(({ context }, outcome: ChatBookOutput) => {
      const made = madeOf(outcome);
      const catalog = catalogOf(context);
      if (context.mode === "reschedule") return reply.moved(catalog, made.bookings[0]!);
      const service = serviceIn(context);
      const remaining = service.plan ? remainingSessions(catalog, service) - made.bookings.length : null;
      return reply.booked(catalog, service, made.bookings, remaining, made.payment, made.pass);
    }),
    /**
     * A confirmed booking's manage link, as its own text (en.manageLink says why). Not for a hold
     * awaiting payment or approval (the payment's or the approval's confirmation carries it), nor for
     * a move (the booking, and so its link, stay the same).
     */
    sayManageLink: enqueueActions(({ context, enqueue }, outcome: ChatBookOutput) => {
      const made = madeOf(outcome);
      if (context.mode !== "book" || !made.manageUrl || made.bookings.some((b) => b.status !== "confirmed")) return;
      enqueue.emit({ type: "reply" as const, text: reply.manageLink(made.manageUrl) });
    }),
    /** The time was lost and others are offered: it is named when one time was the reason. */
    sayTimeLost: replying(({ context }, outcome: ChatBookOutput) => {
      const notMade = notMadeOf(outcome);
      return reply.notBooked(catalogOf(context), notMade.reason, offeredSlots(context), notMade.failedStart);
    }),
    sayNotBooked: replying(({ context }, outcome: ChatBookOutput) => reply.notBooked(catalogOf(context), notMadeOf(outcome).reason, [])),
    sayFailed: replying(() => reply.failed()),
    sayNoBookingsTo: replying((_, params: { action: "cancel" | "move" }) => reply.noBookingsTo(params.action)),
    askWhichBooking: replying(({ context }, params: { action: "cancel" | "move" }) => reply.whichBooking(catalogOf(context), offeredBookings(context), params.action)),
    sayBookingsList: replying(({ context }, bookings: BookingSummary[]) => reply.bookingsList(catalogOf(context), bookings)),
    askToConfirmCancel: replying(({ context }) => reply.confirmCancel(catalogOf(context), context.target!)),
    askToConfirmCancelAgain: replying(() => reply.confirmCancelAgain()),
    sayCancelled: replying(({ context }, booking: BookingSummary) => reply.cancelled(catalogOf(context), booking)),
    sayCannotCancelByText: replying(() => reply.cannotCancelByText()),
    sayKeptBooking: replying(() => reply.keptBooking()),
    askNewTime: replying(({ context }) => reply.askNewTime(catalogOf(context), context.target!)),
  },
});

/**
 * Listing the customer's bookings and choosing one, written once for cancelling and moving: none
 * ends the conversation, a single one is taken at once, several are offered by number. What
 * follows the pick is the caller's: the state it goes to and what it asks there.
 */
function pickingBooking(action: "cancel" | "move", picked: { target: string; ask: "askToConfirmCancel" | "askNewTime" }) {
  return {
    listing: conversation.createStateConfig({
      description: `Looking up the customer's upcoming bookings to ${action}`,
      tags: [BUSY_TAG],
      invoke: {
        src: "listBookings",
        input: () => ({}),
        onDone: [
          { guard: { type: "listsNone", params: output }, target: "#conversation.completed", actions: { type: "sayNoBookingsTo", params: { action } } },
          {
            guard: { type: "listsOne", params: output },
            target: picked.target,
            actions: [{ type: "takeBooking", params: ({ event }) => event.output[0]! }, picked.ask],
          },
          { target: "choosing", actions: [{ type: "offerBookings", params: output }, { type: "askWhichBooking", params: { action } }] },
        ],
        onError: { target: "#conversation.completed", actions: "sayFailed" },
      },
    }),
    choosing: conversation.createStateConfig({
      description: `Waiting for the customer to pick which of the numbered bookings to ${action}, or "no"`,
      on: {
        MESSAGE: [
          { guard: "picksOfferedBooking", target: picked.target, actions: ["takeOfferedBooking", picked.ask] },
          { guard: "saysNo", target: "#conversation.completed", actions: "sayKeptBooking" },
          { actions: ["askToPickFromOffers", "confused"] },
        ],
      },
    }),
  };
}

export const conversationMachine = conversation.createMachine({
  id: "conversation",
  initial: "initial",
  context: freshContext,
  on: {
    CATALOG: { actions: "takeCatalog" },
    PROMO: { actions: ["takePromo", "sayPromo"] },
    COMMAND: [
      { guard: "asksToStartOver", target: ".initial", actions: ["reset", "sayStartOver"] },
      { guard: "asksToCancel", target: ".cancelling", actions: ["reset", { type: "enterMode", params: { mode: "cancel" } }] },
      { guard: "asksToReschedule", target: ".rescheduling", actions: ["reset", { type: "enterMode", params: { mode: "reschedule" } }] },
      { target: ".showing_bookings", actions: "reset" },
    ],
    INVITE_NEXT_SESSION: { target: ".service_selected.asking_date", actions: ["reset", "continuePlan", "sayInviteNext"] },
    RESCHEDULE_REQUIRED: { target: ".service_selected.asking_date", actions: ["reset", "moveRequiredBooking", "sayRescheduleRequired"] },
  },
  states: {
    initial: {
      description: "Waiting for a new request: a service, a day or time, or just hello",
      on: {
        MESSAGE: [
          // A reaction to the last thing said ("Loved “Booked: …”") needs no answer.
          { guard: "isReaction" },
          { guard: "namesUnclearService", target: "choosing_service", actions: ["absorbWhen", "offerAllServices", "askWhichService"] },
          { guard: "namesOneService", target: "service_selected", actions: ["chooseNamedService", "absorbWhen", "absorbCount"] },
          { guard: "namesSeveralServices", target: "choosing_service", actions: ["absorbWhen", "absorbCount", "offerNamedServices", "askToChooseService"] },
          { target: "choosing_service", actions: ["absorbWhen", "offerAllServices", "sayGreeting", "confusedBySentence"] },
        ],
      },
    },
    choosing_service: {
      description: "Waiting for the customer to pick one of the numbered services, or name one",
      on: {
        MESSAGE: [
          { guard: "picksOfferedService", target: "service_selected", actions: ["chooseOfferedService", "absorbWhen"] },
          { guard: "namesOneService", target: "service_selected", actions: ["chooseNamedService", "absorbWhen", "absorbCount"] },
          { guard: "namesSeveralServices", actions: ["offerNamedServices", "askToChooseService"] },
          { guard: "namesUnclearService", actions: ["offerAllServices", "askWhichService"] },
          { actions: ["absorbWhen", "offerAllServices", "sayNotUnderstoodService", "confused"] },
        ],
      },
    },
    service_selected: {
      description: "A service is chosen: asking how many sessions and which day, as the service needs",
      initial: "routing",
      states: {
        routing: {
          description: "Waits for nothing: decides whether a plan allows a booking now and what to ask next",
          always: [
            { guard: "sequentialWaiting", target: "#conversation.completed", actions: "saySequentialWaiting" },
            { guard: "planFullyBooked", target: "#conversation.completed", actions: "sayPlanFinished" },
            { guard: "needsCount", target: "asking_count", actions: "askCount" },
            { guard: "hasWhen", target: "#conversation.date_selected" },
            { target: "asking_date", actions: "askDate" },
          ],
        },
        asking_count: {
          description: "Waiting for how many sessions of a flexible plan to book now",
          on: {
            MESSAGE: [
              { guard: "validCount", target: "routing", actions: ["takeCount", "absorbWhen"] },
              { actions: ["sayBadCount", "confused"] },
            ],
          },
        },
        asking_date: {
          description: "Waiting for the day or time the customer would like (or, when changing a booking, a no to keep it)",
          on: {
            MESSAGE: [
              { guard: "mentionsWhen", target: "#conversation.date_selected", actions: "absorbWhen" },
              { guard: and(["changesABooking", "saysNo"]), target: "#conversation.completed", actions: "sayKeptBooking" },
              { guard: "isReaction", actions: "askDateAgain" },
              { actions: ["repeatDateQuestion", "confused"] },
            ],
          },
        },
      },
    },
    date_selected: {
      description: "A day or time is known: searching free times and letting the customer pick one",
      initial: "searching",
      states: {
        searching: {
          description: "Waiting for the free times near what the customer asked for",
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
                guard: { type: "foundPlanGapOffers", params: output },
                target: "choosing",
                actions: [{ type: "offerSlots", params: output }, { type: "sayPlanGapOffers", params: output }],
              },
              { guard: { type: "foundExact", params: output }, target: "proposing", actions: { type: "proposeExact", params: output } },
              {
                guard: { type: "foundOffers", params: output },
                target: "choosing",
                actions: [{ type: "offerSlots", params: output }, { type: "sayFreeTimes", params: output }],
              },
              { target: "#conversation.service_selected.asking_date", actions: ["clearWhen", { type: "sayNoTimes", params: output }] },
            ],
            onError: { target: "#conversation.service_selected.asking_date", actions: ["clearWhen", "sayFailed"] },
          },
        },
        choosing: {
          description: "Waiting for the customer to pick one of the numbered times, or ask for another day or time",
          on: {
            MESSAGE: [
              { guard: "picksOfferedSlot", target: "proposing", actions: "proposeOfferedSlot" },
              { guard: "mentionsWhen", target: "searching", reenter: true, actions: "absorbWhen" },
              { actions: ["askToPickFromOffers", "confused"] },
            ],
          },
        },
        proposing: {
          description: "Waits for nothing: a time is picked; asks for the next session's day, or puts the whole proposal to the customer",
          entry: ["clearWhen", "clearOffers"],
          always: [
            { guard: "moreSessionsToChoose", target: "#conversation.service_selected.asking_date", actions: ["keepProposalAsChosen", "askNextSessionDate"] },
            { guard: "isImmediatePlan", target: "#conversation.time_selected.previewing" },
            { guard: "isRescheduling", target: "#conversation.time_selected.awaiting_answer", actions: "askToConfirmMove" },
            { target: "#conversation.time_selected.awaiting_answer", actions: ["proposeAllChosen", "saySummary"] },
          ],
        },
      },
    },
    time_selected: {
      description: "The time or times are proposed: waiting for the customer's yes or no",
      initial: "awaiting_answer",
      states: {
        previewing: {
          description: "Waiting for the times of every session of a plan booked at once",
          tags: [BUSY_TAG],
          invoke: {
            src: "previewPlan",
            input: ({ context }) => ({ serviceId: context.serviceId!, first: context.proposal[0]!, firstSessionNumber: context.firstSessionNumber }),
            onDone: [
              { guard: { type: "planFits", params: output }, target: "awaiting_answer", actions: [{ type: "proposePlan", params: output }, "saySummary"] },
              { target: "#conversation.service_selected.asking_date", actions: [{ type: "sayPlanIncomplete", params: output }, "dropProposal"] },
            ],
            onError: { target: "#conversation.service_selected.asking_date", actions: ["dropProposal", "sayFailed"] },
          },
        },
        awaiting_answer: {
          description: "Waiting for yes to book (or move), no, or another day or time",
          on: {
            PROMO: { actions: ["takePromo", "sayPromo", "repeatQuestion"] },
            MESSAGE: [
              { guard: "saysYes", target: "#conversation.confirmed" },
              { guard: "mentionsWhen", target: "#conversation.date_selected", actions: ["absorbWhen", "forgetChosenTimes"] },
              { guard: "saysNo", target: "#conversation.service_selected.asking_date", actions: ["forgetChosenTimes", "sayDeclined"] },
              { actions: ["askYesNo", "confused"] },
            ],
          },
        },
      },
    },
    confirmed: {
      description: "Waiting for the booking (or the move) to be made",
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
          { guard: { type: "wasBooked", params: output }, target: "completed", actions: [{ type: "sayBooked", params: output }, { type: "sayManageLink", params: output }, "forgetPromo"] },
          { guard: { type: "promoWasGone", params: output }, target: "time_selected.awaiting_answer", actions: ["sayPromoGone", "forgetPromo", "saySummary"] },
          {
            guard: { type: "otherTimesFree", params: output },
            target: "date_selected.choosing",
            actions: [{ type: "offerTimesInstead", params: output }, { type: "sayTimeLost", params: output }],
          },
          { target: "service_selected.asking_date", actions: ["forgetChosenTimes", { type: "sayNotBooked", params: output }] },
        ],
        onError: { target: "completed", actions: "sayFailed" },
      },
    },
    completed: {
      description: "Done: waiting for the customer's next request",
      entry: "reset",
      on: {
        // A new request after a finished one is read afresh, as in the initial state.
        MESSAGE: { target: "initial", actions: raise(({ event }) => event) },
      },
    },
    cancelling: {
      description: "Cancelling one of the customer's bookings",
      initial: "listing",
      states: {
        ...pickingBooking("cancel", { target: "confirming", ask: "askToConfirmCancel" }),
        confirming: {
          description: "Waiting for yes to cancel the booking, or no to keep it",
          on: {
            MESSAGE: [
              { guard: "saysYes", target: "doing" },
              { guard: "saysNo", target: "#conversation.completed", actions: "sayKeptBooking" },
              { actions: ["askToConfirmCancelAgain", "confused"] },
            ],
          },
        },
        doing: {
          description: "Waiting for the booking to be cancelled",
          tags: [BUSY_TAG],
          invoke: {
            src: "cancelBooking",
            input: ({ context }) => ({ bookingId: context.target!.id }),
            onDone: { target: "#conversation.completed", actions: { type: "sayCancelled", params: output } },
            onError: { target: "#conversation.completed", actions: "sayCannotCancelByText" },
          },
        },
      },
    },
    rescheduling: {
      description: "Choosing which of the customer's bookings to move",
      initial: "listing",
      states: pickingBooking("move", { target: "#conversation.service_selected.asking_date", ask: "askNewTime" }),
    },
    showing_bookings: {
      description: "Waiting for the customer's upcoming bookings, to list them",
      tags: [BUSY_TAG],
      invoke: {
        src: "listBookings",
        input: () => ({}),
        onDone: { target: "completed", actions: { type: "sayBookingsList", params: output } },
        onError: { target: "completed", actions: "sayFailed" },
      },
    },
  },
});

export type ConversationMachine = typeof conversationMachine;
