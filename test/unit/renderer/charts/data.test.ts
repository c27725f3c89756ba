import { describe, expect, it } from "vitest";
import type { EvaluationSummary, IterationInfo, IterationMetrics, LoopDecisionInfo } from "../../../../src-preload/api";
import {
  appendEpoch, compareEvaluations, confusionTable, countsTrend, epochSeries, formatMetric, iterationEvaluation, learningCurve, metricTrends,
  prCurveRows, simulationBands, simulationChartData,
} from "../../../../src-renderer/charts/data";

const metrics = (labelsSpent: number, f1: number, extra: Partial<IterationMetrics> = {}): IterationMetrics => ({
  labelsSpent, imagesLabeled: labelsSpent / 2, mAP50_95: f1 / 2, mAP50: f1 - 0.1, precision: f1 + 0.05, recall: f1 - 0.05, f1, trainF1: null, ...extra,
});
const decision = (promoted: boolean): LoopDecisionInfo => ({
  iteration: 1, promoted, candidateModelId: "c", bestModelId: "b", metric: "mAP50-95", candidateValue: 0.3, bestValue: 0.2, minMargin: 0.005,
  reasons: [], stop: false, firedRules: [], dryRun: false,
});
const iteration = (number: number, m: IterationMetrics | null, d: LoopDecisionInfo | null, ids: { best?: string; cand?: string } = {}): IterationInfo => ({
  number, state: d ? "done" : "review", dryRun: false, startedAt: number, finishedAt: null, bestModelId: ids.best ?? null, candidateModelId: ids.cand ?? null,
  batchId: null, selectionId: null, metrics: m, decision: d, dir: `iterations/iteration_00${number}`,
});
const summary = (id: number, modelId: string, iter: number | null, fn: Record<string, number>, fp: Record<string, number>, createdAt = id): EvaluationSummary => ({
  id, modelId, split: "val", iteration: iter, createdAt, confidence: 0.25, imageCount: 10, labelCount: 20, coco: { AP: 0.4, AP50: 0.7 }, vocMap50: 0.69,
  prf: {
    atConfidence: { confidence: 0.25, precision: 0.8, recall: 0.6, f1: 0.6857, tp: 12, fp: 3, fn: 8 },
    atOptimal: { confidence: 0.3, precision: 0.9, recall: 0.6, f1: 0.72, tp: 12, fp: 1, fn: 8 },
  },
  perClass: [], errors: { fn: { total: 0, byCategory: fn }, fp: { total: 0, byCategory: fp } }, hasErrorReport: true,
});

describe("learningCurve", () => {
  it("keeps iterations with metrics in order and names each decision", () => {
    const pts = learningCurve([
      iteration(2, metrics(120, 0.5), decision(false)),
      iteration(0, metrics(40, 0.3), null),
      iteration(3, null, null),
      iteration(1, metrics(80, 0.45), decision(true)),
      iteration(4, metrics(160, 0.55), null),
    ]);
    expect(pts.map((p) => [p.iteration, p.labelsSpent, p.f1, p.decision])).toEqual([
      [0, 40, 0.3, "baseline"],
      [1, 80, 0.45, "promoted"],
      [2, 120, 0.5, "kept"],
      [4, 160, 0.55, "pending"],
    ]);
    expect(pts[1]?.mAP50_95).toBeCloseTo(0.225, 12);
  });
});

describe("metricTrends", () => {
  it("gives P, R, F1, mAP per iteration and the train–val gap where train F1 exists", () => {
    const rows = metricTrends([iteration(0, metrics(40, 0.3, { trainF1: 0.42 }), null), iteration(1, metrics(80, 0.5), decision(true))]);
    expect(rows.map((r) => [r.iteration, r.precision, r.recall, r.f1])).toEqual([
      [0, 0.35, 0.25, 0.3],
      [1, 0.55, 0.45, 0.5],
    ]);
    expect(rows[0]?.overfitGap).toBeCloseTo(0.12, 12);
    expect(rows[1]?.overfitGap).toBeNull();
  });
});

