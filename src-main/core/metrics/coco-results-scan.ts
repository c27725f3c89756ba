/**
 * A COCO results list (`[{ "image_id": 1, "category_id": 3, "bbox": [x, y, w, h], "score": 0.9 }, …]`) read
 * straight from its bytes into columns: no object or array per detection, so a 500,000-detection file costs one
 * pass and a few typed arrays instead of a JSON tree and the garbage it leaves.
 *
 * Only the plain shape is taken: numeric `image_id`, `category_id`, `score`, a 4-number `bbox`, any other keys
 * skipped whatever they hold (a duplicate key: the last one counts, as in JSON.parse). Anything else — a string
 * image id, a missing or malformed field, invalid JSON — returns null and the caller parses the file the general way,
 * which also names the entry at fault. Numbers are the doubles JSON.parse gives: up to 15 significant digits
 * without exponent by exact integer arithmetic and one correctly rounded division (Clinger's fast path), others
 * through Number().
 */

/** Detections as columns, in file order. */
export interface CocoDetectionColumns {
  n: number;
  imageId: Float64Array;
  categoryId: Float64Array;
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  h: Float64Array;
  score: Float64Array;
}

const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const latin1 = new TextDecoder("latin1");

// byte values
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

const KEYS = ["image_id", "category_id", "score", "bbox"].map((k) => Uint8Array.from(k, (c) => c.charCodeAt(0)));
const KEY_IMAGE = 1;
const KEY_CATEGORY = 2;
const KEY_SCORE = 3;
const KEY_BBOX = 4;

/** Thrown inside the scanner when the input is not the plain shape; never escapes `scanCocoResults`. */
class NotPlain extends Error {}
const notPlain = new NotPlain();

class Scanner {
  pos = 0;
  /** The file's bytes as a latin1 string: one char per byte, read with charCodeAt (NaN past the end). */
  constructor(readonly b: string) {}

  ws(): number {
    const b = this.b;
    let p = this.pos;
    let c = b.charCodeAt(p);
    while (c === SPACE || c === LF || c === CR || c === TAB) c = b.charCodeAt(++p);
    this.pos = p;
    return c === c ? c : -1; // NaN past the end
  }

  expect(ch: number): void {
    if (this.ws() !== ch) throw notPlain;
    this.pos++;
  }

  /** A JSON number at the cursor, as JSON.parse reads it. */
  number(): number {
    const b = this.b;
    const start = this.pos;
    let p = start;
    let neg = false;
    if (b.charCodeAt(p) === MINUS) {
      neg = true;
      p++;
    }
    let mant = 0;
    let digits = 0;
    let frac = 0;
    let c = b.charCodeAt(p);
    if (!(c >= ZERO && c <= NINE)) throw notPlain;
    if (!(c >= ZERO && c <= NINE)) throw notPlain;
    if (c === ZERO && (b.charCodeAt(p + 1)) >= ZERO && (b.charCodeAt(p + 1)) <= NINE) throw notPlain; // leading zero
    while (c >= ZERO && c <= NINE) {
      mant = mant * 10 + (c - ZERO);
      if (mant !== 0) digits++;
      c = b.charCodeAt(++p);
    }
    let exact = true;
    if (c === DOT) {
      c = b.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) throw notPlain;
      while (c >= ZERO && c <= NINE) {
        mant = mant * 10 + (c - ZERO);
        if (mant !== 0) digits++;
        frac++;
        c = b.charCodeAt(++p);
      }
    }
    if (c === LOWER_E || c === UPPER_E) {
      exact = false;
      c = b.charCodeAt(++p);
      if (c === PLUS || c === MINUS) c = b.charCodeAt(++p);
      if (!(c >= ZERO && c <= NINE)) throw notPlain;
      while (c >= ZERO && c <= NINE) c = b.charCodeAt(++p);
    }
    this.pos = p;
    if (exact && digits <= 15 && frac <= 22) {
      const v = frac === 0 ? mant : mant / (POW10[frac] as number);
      return neg ? -v : v;
    }
    return Number(b.slice(start, p));
  }

  /** Skips the string at the cursor and says which known key it is (KEY_*), 0 for any other string. */
  key(): number {
    const b = this.b;
    if (this.ws() !== QUOTE) throw notPlain;
    const start = ++this.pos;
    let p = start;
    let escaped = false;
    for (;;) {
      const c = b.charCodeAt(p);
      if (!(c >= SPACE)) throw notPlain; // unterminated, or a raw control character (invalid JSON)
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        p++;
      }
      p++;
    }
    this.pos = p + 1;
    if (escaped) return 0;
    const len = p - start;
    for (let k = 0; k < KEYS.length; k++) {
      const key = KEYS[k] as Uint8Array;
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && b.charCodeAt(start + i) === key[i]) i++;
      if (i === len) return k + 1;
    }
    return 0;
  }

  /** Skips any JSON value (checked only as far as needed to find its end). */
  skip(): void {
    const c = this.ws();
    if (c === QUOTE) {
      this.key();
      return;
    }
    if (c === LBRACE || c === LBRACKET) {
      const close = c === LBRACE ? RBRACE : RBRACKET;
      this.pos++;
      if (this.ws() === close) {
        this.pos++;
        return;
      }
      for (;;) {
        if (close === RBRACE) {
          this.key();
          this.expect(COLON);
        }
        this.skip();
        const d = this.ws();
        this.pos++;
        if (d === close) return;
        if (d !== COMMA) throw notPlain;
      }
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) {
      this.number();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (c === word.charCodeAt(0)) {
        if (!this.b.startsWith(word, this.pos)) throw notPlain;
        this.pos += word.length;
        return;
      }
    }
    throw notPlain;
  }

  numberValue(): number {
    const c = this.ws();
    if (c !== MINUS && (c < ZERO || c > NINE)) throw notPlain;
    const v = this.number();
    if (!Number.isFinite(v)) throw notPlain;
    return v;
  }
}

