// Is the prebuilt CLI (out/cli/, made by scripts/build-cli.mjs) current? Its manifest lists every source file that
// went into it with the mtime and size it had; one changed, missing or added-by-import file makes it stale.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * `{ entry }` (a file URL of out/cli/loupe.js) when the bundle under `root` matches the files on disk, else
 * `{ stale }` saying why (no bundle, which file changed). About 2 ms for 150 files.
 */
export function cliBundleState(root, env = process.env) {
  if (env.LOUPE_CLI_FROM_SOURCES === "1") return { stale: "LOUPE_CLI_FROM_SOURCES=1" };
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, "out", "cli", "manifest.json"), "utf8"));
  } catch {
    return { stale: "no prebuilt CLI (npm run build:cli makes one)" };
  }
  for (const [rel, mtimeMs, size] of manifest.inputs ?? []) {
    let s;
    try {
      s = statSync(join(root, rel));
    } catch {
      return { stale: `${rel} is gone` };
    }
    if (s.mtimeMs !== mtimeMs || s.size !== size) return { stale: `${rel} changed since the CLI was bundled` };
  }
  return { entry: pathToFileURL(join(root, "out", "cli", "loupe.js")).href, builtAt: manifest.builtAt };
}
