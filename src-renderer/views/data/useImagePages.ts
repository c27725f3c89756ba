import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ImageBoxes, ImageInfo, ImageStatus, LabelSource, Split } from "../../../src-preload/api";
import { errorMessage, imageBoxes, listImages } from "../../store/requests";

/** What the Data view lists (images.list filters). */
export interface ImageQuery {
  split?: Split;
  status?: ImageStatus;
  classId?: number;
  labelSource?: LabelSource;
  /** Images with a prediction of this model scored in [minScore, maxScore]; thumbnails then draw those. */
  modelId?: string;
  minScore?: number;
  maxScore?: number;
}

export const PAGE_SIZE = 100;

interface Loaded {
  key: string;
  pages: Map<number, ImageInfo[]>;
  boxes: Map<number, ImageBoxes>;
  requested: Set<number>;
}

/**
 * Pages of the image list under one query, loaded as the grid scrolls to them (a page of 100 images, then its
 * boxes in one call); a new query or `reload` starts over, and answers to an older query are dropped.
 */
export function useImagePages(query: ImageQuery, reload: number) {
  const key = JSON.stringify([query, reload]);
  const loaded = useRef<Loaded>({ key: "", pages: new Map(), boxes: new Map(), requested: new Set() });
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, changed] = useReducer((n: number) => n + 1, 0);

  const load = useCallback(
    (page: number) => {
      const l = loaded.current;
      if (l.requested.has(page)) return;
      l.requested.add(page);
      const forKey = l.key;
      const { modelId, minScore, maxScore } = query;
      listImages({ ...query, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then(async (res) => {
          if (loaded.current.key !== forKey) return;
          setTotal(res.total);
          l.pages.set(page, res.items);
          changed();
          if (res.items.length === 0) return;
          const boxes = await imageBoxes({ imageIds: res.items.map((i) => i.id), ...(modelId ? { modelId, minScore: minScore ?? 0 } : {}) });
          if (loaded.current.key !== forKey) return;
          // thumbnails draw the predictions in the range: the ones that made the image match
          for (const b of boxes) l.boxes.set(b.imageId, maxScore === undefined ? b : { ...b, predictions: b.predictions.filter((p) => p.score <= maxScore) });
          changed();
        })
        .catch((err: unknown) => {
          if (loaded.current.key !== forKey) return;
          l.requested.delete(page);
          setError(errorMessage(err));
        });
    },
    [key], // the query is part of the key

  );

  useEffect(() => {
    loaded.current = { key, pages: new Map(), boxes: new Map(), requested: new Set() };
    setTotal(null);
    setError(null);
    load(0);
  }, [key, load]);

  const image = (index: number): ImageInfo | undefined => loaded.current.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const boxes = (imageId: number): ImageBoxes | undefined => loaded.current.boxes.get(imageId);
  return { total, error, image, boxes, load };
}
