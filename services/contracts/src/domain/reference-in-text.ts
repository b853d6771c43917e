/** Contract numbers shorter than this are never looked for in a text: too easily found by chance. */
export const MIN_REFERENCE_LENGTH = 4;

const wordCharacter = /[0-9A-Za-z]/;

/**
 * Whether a lease's reference (contract number) stands in a text as a whole: found ignoring letter
 * case, with no letter or digit right before or after it — so `HT-2026-001` is in
 * `房租 HT-2026-001 王伟` and in `合同HT-2026-001`, but not in `HT-2026-0012`.
 */
export function referenceInText(text: string, reference: string): boolean {
  if (reference.length < MIN_REFERENCE_LENGTH) return false;
  const haystack = text.toUpperCase();
  const needle = reference.toUpperCase();
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = at > 0 ? haystack[at - 1]! : "";
    const after = haystack[at + needle.length] ?? "";
    // A reference that itself starts or ends with a letter or digit must not run on into one.
    const opensClean = !wordCharacter.test(needle[0]!) || !wordCharacter.test(before);
    const closesClean = !wordCharacter.test(needle.at(-1)!) || !wordCharacter.test(after);
    if (opensClean && closesClean) return true;
  }
  return false;
}

/**
 * The one reference a text names, of the references found in it by `referenceInText`, leaving
 * out a reference found only as part of a longer one found (`HT-1001` in `HT-1001-A`); null when
 * none is found, or two remain (a text naming two contracts is for a cashier to read).
 */
export function namedReference(text: string, references: readonly string[]): string | null {
  const found = references.filter((reference) => referenceInText(text, reference));
  const named = found.filter(
    (reference) =>
      !found.some(
        (other) =>
          other.length > reference.length && other.toUpperCase().includes(reference.toUpperCase()),
      ),
  );
  return named.length === 1 ? named[0]! : null;
}
