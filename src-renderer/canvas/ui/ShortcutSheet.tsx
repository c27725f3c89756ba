import { useMemo } from "react";
import type { Platform } from "../keymap/chord";
import type { KeymapEntry } from "../keymap/keymap";
import { shortcutSheet } from "../keymap/sheet";

export interface ShortcutSheetProps {
  keymap: readonly KeymapEntry[];
  platform: Platform;
  /** A line about the image on screen, shown above the table ("Enter accepts 9 boxes, rejects 2"). */
  note?: string | null;
  onClose(): void;
}

/** The ? overlay: every shortcut, generated from the keymap in force (defaults plus the user's overrides). */
export function ShortcutSheet({ keymap, platform, note, onClose }: ShortcutSheetProps) {
  const groups = useMemo(() => shortcutSheet(keymap, platform), [keymap, platform]);
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      tabIndex={-1}
      ref={(el) => el?.focus()}
      onKeyDown={(e) => {
        if (e.key === "Escape" || e.key === "?") {
          e.preventDefault();
          onClose();
        }
      }}
      onClick={onClose}
      className="shortcut-sheet"
    >
      <div className="shortcut-sheet-panel" onClick={(e) => e.stopPropagation()}>
        <header className="shortcut-sheet-header">
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={onClose} aria-label="Close the shortcuts">
            Close (Esc)
          </button>
        </header>
        {note && <p className="shortcut-sheet-note">{note}</p>}
        <div className="shortcut-sheet-columns">
        {groups.map((g) => (
          <section key={g.title} style={{ breakInside: "avoid", marginBottom: 16 }}>
            <h3 style={{ margin: "0 0 6px" }}>{g.title}</h3>
            <table style={{ borderCollapse: "collapse", width: "100%" }}>
              <tbody>
                {g.rows.map((r) => (
                  <tr key={r.id}>
                    <td style={{ padding: "2px 8px 2px 0" }}>{r.description}</td>
                    <td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                      {r.keys.map((k) => (
                        <kbd key={k} style={{ marginLeft: 4, padding: "0 4px", border: "1px solid #666", borderRadius: 3 }}>
                          {k}
                        </kbd>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        </div>
      </div>
    </div>
  );
}
