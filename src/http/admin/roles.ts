/**
 * What each console role may do on /admin/*, in one table: route → the least role allowed.
 * Roles are ordered staff < frontDesk < owner; a bearer request (an API key, ADMIN_TOKEN) acts as
 * the business itself, like an owner. A route missing from the table is the owner's alone, so a
 * new route is closed to the console until someone decides who may use it.
 *
 * - owner: everything of their business;
 * - frontDesk: every booking and conversation action, not the setup (business settings, staff and
 *   hours, services, promo codes, users, channels, jobs);
 * - staff: read the calendar (bookings, plans, staff, services) and act — complete, no-show, reschedule,
 *   cancel — only on bookings of their own staff member.
 */
import type { RequestHandler } from "express";
import { and, eq } from "drizzle-orm";
import type { UserRole } from "../../db/schema";
import { bookings } from "../../db/schema";
import type { Db } from "../../db/client";
import { problem } from "../problem";
import { businessOf, userOf } from "./auth";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Rule {
  method: Method;
  /** An /admin path with `:name` segments. */
  path: string;
  least: UserRole;
  /** A staff user may use it only on a booking (`:id`) of their own staff member. */
  ownBookingForStaff?: true;
}

const RULES: Rule[] = [
  { method: "GET", path: "/business", least: "staff" },
  { method: "GET", path: "/staff", least: "staff" },
  { method: "GET", path: "/staff/:id/availability", least: "staff" },
  { method: "GET", path: "/services", least: "staff" },
  { method: "GET", path: "/bookings", least: "staff" },
  { method: "GET", path: "/bookings/:id", least: "staff" },
  { method: "GET", path: "/bookings/:id/history", least: "staff" },
  { method: "GET", path: "/bookings/:id/emails", least: "staff" },
  { method: "GET", path: "/bookings/:id/cancellation", least: "staff", ownBookingForStaff: true },
  { method: "GET", path: "/bookings/:id/free-times", least: "staff", ownBookingForStaff: true },
  { method: "POST", path: "/bookings/:id/complete", least: "staff", ownBookingForStaff: true },
  { method: "POST", path: "/bookings/:id/no-show", least: "staff", ownBookingForStaff: true },
  { method: "POST", path: "/bookings/:id/reschedule", least: "staff", ownBookingForStaff: true },
  { method: "POST", path: "/bookings/:id/cancel", least: "staff", ownBookingForStaff: true },
  { method: "POST", path: "/bookings/:id/approve", least: "frontDesk" },
  { method: "POST", path: "/bookings/:id/reject", least: "frontDesk" },
  { method: "GET", path: "/plans", least: "staff" },
  { method: "GET", path: "/blocked-periods", least: "staff" },
  { method: "POST", path: "/blocked-periods", least: "frontDesk" },
  { method: "POST", path: "/blocked-periods/preview", least: "frontDesk" },
  { method: "DELETE", path: "/blocked-periods/:id", least: "frontDesk" },
  { method: "GET", path: "/messages", least: "frontDesk" },
  { method: "GET", path: "/notifications", least: "staff" },
  { method: "POST", path: "/notifications/:id/read", least: "staff" },
  { method: "GET", path: "/conversations", least: "frontDesk" },
  { method: "GET", path: "/conversations/:id", least: "frontDesk" },
  { method: "POST", path: "/conversations/:id/takeover", least: "frontDesk" },
  { method: "POST", path: "/conversations/:id/hand-back", least: "frontDesk" },
  { method: "POST", path: "/conversations/:id/messages", least: "frontDesk" },
  { method: "GET", path: "/stats", least: "frontDesk" },
  { method: "GET", path: "/channels", least: "owner" },
  { method: "PATCH", path: "/users/:id", least: "owner" },
  { method: "POST", path: "/services/preview", least: "owner" },
  { method: "GET", path: "/promo-codes", least: "owner" },
  { method: "PATCH", path: "/promo-codes/:id", least: "owner" },
  { method: "GET", path: "/stats/daily", least: "frontDesk" },
  // Everything else — PATCH /business, staff (POST, PATCH), hours (PUT), services, promo codes, users, jobs — is the owner's.
];

const RANK: Record<UserRole, number> = { staff: 0, frontDesk: 1, owner: 2 };

const compiled = RULES.map((rule) => ({
  ...rule,
  pattern: new RegExp(`^${rule.path.replace(/:[A-Za-z]+/g, "([^/]+)")}/?$`),
}));

function ruleFor(method: string, path: string): { rule: Rule; params: string[] } | undefined {
  const wanted = method === "HEAD" ? "GET" : method;
  for (const rule of compiled) {
    if (rule.method !== wanted) continue;
    const m = rule.pattern.exec(path);
    if (m) return { rule, params: m.slice(1) };
  }
  return undefined;
}

/** Refuses (403) what the console user's role may not do; bearer requests pass. */
export function authorizeRole(db: Db): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = userOf(res);
      if (!user) return next();
      const match = ruleFor(req.method, req.path);
      const least: UserRole = match?.rule.least ?? "owner";
      if (RANK[user.role] < RANK[least]) return next(problem(403, `A ${user.role} user may not ${req.method} /admin${req.path}`));
      if (match?.rule.ownBookingForStaff && user.role === "staff") {
        const [booking] = await db
          .select({ staffId: bookings.staffId })
          .from(bookings)
          .where(and(eq(bookings.id, normalizedId(match.params[0])), eq(bookings.businessId, businessOf(res).id)));
        // An unknown (or another business's) booking is the route's 404, not a 403 that confirms it exists.
        if (booking && booking.staffId !== user.staffId) return next(problem(403, "Staff act only on their own bookings"));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A malformed id matches no booking (the route answers 404). */
function normalizedId(id: string | undefined): string {
  return id && UUID.test(id) ? id.toLowerCase() : "00000000-0000-0000-0000-000000000000";
}
