import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The Tauri shell loads the built files from ui/dist (custom protocol) or the dev server on :5173.
export default defineConfig({
  base: "./",
  clearScreen: false,
  plugins: [svelte()],
  resolve: {
    // Root-relative: Vite resolves "/src/..." against this folder on every OS.
    alias: { $lib: "/src/lib" },
  },
  server: { port: 5173, strictPort: true, host: "localhost" },
  // WebKitGTK 2.50 (Linux), WKWebView (macOS), WebView2 (Windows).
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: ["safari15", "es2021"],
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
