export type { DestinationStream, Level, LevelWithSilent, Logger } from "pino";
export type { CreateLoggerOptions } from "./logger.ts";
export { createLogger, REDACT_PATHS, REDACTED } from "./logger.ts";
