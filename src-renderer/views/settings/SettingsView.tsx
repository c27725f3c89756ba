import { useEffect, useState, type FormEvent } from "react";
import type { Settings } from "../../../src-preload/api";
import { useLoupe } from "../../store/index";
import { detectPlatform } from "../../canvas/konva/pointer";
import { overridesAreUsable, ShortcutsEditor } from "./ShortcutsEditor";

/** Who is annotating (recorded on every edit and task), and the project's review and seed settings. */
export function SettingsView() {
  const settings = useLoupe((s) => s.settings);
  const settingsError = useLoupe((s) => s.settingsError);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const message = settingsError ?? (saved ? "Saved." : null);

  useEffect(() => void useLoupe.getState().loadSettings(), []);
  useEffect(() => setDraft(settings), [settings]);

  const platform = detectPlatform(navigator);
  if (!draft || !settings) return <p className="muted">{message ?? "Loading…"}</p>;
  const usable = overridesAreUsable(draft.keymapOverrides, platform);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void useLoupe.getState().updateSettings(draft).then(setSaved);
  };

  return (
    <form className="form settings" onSubmit={save} aria-label="Settings">
      <label>
        Your name <span className="hint">(recorded on every edit and review)</span>
        <input value={draft.annotatorName} onChange={(e) => setDraft({ ...draft, annotatorName: e.target.value })} name="annotatorName" />
      </label>
      <label>
        Show predictions from confidence <span className="hint">(0–1)</span>
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={draft.reviewScoreThreshold}
          onChange={(e) => setDraft({ ...draft, reviewScoreThreshold: Number(e.target.value) })}
          name="reviewScoreThreshold"
        />
      </label>
      <label>
        Seed <span className="hint">(split assignment, random selection)</span>
        <input type="number" min={0} step={1} value={draft.seed} onChange={(e) => setDraft({ ...draft, seed: Number(e.target.value) })} name="seed" />
      </label>
      <h2>Review shortcuts</h2>
      <p className="hint">Your keys replace an action's defaults; leave a field empty to unbind it. Separate several keys with commas.</p>
      <ShortcutsEditor overrides={draft.keymapOverrides} platform={platform} onChange={(keymapOverrides) => setDraft({ ...draft, keymapOverrides })} />
      <div className="actions">
        <button type="submit" disabled={!usable}>
          Save
        </button>
        {!usable && <span className="error">Fix the shortcut problems above to save.</span>}
        {message && <span className="muted">{message}</span>}
      </div>
    </form>
  );
}
