import { build } from "esbuild";
const all = process.argv[2] === "all";
const r = await build({ entryPoints: { loupe: "src-main/cli/main.ts", "worker-entry": "src-main/inference/worker-entry.ts" }, outdir: process.argv[3], bundle: true, platform: "node", format: "esm", target: "node20", packages: all ? undefined : "external", external: ["better-sqlite3", "sharp", "onnxruntime-node", "electron"], metafile: true, logLevel: "warning",
 banner: { js: 'import { createRequire as __loupeRequire } from "node:module"; const require = __loupeRequire(import.meta.url);' } });
console.log(Object.keys(r.metafile.inputs).length, "inputs");
