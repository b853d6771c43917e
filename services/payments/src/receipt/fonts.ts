import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * The receipt's fonts: Noto Sans SC (SIL Open Font License 1.1), regular and bold, full
 * TrueType files shipped inside the `@expo-google-fonts/noto-sans-sc` npm package — every
 * GB 18030 hanzi and Latin, so any name prints. Nothing is downloaded at install or run time.
 * Read once per process (≈10 MB each); a PDF embeds only the glyphs it uses.
 */
export interface ReceiptFonts {
  regular: Buffer;
  bold: Buffer;
}

const require = createRequire(import.meta.url);
const files = {
  regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
} as const;

let loaded: ReceiptFonts | undefined;

export function receiptFonts(): ReceiptFonts {
  loaded ??= {
    regular: readFileSync(require.resolve(files.regular)),
    bold: readFileSync(require.resolve(files.bold)),
  };
  return loaded;
}
