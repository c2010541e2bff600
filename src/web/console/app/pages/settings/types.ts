/** The parts of /admin/business, /admin/channels and /admin/users the Settings page reads (see the README's admin routes). */
import type { Role } from "../../types";

export interface BusinessSettings {
  name: string;
  slug: string;
  timezone: string;
  currency: string;
  country: string | null;
  address: string | null;
  contactEmail: string | null;
  requireEmail: boolean;
  slotIntervalMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  holdMinutes: number;
  requiresApproval: boolean;
  cancellation: { freeUntilHours: number; lateFeePercent: number };
  reminderOffsetsMinutes: number[];
  /** What the bot answers when a customer's question matches one (at most 50; question ≤ 200, answer ≤ 600 characters). */
  faq: FaqEntry[];
}

export interface FaqEntry {
  question: string;
  answer: string;
}

export interface ChannelClaim {
  kind: "twilio_number" | "whatsapp_phone_number_id";
  address: string;
  position: number;
  createdAt: string;
  webhookUrl: string;
}

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  staffId: string | null;
  passwordSet: boolean;
  createdAt: string;
  disabledAt: string | null;
}

export const ROLE_NAMES: Record<Role, string> = { owner: "Owner", frontDesk: "Front desk", staff: "Staff" };
