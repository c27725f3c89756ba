import { useEffect, useState } from "react";
import { appInfo, chooseFile, chooseFolder, errorMessage } from "../store/requests";
import "./path-input.css";

let nativeChoosers: Promise<boolean> | null = null;
/** Whether this host has native choosers (the Electron app); the CLI-less test bridge keeps typed paths only. */
function hasNativeChoosers(): Promise<boolean> {
  nativeChoosers ??= appInfo({}).then(
    (i) => i.host === "electron",
    () => false,
  );
  return nativeChoosers;
}

export interface PathInputProps {
  value: string;
  onChange(value: string): void;
  kind: "folder" | "file";
  /** For files: allowed extensions without the dot (["onnx"]). */
  extensions?: string[];
  /** The chooser's title ("Export into"). */
  title?: string;
  name?: string;
  placeholder?: string;
  required?: boolean;
  "aria-label"?: string;
}

/**
 * A path field with a "Choose…" button that opens the system's folder or file chooser where the host has one; the
 * main process checks the picked path. Typing a path always works (and is all there is under the test bridge).
 */
export function PathInput({ value, onChange, kind, extensions, title, name, placeholder, required, ...rest }: PathInputProps) {
  const [native, setNative] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void hasNativeChoosers().then((yes) => live && setNative(yes));
    return () => {
      live = false;
    };
  }, []);
  const choose = () => {
    setProblem(null);
    const req = { ...(title ? { title } : {}), ...(value.trim() ? { defaultPath: value.trim() } : {}) };
    const picked = kind === "folder" ? chooseFolder(req) : chooseFile({ ...req, ...(extensions ? { extensions } : {}) });
    picked.then(
      (r) => r.path && onChange(r.path),
      (err: unknown) => setProblem(errorMessage(err)),
    );
  };
  return (
    <span className="path-input">
      <input value={value} onChange={(e) => onChange(e.target.value)} name={name} placeholder={placeholder} required={required} aria-label={rest["aria-label"]} />
      {native && (
        <button type="button" onClick={choose}>
          Choose…
        </button>
      )}
      {problem && <span className="error small">{problem}</span>}
    </span>
  );
}
