import type { ApiClient } from "../generated/prisma/client.ts";

/** An API client as the use-cases return it: never its secret's hash. */
export type ApiClientView = Omit<ApiClient, "secretHash">;

export function apiClientView(row: ApiClient): ApiClientView {
  const { secretHash: _hidden, ...view } = row;
  return view;
}
