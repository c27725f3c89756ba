import { describe, expect, it } from "vitest";
import {
  advanceProgress,
  formatDuration,
  formatProgress,
  initialProgress,
  parseTrainerLine,
  splitLines,
  trainerJobSchema,
  type TrainerMessage,
} from "../../../src-main/training/protocol";

const msg = (line: string): TrainerMessage => {
  const p = parseTrainerLine(line);
  if (p.kind !== "message") throw new Error(`not a message: ${line}`);
  return p.message;
};

describe("parseTrainerLine", () => {
  it.each([
    ['{"type":"start","epochs":30,"steps":1110,"trainImages":600}', "start"],
    ['{"type":"step","epoch":1,"epochs":30,"step":5,"steps":1110,"loss":3.2}', "step"],
    ['{"type":"epoch","epoch":1,"epochs":30,"losses":{"box":0.4,"cls":2.1},"metrics":{"mAP50":0.1},"seconds":24.5}', "epoch"],
    ['{"type":"log","level":"warn","message":"slow disk"}', "log"],
    ['{"type":"done","onnx":"/o/model.onnx","checkpoint":"/o/last.pt","metrics":{"mAP50":0.7}}', "done"],
    ['{"type":"stopped","checkpoint":"/o/last.pt","epoch":3,"step":80}', "stopped"],
    ['{"type":"error","message":"ValueError: no images"}', "error"],
  ])("reads %s as a %s message", (line, type) => {
    expect(msg(line).type).toBe(type);
  });

  it.each([
    ["plain text from a library", "Epoch 1/30: 100%|██████|"],
    ["an empty line", ""],
    ["a Python traceback line", "Traceback (most recent call last):"],
    ["broken JSON", '{"type":"epoch","epoch":1'],
    ["a JSON array", "[1,2,3]"],
    ["JSON without a type", '{"epoch":1}'],
    ["JSON with an unknown type", '{"type":"progress","pct":50}'],
    ["a JSON string", '"hello"'],
  ])("treats %s as text", (_name, line) => {
    expect(parseTrainerLine(line)).toEqual({ kind: "text", text: line });
  });

  it("names the problem of a known message with bad fields, and does not throw", () => {
    const p = parseTrainerLine('{"type":"epoch","epoch":"one","epochs":3,"seconds":1}');
    expect(p.kind).toBe("malformed");
    if (p.kind === "malformed") expect(p.problem).toMatch(/^"epoch" message ignored: epoch: /);
  });

  it("rejects a done message without an ONNX path", () => {
    expect(parseTrainerLine('{"type":"done","metrics":{}}').kind).toBe("malformed");
  });

  it("strips a Windows carriage return", () => {
    expect(msg('{"type":"log","message":"hi"}\r')).toMatchObject({ type: "log", message: "hi", level: "info" });
  });

  it("fills defaults: epoch losses and metrics, done checkpoint", () => {
    expect(msg('{"type":"epoch","epoch":2,"epochs":5,"seconds":3}')).toMatchObject({ losses: {}, metrics: {} });
    expect(msg('{"type":"done","onnx":"/m.onnx"}')).toMatchObject({ checkpoint: null, metrics: {} });
  });

  it("keeps fields it does not know (trainers may say more)", () => {
    expect(msg('{"type":"start","epochs":3,"arch":"loupe-det-v1"}')).toMatchObject({ arch: "loupe-det-v1" });
  });

  it("accepts null for a loss the trainer could not compute (NaN in Python)", () => {
    expect(msg('{"type":"epoch","epoch":1,"epochs":1,"losses":{"box":null},"seconds":1}')).toMatchObject({ losses: { box: null } });
  });
});

describe("splitLines", () => {
  it("returns complete lines and keeps the unfinished rest", () => {
    expect(splitLines("", 'a\nb\n{"ty')).toEqual({ lines: ["a", "b"], rest: '{"ty' });
    expect(splitLines('{"ty', 'pe":"log"}\n')).toEqual({ lines: ['{"type":"log"}'], rest: "" });
  });
});

describe("trainerJobSchema", () => {
  it("fills the optional fields with null", () => {
    const job = trainerJobSchema.parse({
      data: "/d/data.yaml", names: ["crop", "weed"], out: "/o", epochs: 5, imgsz: 320, batch: 16, seed: 0, device: "cpu", threads: 2,
    });
    expect(job).toMatchObject({ version: 1, steps: null, init: null, lr: null, model: null });
  });

  it("refuses an empty class list", () => {
    expect(trainerJobSchema.safeParse({ data: "/d", names: [], out: "/o", epochs: 1, imgsz: 320, batch: 1, seed: 0, device: "cpu", threads: 0 }).success).toBe(false);
  });
});

describe("progress", () => {
  it("estimates the time left from the step pace since the start message", () => {
    let s = initialProgress(0);
    s = advanceProgress(s, msg('{"type":"start","epochs":10,"steps":100}'), 5_000);
    s = advanceProgress(s, msg('{"type":"step","epoch":1,"epochs":10,"step":10,"steps":100,"loss":2.5}'), 15_000);
    expect(s.progress).toMatchObject({ phase: "training", epoch: 1, step: 10, loss: 2.5, elapsedSec: 15 });
    expect(s.progress.etaSec).toBeCloseTo(90.5, 6); // 10 steps in 10 s → 90 steps left, and the export (0.5 s)
  });

  it("keeps the latest metrics and averages epoch times", () => {
    let s = initialProgress(0);
    s = advanceProgress(s, msg('{"type":"epoch","epoch":1,"epochs":4,"losses":{"box":1,"cls":2},"metrics":{"mAP50":0.2},"seconds":10}'), 10_000);
    s = advanceProgress(s, msg('{"type":"epoch","epoch":2,"epochs":4,"losses":{"total":2.5},"metrics":{},"seconds":20}'), 30_000);
    expect(s.progress).toMatchObject({ epoch: 2, loss: 2.5, metrics: { mAP50: 0.2 }, secondsPerEpoch: 15, etaSec: 30 });
  });

  it("says 'exporting' after the last epoch and 'finished' after done", () => {
    let s = initialProgress(0);
    s = advanceProgress(s, msg('{"type":"epoch","epoch":3,"epochs":3,"seconds":1}'), 1000);
    expect(s.progress.phase).toBe("exporting");
    s = advanceProgress(s, msg('{"type":"done","onnx":"/m.onnx","metrics":{"mAP50":0.5}}'), 2000);
    expect(s.progress).toMatchObject({ phase: "finished", etaSec: 0, metrics: { mAP50: 0.5 } });
  });

  it("shows a plain command as running, with elapsed time", () => {
    const s = advanceProgress(initialProgress(0), null, 75_000);
    expect(s.progress.phase).toBe("running");
    expect(formatProgress(s.progress)).toBe("running · 1m 15s elapsed");
  });

  it("formats one line for the CLI", () => {
    let s = initialProgress(0);
    s = advanceProgress(s, msg('{"type":"start","epochs":30,"steps":1110}'), 0);
    s = advanceProgress(s, msg('{"type":"epoch","epoch":3,"epochs":30,"step":111,"steps":1110,"losses":{"total":2.3412},"metrics":{"mAP50":0.4123},"seconds":25}'), 75_000);
    expect(formatProgress(s.progress)).toBe("epoch 3/30 · step 111/1110 · loss 2.341 · mAP50 0.412 · ~11m 15s left");
  });

  it.each([
    [9, "9s"],
    [75, "1m 15s"],
    [3700, "1h 1m"],
  ])("formatDuration(%d) = %s", (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
