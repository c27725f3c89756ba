import { useMemo } from "react";
import type { KeyOverrideData } from "../../../src-preload/api";
import type { Platform } from "../../canvas/keymap/chord";
import { loadKeymap } from "../../canvas/keymap/conflicts";
import { DEFAULT_KEYMAP, keysFor } from "../../canvas/keymap/keymap";

/**
 * The review shortcuts, editable: a user's keys REPLACE an action's default keys (an empty field unbinds it).
 * Invalid chords and conflicts are shown as they are typed; the settings cannot be saved while any remain.
 */
export function ShortcutsEditor({
  overrides,
  platform,
  onChange,
}: {
  overrides: Record<string, KeyOverrideData>;
  platform: Platform;
  onChange(next: Record<string, KeyOverrideData>): void;
}) {
  const { keymap, issues, conflicts } = useMemo(() => loadKeymap(DEFAULT_KEYMAP, overrides, platform), [overrides, platform]);
  const problemOf = (id: string): string | null =>
    issues.find((i) => i.actionId === id)?.message ??
    (conflicts.find((c) => c.actions.includes(id as never)) ? `conflicts: ${conflicts.filter((c) => c.actions.includes(id as never)).map((c) => `${c.chord} (${c.actions.join(", ")})`).join("; ")}` : null);
  const field = platform === "mac" ? "macKeys" : "keys";
  return (
    <table className="table shortcuts" aria-label="Shortcuts">
      <thead>
        <tr>
          <th>action</th>
          <th>keys</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {keymap.map((e) => {
          const own = overrides[e.id];
          const shown = own ? (own[field] ?? own.keys) : keysFor(e, platform);
          const problem = problemOf(e.id);
          return (
            <tr key={e.id} className={problem ? "has-problem" : undefined}>
              <td title={e.id}>{e.description}</td>
              <td>
                <input
                  aria-label={`Keys for ${e.description}`}
                  value={shown.join(", ")}
                  onChange={(ev) => {
                    const keys = ev.target.value.split(",").map((k) => k.trim()).filter(Boolean);
                    onChange({ ...overrides, [e.id]: { keys, ...(platform === "mac" ? { macKeys: keys } : {}) } });
                  }}
                />
                {problem && <div className="error small">{problem}</div>}
              </td>
              <td>
                {own && (
                  <button
                    type="button"
                    onClick={() => {
                      const next = { ...overrides };
                      delete next[e.id];
                      onChange(next);
                    }}
                  >
                    Reset
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** True when the overrides give a keymap without invalid chords or conflicts. */
export function overridesAreUsable(overrides: Record<string, KeyOverrideData>, platform: Platform): boolean {
  const { issues, conflicts } = loadKeymap(DEFAULT_KEYMAP, overrides, platform);
  return issues.length === 0 && conflicts.length === 0;
}
