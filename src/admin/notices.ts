/** What the customer is told when the business acts on their booking. Short, one SMS segment where possible. */
import { formatWhen } from "../conversation/replies";

export interface NoticeBooking {
  serviceName: string;
  start: Date;
  timezone: string;
  sessionNumber: number | null;
  totalSessions: number | null;
}

function what(b: NoticeBooking): string {
  const session = b.sessionNumber && b.totalSessions ? ` (session ${b.sessionNumber} of ${b.totalSessions})` : "";
  return `${b.serviceName}${session}, ${formatWhen(b.start.toISOString(), b.timezone)}`;
}

export const notice = {
  approved: (b: NoticeBooking) => `Good news: your ${what(b)} is confirmed. See you then!`,
  rejected: (b: NoticeBooking) => `Sorry, we can't take your ${what(b)}. Reply with another day or time to book again.`,
  cancelledByBusiness: (b: NoticeBooking) => `Your ${what(b)} has been cancelled by the business. Reply to book another time.`,
  rescheduledByBusiness: (b: NoticeBooking, from: Date) =>
    `Your ${b.serviceName} has moved from ${formatWhen(from.toISOString(), b.timezone)} to ${formatWhen(b.start.toISOString(), b.timezone)}. Reply "reschedule" if that doesn't suit you.`,
  movedToBackup: (b: NoticeBooking, from: Date) =>
    `We can no longer see you at ${formatWhen(from.toISOString(), b.timezone)}, so your ${b.serviceName} is moved to your backup time: ${formatWhen(b.start.toISOString(), b.timezone)}.`,
  reminder: (b: NoticeBooking) => `Reminder: ${what(b)}. Reply "reschedule" or "cancel" if you need to.`,
  feedback: (b: NoticeBooking) => `Thanks for coming in for your ${b.serviceName}! How was it? Reply with a score from 1 to 5.`,
  /** One message for every session one payment held: they lapse together. */
  holdExpired: (held: NoticeBooking[]) =>
    held.length === 1
      ? `Your hold on ${what(held[0]!)} has lapsed and the time is free again. Reply to book again.`
      : `Your hold on ${held[0]!.serviceName} has lapsed and these times are free again:\n${held.map((b) => formatWhen(b.start.toISOString(), b.timezone)).join("\n")}\nReply to book again.`,
  approvalExpired: (b: NoticeBooking) => `Sorry, your request for ${what(b)} could not be confirmed in time. Reply to book another time.`,
};
