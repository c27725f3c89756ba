/**
 * The one list of pure modules (STYLE.md 7.4), shared by the architecture test and the canvas purity test.
 * A pure module imports no I/O, no UI framework and no impure module, and takes time and randomness as arguments.
 * Entries ending in "/" are folders (everything below them); the others are single files.
 */
export const PURE_MAIN: readonly string[] = [
  "src-main/core/",
  "src-main/loop/states.ts",
  "src-main/loop/decide.ts",
  "src-main/loop/config.ts",
  "src-main/datasets/parse/",
  "src-main/datasets/export/builders/",
  "src-main/inference/protocol.ts",
  "src-main/training/protocol.ts",
  "src-main/training/eta.ts",
];

export const PURE_RENDERER: readonly string[] = [
  "src-renderer/canvas/model/",
  "src-renderer/canvas/tools/",
  "src-renderer/canvas/keymap/keymap.ts",
  "src-renderer/canvas/keymap/conflicts.ts",
  "src-renderer/canvas/keymap/chord.ts",
  "src-renderer/canvas/keymap/sheet.ts",
  "src-renderer/canvas/keymap/actions.ts",
  "src-renderer/canvas/ui/class-filter.ts",
  "src-renderer/charts/data.ts",
  "src-renderer/views/data/grid-layout.ts",
];

/** Whether a repo-relative path (with or without its .ts extension) is listed. */
export function isListed(list: readonly string[], path: string): boolean {
  const p = /\.tsx?$/.test(path) ? path : `${path}.ts`;
  return list.some((e) => (e.endsWith("/") ? p.startsWith(e) : p === e));
}
