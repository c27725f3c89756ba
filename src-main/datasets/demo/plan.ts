import type { BoxPx, Split } from "../../../src-preload/api";
import { createRng, type Rng } from "../../core/random";

/**
 * Pure planning of synthetic "field" scenes for the demo data set: what goes where, in which colour, and the exact
 * ground-truth box of each object. Rendering (render.ts) and encoding (generate.ts) follow the plan.
 */
export type DemoShape = "star" | "ellipse" | "flower" | "triangle";

export interface DemoClass {
  name: string;
  shape: DemoShape;
  /** RGB 0..255. */
  color: readonly [number, number, number];
}

/** Four classes with distinct shapes and colours. */
export const DEMO_CLASSES: readonly DemoClass[] = [
  { name: "weed", shape: "star", color: [58, 178, 44] },
  { name: "stone", shape: "ellipse", color: [172, 172, 165] },
  { name: "flower", shape: "flower", color: [240, 206, 38] },
  { name: "tag", shape: "triangle", color: [40, 110, 230] },
];

/** Smallest side of a visible box, so every object stays learnable. */
export const MIN_OBJECT_PX = 8;

export interface DemoObject {
  classIndex: number;
  /** Outline in image pixels (may extend past the border: the object is then truncated). */
  polygon: { x: number; y: number }[];
  /** For the flower: centre disc radius as a fraction of the outer radius; 0 otherwise. */
  innerFraction: number;
  color: readonly [number, number, number];
  lowContrast: boolean;
  truncated: boolean;
  /** The ground truth: the outline's extent clipped to the image. */
  box: BoxPx;
}

export interface DemoScene {
  width: number;
  height: number;
  /** Seed for the background texture and pixel noise. */
  textureSeed: number;
  /** Soil colour and crop-row stripes. */
  soil: readonly [number, number, number];
  rowSpacingPx: number;
  rowAngle: number;
  objects: DemoObject[];
}

export interface PlanOptions {
  width: number;
  height: number;
}

/** Log-uniform size in [lo, hi]: many small objects, some large. */
function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
}

function outline(shape: DemoShape, cx: number, cy: number, r: number, aspect: number, angle: number): { x: number; y: number }[] {
  const pts: { x: number; y: number }[] = [];
  const rot = (px: number, py: number): { x: number; y: number } => ({
    x: cx + px * Math.cos(angle) - py * Math.sin(angle),
    y: cy + px * Math.sin(angle) + py * Math.cos(angle),
  });
  if (shape === "star") {
    for (let i = 0; i < 12; i++) {
      const a = (i * Math.PI) / 6;
      const rr = i % 2 === 0 ? r : r * 0.45;
      pts.push(rot(rr * Math.cos(a), rr * Math.sin(a)));
    }
  } else if (shape === "triangle") {
    for (let i = 0; i < 3; i++) {
      const a = -Math.PI / 2 + (i * 2 * Math.PI) / 3;
      pts.push(rot(r * Math.cos(a), r * Math.sin(a)));
    }
  } else {
    const n = 40;
    const ry = shape === "ellipse" ? r * aspect : r;
    for (let i = 0; i < n; i++) {
      const a = (i * 2 * Math.PI) / n;
      const wobble = shape === "flower" ? 1 + 0.12 * Math.cos(6 * a) : 1;
      pts.push(rot(r * wobble * Math.cos(a), ry * wobble * Math.sin(a)));
    }
  }
  return pts;
}

function clippedBox(pts: readonly { x: number; y: number }[], width: number, height: number): { box: BoxPx; truncated: boolean } {
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x1, y1, x2, y2] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const cx1 = Math.max(0, x1);
  const cy1 = Math.max(0, y1);
  const cx2 = Math.min(width, x2);
  const cy2 = Math.min(height, y2);
  const truncated = cx1 > x1 || cy1 > y1 || cx2 < x2 || cy2 < y2;
  return { box: { x: cx1, y: cy1, w: Math.max(0, cx2 - cx1), h: Math.max(0, cy2 - cy1) }, truncated };
}

