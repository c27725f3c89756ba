import { readFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { ModelInfo, ModelLayout } from "../../src-preload/api";
import { buildClassMapping } from "../core/decode/class-mapping";
import { writeFileAtomic } from "../files/atomic";
import { sha256Hex } from "../files/hash";
import type { ProjectSession } from "../runtime/project-session";
import type { LoadedModel } from "../inference/protocol";
import { listClasses } from "../store/repos/classes-repo";
import { findModelBySha, getModel, insertModel, listModels, updateModelClassMap, type ModelRecord } from "../store/repos/models-repo";
import type { AreaService, ServiceContext } from "./context";
import { LoupeError } from "../errors";

/**
 * models.*: ONNX files copied into the project's models/ folder, with what loading them revealed (layout, input,
 * class names, metadata) and their sha256. Class names are mapped onto the project's classes by name; whatever
 * does not match is reported, never guessed, and can be mapped explicitly with `setClassMap`.
 */
export function createModelsService(ctx: ServiceContext): AreaService<"models"> {
  return {
    add: (req) => registerModel(ctx, ctx.sessions.require(), req),
    list: () => {
      const session = ctx.sessions.require();
      return listModels(session.db).map((m) => toModelInfo(session, m));
    },
    get: (req) => {
      const session = ctx.sessions.require();
      return toModelInfo(session, requireModel(session, req.modelId));
    },
    setClassMap: (req) => {
      const session = ctx.sessions.require();
      const model = requireModel(session, req.modelId);
      const map: Record<number, number | null> = Object.fromEntries(Object.entries(req.map).map(([k, v]) => [Number(k), v]));
      const check = buildClassMapping(model.classNames, listClasses(session.db), map);
      if (check.problems.length > 0) throw new LoupeError("E_VALIDATION", `models.setClassMap: ${check.problems.join("; ")}`);
      updateModelClassMap(session.db, model.id, map);
      return toModelInfo(session, { ...model, classMap: map });
    },
  };
}

export interface RegisterModelRequest {
  path: string;
  name?: string | undefined;
  layout?: ModelLayout | undefined;
  parentModelId?: string | undefined;
  /** The id to use (a trainer's model id); a new UUID otherwise. */
  id?: string | undefined;
  metrics?: Record<string, unknown> | null | undefined;
}

/**
 * Records an ONNX file as a model of the project (what `models.add` does; the training side calls it for the models
 * it produces). A file already at `models/<id>.onnx` is recorded where it is; any other file is copied there.
 * The same bytes (and layout) registered twice give the existing model.
 */
export async function registerModel(ctx: ServiceContext, session: ProjectSession, req: RegisterModelRequest): Promise<ModelInfo> {
  let bytes: Buffer;
  try {
    bytes = await readFile(req.path);
  } catch (err) {
    throw new LoupeError("E_NOT_FOUND", `${req.path}: cannot read the model file: ${(err as Error).message}`, { file: req.path, cause: err });
  }
  const sha256 = sha256Hex(bytes);
  const existing = findModelBySha(session.db, sha256, req.layout);
  if (existing) return toModelInfo(session, existing);
  if (req.parentModelId !== undefined && !getModel(session.db, req.parentModelId)) {
    throw new LoupeError("E_NOT_FOUND", `no model ${req.parentModelId} (the parent)`);
  }
  const loaded = await ctx.inference.inspect(req.path, req.layout);
  const id = req.id ?? ctx.newId();
  if (getModel(session.db, id)) throw new LoupeError("E_CONFLICT", `a model with id ${id} already exists`);
  const fileName = `${id}.onnx`;
  const dest = join(session.folder("models"), fileName);
  if (resolve(req.path) !== resolve(dest)) {
    try {
      writeFileAtomic(dest, bytes);
    } catch (err) {
      throw new LoupeError("E_IO", `${dest}: cannot copy the model into the project: ${(err as Error).message}`, { file: dest, cause: err });
    }
  }
  const record: ModelRecord = {
    id,
    name: req.name ?? basename(req.path, extname(req.path)),
    fileName,
    sha256,
    sizeBytes: bytes.length,
    layout: loaded.spec.layout satisfies ModelLayout,
    inputWidth: loaded.spec.inputWidthPx,
    inputHeight: loaded.spec.inputHeightPx,
    classNames: loaded.spec.classNames,
    classMap: {},
    metadata: storedMetadata(loaded, req.path),
    parentModelId: req.parentModelId ?? null,
    createdAt: ctx.clock.now(),
    metrics: req.metrics ?? null,
  };
  insertModel(session.db, record);
  return toModelInfo(session, record);
}

export function requireModel(session: ProjectSession, modelId: string): ModelRecord {
  const m = getModel(session.db, modelId);
  if (!m) throw new LoupeError("E_NOT_FOUND", `no model ${modelId}`);
  return m;
}

/** Absolute path of a model's ONNX file inside the project. */
export function modelPath(session: ProjectSession, model: ModelRecord): string {
  return join(session.dir, "models", model.fileName);
}

function storedMetadata(loaded: LoadedModel, sourcePath: string): Record<string, unknown> {
  const { classNames: _names, ...spec } = loaded.spec;
  return {
    onnx: loaded.metadata,
    spec,
    irVersion: loaded.irVersion,
    producerName: loaded.producerName,
    opsets: loaded.opsets,
    metadataProblems: loaded.metadataProblems,
    versions: loaded.versions,
    sourceFile: basename(sourcePath),
  };
}

function asStrings(v: unknown): Record<string, string> {
  if (typeof v !== "object" || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}

export function toModelInfo(session: ProjectSession, m: ModelRecord): ModelInfo {
  const classes = listClasses(session.db);
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
  };
}
