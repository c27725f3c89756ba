import { describe, expect, it } from "vitest";
import { exportTarget } from "../../../../src-renderer/views/export/export-target";

describe("where an export is written", () => {
  it.each<[string, string | null, string | null]>([
    ["batch-1", "/p/field.loupe", "/p/field.loupe/exports/batch-1"],
    ["out/batch-2", "/p/field.loupe/", "/p/field.loupe/exports/out/batch-2"],
    ["/data/batch", "/p/field.loupe", "/data/batch"],
    ["D:\\data\\batch", "C:\\p\\field.loupe", "D:\\data\\batch"],
    ["batch", "C:\\p\\field.loupe", "C:\\p\\field.loupe\\exports\\batch"],
    ["  ", "/p", null],
  ])("%s in %s → %s", (dir, project, expected) => {
    expect(exportTarget(dir, project)).toBe(expected);
  });
});
