import { useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { api, type Paths, unwrap } from "../api/client";
import { allPages } from "../api/pages";

export type Site =
  Paths["/api/v1/sites"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Every site the user may see (HQ: all of the organisation's), by code. */
export function useSites() {
  return useQuery({
    queryKey: ["sites"],
    queryFn: async () => {
      return allPages((cursor) =>
        unwrap(api.GET("/api/v1/sites", { params: { query: { limit: 200, cursor } } })),
      );
    },
    staleTime: 5 * 60_000,
  });
}

/** The site the screen works at (from the URL), with its currency and time zone. */
export const SiteContext = createContext<Site | null>(null);

export function useSite(): Site {
  const site = useContext(SiteContext);
  if (!site) throw new Error("useSite outside a site's screens");
  return site;
}
