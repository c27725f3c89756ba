import { isAbsolute, join, relative } from "node:path";

/** The folder layout of a `<name>.loupe` project (DESIGN.md "A project on disk"). */
export const PROJECT_SUFFIX = ".loupe";
export const PROJECT_SUBFOLDERS = ["models", "iterations", "metrics", "metrics/iteration_reports", "exports"] as const;

export function projectDbPath(projectDir: string): string {
  return join(projectDir, "project.sqlite");
}

/** A project name becomes a folder name: letters, digits, space, dot, dash and underscore only. */
export function isValidProjectName(name: string): boolean {
  return /^[\p{L}\p{N} ._-]{1,80}$/u.test(name) && !/^[. ]|[. ]$/.test(name);
}

/** Absolute path of a model's ONNX file inside the project: `models/<file name>`. */
export function modelFilePath(projectDir: string, fileName: string): string {
  return join(projectDir, "models", fileName);
}

/** The folder of one loop iteration: `iterations/iteration_NNN`. */
export function iterationDir(projectDir: string, iteration: number): string {
  return join(projectDir, "iterations", `iteration_${String(iteration).padStart(3, "0")}`);
}

/** Cache of cheap image descriptors by content hash (selection's coverage and near-duplicates): `cache/descriptors-v1.json`. */
export function descriptorCachePath(projectDir: string): string {
  return join(projectDir, "cache", "descriptors-v1.json");
}

/** A path stored relative to the project folder (forward slashes), so a copied project keeps working. */
export function projectRelative(projectDir: string, p: string): string {
  return relative(projectDir, p).split("\\").join("/");
}

/** The absolute path of a stored project-relative path (an absolute one is kept as it is). */
export function projectAbsolute(projectDir: string, p: string): string {
  return isAbsolute(p) ? p : join(projectDir, ...p.split("/"));
}
