import type { DbLike } from "./types.ts";

/** The catalogue every organisation starts with (codes are what schedules and reports use). */
export const defaultFeeItems = [
  { code: "rent", name: "Rent", nameZh: "租金", category: "rent" },
  { code: "management", name: "Management fee", nameZh: "物业管理费", category: "management" },
  { code: "parking", name: "Parking fee", nameZh: "停车费", category: "parking" },
  { code: "water", name: "Water", nameZh: "水费", category: "water" },
  { code: "electricity", name: "Electricity", nameZh: "电费", category: "electricity" },
  { code: "deposit", name: "Deposit", nameZh: "押金", category: "deposit" },
  { code: "late_fee", name: "Late fee", nameZh: "滞纳金", category: "late_fee" },
  { code: "penalty", name: "Termination penalty", nameZh: "违约金", category: "penalty" },
  { code: "other", name: "Other", nameZh: "其他", category: "other" },
] as const;

/** Creates the default fee items of an organisation if it has none (safe to call concurrently). */
export async function ensureFeeItems(db: DbLike, orgId: string): Promise<void> {
  await db.feeItem.createMany({
    data: defaultFeeItems.map((item) => ({ orgId, ...item })),
    skipDuplicates: true,
  });
}
