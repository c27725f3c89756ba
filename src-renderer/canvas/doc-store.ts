/**
 * The review canvas store: one vanilla zustand store per open image (document, selection, tool state, viewport,
 * view toggles), plus one session history shared by every image of a review session so undo/redo reaches back
 * across images. Its logic is the pure model (apply, history) and the pure tools; this file only wires them.
 *
 * Persistence: every committed command, and every undo/redo, is applied optimistically and its LabelEdits are sent
 * through the injected `persist` (the view passes a function that calls `labels.applyEdits` via api/client.ts).
 * Saves run one at a time in order. When a save fails, the local change is reverted, this image's history is
 * dropped (it no longer matches what is stored) and the message is reported through `onError`.
 */
import { createStore } from "zustand/vanilla";
import type { StoreApi } from "zustand/vanilla";
import type { BoxPx, LabelEdit } from "../../src-preload/api";
import { apply, CommandError } from "./model/apply";
import type { PredictionUpdate } from "./model/apply";
import type { Command } from "./model/commands";
import { describeCommand } from "./model/commands";
import type { BoxId, ReviewDoc } from "./model/doc";
import { asBoxId, getBox } from "./model/doc";
import type { History } from "./model/history";
import * as H from "./model/history";
import type { Size } from "./model/rect";
import type { StagePoint, Viewport } from "./model/viewport";
import { fitImage, frameRegion, zoomBy } from "./model/viewport";
import { drawBoxTool } from "./tools/draw-box-tool";
import { panTool } from "./tools/pan-tool";
import { selectTool } from "./tools/select-tool";
import type { ToolContext, ToolEvent, ToolPointer, ToolState, Transition } from "./tools/types";
import { step } from "./tools/types";
import { createEditActions } from "./doc-store-edits";
import type { EditActions } from "./doc-store-edits";

export type SessionHistoryStore = StoreApi<{ history: History }>;

/** One history for a review session; hand the same one to every image's doc store. */
export function createSessionHistory(options?: { cap?: number; squashWindowMs?: number }): SessionHistoryStore {
  return createStore<{ history: History }>()(() => ({ history: H.createHistory(options) }));
}

/** What one save carries besides the label edits. */
export interface PersistInfo {
  /** History label of the edit ("Move box"). */
  label: string;
  imageId: number;
  kind: "do" | "undo" | "redo";
  /** Review decisions on predictions (accepted / rejected / back to pending) made by this edit. */
  predictions: PredictionUpdate[];
  /** The tag the edit was executed with (e.g. "finish:<taskId>": Enter's accept-image edit), or null. */
  tag: string | null;
}

/**
 * Saves one committed edit; throws (rejects) when it was not stored. `edits` may be empty when only predictions
 * changed (a rejection): the label contract has no place for those, `info.predictions` carries them.
 */
export type PersistFn = (edits: LabelEdit[], info: PersistInfo) => Promise<void>;

export interface DocStoreOptions {
  doc: ReviewDoc;
  history: SessionHistoryStore;
  persist: PersistFn;
  /** Stage size in CSS pixels (updated later with setViewSize). */
  viewSize?: Size;
  /** Crop-first review: the region shown first, in image pixels; Z toggles between it and the whole image. */
  regionOfInterest?: BoxPx | null;
  /** Class ids in palette order: slot 1 is classSlots[0]. */
  classSlots?: readonly number[];
  activeClassId?: number;
  /** Confidence slider, 0..1. */
  scoreThreshold?: number;
  /** ms clock for squashing arrow nudges (default Date.now). */
  clock?: () => number;
  /** Id factory for new labels (default crypto.randomUUID). */
  newId?: () => string;
  onError?: (message: string) => void;
  /**
   * A box the draw tool finished, before it becomes a label: return true to take it for something else (a reviewer
   * drawing the area a rejection is about); it then makes no label and no history entry.
   */
  interceptDrawn?: (rect: BoxPx) => boolean;
}

export type UndoOutcome = { kind: "done"; label: string } | { kind: "nothing" } | { kind: "other-image"; imageId: number };

export interface DocState {
  doc: ReviewDoc;
  selectedId: BoxId | null;
  tool: "select" | "draw";
  toolState: ToolState;
  /** Space held: pointer input pans. */
  panHeld: boolean;
  /** The pan machine's state while a pan (Space or middle button) runs, else null. */
  panState: ToolState | null;
  viewport: Viewport;
  viewSize: Size;
  /** What the viewport was last fitted to; "free" after a manual zoom or pan. */
  framing: "image" | "region" | "free";
  regionOfInterest: BoxPx | null;
  showPredictions: boolean;
  scoreThreshold: number;
  classSlots: readonly number[];
  activeClassId: number;
  crosshair: boolean;
  /** CSS filter factors, 1 = unchanged. */
  brightness: number;
  contrast: number;
  /** Last pointer position in image pixels (crosshair), null when outside. */
  pointer: { x: number; y: number } | null;
  pendingSaves: number;
  lastError: string | null;
}

