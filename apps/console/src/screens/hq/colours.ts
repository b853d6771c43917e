import type { AgeingBucket, OccupancyStatus } from "./shape";

/** Unit statuses in the colours of the units board. */
export const statusColour: Record<OccupancyStatus, string> = {
  vacant: "#389e0d",
  reserved: "#d48806",
  leased: "#1d5fa8",
  maintenance: "#cf1322",
  inactive: "#8c8c8c",
};

/** Ageing buckets from blue (not yet due) to red (over 90 days). */
export const ageingColour: Record<AgeingBucket, string> = {
  notDueMinor: "#69b1ff",
  overdue1to30Minor: "#ffd666",
  overdue31to60Minor: "#ffa940",
  overdue61to90Minor: "#ff7a45",
  overdueOver90Minor: "#cf1322",
};
