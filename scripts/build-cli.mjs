#!/usr/bin/env node
// Builds the prebuilt `loupe` CLI: src-main/cli/main.ts and the inference worker bundled by esbuild (installed with
// tsx) into out/cli/, plus out/cli/manifest.json listing every source file that went in with its mtime and size.
// bin/loupe.mjs runs the bundle only while every listed file is unchanged, and the TypeScript sources through tsx
// otherwise, so an edit never runs stale code. Runs at `npm ci` (postinstall), in `npm run build` and in `npm test`.
// `--if-possible` (postinstall): a failure prints one line and exits 0; the CLI then runs from the sources.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "out", "cli");
const lenient = process.argv.includes("--if-possible");

/** Native or heavy packages stay external: they are loaded from node_modules, and only when first used. */
const EXTERNAL = ["better-sqlite3", "sharp", "onnxruntime-node", "electron", "tsx", "esbuild"];

/**
 * zod's namespace re-exports its error messages in every language (`z.locales`, about 260 KB of the bundle's 870 KB,
 * all parsed at each start); Loupe's messages are English, which zod configures from its own import of `en`. The
 * bundle gets a `locales` holding `en` alone.
 */
const englishOnlyZod = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir) ? { path: join(args.resolveDir, "..", "locales", "en.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

async function main() {
  const t0 = performance.now();
  const { build } = await import("esbuild");
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { loupe: "src-main/cli/main.ts", "worker-entry": "src-main/inference/worker-entry.ts", "prepare-thread": "src-main/inference/prepare-thread.ts" },
    outdir: tmp,
    bundle: true,
    splitting: true, // a dynamic import() stays lazy: its chunk (and its external imports) load only when called
    platform: "node",
    format: "esm",
    target: "node20.19",
    external: EXTERNAL,
    plugins: [englishOnlyZod],
    metafile: true,
    logLevel: "warning",
    legalComments: "none",
    minify: true, // parsing is most of the start-up: half the bytes, much less compile time
    sourcemap: "linked",
    // bundled CommonJS packages (yaml, ws) call require() for Node built-ins
    banner: { js: 'import { createRequire as __loupeCreateRequire } from "node:module"; const require = __loupeCreateRequire(import.meta.url);' },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => resolve(root, p))
    .filter((p) => !p.includes(`${join("node_modules")}`));
  // the bundled packages are pinned by the lockfile: a changed lockfile makes the bundle stale too
  inputs.push(join(root, "package-lock.json"), join(root, "package.json"));
  const manifest = {
    builtAt: new Date().toISOString(),
    inputs: inputs.map((p) => {
      const s = statSync(p);
      return [relative(root, p), s.mtimeMs, s.size];
    }),
  };
  writeFileSync(join(tmp, "manifest.json"), JSON.stringify(manifest));
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  console.log(`[loupe] CLI bundled into ${relative(root, outDir)}/ from ${inputs.length - 2} source files (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

main().catch((err) => {
  console.error(`[loupe] could not bundle the CLI (it will run from the TypeScript sources): ${err instanceof Error ? err.message : String(err)}`);
  process.exit(lenient ? 0 : 1);
});
