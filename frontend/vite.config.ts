import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The registry's Python server serves dist/; `npm run dev` proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: Object.fromEntries(
      ["/graphql", "/ledger", "/documents", "/reports"].map((p) => [p, "http://127.0.0.1:8000"]),
    ),
  },
});
