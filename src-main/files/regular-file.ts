import { constants, fstatSync, openSync, closeSync, readSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { LoupeError } from "../errors";

/**
 * Reading input files safely: only regular files are ever read. A FIFO, socket or device opened for reading can
 * block forever (a FIFO waits for a writer) or never end (/dev/zero), so the file is opened non-blocking, checked
 * with fstat on the open descriptor (no race between a check and the open), and refused unless it is a regular
 * file of at most `maxBytes`.
 */

/** The largest label or annotation file Loupe reads (a COCO JSON of a big dataset is a few hundred MB). */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024 * 1024;
/** The largest image file Loupe reads. */
export const MAX_IMAGE_FILE_BYTES = 512 * 1024 * 1024;

// O_NONBLOCK does not exist on Windows, where opening a named pipe does not block in the same way.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** What kind of file system entry a Stats describes, in words ("a FIFO", "a folder"…). */
export function describeKind(st: Stats): string {
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

function refuse(file: string, st: Stats, maxBytes: number, what: string): LoupeError | undefined {
  if (!st.isFile()) return new LoupeError("E_DATASET_FORMAT", `${file}: ${describeKind(st)}, not a regular file; only regular files are read as ${what}`, { file });
  if (st.size > maxBytes) {
    return new LoupeError("E_DATASET_FORMAT", `${file}: ${st.size} bytes, more than the ${maxBytes} bytes Loupe reads as ${what}`, { file });
  }
  return undefined;
}

function ioError(file: string, err: unknown, what: string): LoupeError {
  if (err instanceof LoupeError) return err;
  const e = err as NodeJS.ErrnoException;
  const code = e.code === "ENOENT" ? "E_NOT_FOUND" : "E_IO";
  return new LoupeError(code, `${file}: cannot read the ${what} (${e.code ?? e.message})`, { file, cause: err });
}

/**
 * The bytes of a regular file. Throws LoupeError naming the file: E_NOT_FOUND when missing, E_DATASET_FORMAT when
 * it is not a regular file or too big, E_IO otherwise.
 */
export async function readRegularFile(file: string, opts: { maxBytes?: number; what?: string } = {}): Promise<Buffer> {
  const what = opts.what ?? "input";
  const max = opts.maxBytes ?? MAX_TEXT_FILE_BYTES;
  if (typeof file !== "string" || file.includes("\0")) throw new LoupeError("E_VALIDATION", `the path of the ${what} contains a NUL byte`);
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | NONBLOCK);
  } catch (err) {
    throw ioError(file, err, what);
  }
  try {
    const st = await fh.stat();
    const bad = refuse(file, st, max, what);
    if (bad) throw bad;
    return await fh.readFile();
  } catch (err) {
    throw ioError(file, err, what);
  } finally {
    await fh.close();
  }
}

/** The text (UTF-8, a leading BOM kept) of a regular file; see readRegularFile. */
export async function readRegularText(file: string, opts: { maxBytes?: number; what?: string } = {}): Promise<string> {
  return (await readRegularFile(file, opts)).toString("utf8");
}

/** Synchronous readRegularFile, for the few callers that cannot await. */
export function readRegularFileSync(file: string, opts: { maxBytes?: number; what?: string } = {}): Buffer {
  const what = opts.what ?? "input";
  const max = opts.maxBytes ?? MAX_TEXT_FILE_BYTES;
  if (typeof file !== "string" || file.includes("\0")) throw new LoupeError("E_VALIDATION", `the path of the ${what} contains a NUL byte`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NONBLOCK);
  } catch (err) {
    throw ioError(file, err, what);
  }
  try {
    const st = fstatSync(fd);
    const bad = refuse(file, st, max, what);
    if (bad) throw bad;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === buf.length ? buf : buf.subarray(0, off);
  } catch (err) {
    throw ioError(file, err, what);
  } finally {
    closeSync(fd);
  }
}

/**
 * The first `bytes` bytes of a regular file as UTF-8 text, or undefined when it is not a regular file or cannot be
 * read (for sniffing a file's format without reading all of it).
 */
export async function readHead(file: string, bytes: number): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!(await fh.stat()).isFile()) return undefined;
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
