import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_METHODS, type Area } from "../../../src-preload/api";
import { schemaFor } from "../../../src-main/services/schemas";
import type { Host } from "../../../src-main/host/create-host";
import { tempDir, testHost } from "../../helpers/temp";

let t: ReturnType<typeof tempDir>;
let host: Host;
beforeEach(() => {
  t = tempDir();
  host = testHost(t.dir).host;
});
afterEach(async () => {
  await host.dispose();
  t.cleanup();
});

describe("the contract table", () => {
  it("has a schema and a service method for every method it lists", () => {
    for (const area of Object.keys(API_METHODS) as Area[]) {
      for (const method of API_METHODS[area]) {
        expect(schemaFor(area, method), `${area}.${method} schema`).toBeDefined();
        expect(typeof (host.services[area] as Record<string, unknown>)[method], `${area}.${method} service`).toBe("function");
      }
    }
  });
});

describe("dispatch refuses what it must and never throws", () => {
  it.each([
    ["an unknown area", "nope.list", {}],
    ["an unknown method", "projects.destroy", {}],
    ["a prototype key as area", "__proto__.toString", {}],
    ["a prototype key as method", "projects.constructor", {}],
    ["a prototype key as method of the table", "projects.hasOwnProperty", {}],
    ["no dot", "projects", {}],
    ["an empty channel", "", {}],
  ])("refuses %s with E_UNKNOWN_METHOD", async (_what, channel, payload) => {
    const res = await host.dispatch(channel, payload);
    expect(res).toMatchObject({ ok: false, error: { code: "E_UNKNOWN_METHOD" } });
  });

  it.each([
    ["a string instead of an object", "projects.open", "/etc"],
    ["an array", "projects.open", ["/etc"]],
    ["a number", "images.get", 5],
    ["a missing field", "projects.open", {}],
    ["a wrong type", "images.get", { imageId: "1" }],
    ["a fractional id", "images.get", { imageId: 1.5 }],
    ["a negative id", "images.get", { imageId: -1 }],
    ["an extra key", "app.info", { extra: 1 }],
    ["a prototype-polluting key", "projects.open", JSON.parse('{"path":"/x","__proto__":{"polluted":true}}')],
    ["an unknown edit kind", "labels.applyEdits", { edits: [{ kind: "drop table" }] }],
    ["a NaN box", "labels.applyEdits", { edits: [{ kind: "create", imageId: 1, classId: 1, box: { x: Number.NaN, y: 0, w: 1, h: 1 } }] }],
    ["a negative width", "labels.applyEdits", { edits: [{ kind: "create", imageId: 1, classId: 1, box: { x: 0, y: 0, w: -1, h: 1 } }] }],
    ["an empty edit list", "labels.applyEdits", { edits: [] }],
    ["a huge path", "projects.open", { path: "x".repeat(10_000) }],
    ["a bad colour", "classes.create", { name: "a", color: "red; background:url(x)" }],
    ["a score above 1", "settings.update", { patch: { reviewScoreThreshold: 2 } }],
    ["a fractional evaluation id", "evaluation.get", { evaluationId: 1.5 }],
    ["an unknown error kind", "evaluation.errors", { evaluationId: 1, filter: { kind: "tp" } }],
    ["a score range beyond 1", "evaluation.errors", { evaluationId: 1, filter: { maxScore: 1.5 } }],
    ["a page too large", "evaluation.errors", { evaluationId: 1, limit: 100_000 }],
    ["a negative iteration", "evaluation.list", { iteration: -1 }],
    ["a promotion without a model", "models.promote", {}],
  ])("refuses %s with E_VALIDATION naming the problem", async (_what, channel, payload) => {
    const res = await host.dispatch(channel, payload);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe("E_VALIDATION");
      expect(res.error.message).toContain(channel);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers E_NO_PROJECT for project methods before a project is open", async () => {
    expect(await host.dispatch("images.list", {})).toMatchObject({ ok: false, error: { code: "E_NO_PROJECT" } });
    expect(await host.dispatch("projects.current", {})).toEqual({ ok: true, value: null });
  });
});

describe("projects through dispatch", () => {
  it("creates, closes, lists as recent, and reopens a project with its classes", async () => {
    const parentDir = join(t.dir, "projects");
    const created = await host.call("projects", "create", { parentDir, name: "weeds", classes: ["crop", "weed", "crop"] });
    expect(created.path).toBe(join(parentDir, "weeds.loupe"));
    expect(created.classes.map((c) => [c.name, c.position])).toEqual([["crop", 0], ["weed", 1]]);
    await host.call("projects", "close", {});
    expect(await host.call("projects", "current", {})).toBeNull();
    const recent = await host.call("projects", "recent", {});
    expect(recent.map((r) => [r.name, r.exists])).toEqual([["weeds", true]]);
    const reopened = await host.call("projects", "open", { path: created.path });
    expect(reopened.id).toBe(created.id);
    const status = await host.call("projects", "status", {});
    expect(status.imageCount).toBe(0);
    expect(status.labelsByClass.map((c) => c.name)).toEqual(["crop", "weed"]);
  });

  it("refuses to create over an existing project and names the folder", async () => {
    const parentDir = join(t.dir, "projects");
    await host.call("projects", "create", { parentDir, name: "dup" });
    const res = await host.dispatch("projects.create", { parentDir, name: "dup" });
    expect(res).toMatchObject({ ok: false, error: { code: "E_CONFLICT", message: expect.stringContaining("dup.loupe") } });
  });

  it("refuses names that would escape the parent folder", async () => {
    const res = await host.dispatch("projects.create", { parentDir: t.dir, name: "../evil" });
    expect(res).toMatchObject({ ok: false, error: { code: "E_VALIDATION" } });
  });

  it("keeps settings: the annotator per user, the rest per project", async () => {
    await host.call("projects", "create", { parentDir: t.dir, name: "s" });
    const s = await host.call("settings", "update", { patch: { annotatorName: " Ada ", reviewScoreThreshold: 0.4 } });
    expect(s).toEqual({ annotatorName: "Ada", reviewScoreThreshold: 0.4, seed: 0, keymapOverrides: {} });
    await host.call("projects", "close", {});
    expect((await host.call("settings", "get", {})).reviewScoreThreshold).toBe(0.25);
    expect((await host.call("settings", "get", {})).annotatorName).toBe("Ada");
  });
});
