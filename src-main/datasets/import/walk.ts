import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** File extensions imported as images (lower case, with the dot). */
export const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"]);

export function isImageFile(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return dot > 0 && IMAGE_EXTENSIONS.has(name.slice(dot).toLowerCase());
}

/**
 * Every file under `dir` (recursive) whose name passes `accept`, as absolute paths in a stable sorted order.
 * Hidden entries (".name") and Loupe project folders ("*.loupe") are skipped; symlinked files are listed (a `--link` export), symlinked folders are not followed.
 */
export async function walkFiles(dir: string, accept: (name: string) => boolean = isImageFile, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    if (signal?.aborted) return;
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.endsWith(".loupe")) await visit(p);
      } else if (accept(e.name) && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isFile()))) {
        out.push(p);
      }
    }
  };
  await visit(dir);
  return out;
}
