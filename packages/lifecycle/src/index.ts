export { type ShutdownOptions, type ShutdownStep, shutdownOnSignals } from "./shutdown.ts";
