import type { SelectionReport } from "../../src-preload/api";
import { buildClassMapping } from "../core/decode/class-mapping";
import { AUGMENTED_STRATEGIES, DEFAULT_SELECTION_STRATEGY, DESCRIPTOR_STRATEGIES } from "../core/selection/types";
import { resolveMediaPath } from "../files/media-resolver";
import { modelFilePath } from "../files/project-layout";
import type { ImagePrediction, InferenceClient, PredictionSink } from "../inference/client";
import { listClasses } from "../store/repos/classes-repo";
import { listImageIds, listLearnedImageIds } from "../store/repos/images-repo";
import { requireModel } from "../store/repos/models-repo";
import { imageDescriptors } from "./image-descriptors";
import { selectFromPool, type SelectDeps, type SelectionInputs, type SelectRequest } from "./select-pool";

/** The augmentations localization stability runs, with the names reasons use. */
export const TTA_AUGMENTS = [
  { augment: "hflip", name: "horizontal flip" },
  { augment: "scale", name: "0.75× scale" },
] as const;

export interface InputDeps extends SelectDeps {
  projectDir: string;
  /** The inference client (only for localization stability). */
  client?: Pick<InferenceClient, "run"> | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((phase: string, done: number, total: number) => void) | undefined;
}

/** Pool images a selection may choose from (unlabeled images of the pool split), and the labelled ones coverage measures against. */
function imageSets(deps: InputDeps, req: SelectRequest): { pool: number[]; labelled: number[] } {
  return { pool: listImageIds(deps.db, { split: req.poolSplit ?? "pool", status: "unlabeled" }), labelled: listLearnedImageIds(deps.db) };
}

/** Collects one augmentation's predictions in memory (they are selection inputs, not stored predictions). */
class MemorySink implements PredictionSink {
  readonly byImage = new Map<number, ImagePrediction>();
  put(p: ImagePrediction): void {
    this.byImage.set(p.imageId, p);
  }
  fail(): void {}
  flush(): void {}
}

/**
 * What a strategy needs beyond stored predictions: descriptors (coverage, near-duplicates; cached in the project)
 * and the model's predictions on flipped and scaled copies of the pool (localization stability; run through the
 * inference worker, kept in memory).
 */
export async function prepareSelectionInputs(deps: InputDeps, req: SelectRequest): Promise<SelectionInputs> {
  const strategy = req.strategy ?? DEFAULT_SELECTION_STRATEGY;
  const inputs: SelectionInputs = {};
  const descriptors = DESCRIPTOR_STRATEGIES.includes(strategy);
  const augmented = AUGMENTED_STRATEGIES.includes(strategy);
  if (!descriptors && !augmented) return inputs;
  const sets = imageSets(deps, req);
  if (descriptors) {
    const ids = [...sets.pool, ...sets.labelled];
    deps.onProgress?.("descriptors", 0, ids.length);
    const d = await imageDescriptors(deps.db, deps.projectDir, ids, deps.signal);
    const byImage = new Map<number, Float32Array>();
    ids.forEach((id, r) => byImage.set(id, d.values.subarray(r * d.dim, (r + 1) * d.dim)));
    inputs.descriptors = { dim: d.dim, byImage };
    deps.onProgress?.("descriptors", ids.length, ids.length);
  }
  if (augmented) {
    if (deps.client === undefined) throw new Error(`the ${strategy} strategy needs the inference worker`);
    const model = requireModel(deps.db, req.modelId);
    const mapping = buildClassMapping(model.classNames, listClasses(deps.db), model.classMap);
    // An image whose file is gone keeps no augmented boxes: its boxes then count as unstable, which a person
    // looking at it will sort out; the stored predictions already reported the missing file.
    const items = sets.pool.flatMap((imageId) => {
      try {
        return [{ imageId, path: resolveMediaPath(deps.db, imageId) }];
      } catch {
        return [];
      }
    });
    inputs.augmented = [];
    for (const [k, a] of TTA_AUGMENTS.entries()) {
      const sink = new MemorySink();
      await deps.client.run({
        modelPath: modelFilePath(deps.projectDir, model.fileName),
        layout: model.layout,
        items: items.map((it) => ({ ...it, augment: a.augment })),
        confThreshold: 0.025,
        sink,
        signal: deps.signal,
        onProgress: (p) => deps.onProgress?.(`test-time augmentation ${k + 1}/${TTA_AUGMENTS.length}: ${a.name}`, p.done, p.total),
      });
      const byImage = new Map<number, { box: { x: number; y: number; w: number; h: number }; classId: number; score: number }[]>();
      for (const [imageId, p] of sink.byImage) {
        byImage.set(
          imageId,
          p.detections.flatMap((d) => {
            const classId = mapping.toProject[d.classIndex];
            return classId === undefined || classId === null ? [] : [{ box: { x: d.x1, y: d.y1, w: d.x2 - d.x1, h: d.y2 - d.y1 }, classId, score: d.score }];
          }),
        );
      }
      inputs.augmented.push({ name: a.name, byImage });
    }
  }
  return inputs;
}

/** `selectFromPool` after preparing what the strategy needs: the one call for the service, the CLI and the loop. */
export async function selectWithInputs(deps: InputDeps, req: SelectRequest): Promise<SelectionReport & { selectionId: number }> {
  const inputs = await prepareSelectionInputs(deps, req);
  return selectFromPool({ ...deps, inputs }, req);
}
