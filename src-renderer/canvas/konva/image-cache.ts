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
