import { flagString, type CliCommand } from "../command";
import { imageAddonStatus } from "../../inference/image-addon";
import { formatEnvReport, probeEnvironment } from "../../training/env-probe";

/**
 * `loupe doctor [--python <path>] [--json]`: what the trainers can use on this machine — every Python tried,
 * its PyTorch (version, threads, CUDA/MPS), numpy, Pillow and Ultralytics — and the exact command that installs
 * whatever is missing — and how inference decodes JPEGs here (Loupe's image addon, or sharp and why). Exit code 0
 * when the built-in trainer can run, 1 otherwise.
 */
export const doctorCommand: CliCommand = {
  name: "doctor",
  summary: "checks Python, PyTorch, GPUs and Ultralytics for training; says what to install",
  usage: [
    "loupe doctor [--python <path>] [--json]",
    "  --python  an interpreter to try first (default: $LOUPE_PYTHON, /usr/bin/python3, python3, python)",
  ],
  async run(ctx) {
    ctx.err(`loupe CLI: ${process.env.LOUPE_CLI_BUILD ?? "TypeScript sources"}`);
    ctx.err("probing Python interpreters (importing torch takes a few seconds)…");
    const report = await probeEnvironment({ python: flagString(ctx.args, "python") ?? process.env.LOUPE_PYTHON, all: true });
    const jpeg = imageAddonStatus();
    if (ctx.json) ctx.out(JSON.stringify({ ...report, jpegDecoding: jpeg }, null, 2));
    else {
      // beside the trainers' lines, before the notes
      const lines = formatEnvReport(report);
      const notes = lines.findIndex((l) => l.startsWith("note:"));
      lines.splice(notes < 0 ? lines.length : notes, 0, `JPEG decoding for inference: ${jpeg.decoder === "image addon" ? `Loupe's image addon (${jpeg.library}, ${jpeg.file})` : `sharp (${jpeg.reason})`}`);
      ctx.out(lines.join("\n"));
    }
    return report.builtinReady ? 0 : 1;
  },
};
