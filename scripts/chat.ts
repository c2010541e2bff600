/**
 * npm run chat: text the running server as a customer. Each line you type goes out as a signed
 * Twilio webhook and the bot's replies are printed; what the bot sends on its own (an invitation,
 * a reminder, a staff notice) is printed as it happens, polled every second. `--help` lists the options.
 */
import readline from "node:readline";
import { outboundSince, type FedMessage } from "../src/channels/outboundFeed";
import { ConfigError, ENV_FILE, loadConfig, type Config } from "../src/config/config";
import { type Database, openDatabase } from "../src/db/client";
import { liveOwner } from "../src/db/embeddedOwner";
import { LOCAL_TOKEN_HEADER } from "../src/http/localJobs";
import { sendAsCustomer } from "./twilioClient";

const HELP = `Usage: npm run chat -- [options]

Text the running Slotline server as a customer, through signed Twilio webhooks.

Options:
  --port <n>        the server's port (default: PORT, from the environment or .env, else 3000)
  --phone <number>  the customer's number, E.164 (default +15555550123)
  --to <number>     the business's number texted, E.164 (default +15550001111): with several businesses
                    on the server, the one that claims this number answers
  --whatsapp        text as a WhatsApp customer (From: whatsapp:<number>)
  --help            show this and exit

Messages the bot sends on its own are shown as they happen when the chat can read them: from the
server that holds the embedded database (same DATA_DIR), or from DATABASE_URL's PostgreSQL.
`;

const NO_BUSINESS =
  "(no reply: no business is set up yet. Create one with PATCH /admin/business, see the README's " +
  '"Setting up a business through the API", or restart the server with SEED_DEMO=1 for the demo salon)\n';

const UNCLAIMED =
  "(no reply: this server holds several businesses and none claims the number written to. Give the business's " +
  'number in its settings (PATCH /admin/business {"channels": {"twilioNumbers": [...]}}); the server log names the number)\n';

const POLL_MS = 1000;

class UsageError extends Error {}

interface Options {
  port: string | undefined;
  phone: string;
  to: string;
  whatsapp: boolean;
  help: boolean;
}

function readOptions(argv: string[]): Options {
  const options: Options = { port: undefined, phone: "+15555550123", to: "+15550001111", whatsapp: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg === "--whatsapp") options.whatsapp = true;
    else if (arg === "--port") options.port = value();
    else if (arg === "--phone") options.phone = value();
    else if (arg === "--to") options.to = value();
    else throw new UsageError(`unknown option ${arg}`);
  }
  for (const [flag, number] of [["--phone", options.phone], ["--to", options.to]] as const) {
    if (!/^\+[1-9]\d{6,14}$/.test(number)) throw new UsageError(`${flag} must be E.164, e.g. +15551234567 (got ${number})`);
  }
  return options;
}

/** Where the bot's own messages to this phone can be read, or why they cannot. */
type Feed = { read: (after: Date) => Promise<FedMessage[]>; close: () => Promise<void> } | { unavailable: string };

async function openFeed(config: Config, phone: string): Promise<Feed> {
  if (config.databaseUrl === "memory://") return { unavailable: "the server's database is in its own memory" };
  if (config.databaseUrl !== undefined) {
    const database: Database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, maxConnections: 1 });
    return { read: (after) => outboundSince(database.db, phone, after), close: () => database.close() };
  }
  const server = liveOwner(config.dataDir)?.server;
  if (!server || server.port !== config.port) return { unavailable: `no server on port ${config.port} holds the embedded database in ${config.dataDir} (DATA_DIR)` };
  return {
    read: async (after) => {
      const query = new URLSearchParams({ phone, after: after.toISOString() });
      const res = await fetch(`http://127.0.0.1:${server.port}/internal/chat/outbound?${query}`, { headers: { [LOCAL_TOKEN_HEADER]: server.token } });
      if (!res.ok) throw new Error(`the server answered ${res.status}`);
      const { items } = (await res.json()) as { items: (Omit<FedMessage, "createdAt"> & { createdAt: string })[] };
      return items.map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
    },
    close: async () => {},
  };
}

/** Prints above the prompt, keeping what the user has typed so far. */
function printAbovePrompt(rl: readline.Interface, text: string): void {
  if (!process.stdout.isTTY) {
    process.stdout.write(text);
    return;
  }
  readline.clearLine(process.stdout, 0);
  readline.cursorTo(process.stdout, 0);
  process.stdout.write(text);
  rl.prompt(true);
}

const asBot = (text: string) => `bot> ${text.replace(/\n/g, "\n     ")}\n`;

async function chat(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  // The port decides the URL the server signs against too (PUBLIC_BASE_URL unset: http://localhost:PORT).
  const config = loadConfig(options.port === undefined ? process.env : { ...process.env, PORT: options.port }, { envFile: ENV_FILE });
  const from = options.whatsapp ? `whatsapp:${options.phone}` : options.phone;
  const target = { serverUrl: `http://127.0.0.1:${config.port}`, publicBaseUrl: config.publicBaseUrl, authToken: config.twilio.authToken };
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
  process.stdout.write(`Texting ${target.serverUrl} as ${from}. Try "haircut tomorrow at 3pm". Ctrl+D to quit.\n`);

  const feed = await openFeed(config, options.phone);
  const seen = new Set<string>();
  const since = new Date();
  let poller: NodeJS.Timeout | undefined;
  if ("unavailable" in feed) process.stdout.write(`(messages the bot sends on its own are not shown: ${feed.unavailable})\n`);
  else {
    let polling = false;
    poller = setInterval(() => {
      if (polling) return;
      polling = true;
      feed
        .read(since)
        .then((items) => {
          for (const m of items.filter((m) => !seen.has(m.id))) {
            seen.add(m.id);
            printAbovePrompt(rl, asBot(m.status === "failed" || m.status === "undelivered" ? `${m.body} (${m.status})` : m.body));
          }
        })
        .catch(() => {}) // The server may be restarting: the next poll tries again.
        .finally(() => (polling = false));
    }, POLL_MS);
  }

  rl.prompt();
  for await (const line of rl) {
    try {
      const { status, replies, body, unanswered } = await sendAsCustomer(target, { from, to: options.whatsapp ? `whatsapp:${options.to}` : options.to, body: line });
      if (status !== 200) process.stdout.write(`(server answered ${status}: ${body.slice(0, 300)})\n`);
      else if (unanswered === "no-business") process.stdout.write(NO_BUSINESS);
      else if (unanswered === "unclaimed-address") process.stdout.write(UNCLAIMED);
      else if (replies.length === 0) process.stdout.write("(no reply)\n");
      for (const text of replies) process.stdout.write(asBot(text));
    } catch (error) {
      process.stdout.write(`(could not reach ${target.serverUrl}: is "npm start" running? ${error instanceof Error ? error.message : ""})\n`);
    }
    rl.prompt();
  }
  rl.close();
  if (poller) clearInterval(poller);
  if (!("unavailable" in feed)) await feed.close();
}

chat().catch((error) => {
  if (error instanceof UsageError) process.stderr.write(`npm run chat: ${error.message}\n\n${HELP}`);
  else process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `${String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
