import { useCallback, useEffect, useState, type FormEvent } from "react";
import { DATASET_EXPORT_FORMATS, SPLITS, type DatasetExportFormat, type DatasetExportInfo, type Split } from "../../../src-preload/api";
import { errorMessage, exportDataset, listExports } from "../../store/requests";
import { useLoupe } from "../../store/index";
import { PathInput } from "../../components/PathInput";
import { exportTarget } from "./export-target";
import "./export.css";

/** Labeled batches out, atomically, with a manifest: YOLO, COCO, Pascal VOC or CSV, filtered. */
export function ExportView() {
  const [format, setFormat] = useState<DatasetExportFormat>("yolo");
  const [outDir, setOutDir] = useState("");
  const [split, setSplit] = useState<Split | "">("");
  const [approvedOnly, setApprovedOnly] = useState(false);
  const [reviewedOnly, setReviewedOnly] = useState(false);
  const [sinceLast, setSinceLast] = useState(false);
  const [link, setLink] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [past, setPast] = useState<DatasetExportInfo[]>([]);
  const job = useLoupe((s) => (jobId ? s.jobs[jobId] : undefined));
  const projectPath = useLoupe((s) => s.project?.path ?? null);
  const target = exportTarget(outDir, projectPath);
  const relative = target !== null && target !== outDir.trim();

  const loadPast = useCallback(() => {
    listExports({ limit: 20 })
      .then(setPast)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, []);
  useEffect(loadPast, [loadPast]);
  const finished = job?.state === "succeeded";
  useEffect(() => {
    if (finished) loadPast();
  }, [finished, loadPast]);

  const start = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const filter = { ...(split ? { split } : {}), ...(approvedOnly ? { approvedOnly } : {}), ...(reviewedOnly ? { reviewedOnly } : {}), ...(sinceLast ? { sinceLastExport: true } : {}) };
    exportDataset({ format, outDir: outDir.trim(), link, filter })
      .then((r) => setJobId(r.jobId))
      .catch((err: unknown) => setError(errorMessage(err)));
  };

  return (
    <div className="export-view">
      <form className="card form" onSubmit={start} aria-label="Export">
        <div className="inline-form">
          <label>
            Format
            <select value={format} onChange={(e) => setFormat(e.target.value as DatasetExportFormat)} aria-label="Export format">
              {DATASET_EXPORT_FORMATS.map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </label>
          <label>
            Into (a new folder)
            <PathInput kind="folder" title="Export into" value={outDir} onChange={setOutDir} placeholder="batch-1, or /path/to/batch-1" name="outDir" />
          </label>
          <label>
            Split
            <select value={split} onChange={(e) => setSplit(e.target.value as Split | "")} aria-label="Export split">
              <option value="">all</option>
              {SPLITS.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        </div>
        {target && (
          <p className="hint export-target" aria-label="Export folder">
            {relative ? "A name without a full path goes inside the project: " : "Written to "}
            <code>{target}</code>
          </p>
        )}
        <div className="checks">
          <label>
            <input type="checkbox" checked={approvedOnly} onChange={(e) => setApprovedOnly(e.target.checked)} /> approved only
          </label>
          <label>
            <input type="checkbox" checked={reviewedOnly} onChange={(e) => setReviewedOnly(e.target.checked)} /> reviewed only
          </label>
          <label>
            <input type="checkbox" checked={sinceLast} onChange={(e) => setSinceLast(e.target.checked)} /> labeled since the last export
          </label>
          {format === "yolo" && (
            <label>
              <input type="checkbox" checked={link} onChange={(e) => setLink(e.target.checked)} /> link images instead of copying
            </label>
          )}
        </div>
        <div className="actions">
          <button type="submit" disabled={!outDir.trim() || job?.state === "running"}>
            Export
          </button>
          {job?.state === "running" && <span className="muted">exporting… {job.done}/{job.total}</span>}
          {job?.state === "succeeded" && <span className="muted">written with manifest.json</span>}
          {job?.state === "failed" && <span className="error">{job.error?.message}</span>}
          {job?.state === "cancelled" && <span className="muted">cancelled: no folder was left behind</span>}
          {error && <span className="error">{error}</span>}
        </div>
      </form>
      <table className="table" aria-label="Past exports">
        <thead>
          <tr>
            <th>when</th>
            <th>format</th>
            <th>folder</th>
            <th>images</th>
            <th>labels</th>
          </tr>
        </thead>
        <tbody>
          {past.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No exports yet.
              </td>
            </tr>
          )}
          {past.map((x) => (
            <tr key={x.id}>
              <td>{new Date(x.createdAt).toLocaleString()}</td>
              <td>{x.format}</td>
              <td title={x.outDir}>{x.outDir}</td>
              <td>{x.imageCount}</td>
              <td>{x.labelCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
