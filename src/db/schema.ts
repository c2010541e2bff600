/**
 * The whole product's data model. Every table that holds a business's data carries business_id so
 * several businesses can later share a database. Times are UTC instants (timestamptz); money is
 * integer cents. The exclusion constraint that makes double booking impossible lives in a
 * hand-written migration (drizzle-kit cannot express EXCLUDE): see migrations/*_booking_exclusion.sql.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () => uuid("id").primaryKey().defaultRandom();
/** A status column's closed list, enforced by the database as a CHECK (the column stays text, so a value can be added by a migration). */
const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(", "))})`);
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => instant("created_at").notNull().defaultNow();
const businessRef = () =>
  uuid("business_id")
    .notNull()
    .references(() => businesses.id, { onDelete: "cascade" });

export const BOOKING_STATUSES = [
  "held",
  "pending_payment",
  "pending_approval",
  "confirmed",
  "completed",
  "cancelled",
  "no_show",
  "expired",
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * How a booking is paid: free ("none"), at the appointment, by a pending or settled Checkout
 * payment, or by a pass ("package"). The API's `payment.status`.
 */
export const BOOKING_PAYMENT_STATUSES = ["none", "at_appointment", "pending", "processing", "paid", "refunded", "partially_refunded", "package"] as const;
export type BookingPaymentStatus = (typeof BOOKING_PAYMENT_STATUSES)[number];

/**
 * A payment at the provider: a Checkout session open (or still to be opened), completed with a
 * delayed method whose money has not arrived ("processing"), paid, lapsed or failed ("expired"),
 * or (partly) refunded.
 */
export const PAYMENT_STATUSES = ["pending", "processing", "paid", "expired", "refunded", "partially_refunded"] as const;
export type PaymentRowStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A message's status. In: received (stored, waiting for its turn), handled. Out: ours (queued,
 * sending, retrying, sent, failed, logged: no provider configured, suppressed: opted-out number,
 * not_sent: no way to reach the customer on that channel, the reason in error_code)
 * and the providers' delivery statuses (Twilio's MessageStatus values, Meta's statuses).
 */
export const MESSAGE_CHANNELS = ["sms", "whatsapp", "email"] as const;
export const MESSAGE_RECIPIENTS = ["customer", "staff"] as const;
export const MESSAGE_STATUSES = [
  "received", "handled",
  "queued", "sending", "retrying", "sent", "failed", "logged", "suppressed", "not_sent",
  "accepted", "scheduled", "delivered", "undelivered", "read", "partially_delivered", "canceled", "receiving",
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const SESSION_GROUP_STATUSES = ["active", "completed", "cancelled"] as const;
/** A pass ("package" in the API's packageSessions): sold and awaiting payment, in use, used up, or not sold after all. */
export const PACKAGE_STATUSES = ["pending_payment", "active", "used_up", "cancelled"] as const;

export const MULTI_SESSION_STRATEGIES = ["immediate", "sequential", "flexible"] as const;
export type MultiSessionStrategy = (typeof MULTI_SESSION_STRATEGIES)[number];

export const businesses = pgTable(
  "businesses",
  {
    id: id(),
    name: text("name").notNull(),
    /** URL-safe and unique: the business's web pages live under it (/b/:slug). */
    slug: text("slug").notNull(),
    timezone: text("timezone").notNull(),
    currency: text("currency").notNull().default("USD"),
    address: text("address"),
    contactEmail: text("contact_email"),
    requireEmail: boolean("require_email").notNull().default(false),
    /** Stripe Connect: the connected account payments go to; null: the platform's own account. Set by the platform only. */
    stripeAccountId: text("stripe_account_id"),
    /** ISO 3166-1 alpha-2; null: the time zone's country (booking/country.ts). */
    country: text("country"),
    slotIntervalMinutes: integer("slot_interval_minutes").notNull().default(15),
    bufferMinutes: integer("buffer_minutes").notNull().default(0),
    minNoticeMinutes: integer("min_notice_minutes").notNull().default(60),
    maxAdvanceDays: integer("max_advance_days").notNull().default(60),
    holdMinutes: integer("hold_minutes").notNull().default(30),
    requiresApproval: boolean("requires_approval").notNull().default(false),
    cancellationFreeUntilHours: integer("cancellation_free_until_hours").notNull().default(24),
    cancellationLateFeePercent: integer("cancellation_late_fee_percent").notNull().default(0),
    reminderOffsetsMinutes: integer("reminder_offsets_minutes").array().notNull().default(sql`'{1440,60}'::integer[]`),
    /** The business's own answers to common questions (walk-ins, parking, …): [{question, answer}], at most 50. */
    faq: jsonb("faq").$type<{ question: string; answer: string }[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    check("businesses_slot_interval_positive", sql`${t.slotIntervalMinutes} between 1 and 1440`),
    check("businesses_buffer_nonnegative", sql`${t.bufferMinutes} between 0 and 1440`),
    check("businesses_min_notice_nonnegative", sql`${t.minNoticeMinutes} >= 0`),
    check("businesses_max_advance_positive", sql`${t.maxAdvanceDays} between 1 and 730`),
    check("businesses_hold_minutes_positive", sql`${t.holdMinutes} between 1 and 1440`),
    check("businesses_late_fee_percent", sql`${t.cancellationLateFeePercent} between 0 and 100`),
    check("businesses_country_iso", sql`${t.country} ~ '^[A-Z]{2}$'`),
    uniqueIndex("businesses_slug_unique").on(t.slug),
    check("businesses_slug_format", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    uniqueIndex("businesses_stripe_account_unique").on(t.stripeAccountId),
  ],
);

/**
 * The addresses a business receives on: its Twilio numbers (E.164, SMS and WhatsApp alike) and
 * its WhatsApp Cloud API phone number id. One address, one business: the primary key makes a
 * second claim fail, which the API answers with 409.
 */
export const CHANNEL_CLAIM_KINDS = ["twilio_number", "whatsapp_phone_number_id"] as const;
export const channelClaims = pgTable(
  "channel_claims",
  {
    kind: text("kind", { enum: CHANNEL_CLAIM_KINDS }).notNull(),
    address: text("address").notNull(),
    businessId: businessRef(),
    /** The order the business listed its numbers in: the first Twilio number sends its SMS. */
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.address] }), index("channel_claims_business_idx").on(t.businessId), oneOf("channel_claims_kind_values", t.kind, CHANNEL_CLAIM_KINDS)],
);

/**
 * A business's API keys for /admin/*: shown once when issued, stored as the SHA-256 of their
 * secret part (a 256-bit random secret needs no slow hash), found by their id part.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    businessId: businessRef(),
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [index("api_keys_business_idx").on(t.businessId)],
);

export const staff = pgTable(
  "staff",
  {
    id: id(),
    businessId: businessRef(),
    name: text("name").notNull(),
    /** Where staff notices and the daily agenda go, when email is configured. */
    email: text("email"),
    googleCalendarId: text("google_calendar_id"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("staff_business_idx").on(t.businessId)],
);

/** A weekly working window of one staff member, in the business's local time (minutes since midnight). */
export const availabilityRules = pgTable(
  "availability_rules",
  {
    id: id(),
    businessId: businessRef(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    weekday: smallint("weekday").notNull(),
    startMinute: integer("start_minute").notNull(),
    endMinute: integer("end_minute").notNull(),
  },
  (t) => [
    index("availability_rules_staff_idx").on(t.staffId),
    check("availability_rules_weekday", sql`${t.weekday} between 0 and 6`),
    check("availability_rules_window", sql`${t.startMinute} >= 0 and ${t.endMinute} <= 1440 and ${t.startMinute} < ${t.endMinute}`),
  ],
);

/** Time nobody can book: one staff member's, or the whole business's when staff_id is null. */
export const blockedPeriods = pgTable(
  "blocked_periods",
  {
    id: id(),
    businessId: businessRef(),
    staffId: uuid("staff_id").references(() => staff.id, { onDelete: "cascade" }),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [
    index("blocked_periods_business_time_idx").on(t.businessId, t.startAt),
    check("blocked_periods_order", sql`${t.startAt} < ${t.endAt}`),
  ],
);

export const services = pgTable(
  "services",
  {
    id: id(),
    businessId: businessRef(),
    name: text("name").notNull(),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    durationMinutes: integer("duration_minutes").notNull(),
    priceCents: integer("price_cents").notNull().default(0),
    currency: text("currency").notNull(),
    requiresPayment: boolean("requires_payment").notNull().default(false),
    active: boolean("active").notNull().default(true),
    /** Multi-session plan: all four null for a single-session service. */
    totalSessions: integer("total_sessions"),
    strategy: text("strategy", { enum: MULTI_SESSION_STRATEGIES }),
    gapDays: integer("gap_days").array(),
    minGapDays: integer("min_gap_days"),
    sessionLabels: text("session_labels").array(),
    /** A package: sold as this many sessions paid upfront, booked one at a time. */
    packageSessions: integer("package_sessions"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("services_business_idx").on(t.businessId),
    check("services_duration_positive", sql`${t.durationMinutes} between 1 and 1440`),
    check("services_price_nonnegative", sql`${t.priceCents} >= 0`),
    check("services_total_sessions", sql`${t.totalSessions} is null or ${t.totalSessions} between 2 and 100`),
    check("services_strategy_with_sessions", sql`(${t.totalSessions} is null) = (${t.strategy} is null)`),
    check("services_strategy_values", sql`${t.strategy} is null or ${t.strategy} in ('immediate', 'sequential', 'flexible')`),
    check("services_package_sessions", sql`${t.packageSessions} is null or ${t.packageSessions} between 2 and 100`),
  ],
);

export const serviceStaff = pgTable(
  "service_staff",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.staffId] }), index("service_staff_staff_idx").on(t.staffId)],
);

export const customers = pgTable(
  "customers",
  {
    id: id(),
    businessId: businessRef(),
    /** E.164, e.g. +15551234567: the identity shared by SMS and WhatsApp. */
    phone: text("phone").notNull(),
    whatsappId: text("whatsapp_id"),
    name: text("name"),
    /** Given on the booking page (required there when the business sets requireEmail); where emails go. */
    email: text("email"),
    /** Unsubscribed from mail that is not about a booking (feedback requests); booking notices still go. */
    emailOptedOutAt: instant("email_opted_out_at"),
    optedOutAt: instant("opted_out_at"),
    lastInboundAt: instant("last_inbound_at"),
    createdAt: createdAt(),
  },
  (t) => [unique("customers_business_phone_unique").on(t.businessId, t.phone)],
);

export const conversations = pgTable(
  "conversations",
  {
    id: id(),
    businessId: businessRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: ["sms", "whatsapp"] }).notNull(),
    /** The persisted XState snapshot; null before the first message was handled. */
    snapshot: jsonb("snapshot"),
    state: text("state").notNull().default("initial"),
    machineVersion: integer("machine_version").notNull().default(0),
    lastActivityAt: instant("last_activity_at").notNull().defaultNow(),
    /**
     * A staff member took the thread over: the bot stays silent in it (STOP, START and HELP still
     * work) until they hand it back or this instant passes (24 h after the takeover or their last reply).
     */
    takenOverByUserId: uuid("taken_over_by_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    takenOverUntil: instant("taken_over_until"),
    /** The customer asked for a person: the console flags the thread, and the bot stops pushing the booking flow for 2 h or until staff answer. */
    personRequestedAt: instant("person_requested_at"),
    /**
     * A message whose turn waits on the language model holds the conversation (its inbound row's id),
     * until `claimedUntil`: a later message from the same number waits, so the two are answered in
     * the order they arrived, across instances. A claim past its instant is void (its process died).
     */
    claimedByMessageId: uuid("claimed_by_message_id"),
    claimedUntil: instant("claimed_until"),
    /** The bot's last answer offered to book (`{serviceId?, date?}`): a plain "yes" next goes on with it. */
    bookingOffer: jsonb("booking_offer").$type<{ serviceId?: string; date?: { year: number; month: number; day: number }; staffId?: string }>(),
    createdAt: createdAt(),
  },
  (t) => [unique("conversations_customer_channel_unique").on(t.customerId, t.channel)],
);

export const messages = pgTable(
  "messages",
  {
    id: id(),
    businessId: businessRef(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    conversationId: uuid("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    /** twilio, meta, smtp or log: who carried the message. */
    provider: text("provider").notNull(),
    providerMessageId: text("provider_message_id"),
    /** The recipient's address on that channel (E.164, whatsapp:+…, or an email address). */
    address: text("address").notNull(),
    /** customer, or staff (a notice to the business's contact address or a staff member): staff mail ignores customers' opt-outs. */
    recipient: text("recipient", { enum: MESSAGE_RECIPIENTS }).notNull().default("customer"),
    /** The booking the message is about, when it is about one: shown on the booking, and how an email finds its calendar part. */
    bookingId: uuid("booking_id").references((): AnyPgColumn => bookings.id, { onDelete: "set null" }),
    /** Makes queuing idempotent: a second message with the same key for the business is not queued (a daily agenda, a notice per booking event). */
    idempotencyKey: text("idempotency_key"),
    body: text("body").notNull(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull(),
    errorCode: text("error_code"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    payload: jsonb("payload"),
    /** A reply written by hand in the console (a takeover): who wrote it. Null for the bot's and the customer's. */
    sentByUserId: uuid("sent_by_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** A reply given in a webhook's answer (TwiML): the inbound message it answers, so a retried webhook gets the same answer. */
    replyTo: uuid("reply_to").references((): AnyPgColumn => messages.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("messages_reply_to_idx").on(t.replyTo),
    uniqueIndex("messages_provider_message_unique").on(t.provider, t.providerMessageId),
    index("messages_customer_created_idx").on(t.customerId, t.createdAt),
    index("messages_retry_idx").on(t.status, t.nextAttemptAt),
    index("messages_booking_idx").on(t.bookingId),
    uniqueIndex("messages_idempotency_unique").on(t.businessId, t.idempotencyKey),
    oneOf("messages_status_values", t.status, MESSAGE_STATUSES),
    oneOf("messages_channel_values", t.channel, MESSAGE_CHANNELS),
    oneOf("messages_recipient_values", t.recipient, MESSAGE_RECIPIENTS),
  ],
);

export const sessionGroups = pgTable(
  "session_groups",
  {
    id: id(),
    businessId: businessRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    strategy: text("strategy", { enum: MULTI_SESSION_STRATEGIES }).notNull(),
    totalSessions: integer("total_sessions").notNull(),
    status: text("status", { enum: SESSION_GROUP_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
  },
  (t) => [index("session_groups_customer_idx").on(t.customerId), oneOf("session_groups_status_values", t.status, SESSION_GROUP_STATUSES)],
);

export const packages = pgTable(
  "packages",
  {
    id: id(),
    businessId: businessRef(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    totalCredits: integer("total_credits").notNull(),
    usedCredits: integer("used_credits").notNull().default(0),
    status: text("status", { enum: PACKAGE_STATUSES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf("packages_status_values", t.status, PACKAGE_STATUSES),
    index("packages_customer_idx").on(t.customerId),
    check("packages_credits", sql`${t.usedCredits} >= 0 and ${t.usedCredits} <= ${t.totalCredits}`),
  ],
);

export const promoCodes = pgTable(
  "promo_codes",
  {
    id: id(),
    businessId: businessRef(),
    /** Stored upper-case; customers type it in any case. */
    code: text("code").notNull(),
    percentOff: integer("percent_off").notNull(),
    maxUses: integer("max_uses").notNull(),
    usedCount: integer("used_count").notNull().default(0),
    expiresAt: instant("expires_at"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    unique("promo_codes_business_code_unique").on(t.businessId, t.code),
    check("promo_codes_percent", sql`${t.percentOff} between 1 and 100`),
    check("promo_codes_uses", sql`${t.maxUses} >= 1 and ${t.usedCount} >= 0 and ${t.usedCount} <= ${t.maxUses}`),
  ],
);

export const bookings = pgTable(
  "bookings",
  {
    id: id(),
    businessId: businessRef(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    /** end_at plus the business's buffer when booked: the exclusion constraint covers [start_at, blocked_until). */
    blockedUntil: instant("blocked_until").notNull(),
    status: text("status", { enum: BOOKING_STATUSES }).notNull(),
    holdExpiresAt: instant("hold_expires_at"),
    sessionGroupId: uuid("session_group_id").references(() => sessionGroups.id),
    sessionNumber: integer("session_number"),
    totalSessions: integer("total_sessions"),
    packageId: uuid("package_id").references(() => packages.id),
    promoCodeId: uuid("promo_code_id").references(() => promoCodes.id),
    /** The payment that pays for this booking (one payment may pay several sessions). */
    paymentId: uuid("payment_id").references((): AnyPgColumn => payments.id),
    priceCents: integer("price_cents").notNull(),
    currency: text("currency").notNull(),
    paymentStatus: text("payment_status", { enum: BOOKING_PAYMENT_STATUSES }).notNull().default("none"),
    backupStartAt: instant("backup_start_at"),
    rescheduleCount: integer("reschedule_count").notNull().default(0),
    googleEventId: text("google_event_id"),
    cancelReason: text("cancel_reason"),
    /** What the customer wrote when booking on the web page (at most 500 characters), for staff. */
    customerNotes: text("customer_notes"),
    cancellationFeeCents: integer("cancellation_fee_cents"),
    confirmedAt: instant("confirmed_at"),
    completedAt: instant("completed_at"),
    cancelledAt: instant("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("bookings_business_start_idx").on(t.businessId, t.startAt),
    index("bookings_staff_start_idx").on(t.staffId, t.startAt),
    index("bookings_customer_idx").on(t.customerId),
    index("bookings_plan_idx").on(t.sessionGroupId),
    index("bookings_payment_idx").on(t.paymentId),
    index("bookings_hold_idx").on(t.status, t.holdExpiresAt),
    oneOf("bookings_status_values", t.status, BOOKING_STATUSES),
    oneOf("bookings_payment_status_values", t.paymentStatus, BOOKING_PAYMENT_STATUSES),
    check("bookings_order", sql`${t.startAt} < ${t.endAt} and ${t.endAt} <= ${t.blockedUntil}`),
    check("bookings_hold_has_expiry", sql`${t.status} not in ('held', 'pending_payment') or ${t.holdExpiresAt} is not null`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    businessId: businessRef(),
    provider: text("provider").notNull().default("stripe"),
    checkoutSessionId: text("checkout_session_id"),
    paymentIntentId: text("payment_intent_id"),
    /** The connected account (Stripe Connect) the money was taken on; null: the platform's own. Refunds go there. */
    stripeAccountId: text("stripe_account_id"),
    bookingId: uuid("booking_id").references((): AnyPgColumn => bookings.id),
    sessionGroupId: uuid("session_group_id").references(() => sessionGroups.id),
    packageId: uuid("package_id").references(() => packages.id),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    refundedCents: integer("refunded_cents").notNull().default(0),
    url: text("url"),
    /**
     * When the Checkout's parameters were fixed: the request (and its idempotency key) is derived
     * from the row and this instant only, so every retry sends the same one. Null once the session exists.
     */
    checkoutRequestedAt: instant("checkout_requested_at"),
    /** The payment page's expiry asked for (the hold's end), and the item's name shown on it. */
    checkoutExpiresAt: instant("checkout_expires_at"),
    description: text("description"),
    /** Failed tries at opening the Checkout session, and the last reason. */
    checkoutAttempts: integer("checkout_attempts").notNull().default(0),
    checkoutError: text("checkout_error"),
    /** Its bookings are gone: the payment page is to be closed (after commit, by whoever runs the payments' pending work). */
    closeRequestedAt: instant("close_requested_at"),
    createdAt: createdAt(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("payments_checkout_due_idx").on(t.checkoutRequestedAt),
    uniqueIndex("payments_checkout_session_unique").on(t.checkoutSessionId),
    index("payments_booking_idx").on(t.bookingId),
    oneOf("payments_status_values", t.status, PAYMENT_STATUSES),
    check("payments_refund_bounds", sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.amountCents}`),
  ],
);

