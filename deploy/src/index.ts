export { type ProbeResult, probe, probeGrpc, probeHttp } from "./probe.ts";
