import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { can as canDo, type Me, type Permission } from "./grants";

/** The signed-in user with their grants (cached for the session). */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: () => unwrap<Me>(api.GET("/api/v1/me")),
    staleTime: 5 * 60_000,
  });
}

/** `can(permission, siteId?)` for the signed-in user. */
export function useCan(): (permission: Permission, siteId?: string) => boolean {
  const { data } = useMe();
  return (permission, siteId) => canDo(data, permission, siteId);
}
