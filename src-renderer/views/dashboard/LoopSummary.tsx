import type { IterationMetrics, LoopDecisionInfo, ModelInfo } from "../../../src-preload/api";
import { formatMetric } from "../../charts/data";
import { useLoupe } from "../../store/index";

/** The best model with its metrics, and the last decision with its reasons and the convergence rules that fired. */
export function LoopSummary() {
  const loop = useLoupe((s) => s.loop);
  const models = useLoupe((s) => s.modelList);
  const best = models.find((m) => m.id === loop?.bestModelId) ?? null;
  return (
    <>
      <BestModel model={best} id={loop?.bestModelId ?? null} metrics={loop?.bestMetrics ?? null} />
      <LastDecision decision={loop?.lastDecision ?? null} models={models} />
    </>
  );
}

function BestModel({ model, id, metrics }: { model: ModelInfo | null; id: string | null; metrics: IterationMetrics | null }) {
  const showView = useLoupe((s) => s.showView);
  return (
    <section className="card best-model" aria-label="Best model">
      <h2>Best model</h2>
      {id === null ? (
        <p className="muted">None yet: the baseline (iteration 0) trains one, or promote a model by hand in Models.</p>
      ) : (
        <>
          <p className="best-name">
            <button type="button" className="link" onClick={() => showView("models", { model: id })}>
              {model?.name ?? id.slice(0, 8)}
            </button>
            {model?.training?.iteration !== undefined && model?.training?.iteration !== null && <span className="muted small"> · iteration {model.training.iteration}</span>}
          </p>
          {metrics ? (
            <dl className="metric-grid" data-testid="best-metrics">
              {(
                [
                  ["mAP50-95", metrics.mAP50_95],
                  ["mAP50", metrics.mAP50],
                  ["F1", metrics.f1],
                  ["precision", metrics.precision],
                  ["recall", metrics.recall],
                ] as const
              ).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{formatMetric(v)}</dd>
                </div>
              ))}
              <div>
                <dt>labels spent</dt>
                <dd>{metrics.labelsSpent}</dd>
              </div>
            </dl>
          ) : (
            <p className="muted">Not evaluated in the loop yet.</p>
          )}
        </>
      )}
    </section>
  );
}

function LastDecision({ decision, models }: { decision: LoopDecisionInfo | null; models: ModelInfo[] }) {
  const name = (id: string | null) => (id === null ? "—" : (models.find((m) => m.id === id)?.name ?? id.slice(0, 8)));
  // The engine's reasons name models by id; people know them by name.
  const named = (text: string) => models.reduce((t, m) => t.replaceAll(m.id, m.name), text);
  return (
    <section className="card last-decision" aria-label="Last decision">
      <h2>Last decision</h2>
      {!decision ? (
        <p className="muted">No iteration has been decided yet.</p>
      ) : (
        <>
          <p data-testid="decision-verdict">
            <span className={decision.promoted ? "verdict promoted" : "verdict kept"}>{decision.promoted ? "Promoted" : "Kept the best"}</span> · iteration {decision.iteration}
            {decision.dryRun ? " · dry run" : ""}
          </p>
          <p className="muted small">
            {decision.metric}: candidate {name(decision.candidateModelId)} {formatMetric(decision.candidateValue)} vs best {formatMetric(decision.bestValue)} (margin {decision.minMargin})
          </p>
          <ul className="reasons">
            {decision.reasons.map((r) => (
              <li key={r}>{named(r)}</li>
            ))}
          </ul>
          {decision.firedRules.length > 0 && (
            <ul className="fired-rules" aria-label="Convergence rules that fired">
              {decision.firedRules.map((r) => (
                <li key={r.rule}>
                  <span className="badge warn">{r.rule.replaceAll("_", " ")}</span> {r.message}
                </li>
              ))}
            </ul>
          )}
          {decision.stop && <p className="muted small">The loop stops here.</p>}
        </>
      )}
    </section>
  );
}
