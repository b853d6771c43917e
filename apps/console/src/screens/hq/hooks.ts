import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useSites } from "../../auth/site";

/** `undefined` when no site is picked (every site the user sees). */
type SiteFilter = string | undefined;

const fresh = { staleTime: 60_000, placeholderData: keepPreviousData } as const;

export function useDashboard(siteId: SiteFilter) {
  return useQuery({
    queryKey: ["reports", "dashboard", siteId ?? "all"],
    queryFn: () => unwrap(api.GET("/api/v1/reports/dashboard", { params: { query: { siteId } } })),
    ...fresh,
  });
}

export function useFreshness(siteId: SiteFilter) {
  return useQuery({
    queryKey: ["reports", "data-freshness", siteId ?? "all"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/data-freshness", { params: { query: { siteId } } })),
    ...fresh,
  });
}

export function useOccupancy(siteId: SiteFilter) {
  return useQuery({
    queryKey: ["reports", "occupancy", siteId ?? "all"],
    queryFn: () => unwrap(api.GET("/api/v1/reports/occupancy", { params: { query: { siteId } } })),
    ...fresh,
  });
}

export function useAgeing(siteId: SiteFilter, top = 10) {
  return useQuery({
    queryKey: ["reports", "receivables-ageing", siteId ?? "all", top],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/receivables-ageing", { params: { query: { siteId, top } } })),
    ...fresh,
  });
}

/** Months `YYYY-MM`. */
export function useCollectionRate(siteId: SiteFilter, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "collection-rate", siteId ?? "all", from, to],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/reports/collection-rate", { params: { query: { siteId, from, to } } }),
      ),
    ...fresh,
  });
}

/** Days `YYYY-MM-DD`. */
export function useRevenue(siteId: SiteFilter, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "revenue", siteId ?? "all", from, to],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/revenue", { params: { query: { siteId, from, to } } })),
    ...fresh,
  });
}

/** Months `YYYY-MM`. */
export function useRentYield(siteId: SiteFilter, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "rent-yield", siteId ?? "all", from, to],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/rent-yield", { params: { query: { siteId, from, to } } })),
    ...fresh,
  });
}

export function useLeaseExpiry(siteId: SiteFilter, months = 24) {
  return useQuery({
    queryKey: ["reports", "lease-expiry", siteId ?? "all", months],
    queryFn: () =>
      unwrap(api.GET("/api/v1/reports/lease-expiry", { params: { query: { siteId, months } } })),
    ...fresh,
  });
}

/** Days `YYYY-MM-DD`. */
export function usePaymentJournal(siteId: SiteFilter, from: string, to: string) {
  return useQuery({
    queryKey: ["reports", "payment-journal", siteId ?? "all", from, to],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/reports/payment-journal", { params: { query: { siteId, from, to } } }),
      ),
    ...fresh,
  });
}

/** The rent roll page by page (cursor), for "load more". */
export function useRentRoll(siteId: SiteFilter) {
  return useInfiniteQuery({
    queryKey: ["reports", "rent-roll", siteId ?? "all"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/reports/rent-roll", {
          params: { query: { siteId, limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 60_000,
  });
}

/** The audit trail page by page; only asked for when `enabled` (the user holds audit.read). */
export function useAuditTrail(siteId: SiteFilter, from: string, to: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["reports", "audit-trail", siteId ?? "all", from, to],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/reports/audit-trail", {
          params: { query: { siteId, from, to, limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 60_000,
    enabled,
  });
}

/** A fee item's name in the language shown (its code when the item is unknown). */
export function useFeeItemName(): (code: string) => string {
  const { i18n } = useTranslation();
  const items = useQuery({
    // The items themselves, as every screen caching this key holds them (leases, cashier,
    // account mapping): one shape per key, or the screen opened second reads the other's.
    queryKey: ["fee-items"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/fee-items"))).items,
    staleTime: 10 * 60_000,
  });
  const zh = i18n.language.startsWith("zh");
  return useCallback(
    (code: string) => {
      const item = items.data?.find((i) => i.code === code);
      if (!item) return code;
      return (zh ? item.nameZh : item.name) || item.name || code;
    },
    [items.data, zh],
  );
}

/** Sites by id, and a short label (code) for chart categories. */
export function useSiteLookup() {
  const sites = useSites();
  return useMemo(() => {
    const byId = new Map((sites.data ?? []).map((s) => [s.id, s]));
    return {
      sites: sites.data ?? [],
      isLoading: sites.isLoading,
      byId,
      code: (siteId: string | null) => (siteId ? (byId.get(siteId)?.code ?? siteId) : ""),
      name: (siteId: string | null) => (siteId ? (byId.get(siteId)?.name ?? siteId) : ""),
    };
  }, [sites.data, sites.isLoading]);
}
