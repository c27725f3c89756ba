import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { MODEL_LAYOUTS, SPLITS, type InferenceRunReport, type ModelInfo, type ModelLayout, type Split } from "../../../src-preload/api";
import { waitForJob } from "../job-wait";
import { LoupeError } from "../../errors";
import { flagString, openProjectArg, resolveModelRef, type CliCommand, type CliContext, type ParsedArgs } from "../command";

function numberFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new LoupeError("E_VALIDATION", `--${name} must be a number from ${min} to ${max}, got "${v}"`);
  return n;
}

function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new LoupeError("E_VALIDATION", `--${name} must be one of ${allowed.join(", ")}, got "${v}"`);
  return v as T;
}

/**
 * A model file is added to the project (once: the same bytes give the same model); anything else names a model of
 * the project as every command does: its id, a unique id prefix, its name, or "latest".
 */
async function resolveModel(ctx: CliContext, ref: string, layout: ModelLayout | undefined): Promise<ModelInfo> {
  const host = ctx.host();
  const file = resolve(ref);
  if (existsSync(file) && statSync(file).isFile()) return host.call("models", "add", { path: file, ...(layout ? { layout } : {}) });
  return host.call("models", "get", { modelId: await resolveModelRef(ctx, ref) });
}

function describeClasses(m: ModelInfo): string[] {
  if (m.classesMatchProject) return [];
  const mapped = m.classMapping.filter((c) => c.classId !== null);
  const lines = [`note: the model's ${m.classNames.length} classes differ from the project's; ${mapped.length} map by name`];
  if (mapped.length > 0 && mapped.length <= 20) lines.push(`  mapped: ${mapped.map((c) => (c.modelName === c.className ? c.modelName : `${c.modelName} → ${c.className}`)).join(", ")}`);
  if (m.unmatchedModelClasses.length > 0) {
    const shown = m.unmatchedModelClasses.slice(0, 12).join(", ");
    lines.push(`  model classes with no project class (stored, shown under their model name): ${shown}${m.unmatchedModelClasses.length > 12 ? ", …" : ""}`);
  }
  if (m.unmatchedProjectClasses.length > 0) lines.push(`  project classes the model does not predict: ${m.unmatchedProjectClasses.join(", ")}`);
  return lines;
}

/**
 * `loupe predict <project> --model <file|id>`: predictions of a model on the project's images, stored per image;
 * a rerun skips images the model already predicted. Progress on stderr, the run report on stdout.
 */
export const predictCommand: CliCommand = {
  name: "predict",
  summary: "runs a YOLO ONNX model on the project's images and stores its predictions",
  usage: [
    "loupe predict <project> --model <file.onnx|id|name|latest> [--split train|val|test|pool] [--images 1,2,3]",
    "              [--conf 0.25] [--iou 0.7] [--max-det 300] [--layout yolov5|yolov8|end-to-end|yolox] [--json]",
    "  --model   an ONNX file (added to the project's models/ once), or a model already added: its id, a unique",
    "            id prefix, its name, or latest (the newest)",
    "  --split   only this split (default: every image); --images only these image ids",
    "  --conf    confidence threshold (0.001 keeps low-score boxes for evaluation); --iou NMS IoU threshold",
    "  --layout  the output layout, when the model's shapes and metadata leave it ambiguous",
  ],
  async run(ctx) {
    const modelRef = flagString(ctx.args, "model");
    if (!modelRef) throw new LoupeError("E_VALIDATION", "missing --model <file.onnx|id|name|latest>");
    const split = oneOf<Split>(ctx.args, "split", SPLITS);
    const layout = oneOf<ModelLayout>(ctx.args, "layout", MODEL_LAYOUTS);
    const confThreshold = numberFlag(ctx.args, "conf", 0, 1);
    const iouThreshold = numberFlag(ctx.args, "iou", 0, 1);
    const maxDetections = numberFlag(ctx.args, "max-det", 1, 10_000);
    const imagesFlag = flagString(ctx.args, "images");
    const imageIds = imagesFlag?.split(",").map((s) => Number(s.trim()));
    if (imageIds?.some((n) => !Number.isInteger(n) || n < 1)) throw new LoupeError("E_VALIDATION", `--images must be image ids separated by commas, got "${imagesFlag}"`);

    await openProjectArg(ctx);
    const host = ctx.host();
    const model = await resolveModel(ctx, modelRef, layout);
    if (!ctx.json) {
      ctx.err(`model ${model.id} "${model.name}": ${model.layout} (${model.layoutReason}), input ${model.inputWidth}x${model.inputHeight} ${model.inputType}`);
      for (const line of describeClasses(model)) ctx.err(line);
    }
    const started = await host.call("inference", "run", {
      modelId: model.id,
      ...(split ? { split } : {}),
      ...(imageIds ? { imageIds } : {}),
      ...(confThreshold !== undefined ? { confThreshold } : {}),
      ...(iouThreshold !== undefined ? { iouThreshold } : {}),
      ...(maxDetections !== undefined ? { maxDetections } : {}),
    });
    const info = await waitForJob(ctx, started.id, "predict", { showPhase: false });
    const report = info.result as InferenceRunReport;
    if (ctx.json) {
      ctx.out(JSON.stringify({ model, report }, null, 2));
      return 0;
    }
    const t = report.threads;
    const lines = [
      `predicted ${report.done} of ${report.total} images with ${model.name} (${report.skipped} already done, ${report.failed} failed): ${report.boxes} boxes`,
      `  ${report.imagesPerSec.toFixed(2)} images/s over ${report.seconds.toFixed(1)} s; onnxruntime ${t.intraOpThreads} intra-op / ${t.interOpThreads} inter-op threads (${t.executionMode}${t.allowSpinning ? ", spinning" : ""}), sharp ${t.imageThreads}; JPEGs through ${report.jpegDecoding}${report.restarts ? `; worker restarted ${report.restarts}×` : ""}`,
    ];
    for (const e of report.errors) lines.push(`  image ${e.imageId}: ${e.code} ${e.message}`);
    ctx.out(lines.join("\n"));
    return 0;
  },
};
