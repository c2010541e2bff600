import fs from "node:fs";
import { parseEnv } from "node:util";
import { z } from "zod";

/** Why a configuration was refused: one line, naming the variable, fit to print before exiting. */
export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalText.refine((v) => v === undefined || isHttpUrl(v), "must be an http(s) URL");

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** "a@b.example" or "Name <a@b.example>" (RFC 5322 mailbox, the common forms). */
function isMailbox(value: string): boolean {
  return /^([^<>]*<)?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/.test(value) && value.includes("<") === value.endsWith(">");
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  PORT: z.coerce.number({ error: "must be a port number (0-65535)" }).int("must be a port number (0-65535)").min(0, "must be a port number (0-65535)").max(65535, "must be a port number (0-65535)").default(3000),
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || v === "memory://" || /^postgres(ql)?:\/\//.test(v),
    "must start with postgres:// or postgresql://, or be memory://",
  ),
  DATA_DIR: z.string().default("./.data"),
  PUBLIC_BASE_URL: optionalUrl,
  ADMIN_TOKEN: optionalText,
  PLATFORM_TOKEN: optionalText,
  SESSION_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)"),
  TRUST_PROXY: z.coerce.number({ error: "must be a whole number of proxy hops (0-10)" }).int("must be a whole number of proxy hops (0-10)").min(0, "must be a whole number of proxy hops (0-10)").max(10, "must be a whole number of proxy hops (0-10)").default(0),
  TWILIO_ACCOUNT_SID: optionalText.refine((v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v), "must look like AC followed by 32 hex digits"),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_SMS_FROM: optionalText.refine((v) => v === undefined || /^\+[1-9]\d{6,14}$/.test(v) || /^MG[0-9a-fA-F]{32}$/.test(v), "must be an E.164 number like +15551234567 or a Messaging Service SID"),
  TWILIO_WHATSAPP_FROM: optionalText.refine((v) => v === undefined || /^whatsapp:\+[1-9]\d{6,14}$/.test(v), "must look like whatsapp:+15551234567"),
  TWILIO_API_BASE: optionalUrl,
  WHATSAPP_TOKEN: optionalText,
  WHATSAPP_PHONE_NUMBER_ID: optionalText,
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  WHATSAPP_API_BASE: optionalUrl,
  WHATSAPP_TEMPLATE_REMINDER: optionalText,
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "must be a language code like en_US").default("en_US"),
  OPENAI_API_KEY: optionalText,
  OPENAI_MODEL: z.string().min(1).default("gpt-4o-mini"),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_TIMEOUT_MS: z.coerce.number({ error: "must be a whole number of milliseconds" }).int("must be a whole number of milliseconds").min(100, "must be at least 100").max(60000, "must be at most 60000").default(4000),
  STRIPE_SECRET_KEY: optionalText.refine((v) => v === undefined || /^(sk|rk)_(test|live)_/.test(v), "must start with sk_test_, sk_live_, rk_test_ or rk_live_"),
  STRIPE_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith("whsec_"), "must start with whsec_"),
  STRIPE_CONNECT_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith("whsec_"), "must start with whsec_"),
  STRIPE_API_BASE: optionalUrl,
  GOOGLE_SERVICE_ACCOUNT_JSON: optionalText,
  GOOGLE_API_BASE: optionalUrl,
  SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/[^/]+/.test(v), "must be an SMTP URL like smtp://user:pass@host:587 or smtps://user:pass@host:465"),
  EMAIL_FROM: optionalText.refine((v) => v === undefined || isMailbox(v), 'must be an address like bookings@example.com or "Bookings <bookings@example.com>"'),
  RUN_JOBS: z.enum(["0", "1", ""], { message: "must be 1 or 0" }).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "must be one of fatal, error, warn, info, debug, trace, silent" }).default("info"),
  SEED_DEMO: z.enum(["0", "1"], { message: "must be 1 or 0" }).default("1"),
});

