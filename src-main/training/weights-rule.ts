import { existsSync, realpathSync } from "node:fs";
import { extname, isAbsolute, relative, resolve } from "node:path";

/**
 * What an Ultralytics `model` (architecture or starting weights) may be when the request comes from the app rather
 * than from the user's own shell. A `.pt` file is a Python pickle: Ultralytics runs whatever code it holds when it
 * loads it, so a request from the renderer may name one only inside the open project's folder (where the user put
 * it), or by a bare Ultralytics asset name ("yolo11n.pt"). Architecture files (`.yaml`) are data, read with a safe
 * YAML loader, and are accepted from anywhere. Weights the main process trusts (`trusted`: the CLI's `--model`, given
 * by its user in their own shell) pass too.
 * @example appWeightsProblem("yolo11n.yaml", "/p/a.loupe", () => false) // null
 */
export function appWeightsProblem(model: string, projectDir: string, trusted: (absolutePath: string) => boolean): string | null {
  const ext = extname(model).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return null;
  if (ext !== ".pt") return `${model}: must be an Ultralytics architecture (.yaml) or weights (.pt) file`;
  if (!/[\\/]/.test(model)) return null;
  if (trusted(resolve(model))) return null;
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const project = real(resolve(projectDir));
  const rel = relative(project, real(resolve(project, model)));
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) {
    return `${model}: the app loads .pt weights only from inside the project folder (${project}), because loading one runs the Python code it holds; copy the file there, or train from the CLI (loupe train --model …)`;
  }
  return null;
}
