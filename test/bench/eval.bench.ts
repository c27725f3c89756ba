import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Bench } from "./bench";
import { createRng } from "../../src-main/core/random";
import { iouXywh } from "../../src-main/core/geometry/iou";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../../src-main/core/metrics/coco-eval";
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, COCO_RECALL_THRESHOLDS } from "../../src-main/core/metrics/coco-params";

/**
 * COCO bbox evaluation of 5,000 generated images (≈20 GT, ≈100 detections each, 10 classes, seeded; 500 in quick
 * mode). Baseline in the same run: pycocotools when `python3 -c "import pycocotools"` works (evaluate + accumulate
 * + summarize, file loading excluded), otherwise a naive baseline — a direct transliteration of cocoeval.py into
 * JavaScript with nested arrays and per-detection objects — whose stats must equal ours.
 */
function generate(images: number, seed: number): { gts: CocoGroundTruth[]; dts: CocoDetection[] } {
  const rng = createRng(seed);
  const gts: CocoGroundTruth[] = [];
  const dts: CocoDetection[] = [];
  let id = 1;
  for (let i = 1; i <= images; i++) {
    const nGt = 15 + rng.int(11);
    const mine: CocoGroundTruth[] = [];
    for (let g = 0; g < nGt; g++) {
      const w = 8 + rng.int(200);
      const h = 8 + rng.int(200);
      const gt: CocoGroundTruth = {
        id: id++,
        imageId: i,
        categoryId: 1 + rng.int(10),
        bbox: [rng.int(640 - w), rng.int(480 - h), w, h],
        isCrowd: rng.next() < 0.01,
      };
      mine.push(gt);
      gts.push(gt);
    }
    const nDt = 90 + rng.int(21);
    for (let d = 0; d < nDt; d++) {
      const score = Math.round(rng.next() * 1000) / 1000;
      const g = mine[rng.int(mine.length)];
      if (g !== undefined && rng.next() < 0.6) {
        const [x, y, w, h] = g.bbox;
        const j = (v: number): number => v + (rng.next() - 0.5) * 0.3 * Math.min(w, h);
        const categoryId = rng.next() < 0.85 ? g.categoryId : 1 + rng.int(10);
        dts.push({ imageId: i, categoryId, bbox: [j(x), j(y), Math.max(1, j(w)), Math.max(1, j(h))], score });
      } else {
        const w = 8 + rng.int(200);
        const h = 8 + rng.int(200);
        dts.push({ imageId: i, categoryId: 1 + rng.int(10), bbox: [rng.int(640 - w), rng.int(480 - h), w, h], score });
      }
    }
  }
  return { gts, dts };
}

interface NaiveEval {
  dtScores: number[];
  dtm: number[][];
  dtIg: boolean[][];
  gtIg: number[];
}

