import { describe, expect, it } from "vitest";
import { parseArgs } from "../../../src-main/cli/args";

describe("parseArgs", () => {
  it.each([
    [["status", "p.loupe"], { positionals: ["status", "p.loupe"], flags: {} }],
    [["p", "--budget", "5", "--json"], { positionals: ["p"], flags: { budget: "5", json: true } }],
    [["--k=v=w"], { positionals: [], flags: { k: "v=w" } }],
    [["--no-link"], { positionals: [], flags: { link: false } }],
    [["--split", "val", "--split", "test"], { positionals: [], flags: { split: ["val", "test"] } }],
    [["--json", "p"], { positionals: ["p"], flags: { json: true } }],
    [["a", "--", "--not-a-flag"], { positionals: ["a", "--not-a-flag"], flags: {} }],
  ])("parses %j", (argv, expected) => {
    expect(parseArgs(argv, new Set(["json"]))).toEqual(expected);
  });
});
