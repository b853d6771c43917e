import type { ScreenRoute } from "../types";

export const routes: ScreenRoute[] = [];
