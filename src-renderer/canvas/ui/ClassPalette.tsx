import { useMemo, useState } from "react";
import type { ClassInfo } from "../../../src-preload/api";
import { filterClasses } from "./class-filter";

export interface ClassPaletteProps {
  classes: readonly ClassInfo[];
  onPick(classId: number): void;
  onClose(): void;
}

/**
 * The searchable class palette (Mod+K): type to filter, arrows to move, Enter to pick, Escape to close. A modal
 * dialog, so the canvas shortcuts stay quiet while it is open.
 */
export function ClassPalette({ classes, onPick, onClose }: ClassPaletteProps) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const matches = useMemo(() => filterClasses(classes, query), [classes, query]);
  const pick = (c: ClassInfo | undefined): void => {
    if (!c) return;
    onPick(c.id);
    onClose();
  };
  return (
    <div role="dialog" aria-modal="true" aria-label="Choose a class" style={panelStyle}>
      <input
        autoFocus
        aria-label="Search classes"
        value={query}
        placeholder="Class name or number"
        style={{ width: "100%", boxSizing: "border-box", padding: 6 }}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((i) => Math.min(i + 1, matches.length - 1));
          else if (e.key === "ArrowUp") setActive((i) => Math.max(i - 1, 0));
          else if (e.key === "Enter") pick(matches[active]);
          else if (e.key === "Escape") onClose();
          else return;
          e.preventDefault();
        }}
      />
      <ul role="listbox" style={{ listStyle: "none", margin: 0, padding: 0, maxHeight: 280, overflowY: "auto" }}>
        {matches.map((c, i) => (
          <li
            key={c.id}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(c);
            }}
            style={{ display: "flex", gap: 8, alignItems: "center", padding: "4px 6px", cursor: "pointer", background: i === active ? "#ffffff22" : "transparent" }}
          >
            <span style={{ width: 10, height: 10, borderRadius: 2, background: c.color }} />
            <span style={{ flex: 1 }}>{c.name}</span>
            {c.position < 9 && <kbd>{c.position + 1}</kbd>}
          </li>
        ))}
        {matches.length === 0 && <li style={{ padding: 6, opacity: 0.7 }}>No class matches “{query}”.</li>}
      </ul>
    </div>
  );
}

const panelStyle = {
  position: "absolute",
  top: 48,
  left: "50%",
  transform: "translateX(-50%)",
  width: 320,
  padding: 8,
  borderRadius: 6,
  background: "#2b2b2b",
  color: "#eee",
  font: "13px sans-serif",
  boxShadow: "0 4px 24px #0008",
  zIndex: 10,
} as const;
