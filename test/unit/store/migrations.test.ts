import { describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "../../../src-main/store/migrations/index";

describe("the migration list", () => {
  it("numbers migrations 1, 2, 3, … with no gap and no repeat, so every project runs each one exactly once", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });
});
