import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/** sha256 of bytes, hex. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** sha256 of a file's bytes, hex (reads the whole file; image files are small enough). */
export async function sha256File(file: string): Promise<string> {
  return sha256Hex(await readFile(file));
}
