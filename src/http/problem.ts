/** RFC 9457 problem details: every API error leaves through here, never as an HTML page or a 500 for bad input. */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { ZodError } from "zod";
import { BookingError, InvalidTransition, NoStaffForService, NotFound, PlanGapTooShort, SlotTaken, SlotUnavailable } from "../booking/errors";
import { redactManageLinks } from "../accounts/manageTokens";
import { toZonedIso } from "../booking/time";
import type { Logger } from "../logger";
import { PaymentProviderError } from "../payments/gateway";

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
  /** RFC 9457 extension members, e.g. the first start a plan's minimum gap allows. */
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    .type("application/problem+json")
    .send(JSON.stringify({ type: problem.type ?? "about:blank", ...problem }));
}

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): HttpProblem {
  return new HttpProblem({ title: TITLES[status] ?? "Error", status, detail, ...extra });
}

export function validationProblem(error: ZodError, where: "body" | "query" = "body"): HttpProblem {
  return problem(400, `The request ${where} is not valid`, {
    // An unknown key is named itself, not the object it sits in.
    errors: error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((key) => ({ field: [...i.path, key].join("."), message: "is not a field of this request" }))
        : [{ field: i.path.join(".") || where, message: i.message }],
    ),
  });
}

function fromBookingError(error: BookingError): Problem {
  if (error instanceof NotFound) return { title: "Not Found", status: 404, detail: error.message };
  if (error instanceof SlotTaken) return { title: "Conflict", status: 409, type: "urn:slotline:slot-taken", detail: error.message };
  if (error instanceof InvalidTransition) return { title: "Conflict", status: 409, type: "urn:slotline:invalid-transition", detail: error.message };
  if (error instanceof SlotUnavailable) return { title: "Conflict", status: 409, type: "urn:slotline:slot-unavailable", detail: error.message };
  if (error instanceof PlanGapTooShort) {
    return {
      title: "Conflict",
      status: 409,
      type: "urn:slotline:plan-gap-too-short",
      detail: error.message,
      minGapDays: error.minGapDays,
      ...(error.allowedFrom && { earliestStart: toZonedIso(error.allowedFrom, error.timezone) }),
      ...(error.allowedUntil && { startBefore: toZonedIso(error.allowedUntil, error.timezone) }),
    };
  }
  if (error instanceof NoStaffForService) return { title: "Conflict", status: 409, detail: error.message };
  return { title: "Conflict", status: 409, detail: error.message };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, { title: "Not Found", status: 404, detail: `No route for ${req.method} ${req.path}` });
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpProblem) return sendProblem(res, error.problem);
    if (error instanceof BookingError) return sendProblem(res, fromBookingError(error));
    // The payment provider refused or could not be reached; the transaction rolled back, so nothing changed.
    if (error instanceof PaymentProviderError) {
      logger.warn({ err: error, method: req.method, path: redactManageLinks(req.path) }, "payment provider failed");
      return sendProblem(res, { title: TITLES[502]!, status: 502, detail: "The payment provider could not complete the request; nothing was changed. Please try again shortly." });
    }
    // body-parser's own errors carry the status they mean.
    const status = typeof error?.status === "number" ? error.status : typeof error?.statusCode === "number" ? error.statusCode : 500;
    if (status === 413) return sendProblem(res, { title: TITLES[413]!, status, detail: "The body is larger than 100 KB" });
    if (status === 415) return sendProblem(res, { title: TITLES[415]!, status, detail: String(error.message) });
    if (status >= 400 && status < 500) return sendProblem(res, { title: TITLES[status] ?? "Bad Request", status, detail: error.type === "entity.parse.failed" ? "The body is not valid JSON" : String(error.message) });
    logger.error({ err: error, method: req.method, path: redactManageLinks(req.path) }, "request failed");
    sendProblem(res, { title: TITLES[500]!, status: 500, detail: "Something went wrong on our side" });
  };
}
