import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { IMAGE_STATUSES, LABEL_SOURCES, SPLITS, type ImageInfo, type ProjectInfo } from "../../../src-preload/api";
import { createReviewBatch, errorMessage } from "../../store/requests";
import { thumbUrl } from "../../store/media";
import { useLoupe } from "../../store/index";
import { FilterBar } from "./FilterBar";
import { ImageGrid } from "./ImageGrid";
import { ImportPanel } from "./ImportPanel";
import { useImagePages, type ImageQuery } from "./useImagePages";

/** How many images from the clicked one on become the review batch it opens. */
const OPEN_BATCH_MAX = 200;

/**
 * Every image of the project in a virtualised grid with its boxes (labels, and a model's predictions when one is
 * chosen), under a filter bar that stays in view; a click opens the image in Review with the images after it.
 */
export function DataView({ project }: { project: ProjectInfo }) {
  const [query, setQuery] = useState<ImageQuery>({});
  const [reload, setReload] = useState(0);
  const models = useLoupe((s) => s.modelList);
  const [openError, setOpenError] = useState<string | null>(null);
  const onImported = useCallback(() => setReload((n) => n + 1), []);
  const pages = useImagePages(query, reload);
  const colors = useMemo(() => new Map(project.classes.map((c) => [c.id, c.color])), [project.classes]);
  const src = useCallback((img: ImageInfo) => thumbUrl(project.id, img.id), [project.id]);

  useEffect(() => void useLoupe.getState().loadModels(), []);

  // onOpen reads the latest pages through a ref, so it stays one function and a page arriving re-renders no thumbnail
  const latest = useRef({ image: pages.image, total: pages.total, modelId: query.modelId });
  useLayoutEffect(() => {
    latest.current = { image: pages.image, total: pages.total, modelId: query.modelId };
  });
  const onOpen = useCallback((img: ImageInfo, index: number) => {
    const { image, total, modelId } = latest.current;
    const ids: number[] = [];
    for (let i = index; i < Math.min(total ?? 0, index + OPEN_BATCH_MAX); i++) {
      const next = image(i);
      if (!next) break;
      ids.push(next.id);
    }
    if (ids.length === 0) ids.push(img.id);
    const name = `Data: ${img.fileName}${ids.length > 1 ? ` and ${ids.length - 1} after it` : ""}`;
    createReviewBatch({ name, source: "list", tasks: ids.map((imageId) => ({ imageId })), ...(modelId ? { modelId } : {}) })
      .then((batch) => useLoupe.getState().openReview(batch.id))
      .catch((err: unknown) => setOpenError(errorMessage(err)));
  }, []);

  return (
    <div className="data-view">
      <ImportPanel onImported={onImported} />
      <FilterBar
        query={query}
        onChange={setQuery}
        classes={project.classes}
        models={models}
        splits={SPLITS}
        statuses={IMAGE_STATUSES}
        sources={LABEL_SOURCES}
        total={pages.total}
      />
      {(pages.error ?? openError) && <p className="error">{pages.error ?? openError}</p>}
      {pages.total === 0 && <p className="muted">No images match.</p>}
      <ImageGrid total={pages.total ?? 0} image={pages.image} boxes={pages.boxes} load={pages.load} src={src} colors={colors} onOpen={onOpen} />
    </div>
  );
}
