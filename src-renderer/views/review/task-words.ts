/**
 * Words for the review workspace (pure): the part of each file name that tells the queue's rows apart, and what a
 * task's score means.
 */
import type { ReviewBatchInfo } from "../../../src-preload/api";

/**
 * Each name without the prefix every name shares (cut at a separator, so "field_0012.jpg" keeps "0012.jpg", not
 * "12.jpg"), and at most `maxChars` from its end, with "…" in front when cut. A single name is only shortened.
 *
 * @example distinctTails(["survey_2024_plot_07.jpg", "survey_2024_plot_12.jpg"]) // → ["plot_07.jpg", "plot_12.jpg"]
 */
export function distinctTails(names: readonly string[], maxChars = 28): string[] {
  let prefix = 0;
  if (names.length > 1) {
    const first = names[0] ?? "";
    prefix = first.length;
    for (const n of names) {
      let i = 0;
      while (i < prefix && i < n.length && n[i] === first[i]) i++;
      prefix = i;
    }
    // back up to just after a separator, so a word or a number is never cut in half
    while (prefix > 0 && !/[_\-. /]/.test(first[prefix - 1] ?? "")) prefix--;
    // keep the word before a number ("plot_07" reads better than "07")
    const before = first.slice(0, prefix).replace(/[_\-. /]+$/, "");
    const word = /[A-Za-z]+$/.exec(before);
    if (word) prefix = before.length - word[0].length;
  }
  return names.map((n) => {
    const tail = n.slice(prefix) || n;
    return tail.length > maxChars ? `…${tail.slice(tail.length - maxChars + 1)}` : tail;
  });
}

/**
 * The task's score in words: a count of errors for a batch made from a validation run ("6 errors"), a hard-example
 * score for a selection, nothing when the batch has no scores.
 */
export function scoreText(score: number | null, meaning: ReviewBatchInfo["scoreMeaning"] | undefined): string | null {
  if (score === null) return null;
  if (meaning === "errors") {
    const n = Math.round(score);
    return `${n} error${n === 1 ? "" : "s"} of the model here`;
  }
  return `hard-example score ${score.toFixed(2)}`;
}
