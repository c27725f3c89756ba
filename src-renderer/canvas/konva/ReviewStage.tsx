import { useEffect, useMemo, useRef, useState } from "react";
import type { PointerEvent as ReactPointerEvent } from "react";
import { Stage } from "react-konva";
import { useStore } from "zustand";
import type { BoxPx, ClassInfo, LabelInfo } from "../../../src-preload/api";
import type { DocStore, PersistFn, SessionHistoryStore } from "../doc-store";
import { createDocStore } from "../doc-store";
import type { ActionSource } from "../keymap/actions";
import { runAction } from "../keymap/actions";
import type { CanvasActionContext, ReviewCallbacks } from "../keymap/canvas-actions";
import { createCanvasActions } from "../keymap/canvas-actions";
import type { Platform } from "../keymap/chord";
import { createKeyDispatcher } from "../keymap/dispatcher";
import type { ActionId, KeymapEntry } from "../keymap/keymap";
import { DEFAULT_KEYMAP } from "../keymap/keymap";
import type { PredictionInput } from "../model/doc";
import { createDoc } from "../model/doc";
import { stagePoint, wheelZoomFactor } from "../model/viewport";
import type { DocBox } from "../model/doc";
import { classColors, classNames } from "./colors";
import { ImageLayer } from "./layers/ImageLayer";
import { LabelsLayer } from "./layers/LabelsLayer";
import { OverlayLayer } from "./layers/OverlayLayer";
import { PredictionsLayer } from "./layers/PredictionsLayer";
import { SelectionLayer } from "./layers/SelectionLayer";
import { TagsLayer } from "./layers/TagsLayer";
import { MiniMap } from "../ui/MiniMap";
import { summarizeAcceptImage } from "../model/commands";
import { enterNote } from "../model/enter-note";
import { detectPlatform, toToolPointer } from "./pointer";
import { usePreview } from "./usePreview";
import { sceneOf, visibleBoxes } from "./scene";
import { useHtmlImage } from "./useHtmlImage";
import { ClassPalette } from "../ui/ClassPalette";
import { ShortcutSheet } from "../ui/ShortcutSheet";

/** What the view gets back once the stage exists: the store (for toolbars, side panels) and the action runner. */
export interface ReviewStageHandle {
  store: DocStore;
  run(id: ActionId, source?: ActionSource): boolean;
}

export interface ReviewStageProps {
  imageId: number;
  /** media:// URL of the image (window.loupe.media.imageUrl through api/client.ts). */
  imageUrl: string;
  /** Image size in image pixels (ImageInfo.width/height). */
  imageWidth: number;
  imageHeight: number;
  /** Stage size in CSS pixels (the view measures its container). */
  width: number;
  height: number;
  labels: readonly LabelInfo[];
  predictions?: readonly PredictionInput[];
  /** ImageInfo.status === "empty". */
  isEmpty?: boolean;
  classes: readonly ClassInfo[];
  /** One per review session (createSessionHistory()), shared by every image so undo crosses images. */
  history: SessionHistoryStore;
  /** Saves edits; the view passes `(edits) => client.labels.applyEdits({ edits })` and throws on an error. */
  persist: PersistFn;
  /** Crop-first review: the region shown first; Z toggles it with the whole image. */
  regionOfInterest?: BoxPx | null;
  /** Initial confidence slider, 0..1 (Settings.reviewScoreThreshold). */
  scoreThreshold?: number;
  /** A region a reviewer pinned a rejection to, outlined in red. */
  issueRegion?: BoxPx | null;
  /** Takes a drawn box instead of making it a label (see DocStoreOptions.interceptDrawn). */
  interceptDrawn?(rect: BoxPx): boolean;
  review?: ReviewCallbacks;
  keymap?: readonly KeymapEntry[];
  platform?: Platform;
  /** Attach the keyboard dispatcher to window (default true); false when the view runs its own. */
  keyboard?: boolean;
  onReady?(handle: ReviewStageHandle): void;
  onError?(message: string): void;
}