export interface DocActions extends EditActions {
  /** Applies, records and saves a command. Returns false (and reports why) when it does not apply. */
  execute(command: Command, options?: { squashKey?: string; label?: string; tag?: string }): boolean;
  undo(): UndoOutcome;
  redo(): UndoOutcome;
  pointerDown(p: ToolPointer): void;
  pointerMove(p: ToolPointer): void;
  pointerUp(p: ToolPointer): void;
  /** Escape: abandon the running interaction, or clear the selection. */
  cancel(): void;
  setTool(tool: "select" | "draw"): void;
  setPanHeld(held: boolean): void;
  select(id: BoxId | null): void;
  setViewSize(size: Size): void;
  setViewport(vp: Viewport): void;
  fit(): void;
  toggleRegionZoom(): void;
  zoomAt(anchor: StagePoint, factor: number): void;
  setPointer(p: { x: number; y: number } | null): void;
  patchView(patch: Partial<Pick<DocState, "showPredictions" | "scoreThreshold" | "crosshair" | "brightness" | "contrast" | "activeClassId" | "classSlots">>): void;
  /** Replaces the document (fresh data from the project); keeps the selection if the box still exists. */
  replaceDoc(doc: ReviewDoc): void;
  /** Resolves when every save started so far has finished. */
  flush(): Promise<void>;
  clearError(): void;
}

export type DocStore = StoreApi<DocState & DocActions>;

/** Free space around a fitted image, in CSS pixels. */
export const FIT_PADDING_PX = 24;

