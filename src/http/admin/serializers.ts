/** Rows → the API's JSON: camelCase, ISO 8601 times with the business's offset, money in cents. */
import { businessCountry } from "../../booking/country";
import { formatClockTime, toZonedIso } from "../../booking/time";
import type { availabilityRules, blockedPeriods, bookingEvents, bookings, businesses, promoCodes, services, staff } from "../../db/schema";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export function businessJson(b: Row<typeof businesses>) {
  return {
    id: b.id,
    name: b.name,
    slug: b.slug,
    timezone: b.timezone,
    currency: b.currency,
    country: businessCountry(b) ?? null,
    address: b.address,
    contactEmail: b.contactEmail,
    requireEmail: b.requireEmail,
    slotIntervalMinutes: b.slotIntervalMinutes,
    bufferMinutes: b.bufferMinutes,
    minNoticeMinutes: b.minNoticeMinutes,
    maxAdvanceDays: b.maxAdvanceDays,
    holdMinutes: b.holdMinutes,
    requiresApproval: b.requiresApproval,
    cancellation: { freeUntilHours: b.cancellationFreeUntilHours, lateFeePercent: b.cancellationLateFeePercent },
    reminderOffsetsMinutes: b.reminderOffsetsMinutes,
    faq: b.faq,
  };
}

export function staffJson(s: Row<typeof staff>) {
  return { id: s.id, name: s.name, email: s.email, googleCalendarId: s.googleCalendarId, active: s.active };
}

export function ruleJson(r: Pick<Row<typeof availabilityRules>, "weekday" | "startMinute" | "endMinute">) {
  return { weekday: r.weekday, start: formatClockTime(r.startMinute), end: formatClockTime(r.endMinute) };
}

export function serviceJson(s: Row<typeof services>, staffIds: string[]) {
  return {
    id: s.id,
    name: s.name,
    aliases: s.aliases,
    durationMinutes: s.durationMinutes,
    priceCents: s.priceCents,
    currency: s.currency,
    requiresPayment: s.requiresPayment,
    active: s.active,
    staffIds,
    multiSession:
      s.totalSessions && s.strategy
        ? { totalSessions: s.totalSessions, strategy: s.strategy, gapDays: s.gapDays ?? undefined, minGapDays: s.minGapDays ?? undefined, sessionLabels: s.sessionLabels ?? undefined }
        : null,
    packageSessions: s.packageSessions,
  };
}

export function blockedPeriodJson(p: Row<typeof blockedPeriods>, timezone: string) {
  return { id: p.id, staffId: p.staffId, start: toZonedIso(p.startAt, timezone), end: toZonedIso(p.endAt, timezone), reason: p.reason };
}

export function bookingEventJson(e: Row<typeof bookingEvents>, timezone: string) {
  return {
    at: toZonedIso(e.at, timezone),
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: { kind: e.actorKind, name: e.actorName, userId: e.actorUserId },
    detail: e.detail ?? {},
  };
}

export interface PaymentView {
  status: string;
  amountCents: number;
  currency: string;
  url: string | null;
  /** What has gone back to the customer of the payment (the whole payment: a plan's sessions share one). */
  refundedCents: number;
}

export function bookingJson(b: Row<typeof bookings>, customer: { phone: string; name: string | null }, timezone: string, payment?: PaymentView) {
  return {
    id: b.id,
    serviceId: b.serviceId,
    staffId: b.staffId,
    customer: { phone: customer.phone, name: customer.name },
    start: toZonedIso(b.startAt, timezone),
    end: toZonedIso(b.endAt, timezone),
    status: b.status,
    sessionGroupId: b.sessionGroupId,
    sessionNumber: b.sessionNumber,
    totalSessions: b.totalSessions,
    holdExpiresAt: b.holdExpiresAt ? toZonedIso(b.holdExpiresAt, timezone) : null,
    backupStart: b.backupStartAt ? toZonedIso(b.backupStartAt, timezone) : null,
    rescheduleCount: b.rescheduleCount,
    payment: {
      ...(payment ?? { status: b.paymentStatus, amountCents: b.priceCents, currency: b.currency, url: null, refundedCents: 0 }),
      /** The fee a late cancellation kept (cents), null when none was kept. */
      cancellationFeeCents: b.cancellationFeeCents,
    },
  };
}

export function promoCodeJson(p: Row<typeof promoCodes>) {
  return { id: p.id, code: p.code, percentOff: p.percentOff, maxUses: p.maxUses, usedCount: p.usedCount, expiresAt: p.expiresAt?.toISOString() ?? null, active: p.active };
}
