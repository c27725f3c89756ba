/*
 * Loupe's JPEG fast path: one call decodes a baseline or progressive JPEG into 8-bit HWC pixels with the system's
 * libjpeg-turbo (the same IDCT and fancy upsampling as sharp's own libjpeg), on the calling thread, with none of
 * libvips' pipeline set-up. It declines, with a reason, every file whose pixels libvips would change after
 * decoding or would treat differently: an embedded ICC profile (libvips converts it to sRGB), an EXIF orientation
 * other than 1 (libvips rotates) or one stored in a form this reader does not take, CMYK/YCCK, a progressive file
 * whose scans leave coefficients unrefined (libjpeg-turbo and sharp's mozjpeg smooth those blocks differently), any
 * libjpeg warning (sharp fails on those), and images over sharp's pixel limit. The caller then decodes through sharp
 * as before, so every image gets the pixels it always got.
 *
 * N-API only (ABI-stable): the same binary loads in Node and in Electron.
 */
#include <node_api.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

/* sharp's default limitInputPixels (0x3FFF * 0x3FFF). */
#define MAX_PIXELS 268402689ULL
/* The largest tensor side layout() takes: every size product then fits in 64 bits, and 3 * w * h in a size_t. */
#define MAX_TENSOR_SIDE 65536U

struct loupe_error_mgr {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  /* why it jumped: an error, or the first warning (decoding stops there: the file is sharp's either way) */
  int warning;
  char message[JMSG_LENGTH_MAX];
};

