/**
 * Image preparation yields the CPU to inference. onnxruntime splits each operator across every core; when the thread
 * decoding the next image takes a core at equal priority, one of onnxruntime's threads runs at half speed and the
 * whole operator waits for it, so overlapping decoding with inference cost more than it saved. At a lower priority
 * (nice 5: about a quarter of a core's share against one thread at the usual priority) the preparing thread and
 * libvips' worker threads run mostly in the gaps onnxruntime leaves (between operators, in its single-threaded
 * parts) and at full speed whenever it waits for the next image. Nice 5 gains as much as 10 or 19 in the bench
 * (yolov8n at 640: 0.91–0.92 × bare against 0.86–0.90 at 0) while still getting its share when another program
 * (a training run) keeps the cores busy.
 *
 * Linux only (a thread's nice value is its own there, set through its thread id); elsewhere nothing changes.
 * `LOUPE_PREPARE_NICE` sets another value (0 leaves priorities alone).
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { setPriority } from "node:os";

export const PREPARE_NICE = 5;

/** The nice value preparation runs at: $LOUPE_PREPARE_NICE (0–19) or PREPARE_NICE. */
export function prepareNice(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.LOUPE_PREPARE_NICE;
  if (v === undefined || v === "") return PREPARE_NICE;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : PREPARE_NICE;
}

/** This thread's id (Linux), or null. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the priority of the calling thread and, on each `refresh()`, of libvips' worker threads that appeared
 * since (they are started as images are decoded). Never throws: a priority that cannot be set stays as it was.
 */
export class CpuYielder {
  private readonly seen = new Set<string>();
  private readonly enabled: boolean;

  constructor(private readonly nice: number = prepareNice()) {
    this.enabled = process.platform === "linux" && nice > 0;
    if (!this.enabled) return;
    const tid = currentThreadId();
    if (tid !== null) this.lower(tid);
    this.refresh();
  }

  /** Lowers every libvips worker thread not seen before; a directory listing when nothing is new. */
  refresh(): void {
    if (!this.enabled) return;
    let tasks: string[];
    try {
      tasks = readdirSync("/proc/self/task");
    } catch {
      return;
    }
    for (const t of tasks) {
      if (this.seen.has(t)) continue;
      this.seen.add(t);
      if (threadName(t).startsWith("libvips")) this.lower(Number(t));
    }
  }

  private lower(tid: number): void {
    try {
      setPriority(tid, this.nice);
    } catch {
      // not permitted here: preparation keeps its priority
    }
  }
}

/** A thread's name (Linux: /proc/self/task/<tid>/comm), "" when it is gone. */
function threadName(tid: string): string {
  try {
    return readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}
