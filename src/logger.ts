import pino from "pino";
import { redactManageLinks } from "./accounts/manageTokens";

export type Logger = pino.Logger;

/**
 * The process's logger. `destination` is stdout unless given (tests capture the lines). Every line
 * leaves with its customers' manage links redacted: a path, an error's message or a message body
 * that holds one (/m/<token>) must never put the token, a credential, in a log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: redactManageLinks },
  };
  return destination ? pino(options, destination) : pino(options);
}