class Growable {
  a: Float64Array;
  constructor(cap: number) {
    this.a = new Float64Array(cap);
  }
  grow(): void {
    const next = new Float64Array(this.a.length * 2);
    next.set(this.a);
    this.a = next;
  }
}

/**
 * Reads a COCO results list from its bytes (UTF-8 or ASCII JSON), or returns null when it is not the plain shape.
 * @example scanCocoResults(Buffer.from('[{"image_id":1,"category_id":2,"bbox":[0,0,4,5],"score":0.5}]'))?.w[0] // 4
 */
export function scanCocoResults(bytes: Uint8Array): CocoDetectionColumns | null {
  try {
    return scan(latin1.decode(bytes));
  } catch (err) {
    if (err === notPlain) return null;
    throw err;
  }
}

function scan(text: string): CocoDetectionColumns {
  const s = new Scanner(text);
  // a UTF-8 byte-order mark is not JSON; JSON.parse rejects it too
  s.expect(LBRACKET);
  const cap = Math.max(16, Math.ceil(text.length / 60));
  const cols = Array.from({ length: 7 }, () => new Growable(cap));
  const [imageId, categoryId, x, y, w, h, score] = cols as [Growable, Growable, Growable, Growable, Growable, Growable, Growable];
  let n = 0;
  if (s.ws() === RBRACKET) s.pos++;
  else {
    for (;;) {
      if (n === imageId.a.length) for (const c of cols) c.grow();
      s.expect(LBRACE);
      let seen = 0;
      if (s.ws() === RBRACE) throw notPlain;
      for (;;) {
        const k = s.key();
        s.expect(COLON);
        switch (k) {
          case KEY_IMAGE:
            imageId.a[n] = s.numberValue();
            seen |= 1;
            break;
          case KEY_CATEGORY:
            categoryId.a[n] = s.numberValue();
            seen |= 2;
            break;
          case KEY_SCORE:
            score.a[n] = s.numberValue();
            seen |= 4;
            break;
          case KEY_BBOX:
            s.expect(LBRACKET);
            x.a[n] = s.numberValue();
            s.expect(COMMA);
            y.a[n] = s.numberValue();
            s.expect(COMMA);
            w.a[n] = s.numberValue();
            s.expect(COMMA);
            h.a[n] = s.numberValue();
            s.expect(RBRACKET);
            seen |= 8;
            break;
          default:
            s.skip();
        }
        const d = s.ws();
        s.pos++;
        if (d === RBRACE) break;
        if (d !== COMMA) throw notPlain;
      }
      if (seen !== 15) throw notPlain;
      n++;
      const d = s.ws();
      s.pos++;
      if (d === RBRACKET) break;
      if (d !== COMMA) throw notPlain;
    }
  }
  if (s.ws() !== -1) throw notPlain; // trailing content
  const cut = (g: Growable): Float64Array => g.a.subarray(0, n);
  return { n, imageId: cut(imageId), categoryId: cut(categoryId), x: cut(x), y: cut(y), w: cut(w), h: cut(h), score: cut(score) };
}
