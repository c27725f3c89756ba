import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { LOUPE_BIN as BIN, loadNote as load, type Bench, type BenchContext } from "./bench";
import { generate, writeCocoFiles } from "./coco-case";
import { iouXywh } from "../../src-main/core/geometry/iou";
import { evaluateCoco, type CocoDetection, type CocoGroundTruth } from "../../src-main/core/metrics/coco-eval";
import { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, COCO_RECALL_THRESHOLDS } from "../../src-main/core/metrics/coco-params";

/**
 * COCO bbox evaluation of 5,000 generated images (≈20 GT, ≈100 detections each, 10 classes, seeded; 500 in quick
 * mode), two ways, each against a baseline in the same run:
 * - the metric core: `evaluateCoco` on objects in memory against a naive baseline — a direct transliteration of
 *   cocoeval.py into JavaScript with nested arrays and per-detection objects — whose stats must equal ours (and
 *   against pycocotools' evaluate + accumulate + summarize when pycocotools is available);
 * - the whole process, as users run it: `loupe eval --gt gt.json --dt dt.json --json` (start-up, reading and
 *   parsing both files, evaluation, output) against `python3` loading the same files with pycocotools and running
 *   COCOeval. pycocotools is found on `python3`'s path or in $LOUPE_PYCOCOTOOLS (a built PythonAPI folder, see
 *   TOOLCHAIN.md §7); without it the whole-process figure is reported alone.
 */
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

const PY_CORE = `
import json, sys, time, io, contextlib
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    t0 = time.perf_counter(); e = COCOeval(gt, dt, "bbox"); e.evaluate(); e.accumulate(); e.summarize(); t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "stats": [float(s) for s in e.stats]}))
`;

const PY_WHOLE = `
import json, sys, io, contextlib
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    e = COCOeval(gt, dt, "bbox"); e.evaluate(); e.accumulate(); e.summarize()
print(json.dumps([float(s) for s in e.stats]))
`;

/** The Python that has numpy (Debian's), with pycocotools on its path, or null when pycocotools cannot be imported. */
function pycocotools(): { python: string; env: NodeJS.ProcessEnv } | null {
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const extra = process.env.LOUPE_PYCOCOTOOLS;
  const env = { ...process.env, ...(extra ? { PYTHONPATH: [extra, process.env.PYTHONPATH].filter(Boolean).join(":") } : {}) };
  const r = spawnSync(python, ["-c", "import pycocotools.cocoeval"], { env, stdio: "ignore" });
  return r.status === 0 ? { python, env } : null;
}


