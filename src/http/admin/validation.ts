/** Request parsing for the admin API: zod schemas in, problem+json 400/404/415 out. */
import type { Request, RequestHandler } from "express";
import type { z } from "zod";
import { problem, validationProblem } from "../problem";

export function parseBody<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) throw validationProblem(result.error, "body");
  return result.data;
}

export function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const result = schema.safeParse(req.query ?? {});
  if (!result.success) throw validationProblem(result.error, "query");
  return result.data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing: 404, as an unknown one. */
export function idParam(req: Request, entity: string, name = "id"): string {
  const id = String(req.params[name] ?? "");
  if (!UUID.test(id)) throw problem(404, `No ${entity} with id ${id}`);
  return id.toLowerCase();
}

/** A body sent with another content type is refused (415) rather than silently read as empty. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.header("content-length") ?? 0) > 0 || req.header("transfer-encoding") !== undefined;
  if (hasBody && !req.is("application/json")) return next(problem(415, "Send the body as application/json"));
  next();
};