static void on_error_exit(j_common_ptr cinfo) {
  struct loupe_error_mgr *err = (struct loupe_error_mgr *)cinfo->err;
  (*cinfo->err->format_message)(cinfo, err->message);
  longjmp(err->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
  struct loupe_error_mgr *err = (struct loupe_error_mgr *)cinfo->err;
  if (level < 0) { /* a warning (corrupt data): the file is declined, so decoding the rest would be wasted */
    (*cinfo->err->format_message)(cinfo, err->message);
    err->warning = 1;
    longjmp(err->jump, 1);
  }
}

static unsigned read16(const JOCTET *p, int le) { return le ? (unsigned)(p[0] | (p[1] << 8)) : (unsigned)((p[0] << 8) | p[1]); }
static unsigned long read32(const JOCTET *p, int le) {
  return le ? ((unsigned long)p[0] | ((unsigned long)p[1] << 8) | ((unsigned long)p[2] << 16) | ((unsigned long)p[3] << 24))
            : (((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) | ((unsigned long)p[2] << 8) | (unsigned long)p[3]);
}

/*
 * The EXIF orientation (tag 0x0112 of IFD0) of an APP1 "Exif" payload: 1..8; 1 when absent, unreadable or out of
 * range (sharp ignores those too); -1 when present in a form other than one SHORT or LONG (libexif reads signed and
 * offset forms that this reader does not, and sharp would rotate by them).
 */
static int exif_orientation(const JOCTET *data, unsigned len) {
  if (len < 14 || memcmp(data, "Exif\0\0", 6) != 0) return 1;
  const JOCTET *tiff = data + 6;
  const uint64_t n = len - 6;
  int le;
  if (tiff[0] == 'I' && tiff[1] == 'I') le = 1;
  else if (tiff[0] == 'M' && tiff[1] == 'M') le = 0;
  else return 1;
  const uint64_t ifd = read32(tiff + 4, le);
  if (ifd > n || n - ifd < 2) return 1;
  const unsigned count = read16(tiff + ifd, le);
  for (unsigned i = 0; i < count; i++) {
    const uint64_t e = ifd + 2 + 12ULL * i;
    if (e > n || n - e < 12) return 1;
    if (read16(tiff + e, le) == 0x0112) {
      const unsigned type = read16(tiff + e + 2, le);
      if ((type != 3 && type != 4) || read32(tiff + e + 4, le) != 1) return -1;
      const unsigned long v = type == 3 ? read16(tiff + e + 8, le) : read32(tiff + e + 8, le);
      return v >= 1 && v <= 8 ? (int)v : 1;
    }
  }
  return 1;
}

/* Whether a progressive file's scans left any coefficient unrefined (final once jpeg_start_decompress has run). */
static bool unrefined_coefficients(j_decompress_ptr c) {
  if (!c->progressive_mode || !c->coef_bits) return false;
  for (int ci = 0; ci < c->num_components; ci++)
    for (int k = 0; k < DCTSIZE2; k++)
      if (c->coef_bits[ci][k] != 0) return true;
  return false;
}

/* Why the decoder leaves this file to sharp, or NULL when it can decode it. */
static const char *declined_by_markers(j_decompress_ptr c, char *buf, size_t size) {
  for (jpeg_saved_marker_ptr m = c->marker_list; m; m = m->next) {
    if (m->marker == JPEG_APP0 + 2 && m->data_length >= 12 && memcmp(m->data, "ICC_PROFILE\0", 12) == 0) return "an embedded ICC profile";
    if (m->marker == JPEG_APP0 + 1) {
      int o = exif_orientation(m->data, m->data_length);
      if (o < 0) return "an EXIF orientation stored in a form Loupe does not read";
      if (o != 1) {
        snprintf(buf, size, "EXIF orientation %d", o);
        return buf;
      }
    }
  }
  if (c->jpeg_color_space != JCS_YCbCr && c->jpeg_color_space != JCS_GRAYSCALE && c->jpeg_color_space != JCS_RGB) return "a CMYK or YCCK colour space";
  if (c->num_components != 1 && c->num_components != 3) return "an unusual number of components";
  if ((unsigned long long)c->image_width * c->image_height > MAX_PIXELS) return "more pixels than sharp's limit";
  return NULL;
}

static napi_value make_string(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static void set_uint(napi_env env, napi_value obj, const char *key, unsigned v) {
  napi_value n;
  napi_create_uint32(env, v, &n);
  napi_set_named_property(env, obj, key, n);
}

/*
 * decode(bytes: Uint8Array, headerOnly?: boolean): { data?: Buffer, width, height, channels } | string
 * With headerOnly, only the header is read (no data). A string is the reason the file is left to sharp (never
 * thrown: a file libjpeg cannot read is sharp's to report).
 */
static napi_value decode(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    napi_throw_type_error(env, NULL, "decode(bytes) needs a Uint8Array");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length = 0;
  void *bytes = NULL;
  bool is_typed = false;
  napi_is_typedarray(env, argv[0], &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, argv[0], &type, &length, &bytes, NULL, NULL) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "decode(bytes) needs a Uint8Array");
    return NULL;
  }
  bool header_only = false;
  if (argc >= 2) napi_get_value_bool(env, argv[1], &header_only);
  if (length < 4 || ((const unsigned char *)bytes)[0] != 0xFF || ((const unsigned char *)bytes)[1] != 0xD8) return make_string(env, "not a JPEG");

  struct jpeg_decompress_struct c;
  struct loupe_error_mgr err;
  char reason[JMSG_LENGTH_MAX + 32];
  memset(&c, 0, sizeof c);
  memset(&err, 0, sizeof err);
  c.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error_exit;
  err.pub.emit_message = on_emit_message;
  if (setjmp(err.jump)) {
    snprintf(reason, sizeof reason, err.warning ? "libjpeg warning: %s" : "libjpeg: %s", err.message);
    jpeg_destroy_decompress(&c);
    return make_string(env, reason);
  }
  jpeg_create_decompress(&c);
  jpeg_mem_src(&c, (const unsigned char *)bytes, (unsigned long)length);
  jpeg_save_markers(&c, JPEG_APP0 + 1, 0xFFFF);
  jpeg_save_markers(&c, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header(&c, TRUE);
  const char *why = declined_by_markers(&c, reason, sizeof reason);
  if (why) {
    napi_value r = make_string(env, why);
    jpeg_destroy_decompress(&c);
    return r;
  }
  if (header_only) {
    napi_value result;
    napi_create_object(env, &result);
    set_uint(env, result, "width", c.image_width);
    set_uint(env, result, "height", c.image_height);
    set_uint(env, result, "channels", (unsigned)c.num_components);
    jpeg_destroy_decompress(&c);
    return result;
  }
  c.out_color_space = c.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_start_decompress(&c);
  /* a progressive file's scans are all read by now (its coefficients are buffered before the first row comes out) */
  if (unrefined_coefficients(&c)) {
    jpeg_destroy_decompress(&c);
    return make_string(env, "a progressive scan sequence that leaves coefficients unrefined");
  }
  const size_t stride = (size_t)c.output_width * (size_t)c.output_components;
  napi_value data;
  unsigned char *out = NULL;
  /* a JS buffer filled in place; if libjpeg gives up half-way it is left to the garbage collector */
  if (napi_create_buffer(env, stride * c.output_height, (void **)&out, &data) != napi_ok) {
    napi_value pending;
    napi_get_and_clear_last_exception(env, &pending); /* a reason, not a throw: sharp gets the file */
    jpeg_destroy_decompress(&c);
    return make_string(env, "cannot allocate the decoded pixels");
  }
  while (c.output_scanline < c.output_height) {
    JSAMPROW rows[8];
    JDIMENSION n = c.output_height - c.output_scanline;
    if (n > 8) n = 8;
    for (JDIMENSION i = 0; i < n; i++) rows[i] = out + stride * (c.output_scanline + i);
    jpeg_read_scanlines(&c, rows, n);
  }
  jpeg_finish_decompress(&c);
  const unsigned width = c.output_width, height = c.output_height, channels = (unsigned)c.output_components;
  jpeg_destroy_decompress(&c);
  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "data", data);
  set_uint(env, result, "width", width);
  set_uint(env, result, "height", height);
  set_uint(env, result, "channels", channels);
  return result;
}

/*
 * The letterbox pass of preprocess.ts (letterboxToNchw) in C, value for value the same: every tensor value is an
 * entry of the lookup table, the resized image's at its place, the pad entry elsewhere.
 * layout(px: Uint8Array, channels, rw, rh, out: Float32Array | Uint16Array, w, h, top, left, lut (out's type, 256),
 *        padIndex, bgr: boolean): out
 */
#define LAYOUT_BODY(T)                                                                                            \
  do {                                                                                                            \
    T *o = (T *)out;                                                                                              \
    const T *l = (const T *)lut;                                                                                  \
    const T pad = l[pad_index];                                                                                   \
    const size_t plane = (size_t)w * h;                                                                           \
    T *p0 = o + (bgr ? 2 * plane : 0), *p1 = o + plane, *p2 = o + (bgr ? 0 : 2 * plane);                         \
    for (size_t i = 0; i < 3 * plane; i++) o[i] = pad;                                                            \
    for (uint32_t y = 0; y < rh; y++) {                                                                           \
      const size_t row = (size_t)(top + y) * w + left;                                                            \
      const uint8_t *src = px + (size_t)y * rw * channels;                                                        \
      if (channels >= 3) {                                                                                        \
        for (uint32_t x = 0; x < rw; x++, src += channels) {                                                      \
          p0[row + x] = l[src[0]];                                                                                \
          p1[row + x] = l[src[1]];                                                                                \
          p2[row + x] = l[src[2]];                                                                                \
        }                                                                                                         \
      } else {                                                                                                    \
        for (uint32_t x = 0; x < rw; x++, src += channels) {                                                      \
          const T g = l[src[0]];                                                                                  \
          o[row + x] = g;                                                                                         \
          o[plane + row + x] = g;                                                                                 \
          o[2 * plane + row + x] = g;                                                                             \
        }                                                                                                         \
      }                                                                                                           \
    }                                                                                                             \
  } while (0)

static bool typed_array(napi_env env, napi_value v, napi_typedarray_type *type, size_t *length, void **data) {
  bool is = false;
  napi_is_typedarray(env, v, &is);
  return is && napi_get_typedarray_info(env, v, type, length, data, NULL, NULL) == napi_ok;
}

static napi_value layout(napi_env env, napi_callback_info info) {
  size_t argc = 12;
  napi_value argv[12];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 12) {
    napi_throw_type_error(env, NULL, "layout(px, channels, rw, rh, out, w, h, top, left, lut, padIndex, bgr)");
    return NULL;
  }
  napi_typedarray_type px_type, out_type, lut_type;
  size_t px_len, out_len, lut_len;
  void *px_data, *out, *lut;
  uint32_t channels, rw, rh, w, h, top, left, pad_index;
  bool bgr = false;
  if (!typed_array(env, argv[0], &px_type, &px_len, &px_data) || !typed_array(env, argv[4], &out_type, &out_len, &out) ||
      !typed_array(env, argv[9], &lut_type, &lut_len, &lut) || napi_get_value_uint32(env, argv[1], &channels) != napi_ok ||
      napi_get_value_uint32(env, argv[2], &rw) != napi_ok || napi_get_value_uint32(env, argv[3], &rh) != napi_ok ||
      napi_get_value_uint32(env, argv[5], &w) != napi_ok || napi_get_value_uint32(env, argv[6], &h) != napi_ok ||
      napi_get_value_uint32(env, argv[7], &top) != napi_ok || napi_get_value_uint32(env, argv[8], &left) != napi_ok ||
      napi_get_value_uint32(env, argv[10], &pad_index) != napi_ok || napi_get_value_bool(env, argv[11], &bgr) != napi_ok) {
    napi_throw_type_error(env, NULL, "layout(px, channels, rw, rh, out, w, h, top, left, lut, padIndex, bgr): bad argument");
    return NULL;
  }
  const bool is_float = out_type == napi_float32_array && lut_type == napi_float32_array;
  const bool is_half = out_type == napi_uint16_array && lut_type == napi_uint16_array;
  /* every index stays inside its array: the caller's checks are repeated here, in the only place that writes */
  if ((px_type != napi_uint8_array && px_type != napi_uint8_clamped_array) || (!is_float && !is_half) || lut_len != 256 ||
      pad_index > 255 || channels < 1 || channels > 4 || w > MAX_TENSOR_SIDE || h > MAX_TENSOR_SIDE || rw > w || rh > h ||
      left > w - rw || top > h - rh || (uint64_t)out_len != 3ULL * w * h || (uint64_t)px_len < (uint64_t)rw * rh * channels) {
    napi_throw_range_error(env, NULL, "layout: sizes do not fit");
    return NULL;
  }
  const uint8_t *px = (const uint8_t *)px_data;
  if (is_float) LAYOUT_BODY(float);
  else LAYOUT_BODY(uint16_t);
  return argv[4];
}

#define LOUPE_STR2(x) #x
#define LOUPE_STR(x) LOUPE_STR2(x)

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "decode", NAPI_AUTO_LENGTH, decode, NULL, &fn);
  napi_set_named_property(env, exports, "decode", fn);
  napi_create_function(env, "layout", NAPI_AUTO_LENGTH, layout, NULL, &fn);
  napi_set_named_property(env, exports, "layout", fn);
#ifdef LIBJPEG_TURBO_VERSION
  napi_set_named_property(env, exports, "library", make_string(env, "libjpeg-turbo " LOUPE_STR(LIBJPEG_TURBO_VERSION)));
#else
  napi_set_named_property(env, exports, "library", make_string(env, "libjpeg " LOUPE_STR(JPEG_LIB_VERSION)));
#endif
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
