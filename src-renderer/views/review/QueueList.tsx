import { useMemo, useState } from "react";
import type { ReviewTaskInfo } from "../../../src-preload/api";
import { distinctTails } from "./task-words";

/** The tasks of the batch in order, with their status; a row shows the part of the file name that differs (the full path in its tooltip); a number field jumps to task N. */
export function QueueList({ tasks, current, onPick }: { tasks: ReviewTaskInfo[]; current: number; onPick(index: number): void }) {
  const [jump, setJump] = useState("");
  const names = useMemo(() => distinctTails(tasks.map((t) => t.image.fileName), 24), [tasks]);
  return (
    <>
      <form
        className="jump"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(jump);
          if (Number.isInteger(n) && n >= 1) onPick(n - 1);
          setJump("");
        }}
      >
        <input value={jump} onChange={(e) => setJump(e.target.value)} placeholder="Go to task #" aria-label="Go to task number" inputMode="numeric" />
      </form>
      <ol className="queue" aria-label="Tasks">
        {tasks.map((t, i) => (
          <li key={t.id}>
            <button
              type="button"
              className={i === current ? "queue-item current" : "queue-item"}
              aria-current={i === current ? "true" : undefined}
              title={`${t.image.relPath}${t.assignee ? ` · for ${t.assignee}` : ""}`}
              data-file={t.image.fileName}
              onClick={() => onPick(i)}
            >
              <span className="queue-pos">{t.position}</span>
              <span className="queue-name">
                <bdi>{names[i]}</bdi>
              </span>
              <span className={`badge ${t.status}`}>{t.status}</span>
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
