/** The console's one way to the server: JSON in and out, the CSRF token on every change, problem+json read into ApiError. */
import { useState } from "preact/hooks";

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    /** Seconds to wait, from Retry-After (429). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  /** The message for one field, when the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

let csrfToken: string | undefined;

/** Set from GET /console/api/me; sent as X-CSRF-Token on every request that changes something. */
export function useCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "The server could not be reached. Check the connection and try again.");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    const retry = res.headers.get("Retry-After");
    const detail = typeof json.detail === "string" ? json.detail : typeof json.title === "string" ? json.title : `The server answered ${res.status}`;
    throw new ApiError(res.status, detail, Array.isArray(json.errors) ? (json.errors as FieldError[]) : [], retry ? Number(retry) : undefined);
  }
  return json as T;
}

/**
 * A form's submission: `submit` runs `send` once at a time (`busy` meanwhile) and keeps what the
 * server refused as an ApiError (its field errors are shown beside the fields).
 */
export function useSubmit(send: () => Promise<void>): { submit: (event: Event) => Promise<void>; busy: boolean; error: ApiError | undefined } {
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await send();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e)));
    } finally {
      setBusy(false);
    }
  }
  return { submit, busy, error };
}
