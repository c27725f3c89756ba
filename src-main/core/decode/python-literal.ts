/**
 * A small, safe reader of Python literals as `repr()` writes them (what Ultralytics and YOLOv5 store in ONNX
 * metadata: `{0: 'person', 1: "it's"}`, `[640, 640]`, `True`, `None`). Never evaluates anything: it is a parser
 * for dict, list, tuple, set, str, int, float, bool and None — the grammar of Python's `ast.literal_eval` minus
 * complex numbers and bytes.
 */

/** A parsed literal. Dicts keep their entries in order (keys may be ints, strings, …). */
export type PyValue = string | number | boolean | null | PyValue[] | PyDict;
export interface PyDict {
  kind: "dict";
  entries: [PyValue, PyValue][];
}

export class PythonLiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at character ${offset}`);
    this.name = "PythonLiteralError";
  }
}

/**
 * Parses one Python literal. Throws `PythonLiteralError` (with the character offset) on anything else, including
 * trailing text and names other than True/False/None.
 * @example parsePythonLiteral("{0: 'a, b', 1: \"it's\"}") // { kind: "dict", entries: [[0, "a, b"], [1, "it's"]] }
 * @example parsePythonLiteral("[640, 640]") // [640, 640]
 */
export function parsePythonLiteral(text: string): PyValue {
  const p = new Parser(text);
  const v = p.value();
  p.skipSpace();
  if (p.pos !== text.length) throw new PythonLiteralError("unexpected text after the literal", p.pos);
  return v;
}

/** True for a parsed dict. */
export function isPyDict(v: PyValue): v is PyDict {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos] as string)) this.pos++;
  }

  value(): PyValue {
    this.skipSpace();
    const ch = this.s[this.pos];
    if (ch === undefined) throw new PythonLiteralError("unexpected end of text", this.pos);
    if (ch === "{") return this.dictOrSet();
    if (ch === "[") return this.sequence("[", "]");
    if (ch === "(") return this.sequence("(", ")");
    if (ch === "'" || ch === '"') return this.stringConcat();
    if (/[-+0-9.]/.test(ch)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos))?.[0];
    if (word !== undefined) {
      if (/^[rRuU]$/.test(word) && (this.s[this.pos + 1] === "'" || this.s[this.pos + 1] === '"')) {
        this.pos++;
        return this.stringConcat(word === "r" || word === "R");
      }
      const table: Record<string, PyValue> = { True: true, False: false, None: null };
      if (Object.hasOwn(table, word)) {
        this.pos += word.length;
        return table[word] as PyValue;
      }
      throw new PythonLiteralError(`"${word}" is not a literal`, this.pos);
    }
    throw new PythonLiteralError(`unexpected "${ch}"`, this.pos);
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.s[this.pos] !== ch) throw new PythonLiteralError(`expected "${ch}"`, this.pos);
    this.pos++;
  }

  /** Reads `,`-separated items up to `close`, allowing a trailing comma. */
  private items<T>(close: string, item: () => T): T[] {
    const out: T[] = [];
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(item());
      this.separator(close);
    }
  }

  /** After an item: a comma (consumed) or the closing bracket (left for `items`). */
  private separator(close: string): void {
    this.skipSpace();
    if (this.s[this.pos] === ",") this.pos++;
    else if (this.s[this.pos] !== close) throw new PythonLiteralError(`expected "," or "${close}"`, this.pos);
  }

  private sequence(open: string, close: string): PyValue[] {
    this.expect(open);
    return this.items(close, () => this.value());
  }

  private dictOrSet(): PyValue {
    this.expect("{");
    this.skipSpace();
    if (this.s[this.pos] === "}") {
      this.pos++;
      return { kind: "dict", entries: [] };
    }
    const first = this.value();
    this.skipSpace();
    if (this.s[this.pos] !== ":") {
      // a set literal: read it as a list
      this.separator("}");
      return [first, ...this.items("}", () => this.value())];
    }
    this.pos++;
    const entries: [PyValue, PyValue][] = [[first, this.value()]];
    this.separator("}");
    for (const e of this.items("}", () => this.entry())) entries.push(e);
    return { kind: "dict", entries };
  }

  private entry(): [PyValue, PyValue] {
    const k = this.value();
    this.expect(":");
    return [k, this.value()];
  }

  private number(): number {
    const m = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?)/.exec(this.s.slice(this.pos));
    if (!m || !/\d/.test(m[0])) throw new PythonLiteralError("malformed number", this.pos);
    this.pos += m[0].length;
    const t = m[0].replace(/_/g, "");
    const sign = t.startsWith("-") ? -1 : 1;
    const body = t.replace(/^[-+]/, "");
    if (/^0[xXoObB]/.test(body)) return sign * Number(body);
    return Number(t);
  }

  /** Adjacent string literals concatenate, as in Python ('a' "b" → 'ab'). */
  private stringConcat(raw = false): string {
    let out = this.string(raw);
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const ch = this.s[this.pos];
      if (ch === "'" || ch === '"') out += this.string(false);
      else {
        this.pos = save;
        return out;
      }
    }
  }

  private string(raw: boolean): string {
    const s = this.s;
    const start = this.pos;
    const q = s[this.pos] as string;
    const triple = s.startsWith(q.repeat(3), this.pos);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = "";
    for (;;) {
      if (this.pos >= s.length) throw new PythonLiteralError("unterminated string", start);
      if (s.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const ch = s[this.pos] as string;
      if (!triple && ch === "\n") throw new PythonLiteralError("line break inside a string", this.pos);
      if (ch !== "\\") {
        // keep astral characters whole
        const cp = s.codePointAt(this.pos) as number;
        out += String.fromCodePoint(cp);
        this.pos += cp > 0xffff ? 2 : 1;
        continue;
      }
      if (raw) {
        out += ch + (s[this.pos + 1] ?? "");
        this.pos += 2;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const s = this.s;
    const at = this.pos;
    const e = s[this.pos + 1];
    if (e === undefined) throw new PythonLiteralError("dangling backslash", at);
    this.pos += 2;
    const simple: Record<string, string> = {
      "\\": "\\", "'": "'", '"': '"', n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\n": "",
    };
    if (Object.hasOwn(simple, e)) return simple[e] as string;
    const hex = (len: number): string => {
      const h = s.slice(this.pos, this.pos + len);
      if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw new PythonLiteralError(`bad \\${e} escape`, at);
      this.pos += len;
      const cp = parseInt(h, 16);
      if (cp > 0x10ffff) throw new PythonLiteralError("code point out of range", at);
      return String.fromCodePoint(cp);
    };
    if (e === "x") return hex(2);
    if (e === "u") return hex(4);
    if (e === "U") return hex(8);
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(at + 1)) as RegExpExecArray;
      this.pos = at + 1 + m[0].length;
      return String.fromCodePoint(parseInt(m[0], 8));
    }
    if (e === "N") throw new PythonLiteralError("\\N{…} escapes are not supported", at);
    // Python keeps unknown escapes as written.
    return `\\${e}`;
  }
}
