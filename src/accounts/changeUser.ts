/**
 * An owner changes a console user's role, staff member or access. Disabling ends the user's
 * sessions at once (and sign-in no longer finds them); enabling lets them sign in again with their
 * password. A business never loses its last active owner this way, and an owner cannot lock
 * themself out.
 */
import { and, eq, isNull, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { type UserRole, staff, users } from "../db/schema";
import { endSessionsOf } from "./sessions";
import type { User } from "./users";

export interface UserChange {
  businessId: string;
  userId: string;
  /** The console user asking (undefined for an API key or ADMIN_TOKEN, which act as the business). */
  actingUserId?: string;
  role?: UserRole;
  /** null: no staff member (not allowed for a staff user). */
  staffId?: string | null;
  disabled?: boolean;
}

export type ChangeUserOutcome =
  | { kind: "changed"; user: User }
  /** No such user in this business. */
  | { kind: "unknown" }
  /** staffId names no staff member of this business. */
  | { kind: "unknown-staff" }
  /** The user would be a staff user without a staff member. */
  | { kind: "staff-needs-staff-member" }
  /** The change would leave the business without an active owner. */
  | { kind: "last-owner" }
  /** An owner tried to disable their own account. */
  | { kind: "own-account" };

export async function changeUser(db: Db, change: UserChange, now: Date): Promise<ChangeUserOutcome> {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, change.userId), eq(users.businessId, change.businessId)))
      .for("update");
    if (!user) return { kind: "unknown" };
    if (change.disabled === true && change.actingUserId === user.id) return { kind: "own-account" };
    if (change.staffId) {
      const [member] = await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.id, change.staffId), eq(staff.businessId, change.businessId)));
      if (!member) return { kind: "unknown-staff" };
    }
    const role = change.role ?? user.role;
    const staffId = change.staffId === undefined ? user.staffId : change.staffId;
    const disabledAt = change.disabled === undefined ? user.disabledAt : change.disabled ? (user.disabledAt ?? now) : null;
    if (role === "staff" && staffId === null) return { kind: "staff-needs-staff-member" };

    const wasActiveOwner = user.role === "owner" && user.disabledAt === null;
    if (wasActiveOwner && (role !== "owner" || disabledAt !== null)) {
      // Locks the other active owners too, so two owners demoting each other at once cannot both succeed.
      const others = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.businessId, change.businessId), eq(users.role, "owner"), isNull(users.disabledAt), ne(users.id, user.id)))
        .for("update");
      if (others.length === 0) return { kind: "last-owner" };
    }

    const [changed] = await tx.update(users).set({ role, staffId, disabledAt }).where(eq(users.id, user.id)).returning();
    if (disabledAt !== null && user.disabledAt === null) await endSessionsOf(tx, user.id);
    return { kind: "changed", user: changed! };
  });
}
