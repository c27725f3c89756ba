import type { ApiErrorData, ErrorCode, Result } from "../src-preload/api";

/**
 * The one error type thrown inside the main process. Its message names the file (where there is one) and the
 * problem; `toResult` turns it into the contract's error value at the boundary.
 */
export class LoupeError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, opts: { file?: string; details?: unknown; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "LoupeError";
    this.code = code;
    this.file = opts.file;
    this.details = opts.details;
  }

  toData(): ApiErrorData {
    const data: ApiErrorData = { code: this.code, message: this.message };
    if (this.file !== undefined) data.file = this.file;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

export function isLoupeError(err: unknown, code?: ErrorCode): err is LoupeError {
  return err instanceof LoupeError && (code === undefined || err.code === code);
}

/** Wraps anything thrown into the contract's error value; unknown errors become E_INTERNAL, never swallowed. */
export function toErrorData(err: unknown): ApiErrorData {
  if (err instanceof LoupeError) return err.toData();
  const message = err instanceof Error ? err.message : String(err);
  return { code: "E_INTERNAL", message: `internal error: ${message}` };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(err: unknown): Result<never> {
  return { ok: false, error: toErrorData(err) };
}

export function cancelled(what: string): LoupeError {
  return new LoupeError("E_CANCELLED", `${what} was cancelled`);
}

/** Throws E_CANCELLED when the signal has fired. Long loops call it between items. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelled(what);
}
