/**
 * Reads the model-level facts onnxruntime-node does not expose — `metadata_props`, IR version, producer, opsets —
 * straight from ONNX protobuf bytes. Walks the top level of `ModelProto` and skips every other field by its length,
 * so the graph (field 7, the weights) is never decoded.
 *
 * ModelProto fields used (onnx/onnx.proto): 1 ir_version (varint), 2 producer_name, 3 producer_version,
 * 8 opset_import (OperatorSetIdProto: 1 domain, 2 version), 14 metadata_props (StringStringEntryProto: 1 key,
 * 2 value).
 */
import { LoupeError } from "../../errors";

export interface OnnxModelFacts {
  irVersion: number | null;
  producerName: string;
  producerVersion: string;
  /** Opset version per domain ("" is the default ONNX domain). */
  opsets: Record<string, number>;
  /** `metadata_props` in file order; a repeated key keeps its last value (as onnxruntime does). */
  metadata: Map<string, string>;
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/**
 * Reads the top-level facts of an ONNX file. `file` only names the file in errors. Throws
 * `E_MODEL_FORMAT` for bytes that are not a well-formed protobuf message.
 * @example readOnnxFacts(bytes, "yolov8n.onnx").metadata.get("task") // "detect"
 */
export function readOnnxFacts(bytes: Uint8Array, file: string): OnnxModelFacts {
  const facts: OnnxModelFacts = { irVersion: null, producerName: "", producerVersion: "", opsets: {}, metadata: new Map() };
  const r = new Reader(bytes, 0, bytes.length, file);
  let sawGraph = false;
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE_VARINT) facts.irVersion = r.varint();
    else if (field === 2 && wire === WIRE_LEN) facts.producerName = r.string();
    else if (field === 3 && wire === WIRE_LEN) facts.producerVersion = r.string();
    else if (field === 8 && wire === WIRE_LEN) {
      const sub = r.sub();
      let domain = "";
      let version = 0;
      while (!sub.done()) {
        const t = sub.tag();
        if (t.field === 1 && t.wire === WIRE_LEN) domain = sub.string();
        else if (t.field === 2 && t.wire === WIRE_VARINT) version = sub.varint();
        else sub.skip(t.wire);
      }
      facts.opsets[domain] = version;
    } else if (field === 14 && wire === WIRE_LEN) {
      const sub = r.sub();
      let key = "";
      let value = "";
      while (!sub.done()) {
        const t = sub.tag();
        if (t.field === 1 && t.wire === WIRE_LEN) key = sub.string();
        else if (t.field === 2 && t.wire === WIRE_LEN) value = sub.string();
        else sub.skip(t.wire);
      }
      facts.metadata.set(key, value);
    } else {
      if (field === 7) sawGraph = true;
      r.skip(wire);
    }
  }
  if (!sawGraph) throw new LoupeError("E_MODEL_FORMAT", `${file}: not an ONNX model (no graph found)`, { file });
  return facts;
}

class Reader {
  constructor(
    private readonly b: Uint8Array,
    private pos: number,
    private readonly end: number,
    private readonly file: string,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  private fail(what: string): never {
    throw new LoupeError("E_MODEL_FORMAT", `${this.file}: not an ONNX model (${what} at byte ${this.pos})`, { file: this.file });
  }

  /** A varint as a JS number (exact up to 2^53; lengths and versions stay far below). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail("truncated varint");
      const byte = this.b[this.pos++] as number;
      result += (byte & 0x7f) * mul;
      if ((byte & 0x80) === 0) return result;
      mul *= 128;
    }
    return this.fail("varint longer than 10 bytes");
  }

  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    const wire = t % 8;
    if (field === 0) this.fail("field number 0");
    return { field, wire };
  }

  private length(): number {
    const n = this.varint();
    if (n > this.end - this.pos) this.fail(`field length ${n} runs past the end`);
    return n;
  }

  string(): string {
    const n = this.length();
    const s = new TextDecoder("utf-8").decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  sub(): Reader {
    const n = this.length();
    const r = new Reader(this.b, this.pos, this.pos + n, this.file);
    this.pos += n;
    return r;
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_I64) this.advance(8);
    else if (wire === WIRE_LEN) this.advance(this.length());
    else if (wire === WIRE_I32) this.advance(4);
    else this.fail(`unsupported wire type ${wire}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) this.fail("truncated field");
    this.pos += n;
  }
}
