import { describe, expect, it } from "vitest";
import { apply } from "../../../../src-renderer/canvas/model/apply";
import type { Command } from "../../../../src-renderer/canvas/model/commands";
import { acceptAllAboveCommand, createLabelCommand, markEmptyCommand, nudgeCommand } from "../../../../src-renderer/canvas/model/commands";
import type { ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import { labelsOf, predictionsOf } from "../../../../src-renderer/canvas/model/doc";
import { counterIds, makeDoc, makePrediction, rect } from "./builders";

/** A small seeded generator (mulberry32), so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCommand(doc: ReviewDoc, r: () => number, newId: ReturnType<typeof counterIds>): Command | null {
  const labels = labelsOf(doc);
  const pending = predictionsOf(doc).filter((p) => p.status === "pending");
  const pick = <T,>(xs: T[]): T | undefined => xs[Math.floor(r() * xs.length)];
  const label = pick(labels);
  const p = pick(pending);
  switch (Math.floor(r() * 8)) {
    case 0:
      return createLabelCommand(newId(), 1 + Math.floor(r() * 3), rect(Math.floor(r() * 80), Math.floor(r() * 60), 5, 5));
    case 1:
      return label ? { kind: "deleteBox", id: label.id } : null;
    case 2:
      return label ? nudgeCommand(doc, label.id, Math.floor(r() * 7) - 3, Math.floor(r() * 7) - 3) : null;
    case 3:
      return label ? { kind: "setClass", id: label.id, classId: 1 + Math.floor(r() * 3) } : null;
    case 4:
      return p ? { kind: "acceptPrediction", predictionId: p.id, labelId: newId() } : null;
    case 5:
      return p ? { kind: "rejectPrediction", predictionId: p.id } : null;
    case 6:
      return acceptAllAboveCommand(doc, r(), newId);
    default:
      return markEmptyCommand(doc) ?? (doc.isEmpty ? { kind: "markEmpty", empty: false } : null);
  }
}

describe("apply over random edit sequences", () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`undoing every step of a random 100-step session (seed ${seed}) gives back the first document, and redo the last`, () => {
      const r = rng(seed);
      const newId = counterIds(`s${seed}`);
      const first = makeDoc([makePrediction({ id: "p1", score: 0.9 }), makePrediction({ id: "p2", score: 0.4, rect: rect(5, 5, 8, 8) }), makePrediction({ id: "p3", score: 0.7 })]);
      let doc = first;
      const steps: { forward: Command; inverse: Command }[] = [];
      for (let i = 0; i < 100; i++) {
        const command = randomCommand(doc, r, newId);
        if (!command) continue;
        const result = apply(doc, command);
        doc = result.doc;
        steps.push({ forward: command, inverse: result.inverse });
      }
      expect(steps.length).toBeGreaterThan(40);
      const last = doc;
      for (const s of [...steps].reverse()) doc = apply(doc, s.inverse).doc;
      expect(doc).toEqual(first);
      for (const s of steps) doc = apply(doc, s.forward).doc;
      expect(doc).toEqual(last);
    });
  }
});