/** Every variable the configuration reads, by name (`.env.example` lists them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface GoogleServiceAccount {
  client_email: string;
  private_key: string;
  project_id?: string;
}

export interface Config {
  port: number;
  /** undefined: embedded PGlite in dataDir; "memory://": embedded, in memory; else a postgres URL. */
  databaseUrl: string | undefined;
  dataDir: string;
  publicBaseUrl: string;
  adminToken: string | undefined;
  /** Bearer for /platform/* (creating businesses, issuing their keys); undefined: /platform/* answers 503. */
  platformToken: string | undefined;
  /** SESSION_SECRET; undefined: one made once and kept in the database (accounts/deploymentSecret.ts). */
  sessionSecret: string | undefined;
  /** How many proxies in front of us to believe X-Forwarded-For from (req.ip: sign-in limits, logs); 0: the socket's address. */
  trustProxy: number;
  twilio: {
    accountSid: string | undefined;
    authToken: string | undefined;
    smsFrom: string | undefined;
    whatsappFrom: string | undefined;
    apiBase: string | undefined;
  };
  whatsapp: {
    token: string | undefined;
    phoneNumberId: string | undefined;
    appSecret: string | undefined;
    verifyToken: string | undefined;
    apiBase: string | undefined;
    reminderTemplate: string | undefined;
    templateLanguage: string;
  };
  openai: { apiKey: string | undefined; model: string; baseUrl: string | undefined; timeoutMs: number };
  /** connectWebhookSecret: the secret of the Connect endpoint, which signs connected accounts' events. */
  stripe: { secretKey: string | undefined; webhookSecret: string | undefined; connectWebhookSecret: string | undefined; apiBase: string | undefined };
  google: { serviceAccount: GoogleServiceAccount | undefined; apiBase: string | undefined };
  /** url undefined: emails are recorded with status `logged` and printed. from: the envelope and From address (the business's name is the display name). */
  email: { smtpUrl: string | undefined; from: string };
  runJobs: boolean;
  logLevel: string;
  seedDemo: boolean;
}

/** The file the commands read at start, from their working directory (see `.env.example`). */
export const ENV_FILE = ".env";

export interface LoadOptions {
  /**
   * A dotenv file to read first, when it exists: its values fill only the variables `env` does not
   * set (set to "" counts as set). The commands pass ENV_FILE; tests pass nothing and see only `env`.
   */
  envFile?: string;
}

/**
 * Reads and validates every variable of the contract from `env` (and `options.envFile`).
 * Returns the typed, frozen Config; throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>, options: LoadOptions = {}): Config {
  const parsed = envSchema.safeParse(options.envFile === undefined ? env : { ...readEnvFile(options.envFile), ...definedOnly(env) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    adminToken: e.ADMIN_TOKEN,
    platformToken: e.PLATFORM_TOKEN,
    sessionSecret: e.SESSION_SECRET,
    trustProxy: e.TRUST_PROXY,
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      smsFrom: e.TWILIO_SMS_FROM,
      whatsappFrom: e.TWILIO_WHATSAPP_FROM,
      apiBase: e.TWILIO_API_BASE,
    },
    whatsapp: {
      token: e.WHATSAPP_TOKEN,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
      appSecret: e.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN,
      apiBase: e.WHATSAPP_API_BASE,
      reminderTemplate: e.WHATSAPP_TEMPLATE_REMINDER,
      templateLanguage: e.WHATSAPP_TEMPLATE_LANGUAGE,
    },
    openai: { apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL, baseUrl: e.OPENAI_BASE_URL, timeoutMs: e.OPENAI_TIMEOUT_MS },
    stripe: { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, connectWebhookSecret: e.STRIPE_CONNECT_WEBHOOK_SECRET, apiBase: e.STRIPE_API_BASE },
    google: {
      serviceAccount: e.GOOGLE_SERVICE_ACCOUNT_JSON === undefined ? undefined : readServiceAccount(e.GOOGLE_SERVICE_ACCOUNT_JSON),
      apiBase: e.GOOGLE_API_BASE,
    },
    email: { smtpUrl: e.SMTP_URL, from: emailFrom(e.SMTP_URL, e.EMAIL_FROM) },
    runJobs: e.RUN_JOBS === "1",
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === "1",
  });
}

/** EMAIL_FROM; a server that really sends needs a real sender, so it is required with SMTP_URL. */
function emailFrom(smtpUrl: string | undefined, from: string | undefined): string {
  if (from) return from;
  if (smtpUrl) throw new ConfigError("EMAIL_FROM", "is required when SMTP_URL is set (e.g. Bookings <bookings@example.com>)");
  return "bookings@localhost";
}

/** The variables a dotenv file sets (Node's own parser, as `node --env-file`), or none when it does not exist. */
function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return definedOnly(parseEnv(text));
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const serviceAccountSchema = z.object({
  type: z.literal("service_account").optional(),
  client_email: z.string().email(),
  private_key: z.string().includes("PRIVATE KEY"),
  project_id: z.string().optional(),
});

/** The variable holds either the key's JSON text or a path to the key file. */
function readServiceAccount(value: string): GoogleServiceAccount {
  const variable = "GOOGLE_SERVICE_ACCOUNT_JSON";
  let text = value;
  if (!value.startsWith("{")) {
    try {
      text = fs.readFileSync(value, "utf8");
    } catch {
      throw new ConfigError(variable, `is neither JSON nor a readable file path (${value})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(variable, "is not valid JSON");
  }
  const key = serviceAccountSchema.safeParse(json);
  if (!key.success) throw new ConfigError(variable, "is not a Google service-account key (needs client_email and private_key)");
  return key.data;
}