/** Creates the store of one open image. */
export function createDocStore(options: DocStoreOptions): DocStore {
  const clock = options.clock ?? (() => Date.now());
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const sessionHistory = options.history;
  let saving: Promise<void> = Promise.resolve();

  return createStore<DocState & DocActions>()((set, get) => {
    const report = (message: string): void => {
      set({ lastError: message });
      options.onError?.(message);
    };

    const toolContext = (): ToolContext => {
      const s = get();
      return {
        doc: s.doc,
        viewport: s.viewport,
        selectedId: s.selectedId,
        showPredictions: s.showPredictions,
        minScore: s.scoreThreshold,
        activeClassId: s.activeClassId,
        newId: () => asBoxId(newId()),
      };
    };

    /** Saves in order; on failure reverts `revert` locally and drops this image's history. */
    const save = (edits: LabelEdit[], info: PersistInfo, revert: Command): void => {
      if (edits.length === 0 && info.predictions.length === 0 && info.tag === null) return;
      set((s) => ({ pendingSaves: s.pendingSaves + 1 }));
      const run = async (): Promise<void> => {
        try {
          await options.persist(edits, info);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          let reverted = true;
          try {
            set((s) => {
              const doc = apply(s.doc, revert).doc;
              return { doc, selectedId: s.selectedId !== null && getBox(doc, s.selectedId) ? s.selectedId : null };
            });
          } catch {
            reverted = false;
          }
          const imageId = get().doc.imageId;
          sessionHistory.setState(({ history }) => ({
            history: { ...history, undo: history.undo.filter((e) => e.imageId !== imageId), redo: history.redo.filter((e) => e.imageId !== imageId) },
          }));
          report(reverted ? `${info.label} was not saved: ${message}` : `${info.label} was not saved and the view is out of date; reload the image. (${message})`);
        } finally {
          set((s) => ({ pendingSaves: s.pendingSaves - 1 }));
        }
      };
      saving = saving.then(run, run);
    };

    const runTransition = (t: Transition, which: "tool" | "pan"): void => {
      if (which === "tool") set({ toolState: t.next });
      else set({ panState: t.next.id === "pan.idle" ? null : t.next });
      if (t.viewport) set({ viewport: t.viewport, framing: "free" });
      if (t.select !== undefined) set({ selectedId: t.select });
      if (t.command) {
        const c = t.command;
        if (c.kind === "createBox" && c.box.source === "label" && options.interceptDrawn?.(c.box.rect)) return;
        get().execute(c);
      }
    };

    const send = (event: ToolEvent, which: "tool" | "pan"): void => {
      const s = get();
      const state = which === "pan" ? (s.panState ?? panTool.initial()) : s.toolState;
      runTransition(step(state, toolContext(), event), which);
    };

    const initialView = options.viewSize ?? { width: 800, height: 600 };
    const roi = options.regionOfInterest ?? null;
    const framed = (framing: "image" | "region", doc: ReviewDoc, view: Size, region: BoxPx | null): Viewport =>
      framing === "region" && region ? frameRegion(region, doc, view, FIT_PADDING_PX) : fitImage(doc, view, FIT_PADDING_PX);

    return {
      doc: options.doc,
      selectedId: null,
      tool: "select",
      toolState: selectTool.initial(),
      panHeld: false,
      panState: null,
      viewport: framed(roi ? "region" : "image", options.doc, initialView, roi),
      viewSize: initialView,
      framing: roi ? "region" : "image",
      regionOfInterest: roi,
      showPredictions: true,
      scoreThreshold: options.scoreThreshold ?? 0,
      classSlots: options.classSlots ?? [],
      activeClassId: options.activeClassId ?? options.classSlots?.[0] ?? 0,
      crosshair: false,
      brightness: 1,
      contrast: 1,
      pointer: null,
      pendingSaves: 0,
      lastError: null,

      execute(command, opts = {}) {
        const before = get().doc;
        let result;
        try {
          result = apply(before, command);
        } catch (err) {
          if (err instanceof CommandError) {
            report(err.message);
            return false;
          }
          throw err;
        }
        if (!result.changed) return false;
        const label = opts.label ?? describeCommand(command);
        set({ doc: result.doc, lastError: null });
        if (get().selectedId !== null && !getBox(result.doc, get().selectedId as BoxId)) set({ selectedId: null });
        sessionHistory.setState(({ history }) => ({
          history: H.record(history, { label, imageId: before.imageId, forward: command, inverse: result.inverse, squashKey: opts.squashKey ?? null, tag: opts.tag ?? null }, clock()),
        }));
        save(result.edits, { label, imageId: before.imageId, kind: "do", predictions: result.predictionUpdates, tag: opts.tag ?? null }, result.inverse);
        return true;
      },

      undo: () => travel("undo"),
      redo: () => travel("redo"),

      pointerDown(p) {
        const s = get();
        if (s.panHeld || p.button === 1) {
          set({ panState: panTool.initial() });
          send({ type: "pointerDown", pointer: p }, "pan");
          return;
        }
        send({ type: "pointerDown", pointer: p }, "tool");
      },
      pointerMove(p) {
        set({ pointer: { x: p.image.x, y: p.image.y } });
        send({ type: "pointerMove", pointer: p }, get().panState ? "pan" : "tool");
      },
      pointerUp(p) {
        send({ type: "pointerUp", pointer: p }, get().panState ? "pan" : "tool");
      },
      cancel() {
        if (get().panState) set({ panState: null });
        else send({ type: "cancel" }, "tool");
      },
      setTool(tool) {
        const s = get();
        if (s.tool === tool) return;
        set({ tool, toolState: (tool === "draw" ? drawBoxTool : selectTool).initial() });
      },
      setPanHeld(held) {
        set(held ? { panHeld: true } : { panHeld: false, panState: null });
      },
      select(id) {
        set({ selectedId: id });
      },
      setViewSize(size) {
        const s = get();
        set({ viewSize: size, viewport: s.framing === "free" ? s.viewport : framed(s.framing, s.doc, size, s.regionOfInterest) });
      },
      setViewport(viewport) {
        set({ viewport, framing: "free" });
      },
      fit() {
        const s = get();
        set({ viewport: framed("image", s.doc, s.viewSize, null), framing: "image" });
      },
      toggleRegionZoom() {
        const s = get();
        const next = s.framing === "region" || !s.regionOfInterest ? "image" : "region";
        set({ viewport: framed(next, s.doc, s.viewSize, s.regionOfInterest), framing: next });
      },
      zoomAt(anchor, factor) {
        set((s) => ({ viewport: zoomBy(s.viewport, anchor, factor), framing: "free" }));
      },
      setPointer(pointer) {
        set({ pointer });
      },
      patchView(patch) {
        set(patch);
      },
      replaceDoc(doc) {
        const s = get();
        set({ doc, selectedId: s.selectedId !== null && getBox(doc, s.selectedId) ? s.selectedId : null, toolState: (s.tool === "draw" ? drawBoxTool : selectTool).initial() });
      },
      flush: () => saving,
      clearError() {
        set({ lastError: null });
      },
      ...createEditActions(get, set, newId),
    };

    function travel(direction: "undo" | "redo"): UndoOutcome {
      const { history } = sessionHistory.getState();
      const entry = direction === "undo" ? H.peekUndo(history) : H.peekRedo(history);
      if (!entry) return { kind: "nothing" };
      const s = get();
      if (entry.imageId !== s.doc.imageId) return { kind: "other-image", imageId: entry.imageId };
      const command = direction === "undo" ? entry.inverse : entry.forward;
      let result;
      try {
        result = apply(s.doc, command);
      } catch (err) {
        report(`cannot ${direction} "${entry.label}": ${err instanceof Error ? err.message : String(err)}`);
        return { kind: "nothing" };
      }
      const moved = direction === "undo" ? H.undo(history) : H.redo(history);
      if (moved) sessionHistory.setState({ history: moved.history });
      // An undo during a drag would fight the preview; drop the interaction first.
      set({ doc: result.doc, toolState: (s.tool === "draw" ? drawBoxTool : selectTool).initial(), lastError: null });
      if (s.selectedId !== null && !getBox(result.doc, s.selectedId)) set({ selectedId: null });
      save(result.edits, { label: entry.label, imageId: entry.imageId, kind: direction, predictions: result.predictionUpdates, tag: entry.tag ?? null }, result.inverse);
      return { kind: "done", label: entry.label };
    }
  });
}
