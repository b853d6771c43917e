export { type Periodic, type PeriodicOptions, startPeriodic } from "./periodic.ts";
export { type ShutdownOptions, type ShutdownStep, shutdownOnSignals } from "./shutdown.ts";
