import { useEffect, useState } from "react";
import { cachedImage, preloadImage } from "./image-cache";

export type ImageLoad = { status: "loading" } | { status: "loaded"; image: HTMLImageElement } | { status: "failed"; url: string };

/**
 * Loads an image element for Konva; the result follows `url` and ignores loads that finish after a change. An image
 * already prefetched and decoded is used at once, without a loading frame.
 */
export function useHtmlImage(url: string): ImageLoad {
  const [load, setLoad] = useState<{ url: string; load: ImageLoad }>(() => {
    const ready = cachedImage(url);
    return { url, load: ready ? { status: "loaded", image: ready } : { status: "loading" } };
  });
  useEffect(() => {
    let current = true;
    const ready = cachedImage(url);
    if (ready) {
      setLoad((s) => (s.url === url && s.load.status === "loaded" ? s : { url, load: { status: "loaded", image: ready } }));
      return;
    }
    setLoad({ url, load: { status: "loading" } });
    preloadImage(url).then(
      (image) => current && setLoad({ url, load: { status: "loaded", image } }),
      () => current && setLoad({ url, load: { status: "failed", url } }),
    );
    return () => {
      current = false;
    };
  }, [url]);
  return load.url === url ? load.load : { status: "loading" };
}
