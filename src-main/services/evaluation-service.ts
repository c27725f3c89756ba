import type { EvaluationDetail, EvaluationSummary, Split } from "../../src-preload/api";
import { LoupeError } from "../errors";
import { createErrorBatch } from "../evaluation/error-batch";
import { errorFacets, filterErrorItems, readErrorItems } from "../evaluation/error-items";
import { evaluateModel } from "../evaluation/evaluate-model";
import type { PredictionSource } from "../inference/predictions";
import { getEvaluation, listEvaluations, type EvaluationRecord } from "../store/repos/evaluations-repo";
import type { AreaService, ServiceContext } from "./context";

/**
 * evaluation.*: a thin adapter over the domain function `evaluateModel` (metrics, curves, confusion, error analysis,
 * stored as an evaluations row), plus the optional review batch of the images with errors; the stored rows read
 * back (list, one with its curves) and the error items of one, for the crop grid.
 */
export function createEvaluationService(ctx: ServiceContext, source: PredictionSource): AreaService<"evaluation"> {
  return {
    run: async (req) => {
      const session = ctx.sessions.require();
      const outcome = await evaluateModel({ db: session.db, projectDir: session.dir, source, clock: ctx.clock }, req);
      const batch = req.batchName
        ? createErrorBatch(
            session.db,
            { modelId: req.modelId, name: req.batchName, createdBy: ctx.appState.settings().annotatorName || "anonymous", now: ctx.clock.now() },
            outcome.errors,
            outcome.images,
          )
        : null;
      return { ...outcome.report, batch };
    },
    list: (req) => {
      const session = ctx.sessions.require();
      return listEvaluations(session.db, req).map(toSummary);
    },
    get: (req) => {
      const session = ctx.sessions.require();
      const ev = getEvaluation(session.db, req.evaluationId);
      if (!ev) throw new LoupeError("E_NOT_FOUND", `no evaluation ${req.evaluationId}`);
      return toDetail(ev);
    },
    errors: (req) => {
      const session = ctx.sessions.require();
      const all = readErrorItems(session.db, session.dir, req.evaluationId);
      const matched = filterErrorItems(all, req.filter);
      const offset = req.offset ?? 0;
      const limit = req.limit ?? 200;
      return { items: matched.slice(offset, offset + limit), total: matched.length, offset, limit, categories: errorFacets(all) };
    },
  };
}

type Prf = NonNullable<EvaluationSummary["prf"]>;

function toSummary(e: EvaluationRecord): EvaluationSummary {
  const m = e.metrics;
  const prf = (m.prf ?? null) as Prf | null;
  return {
    id: e.id,
    modelId: e.modelId,
    split: e.split as Split,
    iteration: e.iteration,
    createdAt: e.createdAt,
    confidence: e.confidence,
    imageCount: e.imageCount,
    labelCount: e.labelCount,
    coco: m.coco,
    vocMap50: m.vocMap50,
    prf: prf && typeof prf === "object" && "atOptimal" in prf ? prf : null,
    perClass: e.perClass as EvaluationSummary["perClass"],
    errors: (e.errorSummary ?? { fn: { total: 0, byCategory: {} }, fp: { total: 0, byCategory: {} } }) as EvaluationSummary["errors"],
    hasErrorReport: e.reportDir !== null,
  };
}

function toDetail(e: EvaluationRecord): EvaluationDetail {
  const curves = (e.prCurves ?? {}) as Partial<EvaluationDetail["prCurves"]>;
  const confusion = (e.confusion ?? {}) as Partial<EvaluationDetail["confusion"]>;
  return {
    ...toSummary(e),
    prCurves: { recall: curves.recall ?? [], iou50: curves.iou50 ?? [], iou50to95: curves.iou50to95 ?? [] },
    confusion: { classIds: confusion.classIds ?? [], counts: confusion.counts ?? [] },
  };
}
