import { useEffect, useRef, useState, type FormEvent } from "react";
import type { LoopConfig } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";
import { CONFIG_GROUPS, getAt, issuesByField, parseFieldInput, setAt, type ConfigField } from "./config-fields";

/** The loop's configuration (loop.yaml) as a form: checked as you type, saved only when every key is valid. */
export function LoopConfigForm() {
  const stored = useLoupe((s) => s.loopConfig);
  const issues = useLoupe((s) => s.configIssues);
  const loopError = useLoupe((s) => s.loopError);
  const [draft, setDraft] = useState<LoopConfig | null>(stored?.config ?? null);
  const [saved, setSaved] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setDraft(stored?.config ?? null), [stored]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  if (!stored || !draft) {
    return <p className="muted">The loop configuration is not available{loopError ? `: ${loopError}` : "."}</p>;
  }
  const { byKey, other } = issuesByField(issues);
  const change = (field: ConfigField, raw: string | boolean) => {
    const next = setAt(draft, field.key, parseFieldInput(field, raw));
    setDraft(next);
    setSaved(null);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void useLoupe.getState().checkConfig(next), 250);
  };
  const cancelCheck = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    cancelCheck();
    if (await useLoupe.getState().saveConfig(draft)) setSaved(`Saved to ${stored.path}.`);
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(stored.config);
  return (
    <form className="loop-config" onSubmit={(e) => void save(e)} aria-label="Loop configuration" noValidate>
      <p className="muted small">
        {stored.exists ? `From ${stored.path}` : `Defaults (no ${stored.path} yet: saving writes it)`}
        {saved ? ` · ${saved}` : ""}
      </p>
      {other.length > 0 && (
        <ul className="error config-issues" role="alert">
          {other.map((i) => (
            <li key={`${i.key}:${i.message}`}>
              {i.key}: {i.message}
            </li>
          ))}
        </ul>
      )}
      <div className="config-groups">
        {CONFIG_GROUPS.map((g) => (
          <fieldset key={g.key} className="config-group">
            <legend>{g.title}</legend>
            {g.fields.map((f) => (
              <FieldInput key={f.key} field={f} value={getAt(draft, f.key)} problems={byKey.get(f.key) ?? []} onChange={(v) => change(f, v)} />
            ))}
          </fieldset>
        ))}
      </div>
      <div className="actions">
        <button type="submit" disabled={!dirty || issues.length > 0}>
          Save configuration
        </button>
        <button type="button" disabled={!dirty} onClick={() => (cancelCheck(), setDraft(stored.config), void useLoupe.getState().checkConfig(stored.config))}>
          Revert
        </button>
      </div>
    </form>
  );
}

function FieldInput({ field, value, problems, onChange }: { field: ConfigField; value: unknown; problems: string[]; onChange(v: string | boolean): void }) {
  const models = useLoupe((s) => s.modelList);
  const id = `cfg-${field.key.replaceAll(".", "-")}`;
  const bad = problems.length > 0;
  const described = bad ? `${id}-problem` : field.hint ? `${id}-hint` : undefined;
  let input;
  if (field.kind === "model") {
    input = (
      <select id={id} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} aria-invalid={bad} aria-describedby={described}>
        <option value="">(none)</option>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "bool") {
    input = <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-invalid={bad} aria-describedby={described} />;
  } else if (field.kind === "select") {
    input = (
      <select id={id} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} aria-invalid={bad} aria-describedby={described}>
        {(field.options ?? []).map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    );
  } else {
    const numeric = field.kind === "int" || field.kind === "number";
    input = (
      <input
        id={id}
        type={numeric ? "number" : "text"}
        step={field.step ?? (field.kind === "int" ? 1 : "any")}
        value={value === null || value === undefined ? "" : String(value)}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={bad}
        aria-describedby={described}
        name={field.key}
      />
    );
  }
  return (
    <div className={`config-field${field.kind === "bool" ? " check" : ""}${bad ? " invalid" : ""}`}>
      <label htmlFor={id}>{field.label}</label>
      {input}
      {bad ? (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problems.join("; ")}
        </span>
      ) : (
        field.hint && (
          <span id={`${id}-hint`} className="hint small">
            {field.hint}
          </span>
        )
      )}
    </div>
  );
}
