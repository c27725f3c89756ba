import { basename, relative, sep } from "node:path";

/** Image files under a root, findable by relative path or by file name (both without case). */
export class ImageIndex {
  private readonly byName = new Map<string, string[]>();
  private readonly byRel = new Map<string, string>();

  constructor(
    readonly root: string,
    readonly files: readonly string[],
  ) {
    for (const f of files) {
      const name = basename(f).toLowerCase();
      const list = this.byName.get(name);
      if (list) list.push(f);
      else this.byName.set(name, [f]);
      this.byRel.set(relative(root, f).split(sep).join("/").toLowerCase(), f);
    }
  }

  /**
   * The image a label file names: by relative path, then by a path ending in it, then by a unique file name
   * (preferring one inside a folder named `hint`, e.g. the split). Undefined when none or several match.
   */
  find(fileName: string, hint?: string): string | undefined {
    const key = fileName.split("\\").join("/").replace(/^\.\//, "").toLowerCase();
    const exact = this.byRel.get(key);
    if (exact) return exact;
    const list = this.byName.get(key.split("/").pop() ?? key) ?? [];
    if (list.length === 1) return list[0];
    const suffix = list.filter((f) => f.split(sep).join("/").toLowerCase().endsWith(`/${key}`));
    if (suffix.length === 1) return suffix[0];
    if (hint) {
      const hinted = list.filter((f) => f.split(sep).includes(hint));
      if (hinted.length === 1) return hinted[0];
    }
    return undefined;
  }

  /** Images whose name (without extension) is `stem`. */
  byStem(stem: string): string[] {
    const s = stem.toLowerCase();
    return this.files.filter((f) => basename(f).toLowerCase().replace(/\.[^.]+$/, "") === s);
  }
}
