import { useQuery } from "@tanstack/react-query";
import { useDeferredValue } from "react";
import { api, type Paths, unwrap } from "../../api/client";
import { allPages } from "../../api/pages";

export type Payment =
  Paths["/api/v1/sites/{siteId}/payments"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Bill =
  Paths["/api/v1/sites/{siteId}/bills"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Customer =
  Paths["/api/v1/sites/{siteId}/customers"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type Lease =
  Paths["/api/v1/sites/{siteId}/leases"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type PaymentMethod = Payment["method"];

export const paymentMethods: PaymentMethod[] = [
  "cash",
  "wechat_pay",
  "alipay",
  "bank_transfer",
  "card",
  "other",
];

/** Customers of the site whose name, phone or ID ending matches what was typed (20 at most). */
export function useCustomerSearch(siteId: string, typed: string) {
  const q = useDeferredValue(typed.trim());
  return useQuery({
    queryKey: ["customer-search", siteId, q],
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/sites/{siteId}/customers", {
            params: { path: { siteId }, query: { q: q || undefined, limit: 20 } },
          }),
        )
      ).items,
    placeholderData: (previous) => previous,
  });
}

/** Every customer of the site by id, for showing names in lists. */
export function useCustomerNames(siteId: string) {
  return useQuery({
    queryKey: ["customer-names", siteId],
    queryFn: async () => {
      const names = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET("/api/v1/sites/{siteId}/customers", {
            params: { path: { siteId }, query: { limit: 500, cursor } },
          }),
        );
        for (const customer of page.items) names.set(customer.id, customer.name);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return names;
    },
    staleTime: 60_000,
  });
}

/** Every open bill of a customer (all pages). */
export async function fetchOpenBills(siteId: string, customerId: string): Promise<Bill[]> {
  return allPages((cursor) =>
    unwrap(
      api.GET("/api/v1/sites/{siteId}/bills", {
        params: { path: { siteId }, query: { customerId, status: "open", limit: 500, cursor } },
      }),
    ),
  );
}

/** Every lease of the site (all pages). */
export async function fetchLeases(siteId: string): Promise<Lease[]> {
  return allPages((cursor) =>
    unwrap(
      api.GET("/api/v1/sites/{siteId}/leases", {
        params: { path: { siteId }, query: { limit: 500, cursor } },
      }),
    ),
  );
}

/**
 * Fetches the payment's receipt PDF with the session's token, and opens the browser's print
 * dialog on it (from a hidden frame; a new window if the frame cannot print).
 */
export async function printReceipt(siteId: string, paymentId: string): Promise<void> {
  const blob = await unwrap(
    api.GET("/api/v1/sites/{siteId}/payments/{paymentId}/receipt.pdf", {
      params: { path: { siteId, paymentId } },
      parseAs: "blob",
    }),
  );
  const url = URL.createObjectURL(new Blob([blob], { type: "application/pdf" }));
  const frame = document.createElement("iframe");
  frame.style.position = "fixed";
  frame.style.width = "0";
  frame.style.height = "0";
  frame.style.border = "0";
  frame.title = "receipt";
  frame.dataset.testid = "receipt-frame";
  frame.src = url;
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } catch {
      window.open(url, "_blank");
    }
  };
  document.body.appendChild(frame);
  // Long enough for the print dialog; then the frame and its object URL go.
  setTimeout(() => {
    frame.remove();
    URL.revokeObjectURL(url);
  }, 10 * 60_000);
}

export interface FeeItem {
  code: string;
  name: string;
  nameZh: string;
  category: string;
  active: boolean;
}

/** The organisation's fee items (收费项目). */
export function useFeeItems() {
  return useQuery({
    queryKey: ["fee-items"],
    queryFn: async () =>
      ((await unwrap(api.GET("/api/v1/fee-items"))) as unknown as { items: FeeItem[] }).items,
    staleTime: 10 * 60_000,
  });
}

/** A fee item's name in the language shown (its code when unknown). */
export function feeName(items: FeeItem[] | undefined, code: string, language: string): string {
  const item = items?.find((i) => i.code === code);
  if (!item) return code;
  return language.startsWith("zh") ? item.nameZh || item.name : item.name;
}
