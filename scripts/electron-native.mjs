#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI *beside* node_modules (native/electron-<abi>/), never over it,
// so tests in plain Node keep the Node build. Always exits 0: where the network is closed (or on CI) it
// prints one line saying why it did nothing and how to retry. See README "Desktop app".
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const force = process.argv.includes("--force");
const say = (msg) => console.log(`[loupe native] ${msg}`);

function main() {
  if (!force && (process.env.CI || process.env.LOUPE_SKIP_ELECTRON_NATIVE)) {
    say("skipped (CI or LOUPE_SKIP_ELECTRON_NATIVE set); run `npm run native:electron` before starting the desktop app.");
    return;
  }
  const require = createRequire(join(root, "package.json"));
  let electronDir;
  try {
    electronDir = dirname(require.resolve("electron/package.json"));
  } catch {
    say("electron is not installed; nothing to build.");
    return;
  }
  const version = JSON.parse(readFileSync(join(electronDir, "package.json"), "utf8")).version;
  const abiFile = join(electronDir, "abi_version");
  const abi = existsSync(abiFile) ? readFileSync(abiFile, "utf8").trim() : "";
  if (!abi) {
    say(`electron ${version} does not state its ABI; skipped.`);
    return;
  }
  const target = join(root, "native", `electron-${abi}`, "better_sqlite3.node");
  if (existsSync(target) && !force) {
    say(`Electron build of better-sqlite3 already present: ${target}`);
    return;
  }
  const pkgDir = dirname(require.resolve("better-sqlite3/package.json"));
  const work = mkdtempSync(join(tmpdir(), "loupe-native-"));
  try {
    cpSync(pkgDir, work, { recursive: true, filter: (src) => !src.startsWith(join(pkgDir, "build")) });
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.toLowerCase() === "npm_config_nodedir") delete env[key];
    const attempts = [];
    const prebuild = join(root, "node_modules", ".bin", "prebuild-install");
    if (existsSync(prebuild)) {
      attempts.push(["prebuild-install", prebuild, ["--runtime=electron", `--target=${version}`]]);
    }
    const nodeGyp = process.env.npm_config_node_gyp;
    if (nodeGyp) {
      attempts.push([
        "node-gyp",
        process.execPath,
        [nodeGyp, "rebuild", "--release", "--runtime=electron", `--target=${version}`, "--dist-url=https://electronjs.org/headers"],
      ]);
    }
    for (const [name, cmd, args] of attempts) {
      try {
        execFileSync(cmd, args, { cwd: work, env, stdio: "ignore", timeout: 300_000 });
        const built = join(work, "build", "Release", "better_sqlite3.node");
        if (existsSync(built) && readFileSync(built).includes(`node_register_module_v${abi}`)) {
          mkdirSync(dirname(target), { recursive: true });
          copyFileSync(built, target);
          say(`built better-sqlite3 for Electron ${version} (ABI ${abi}) with ${name}: ${target}`);
          return;
        }
      } catch {
        // try the next way
      }
    }
    say(
      `could not build better-sqlite3 for Electron ${version} (ABI ${abi}) — offline? ` +
        "Tests and the CLI do not need it; run `npm run native:electron` on a connected machine before `npm run dev`.",
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  say(`skipped: ${err instanceof Error ? err.message : String(err)}`);
}
process.exit(0);