describe("iterationEvaluation and countsTrend", () => {
  it("picks the newest val evaluation of the iteration's candidate, else of its best model", () => {
    const evs = [summary(1, "b", 1, {}, {}), summary(2, "c", 1, {}, {}, 5), summary(3, "c", 1, {}, {}, 9), summary(4, "c", 2, {}, {})];
    expect(iterationEvaluation({ number: 1, candidateModelId: "c", bestModelId: "b" }, evs)?.id).toBe(3);
    expect(iterationEvaluation({ number: 1, candidateModelId: null, bestModelId: "b" }, evs)?.id).toBe(1);
    expect(iterationEvaluation({ number: 7, candidateModelId: "c", bestModelId: "b" }, evs)).toBeNull();
  });

  it("puts every FN size and FP category present anywhere in every row, 0 where absent; multi-label FN attributes stay out", () => {
    const its = [iteration(0, metrics(40, 0.3), null, { cand: "m0" }), iteration(1, metrics(80, 0.5), decision(true), { cand: "m1" })];
    const evs = [summary(1, "m0", 0, { small: 5, tiny: 0, large: 1, at_border: 4 }, { background: 3 }), summary(2, "m1", 1, { small: 2 }, { duplicate: 1 })];
    const { rows, keys } = countsTrend(its, evs);
    expect(keys).toEqual(["fn:small", "fn:large", "fp:background", "fp:duplicate"]);
    expect(rows).toEqual([
      { iteration: 0, labelsSpent: 40, imagesLabeled: 20, "fn:small": 5, "fn:large": 1, "fp:background": 3, "fp:duplicate": 0 },
      { iteration: 1, labelsSpent: 80, imagesLabeled: 40, "fn:small": 2, "fn:large": 0, "fp:background": 0, "fp:duplicate": 1 },
    ]);
  });
});

describe("appendEpoch and epochSeries", () => {
  const p = (epochsDone: number, loss: number | null, m: Record<string, unknown> = {}) => ({ epochsDone, loss, metrics: m });
  it("adds a point per finished epoch, replaces the same epoch and ignores progress within the first", () => {
    let pts = appendEpoch([], p(0, 9));
    expect(pts).toEqual([]);
    pts = appendEpoch(pts, p(1, 2.5, { mAP50: 0.1, note: "x" }));
    pts = appendEpoch(pts, p(2, 2.0, { mAP50: 0.2 }));
    const same = appendEpoch(pts, p(2, 2.0, { mAP50: 0.2 }));
    expect(same).toBe(pts);
    pts = appendEpoch(pts, p(2, 1.9, { mAP50: 0.25 }));
    expect(pts).toEqual([{ epoch: 1, loss: 2.5, mAP50: 0.1 }, { epoch: 2, loss: 1.9, mAP50: 0.25 }]);
    expect(appendEpoch(pts, p(1, 3))).toEqual([{ epoch: 1, loss: 3 }]); // a new run
  });

  it("splits the series into losses and metrics", () => {
    expect(epochSeries([{ epoch: 1, loss: 2, box_loss: 1, mAP50: 0.1 }, { epoch: 2, loss: null, mAP50_95: 0.05 }])).toEqual({
      losses: ["box_loss", "loss"], metrics: ["mAP50", "mAP50_95"],
    });
  });
});

describe("prCurveRows", () => {
  const curves = {
    recall: [0, 0.5, 1],
    iou50: [{ classId: 1, precision: [1, 0.8, 0], score: [0.9, 0.5, 0] }, { classId: 2, precision: [1, 1, 0.5], score: [0.9, 0.8, 0.1] }],
    iou50to95: [{ classId: 1, precision: [0.6, 0.3, 0] }, { classId: 2, precision: [0.5, 0.4, 0.2] }],
  };
  it("gives one row per recall point, one key per class, ending each curve at its highest recall", () => {
    expect(prCurveRows(curves, "0.5")).toEqual({
      classIds: [1, 2],
      rows: [{ recall: 0, c1: 1, c2: 1 }, { recall: 0.5, c1: 0.8, c2: 1 }, { recall: 1, c2: 0.5 }],
    });
    expect(prCurveRows(curves, "0.5:0.95").rows[1]).toEqual({ recall: 0.5, c1: 0.3, c2: 0.4 });
  });
});