/** Wall seconds of one process (best of `runs`), and its stdout. */
function timeProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, runs: number): { seconds: number; stdout: string } {
  let best = Infinity;
  let stdout = "";
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const res = spawnSync(cmd, args, { env, encoding: "utf8", maxBuffer: 1 << 26 });
    const s = (performance.now() - t0) / 1000;
    if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${res.status}): ${res.stderr.slice(-500)}`);
    if (s < best) best = s;
    stdout = res.stdout;
  }
  return { seconds: best, stdout };
}

function wholeProcess(ctx: BenchContext, images: number, gts: CocoGroundTruth[], dts: CocoDetection[], py: ReturnType<typeof pycocotools>): void {
  const gtFile = join(ctx.tmpDir, "gt.json");
  const dtFile = join(ctx.tmpDir, "dt.json");
  writeCocoFiles(images, gts, dts, gtFile, dtFile);
  const runs = ctx.quick ? 2 : 3;
  timeProcess(process.execPath, [BIN, "--version"], process.env, 1); // warm the file cache
  const ours = timeProcess(process.execPath, [BIN, "eval", "--gt", gtFile, "--dt", dtFile, "--json"], process.env, runs);
  const stats = Object.values((JSON.parse(ours.stdout) as { stats: Record<string, number> }).stats);
  const bundle = process.env.LOUPE_CLI_FROM_SOURCES === "1" ? "from the TypeScript sources" : "prebuilt CLI when current";
  ctx.report({ name: "loupe eval --gt --dt, whole process", value: ours.seconds, unit: "s", note: `best of ${runs}, ${bundle}; ${load()}` });
  if (!py) {
    ctx.log("pycocotools is not importable (set LOUPE_PYCOCOTOOLS to a built PythonAPI folder): no whole-process baseline");
    return;
  }
  const theirs = timeProcess(py.python, ["-c", PY_WHOLE, gtFile, dtFile], py.env, 1);
  const pyStats = JSON.parse(theirs.stdout) as number[];
  const diff = Math.max(...pyStats.map((v, i) => Math.abs(v - (stats[i] ?? NaN))));
  ctx.report({ name: "pycocotools, whole process", value: theirs.seconds, unit: "s", note: `python3 loading both files, COCOeval; max |Δstat| ${diff.toExponential(1)}; ${load()}` });
  ctx.report({ name: "whole-process speed-up vs pycocotools", value: theirs.seconds / ours.seconds, unit: "×", note: "goal ≥ 20" });
  if (!(diff <= 1e-6)) throw new Error(`pycocotools disagrees: ${pyStats.join(" ")} vs ${stats.join(" ")}`);
}

export const bench: Bench = {
  name: "eval",
  async run(ctx) {
    const images = ctx.quick ? 500 : 5000;
    const { gts, dts } = generate(images, 20260523);
    ctx.log(`${images} images, ${gts.length} GT boxes, ${dts.length} detections, 10 classes; ${load()}`);
    evaluateCoco({ groundTruths: gts.slice(0, 2000), detections: dts.slice(0, 10000) }); // warm-up
    let ours = evaluateCoco({ groundTruths: gts.slice(0, 100), detections: dts.slice(0, 500) });
    let oursS = Infinity;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      ours = evaluateCoco({ groundTruths: gts, detections: dts });
      oursS = Math.min(oursS, (performance.now() - t0) / 1000);
    }
    ctx.report({ name: "loupe evaluateCoco (best of 3)", value: images / oursS, unit: "images/s", note: `${oursS.toFixed(2)} s, AP ${ours.stats.AP.toFixed(4)}` });
    const t1 = performance.now();
    const naive = naiveCocoEval(gts, dts);
    const naiveS = (performance.now() - t1) / 1000;
    const naiveDiff = Math.max(...naive.map((v, i) => Math.abs(v - (ours.statsArray[i] ?? NaN))));
    ctx.report({ name: "naive cocoeval.py transliteration (same data)", value: images / naiveS, unit: "images/s", note: `${naiveS.toFixed(2)} s; max |Δstat| ${naiveDiff.toExponential(1)}` });
    ctx.report({ name: "core speed-up vs naive transliteration", value: naiveS / oursS, unit: "×" });
    if (!(naiveDiff < 1e-9)) throw new Error(`naive baseline disagrees: ${naive.join(" ")} vs ${ours.statsArray.join(" ")}`);
    const py = pycocotools();
    if (py) {
      const gtFile = join(ctx.tmpDir, "gt.json");
      const dtFile = join(ctx.tmpDir, "dt.json");
      writeCocoFiles(images, gts, dts, gtFile, dtFile);
      const res = JSON.parse(execFileSync(py.python, ["-c", PY_CORE, gtFile, dtFile], { env: py.env, maxBuffer: 1 << 24 }).toString()) as { seconds: number; stats: number[] };
      const diff = Math.max(...res.stats.map((v, i) => Math.abs(v - (ours.statsArray[i] ?? NaN))));
      ctx.report({ name: "pycocotools evaluate+accumulate+summarize (same data)", value: images / res.seconds, unit: "images/s", note: `${res.seconds.toFixed(2)} s; max |Δstat| ${diff.toExponential(1)}` });
      ctx.report({ name: "core speed-up vs pycocotools", value: res.seconds / oursS, unit: "×" });
    }
    wholeProcess(ctx, images, gts, dts, py);
  },
};
