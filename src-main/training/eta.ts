/**
 * The time left of a training run, from what the trainer has said so far. Pure: the caller passes each protocol
 * message with its arrival time, and the time to estimate at.
 *
 * The rest of the run is costed part by part:
 *   steps left × seconds per optimiser step
 *   + validations left × seconds per validation
 *   + epoch ends left × seconds per epoch end (checkpoint, anything an epoch does beyond its steps)
 *   + the export.
 * - **Seconds per step** is measured between `step` messages of the same epoch only (an interval that spans an
 *   epoch's end would count its validation as training) and smoothed over time: an exponential moving average
 *   with a time constant of `STEP_TAU_SEC` of training. Two minutes: a load that stays shows within a few minutes,
 *   while a minute of a busier machine (another build, a test run) does not swing the estimate. On recorded runs
 *   (`npm run bench -- training` replays each with other constants) steady runs come out the same at 30 s to 8 min,
 *   and a 30-epoch run slowed by a minute of other work read 47.5 % off at 30 s, 32.6 % at 60 s, 23.5 % at 120 s
 *   and longer. The interval before the first step message is a first estimate only: it holds the run's set-up.
 * - **A validation** is measured from `valSeconds` of an epoch (or `initialEvalSeconds` on `start` when a warm start
 *   validated its starting weights); a trainer that does not say gets `seconds − trainSeconds` of its validated
 *   epochs. Until then it is estimated from the step time: validating `valImages` images costs about
 *   `VAL_COST_PER_BATCH` steps per batch of images (forward passes, NMS and the metric; 0.3–0.7 measured on
 *   trained models at 128 and 160 px).
 * - **The export** is `EXPORT_COST_SEC` (measured 0.51–0.53 s from the last epoch to `done` at 128 and at 320 px:
 *   tracing, the ONNX file and the parity tensors; it does not grow with the image size as a step does, so counting
 *   it in step times overstated it 3.5 × at 320 px).
 * - Between messages the estimate counts down with the clock, but never below what the epochs after the current
 *   one still need: a validation that runs long holds the estimate instead of showing 0.
 * A trainer that reports only epochs (no steps) gets the mean epoch time × epochs left.
 */
import type { TrainerMessage } from "./protocol";

/** Time constant of the step-time average, in seconds of training. */
export const STEP_TAU_SEC = 120;
/** Steps' worth of time a validation takes per batch of val images before one is measured. */
export const VAL_COST_PER_BATCH = 0.5;
/** Seconds the export takes (the built-in model's tracing, ONNX file and parity tensors). */
export const EXPORT_COST_SEC = 0.5;

export interface EtaModel {
  /** Time constant of this model's step-time average, in seconds of training. */
  tauSec: number;
  /** Smoothed seconds per optimiser step; null until two step marks were seen. */
  stepSec: number | null;
  /** Seconds of training the average has seen (the moving average weighs its first samples fully). */
  stepSecondsSeen: number;
  /** Smoothed seconds per validation; null until measured. */
  valSec: number | null;
  /** Smoothed seconds an epoch costs beyond its steps and its validation; null until measured. */
  epochEndSec: number | null;
  /** The last point (step count, time) a step interval can be measured from; null until the first. */
  mark: { step: number; atMs: number } | null;
  /** Run facts from `start`. */
  epochs: number;
  steps: number;
  stepsPerEpoch: number | null;
  valEvery: number;
  valImages: number | null;
  batch: number | null;
  /** Epoch the trainer is in (1-based; 0 before the first step) and the last epoch it finished. */
  epoch: number;
  epochsDone: number;
  step: number;
  /** Epoch times, for trainers that report no steps. */
  epochSeconds: number[];
  finished: boolean;
  /** The estimate made at the last message: the current epoch's part, the part after it, and when. */
  anchor: { atMs: number; currentSec: number; laterSec: number } | null;
}

