import { readFileSync, statSync } from "node:fs";
import type { ErrorItemFilter, ErrorItemInfo, ErrorKind } from "../../src-preload/api";
import type { Box } from "../core/geometry/box";
import { LoupeError } from "../errors";
import { resolveReportDir } from "../files/media-resolver";
import type { Db } from "../store/db";
import { listClasses } from "../store/repos/classes-repo";
import { getEvaluation } from "../store/repos/evaluations-repo";
import { getImagesByIds } from "../store/repos/images-repo";

/** Crops evaluate-model writes per kind (FN, FP: the first, most useful ones of each list); items past it have no crop. */
export const CROPS_PER_KIND = 300;

interface ReportItem {
  kind: ErrorKind;
  imageId: string | number;
  classId: number;
  box: Box;
  primary?: string;
  categories?: string[];
  category?: string;
  score?: number;
  bestScore?: number | null;
  iou: number;
}

let cache: { key: string; items: ErrorItemInfo[] } | null = null;

/**
 * Every FN and FP of a stored evaluation, from its error_report.json, with file and class names; in report order
 * (FNs by image then GT, FPs by image then descending score), each numbered within its kind like its crop.
 */
export function readErrorItems(db: Db, projectDir: string, evaluationId: number): ErrorItemInfo[] {
  const ev = getEvaluation(db, evaluationId);
  if (!ev) throw new LoupeError("E_NOT_FOUND", `no evaluation ${evaluationId}`);
  if (ev.reportDir === null) throw new LoupeError("E_CONFLICT", `evaluation ${evaluationId} was run without its error report: evaluate again to get the crops`);
  const dir = resolveReportDir(projectDir, ev.reportDir);
  const file = `${dir}/error_report.json`;
  let stamp: number;
  try {
    stamp = statSync(file).mtimeMs;
  } catch {
    throw new LoupeError("E_NOT_FOUND", `${file}: the error report is missing`, { file });
  }
  const key = `${projectDir}|${evaluationId}|${stamp}`;
  if (cache?.key === key) return cache.items;
  let parsed: { items?: { fn?: ReportItem[]; fp?: ReportItem[] } };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch (err) {
    throw new LoupeError("E_IO", `${file}: not a readable error report (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  const fn = parsed.items?.fn ?? [];
  const fp = parsed.items?.fp ?? [];
  const names = new Map(listClasses(db).map((c) => [c.id, c.name]));
  const ids = [...new Set([...fn, ...fp].map((i) => Number(i.imageId)))];
  const files = new Map(getImagesByIds(db, ids).map((i) => [i.id, i.fileName]));
  const toInfo = (kind: ErrorKind, item: ReportItem, index: number): ErrorItemInfo => {
    const category = kind === "fn" ? (item.primary ?? "") : (item.category ?? "");
    const imageId = Number(item.imageId);
    return {
      kind,
      index,
      imageId,
      fileName: files.get(imageId) ?? `image ${imageId}`,
      classId: item.classId,
      className: names.get(item.classId) ?? String(item.classId),
      category,
      categories: kind === "fn" ? (item.categories ?? [category]) : [category],
      box: { x: item.box.x, y: item.box.y, w: item.box.w, h: item.box.h },
      score: kind === "fp" ? (item.score ?? null) : (item.bestScore ?? null),
      iou: item.iou,
      hasCrop: index < CROPS_PER_KIND,
    };
  };
  const items = [...fn.map((i, n) => toInfo("fn", i, n)), ...fp.map((i, n) => toInfo("fp", i, n))];
  cache = { key, items };
  return items;
}

/** The items matching a filter (every field optional; a score range counts an fn without a near prediction as 0). */
export function filterErrorItems(items: readonly ErrorItemInfo[], f: ErrorItemFilter = {}): ErrorItemInfo[] {
  return items.filter((i) => {
    if (f.kind && i.kind !== f.kind) return false;
    if (f.category && !i.categories.includes(f.category)) return false;
    if (f.classId !== undefined && i.classId !== f.classId) return false;
    const s = i.score ?? 0;
    if (f.minScore !== undefined && s < f.minScore) return false;
    if (f.maxScore !== undefined && s > f.maxScore) return false;
    return true;
  });
}

/** Counts per (kind, category) over all items: the facets of the crop grid's filter. */
export function errorFacets(items: readonly ErrorItemInfo[]): { kind: ErrorKind; category: string; count: number }[] {
  const counts = new Map<string, { kind: ErrorKind; category: string; count: number }>();
  for (const i of items) {
    for (const c of i.categories) {
      const k = `${i.kind}:${c}`;
      const row = counts.get(k) ?? { kind: i.kind, category: c, count: 0 };
      row.count++;
      counts.set(k, row);
    }
  }
  return [...counts.values()].sort((a, b) => (a.kind === b.kind ? b.count - a.count : a.kind === "fn" ? -1 : 1));
}
