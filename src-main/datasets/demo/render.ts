import type { BoxPx } from "../../../src-preload/api";
import { createRng } from "../../core/random";
import type { DemoObject, DemoScene } from "./plan";

/**
 * Renders a planned scene into an RGB pixel buffer (width × height × 3): textured soil with crop-row furrows,
 * low-frequency patches, pebbles and pixel noise, then each object with a soft shadow, shading and 4× supersampled
 * edges. Pure and deterministic: the same scene gives the same bytes.
 */
export function renderScene(scene: DemoScene): Uint8Array {
  const { width, height } = scene;
  const px = new Uint8Array(width * height * 3);
  const rng = createRng(scene.textureSeed);
  const grid = 7;
  const light = Array.from({ length: (grid + 1) * (grid + 1) }, () => rng.next() - 0.5);
  const green = Array.from({ length: (grid + 1) * (grid + 1) }, () => Math.max(0, rng.next() - 0.55));
  // Bilinear interpolation of the two low-frequency fields, with the per-column terms computed once.
  const ix = new Int32Array(width);
  const fx = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const gx = (x / width) * grid;
    ix[x] = Math.min(grid - 1, Math.floor(gx));
    fx[x] = gx - (ix[x] as number);
  }
  const cos = Math.cos(scene.rowAngle);
  const sin = Math.sin(scene.rowAngle);
  const spacing = scene.rowSpacingPx;
  const [s0, s1, s2] = scene.soil;
  for (let y = 0; y < height; y++) {
    const gy = (y / height) * grid;
    const iy = Math.min(grid - 1, Math.floor(gy));
    const fy = gy - iy;
    for (let x = 0; x < width; x++) {
      const i0 = iy * (grid + 1) + (ix[x] as number);
      const i1 = i0 + grid + 1;
      const u = fx[x] as number;
      const w00 = (1 - u) * (1 - fy);
      const w01 = u * (1 - fy);
      const w10 = (1 - u) * fy;
      const w11 = u * fy;
      const lk = (light[i0] as number) * w00 + (light[i0 + 1] as number) * w01 + (light[i1] as number) * w10 + (light[i1 + 1] as number) * w11;
      const gk = (green[i0] as number) * w00 + (green[i0 + 1] as number) * w01 + (green[i1] as number) * w10 + (green[i1 + 1] as number) * w11;
      let d = (x * cos + y * sin) % spacing;
      if (d < 0) d += spacing;
      const k = (1 + lk * 0.5) * (d < spacing * 0.22 ? 0.8 : 1);
      const g = gk * 90;
      const n = (rng.next() - 0.5) * 22;
      const o = (y * width + x) * 3;
      px[o] = clamp((s0 - g * 0.4) * k + n);
      px[o + 1] = clamp((s1 + g * 0.5) * k + n);
      px[o + 2] = clamp((s2 - g * 0.2) * k + n);
    }
  }
  const pebbles = Math.round((width * height) / 2500);
  for (let i = 0; i < pebbles; i++) {
    const cx = rng.next() * width;
    const cy = rng.next() * height;
    const r = 0.8 + rng.next() * 1.8;
    const shade = 0.55 + rng.next() * 0.3;
    forEachPixel(cx - r, cy - r, cx + r, cy + r, width, height, (x, y) => {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) scale(px, (y * width + x) * 3, shade);
    });
  }
  for (const obj of scene.objects) drawObject(px, scene, obj, rng.next.bind(rng));
  return px;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function scale(px: Uint8Array, o: number, k: number): void {
  px[o] = clamp((px[o] as number) * k);
  px[o + 1] = clamp((px[o + 1] as number) * k);
  px[o + 2] = clamp((px[o + 2] as number) * k);
}

function forEachPixel(x1: number, y1: number, x2: number, y2: number, width: number, height: number, fn: (x: number, y: number) => void): void {
  const xa = Math.max(0, Math.floor(x1));
  const ya = Math.max(0, Math.floor(y1));
  const xb = Math.min(width - 1, Math.ceil(x2));
  const yb = Math.min(height - 1, Math.ceil(y2));
  for (let y = ya; y <= yb; y++) for (let x = xa; x <= xb; x++) fn(x, y);
}

/**
 * Coverage (0..1) of a polygon over the pixels of a window, 2×2 samples per pixel, by scanlines: each sample row
 * crosses the edges once, so the cost is rows × edges, not pixels × edges.
 */
