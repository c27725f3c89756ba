/**
 * Decoded images kept for the review canvas: the view prefetches the next tasks' images (fetched through the media
 * protocol and decoded off the main thread with `img.decode()`), so moving to the next task finds them ready.
 * A small LRU: full-resolution field images are large.
 */
const MAX_ENTRIES = 6;
const decoded = new Map<string, HTMLImageElement>();
const inflight = new Map<string, Promise<HTMLImageElement>>();

export function cachedImage(url: string): HTMLImageElement | undefined {
  const img = decoded.get(url);
  if (img) {
    decoded.delete(url);
    decoded.set(url, img); // most recently used last
  }
  return img;
}

/** Fetches and decodes an image once; later calls share the same promise. */
export function preloadImage(url: string): Promise<HTMLImageElement> {
  const ready = cachedImage(url);
  if (ready) return Promise.resolve(ready);
  const pending = inflight.get(url);
  if (pending) return pending;
  const img = new Image();
  img.decoding = "async";
  img.src = url;
  const p = img
    .decode()
    .then(() => {
      decoded.set(url, img);
      while (decoded.size > MAX_ENTRIES) {
        const oldest = decoded.keys().next().value;
        if (oldest === undefined) break;
        decoded.delete(oldest);
      }
      return img;
    })
    .finally(() => inflight.delete(url));
  inflight.set(url, p);
  return p;
}

/**
 * Previews: the image already scaled to the size it is shown at when fitted (made off the main thread by
 * createImageBitmap), so the first frame of a task copies pixels instead of resampling a full-resolution photo.
 * Keyed by URL and size; the stage switches to the full image as soon as the user zooms in past it.
 */
const previews = new Map<string, ImageBitmap>();
const previewsInflight = new Map<string, Promise<ImageBitmap | null>>();
const previewKey = (url: string, w: number, h: number) => `${w}x${h} ${url}`;

/** A preview of `url` within 2 px of the wanted size (stage sizes move by a pixel or two between layouts). */
export function cachedPreview(url: string, width: number, height: number): ImageBitmap | undefined {
  const exact = previews.get(previewKey(url, width, height));
  if (exact) return exact;
  for (const [key, bitmap] of previews) {
    if (key.endsWith(` ${url}`) && Math.abs(bitmap.width - width) <= 2 && Math.abs(bitmap.height - height) <= 2) return bitmap;
  }
  return undefined;
}

/** Makes (once) the fitted-size preview of an image; null where the browser cannot. */
export function preloadPreview(url: string, width: number, height: number): Promise<ImageBitmap | null> {
  const key = previewKey(url, width, height);
  const ready = cachedPreview(url, width, height);
  if (ready) return Promise.resolve(ready);
  const pending = previewsInflight.get(key);
  if (pending) return pending;
  if (!(width > 0 && height > 0) || typeof createImageBitmap !== "function") return Promise.resolve(null);
  const p = preloadImage(url)
    .then((img) => createImageBitmap(img, { resizeWidth: width, resizeHeight: height, resizeQuality: "medium" }))
    .then((bitmap) => {
      previews.set(key, bitmap);
      while (previews.size > MAX_ENTRIES) {
        const oldest = previews.keys().next().value;
        if (oldest === undefined) break;
        previews.get(oldest)?.close();
        previews.delete(oldest);
      }
      return bitmap;
    })
    .catch(() => null)
    .finally(() => previewsInflight.delete(key));
  previewsInflight.set(key, p);
  return p;
}

/** The preview size of an image fitted into a view with `paddingPx` free on each side (as the stage fits it). */
export function fittedSize(imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number, paddingPx: number): { width: number; height: number } {
  const scale = Math.min((viewWidth - 2 * paddingPx) / imageWidth, (viewHeight - 2 * paddingPx) / imageHeight, 1);
  return { width: Math.max(1, Math.round(imageWidth * scale)), height: Math.max(1, Math.round(imageHeight * scale)) };
}