/** cocoeval.py, line for line, with JS arrays (the naive baseline). */
function naiveCocoEval(gts: CocoGroundTruth[], dts: CocoDetection[]): number[] {
  const key = (i: number | string, c: number): string => `${i}|${c}`;
  const G = new Map<string, CocoGroundTruth[]>();
  const D = new Map<string, (CocoDetection & { id: number })[]>();
  gts.forEach((g) => G.set(key(g.imageId, g.categoryId), [...(G.get(key(g.imageId, g.categoryId)) ?? []), g]));
  dts.forEach((d, n) => D.set(key(d.imageId, d.categoryId), [...(D.get(key(d.imageId, d.categoryId)) ?? []), { ...d, id: n + 1 }]));
  const imgs = [...new Set([...gts.map((g) => g.imageId), ...dts.map((d) => d.imageId)])].sort((a, b) => Number(a) - Number(b));
  const cats = [...new Set([...gts.map((g) => g.categoryId), ...dts.map((d) => d.categoryId)])].sort((a, b) => a - b);
  const sortDt = (dt: (CocoDetection & { id: number })[]) =>
    dt.map((d, i) => ({ d, i })).sort((a, b) => b.d.score - a.d.score || a.i - b.i).map((e) => e.d);
  const T = COCO_IOU_THRESHOLDS.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const precision: number[][][][][] = [];
  const recall: number[][][][] = [];
  for (let t = 0; t < T; t++) {
    precision.push(Array.from({ length: R }, () => cats.map(() => COCO_AREA_RANGES.map(() => COCO_MAX_DETS.map(() => -1)))));
    recall.push(cats.map(() => COCO_AREA_RANGES.map(() => COCO_MAX_DETS.map(() => -1))));
  }
  cats.forEach((c, k) => {
    const ious = new Map<string, number[][]>();
    for (const i of imgs) {
      const dt = sortDt(D.get(key(i, c)) ?? []).slice(0, 100);
      const gt = G.get(key(i, c)) ?? [];
      ious.set(key(i, c), dt.map((d) => gt.map((g) => iouXywh(...d.bbox, ...g.bbox, g.isCrowd === true))));
    }
    COCO_AREA_RANGES.forEach((rng, a) => {
      const E: NaiveEval[] = [];
      for (const i of imgs) {
        const gt0 = G.get(key(i, c)) ?? [];
        const dt = sortDt(D.get(key(i, c)) ?? []).slice(0, 100);
        if (gt0.length === 0 && dt.length === 0) continue;
        const ign = gt0.map((g) => { const ar = g.area ?? g.bbox[2] * g.bbox[3]; return g.isCrowd === true || ar < rng.minPx2 || ar > rng.maxPx2 ? 1 : 0; });
        const gind = gt0.map((_, n) => n).sort((p, q) => (ign[p] ?? 0) - (ign[q] ?? 0) || p - q);
        const gt = gind.map((n) => gt0[n] as CocoGroundTruth);
        const gtIg = gind.map((n) => ign[n] ?? 0);
        const iou = (ious.get(key(i, c)) ?? []).map((row) => gind.map((n) => row[n] ?? 0));
        const gtm = COCO_IOU_THRESHOLDS.map(() => gt.map(() => 0));
        const dtm = COCO_IOU_THRESHOLDS.map(() => dt.map(() => 0));
        const dtIg = COCO_IOU_THRESHOLDS.map(() => dt.map(() => false));
        COCO_IOU_THRESHOLDS.forEach((t, ti) => {
          dt.forEach((d, di) => {
            let best = Math.min(t, 1 - 1e-10);
            let m = -1;
            for (let gi = 0; gi < gt.length; gi++) {
              if ((gtm[ti]?.[gi] ?? 0) > 0 && gt[gi]?.isCrowd !== true) continue;
              if (m > -1 && gtIg[m] === 0 && gtIg[gi] === 1) break;
              if ((iou[di]?.[gi] ?? 0) < best) continue;
              best = iou[di]?.[gi] ?? 0;
              m = gi;
            }
            if (m === -1) return;
            (dtIg[ti] as boolean[])[di] = gtIg[m] === 1;
            (dtm[ti] as number[])[di] = gt[m]?.id ?? 1;
            (gtm[ti] as number[])[m] = d.id;
          });
        });
        dt.forEach((d, di) => {
          const ar = d.bbox[2] * d.bbox[3];
          for (let ti = 0; ti < T; ti++) if (dtm[ti]?.[di] === 0 && (ar < rng.minPx2 || ar > rng.maxPx2)) (dtIg[ti] as boolean[])[di] = true;
        });
        E.push({ dtScores: dt.map((d) => d.score), dtm, dtIg, gtIg });
      }
      COCO_MAX_DETS.forEach((maxDet, m) => {
        if (E.length === 0) return;
        const scores = E.flatMap((e) => e.dtScores.slice(0, maxDet));
        const inds = scores.map((_, n) => n).sort((p, q) => (scores[q] ?? 0) - (scores[p] ?? 0) || p - q);
        const npig = E.reduce((s, e) => s + e.gtIg.filter((v) => v === 0).length, 0);
        if (npig === 0) return;
        for (let t = 0; t < T; t++) {
          const dtmT = E.flatMap((e) => (e.dtm[t] ?? []).slice(0, maxDet));
          const igT = E.flatMap((e) => (e.dtIg[t] ?? []).slice(0, maxDet));
          let tp = 0;
          let fp = 0;
          const rc: number[] = [];
          const pr: number[] = [];
          for (const n of inds) {
            if (!igT[n] && dtmT[n] !== 0) tp++;
            if (!igT[n] && dtmT[n] === 0) fp++;
            rc.push(tp / npig);
            pr.push(tp / (fp + tp + 2.220446049250313e-16));
          }
          (recall[t]?.[k]?.[a] as number[])[m] = rc.length > 0 ? (rc[rc.length - 1] ?? 0) : 0;
          for (let n = pr.length - 1; n > 0; n--) if ((pr[n] ?? 0) > (pr[n - 1] ?? 0)) pr[n - 1] = pr[n] ?? 0;
          COCO_RECALL_THRESHOLDS.forEach((thr, r) => {
            const pi = rc.findIndex((v) => v >= thr);
            (precision[t]?.[r]?.[k]?.[a] as number[])[m] = pi < 0 ? 0 : (pr[pi] ?? 0);
          });
        }
      });
    });
  });
  const mean = (vals: number[]): number => { const v = vals.filter((x) => x > -1); return v.length === 0 ? -1 : v.reduce((s, x) => s + x, 0) / v.length; };
  const ap = (ts: number[], a: number): number => mean(ts.flatMap((t) => (precision[t] ?? []).flatMap((byR) => byR.map((byK) => byK[a]?.[2] ?? -1))));
  const ar = (a: number, m: number): number => mean(recall.flatMap((byK) => byK.map((byA) => byA[a]?.[m] ?? -1)));
  const all = COCO_IOU_THRESHOLDS.map((_, t) => t);
  return [ap(all, 0), ap([0], 0), ap([5], 0), ap(all, 1), ap(all, 2), ap(all, 3), ar(0, 0), ar(0, 1), ar(0, 2), ar(1, 2), ar(2, 2), ar(3, 2)];
}

