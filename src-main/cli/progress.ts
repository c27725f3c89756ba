/** Progress bars on stderr: redrawn in place on a terminal, one line per 10% otherwise (logs, CI). */
export function createProgressPrinter(stream: NodeJS.WriteStream, now: () => number = () => Date.now()): {
  progress(label: string, done: number, total: number, extra?: string): void;
  end(): void;
} {
  const isTty = Boolean(stream.isTTY);
  let lastLabel = "";
  let lastDecile = -1;
  let lastDraw = 0;
  let startedAt = now();
  let open = false;
  return {
    progress(label, done, total, extra) {
      if (label !== lastLabel) {
        if (open && isTty) stream.write("\n");
        lastLabel = label;
        lastDecile = -1;
        startedAt = now();
      }
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const seconds = (now() - startedAt) / 1000;
      const rate = seconds > 0 ? done / seconds : 0;
      const tail = `${done}/${total}${rate > 0 ? ` ${rate.toFixed(rate < 10 ? 1 : 0)}/s` : ""}${extra ? ` ${extra}` : ""}`;
      if (isTty) {
        const t = now();
        if (t - lastDraw < 50 && done < total) return;
        lastDraw = t;
        const width = 28;
        const filled = Math.round(frac * width);
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${tail}\x1b[K`);
        open = true;
        if (done >= total) {
          stream.write("\n");
          open = false;
        }
      } else {
        const decile = Math.floor(frac * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${(frac * 100).toFixed(0)}% ${tail}\n`);
        }
      }
    },
    end() {
      if (open && isTty) stream.write("\n");
      open = false;
    },
  };
}
