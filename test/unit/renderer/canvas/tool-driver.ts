/**
 * A test driver for the canvas tools (tldraw's TestEditor in miniature): chainable pointer and key helpers that
 * feed a tool's state machine, apply the commands it emits to a document as the store would, and record them.
 * Coordinates are IMAGE pixels by default (converted through the current viewport); pass { space: "stage" } to
 * give stage pixels (panning).
 */
import { expect } from "vitest";
import type { Command } from "../../../../src-renderer/canvas/model/commands";
import type { BoxId, ReviewDoc } from "../../../../src-renderer/canvas/model/doc";
import { apply } from "../../../../src-renderer/canvas/model/apply";
import type { Viewport } from "../../../../src-renderer/canvas/model/viewport";
import { imagePoint, imageToStage, stagePoint, stageToImage } from "../../../../src-renderer/canvas/model/viewport";
import type { Tool, ToolContext, ToolEvent, ToolPointer, ToolState } from "../../../../src-renderer/canvas/tools/types";
import { step } from "../../../../src-renderer/canvas/tools/types";
import { counterIds } from "./builders";

export interface PointerOptions {
  shift?: boolean;
  alt?: boolean;
  mod?: boolean;
  button?: number;
  space?: "image" | "stage";
}

export class ToolDriver {
  state: ToolState;
  doc: ReviewDoc;
  viewport: Viewport;
  selectedId: BoxId | null = null;
  showPredictions = true;
  minScore = 0;
  activeClassId = 1;
  /** Commands emitted so far, oldest first. */
  readonly commands: Command[] = [];
  private readonly newId = counterIds();

  constructor(tool: Tool, doc: ReviewDoc, options: { viewport?: Viewport; selectedId?: BoxId | null } = {}) {
    this.state = tool.initial();
    this.doc = doc;
    this.viewport = options.viewport ?? { scale: 1, x: 0, y: 0 };
    this.selectedId = options.selectedId ?? null;
  }

  get stateId(): string {
    return this.state.id;
  }
  get preview(): ToolState["preview"] {
    return this.state.preview;
  }
  get lastCommand(): Command | undefined {
    return this.commands[this.commands.length - 1];
  }

  pointerDown(x: number, y: number, o: PointerOptions = {}): this {
    return this.send({ type: "pointerDown", pointer: this.pointer(x, y, o) });
  }
  pointerMove(x: number, y: number, o: PointerOptions = {}): this {
    return this.send({ type: "pointerMove", pointer: this.pointer(x, y, o) });
  }
  pointerUp(x: number, y: number, o: PointerOptions = {}): this {
    return this.send({ type: "pointerUp", pointer: this.pointer(x, y, o) });
  }
  /** Press and release at one place. */
  click(x: number, y: number, o: PointerOptions = {}): this {
    return this.pointerDown(x, y, o).pointerUp(x, y, o);
  }
  /** Press at (x1, y1), move halfway, move to (x2, y2), release there. */
  drag(x1: number, y1: number, x2: number, y2: number, o: PointerOptions = {}): this {
    return this.pointerDown(x1, y1, o)
      .pointerMove((x1 + x2) / 2, (y1 + y2) / 2, o)
      .pointerMove(x2, y2, o)
      .pointerUp(x2, y2, o);
  }
  keyDown(key: string, code = key, o: PointerOptions = {}): this {
    return this.send({ type: "keyDown", key: { key, code, shiftKey: !!o.shift, altKey: !!o.alt, modKey: !!o.mod } });
  }
  cancel(): this {
    return this.send({ type: "cancel" });
  }

  expectState(id: string): this {
    expect(this.state.id).toBe(id);
    return this;
  }

  private context(): ToolContext {
    return {
      doc: this.doc,
      viewport: this.viewport,
      selectedId: this.selectedId,
      showPredictions: this.showPredictions,
      minScore: this.minScore,
      activeClassId: this.activeClassId,
      newId: this.newId,
    };
  }

  private pointer(x: number, y: number, o: PointerOptions): ToolPointer {
    const stage = o.space === "stage" ? stagePoint(x, y) : imageToStage(this.viewport, imagePoint(x, y));
    return {
      image: stageToImage(this.viewport, stage),
      stage,
      button: o.button ?? 0,
      shiftKey: !!o.shift,
      altKey: !!o.alt,
      modKey: !!o.mod,
    };
  }

  private send(event: ToolEvent): this {
    const t = step(this.state, this.context(), event);
    this.state = t.next;
    if (t.command) {
      this.doc = apply(this.doc, t.command).doc;
      this.commands.push(t.command);
    }
    if (t.select !== undefined) this.selectedId = t.select;
    if (t.viewport) this.viewport = t.viewport;
    return this;
  }
}
