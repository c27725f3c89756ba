/**
 * Error messages for people (pure): the services' messages name files and problems, but some carry a method name
 * ("review.createBatch: …", "labels.applyEdits: invalid request: …") or a raw system error ("ENOENT: no such file
 * or directory, open '/x/y'"). This turns them into sentences.
 *
 * @example humanizeError("review.createBatch: no images to review") // → "No images to review."
 * @example humanizeError("ENOENT: no such file or directory, scandir '/data/x'") // → "/data/x was not found."
 */
const SYSTEM_ERRORS: Record<string, (path: string | null) => string> = {
  ENOENT: (p) => (p ? `${p} was not found.` : "A file or folder was not found."),
  EACCES: (p) => (p ? `Loupe may not open ${p} (permission denied).` : "Permission denied."),
  EPERM: (p) => (p ? `Loupe may not change ${p} (not permitted).` : "Not permitted."),
  EEXIST: (p) => (p ? `${p} already exists.` : "It already exists."),
  ENOTDIR: (p) => (p ? `${p} is not a folder.` : "That is not a folder."),
  EISDIR: (p) => (p ? `${p} is a folder, not a file.` : "That is a folder, not a file."),
  ENOSPC: () => "The disk is full.",
};

export function humanizeError(message: string): string {
  let text = message.trim().replace(/^[a-z]+\.[a-zA-Z]+:\s*(invalid request:\s*)?/, "");
  const sys = /\b(E[A-Z]{3,8}): [^,']*(?:, [a-z]+ '([^']+)')?/.exec(text);
  if (sys && sys[1] && SYSTEM_ERRORS[sys[1]]) {
    const human = SYSTEM_ERRORS[sys[1]]!(sys[2] ?? null);
    text = (text.slice(0, sys.index) + human + text.slice(sys.index + sys[0].length)).replace(/:\s*(?=[A-Z/])/, ": ");
  }
  if (!text) return "Something went wrong.";
  text = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}
