#!/usr/bin/env node
// Builds Loupe's image addon (src-native/image: JPEG decoding with the system's libjpeg-turbo and the letterbox
// pass in C) into native/loupe_image.node with node-gyp, offline, against the running Node's own headers. N-API
// only, so the same file loads in Node and in Electron. Image preparation uses it where it loads and falls back to
// sharp and JS everywhere else (src-main/inference/image-addon.ts), so the product works without it, only slower.
// Skips the build while the addon is newer than its sources. Runs at `npm ci` (postinstall), in `npm run build`
// and in `npm test`. `--if-possible`: a failure prints why and exits 0.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src-native", "image");
const target = join(root, "native", "loupe_image.node");
const lenient = process.argv.includes("--if-possible");
const force = process.argv.includes("--force");
const say = (msg) => console.log(`[loupe native] ${msg}`);

function newestSource() {
  return Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs));
}

/** node-gyp: npm's (npm sets npm_config_node_gyp in scripts), else the one bundled with this Node's npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    join(dirname(process.execPath), "node_modules", "npm", "node_modules", "node-gyp", "bin", "node-gyp.js"),
  ];
  return candidates.find((c) => c && existsSync(c));
}

/** The running Node's headers, when installed beside it (Debian's nodejs-dev, the official tarballs): no download. */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = join(dirname(process.execPath), "..");
  return existsSync(join(prefix, "include", "node", "node_api.h")) ? prefix : undefined;
}

function loads(file) {
  try {
    const addon = createRequire(import.meta.url)(file);
    return typeof addon.decode === "function" && typeof addon.layout === "function";
  } catch {
    return false;
  }
}

function main() {
  if (!force && existsSync(target) && statSync(target).mtimeMs >= newestSource() && loads(target)) {
    say(`image addon up to date: ${relative(root, target)}`);
    return;
  }
  const gyp = nodeGyp();
  if (!gyp) throw new Error("node-gyp not found (it comes with npm)");
  const t0 = performance.now();
  const work = mkdtempSync(join(tmpdir(), "loupe-image-addon-"));
  try {
    cpSync(srcDir, work, { recursive: true });
    const dir = nodeDir();
    try {
      execFileSync(process.execPath, [gyp, "rebuild", "--release", ...(dir ? [`--nodedir=${dir}`] : [])], {
        cwd: work,
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 300_000,
      });
    } catch (err) {
      const out = `${err.stdout ?? ""}${err.stderr ?? ""}`;
      const missingJpeg = /jpeglib\.h|-ljpeg/.test(out);
      const lines = out.split("\n").filter((l) => /error|not found|No such file/i.test(l)).slice(0, 3).join(" | ");
      throw new Error(missingJpeg ? "libjpeg's headers are missing (Debian: apt-get install libjpeg62-turbo-dev)" : `node-gyp failed: ${lines || err.message}`, {
        cause: err,
      });
    }
    const built = join(work, "build", "Release", "loupe_image.node");
    if (!loads(built)) throw new Error(`${built} was built but does not load`);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    copyFileSync(built, tmp);
    renameSync(tmp, target);
    say(`built the image addon: ${relative(root, target)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  const msg = err instanceof Error ? err.message : String(err);
  if (lenient) {
    say(`image addon not built (images decode through sharp, a little slower): ${msg}`);
  } else {
    console.error(`[loupe native] could not build the image addon: ${msg}`);
    process.exit(1);
  }
}
