import { describe, expect, it } from "vitest";
import { STEP_TAU_SEC, etaSeconds, initialEta, observeEta, type EtaModel } from "../../../src-main/training/eta";
import { parseTrainerLine, type TrainerMessage } from "../../../src-main/training/protocol";

const msg = (fields: Record<string, unknown>): TrainerMessage => {
  const p = parseTrainerLine(JSON.stringify(fields));
  if (p.kind !== "message") throw new Error(`not a message: ${JSON.stringify(fields)}`);
  return p.message;
};

/** Feeds [seconds, message fields] pairs into a fresh model. */
function feed(events: [number, Record<string, unknown>][], model: EtaModel = initialEta()): EtaModel {
  return events.reduce((m, [sec, fields]) => observeEta(m, msg(fields), sec * 1000), model);
}

const start = (over: Record<string, unknown> = {}) => ({ type: "start", epochs: 2, steps: 20, stepsPerEpoch: 10, valImages: 32, batch: 16, valEvery: 1, ...over });
const step = (epoch: number, n: number, steps = 20, epochs = 2) => ({ type: "step", epoch, epochs, step: n, steps });

/** Epoch 1 of 2 ends at 20 s (10 s of steps, 8 s of validation, 2 s of checkpoint); step 15 of 20 at 25 s. */
const intoEpochTwo = (): EtaModel =>
  feed([
    [0, start()],
    [5, step(1, 5)],
    [10, step(1, 10)],
    [20, { type: "epoch", epoch: 1, epochs: 2, step: 10, steps: 20, seconds: 20, trainSeconds: 10, valSeconds: 8 }],
    [25, step(2, 15)],
  ]);

describe("time left of a training run", () => {
  it("has no estimate before the pace is measured", () => {
    expect(etaSeconds(feed([[0, start()]]), 0)).toBeNull();
  });

  it("costs the steps, the validations, the epoch ends and the export, each as measured", () => {
    const m = intoEpochTwo();
    expect(m).toMatchObject({ stepSec: 1, valSec: 8, epochEndSec: 2 });
    // 5 steps × 1 s + validation 8 s + epoch end 2 s + export 0.5 s = 15.5 s (the old step pace said 25/15 × 5 = 8.3 s)
    expect(etaSeconds(m, 25_000)).toBeCloseTo(15.5, 9);
  });

  it("does not count a validation as training time", () => {
    const m = feed([
      [0, start()],
      [10, step(1, 10)],
      [40, { type: "epoch", epoch: 1, epochs: 2, step: 10, steps: 20, seconds: 40, trainSeconds: 10, valSeconds: 30 }],
      [42, step(2, 12)],
    ]);
    expect(m.stepSec).toBeCloseTo(1, 9); // 10 steps in 10 s, then 2 in 2 s; the 30 s of validation are not steps
  });

  it("prices validations from the step time until one is measured", () => {
    const m = feed([
      [0, start({ epochs: 4, steps: 100, stepsPerEpoch: 25, valImages: 80, valEvery: 2 })],
      [20, step(1, 10, 100, 4)],
    ]);
    // 2 s per step; a validation of 80 images = 5 batches × 0.5 steps × 2 s = 5 s, at epochs 2 and 4
    // epoch 1: 15 steps × 2 = 30; after it: 75 steps × 2 = 150, 2 validations = 10, export 0.5 → 190.5 s
    expect(etaSeconds(m, 20_000)).toBeCloseTo(190.5, 9);
  });

  it("takes a warm start's validation time of its starting weights from the start message", () => {
    expect(feed([[0, start({ initialEvalSeconds: 6.5, warmStart: true })]]).valSec).toBe(6.5);
    // untrained weights validate far slower than trained ones: not a measure of the validations to come
    expect(feed([[0, start({ initialEvalSeconds: 6.5, warmStart: false })]]).valSec).toBeNull();
  });

  it("counts down between messages, but not below what the epochs after the current one need", () => {
    const m = intoEpochTwo();
    expect(etaSeconds(m, 35_000)).toBeCloseTo(5.5, 9); // 15 s of the last epoch minus 10 s, plus the 0.5 s export
    expect(etaSeconds(m, 90_000)).toBeCloseTo(0.5, 9); // the validation runs long: the export still lies ahead
  });

  it("follows a change of pace that stays: 63 % of it after one time constant (two minutes)", () => {
    expect(STEP_TAU_SEC).toBe(120);
    const events: [number, Record<string, unknown>][] = [[0, start({ epochs: 1, steps: 1000, stepsPerEpoch: 1000 })]];
    // 130 s at 1 s per step, then 120 s at 2 s per step, a step message every 10 s (the first interval is set-up)
    for (let t = 10; t <= 130; t += 10) events.push([t, step(1, t, 1000, 1)]);
    for (let t = 140; t <= 250; t += 10) events.push([t, step(1, 130 + (t - 130) / 2, 1000, 1)]);
    const m = feed(events);
    expect(m.stepSec).toBeCloseTo(2 - Math.exp(-1), 9); // 1.632 s per step
  });

  it("takes the interval before the first step message as a first estimate only (it holds the run's set-up)", () => {
    // 4 s to step 1 (loading, first-step set-up), then 1 s per step
    const first = feed([[0, start({ epochs: 1, steps: 100, stepsPerEpoch: 100 })], [4, step(1, 1, 100, 1)]]);
    expect(first.stepSec).toBe(4);
    expect(etaSeconds(first, 4_000)).not.toBeNull();
    const m = feed([[6, step(1, 3, 100, 1)], [10, step(1, 7, 100, 1)]], first);
    expect(m.stepSec).toBeCloseTo(1, 9); // the plain mean of all three intervals would say 10 s / 7 steps = 1.43
    // 93 steps × 1 s + one validation of 32 images (2 batches × 0.5 × 1 s) + export 0.5 s
    expect(etaSeconds(m, 10_000)).toBeCloseTo(93 + 1 + 0.5, 9);
  });

  it("falls back to the mean epoch time when the trainer reports no steps", () => {
    const m = feed([
      [10, { type: "epoch", epoch: 1, epochs: 4, seconds: 10 }],
      [30, { type: "epoch", epoch: 2, epochs: 4, seconds: 20 }],
    ]);
    expect(etaSeconds(m, 30_000)).toBe(30); // 15 s × 2 epochs left
  });

  it("ends at 0 once the trainer is done", () => {
    const m = feed([
      [0, start()],
      [5, step(1, 5)],
      [50, { type: "done", onnx: "/m.onnx" }],
    ]);
    expect(etaSeconds(m, 50_000)).toBe(0);
  });
});