describe("confusionTable", () => {
  it("labels rows and columns with the background last and shares each row", () => {
    const t = confusionTable({ classIds: [1, 2], counts: [[3, 1, 0], [0, 0, 2], [4, 0, 0]] }, (id) => (id === 1 ? "crop" : "weed"));
    expect(t.labels).toEqual(["crop", "weed", "background"]);
    expect(t.rowTotals).toEqual([4, 2, 4]);
    expect(t.cells[0]?.map((c) => c.rowShare)).toEqual([0.75, 0.25, 0]);
    expect(t.cells[1]?.[2]).toEqual({ count: 2, rowShare: 1 });
    expect(t.max).toBe(4);
  });
});

describe("compareEvaluations", () => {
  it("reads each metric of candidate and best and their difference; a missing side gives null", () => {
    const best = summary(1, "b", 1, {}, {});
    const cand = { ...summary(2, "c", 1, {}, {}), coco: { AP: 0.46, AP50: -1 } };
    const rows = compareEvaluations(cand, best);
    expect(rows[0]).toMatchObject({ metric: "mAP50-95", candidate: 0.46, best: 0.4 });
    expect(rows[0]?.delta).toBeCloseTo(0.06, 12);
    expect(rows[1]).toEqual({ metric: "mAP50", candidate: null, best: 0.7, delta: null });
    expect(compareEvaluations(cand, null)[4]).toEqual({ metric: "F1", candidate: 0.72, best: null, delta: null });
  });
});

describe("simulationBands", () => {
  it("averages runs per iteration with their min–max spread", () => {
    const bands = simulationBands({
      metric: "mAP50",
      strategies: [
        {
          name: "random",
          runs: [
            { seed: 1, points: [{ iteration: 0, labelsSpent: 40, value: 0.2 }, { iteration: 1, labelsSpent: 80, value: 0.3 }] },
            { seed: 2, points: [{ iteration: 0, labelsSpent: 44, value: 0.4 }] },
          ],
        },
      ],
    });
    expect(bands).toHaveLength(1);
    expect(bands[0]?.points[0]).toMatchObject({ iteration: 0, labelsSpent: 42, min: 0.2, max: 0.4, runs: 2 });
    expect(bands[0]?.points[0]?.mean).toBeCloseTo(0.3, 12);
    expect(bands[0]?.points[1]).toEqual({ iteration: 1, labelsSpent: 80, mean: 0.3, min: 0.3, max: 0.3, runs: 1 });
  });
});

describe("formatMetric", () => {
  it.each([[0.61234, "0.612"], [null, "—"], [-1, "—"], [Number.NaN, "—"]])("formats %s as %s", (v, s) => {
    expect(formatMetric(v)).toBe(s);
  });
});

describe("simulationChartData", () => {
  it("keeps finished runs per strategy as (labels spent, mAP50-95) points, in results.json order", () => {
    const r = simulationChartData({
      runs: [
        { strategy: "random", seed: 1, status: "done", rounds: [{ round: 0, labels: 100, mAP50_95: 0.2 }, { round: 1, labels: 140, mAP50_95: 0.25 }] },
        { strategy: "entropy", seed: 1, status: "pending", rounds: [] },
        { strategy: "random", seed: 2, status: "done", rounds: [{ round: 0, labels: 100, mAP50_95: 0.2 }] },
        { strategy: "coverage", seed: 1, status: "failed", rounds: [{ round: 0, labels: 100, mAP50_95: 0.2 }] },
      ],
    });
    expect(r).toEqual({
      metric: "mAP50-95",
      strategies: [
        { name: "random", runs: [
          { seed: 1, points: [{ iteration: 0, labelsSpent: 100, value: 0.2 }, { iteration: 1, labelsSpent: 140, value: 0.25 }] },
          { seed: 2, points: [{ iteration: 0, labelsSpent: 100, value: 0.2 }] },
        ] },
      ],
    });
  });
});