export function initialEta(tauSec: number = STEP_TAU_SEC): EtaModel {
  return {
    tauSec,
    stepSec: null, stepSecondsSeen: 0, valSec: null, epochEndSec: null, mark: null, epochs: 0, steps: 0, stepsPerEpoch: null,
    valEvery: 1, valImages: null, batch: null, epoch: 0, epochsDone: 0, step: 0, epochSeconds: [], finished: false, anchor: null,
  };
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Time-weighted moving average: a sample that covers `dtSec` moves the average by 1 − e^(−dt/τ). */
function smooth(avg: number | null, sample: number, dtSec: number, seenSec: number, tauSec: number): number {
  if (avg === null || seenSec <= 0) return sample;
  // while the average has seen less than τ, weigh by time seen so far (the first τ is a plain mean)
  const alpha = seenSec + dtSec < tauSec ? dtSec / (seenSec + dtSec) : 1 - Math.exp(-dtSec / tauSec);
  return avg + alpha * (sample - avg);
}

/** The mean of the last measurement and the one before it (validations and epoch ends are few and lumpy). */
function blend(avg: number | null, sample: number): number {
  return avg === null ? sample : (avg + sample) / 2;
}

function validates(m: EtaModel, epoch: number): boolean {
  if (m.valImages === 0) return false;
  return epoch === m.epochs || epoch % m.valEvery === 0;
}

/** Folds one protocol message (arrived at `nowMs`) into the model. */
export function observeEta(model: EtaModel, message: TrainerMessage, nowMs: number): EtaModel {
  const m: EtaModel = { ...model, epochSeconds: [...model.epochSeconds] };
  switch (message.type) {
    case "start": {
      m.epochs = message.epochs ?? m.epochs;
      m.steps = message.steps ?? m.steps;
      m.stepsPerEpoch = message.stepsPerEpoch ?? (m.epochs > 0 && m.steps > 0 ? Math.ceil(m.steps / m.epochs) : null);
      m.valImages = message.valImages ?? null;
      m.batch = num(message.batch);
      m.valEvery = Math.max(1, Math.round(num(message.valEvery) ?? 1));
      // a warm start's first validation is what later ones cost; untrained weights score every anchor and make
      // NMS and matching several times dearer than a trained model's validation, so a from-scratch run ignores it
      const initialEval = num(message.initialEvalSeconds);
      if (initialEval !== null && initialEval >= 0 && message.warmStart === true) m.valSec = initialEval;
      m.mark = { step: 0, atMs: nowMs };
      break;
    }
    case "step": {
      m.epochs = message.epochs;
      m.steps = message.steps;
      // the mark is the previous step message, `start` or the last epoch's end: every such interval is training only.
      // The interval from `start` to the first step message also holds the data loader's first batches and the
      // framework's first-step set-up (1.07 s for a 0.65 s step, warm start at 320 px): it gives a first estimate
      // that the next interval replaces instead of joining the average.
      const warmUp = m.step === 0 && m.epochsDone === 0; // the mark is still `start`'s
      if (m.mark && message.step > m.mark.step) {
        const dtSec = (nowMs - m.mark.atMs) / 1000;
        if (dtSec > 0) {
          m.stepSec = smooth(warmUp ? null : m.stepSec, dtSec / (message.step - m.mark.step), dtSec, m.stepSecondsSeen, m.tauSec);
          if (!warmUp) m.stepSecondsSeen += dtSec;
        }
      }
      m.mark = { step: message.step, atMs: nowMs };
      m.epoch = message.epoch;
      m.step = message.step;
      break;
    }
    case "epoch": {
      m.epochs = message.epochs;
      if (message.steps !== undefined) m.steps = message.steps;
      if (message.step !== undefined) m.step = message.step;
      const trainSec = num(message.trainSeconds);
      const valSeconds = num(message.valSeconds);
      const validated = valSeconds !== null ? valSeconds > 0 : Object.keys(message.metrics).length > 0;
      if (m.stepSec === null && trainSec !== null && trainSec > 0) {
        // no two step messages measured the pace (a short epoch): the epoch's own training time does
        m.stepSec = trainSec / Math.max(1, m.stepsPerEpoch ?? m.step);
        m.stepSecondsSeen += trainSec;
      }
      if (valSeconds !== null && valSeconds > 0) m.valSec = blend(m.valSec, valSeconds);
      if (trainSec !== null) {
        const beyond = Math.max(0, message.seconds - trainSec - (valSeconds ?? 0));
        // a trainer that does not time its validation: a validated epoch's extra time is the validation
        if (valSeconds === null && validated) m.valSec = blend(m.valSec, beyond);
        else m.epochEndSec = blend(m.epochEndSec, beyond);
      }
      m.epochSeconds.push(message.seconds);
      m.epochsDone = message.epoch;
      m.epoch = message.epoch;
      // the next interval starts after validation and checkpoint: the mark moves to now
      m.mark = { step: m.step, atMs: nowMs };
      break;
    }
    case "done":
    case "stopped":
    case "error":
      m.finished = true;
      break;
    case "log":
      return model;
  }
  m.anchor = anchorOf(m, nowMs);
  return m;
}

/** The estimate's two parts at a message: what the current epoch (or the export) still needs, and what follows. */
function anchorOf(m: EtaModel, nowMs: number): EtaModel["anchor"] {
  if (m.finished) return { atMs: nowMs, currentSec: 0, laterSec: 0 };
  const stepSec = m.stepSec;
  if (stepSec === null || m.steps <= 0 || m.epochs <= 0) {
    if (m.epochSeconds.length === 0 || m.epochs <= 0) return null;
    const mean = m.epochSeconds.reduce((a, b) => a + b, 0) / m.epochSeconds.length;
    return { atMs: nowMs, currentSec: 0, laterSec: Math.max(0, mean * (m.epochs - m.epochsDone)) };
  }
  const perEpoch = m.stepsPerEpoch ?? Math.ceil(m.steps / m.epochs);
  const valSec = m.valSec ?? VAL_COST_PER_BATCH * stepSec * Math.ceil((m.valImages ?? 0) / Math.max(1, m.batch ?? 16));
  const endSec = m.epochEndSec ?? 0;
  const exportSec = EXPORT_COST_SEC;
  const epochCost = (e: number): number => endSec + (validates(m, e) ? valSec : 0);
  const inEpoch = m.epochsDone < m.epochs && m.epoch > m.epochsDone ? m.epoch : m.epochsDone + 1;
  if (m.epochsDone >= m.epochs) return { atMs: nowMs, currentSec: exportSec, laterSec: 0 };
  // the current epoch: its steps left and its end
  const currentEnd = Math.min(m.steps, inEpoch * perEpoch);
  const currentSec = Math.max(0, currentEnd - m.step) * stepSec + epochCost(inEpoch);
  let laterSec = Math.max(0, m.steps - currentEnd) * stepSec + exportSec;
  for (let e = inEpoch + 1; e <= m.epochs; e++) laterSec += epochCost(e);
  return { atMs: nowMs, currentSec, laterSec };
}

/**
 * Seconds left at `nowMs`: the estimate made at the last message, counted down with the clock but not below what
 * comes after the current epoch. Null until the pace is known.
 * @example a run of 100 steps at 1 s per step, 2 validations of 5 s, at step 50 of epoch 1 of 2 (export 0.5 s):
 * 50 × 1 + 2 × 5 + 0.5 = 60.5 s
 */
export function etaSeconds(model: EtaModel, nowMs: number): number | null {
  const a = model.anchor;
  if (!a) return null;
  const since = Math.max(0, (nowMs - a.atMs) / 1000);
  return a.laterSec + Math.max(0, a.currentSec - since);
}
