import { defineProject } from "vitest/config";

// The renders (`kubectl kustomize`, once per overlay in each file's beforeAll) take seconds each
// and longer on a busy machine: hooks get a minute, not vitest's default 10 s.
export default defineProject({ test: { name: "@slms/deploy", hookTimeout: 60_000 } });
