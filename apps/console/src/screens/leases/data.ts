export { type Unit, useSiteUnits } from "../../api/pages";

import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Paths, unwrap } from "../../api/client";

export type CustomerSummary =
  Paths["/api/v1/sites/{siteId}/customers"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type ScheduleLine =
  Paths["/api/v1/sites/{siteId}/leases/{leaseId}/schedule"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** The site's customers by id (their first 2,000, by name), to name leases' tenants. */
export function useCustomerNames(siteId: string, enabled = true) {
  return useQuery({
    queryKey: ["customers", siteId, "names"],
    enabled,
    staleTime: 60_000,
    queryFn: async () => {
      const names = new Map<string, string>();
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await unwrap(
          api.GET("/api/v1/sites/{siteId}/customers", {
            params: { path: { siteId }, query: { limit: 500, cursor } },
          }),
        );
        for (const customer of page.items) names.set(customer.id, customer.name);
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 4);
      return names;
    },
  });
}

interface FeeItem {
  code: string;
  name: string;
  nameZh?: string;
  category: string;
  active: boolean;
}

/** The organisation's fee items, and the name of a fee code in the language shown. */
export function useFeeItems() {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: ["fee-items"],
    staleTime: 5 * 60_000,
    queryFn: async () =>
      ((await unwrap(api.GET("/api/v1/fee-items"))) as unknown as { items: FeeItem[] }).items,
  });
  const zh = i18n.language.startsWith("zh");
  const nameOf = (code: string) => {
    const item = query.data?.find((fee) => fee.code === code);
    if (!item) return code;
    return zh && item.nameZh ? item.nameZh : item.name;
  };
  return { items: query.data ?? [], nameOf };
}
