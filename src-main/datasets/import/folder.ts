import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { LoupeError } from "../../errors";
import { noLabels, type ImportPlan } from "./plan";
import { walkFiles } from "./walk";

/** An image folder, recursive: every image is imported unlabeled. */
export async function planFolderImport(path: string, signal?: AbortSignal): Promise<ImportPlan> {
  const root = resolve(path);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new LoupeError("E_NOT_FOUND", `${root}: no such folder`, { file: root });
  const files = await walkFiles(root, undefined, signal);
  return { format: "folder", root, items: files.map((absPath) => ({ absPath, labels: noLabels })), classNames: [], issues: [] };
}
