import { createRequire } from "node:module";

type Yaml = typeof import("yaml");
let yamlModule: Yaml | undefined;

/**
 * The yaml package, loaded on first use and synchronously (loop.yaml and data.yaml are read by synchronous code):
 * the commands and the app's start-up that never read YAML do not parse its 120 KB.
 */
export function yaml(): Yaml {
  return (yamlModule ??= createRequire(import.meta.url)("yaml") as Yaml);
}
