import { useEffect, useMemo, useRef, useState } from "react";
import type { ReviewTaskInfo } from "../../../src-preload/api";
import { distinctTails } from "./task-words";

interface Props {
  /** The loaded page of the queue, from position `offset` of `total`. */
  tasks: ReviewTaskInfo[];
  current: number;
  offset: number;
  total: number;
  /** Opens a task of the page (by its index in it). */
  onPick(index: number): void;
  /** Opens the task at a 0-based position of the whole queue. */
  onJump(position: number): void;
}

/**
 * The tasks of the batch in order, a page at a time, with their status; a row shows the part of the file name that
 * differs (the full path in its tooltip); a number field jumps to task N of the whole queue.
 */
export function QueueList({ tasks, current, offset, total, onPick, onJump }: Props) {
  const [jump, setJump] = useState("");
  const names = useMemo(() => distinctTails(tasks.map((t) => t.image.fileName), 24), [tasks]);
  const list = useRef<HTMLOListElement>(null);
  // the open task stays in sight as the annotator moves on, jumps or turns a page
  useEffect(() => {
    list.current?.querySelector("[aria-current=true]")?.scrollIntoView({ block: "nearest" });
  }, [current, offset]);
  return (
    <>
      <form
        className="jump"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(jump);
          if (Number.isInteger(n) && n >= 1) onJump(n - 1);
          setJump("");
        }}
      >
        <input value={jump} onChange={(e) => setJump(e.target.value)} placeholder="Go to task #" aria-label="Go to task number" inputMode="numeric" />
      </form>
      {total > tasks.length && (
        <p className="queue-page muted small" aria-label={`tasks ${offset + 1} to ${offset + tasks.length} of ${total}`}>
          <button type="button" disabled={offset === 0} onClick={() => onPick(-1)} aria-label="Earlier tasks">
            ‹
          </button>
          {(offset + 1).toLocaleString()}–{(offset + tasks.length).toLocaleString()} of {total.toLocaleString()}{" "}
          <button type="button" disabled={offset + tasks.length >= total} onClick={() => onPick(tasks.length)} aria-label="Later tasks">
            ›
          </button>
        </p>
      )}
      <ol className="queue" aria-label="Tasks" ref={list}>
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
