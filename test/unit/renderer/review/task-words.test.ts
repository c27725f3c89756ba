import { describe, expect, it } from "vitest";
import { durationText } from "../../../../src-renderer/components/duration-text";
import { distinctTails, scoreText } from "../../../../src-renderer/views/review/task-words";

describe("queue names", () => {
  it.each<[string[], string[]]>([
    [["survey_2024_plot_07.jpg", "survey_2024_plot_12.jpg"], ["plot_07.jpg", "plot_12.jpg"]],
    [["field_0012.jpg", "field_0013.jpg"], ["field_0012.jpg", "field_0013.jpg"]],
    [["a/b/IMG_1.jpg", "a/b/IMG_2.jpg"], ["IMG_1.jpg", "IMG_2.jpg"]],
    [["only_one.jpg"], ["only_one.jpg"]],
  ])("%j → %j", (names, expected) => {
    expect(distinctTails(names)).toEqual(expected);
  });

  it("keeps the end of a long name", () => {
    expect(distinctTails(["a_very_long_drone_survey_name_that_goes_on_0001.jpg"], 12)).toEqual(["…on_0001.jpg"]);
  });
});

describe("task words", () => {
  it("reads a validation batch's score as a count of errors and a selection's as a hard-example score", () => {
    expect(scoreText(6, "errors")).toBe("6 errors of the model here");
    expect(scoreText(1, "errors")).toBe("1 error of the model here");
    expect(scoreText(0.8312, "hardness")).toBe("hard-example score 0.83");
    expect(scoreText(null, "hardness")).toBeNull();
  });

  it("writes durations in minutes and seconds", () => {
    expect([durationText(35_000), durationText(252_000), durationText(3_900_000)]).toEqual(["35 s", "4 min 12 s", "1 h 05 min"]);
  });
});
