import { parseCropUrl, parseMediaUrl, parseThumbUrl } from "../files/media-url";
import type { Host } from "./create-host";

/** How long the page may keep a media answer: an image's file and its thumbnail change only with its content. */
export const MEDIA_CACHE_CONTROL = "private, max-age=3600";

/** What a media URL resolved to: the file to send, or the status to answer with. */
export type MediaAnswer = { ok: true; file: string } | { ok: false; status: 400 | 404 };

/**
 * The one reading of a media request, for the app's `media://` protocol and the test bridge's `/media/…` routes alike:
 * a thumbnail, an image or an error crop, each named by ids and resolved only through the open project (never a path).
 * A URL of no known shape is a 400; anything the project does not hold (or cannot read) is a 404.
 * @example await resolveMediaRequest(host, "media://image/<project>/17") // { ok: true, file: "/…/a.jpg" }
 */
export async function resolveMediaRequest(host: Pick<Host, "thumbnail" | "resolveMedia" | "resolveCrop">, url: string, signal?: AbortSignal): Promise<MediaAnswer> {
  const thumb = parseThumbUrl(url);
  const image = thumb ? null : parseMediaUrl(url);
  const crop = thumb || image ? null : parseCropUrl(url);
  if (!thumb && !image && !crop) return { ok: false, status: 400 };
  try {
    if (thumb) return { ok: true, file: await host.thumbnail(thumb.projectId, thumb.imageId, signal) };
    if (image) return { ok: true, file: host.resolveMedia(image.projectId, image.imageId) };
    return { ok: true, file: host.resolveCrop(crop!.projectId, crop!.evaluationId, crop!.kind, crop!.index) };
  } catch {
    return { ok: false, status: 404 };
  }
}
