/** The parts of the API's JSON the console reads (see the README's admin and console routes). */
export type Role = "owner" | "frontDesk" | "staff";

export interface Me {
  user: { id: string; email: string; name: string; role: Role; staffId: string | null };
  business: { id: string; name: string; slug: string };
  /** The server's public address: the booking page is at `${publicBaseUrl}/b/${business.slug}`. */
  publicBaseUrl: string;
  csrfToken: string;
}

export interface Business {
  name: string;
  timezone: string;
  currency: string;
  cancellation: { freeUntilHours: number; lateFeePercent: number };
}

export interface StaffMember {
  id: string;
  name: string;
  active: boolean;
}

export interface Service {
  id: string;
  name: string;
}

export type BookingStatus = "held" | "pending_payment" | "pending_approval" | "confirmed" | "completed" | "cancelled" | "no_show" | "expired";

export interface Booking {
  id: string;
  serviceId: string;
  staffId: string;
  customer: { phone: string; name: string | null };
  /** ISO 8601 with the business's offset: its first 16 characters are the local date and time. */
  start: string;
  end: string;
  status: BookingStatus;
  sessionNumber: number | null;
  totalSessions: number | null;
  holdExpiresAt: string | null;
  payment: { status: string; amountCents: number; currency: string; url: string | null };
}
