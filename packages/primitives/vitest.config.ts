import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "@slms/primitives" } });
