import type { ClassInfo, ImageStatus, LabelSource, ModelInfo, Split } from "../../../src-preload/api";
import type { ImageQuery } from "./useImagePages";

/** Reads a select's value: "" is "any", anything else goes through `parse`. */
function pick<T>(value: string, parse: (v: string) => T): T | undefined {
  return value === "" ? undefined : parse(value);
}

function without<K extends keyof ImageQuery>(q: ImageQuery, key: K, value: ImageQuery[K] | undefined): ImageQuery {
  const next = { ...q };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/**
 * The Data view's filters: split, status, class and source of a label, and a model whose predictions scored in a
 * range choose the images (and are drawn on them). Sits above the grid, so it stays in view while the grid scrolls.
 */
export function FilterBar(props: {
  query: ImageQuery;
  onChange(q: ImageQuery): void;
  classes: readonly ClassInfo[];
  models: readonly ModelInfo[];
  splits: readonly Split[];
  statuses: readonly ImageStatus[];
  sources: readonly LabelSource[];
  total: number | null;
}) {
  const { query: q, onChange } = props;
  const set = <K extends keyof ImageQuery>(key: K, value: ImageQuery[K] | undefined) => onChange(without(q, key, value));
  const score = (v: string, fallback: number) => {
    const n = Number(v);
    return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : fallback;
  };
  return (
    <form className="toolbar filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Split
        <select name="split" value={q.split ?? ""} onChange={(e) => set("split", pick(e.target.value, (v) => v as Split))}>
          <option value="">all</option>
          {props.splits.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select name="status" value={q.status ?? ""} onChange={(e) => set("status", pick(e.target.value, (v) => v as ImageStatus))}>
          <option value="">all</option>
          {props.statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Class
        <select name="classId" value={q.classId ?? ""} onChange={(e) => set("classId", pick(e.target.value, Number))}>
          <option value="">any</option>
          {props.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label source
        <select name="labelSource" value={q.labelSource ?? ""} onChange={(e) => set("labelSource", pick(e.target.value, (v) => v as LabelSource))}>
          <option value="">any</option>
          {props.sources.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Predictions of
        <select
          name="modelId"
          value={q.modelId ?? ""}
          onChange={(e) => {
            const modelId = pick(e.target.value, String);
            onChange(modelId ? { ...q, modelId, minScore: q.minScore ?? 0.25, maxScore: q.maxScore ?? 1 } : without(without(without(q, "modelId", undefined), "minScore", undefined), "maxScore", undefined));
          }}
        >
          <option value="">no model</option>
          {props.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="narrow">
        Min score
        <input name="minScore" type="number" min={0} max={1} step={0.05} disabled={!q.modelId} value={q.minScore ?? 0.25} onChange={(e) => set("minScore", score(e.target.value, 0))} />
      </label>
      <label className="narrow">
        Max score
        <input name="maxScore" type="number" min={0} max={1} step={0.05} disabled={!q.modelId} value={q.maxScore ?? 1} onChange={(e) => set("maxScore", score(e.target.value, 1))} />
      </label>
      <span className="muted filter-count" aria-live="polite">
        {props.total === null ? "loading…" : `${props.total.toLocaleString("en")} image${props.total === 1 ? "" : "s"}`}
      </span>
    </form>
  );
}
