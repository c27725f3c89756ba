import { flagString, openProjectArg, resolveModelRef, type CliCommand, type CliContext } from "../command";
import { SPLITS, type EvaluationReport, type Split } from "../../../src-preload/api";
import { formatCocoSummary } from "../../core/metrics/coco-accumulate";
import { evaluateCocoFiles } from "../../evaluation/coco-files";
import { LoupeError } from "../../errors";

/**
 * `loupe eval --gt <coco.json> --dt <detections.json> [--json]`: COCO bbox evaluation of two files, without a
 * project — a drop-in for pycocotools' COCOeval (same 12 numbers). Human output prints pycocotools' 12 lines and
 * per-class AP; `--json` prints the stats under stable names plus per-class AP.
 */
export const evalCommand: CliCommand = {
  name: "eval",
  summary: "COCO bbox metrics of a detections file against a COCO annotations file (pycocotools-equal)",
  usage: [
    "loupe eval <project> [--model <id|name|latest>] [--split val] [--conf 0.25] [--batch <name>] [--json]",
    "  the 12 COCO stats, VOC mAP50, P/R/F1 and a per-class table of a model on a split; writes error_report.json",
    "  and FN/FP crops into the project (iterations/manual/<model>_<split>/error_analysis/); --batch also makes a",
    "  review batch of the images with errors, each opening on its first missed or false box",
    "loupe eval --gt <coco-annotations.json> --dt <coco-results.json> [--json]",
    "  --gt    COCO instances file (images, categories, annotations with bbox, area, iscrowd)",
    "  --dt    COCO results list: [{ image_id, category_id, bbox: [x, y, w, h], score }, …]",
    "  --json  stats as { AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl } and per-class AP",
  ],
  async run(ctx) {
    const gt = flagString(ctx.args, "gt");
    const dt = flagString(ctx.args, "dt");
    if (gt === undefined || dt === undefined) {
      if (ctx.args.positionals[0] === undefined) throw new LoupeError("E_VALIDATION", "missing <project>, or --gt <coco.json> and --dt <detections.json>");
      return evalProject(ctx);
    }
    const t0 = performance.now();
    const ev = await evaluateCocoFiles(gt, dt);
    const seconds = (performance.now() - t0) / 1000;
    const perClass = ev.result.perCategory.map((c) => ({
      id: c.categoryId,
      name: ev.categoryNames.get(c.categoryId) ?? String(c.categoryId),
      gtCount: c.gtCount,
      AP: c.ap,
      AP50: c.ap50,
      AP75: c.ap75,
      AR100: c.ar100,
    }));
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          {
            gt,
            dt,
            images: ev.imageCount,
            annotations: ev.annotationCount,
            detections: ev.detectionCount,
            stats: ev.result.stats,
            perClass,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    ctx.err(
      `evaluated ${ev.detectionCount} detections on ${ev.imageCount} images, ${ev.annotationCount} annotations (${seconds.toFixed(2)} s)`,
    );
    const lines = formatCocoSummary(ev.result.statsArray);
    lines.push("", `${"class".padEnd(24)} ${"GT".padStart(7)} ${"AP".padStart(7)} ${"AP50".padStart(7)} ${"AP75".padStart(7)}`);
    for (const c of perClass) {
      if (c.gtCount === 0 && c.AP === -1) continue;
      const f = (v: number): string => v.toFixed(3).padStart(7);
      lines.push(`${c.name.slice(0, 24).padEnd(24)} ${String(c.gtCount).padStart(7)} ${f(c.AP)} ${f(c.AP50)} ${f(c.AP75)}`);
    }
    ctx.out(lines.join("\n"));
    return 0;
  },
};

/** `loupe eval <project>`: a stored model's predictions against the split's labels. */
async function evalProject(ctx: CliContext): Promise<number> {
  await openProjectArg(ctx);
  const split = (flagString(ctx.args, "split") ?? "val") as Split;
  if (!(SPLITS as readonly string[]).includes(split)) throw new LoupeError("E_VALIDATION", `--split must be one of ${SPLITS.join(", ")}`);
  const conf = flagString(ctx.args, "conf");
  const modelId = await resolveModelRef(ctx, flagString(ctx.args, "model"));
  const batchName = flagString(ctx.args, "batch");
  const report = await ctx.host().call("evaluation", "run", {
    modelId,
    split,
    ...(conf !== undefined ? { confidence: Number(conf) } : {}),
    ...(batchName ? { batchName } : {}),
  });
  if (ctx.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return 0;
  }
  ctx.out(formatEvaluation(report).join("\n"));
  return 0;
}

function formatEvaluation(r: EvaluationReport): string[] {
  const pct = (v: number) => (v < 0 ? "   -  " : (v * 100).toFixed(1).padStart(6));
  const lines = [
    `model ${r.modelId} on ${r.split}: ${r.imageCount} images, ${r.labelCount} labels, ${r.predictionCount} predictions${r.unpredictedImages ? ` (${r.unpredictedImages} images not predicted yet)` : ""}`,
    "",
    ...formatCocoSummary(Object.values(r.coco)),
    "",
    `VOC mAP50 (all-point): ${r.vocMap50.toFixed(4)}`,
    `P/R/F1 at conf ${r.confidence}: P ${r.prf.atConfidence.precision.toFixed(3)}  R ${r.prf.atConfidence.recall.toFixed(3)}  F1 ${r.prf.atConfidence.f1.toFixed(3)}`,
    `F1-optimal: conf ${r.prf.atOptimal.confidence.toFixed(3)}  P ${r.prf.atOptimal.precision.toFixed(3)}  R ${r.prf.atOptimal.recall.toFixed(3)}  F1 ${r.prf.atOptimal.f1.toFixed(3)}`,
    "",
    `${"class".padEnd(20)}${"labels".padStart(8)}${"AP".padStart(8)}${"AP50".padStart(8)}${"VOC50".padStart(8)}${"P".padStart(8)}${"R".padStart(8)}${"F1".padStart(8)}`,
    ...r.perClass.map(
      (c) =>
        `${c.name.slice(0, 19).padEnd(20)}${String(c.gtCount).padStart(8)}  ${pct(c.ap)}  ${pct(c.ap50)}  ${pct(c.vocAp50)}  ${pct(c.atConfidence.precision)}  ${pct(c.atConfidence.recall)}  ${pct(c.atConfidence.f1)}`,
    ),
    "",
    `errors at conf ${r.confidence}: ${r.errors.fn.total} missed (${Object.entries(r.errors.fn.byCategory).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"}), ` +
      `${r.errors.fp.total} false (${Object.entries(r.errors.fp.byCategory).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none"})`,
  ];
  if (r.reportDir) lines.push(`error report and crops: ${r.reportDir}`);
  if (r.batch) lines.push(`review batch "${r.batch.name}" (#${r.batch.id}) with ${r.batch.total} images with errors`);
  return lines;
}