export const REFUND_STATUSES = ["pending", "succeeded", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * Money going back, written in the transaction that decides it and sent to the provider after it
 * commits (an outbox of refunds). The amount is fixed here; the provider's idempotency key and the
 * refund's metadata carry this row's id, so a retry — even one after the provider forgot the key —
 * refunds once.
 */
export const refunds = pgTable(
  "refunds",
  {
    id: id(),
    businessId: businessRef(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    /** Why: cancellation, cancelled_first (plan sessions cancelled before paying), paid_after_cancel, paid_too_late, duplicate_payment. */
    reason: text("reason").notNull(),
    status: text("status", { enum: REFUND_STATUSES }).notNull().default("pending"),
    providerRefundId: text("provider_refund_id"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    /** The first try: a retry more than a day later first looks the refund up (the provider forgets idempotency keys after 24 h). */
    firstAttemptAt: instant("first_attempt_at"),
    doneAt: instant("done_at"),
  },
  (t) => [
    index("refunds_due_idx").on(t.status, t.nextAttemptAt),
    index("refunds_payment_idx").on(t.paymentId),
    oneOf("refunds_status_values", t.status, REFUND_STATUSES),
    check("refunds_amount_positive", sql`${t.amountCents} > 0`),
    check("refunds_failed_has_reason", sql`${t.status} <> 'failed' or ${t.lastError} is not null`),
  ],
);

/** Webhook events already applied: each provider event id takes effect once. */
export const processedWebhookEvents = pgTable(
  "processed_webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: instant("processed_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/**
 * What happened to a booking, in order: its status history and who did each thing (the audit trail
 * on the console's booking page). Written by the booking core in the same transaction as the change.
 */
export const BOOKING_EVENT_KINDS = ["created", "confirmed", "approved", "rejected", "cancelled", "completed", "no_show", "expired", "revived", "rescheduled"] as const;
export type BookingEventKind = (typeof BOOKING_EVENT_KINDS)[number];
/** customer: by text or the booking page; user: a console user; api: an API key or ADMIN_TOKEN; system: jobs and payment events. */
export const ACTOR_KINDS = ["customer", "user", "api", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const bookingEvents = pgTable(
  "booking_events",
  {
    id: id(),
    businessId: businessRef(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    kind: text("kind", { enum: BOOKING_EVENT_KINDS }).notNull(),
    fromStatus: text("from_status", { enum: BOOKING_STATUSES }),
    toStatus: text("to_status", { enum: BOOKING_STATUSES }).notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorUserId: uuid("actor_user_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    /** Who, as they were named then (a user's name, an API key's name, the job or event that did it; for the customer, the channel: sms, whatsapp, web). */
    actorName: text("actor_name"),
    /** Kind-specific facts: {reason}, {previousStart, start} (UTC ISO), {feeCents, waived}. */
    detail: jsonb("detail"),
  },
  (t) => [
    index("booking_events_booking_idx").on(t.bookingId, t.at),
    oneOf("booking_events_kind_values", t.kind, BOOKING_EVENT_KINDS),
    oneOf("booking_events_actor_values", t.actorKind, ACTOR_KINDS),
  ],
);

export const STAFF_NOTICE_KINDS = [
  "running_late",
  "on_the_way",
  "arrived",
  "cannot_make_it",
  "wants_person",
  "unanswered_question",
  "new_booking",
  "pending_approval",
  "cancelled",
] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

/**
 * What the business should know, in its console's notifications: what customers told the bot for
 * staff (running late, on their way, a question it could not answer, asking for a person) and new,
 * pending and cancelled bookings. Listed by GET /admin/notifications; read once marked so.
 */
export const staffNotices = pgTable(
  "staff_notices",
  {
    id: id(),
    businessId: businessRef(),
    kind: text("kind", { enum: STAFF_NOTICE_KINDS }).notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    bookingId: uuid("booking_id").references((): AnyPgColumn => bookings.id, { onDelete: "set null" }),
    /** The notice in words, as staff read it. */
    text: text("text").notNull(),
    /** Makes the notice once-only: a booking's new/cancelled notice, a message's notice (its id). */
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: createdAt(),
    readAt: instant("read_at"),
  },
  (t) => [
    uniqueIndex("staff_notices_idempotency_unique").on(t.businessId, t.idempotencyKey),
    index("staff_notices_business_created_idx").on(t.businessId, t.createdAt),
    oneOf("staff_notices_kind_values", t.kind, STAFF_NOTICE_KINDS),
  ],
);

/** One row per booking and kind (reminder_1440, feedback, …): the guard that makes jobs idempotent. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    businessId: businessRef(),
    bookingId: uuid("booking_id")
      .notNull()
      .references(() => bookings.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    messageId: uuid("message_id").references(() => messages.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [unique("notifications_booking_kind_unique").on(t.bookingId, t.kind)],
);

/** Each turn an LLM helped with: what it was given, what it extracted, and what came of it. */
export const llmTurns = pgTable(
  "llm_turns",
  {
    id: id(),
    businessId: businessRef(),
    conversationId: uuid("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The customer's message and the state it arrived in. */
    input: text("input").notNull(),
    state: text("state").notNull(),
    extraction: jsonb("extraction"),
    /** understood, still_unclear, or failed:<reason> (timeout, http_500, invalid_json, schema, …). */
    outcome: text("outcome").notNull(),
    promptTokens: integer("prompt_tokens"),
    completionTokens: integer("completion_tokens"),
    latencyMs: integer("latency_ms").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("llm_turns_conversation_idx").on(t.conversationId, t.createdAt), index("llm_turns_business_idx").on(t.businessId, t.createdAt)],
);

/** Busy time read from a staff member's Google Calendar by the sync job (never on the hot path). */
export const calendarBusy = pgTable(
  "calendar_busy",
  {
    id: id(),
    businessId: businessRef(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    calendarId: text("calendar_id").notNull(),
    eventId: text("event_id").notNull(),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
  },
  (t) => [unique("calendar_busy_event_unique").on(t.calendarId, t.eventId), index("calendar_busy_staff_time_idx").on(t.staffId, t.startAt)],
);

/** Where each calendar's incremental sync stands. */
export const calendarSyncState = pgTable("calendar_sync_state", {
  calendarId: text("calendar_id").primaryKey(),
  businessId: businessRef(),
  syncToken: text("sync_token"),
  syncedAt: instant("synced_at"),
});

/** Bookings whose calendar event must be brought up to date (an outbox: one row per booking). */
export const calendarOutbox = pgTable(
  "calendar_outbox",
  {
    bookingId: uuid("booking_id")
      .primaryKey()
      .references(() => bookings.id, { onDelete: "cascade" }),
    businessId: businessRef(),
    dueAt: instant("due_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("calendar_outbox_due_idx").on(t.dueAt)],
);

/**
 * What a console user may do: an owner everything of their business, front desk every booking and
 * conversation but not the setup, staff the calendar and their own bookings (http/admin/roles.ts).
 */
export const USER_ROLES = ["owner", "frontDesk", "staff"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * People who sign in to the console. One email, one user, across the whole deployment (compared
 * case-insensitively): a user belongs to one business. The password hash is null until the person
 * sets one through their invitation link; it carries its own scrypt parameters (accounts/passwords.ts).
 */
export const users = pgTable(
  "users",
  {
    id: id(),
    businessId: businessRef(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: USER_ROLES }).notNull(),
    /** A staff user's own staff member: the bookings they may act on. */
    staffId: uuid("staff_id").references(() => staff.id, { onDelete: "set null" }),
    passwordHash: text("password_hash"),
    passwordChangedAt: instant("password_changed_at"),
    createdAt: createdAt(),
    disabledAt: instant("disabled_at"),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    index("users_business_idx").on(t.businessId),
    oneOf("users_role_values", t.role, USER_ROLES),
  ],
);

/**
 * One-time links where a user sets their password (an invitation, or a new link an owner sends):
 * the SHA-256 of a 256-bit random token, like an API key's secret. Used once; a newer link voids
 * the older ones.
 */
export const passwordLinks = pgTable(
  "password_links",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
  },
  (t) => [uniqueIndex("password_links_token_unique").on(t.tokenHash), index("password_links_user_idx").on(t.userId)],
);

/** Console sessions: the cookie holds a 256-bit random id, stored here as its SHA-256 only. */
export const consoleSessions = pgTable(
  "console_sessions",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant("last_seen_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("console_sessions_token_unique").on(t.tokenHash), index("console_sessions_user_idx").on(t.userId)],
);

/**
 * Wrong passwords, one row per failure and per thing it counts against: the account (its email,
 * lowercased) and the client address. In the database so every instance sees the same counts.
 */
export const SIGN_IN_FAILURE_KINDS = ["account", "address"] as const;
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: id(),
    kind: text("kind", { enum: SIGN_IN_FAILURE_KINDS }).notNull(),
    key: text("key").notNull(),
    at: instant("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_idx").on(t.kind, t.key, t.at), oneOf("sign_in_failures_kind_values", t.kind, SIGN_IN_FAILURE_KINDS)],
);

/**
 * Requests counted per client and fixed window (express-rate-limit's store, in the database so
 * every instance shares the counts). Old windows are deleted by the jobs.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index("rate_limit_hits_window_idx").on(t.windowStart)],
);

/** Secrets the deployment makes for itself once and keeps (e.g. the session secret when SESSION_SECRET is unset). */
export const deploymentSecrets = pgTable("deployment_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
