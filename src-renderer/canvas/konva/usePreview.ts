import { useEffect, useState } from "react";
import { FIT_PADDING_PX } from "../doc-store";
import { cachedPreview, fittedSize, preloadPreview } from "./image-cache";

/** The fitted-size preview of the stage's image: at once when it was prefetched, else as soon as it is made. */
export function usePreview(url: string, imageWidth: number, imageHeight: number, viewWidth: number, viewHeight: number): ImageBitmap | null {
  const size = fittedSize(imageWidth, imageHeight, viewWidth, viewHeight, FIT_PADDING_PX);
  const ready = cachedPreview(url, size.width, size.height) ?? null;
  const [made, setMade] = useState<{ key: string; bitmap: ImageBitmap } | null>(null);
  const key = `${size.width}x${size.height} ${url}`;
  useEffect(() => {
    if (ready) return;
    let live = true;
    void preloadPreview(url, size.width, size.height).then((b) => live && b && setMade({ key, bitmap: b }));
    return () => {
      live = false;
    };
  }, [ready, url, size.width, size.height, key]);
  return ready ?? (made?.key === key ? made.bitmap : null);
}
