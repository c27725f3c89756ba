/**
 * Where an export will be written, as the Export view tells the person before they start (pure). The main process
 * resolves it the same way (services/datasets-service.ts).
 */

/**
 * An absolute folder as typed; a relative one inside the project's exports/ folder.
 *
 * @example exportTarget("batch-1", "/p/field.loupe") // → "/p/field.loupe/exports/batch-1"
 */
export function exportTarget(outDir: string, projectPath: string | null): string | null {
  const dir = outDir.trim();
  if (!dir) return null;
  if (/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(dir)) return dir;
  if (!projectPath) return null;
  const sep = projectPath.includes("\\") && !projectPath.includes("/") ? "\\" : "/";
  return `${projectPath.replace(/[\\/]+$/, "")}${sep}exports${sep}${dir}`;
}
