import type { BoxPx, ImageInfo, ImageStatus, LabelEdit, LabelInfo } from "../../src-preload/api";
import { LoupeError } from "../errors";
import type { Db } from "./db";
import { getClass } from "./repos/classes-repo";
import { insertEvent, listEventsOfBatch, isBatchReverted } from "./repos/events-repo";
import { getImage, setImageStatus } from "./repos/images-repo";
import { countLabelsForImage, deleteLabel, getLabel, insertLabel, replaceLabel } from "./repos/labels-repo";

/** What one batch of label changes needs from its caller: who, when, ids. */
export interface ChangeContext {
  batchId: string;
  actor: string;
  now: number;
  newId(): string;
}

export interface ChangeResult {
  batchId: string;
  labels: LabelInfo[];
  deletedIds: string[];
  images: ImageInfo[];
}

/**
 * Slack for boxes touching the image border, in pixels: imported normalised coordinates written to 6 decimals can
 * sit up to half a millionth of the image size past the edge, and are kept exactly as written.
 */
const borderEpsPx = (image: ImageInfo): number => Math.max(1e-6, 1e-6 * Math.max(image.width, image.height));

/**
 * Applies a batch of label edits and writes one audit event per change (and per image status change it causes).
 * Must run inside a transaction: any error aborts the whole batch. Image status follows the labels: a box makes an
 * image "labeled"; removing its last box makes it "unlabeled"; "empty" is only set explicitly.
 */
export function applyLabelEdits(db: Db, edits: readonly LabelEdit[], ctx: ChangeContext): ChangeResult {
  const touchedLabels = new Set<string>();
  const deleted = new Set<string>();
  const touchedImages = new Set<number>();
  const log = (e: { entity: "label" | "image"; entityId: string; imageId: number; action: "create" | "update" | "delete" | "status"; before: unknown; after: unknown }): void =>
    insertEvent(db, { ...e, batchId: ctx.batchId, at: ctx.now, actor: ctx.actor, revertsBatchId: null });

  const setStatus = (image: ImageInfo, status: ImageStatus): void => {
    if (image.status === status) return;
    setImageStatus(db, image.id, status, ctx.now);
    log({ entity: "image", entityId: String(image.id), imageId: image.id, action: "status", before: image.status, after: status });
  };
  const followLabels = (imageId: number): void => {
    const image = mustImage(db, imageId);
    const n = countLabelsForImage(db, imageId);
    if (n > 0) setStatus(image, "labeled");
    else if (image.status === "labeled") setStatus(image, "unlabeled");
  };

  edits.forEach((edit, index) => {
    const where = `edit ${index + 1} (${edit.kind})`;
    switch (edit.kind) {
      case "create": {
        const image = mustImage(db, edit.imageId, where);
        mustClass(db, edit.classId, where);
        checkBox(edit.box, image, where);
        const id = edit.id ?? ctx.newId();
        if (getLabel(db, id)) throw new LoupeError("E_CONFLICT", `${where}: a label with id ${id} already exists`);
        const label: LabelInfo = {
          id,
          imageId: image.id,
          classId: edit.classId,
          box: { ...edit.box },
          source: edit.source ?? "manual",
          author: ctx.actor,
          reviewState: "pending",
          flags: { ...edit.flags },
          score: edit.score ?? null,
          createdAt: ctx.now,
          updatedAt: ctx.now,
          version: 1,
        };
        insertLabel(db, label);
        log({ entity: "label", entityId: id, imageId: image.id, action: "create", before: null, after: label });
        touchedLabels.add(id);
        touchedImages.add(image.id);
        followLabels(image.id);
        break;
      }
      case "update": {
        const before = mustLabel(db, edit.id, where, edit.expectVersion);
        const image = mustImage(db, before.imageId, where);
        if (edit.classId !== undefined) mustClass(db, edit.classId, where);
        if (edit.box) checkBox(edit.box, image, where);
        const after: LabelInfo = {
          ...before,
          classId: edit.classId ?? before.classId,
          box: edit.box ? { ...edit.box } : before.box,
          reviewState: edit.reviewState ?? before.reviewState,
          flags: edit.flags ? { ...edit.flags } : before.flags,
          author: ctx.actor,
          updatedAt: ctx.now,
          version: before.version + 1,
        };
        replaceLabel(db, after);
        log({ entity: "label", entityId: after.id, imageId: image.id, action: "update", before, after });
        touchedLabels.add(after.id);
        touchedImages.add(image.id);
        break;
      }
      case "delete": {
        const before = mustLabel(db, edit.id, where, edit.expectVersion);
        deleteLabel(db, before.id);
        log({ entity: "label", entityId: before.id, imageId: before.imageId, action: "delete", before, after: null });
        touchedLabels.delete(before.id);
        deleted.add(before.id);
        touchedImages.add(before.imageId);
        followLabels(before.imageId);
        break;
      }
      case "setImageEmpty": {
        const image = mustImage(db, edit.imageId, where);
        if (edit.empty) {
          const n = countLabelsForImage(db, image.id);
          if (n > 0) {
            throw new LoupeError("E_CONFLICT", `${where}: image ${image.fileName} has ${n} label(s); delete them before marking it empty`);
          }
          setStatus(image, "empty");
        } else if (image.status === "empty") {
          setStatus(image, "unlabeled");
        }
        touchedImages.add(image.id);
        break;
      }
      default:
        assertNever(edit);
    }
  });
  return collect(db, ctx.batchId, touchedLabels, deleted, touchedImages);
}

