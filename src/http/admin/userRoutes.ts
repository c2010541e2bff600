/** Console users of the business: invite one, list them, send one a new set-password link, change their role or access (owners only: roles.ts). */
import { Router } from "express";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { changeUser } from "../../accounts/changeUser";
import { EmailTaken, type User, inviteUser, issuePasswordLink, userOfBusiness, usersOfBusiness } from "../../accounts/users";
import type { Clock } from "../../clock";
import type { Db } from "../../db/client";
import { USER_ROLES, staff } from "../../db/schema";
import { problem } from "../problem";
import { businessOf, userOf } from "./auth";
import { idParam, parseBody } from "./validation";

const inviteBody = z
  .object({
    email: z.string().trim().email("must be an email address").max(320),
    name: z.string().trim().min(1).max(200),
    role: z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(", ")}` }),
    staffId: z.string().uuid().optional(),
  })
  .strict()
  .refine((b) => b.role !== "staff" || b.staffId !== undefined, { message: "is required for a staff user (their own staff member)", path: ["staffId"] });

const changeBody = z
  .object({
    role: z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(", ")}` }),
    staffId: z.string().uuid().nullable(),
    disabled: z.boolean(),
  })
  .partial()
  .strict();

/** Where a person sets their password: the token travels in the fragment, which browsers never send to a server or in a Referer. */
export function setPasswordUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/console/set-password#${token}`;
}

function userJson(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    staffId: user.staffId,
    passwordSet: user.passwordHash !== null,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
  };
}

export function userRoutes(db: Db, clock: Clock, publicBaseUrl: string): Router {
  const router = Router();

  router.post("/users", async (req, res) => {
    const body = parseBody(inviteBody, req);
    const business = businessOf(res);
    if (body.staffId) {
      const [member] = await db.select({ id: staff.id }).from(staff).where(and(eq(staff.id, body.staffId), eq(staff.businessId, business.id)));
      if (!member) throw problem(400, "Unknown staff member", { errors: [{ field: "staffId", message: `no staff member with id ${body.staffId}` }] });
    }
    try {
      const { user, token } = await db.transaction((tx) => inviteUser(tx, { businessId: business.id, email: body.email, name: body.name, role: body.role, staffId: body.staffId ?? null }, clock.now()));
      res.status(201).json({ id: user.id, inviteUrl: setPasswordUrl(publicBaseUrl, token) });
    } catch (error) {
      if (error instanceof EmailTaken) throw problem(409, error.message, { type: "urn:slotline:email-taken" });
      throw error;
    }
  });

  router.get("/users", async (_req, res) => {
    res.json({ items: (await usersOfBusiness(db, businessOf(res).id)).map(userJson) });
  });

  router.post("/users/:id/password-link", async (req, res) => {
    const id = idParam(req, "user");
    const user = await userOfBusiness(db, businessOf(res).id, id);
    if (!user) throw problem(404, `No user with id ${id}`);
    const token = await db.transaction((tx) => issuePasswordLink(tx, user.id, clock.now()));
    res.json({ inviteUrl: setPasswordUrl(publicBaseUrl, token) });
  });

  /**
   * PATCH /admin/users/:id `{role?, staffId?: uuid | null, disabled?: boolean}` → the user (as in GET /admin/users).
   * Disabling ends their sessions at once and sign-in refuses them (401, as a wrong password); enabling lets
   * them back in with their password. 400 naming staffId for a staff user without a staff member (or an
   * unknown one); 409 for disabling or demoting the business's last active owner, or an owner disabling
   * themself; 404 for a user of another business.
   */
  router.patch("/users/:id", async (req, res) => {
    const id = idParam(req, "user");
    const body = parseBody(changeBody, req);
    const outcome = await changeUser(db, { businessId: businessOf(res).id, userId: id, actingUserId: userOf(res)?.id, ...body }, clock.now());
    switch (outcome.kind) {
      case "changed":
        return res.json(userJson(outcome.user));
      case "unknown":
        throw problem(404, `No user with id ${id}`);
      case "unknown-staff":
        throw problem(400, "Unknown staff member", { errors: [{ field: "staffId", message: `no staff member with id ${body.staffId}` }] });
      case "staff-needs-staff-member":
        throw problem(400, "A staff user needs their own staff member", { errors: [{ field: "staffId", message: "is required for a staff user (their own staff member)" }] });
      case "last-owner":
        throw problem(409, "This is the business's last active owner: make another user an owner first", { type: "urn:slotline:last-owner" });
      case "own-account":
        throw problem(409, "You cannot disable your own account: another owner can", { type: "urn:slotline:own-account" });
    }
  });

  return router;
}
