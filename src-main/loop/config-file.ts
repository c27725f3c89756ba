import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ConfigIssue, LoopConfig } from "../../src-preload/api";
import { LoupeError } from "../errors";
import { writeFileAtomic } from "../files/atomic";
import { yaml } from "../core/lazy-packages";
import { DEFAULT_LOOP_CONFIG, mergeConfig, validateLoopConfig } from "./config";

/** `loop.yaml` in the project folder: the loop's configuration, partial (only what differs from the defaults). */
export function loopConfigPath(projectDir: string): string {
  return join(projectDir, "loop.yaml");
}

const MAX_CONFIG_BYTES = 256 * 1024;

function issuesMessage(file: string, issues: readonly ConfigIssue[]): string {
  return `${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}: ${issues.map((i) => `${i.key}: ${i.message}`).join("; ")}`;
}

/** What loop.yaml holds, as data (an empty object when there is none). Refuses unreadable YAML naming the file. */
export function readLoopConfigFile(projectDir: string): unknown {
  const file = loopConfigPath(projectDir);
  if (!existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new LoupeError("E_IO", `${file}: cannot read the loop configuration: ${(err as Error).message}`, { file, cause: err });
  }
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw new LoupeError("E_VALIDATION", `${file}: the loop configuration is larger than 256 KiB`, { file });
  try {
    return yaml().parse(text, { maxAliasCount: 50, uniqueKeys: true }) ?? {};
  } catch (err) {
    throw new LoupeError("E_VALIDATION", `${file}: not valid YAML: ${(err as Error).message.split("\n")[0]}`, { file, cause: err });
  }
}

/** The project's loop configuration, validated; every bad key is named in one error, nothing is guessed. */
export function loadLoopConfig(projectDir: string): LoopConfig {
  const file = loopConfigPath(projectDir);
  const res = validateLoopConfig(readLoopConfigFile(projectDir));
  if (!res.ok || !res.config) throw new LoupeError("E_VALIDATION", issuesMessage(file, res.issues), { file, details: { issues: res.issues } });
  return res.config;
}

/**
 * Merges a patch into loop.yaml after validating the result; on any bad key nothing is written and the error lists
 * every issue (`moreIssues`: the caller's own rules, e.g. what the app may name). The file keeps only what differs
 * from the defaults, so a later Loupe's better default still applies.
 */
export function updateLoopConfigFile(projectDir: string, patch: unknown, moreIssues: (config: LoopConfig) => ConfigIssue[] = () => []): LoopConfig {
  const file = loopConfigPath(projectDir);
  const current = readLoopConfigFile(projectDir);
  const merged = mergeConfig(current, patch);
  const res = validateLoopConfig(merged);
  const issues = res.config ? moreIssues(res.config) : [];
  if (!res.ok || !res.config || issues.length > 0) {
    const all = [...res.issues, ...issues];
    throw new LoupeError("E_VALIDATION", issuesMessage(file, all), { file, details: { issues: all } });
  }
  writeFileAtomic(file, `# Loupe loop configuration (only what differs from the defaults; see the README)\n${yaml().stringify(diff(DEFAULT_LOOP_CONFIG, res.config) ?? {})}`);
  return res.config;
}

/** The parts of `value` that differ from `base` (undefined when equal). */
function diff(base: unknown, value: unknown): unknown {
  if (typeof base === "object" && base !== null && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const d = diff((base as Record<string, unknown>)[k], v);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(base) === JSON.stringify(value) ? undefined : value;
}
