import { useEffect, useState, type FormEvent } from "react";
import { DATASET_IMPORT_FORMATS, SPLITS, type DatasetImportFormat, type DatasetImportReport, type Split } from "../../../src-preload/api";
import { errorMessage, importDataset } from "../../store/requests";
import { useLoupe } from "../../store/index";

type SplitMode = "source" | Split | "ratios";

/** Import a folder or dataset as a job: progress in the jobs bar, the report (counts and per-file problems) here. */
export function ImportPanel({ onImported }: { onImported(): void }) {
  const [path, setPath] = useState("");
  const [format, setFormat] = useState<DatasetImportFormat>("auto");
  const [mode, setMode] = useState<SplitMode>("source");
  const [ratios, setRatios] = useState("0.7, 0.2, 0.1");
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useLoupe((s) => (jobId ? s.jobs[jobId] : undefined));
  const report = job?.state === "succeeded" ? (job.result as DatasetImportReport) : null;

  const start = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const [train, val, test] = ratios.split(",").map((x) => Number(x.trim()));
    const splitPart =
      mode === "source" ? {} : mode === "ratios" ? { splitRatios: { train: train ?? 0, val: val ?? 0, test: test ?? 0 } } : { split: mode };
    importDataset({ path: path.trim(), format, ...splitPart })
      .then((r) => setJobId(r.jobId))
      .catch((err: unknown) => setError(errorMessage(err)));
  };
  const finished = job?.state === "succeeded";
  useEffect(() => {
    if (finished) onImported(); // refresh the image list once the import is in
  }, [finished, onImported]);

  return (
    <section className="card import-panel" aria-label="Import">
      <form className="inline-form" onSubmit={start}>
        <label>
          Import from
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/images or data.yaml or instances.json" name="importPath" />
        </label>
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as DatasetImportFormat)} aria-label="Import format">
            {DATASET_IMPORT_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <label>
          Splits
          <select value={mode} onChange={(e) => setMode(e.target.value as SplitMode)} aria-label="Import splits">
            <option value="source">from the source</option>
            {SPLITS.map((s) => (
              <option key={s} value={s}>
                all into {s}
              </option>
            ))}
            <option value="ratios">by ratio (train, val, test)</option>
          </select>
        </label>
        {mode === "ratios" && (
          <label>
            Ratios
            <input value={ratios} onChange={(e) => setRatios(e.target.value)} aria-label="Split ratios" />
          </label>
        )}
        <button type="submit" disabled={!path.trim() || job?.state === "running"}>
          Import
        </button>
      </form>
      {error && <p className="error">{error}</p>}
      {job?.state === "failed" && <p className="error">{job.error?.message}</p>}
      {job?.state === "cancelled" && <p className="muted">Import cancelled; nothing half-stored.</p>}
      {report && (
        <div className="import-report" aria-label="Import report">
          <p>
            {report.format} · {report.counts.imported} imported, {report.counts.unchanged} unchanged, {report.counts.relinked} re-linked,{" "}
            {report.counts.duplicates} duplicates, {report.counts.failed} failed · {report.counts.labels} labels ·{" "}
            {report.imagesPerSec.toFixed(0)} images/s
          </p>
          {report.issues.length > 0 && (
            <ul className="issues">
              {report.issues.slice(0, 50).map((i, k) => (
                <li key={k} className={i.severity}>
                  {i.file}
                  {i.line ? `:${i.line}` : ""}: {i.message}
                </li>
              ))}
              {report.issues.length + report.issuesLeftOut > 50 && <li className="muted">… {report.issues.length + report.issuesLeftOut - 50} more</li>}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
