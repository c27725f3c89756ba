/**
 * Packages loaded on first use, synchronously (their callers are synchronous): the commands and the app's start-up
 * that read no YAML or XML do not parse them (yaml is 120 KB, fast-xml-parser 45 KB, beside the 560 KB the CLI
 * parses at start). Heavy native packages load lazily too, asynchronously (files/sharp-lazy.ts). As pure as the
 * static imports they replace: a package loaded later, nothing read or written.
 */
import { createRequire } from "node:module";

type Yaml = typeof import("yaml");
type Xml = typeof import("fast-xml-parser");
const load = createRequire(import.meta.url);
let yamlModule: Yaml | undefined;
let xmlModule: Xml | undefined;

/** The yaml package (loop.yaml, data.yaml). */
export function yaml(): Yaml {
  return (yamlModule ??= load("yaml") as Yaml);
}

/** The fast-xml-parser package (Pascal VOC annotations). */
export function xml(): Xml {
  return (xmlModule ??= load("fast-xml-parser") as Xml);
}
