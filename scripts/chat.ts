/**
 * npm run chat: text the running server as a customer. Each line you type goes out as a signed
 * Twilio webhook; the bot's replies are printed. Options: --phone +15551234567, --whatsapp.
 */
import readline from "node:readline";
import { ConfigError, ENV_FILE, loadConfig } from "../src/config/config";
import { sendAsCustomer } from "./twilioClient";

const NO_BUSINESS =
  "(no reply: no business is set up yet. Create one with PATCH /admin/business, see the README's " +
  '"Setting up a business through the API", or restart the server with SEED_DEMO=1 for the demo salon)\n';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function chat(): Promise<void> {
  const config = loadConfig(process.env, { envFile: ENV_FILE });
  const phone = option("--phone") ?? "+15555550123";
  const from = process.argv.includes("--whatsapp") ? `whatsapp:${phone}` : phone;
  const target = { serverUrl: `http://127.0.0.1:${config.port}`, publicBaseUrl: config.publicBaseUrl, authToken: config.twilio.authToken };
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
  process.stdout.write(`Texting ${target.serverUrl} as ${from}. Try "haircut tomorrow at 3pm". Ctrl+D to quit.\n`);
  rl.prompt();
  for await (const line of rl) {
    try {
      const { status, replies, body, unanswered } = await sendAsCustomer(target, { from, body: line });
      if (status !== 200) process.stdout.write(`(server answered ${status}: ${body.slice(0, 300)})\n`);
      else if (unanswered === "no-business") process.stdout.write(NO_BUSINESS);
      else if (replies.length === 0) process.stdout.write("(no reply)\n");
      for (const text of replies) process.stdout.write(`bot> ${text.replace(/\n/g, "\n     ")}\n`);
    } catch (error) {
      process.stdout.write(`(could not reach ${target.serverUrl}: is "npm start" running? ${error instanceof Error ? error.message : ""})\n`);
    }
    rl.prompt();
  }
  rl.close();
}

chat().catch((error) => {
  process.stderr.write(error instanceof ConfigError ? `Configuration error: ${error.message}\n` : `${String(error)}\n`);
  process.exit(1);
});