/**
 * Reverts a batch through the event log: every logged change is inverted, newest first, as a new batch whose
 * events point at the reverted one. Refuses (E_CONFLICT, nothing changed) when a later change touched the same
 * label or image, or when the batch was already reverted.
 */
export function revertBatch(db: Db, batchId: string, ctx: ChangeContext): ChangeResult {
  const events = listEventsOfBatch(db, batchId);
  if (events.length === 0) throw new LoupeError("E_NOT_FOUND", `no edit batch ${batchId}`);
  if (isBatchReverted(db, batchId)) throw new LoupeError("E_CONFLICT", `batch ${batchId} was already undone`);
  const touchedLabels = new Set<string>();
  const deleted = new Set<string>();
  const touchedImages = new Set<number>();
  const conflict = (what: string): never => {
    throw new LoupeError("E_CONFLICT", `cannot undo: ${what} changed since; nothing was undone`, { details: { batchId } });
  };
  for (const e of [...events].reverse()) {
    const base = { batchId: ctx.batchId, at: ctx.now, actor: ctx.actor, entity: e.entity, entityId: e.entityId, revertsBatchId: batchId };
    if (e.entity === "image") {
      const imageId = Number(e.entityId);
      const image = getImage(db, imageId) ?? conflict(`image ${imageId}`);
      if (image.status !== e.after) conflict(`the status of ${image.fileName}`);
      setImageStatus(db, imageId, e.before as ImageStatus, ctx.now);
      insertEvent(db, { ...base, imageId, action: "status", before: e.after, after: e.before });
      touchedImages.add(imageId);
      continue;
    }
    const before = e.before as LabelInfo | null;
    const after = e.after as LabelInfo | null;
    const current = getLabel(db, e.entityId);
    if (after) {
      if (!current || !sameContent(current, after)) conflict(`label ${e.entityId}`);
    } else if (current) {
      conflict(`label ${e.entityId}`);
    }
    if (!before) {
      deleteLabel(db, e.entityId);
      insertEvent(db, { ...base, imageId: after?.imageId ?? null, action: "delete", before: current, after: null });
      deleted.add(e.entityId);
      touchedLabels.delete(e.entityId);
      touchedImages.add(after?.imageId ?? -1);
    } else {
      const restored: LabelInfo = { ...before, updatedAt: ctx.now, version: (current?.version ?? before.version) + 1 };
      if (current) replaceLabel(db, restored);
      else insertLabel(db, restored);
      insertEvent(db, { ...base, imageId: before.imageId, action: current ? "update" : "create", before: current ?? null, after: restored });
      deleted.delete(e.entityId);
      touchedLabels.add(e.entityId);
      touchedImages.add(before.imageId);
    }
  }
  touchedImages.delete(-1);
  return collect(db, ctx.batchId, touchedLabels, deleted, touchedImages);
}

function collect(db: Db, batchId: string, labels: Set<string>, deleted: Set<string>, images: Set<number>): ChangeResult {
  return {
    batchId,
    labels: [...labels].map((id) => getLabel(db, id)).filter((l): l is LabelInfo => l !== undefined),
    deletedIds: [...deleted],
    images: [...images].map((id) => getImage(db, id)).filter((i): i is ImageInfo => i !== undefined),
  };
}

/** Same boxes, class, review state, flags and origin: versions and times may differ (an undo bumps them). */
function sameContent(a: LabelInfo, b: LabelInfo): boolean {
  const flag = (l: LabelInfo) => `${Boolean(l.flags.iscrowd)}${Boolean(l.flags.difficult)}${Boolean(l.flags.truncated)}`;
  return (
    a.imageId === b.imageId && a.classId === b.classId && a.box.x === b.box.x && a.box.y === b.box.y && a.box.w === b.box.w &&
    a.box.h === b.box.h && a.reviewState === b.reviewState && a.source === b.source && a.score === b.score && flag(a) === flag(b)
  );
}

function mustImage(db: Db, id: number, where = "edit"): ImageInfo {
  const image = getImage(db, id);
  if (!image) throw new LoupeError("E_NOT_FOUND", `${where}: no image with id ${id}`);
  return image;
}

function mustClass(db: Db, id: number, where: string): void {
  if (!getClass(db, id)) throw new LoupeError("E_NOT_FOUND", `${where}: no class with id ${id}`);
}

function mustLabel(db: Db, id: string, where: string, expectVersion: number | undefined): LabelInfo {
  const label = getLabel(db, id);
  if (!label) throw new LoupeError("E_NOT_FOUND", `${where}: no label with id ${id}`);
  if (expectVersion !== undefined && label.version !== expectVersion) {
    throw new LoupeError("E_CONFLICT", `${where}: label ${id} is at version ${label.version}, not ${expectVersion} (changed elsewhere)`, {
      details: { id, version: label.version, expectVersion },
    });
  }
  return label;
}

function checkBox(box: BoxPx, image: ImageInfo, where: string): void {
  const eps = borderEpsPx(image);
  const inside = box.x >= -eps && box.y >= -eps && box.x + box.w <= image.width + eps && box.y + box.h <= image.height + eps;
  if (!inside) {
    throw new LoupeError(
      "E_VALIDATION",
      `${where}: box (${box.x}, ${box.y}, ${box.w}×${box.h}) lies outside ${image.fileName} (${image.width}×${image.height})`,
    );
  }
}

function assertNever(x: never): never {
  throw new LoupeError("E_INTERNAL", `unexpected edit ${JSON.stringify(x)}`);
}
