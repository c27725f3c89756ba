/**
 * Splitting a batch's tasks among annotators (pure): in turn, or in blocks of a given count each, in task order.
 */

export interface AssignmentPlan {
  annotators: readonly string[];
  mode?: "round-robin" | "counts";
  counts?: readonly number[];
}

/**
 * The assignee of each of `n` tasks (in task order), or null where nobody gets it. Names are trimmed; a name given
 * twice is one person. Round-robin gives task i to annotator i mod k; "counts" gives the first counts[0] tasks to
 * the first annotator, the next counts[1] to the second, and leaves the rest unassigned. An empty list unassigns all.
 *
 * @example assignTasks(5, { annotators: ["ada", "bo"] }) // → ["ada", "bo", "ada", "bo", "ada"]
 * @example assignTasks(5, { annotators: ["ada", "bo"], mode: "counts", counts: [1, 2] }) // → ["ada", "bo", "bo", null, null]
 * @throws Error when "counts" has not exactly one count per annotator, or the counts add up to more than n.
 */
export function assignTasks(n: number, plan: AssignmentPlan): (string | null)[] {
  const names = [...new Set(plan.annotators.map((a) => a.trim()).filter((a) => a.length > 0))];
  if (names.length === 0) return Array.from({ length: n }, () => null);
  if ((plan.mode ?? "round-robin") === "round-robin") return Array.from({ length: n }, (_, i) => names[i % names.length] ?? null);
  const counts = plan.counts ?? [];
  if (counts.length !== names.length) {
    throw new Error(`give one count per annotator (${names.length} annotators, ${counts.length} counts)`);
  }
  const sum = counts.reduce((a, b) => a + b, 0);
  if (sum > n) throw new Error(`the counts add up to ${sum} tasks but there are only ${n} to assign`);
  const out: (string | null)[] = [];
  names.forEach((name, k) => {
    for (let j = 0; j < (counts[k] ?? 0); j++) out.push(name);
  });
  while (out.length < n) out.push(null);
  return out;
}
