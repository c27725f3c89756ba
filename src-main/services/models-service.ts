import type { ClassInfo, ModelInfo } from "../../src-preload/api";
import { buildClassMapping } from "../core/decode/class-mapping";
import { registerModel, type RegistryDeps } from "../inference/model-registry";
import type { ProjectSession } from "../runtime/project-session";
import { listClasses } from "../store/repos/classes-repo";
import { listModels, requireModel, updateModelClassMap, type ModelRecord } from "../store/repos/models-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError } from "../errors";
import { getBestModelId, getLoopActivity, setBestModelId } from "../store/repos/loop-best-repo";

/**
 * models.*: ONNX files copied into the project's models/ folder, with what loading them revealed (layout, input,
 * class names, metadata) and their sha256. Class names are mapped onto the project's classes by name; whatever
 * does not match is reported, never guessed, and can be mapped explicitly with `setClassMap`.
 */
export function createModelsService(ctx: ServiceContext): AreaService<"models"> {
  return {
    add: async (req) => {
      const session = ctx.sessions.require();
      const record = await registerModel(registryDeps(ctx), req);
      return toModelInfo(session, record);
    },
    list: () => {
      const session = ctx.sessions.require();
      const facts = projectFacts(session);
      return listModels(session.db).map((m) => toModelInfo(session, m, facts));
    },
    get: (req) => {
      const session = ctx.sessions.require();
      return toModelInfo(session, requireModel(session.db, req.modelId));
    },
    setClassMap: (req) => {
      const session = ctx.sessions.require();
      const model = requireModel(session.db, req.modelId);
      const map: Record<number, number | null> = Object.fromEntries(Object.entries(req.map).map(([k, v]) => [Number(k), v]));
      const check = buildClassMapping(model.classNames, listClasses(session.db), map);
      if (check.problems.length > 0) throw new LoupeError("E_VALIDATION", `models.setClassMap: ${check.problems.join("; ")}`);
      updateModelClassMap(session.db, model.id, map);
      return toModelInfo(session, { ...model, classMap: map });
    },
    promote: (req) => {
      const session = ctx.sessions.require();
      const model = requireModel(session.db, req.modelId);
      const activity = getLoopActivity(session.db);
      if (activity && (activity.status === "running" || activity.status === "stopping")) {
        throw new LoupeError("E_CONFLICT", `the loop is ${activity.status}: pause or stop it before promoting ${model.name} by hand`);
      }
      setBestModelId(session.db, model.id, ctx.clock.now());
      return toModelInfo(session, model);
    },
  };
}

/** The registry's inputs on the open project (the inference worker inspects every ONNX). */
export function registryDeps(ctx: ServiceContext): RegistryDeps {
  const session = ctx.sessions.require();
  return { db: session.db, projectDir: session.dir, inspect: (path, layout) => ctx.inference.inspect(path, layout), clock: ctx.clock, newId: ctx.newId };
}

function asStrings(v: unknown): Record<string, string> {
  if (typeof v !== "object" || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** What every model's view reads of the project: its classes and its best model (read once for a list). */
function projectFacts(session: ProjectSession): { classes: ClassInfo[]; bestModelId: string | null } {
  return { classes: listClasses(session.db), bestModelId: getBestModelId(session.db) };
}

export function toModelInfo(session: ProjectSession, m: ModelRecord, facts = projectFacts(session)): ModelInfo {
  const { classes } = facts;
  const mapping = buildClassMapping(m.classNames, classes, m.classMap);
  const byId = new Map(classes.map((c) => [c.id, c.name]));
  const how = new Map(mapping.matched.map((x) => [x.modelIndex, x.how]));
  const spec = (m.metadata.spec ?? {}) as { layoutReason?: unknown; inputType?: unknown };
  return {
    id: m.id,
    name: m.name,
    fileName: m.fileName,
    sha256: m.sha256,
    sizeBytes: m.sizeBytes,
    layout: m.layout,
    layoutReason: typeof spec.layoutReason === "string" ? spec.layoutReason : "",
    inputWidth: m.inputWidth,
    inputHeight: m.inputHeight,
    inputType: spec.inputType === "float16" ? "float16" : "float32",
    classNames: m.classNames,
    classMapping: m.classNames.map((modelName, modelIndex) => {
      const classId = mapping.toProject[modelIndex] ?? null;
      return { modelIndex, modelName, classId, className: classId === null ? null : (byId.get(classId) ?? null), how: how.get(modelIndex) ?? null };
    }),
    classesMatchProject: mapping.identical,
    unmatchedModelClasses: mapping.unmatchedModel.map((x) => x.modelName),
    unmatchedProjectClasses: mapping.unmatchedProject.map((c) => c.name),
    metadata: asStrings(m.metadata.onnx),
    parentModelId: m.parentModelId,
    createdAt: m.createdAt,
    metrics: m.metrics,
    training: m.training
      ? {
          adapter: m.training.adapter,
          iteration: m.training.iteration ?? null,
          datasetManifest: m.training.datasetManifest,
          trainImages: m.training.trainImages,
          valImages: m.training.valImages,
          labelCount: m.training.labelCount,
          imgsz: m.training.imgsz,
          epochs: m.training.epochs,
          seconds: m.training.seconds,
        }
      : null,
    isBest: facts.bestModelId === m.id,
  };
}