/**
 * The review canvas of one image. Mount it without a key: it makes a fresh document store whenever `imageId` changes
 * and keeps its Konva stage (five canvases) from image to image, while the session history passed in carries
 * undo/redo across images. Pointer input is converted by the viewport and fed to the tool state machines; Konva
 * only draws (five layers, none listening).
 */
export function ReviewStage(props: ReviewStageProps) {
  const { imageId, width, height } = props;
  const platform = props.platform ?? detectPlatform(typeof navigator === "undefined" ? undefined : navigator);
  const latest = useRef(props);
  latest.current = props;

  const store = useMemo(
    () =>
      createDocStore({
        doc: createDoc({ imageId, width: props.imageWidth, height: props.imageHeight, labels: props.labels, predictions: props.predictions, isEmpty: props.isEmpty }),
        history: props.history,
        persist: (edits, info) => latest.current.persist(edits, info),
        viewSize: { width, height },
        regionOfInterest: props.regionOfInterest ?? null,
        classSlots: [...props.classes].sort((a, b) => a.position - b.position).map((c) => c.id),
        scoreThreshold: props.scoreThreshold ?? 0,
        onError: (m) => latest.current.onError?.(m),
        interceptDrawn: (rect) => latest.current.interceptDrawn?.(rect) ?? false,
      }),
    // A new store per image (and per history); later prop changes are synced below or through the handle.
    [imageId, props.history],
  );
  const registry = useMemo(() => createCanvasActions(), []);
  // The stage shows its own class palette and shortcut sheet unless the view provides them.
  const [overlay, setOverlay] = useState<"palette" | "sheet" | null>(null);
  const context = useMemo(
    (): (() => CanvasActionContext) => () => ({
      store,
      review: { showShortcuts: () => setOverlay("sheet"), openClassPalette: () => setOverlay("palette"), ...latest.current.review },
    }),
    [store],
  );

  useEffect(() => store.getState().setViewSize({ width, height }), [store, width, height]);
  useEffect(() => {
    store.getState().patchView({ classSlots: [...props.classes].sort((a, b) => a.position - b.position).map((c) => c.id) });
  }, [store, props.classes]);
  useEffect(() => {
    if (props.scoreThreshold !== undefined) store.getState().patchView({ scoreThreshold: props.scoreThreshold });
  }, [store, props.scoreThreshold]);
  useEffect(() => {
    latest.current.onReady?.({ store, run: (id, source = "toolbar") => runAction(registry, id, context(), source) });
  }, [store, registry, context]);

  const keymap = props.keymap ?? DEFAULT_KEYMAP;
  const keyboard = props.keyboard ?? true;
  useEffect(() => {
    if (!keyboard) return;
    const dispatcher = createKeyDispatcher({ keymap, platform, registry, getContext: context, scope: () => "canvas" });
    return dispatcher.attach(window);
  }, [keyboard, keymap, platform, registry, context]);

  const containerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      store.getState().zoomAt(stagePoint(e.clientX - box.left, e.clientY - box.top), wheelZoomFactor(e.deltaY));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [store]);

  const state = useStore(store);
  const scene = sceneOf(state);
  // The box layers redraw only when their boxes change, not at pointer rate.
  const { doc, selectedId, showPredictions, scoreThreshold } = state;
  const editingId = state.toolState.preview?.boxId ?? null;
  const boxes = useMemo(
    () => visibleBoxes({ doc, selectedId, showPredictions, scoreThreshold }, editingId),
    [doc, selectedId, showPredictions, scoreThreshold, editingId],
  );
  const selectedBox = useMemo(
    () => (selectedId === null ? undefined : doc.boxes.find((b) => b.id === selectedId && (b.source === "label" || b.status === "pending"))),
    [doc, selectedId],
  );
  const tagged = useMemo((): DocBox[] => [...(selectedBox ? [selectedBox] : []), ...boxes.labels, ...boxes.predictions], [selectedBox, boxes]);
  const colorOf = useMemo(() => classColors(props.classes), [props.classes]);
  const nameOf = useMemo(() => classNames(props.classes), [props.classes]);
  const image = useHtmlImage(props.imageUrl);
  const preview = usePreview(props.imageUrl, props.imageWidth, props.imageHeight, width, height);

  const pointer = (e: ReactPointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return toToolPointer(e, box, store.getState().viewport, platform);
  };
  const vp = state.viewport;

  return (
    <div style={{ position: "relative", width, height, overflow: "hidden" }}>
      <div
        ref={containerRef}
        data-testid="review-stage"
        data-viewport={`${vp.scale} ${vp.x} ${vp.y}`}
        data-image={imageId}
        data-image-status={preview ? "loaded" : image.status}
        style={{ position: "absolute", inset: 0, cursor: scene.cursor, touchAction: "none", userSelect: "none" }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          store.getState().pointerDown(pointer(e));
        }}
        onPointerMove={(e) => store.getState().pointerMove(pointer(e))}
        onPointerUp={(e) => {
          store.getState().pointerUp(pointer(e));
          if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
        }}
        onPointerCancel={() => store.getState().cancel()}
        onPointerLeave={() => store.getState().setPointer(null)}
        onContextMenu={(e) => e.preventDefault()}
      >
        <Stage width={width} height={height} scaleX={vp.scale} scaleY={vp.scale} x={vp.x} y={vp.y} listening={false}>
          <ImageLayer
            image={image.status === "loaded" ? image.image : null}
            width={state.doc.width}
            height={state.doc.height}
            brightness={state.brightness}
            contrast={state.contrast}
            smooth={vp.scale < 2}
            preview={preview}
            scale={vp.scale}
          />
          <PredictionsLayer predictions={boxes.predictions} scale={vp.scale} colorOf={colorOf} />
          <LabelsLayer labels={boxes.labels} colorOf={colorOf} />
          <TagsLayer boxes={tagged} scale={vp.scale} colorOf={colorOf} nameOf={nameOf} />
          <SelectionLayer
            rect={scene.selection?.rect ?? null}
            color={scene.selection ? colorOf(scene.selection.classId) : "#ffffff"}
            editable={scene.selection?.editable ?? false}
            dashed={scene.selection?.dashed ?? false}
            scale={vp.scale}
          />
          <OverlayLayer
            drawing={scene.drawing}
            drawingColor={colorOf(state.activeClassId)}
            crosshair={scene.crosshair}
            region={props.regionOfInterest ?? null}
            issue={props.issueRegion ?? null}
            imageWidth={state.doc.width}
            imageHeight={state.doc.height}
            scale={vp.scale}
          />
        </Stage>
      </div>
      {/* Overlays are siblings of the pointer surface: clicks on them never reach the tools. */}
      {state.doc.isEmpty && (
        <div role="status" style={{ position: "absolute", top: 8, left: 8, pointerEvents: "none", padding: "2px 8px", borderRadius: 4, background: "#2e7d32", color: "#fff", font: "12px sans-serif" }}>
          Confirmed empty
        </div>
      )}
      {overlay === "palette" && (
        <ClassPalette classes={props.classes} onPick={(classId) => store.getState().setClass(classId)} onClose={() => setOverlay(null)} />
      )}
      <MiniMap
        imageUrl={props.imageUrl}
        width={state.doc.width}
        height={state.doc.height}
        boxes={tagged}
        viewport={vp}
        viewSize={state.viewSize}
        colorOf={colorOf}
        onCenter={(x, y) => store.getState().setViewport({ ...vp, x: width / 2 - x * vp.scale, y: height / 2 - y * vp.scale })}
      />
      {overlay === "sheet" && (
        <ShortcutSheet keymap={keymap} platform={platform} note={enterNote(summarizeAcceptImage(state.doc, state.scoreThreshold))} onClose={() => setOverlay(null)} />
      )}
      {image.status === "failed" && (
        <div role="alert" style={{ position: "absolute", inset: 0, display: "grid", placeItems: "center", color: "#fff", font: "13px sans-serif" }}>
          The image could not be loaded.
        </div>
      )}
    </div>
  );
}
