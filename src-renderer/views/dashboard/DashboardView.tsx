import { useEffect, useMemo, useState } from "react";
import { countsTrend, learningCurve, metricTrends, simulationChartData, type SimulationResults } from "../../charts/data";
import { CountsChart } from "../../charts/CountsChart";
import { LearningCurveChart } from "../../charts/LearningCurveChart";
import { SimulationChart } from "../../charts/SimulationChart";
import { TrainingCurveChart } from "../../charts/TrainingCurveChart";
import { TrendsChart } from "../../charts/TrendsChart";
import { useLoupe } from "../../store/index";
import { listSimulations, simulationResults } from "../../store/requests";
import { IterationsTable } from "./IterationsTable";
import { LoopConfigForm } from "./LoopConfigForm";
import { LoopPanel } from "./LoopPanel";
import { LoopSummary } from "./LoopSummary";
import { ProjectCounts } from "./ProjectCounts";
import "./dashboard.css";

/** The loop: where it is and what it waits for, the best model and the last decision, the curves, the config. */
export function DashboardView() {
  const iterations = useLoupe((s) => s.iterations);
  const evaluations = useLoupe((s) => s.evaluations);
  const loopLoaded = useLoupe((s) => s.loop !== null);
  const targetF1 = useLoupe((s) => s.loopConfig?.config.convergence.targetF1 ?? null);
  const training = useLoupe((s) => s.trainingEpochs);
  const inTraining = useLoupe((s) => s.loop?.status === "running" && (s.loop.step === "train" || s.loop.step === "baseline"));

  useEffect(() => {
    const s = useLoupe.getState();
    void s.loadLoop();
    void s.loadModels();
    void s.loadEvaluations();
  }, []);

  const simulation = useLatestSimulation();
  const points = useMemo(() => learningCurve(iterations), [iterations]);
  const trends = useMemo(() => metricTrends(iterations), [iterations]);
  const counts = useMemo(() => countsTrend(iterations, evaluations), [iterations, evaluations]);

  return (
    <div className="dashboard">
      <div className="dashboard-top">
        <LoopPanel />
        <LoopSummary />
      </div>
      {(inTraining || training.length > 0) && <TrainingCurveChart points={training} running={inTraining} title={inTraining ? "Training now" : "Last training run"} />}
      <div className="chart-grid">
        <div className="wide">
          <LearningCurveChart points={points} targetF1={targetF1} loading={!loopLoaded} />
        </div>
        <TrendsChart rows={trends} />
        <CountsChart rows={counts.rows} keys={counts.keys} />
      </div>
      <IterationsTable iterations={iterations} />
      <SimulationChart results={simulation} />
      <details className="card config-card">
        <summary>
          <h2>Loop configuration</h2>
        </summary>
        <LoopConfigForm />
      </details>
      <ProjectCounts />
    </div>
  );
}

/** The newest simulation of the project with at least one finished run, shaped for the strategies chart. */
function useLatestSimulation(): SimulationResults | null {
  const [results, setResults] = useState<SimulationResults | null>(null);
  useEffect(() => {
    let live = true;
    listSimulations({})
      .then(async (list) => {
        const done = list.find((s) => s.runsDone > 0);
        if (!done) return null;
        return simulationChartData(await simulationResults({ id: done.id }));
      })
      .then((r) => live && setResults(r && r.strategies.length > 0 ? r : null))
      .catch(() => live && setResults(null));
    return () => {
      live = false;
    };
  }, []);
  return results;
}