function coverageMap(poly: readonly { x: number; y: number }[], x0: number, y0: number, w: number, h: number, dx: number, dy: number): Float32Array {
  const cov = new Float32Array(w * h);
  const xs: number[] = [];
  for (let row = 0; row < h; row++) {
    for (const sy of SUB) {
      const y = y0 + row + sy - dy;
      xs.length = 0;
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const a = poly[i] as { x: number; y: number };
        const b = poly[j] as { x: number; y: number };
        if (a.y > y !== b.y > y) xs.push(((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x + dx);
      }
      xs.sort((p, q) => p - q);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        const from = xs[k] as number;
        const to = xs[k + 1] as number;
        const c0 = Math.max(0, Math.floor(from - x0 - 0.25));
        const c1 = Math.min(w - 1, Math.ceil(to - x0));
        for (let c = c0; c <= c1; c++) {
          for (const sx of SUB) {
            const x = x0 + c + sx;
            if (x >= from && x < to) cov[row * w + c] = (cov[row * w + c] as number) + 0.25;
          }
        }
      }
    }
  }
  return cov;
}

const SUB = [0.25, 0.75];

function drawObject(px: Uint8Array, scene: DemoScene, obj: DemoObject, rand: () => number): void {
  const { width, height } = scene;
  const xs = obj.polygon.map((p) => p.x);
  const ys = obj.polygon.map((p) => p.y);
  const [x1, y1, x2, y2] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const r = Math.max(x2 - x1, y2 - y1) / 2;
  const shadow = Math.max(1, r * 0.12);
  const window = (ax: number, ay: number, bx: number, by: number) => {
    const wx = Math.max(0, Math.floor(ax));
    const wy = Math.max(0, Math.floor(ay));
    return { wx, wy, ww: Math.max(0, Math.min(width, Math.ceil(bx) + 1) - wx), wh: Math.max(0, Math.min(height, Math.ceil(by) + 1) - wy) };
  };
  const s = window(x1 + shadow, y1 + shadow, x2 + shadow, y2 + shadow);
  const shade = coverageMap(obj.polygon, s.wx, s.wy, s.ww, s.wh, shadow, shadow);
  for (let row = 0; row < s.wh; row++) {
    for (let c = 0; c < s.ww; c++) {
      const v = shade[row * s.ww + c] as number;
      if (v > 0) scale(px, ((s.wy + row) * width + s.wx + c) * 3, 1 - 0.3 * v);
    }
  }
  const b = window(x1, y1, x2, y2);
  const cov = coverageMap(obj.polygon, b.wx, b.wy, b.ww, b.wh, 0, 0);
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const inner = obj.innerFraction * r;
  const centre = [obj.color[0] * 0.55, obj.color[1] * 0.35, obj.color[2] * 0.2];
  for (let row = 0; row < b.wh; row++) {
    const y = b.wy + row;
    for (let col = 0; col < b.ww; col++) {
      const c = cov[row * b.ww + col] as number;
      if (c === 0) continue;
      const x = b.wx + col;
      const o = (y * width + x) * 3;
      const light = 1.12 - 0.24 * (((x - x1) / Math.max(1, x2 - x1) + (y - y1) / Math.max(1, y2 - y1)) / 2);
      const isCentre = inner > 0 && (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 < inner * inner;
      const base = isCentre ? centre : obj.color;
      const n = (rand() - 0.5) * 14;
      for (let k = 0; k < 3; k++) {
        const v = (base[k] as number) * light + n;
        px[o + k] = clamp((px[o + k] as number) * (1 - c) + v * c);
      }
    }
  }
}

/** Draws a 1-pixel box outline into an RGB buffer (for contact sheets). */
export function drawBoxOutline(px: Uint8Array, width: number, height: number, box: BoxPx, color: readonly [number, number, number]): void {
  const x1 = Math.max(0, Math.floor(box.x));
  const y1 = Math.max(0, Math.floor(box.y));
  const x2 = Math.min(width - 1, Math.ceil(box.x + box.w) - 1);
  const y2 = Math.min(height - 1, Math.ceil(box.y + box.h) - 1);
  const put = (x: number, y: number): void => {
    const o = (y * width + x) * 3;
    px[o] = color[0];
    px[o + 1] = color[1];
    px[o + 2] = color[2];
  };
  for (let x = x1; x <= x2; x++) {
    put(x, y1);
    put(x, y2);
  }
  for (let y = y1; y <= y2; y++) {
    put(x1, y);
    put(x2, y);
  }
}