const PY_TIMER = `
import json, sys, time, io, contextlib
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    t0 = time.perf_counter(); e = COCOeval(gt, dt, "bbox"); e.evaluate(); e.accumulate(); e.summarize(); t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "stats": [float(s) for s in e.stats]}))
`;

function hasPycocotools(): boolean {
  try {
    execFileSync("python3", ["-c", "import pycocotools.cocoeval"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export const bench: Bench = {
  name: "eval",
  async run(ctx) {
    const images = ctx.quick ? 500 : 5000;
    const { gts, dts } = generate(images, 20260523);
    ctx.log(`${images} images, ${gts.length} GT boxes, ${dts.length} detections, 10 classes`);
    evaluateCoco({ groundTruths: gts.slice(0, 2000), detections: dts.slice(0, 10000) }); // warm-up
    let ours = evaluateCoco({ groundTruths: gts.slice(0, 100), detections: dts.slice(0, 500) });
    let oursS = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      ours = evaluateCoco({ groundTruths: gts, detections: dts });
      oursS = Math.min(oursS, (performance.now() - t0) / 1000);
    }
    ctx.report({ name: "loupe evaluateCoco (best of 3)", value: images / oursS, unit: "images/s", note: `${oursS.toFixed(2)} s, AP ${ours.stats.AP.toFixed(4)}` });
    if (hasPycocotools()) {
      const gtFile = join(ctx.tmpDir, "gt.json");
      const dtFile = join(ctx.tmpDir, "dt.json");
      writeFileSync(gtFile, JSON.stringify({
        images: Array.from({ length: images }, (_, i) => ({ id: i + 1, width: 640, height: 480 })),
        categories: Array.from({ length: 10 }, (_, k) => ({ id: k + 1, name: `c${k + 1}` })),
        annotations: gts.map((g) => ({ id: g.id, image_id: g.imageId, category_id: g.categoryId, bbox: g.bbox, area: g.bbox[2] * g.bbox[3], iscrowd: g.isCrowd ? 1 : 0 })),
      }));
      writeFileSync(dtFile, JSON.stringify(dts.map((d) => ({ image_id: d.imageId, category_id: d.categoryId, bbox: d.bbox, score: d.score }))));
      const py = JSON.parse(execFileSync("python3", ["-c", PY_TIMER, gtFile, dtFile], { maxBuffer: 1 << 24 }).toString()) as { seconds: number; stats: number[] };
      const diff = Math.max(...py.stats.map((v, i) => Math.abs(v - (ours.statsArray[i] ?? NaN))));
      ctx.report({ name: "pycocotools (same data)", value: images / py.seconds, unit: "images/s", note: `${py.seconds.toFixed(2)} s; max |Δstat| ${diff.toExponential(1)}` });
      ctx.report({ name: "speed-up vs pycocotools", value: py.seconds / oursS, unit: "×" });
    } else {
      ctx.log("pycocotools is not importable by python3: baseline is a naive JS transliteration of cocoeval.py");
      const t1 = performance.now();
      const naive = naiveCocoEval(gts, dts);
      const naiveS = (performance.now() - t1) / 1000;
      const diff = Math.max(...naive.map((v, i) => Math.abs(v - (ours.statsArray[i] ?? NaN))));
      ctx.report({ name: "naive baseline (same data)", value: images / naiveS, unit: "images/s", note: `${naiveS.toFixed(2)} s; max |Δstat| ${diff.toExponential(1)}` });
      ctx.report({ name: "speed-up vs naive baseline", value: naiveS / oursS, unit: "×" });
      if (!(diff < 1e-9)) throw new Error(`naive baseline disagrees: ${naive.join(" ")} vs ${ours.statsArray.join(" ")}`);
    }
  },
};
