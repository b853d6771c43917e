import type { Waiver } from "../generated/prisma/client.ts";

export interface WaiverView {
  id: string;
  billId: string;
  amountMinor: number;
  reason: string;
  status: Waiver["status"];
  requestedBy: string;
  decidedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export const waiverView = (w: Waiver): WaiverView => ({
  id: w.id,
  billId: w.billId,
  amountMinor: Number(w.amountMinor),
  reason: w.reason,
  status: w.status,
  requestedBy: w.requestedBy,
  decidedBy: w.decidedBy,
  createdAt: w.createdAt,
  decidedAt: w.decidedAt,
});

/** Roles that may approve a waiver above the threshold (not the person who asked for it). */
export const waiverApproverRoles = ["site_manager", "finance", "hq_admin"] as const;
