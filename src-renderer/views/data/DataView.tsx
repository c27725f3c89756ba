import { useCallback, useEffect, useState } from "react";
import { IMAGE_STATUSES, SPLITS, type ImageInfo, type ImageStatus, type ProjectInfo, type Split } from "../../../src-preload/api";
import { imageUrl } from "../../store/media";
import { errorMessage, listImages } from "../../store/requests";
import { ImportPanel } from "./ImportPanel";

const PAGE = 60;

/** Every image of the project, filtered and paged, as thumbnails through the media protocol. */
export function DataView({ project }: { project: ProjectInfo }) {
  const [split, setSplit] = useState<Split | "">("");
  const [status, setStatus] = useState<ImageStatus | "">("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ items: ImageInfo[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const onImported = useCallback(() => setReload((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    listImages({ ...(split ? { split } : {}), ...(status ? { status } : {}), offset, limit: PAGE })
      .then((p) => live && (setPage(p), setError(null)))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [split, status, offset, reload]);

  return (
    <div className="data-view">
      <ImportPanel onImported={onImported} />
      <div className="toolbar">
        <label>
          Split
          <select value={split} onChange={(e) => (setSplit(e.target.value as Split | ""), setOffset(0))}>
            <option value="">all</option>
            {SPLITS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => (setStatus(e.target.value as ImageStatus | ""), setOffset(0))}>
            <option value="">all</option>
            {IMAGE_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {page && (
          <span className="muted">
            {page.total === 0 ? "no images" : `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}`}
          </span>
        )}
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Previous
        </button>
        <button type="button" disabled={!page || offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
          Next
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      <ul className="thumbs" aria-label="Images">
        {page?.items.map((img) => (
          <li key={img.id} className="thumb">
            <img src={imageUrl(project.id, img.id)} alt={img.fileName} loading="lazy" decoding="async" />
            <span className="thumb-name" title={img.relPath}>
              {img.fileName}
            </span>
            <span className={`badge ${img.status}`}>
              {img.split} · {img.status}
              {img.labelCount ? ` · ${img.labelCount}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
