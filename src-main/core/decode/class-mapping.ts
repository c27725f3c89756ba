/**
 * Maps a model's class indices onto a project's classes. Names are matched exactly first, then loosely (case,
 * spaces, `_` and `-` ignored); explicit choices override both. Nothing is mapped by position alone: a model
 * class without a match stays unmapped and is reported, so predictions are never silently mislabelled.
 */

export interface ProjectClassRef {
  id: number;
  name: string;
}

export interface ClassMatch {
  modelIndex: number;
  modelName: string;
  classId: number;
  className: string;
  how: "exact" | "loose" | "explicit";
}

export interface ClassMapping {
  /** Project class id per model class index; null where the model class maps to nothing. */
  toProject: (number | null)[];
  matched: ClassMatch[];
  unmatchedModel: { modelIndex: number; modelName: string }[];
  unmatchedProject: ProjectClassRef[];
  /** True when every model class maps by exact name onto every project class, in the same order. */
  identical: boolean;
  /** Problems with the explicit choices (unknown class ids, out-of-range indices), in words. */
  problems: string[];
}

/**
 * Loose form of a class name: lower case, `_`/`-`/runs of spaces folded into one space, trimmed.
 * @example looseClassName("Potted_Plant ") // "potted plant"
 */
export function looseClassName(name: string): string {
  return name.normalize("NFC").toLowerCase().replace(/[\s_-]+/g, " ").trim();
}

/**
 * Builds the mapping from model class indices to project class ids and reports what did not match.
 * `explicit[modelIndex]` forces a project class id (or null to drop that model class).
 * @example
 * buildClassMapping(["person", "cat", "dog"], [{ id: 7, name: "Cat" }, { id: 9, name: "raccoon" }])
 * // → toProject [null, 7, null]; matched cat→Cat (loose); unmatchedModel person, dog; unmatchedProject raccoon
 */
export function buildClassMapping(
  modelNames: readonly string[],
  projectClasses: readonly ProjectClassRef[],
  explicit: Readonly<Record<number, number | null>> = {},
): ClassMapping {
  const toProject: (number | null)[] = modelNames.map(() => null);
  const how: (ClassMatch["how"] | null)[] = modelNames.map(() => null);
  const used = new Set<number>();
  const byId = new Map(projectClasses.map((c) => [c.id, c]));
  const problems: string[] = [];

  for (const [key, classId] of Object.entries(explicit)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= modelNames.length) {
      problems.push(`model class index ${key} does not exist (the model has ${modelNames.length} classes)`);
      continue;
    }
    if (classId !== null && !byId.has(classId)) {
      problems.push(`project class id ${classId} (chosen for model class "${modelNames[i]}") does not exist`);
      continue;
    }
    toProject[i] = classId;
    how[i] = "explicit";
    if (classId !== null) used.add(classId);
  }

  const exact = new Map<string, ProjectClassRef>();
  for (const c of projectClasses) if (!exact.has(c.name)) exact.set(c.name, c);
  modelNames.forEach((name, i) => {
    if (how[i] !== null) return;
    const c = exact.get(name);
    if (c && !used.has(c.id)) {
      toProject[i] = c.id;
      how[i] = "exact";
      used.add(c.id);
    }
  });

  const loose = new Map<string, ProjectClassRef[]>();
  for (const c of projectClasses) {
    if (used.has(c.id)) continue;
    const k = looseClassName(c.name);
    loose.set(k, [...(loose.get(k) ?? []), c]);
  }
  const looseModelCount = new Map<string, number>();
  modelNames.forEach((name, i) => {
    if (how[i] === null) looseModelCount.set(looseClassName(name), (looseModelCount.get(looseClassName(name)) ?? 0) + 1);
  });
  modelNames.forEach((name, i) => {
    if (how[i] !== null) return;
    const k = looseClassName(name);
    const cands = loose.get(k);
    // Only an unambiguous loose match counts: one project class and one model class with that loose name.
    if (cands?.length === 1 && looseModelCount.get(k) === 1) {
      const c = cands[0] as ProjectClassRef;
      toProject[i] = c.id;
      how[i] = "loose";
      used.add(c.id);
    }
  });

  const matched: ClassMatch[] = [];
  const unmatchedModel: { modelIndex: number; modelName: string }[] = [];
  modelNames.forEach((modelName, modelIndex) => {
    const classId = toProject[modelIndex];
    const h = how[modelIndex];
    if (classId !== null && classId !== undefined && h) {
      matched.push({ modelIndex, modelName, classId, className: byId.get(classId)?.name ?? "", how: h });
    } else {
      unmatchedModel.push({ modelIndex, modelName });
    }
  });
  const unmatchedProject = projectClasses.filter((c) => !used.has(c.id));
  const identical =
    modelNames.length === projectClasses.length &&
    modelNames.every((n, i) => projectClasses[i]?.name === n && toProject[i] === projectClasses[i]?.id);
  return { toProject, matched, unmatchedModel, unmatchedProject, identical, problems };
}
