import { etaSeconds, initialEta, observeEta } from "../../src-main/training/eta";
import type { TrainerMessage } from "../../src-main/training/protocol";

/**
 * How right the time-left estimate was: a run's progress samples (what the runner reported, messages and its
 * once-a-second ticks) against the true time left, read at fractions of the run's wall time.
 */

/** One progress report as the UI and the CLI received it. */
export interface EtaSample {
  atMs: number;
  etaSec: number | null;
}

export interface EtaErrorAt {
  /** Fraction of the run's wall time (start to the trainer's `done`) at which the estimate was read. */
  fraction: number;
  /** The last estimate reported at or before that time, counted down by the time since (as a display would). */
  estimateSec: number | null;
  truthSec: number;
  /** (estimate − truth) / truth; null without an estimate. */
  relError: number | null;
}

/** The estimate the user saw at each fraction of the run, and its error against the true time left. */
export function etaErrors(samples: readonly EtaSample[], startMs: number, endMs: number, fractions: readonly number[]): EtaErrorAt[] {
  return fractions.map((fraction) => {
    const atMs = startMs + fraction * (endMs - startMs);
    let last: EtaSample | null = null;
    for (const s of samples) {
      if (s.atMs > atMs) break;
      last = s;
    }
    const estimateSec = last?.etaSec === null || last === null ? null : Math.max(0, last.etaSec - (atMs - last.atMs) / 1000);
    const truthSec = (endMs - atMs) / 1000;
    return { fraction, estimateSec, truthSec, relError: estimateSec === null ? null : (estimateSec - truthSec) / truthSec };
  });
}

/** The largest |relative error| between two fractions of the run (step 0.01): the worst the user saw there. */
export function worstEtaError(samples: readonly EtaSample[], startMs: number, endMs: number, from = 0.1, to = 0.9): number {
  const fractions: number[] = [];
  for (let i = Math.round(from * 100); i <= Math.round(to * 100); i++) fractions.push(i / 100);
  return Math.max(...etaErrors(samples, startMs, endMs, fractions).map((e) => (e.relError === null ? Infinity : Math.abs(e.relError))));
}

/** "+4.1 % / −12.0 % / +2.2 %" for the figures' notes. */
export function formatEtaErrors(errors: readonly EtaErrorAt[]): string {
  return errors.map((e) => `${Math.round(e.fraction * 100)} %: ${e.relError === null ? "no estimate" : `${e.relError >= 0 ? "+" : "−"}${Math.abs(e.relError * 100).toFixed(1)} %`} (${e.estimateSec === null ? "–" : e.estimateSec.toFixed(0)} s of ${e.truthSec.toFixed(0)} s)`).join(", ");
}

/** A protocol message with its arrival time. */
export interface TimedMessage {
  atMs: number;
  message: TrainerMessage;
}

/**
 * The estimate Loupe showed before (the baseline of the figure): the step pace since the `start` message × the steps
 * left, validations and export not counted, updated only when a message arrived.
 */
export function baselineEtaSamples(messages: readonly TimedMessage[]): EtaSample[] {
  const out: EtaSample[] = [];
  let since: number | null = null;
  let step = 0;
  let steps = 0;
  for (const { atMs, message: m } of messages) {
    if (m.type === "start") {
      since = atMs;
      steps = m.steps ?? steps;
    } else if (m.type === "step") {
      step = m.step;
      steps = m.steps;
    } else if (m.type === "epoch" && m.step !== undefined) {
      step = m.step;
    }
    if (since !== null && step > 0) out.push({ atMs, etaSec: ((atMs - since) / 1000 / step) * (steps - step) });
  }
  return out;
}

/**
 * The estimate a run's messages give with a step-time constant of `tauSec`, read when each message arrives and once a
 * second between them (as the runner reports it): for comparing time constants on recorded runs.
 */
export function replayEtaSamples(messages: readonly TimedMessage[], tauSec: number, tickMs = 1000): EtaSample[] {
  const out: EtaSample[] = [];
  let model = initialEta(tauSec);
  let next = messages[0]?.atMs ?? 0;
  for (const { atMs, message } of messages) {
    for (; next < atMs; next += tickMs) out.push({ atMs: next, etaSec: etaSeconds(model, next) });
    model = observeEta(model, message, atMs);
    out.push({ atMs, etaSec: etaSeconds(model, atMs) });
  }
  return out;
}
