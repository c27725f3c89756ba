import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { BoxPx, ImageInfo } from "../../src-preload/api";
import { parseCoco } from "../datasets/parse/coco";
import { parseVoc } from "../datasets/parse/voc";
import { parseYoloLabels } from "../datasets/parse/yolo-labels";
import { LoupeError } from "../errors";

/**
 * Ground truth held apart from the project, answering simulated reviews (review mode `oracle`): a YOLO labels folder
 * (`<stem>.txt`, class ids in the project's class order, as the same data.yaml imported them), a COCO JSON (matched
 * by file name) or a folder of Pascal VOC XML files (`<stem>.xml`). An image the oracle does not know is reported,
 * never guessed as empty.
 */
export interface OracleBox {
  className: string;
  box: BoxPx;
}

export interface Oracle {
  /** The oracle's labels of an image (an empty array = a confirmed-empty image), or null when it does not know it. */
  labelsOf(image: Pick<ImageInfo, "fileName" | "width" | "height">): OracleBox[] | null;
  describe: string;
}

const stem = (name: string) => basename(name, extname(name));

export function openOracle(path: string, classNames: readonly string[]): Oracle {
  if (!existsSync(path)) throw new LoupeError("E_NOT_FOUND", `${path}: the oracle's ground truth does not exist`, { file: path });
  const st = statSync(path);
  if (st.isFile() && path.toLowerCase().endsWith(".json")) return cocoOracle(path);
  if (!st.isDirectory()) throw new LoupeError("E_VALIDATION", `${path}: the oracle must be a YOLO labels folder, a COCO JSON file or a folder of VOC XML files`, { file: path });
  const names = readdirSync(path);
  if (names.some((n) => n.toLowerCase().endsWith(".xml"))) return vocOracle(path);
  const labels = existsSync(join(path, "labels")) && statSync(join(path, "labels")).isDirectory() ? join(path, "labels") : path;
  return yoloOracle(labels, classNames);
}

function yoloOracle(dir: string, classNames: readonly string[]): Oracle {
  const files = new Map(readdirSync(dir).filter((n) => n.endsWith(".txt")).map((n) => [stem(n), join(dir, n)]));
  if (files.size === 0) throw new LoupeError("E_VALIDATION", `${dir}: no YOLO label files (*.txt) in the oracle folder`, { file: dir });
  return {
    describe: `YOLO labels in ${dir} (${files.size} files)`,
    labelsOf(image) {
      const file = files.get(stem(image.fileName));
      if (!file) return null;
      const parsed = parseYoloLabels(readFileSync(file, "utf8"), file, { names: classNames, width: image.width, height: image.height });
      return parsed.value.map((b) => ({ className: b.className, box: b.box }));
    },
  };
}

function cocoOracle(file: string): Oracle {
  const parsed = parseCoco(readFileSync(file, "utf8"), file);
  if (parsed.value.images.length === 0) throw new LoupeError("E_VALIDATION", `${file}: the oracle's COCO file lists no images`, { file });
  const byName = new Map(parsed.value.images.map((i) => [basename(i.fileName), i]));
  return {
    describe: `COCO ${file} (${byName.size} images)`,
    labelsOf(image) {
      const rec = byName.get(basename(image.fileName));
      return rec ? rec.boxes.map((b) => ({ className: b.className, box: b.box })) : null;
    },
  };
}

function vocOracle(dir: string): Oracle {
  const files = new Map(readdirSync(dir).filter((n) => n.toLowerCase().endsWith(".xml")).map((n) => [stem(n), join(dir, n)]));
  return {
    describe: `Pascal VOC in ${dir} (${files.size} files)`,
    labelsOf(image) {
      const file = files.get(stem(image.fileName));
      if (!file) return null;
      return parseVoc(readFileSync(file, "utf8"), file).value.boxes.map((b) => ({ className: b.className, box: b.box }));
    },
  };
}
