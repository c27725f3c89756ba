import { MEDIA_SCHEME } from "../../src-preload/api";

/** What a media request names: a project and an image, by id. Never a path. */
export interface MediaRef {
  projectId: string;
  imageId: number;
}

const PROJECT_ID = /^[0-9a-fA-F-]{1,64}$/;
const IMAGE_ID = /^[1-9][0-9]{0,14}$/;

/**
 * Parses `media://image/<projectId>/<imageId>` (Electron) or the path `/media/image/<projectId>/<imageId>` (test
 * bridge). Anything else — other hosts, extra segments, dots, percent-encoding, a query — is refused with null.
 *
 * @example parseMediaUrl("media://image/3f2a…/17") // → { projectId: "3f2a…", imageId: 17 }
 */
export function parseMediaUrl(raw: string): MediaRef | null {
  if (typeof raw !== "string" || raw.length > 300 || /[%\\\0?#]/.test(raw)) return null;
  let rest: string;
  const schemePrefix = `${MEDIA_SCHEME}://image/`;
  if (raw.startsWith(schemePrefix)) rest = raw.slice(schemePrefix.length);
  else if (raw.startsWith("/media/image/")) rest = raw.slice("/media/image/".length);
  else return null;
  const parts = rest.split("/");
  if (parts.length !== 2) return null;
  const [projectId, imageId] = parts as [string, string];
  if (!PROJECT_ID.test(projectId) || !IMAGE_ID.test(imageId)) return null;
  const n = Number(imageId);
  return Number.isSafeInteger(n) ? { projectId, imageId: n } : null;
}

/**
 * Parses `media://thumb/<projectId>/<imageId>` (Electron) or `/media/thumb/<projectId>/<imageId>` (test bridge): the
 * small picture the Data view's grid shows, with the same refusals as `parseMediaUrl`.
 *
 * @example parseThumbUrl("media://thumb/3f2a…/17") // → { projectId: "3f2a…", imageId: 17 }
 */
export function parseThumbUrl(raw: string): MediaRef | null {
  if (typeof raw !== "string") return null;
  if (raw.startsWith(`${MEDIA_SCHEME}://thumb/`)) return parseMediaUrl(`${MEDIA_SCHEME}://image/${raw.slice(`${MEDIA_SCHEME}://thumb/`.length)}`);
  if (raw.startsWith("/media/thumb/")) return parseMediaUrl(`/media/image/${raw.slice("/media/thumb/".length)}`);
  return null;
}

export function mediaThumbUrl(projectId: string, imageId: number): string {
  return `${MEDIA_SCHEME}://thumb/${projectId}/${imageId}`;
}

export function mediaImageUrl(projectId: string, imageId: number): string {
  return `${MEDIA_SCHEME}://image/${projectId}/${imageId}`;
}

/** What a crop request names: a project, a stored evaluation, the kind of error and its index. Never a path. */
export interface CropRef {
  projectId: string;
  evaluationId: number;
  kind: "fn" | "fp";
  index: number;
}

const INDEX = /^(0|[1-9][0-9]{0,3})$/;

/**
 * Parses `media://crop/<projectId>/<evaluationId>/<fn|fp>/<index>` (Electron) or `/media/crop/…` (test bridge), with
 * the same refusals as `parseMediaUrl`.
 *
 * @example parseCropUrl("media://crop/3f2a…/12/fn/0") // → { projectId: "3f2a…", evaluationId: 12, kind: "fn", index: 0 }
 */
export function parseCropUrl(raw: string): CropRef | null {
  if (typeof raw !== "string" || raw.length > 300 || /[%\\\0?#]/.test(raw)) return null;
  let rest: string;
  if (raw.startsWith(`${MEDIA_SCHEME}://crop/`)) rest = raw.slice(`${MEDIA_SCHEME}://crop/`.length);
  else if (raw.startsWith("/media/crop/")) rest = raw.slice("/media/crop/".length);
  else return null;
  const parts = rest.split("/");
  if (parts.length !== 4) return null;
  const [projectId, evaluationId, kind, index] = parts as [string, string, string, string];
  if (!PROJECT_ID.test(projectId) || !IMAGE_ID.test(evaluationId) || (kind !== "fn" && kind !== "fp") || !INDEX.test(index)) return null;
  const n = Number(evaluationId);
  return Number.isSafeInteger(n) ? { projectId, evaluationId: n, kind, index: Number(index) } : null;
}

export function mediaCropUrl(projectId: string, evaluationId: number, kind: "fn" | "fp", index: number): string {
  return `${MEDIA_SCHEME}://crop/${projectId}/${evaluationId}/${kind}/${index}`;
}
