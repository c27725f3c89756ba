import { flagString, type CliCommand } from "../command";
import { formatCocoSummary } from "../../core/metrics/coco-accumulate";
import { evaluateCocoFiles } from "../../evaluation/coco-files";
import { LoupeError } from "../../services/errors";

/**
 * `loupe eval --gt <coco.json> --dt <detections.json> [--json]`: COCO bbox evaluation of two files, without a
 * project — a drop-in for pycocotools' COCOeval (same 12 numbers). Human output prints pycocotools' 12 lines and
 * per-class AP; `--json` prints the stats under stable names plus per-class AP.
 */
export const evalCommand: CliCommand = {
  name: "eval",
  summary: "COCO bbox metrics of a detections file against a COCO annotations file (pycocotools-equal)",
  usage: [
    "loupe eval --gt <coco-annotations.json> --dt <coco-results.json> [--json]",
    "  --gt    COCO instances file (images, categories, annotations with bbox, area, iscrowd)",
    "  --dt    COCO results list: [{ image_id, category_id, bbox: [x, y, w, h], score }, …]",
    "  --json  stats as { AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl } and per-class AP",
  ],
  async run(ctx) {
    const gt = flagString(ctx.args, "gt");
    const dt = flagString(ctx.args, "dt");
    if (gt === undefined || dt === undefined) {
      const project = ctx.args.positionals[0];
      throw new LoupeError(
        "E_VALIDATION",
        project === undefined
          ? "missing --gt <coco.json> and --dt <detections.json>"
          : "evaluating a project's stored predictions is not available yet; use --gt <coco.json> --dt <detections.json>",
      );
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
