/* journal_codec.c - see journal_codec.h */
#include "journal_codec.h"

#include <stdlib.h>
#include <string.h>

#define FLAG_KIND_MASK 0x03u
#define FLAG_HAS_LANG 0x04u
#define FLAG_HAS_DATATYPE 0x08u

/* Worst-case bytes of a varint holding a 64-bit value. */
#define VARINT_MAX 10
/* Room kept in front of the term table for the header (version + 2 varints). */
#define HEADER_MAX (1 + 2 * VARINT_MAX)

/* ---- hash ------------------------------------------------------------- */

/* Multiply-rotate over little-endian 64-bit words, then the SplitMix64
 * finaliser (Steele, Lea, Flood: "Fast splittable pseudorandom number
 * generators", 2014) so that every input bit reaches every output bit.
 * K1 is 2^64 divided by the golden ratio, K2 an arbitrary odd constant. */
#define HASH_K1 0x9E3779B97F4A7C15ull
#define HASH_K2 0xD1B54A32D192ED03ull

static inline uint64_t load64le(const unsigned char *p)
{
    uint64_t w;

    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t hash_final(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}

uint64_t journal_hash(uint64_t seed, const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ ((uint64_t)len * HASH_K1);

    while (len >= 8) {
        h = rotl64(h ^ (load64le(p) * HASH_K2), 31) * HASH_K1;
        p += 8;
        len -= 8;
    }
    if (len) {
        uint64_t w = 0;
        for (size_t i = 0; i < len; i++)
            w |= (uint64_t)p[i] << (8 * i);
        h = rotl64(h ^ (w * HASH_K2), 31) * HASH_K1;
    }
    return hash_final(h);
}

/* ---- buffers ---------------------------------------------------------- */

void journal_buf_free(struct journal_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Make room for extra more bytes; -1 on overflow or out of memory. */
static int buf_reserve(struct journal_buf *b, size_t extra)
{
    size_t need, cap;
    unsigned char *d;

    if (extra > SIZE_MAX - b->len)
        return -1;
    need = b->len + extra;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 4096;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    d = realloc(b->data, cap);
    if (!d)
        return -1;
    b->data = d;
    b->cap = cap;
    return 0;
}

/* Callers reserve VARINT_MAX bytes first. */
static inline unsigned char *put_varint(unsigned char *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

static inline int get_varint(const unsigned char **pp, const unsigned char *end, uint64_t *v)
{
    const unsigned char *p = *pp;
    uint64_t r = 0;
    unsigned shift = 0;

    if (p < end && *p < 0x80) {
        *v = *p;
        *pp = p + 1;
        return 0;
    }
    while (p < end) {
        unsigned char b = *p++;
        if (shift == 63 && b > 1)
            return -1; /* more than 64 bits */
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = r;
            *pp = p;
            return 0;
        }
        shift += 7;
    }
    return -1; /* runs off the end */
}

/* ---- encoder ---------------------------------------------------------- */

/* Interning table: open addressing over term indexes; the terms themselves
 * stay in the caller's quads (shared, the array is stable during encode). */
struct intern {
    const struct term **terms; /* index -> term (1-based; [0] unused) */
    uint64_t *hashes;          /* index -> hash */
    size_t n;                  /* terms used, including the unused [0] */
    size_t cap;
    uint32_t *slots; /* 0 = empty, else index */
    size_t mask;     /* slots - 1 */
};

static void intern_free(struct intern *in)
{
    free(in->terms);
    free(in->hashes);
    free(in->slots);
}

static int intern_init(struct intern *in)
{
    memset(in, 0, sizeof *in);
    in->cap = 1024;
    in->mask = 2047;
    in->terms = malloc(in->cap * sizeof *in->terms);
    in->hashes = malloc(in->cap * sizeof *in->hashes);
    in->slots = calloc(in->mask + 1, sizeof *in->slots);
    if (!in->terms || !in->hashes || !in->slots)
        return -1;
    in->n = 1;
    return 0;
}

static int intern_grow(struct intern *in)
{
    size_t cap = in->cap * 2, mask = in->mask * 2 + 1;
    const struct term **t;
    uint64_t *h;
    uint32_t *slots;

    if (cap > UINT32_MAX)
        return -1;
    t = realloc(in->terms, cap * sizeof *t);
    if (!t)
        return -1;
    in->terms = t;
    h = realloc(in->hashes, cap * sizeof *h);
    if (!h)
        return -1;
    in->hashes = h;
    slots = calloc(mask + 1, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 1; i < in->n; i++) {
        size_t s = in->hashes[i] & mask;
        while (slots[s])
            s = (s + 1) & mask;
        slots[s] = (uint32_t)i;
    }
    free(in->slots);
    in->slots = slots;
    in->mask = mask;
    in->cap = cap;
    return 0;
}

static uint64_t term_hash(const struct term *t)
{
    uint64_t h = journal_hash((uint64_t)t->kind, t->value, t->len);

    if (t->kind == TERM_LITERAL) {
        if (t->lang)
            h = journal_hash(h ^ 1, t->lang, strlen(t->lang));
        if (t->datatype)
            h = journal_hash(h ^ 2, t->datatype, strlen(t->datatype));
    }
    return h;
}

static int opt_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return a == b || !strcmp(a, b);
}

/* The codec's notion of equal: the bytes it would write are equal. */
static int term_same(const struct term *a, const struct term *b)
{
    if (a->kind != b->kind || a->len != b->len)
        return 0;
    if (a->len && a->value != b->value && memcmp(a->value, b->value, a->len))
        return 0;
    if (a->kind != TERM_LITERAL)
        return 1;
    return opt_str_eq(a->lang, b->lang) && opt_str_eq(a->datatype, b->datatype);
}

/* Append one term's table entry to b. */
static int put_term(struct journal_buf *b, const struct term *t)
{
    size_t lang_len = 0, dt_len = 0, need;
    unsigned flags = (unsigned)t->kind;
    unsigned char *p;

    if (t->kind == TERM_LITERAL && t->lang) {
        flags |= FLAG_HAS_LANG;
        lang_len = strlen(t->lang);
    }
    if (t->kind == TERM_LITERAL && t->datatype) {
        flags |= FLAG_HAS_DATATYPE;
        dt_len = strlen(t->datatype);
    }
    need = 1 + 3 * (VARINT_MAX + 1);
    if (t->len > SIZE_MAX - need - lang_len - dt_len)
        return -1;
    need += t->len + lang_len + dt_len;
    if (buf_reserve(b, need))
        return -1;
    p = b->data + b->len;
    *p++ = (unsigned char)flags;
    p = put_varint(p, t->len);
    if (t->len)
        memcpy(p, t->value, t->len);
    p += t->len;
    *p++ = 0;
    if (flags & FLAG_HAS_LANG) {
        p = put_varint(p, lang_len);
        memcpy(p, t->lang, lang_len);
        p += lang_len;
        *p++ = 0;
    }
    if (flags & FLAG_HAS_DATATYPE) {
        p = put_varint(p, dt_len);
        memcpy(p, t->datatype, dt_len);
        p += dt_len;
        *p++ = 0;
    }
    b->len = (size_t)(p - b->data);
    return 0;
}

/* Index of t in the table, adding it (and its encoding to b) when new.
 * Returns 0 on failure (out of memory / too many terms). */
static uint32_t intern_term(struct intern *in, struct journal_buf *b, const struct term *t)
{
    uint64_t h = term_hash(t);
    size_t s = h & in->mask;
    uint32_t idx;

    while ((idx = in->slots[s]) != 0) {
        if (in->hashes[idx] == h && term_same(in->terms[idx], t))
            return idx;
        s = (s + 1) & in->mask;
    }
    if (in->n == in->cap || in->n * 2 > in->mask) {
        if (intern_grow(in))
            return 0;
        s = h & in->mask;
        while (in->slots[s])
            s = (s + 1) & in->mask;
    }
    if (put_term(b, t))
        return 0;
    idx = (uint32_t)in->n++;
    in->terms[idx] = t;
    in->hashes[idx] = h;
    in->slots[s] = idx;
    return idx;
}

/* A one-entry cache per quad position: parsers and callers often reuse the
 * same strings for consecutive quads (same subject, same graph), and equal
 * pointers need no hashing. */
struct slot_cache {
    const struct term *t;
    uint32_t idx;
};

static inline int same_pointers(const struct term *a, const struct term *b)
{
    return a->kind == b->kind && a->value == b->value && a->len == b->len &&
           a->lang == b->lang && a->datatype == b->datatype;
}

static const char *const position_name[4] = {"subject", "predicate", "object", "graph"};

int journal_codec_encode(const struct term_quad *quads, size_t n, struct journal_buf *out,
                         struct error *err)
{
    struct intern in;
    struct journal_buf qb = {NULL, 0, 0};
    struct slot_cache cache[4] = {{NULL, 0}, {NULL, 0}, {NULL, 0}, {NULL, 0}};
    unsigned char hdr[HEADER_MAX], *h;
    size_t hdr_len, terms_len;
    int rc = -1;

    if (intern_init(&in))
        goto oom;
    out->len = 0;
    if (buf_reserve(out, HEADER_MAX))
        goto oom;
    out->len = HEADER_MAX; /* the header is moved into place at the end */
    if (n > SIZE_MAX / (4 * VARINT_MAX) || buf_reserve(&qb, n * 4 * 3))
        goto oom;
    for (size_t i = 0; i < n; i++) {
        const struct term *pos[4] = {&quads[i].s, &quads[i].p, &quads[i].o, &quads[i].g};
        if (buf_reserve(&qb, 4 * VARINT_MAX))
            goto oom;
        for (int k = 0; k < 4; k++) {
            const struct term *t = pos[k];
            uint32_t idx;
            if (t->kind == TERM_NONE && k == 3) {
                idx = 0;
            } else if (t->kind != TERM_IRI && t->kind != TERM_BLANK &&
                       t->kind != TERM_LITERAL) {
                error_set(err, "quad %zu: the %s is %s", i + 1, position_name[k],
                          t->kind == TERM_NONE ? "absent" : "of an unknown kind");
                goto out;
            } else if (t->len && !t->value) {
                error_set(err, "quad %zu: the %s has a length but no value", i + 1,
                          position_name[k]);
                goto out;
            } else if (cache[k].t && same_pointers(cache[k].t, t)) {
                idx = cache[k].idx;
            } else {
                idx = intern_term(&in, out, t);
                if (!idx)
                    goto oom;
                cache[k].t = t;
                cache[k].idx = idx;
            }
            qb.data[qb.len] = (unsigned char)idx; /* fast path: one byte */
            if (idx < 0x80)
                qb.len++;
            else
                qb.len = (size_t)(put_varint(qb.data + qb.len, idx) - qb.data);
        }
    }
    /* header + term table (already in out after the reserved room) + quads */
    h = put_varint(hdr + 1, in.n - 1);
    hdr[0] = JOURNAL_CODEC_VERSION;
    h = put_varint(h, n);
    hdr_len = (size_t)(h - hdr);
    terms_len = out->len - HEADER_MAX;
    if (buf_reserve(out, qb.len))
        goto oom;
    memmove(out->data + hdr_len, out->data + HEADER_MAX, terms_len);
    memcpy(out->data, hdr, hdr_len);
    if (qb.len)
        memcpy(out->data + hdr_len + terms_len, qb.data, qb.len);
    out->len = hdr_len + terms_len + qb.len;
    rc = 0;
    goto out;
oom:
    error_set(err, "out of memory encoding %zu quads", n);
out:
    if (rc)
        out->len = 0;
    intern_free(&in);
    journal_buf_free(&qb);
    return rc;
}

/* ---- decoder ---------------------------------------------------------- */

void journal_quads_free(struct journal_quads *q)
{
    if (!q)
        return;
    free(q->terms);
    free(q->quads);
    memset(q, 0, sizeof *q);
}

/* A NUL-terminated string of len bytes at *pp: checks room and terminator
 * and, when no_nul, that it holds no NUL before the terminator. */
static int get_string(const unsigned char **pp, const unsigned char *end, int no_nul,
                      const char **s, size_t *len)
{
    const unsigned char *p = *pp;
    uint64_t n;

    if (get_varint(&p, end, &n) || n >= (uint64_t)(end - p) || p[n] != 0)
        return -1;
    if (no_nul && memchr(p, 0, (size_t)n))
        return -1;
    *s = (const char *)p;
    *len = (size_t)n;
    *pp = p + n + 1;
    return 0;
}

static inline int get_index(const unsigned char **pp, const unsigned char *end, uint64_t max,
                            uint64_t *v)
{
    const unsigned char *p = *pp;

    if (p < end && *p < 0x80) {
        *v = *p;
        *pp = p + 1;
    } else if (get_varint(pp, end, v)) {
        return -1;
    }
    return *v > max ? -1 : 0;
}

int journal_codec_decode(const void *blob, size_t len, struct journal_quads *out,
                         struct error *err)
{
    const unsigned char *p = blob, *end = p + len;
    uint64_t nt, nq;
    struct term *terms;
    struct term_quad *quads;

    out->n_terms = out->n_quads = 0;
    if (len < 1 || !p) {
        error_set(err, "malformed quad blob: empty");
        return -1;
    }
    if (p[0] != JOURNAL_CODEC_VERSION) {
        error_set(err, "malformed quad blob: unknown codec version %u", p[0]);
        return -1;
    }
    p++;
    if (get_varint(&p, end, &nt) || get_varint(&p, end, &nq)) {
        error_set(err, "malformed quad blob: truncated header");
        return -1;
    }
    /* each term takes at least 3 bytes, each quad at least 4 */
    if (nt > (uint64_t)(end - p) / 3 || nq > (uint64_t)(end - p) / 4) {
        error_set(err, "malformed quad blob: %llu terms and %llu quads cannot fit in %zu bytes",
                  (unsigned long long)nt, (unsigned long long)nq, len);
        return -1;
    }
    if (nt + 1 > out->cap_terms) {
        terms = realloc(out->terms, (size_t)(nt + 1) * sizeof *terms);
        if (!terms)
            goto oom;
        out->terms = terms;
        out->cap_terms = (size_t)nt + 1;
    }
    if (nq > out->cap_quads) {
        quads = realloc(out->quads, (size_t)nq * sizeof *quads);
        if (!quads)
            goto oom;
        out->quads = quads;
        out->cap_quads = (size_t)nq;
    }
    terms = out->terms;
    quads = out->quads;
    terms[0] = (struct term){TERM_NONE, NULL, 0, NULL, NULL};
    for (uint64_t i = 1; i <= nt; i++) {
        struct term *t = &terms[i];
        unsigned flags;
        size_t dummy;
        if (p >= end)
            goto truncated;
        flags = *p++;
        t->kind = (enum term_kind)(flags & FLAG_KIND_MASK);
        t->lang = t->datatype = NULL;
        if (t->kind == TERM_NONE || (flags & ~(FLAG_KIND_MASK | FLAG_HAS_LANG | FLAG_HAS_DATATYPE)) ||
            (t->kind != TERM_LITERAL && (flags & (FLAG_HAS_LANG | FLAG_HAS_DATATYPE)))) {
            error_set(err, "malformed quad blob: term %llu has invalid flags 0x%02x",
                      (unsigned long long)i, flags);
            return -1;
        }
        if (get_string(&p, end, 0, &t->value, &t->len) ||
            ((flags & FLAG_HAS_LANG) && get_string(&p, end, 1, &t->lang, &dummy)) ||
            ((flags & FLAG_HAS_DATATYPE) && get_string(&p, end, 1, &t->datatype, &dummy))) {
            error_set(err, "malformed quad blob: term %llu has a bad length or terminator",
                      (unsigned long long)i);
            return -1;
        }
    }
    if (nq > (uint64_t)(end - p) / 4)
        goto truncated;
    for (uint64_t i = 0; i < nq; i++) {
        uint64_t s, pr, o, g;
        if (get_index(&p, end, nt, &s) || get_index(&p, end, nt, &pr) ||
            get_index(&p, end, nt, &o) || get_index(&p, end, nt, &g) || !s || !pr || !o) {
            error_set(err, "malformed quad blob: quad %llu has a bad term index",
                      (unsigned long long)i + 1);
            return -1;
        }
        quads[i].s = terms[s];
        quads[i].p = terms[pr];
        quads[i].o = terms[o];
        quads[i].g = terms[g];
    }
    if (p != end) {
        error_set(err, "malformed quad blob: %zu trailing bytes", (size_t)(end - p));
        return -1;
    }
    out->n_terms = (size_t)nt;
    out->n_quads = (size_t)nq;
    return 0;
truncated:
    error_set(err, "malformed quad blob: truncated");
    return -1;
oom:
    error_set(err, "out of memory decoding %llu quads", (unsigned long long)nq);
    return -1;
}
