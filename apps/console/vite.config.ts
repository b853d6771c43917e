import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console is served by the gateway from the same origin as the API; `npm run dev` proxies
// the API to a running platform (SLMS_API, default the embedded one on :8080).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { "/api": process.env.SLMS_API ?? "http://localhost:8080" },
  },
});
