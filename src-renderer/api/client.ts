import type {
  ApiErrorData,
  Area,
  ErrorCode,
  ErrorKind,
  EventName,
  LoupeEvents,
  MethodOf,
  RequestOf,
  ResponseOf,
  Result,
} from "../../src-preload/api";
import { humanizeError } from "./error-text";

/** An error Result rebuilt on the renderer side, so components use normal control flow. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly details: unknown;
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = "ApiError";
    this.code = data.code;
    this.file = data.file;
    this.details = data.details;
  }
}

/**
 * The only renderer code that touches `window.loupe` (views never import it: they call store actions, STYLE.md 7.7). Calls a contract method and unwraps its Result.
 *
 * @example const info = await call("projects", "open", { path });
 */
export async function call<A extends Area, M extends MethodOf<A>>(area: A, method: M, req: RequestOf<A, M>): Promise<ResponseOf<A, M>> {
  const fn = (window.loupe[area] as unknown as Record<string, (r: unknown) => Promise<Result<unknown>>>)[method];
  if (!fn) throw new ApiError({ code: "E_UNKNOWN_METHOD", message: `unknown method ${area}.${method}` });
  const res = await fn(req);
  if (!res.ok) throw new ApiError(res.error);
  return res.value as ResponseOf<A, M>;
}

export function onEvent<E extends EventName>(name: E, listener: (payload: LoupeEvents[E]) => void): () => void {
  return window.loupe.events.on(name, listener);
}

/** URL of an image at full size (the review canvas), by ids through the media protocol. */
export function imageUrl(projectId: string, imageId: number): string {
  return window.loupe.media.imageUrl(projectId, imageId);
}

/** URL of an image's small picture (the Data view's grid), by ids through the media protocol. */
export function thumbUrl(projectId: string, imageId: number): string {
  return window.loupe.media.thumbUrl(projectId, imageId);
}

/** URL of an error crop of a stored evaluation (served by id through the media protocol, never by path). */
export function cropUrl(projectId: string, evaluationId: number, kind: ErrorKind, index: number): string {
  return window.loupe.media.cropUrl(projectId, evaluationId, kind, index);
}

/** The message of an error, worded for people (no method names, no raw system error codes). */
export function errorMessage(err: unknown): string {
  return humanizeError(err instanceof Error ? err.message : String(err));
}