/**
 * Plans scene `index` of a data set with `seed`: 1–9 objects, sizes log-uniform from 9 px to 45% of the short side,
 * about a quarter low-contrast, some pushed over the border (truncated) and some placed on top of another.
 * The same (seed, index) always gives the same scene.
 */
export function planScene(seed: number, index: number, opts: PlanOptions): DemoScene {
  const rng = createRng((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
  const { width, height } = opts;
  const short = Math.min(width, height);
  const soil: [number, number, number] = [110 + rng.int(40), 82 + rng.int(30), 52 + rng.int(25)];
  const scene: DemoScene = {
    width, height, soil,
    textureSeed: (rng.next() * 2 ** 32) >>> 0,
    rowSpacingPx: Math.max(12, Math.round(short * (0.12 + rng.next() * 0.12))),
    rowAngle: (rng.next() - 0.5) * 0.6,
    objects: [],
  };
  const count = 1 + rng.int(9);
  for (let tries = 0; scene.objects.length < count && tries < count * 20; tries++) {
    const classIndex = rng.int(DEMO_CLASSES.length);
    const cls = DEMO_CLASSES[classIndex] as DemoClass;
    const r = logUniform(rng, 4.6, short * 0.225);
    const aspect = 0.55 + rng.next() * 0.35;
    const angle = rng.next() * Math.PI * 2;
    const placement = rng.next();
    let cx: number;
    let cy: number;
    const previous = scene.objects[scene.objects.length - 1];
    if (placement < 0.12) {
      // Over the border: the centre near an edge, so part of the object is cut off.
      const edge = rng.int(4);
      cx = edge === 0 ? rng.next() * r * 0.6 : edge === 1 ? width - rng.next() * r * 0.6 : r + rng.next() * (width - 2 * r);
      cy = edge === 2 ? rng.next() * r * 0.6 : edge === 3 ? height - rng.next() * r * 0.6 : r + rng.next() * (height - 2 * r);
    } else if (placement < 0.24 && previous) {
      // Overlapping the previous object.
      cx = previous.box.x + previous.box.w * rng.next();
      cy = previous.box.y + previous.box.h * rng.next();
    } else {
      cx = r + rng.next() * Math.max(1, width - 2 * r);
      cy = r + rng.next() * Math.max(1, height - 2 * r);
    }
    const polygon = outline(cls.shape, cx, cy, r, aspect, angle);
    const { box, truncated } = clippedBox(polygon, width, height);
    if (box.w < MIN_OBJECT_PX || box.h < MIN_OBJECT_PX) continue;
    const lowContrast = rng.next() < 0.22;
    const k = lowContrast ? 0.3 + rng.next() * 0.1 : 0.85 + rng.next() * 0.15;
    const jitter = (c: number): number => Math.round(Math.min(255, Math.max(0, c + (rng.next() - 0.5) * 30)));
    const color: [number, number, number] = [0, 1, 2].map((i) => jitter(soil[i]! + ((cls.color[i] as number) - soil[i]!) * k)) as [number, number, number];
    scene.objects.push({ classIndex, polygon, innerFraction: cls.shape === "flower" ? 0.35 : 0, color, lowContrast, truncated, box });
  }
  return scene;
}

/**
 * The split of each of `n` images: about 20% train, 10% val, 10% test and 60% pool (the pool is what the loop
 * selects from), shuffled by `seed`, with at least one image in each split when n ≥ 4.
 */
export function planSplits(n: number, seed: number): Split[] {
  const rng = createRng(seed ^ 0x5eed);
  const counts = { train: Math.round(n * 0.2), val: Math.round(n * 0.1), test: Math.round(n * 0.1) };
  if (n >= 4) for (const k of ["train", "val", "test"] as const) counts[k] = Math.max(1, counts[k]);
  const out: Split[] = [];
  for (const k of ["train", "val", "test"] as const) for (let i = 0; i < counts[k] && out.length < n; i++) out.push(k);
  while (out.length < n) out.push("pool");
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as Split, out[i] as Split];
  }
  return out;
}
