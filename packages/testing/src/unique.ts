import { randomBytes } from "node:crypto";

/** A short random lowercase suffix for names that must not collide across parallel tests. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(5).toString("hex")}`;
}

/** `label` reduced to lowercase letters, digits and `_`, at most `max` characters. */
export function slug(label: string, max: number): string {
  return label
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "_")
    .replaceAll(/^_+|_+$/g, "")
    .slice(0, max);
}
