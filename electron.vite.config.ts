import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";
import { resolve } from "node:path";

// Our folders are src-main / src-preload / src-renderer, so every entry is named explicitly.
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      // the inference worker is its own entry: out/main/worker-entry.js, started with utilityProcess.fork; its image
      // preparing thread another: out/main/prepare-thread.js, started by the worker with new Worker()
      lib: {
        entry: {
          main: resolve("src-main/app/main.ts"),
          "worker-entry": resolve("src-main/inference/worker-entry.ts"),
          "prepare-thread": resolve("src-main/inference/prepare-thread.ts"),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      lib: { entry: { index: resolve("src-preload/index.ts") } },
      // A sandboxed preload has no ESM loader: one CommonJS file.
      rolldownOptions: { output: { format: "cjs", entryFileNames: "[name].cjs" } },
    },
  },
  renderer: {
    root: resolve("src-renderer"),
    plugins: [react()],
    build: {
      outDir: resolve("out/renderer"),
      rolldownOptions: { input: resolve("src-renderer/index.html") },
    },
  },
});
