/* journal_codec.h - the binary encoding of an array of quads, and the hash
 * that guards a journal row.
 *
 * Layout (all integers unsigned LEB128 varints, see docs/internals/journal.md):
 *
 *   version byte (JOURNAL_CODEC_VERSION)
 *   n_terms, n_quads
 *   n_terms x term:  flags byte (kind | HAS_LANG | HAS_DATATYPE),
 *                    value length, value bytes, NUL,
 *                    [lang length, lang bytes, NUL], [datatype length, bytes, NUL]
 *   n_quads x quad:  s, p, o, g as 1-based indexes into the term table;
 *                    g == 0 is the default graph (s, p, o may not be 0)
 *
 * Every string is stored with a trailing NUL so that a decoded term can point
 * straight into the blob (no copy): decoding is one pass that validates every
 * length and index. */
#ifndef FUNDAMENT_JOURNAL_CODEC_H
#define FUNDAMENT_JOURNAL_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "term.h"

#define JOURNAL_CODEC_VERSION 1

/* A growable byte buffer; owns data. Reused between calls to avoid
 * reallocating for every change set. */
struct journal_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
};

void journal_buf_free(struct journal_buf *b); /* frees data, keeps b; NULL-safe */
/* Make room for extra more bytes after len; -1 on overflow or out of memory
 * (b unchanged). Large buffers are allocated for huge pages. */
int journal_buf_reserve(struct journal_buf *b, size_t extra);

/* Encode quads[0..n) into out (replacing its content). Fails (without
 * touching anything but out) on an absent subject/predicate/object, an
 * unknown term kind, or out of memory. */
int journal_codec_encode(const struct term_quad *quads, size_t n, struct journal_buf *out,
                         struct error *err);

/* The result of decoding: arrays owned by the struct, strings shared with the
 * blob that was decoded (valid as long as that blob is). Reused between calls
 * (arrays only grow). */
struct journal_quads {
    struct term *terms;
    size_t n_terms;
    size_t cap_terms;
    struct term_quad *quads;
    size_t n_quads;
    size_t cap_quads;
};

void journal_quads_free(struct journal_quads *q); /* frees arrays, keeps q; NULL-safe */

/* Decode blob[0..len) into out. A malformed blob (bad version, a length or
 * index out of range, a missing terminator, trailing bytes) fails with a
 * message; it never reads outside the blob. */
int journal_codec_decode(const void *blob, size_t len, struct journal_quads *out,
                         struct error *err);

/* A 64-bit hash of data[0..len), chained through seed: hashing a record
 * field by field is journal_hash(journal_hash(seed, a, na), b, nb). Not
 * cryptographic: it detects accidental corruption (any single changed 64-bit
 * word always changes the result). Byte-order independent. */
uint64_t journal_hash(uint64_t seed, const void *data, size_t len);

#endif
