import { useEffect, useState } from "react";

export type ImageLoad = { status: "loading" } | { status: "loaded"; image: HTMLImageElement } | { status: "failed"; url: string };

/** Loads an image element for Konva; the result follows `url` and ignores loads that finish after a change. */
export function useHtmlImage(url: string): ImageLoad {
  const [load, setLoad] = useState<ImageLoad>({ status: "loading" });
  useEffect(() => {
    let current = true;
    setLoad({ status: "loading" });
    const img = new window.Image();
    img.decoding = "async";
    img.onload = () => current && setLoad({ status: "loaded", image: img });
    img.onerror = () => current && setLoad({ status: "failed", url });
    img.src = url;
    return () => {
      current = false;
      img.onload = null;
      img.onerror = null;
    };
  }, [url]);
  return load;
}
