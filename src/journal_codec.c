/* journal_codec.c - see journal_codec.h */
#include "journal_codec.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define FLAG_KIND_MASK    0x03u
#define FLAG_HAS_LANG     0x04u
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

/* ---- memory ----------------------------------------------------------- */

/* Arrays of this size or more are allocated for huge pages. */
#define BIG_ALLOC_MIN ((size_t)4 << 20)
#define HUGE_PAGE     ((size_t)2 << 20)

/* Allocate size bytes that the caller fills right away. A 1M-quad change
 * set decodes into 160 MB; on Linux, asking for transparent huge pages for
 * such an array replaces ~40000 page faults by ~80, which is most of the
 * cost of a cold decode. Elsewhere (or when refused) it is plain memory.
 * Freed with free(). */
static void *big_alloc(size_t size)
{
    size_t rounded;
    void *p;

    if (size < BIG_ALLOC_MIN)
        return malloc(size);
    if (size > SIZE_MAX - HUGE_PAGE)
        return NULL;
    rounded = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    p = aligned_alloc(HUGE_PAGE, rounded);
#ifdef MADV_HUGEPAGE
    if (p)
        (void)madvise(p, rounded, MADV_HUGEPAGE); /* advice only: ignore failure */
#endif
    return p;
}

/* Grow an array to size bytes keeping its first used bytes; big_alloc's
 * alignment does not survive realloc, so large arrays move by copy (the
 * capacity doubles, so each byte is copied O(1) times overall). */
static void *big_realloc(void *old, size_t used, size_t size)
{
    void *p;

    if (size < BIG_ALLOC_MIN)
        return realloc(old, size);
    p = big_alloc(size);
    if (!p)
        return NULL;
    if (used)
        memcpy(p, old, used);
    free(old);
    return p;
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

int journal_buf_reserve(struct journal_buf *b, size_t extra)
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
    d = big_realloc(b->data, b->len, cap);
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

/* Interning table: open addressing. A slot holds the upper 32 bits of the
 * term's hash (its tag, which also picks the slot), the term's index and the
 * offset of its entry in the output's term table. A probe compares tags, and
 * a candidate is confirmed against its encoded bytes, which sit in one place,
 * rather than against the caller's struct term and strings (two or three
 * scattered loads): encoding is bound by cache misses, not by instructions. */
struct intern_slot {
    uint32_t tag;
    uint32_t idx; /* 0 = empty */
    uint64_t off; /* of the term's entry in the output buffer */
};

struct intern {
    struct intern_slot *slots;
    size_t mask; /* slots - 1 */
    size_t n;    /* terms so far, including the unused index 0 */
    size_t cap;  /* grow beyond this many (half the slots) */
};

#define INTERN_MAX_CAP ((size_t)1 << 31) /* slots stay addressable by a tag */

static void intern_free(struct intern *in)
{
    free(in->slots);
}

/* Sized for about expect distinct terms, so that growing is rare. */
static int intern_init(struct intern *in, size_t expect)
{
    memset(in, 0, sizeof *in);
    in->cap = 1024;
    while (in->cap < expect && in->cap < INTERN_MAX_CAP)
        in->cap *= 2;
    in->mask = in->cap * 2 - 1;
    in->slots = big_alloc((in->mask + 1) * sizeof *in->slots);
    if (!in->slots)
        return -1;
    memset(in->slots, 0, (in->mask + 1) * sizeof *in->slots);
    in->n = 1;
    return 0;
}

static int intern_grow(struct intern *in)
{
    size_t cap = in->cap * 2, mask = in->mask * 2 + 1;
    struct intern_slot *slots;

    if (cap > INTERN_MAX_CAP)
        return -1;
    slots = big_alloc((mask + 1) * sizeof *slots);
    if (!slots)
        return -1;
    memset(slots, 0, (mask + 1) * sizeof *slots);
    for (size_t i = 0; i <= in->mask; i++) {
        size_t pos;
        if (!in->slots[i].idx)
            continue;
        pos = (size_t)in->slots[i].tag & mask;
        while (slots[pos].idx)
            pos = (pos + 1) & mask;
        slots[pos] = in->slots[i];
    }
    free(in->slots);
    in->slots = slots;
    in->mask = mask;
    in->cap = cap;
    return 0;
}

/* A varint this file wrote itself (no bounds to check). */
static inline const unsigned char *own_varint(const unsigned char *p, uint64_t *v)
{
    uint64_t r = 0;
    unsigned shift = 0;

    while (*p & 0x80) {
        r |= (uint64_t)(*p++ & 0x7f) << shift;
        shift += 7;
    }
    *v = r | (uint64_t)*p++ << shift;
    return p;
}

static unsigned term_flags(const struct term *t)
{
    unsigned flags = (unsigned)t->kind;

    if (t->kind == TERM_LITERAL) {
        if (t->lang)
            flags |= FLAG_HAS_LANG;
        if (t->datatype)
            flags |= FLAG_HAS_DATATYPE;
    }
    return flags;
}

/* Whether the NUL-terminated s is the n bytes at p (which hold no NUL):
 * strncmp stops at a shorter s, so s is never read past its end. */
static inline int own_str_is(const unsigned char *p, uint64_t n, const char *s)
{
    return !strncmp((const char *)p, s, (size_t)n) && s[n] == '\0';
}

/* Whether the table entry at e (written by put_term) encodes t. */
static int term_is_encoded(const unsigned char *e, const struct term *t)
{
    unsigned flags = *e++;
    uint64_t n;

    if (flags != term_flags(t))
        return 0;
    e = own_varint(e, &n);
    if (n != t->len || (n && memcmp(e, t->value, (size_t)n)))
        return 0;
    e += n + 1;
    if (flags & FLAG_HAS_LANG) {
        e = own_varint(e, &n);
        if (!own_str_is(e, n, t->lang))
            return 0;
        e += n + 1;
    }
    if (flags & FLAG_HAS_DATATYPE) {
        e = own_varint(e, &n);
        if (!own_str_is(e, n, t->datatype))
            return 0;
    }
    return 1;
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

/* Append one term's table entry to b. */
static int put_term(struct journal_buf *b, const struct term *t)
{
    unsigned flags = term_flags(t);
    size_t lang_len = flags & FLAG_HAS_LANG ? strlen(t->lang) : 0;
    size_t dt_len = flags & FLAG_HAS_DATATYPE ? strlen(t->datatype) : 0;
    size_t need = 1 + 3 * (VARINT_MAX + 1);
    unsigned char *p;

    if (t->len > SIZE_MAX - need - lang_len - dt_len)
        return -1;
    need += t->len + lang_len + dt_len;
    if (journal_buf_reserve(b, need))
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

/* A small direct-mapped cache keyed by a term's pointers: callers usually
 * pass strings shared from one dictionary, so the same term comes with the
 * same pointers, and equal pointers need neither hashing nor comparing
 * bytes (the strings cannot change during one encode). */
#define PTR_CACHE_SIZE 1024

struct ptr_cache_entry {
    const struct term *t;
    uint32_t idx;
};

static inline size_t ptr_cache_slot(const struct term *t)
{
    uint64_t k = (uint64_t)(uintptr_t)t->value ^ ((uint64_t)(uintptr_t)t->datatype << 7) ^
                 ((uint64_t)(uintptr_t)t->lang << 13) ^ (uint64_t)t->len;
    k *= HASH_K1;
    return (size_t)(k >> 54); /* top 10 bits: PTR_CACHE_SIZE entries */
}

static inline int same_pointers(const struct term *a, const struct term *b)
{
    return a->kind == b->kind && a->value == b->value && a->len == b->len && a->lang == b->lang &&
           a->datatype == b->datatype;
}

static const char *const position_name[4] = {"subject", "predicate", "object", "graph"};

/* Quads are encoded in blocks: first every term of the block that misses
 * the pointer cache is hashed and its table slot prefetched, then the terms
 * are interned, then the indexes written. The table is far larger than the
 * CPU caches, so overlapping those memory loads is what makes encoding fast. */
#define ENCODE_BLOCK 64

struct pending {
    const struct term *t;
    uint32_t tag;
    uint32_t *idx; /* where the result goes */
    struct ptr_cache_entry *ce;
};

/* Index of t (whose hash tag is known) in the table, adding it (and its
 * encoding to b) when new. Returns 0 on failure (out of memory, too many). */
static uint32_t intern_tagged(struct intern *in, struct journal_buf *b, const struct term *t,
                              uint32_t tag)
{
    size_t pos = (size_t)tag & in->mask;
    struct intern_slot *sl;

    while ((sl = &in->slots[pos])->idx) {
        if (sl->tag == tag && term_is_encoded(b->data + sl->off, t))
            return sl->idx;
        pos = (pos + 1) & in->mask;
    }
    if (in->n == in->cap) {
        if (intern_grow(in))
            return 0;
        pos = (size_t)tag & in->mask;
        while (in->slots[pos].idx)
            pos = (pos + 1) & in->mask;
    }
    sl = &in->slots[pos];
    sl->off = b->len;
    if (put_term(b, t))
        return 0;
    sl->tag = tag;
    sl->idx = (uint32_t)in->n++;
    return sl->idx;
}

/* Prefetch the encoded entry of the first candidate for tag, if any. */
static inline void intern_prefetch(const struct intern *in, const struct journal_buf *b,
                                   uint32_t tag)
{
    size_t pos = (size_t)tag & in->mask;
    const struct intern_slot *sl;

    while ((sl = &in->slots[pos])->idx) {
        if (sl->tag == tag) {
            __builtin_prefetch(b->data + sl->off);
            return;
        }
        pos = (pos + 1) & in->mask;
    }
}

int journal_codec_encode(const struct term_quad *quads, size_t n, struct journal_buf *out,
                         struct error *err)
{
    struct intern in;
    struct journal_buf qb = {NULL, 0, 0};
    struct ptr_cache_entry *cache = calloc(PTR_CACHE_SIZE, sizeof *cache);
    struct pending pend[ENCODE_BLOCK * 4];
    uint32_t idx[ENCODE_BLOCK][4];
    unsigned char hdr[HEADER_MAX], *h;
    size_t hdr_len, terms_len;
    int rc = -1;

    if (intern_init(&in, n) || !cache)
        goto oom;
    /* A generous first guess at the size saves copying while growing; the
     * part never written is never touched, so it costs address space only. */
    out->len = 0;
    if (journal_buf_reserve(out, HEADER_MAX + (n < SIZE_MAX / 64 ? n * 48 : 0)))
        goto oom;
    out->len = HEADER_MAX; /* the header is moved into place at the end */
    if (n > SIZE_MAX / (4 * VARINT_MAX) || journal_buf_reserve(&qb, n * 4 * 3))
        goto oom;
    for (size_t base = 0; base < n; base += ENCODE_BLOCK) {
        size_t m = n - base < ENCODE_BLOCK ? n - base : ENCODE_BLOCK, np = 0;
        /* 1: validate, look up the pointer cache, hash and prefetch the rest */
        for (size_t i = 0; i < m; i++) {
            const struct term_quad *q = &quads[base + i];
            const struct term *pos[4] = {&q->s, &q->p, &q->o, &q->g};
            for (int k = 0; k < 4; k++) {
                const struct term *t = pos[k];
                struct ptr_cache_entry *ce;
                if (t->kind == TERM_NONE && k == 3) {
                    idx[i][k] = 0;
                    continue;
                }
                if (t->kind != TERM_IRI && t->kind != TERM_BLANK && t->kind != TERM_LITERAL) {
                    error_set(err, "quad %zu: the %s is %s", base + i + 1, position_name[k],
                              t->kind == TERM_NONE ? "absent" : "of an unknown kind");
                    goto out;
                }
                if (t->len && !t->value) {
                    error_set(err, "quad %zu: the %s has a length but no value", base + i + 1,
                              position_name[k]);
                    goto out;
                }
                ce = &cache[ptr_cache_slot(t)];
                if (ce->t && same_pointers(ce->t, t)) {
                    idx[i][k] = ce->idx;
                    continue;
                }
                pend[np].t = t;
                pend[np].tag = (uint32_t)(term_hash(t) >> 32);
                pend[np].idx = &idx[i][k];
                pend[np].ce = ce;
                __builtin_prefetch(&in.slots[(size_t)pend[np].tag & in.mask]);
                np++;
            }
        }
        /* 2: the slots are (being) loaded: prefetch candidate entries */
        for (size_t x = 0; x < np; x++)
            intern_prefetch(&in, out, pend[x].tag);
        /* 3: intern (in order, so the term table is in order of first use) */
        for (size_t x = 0; x < np; x++) {
            uint32_t v = intern_tagged(&in, out, pend[x].t, pend[x].tag);
            if (!v)
                goto oom;
            *pend[x].idx = v;
            pend[x].ce->t = pend[x].t;
            pend[x].ce->idx = v;
        }
        /* 4: the indexes */
        if (journal_buf_reserve(&qb, m * 4 * VARINT_MAX))
            goto oom;
        for (size_t i = 0; i < m; i++)
            for (int k = 0; k < 4; k++) {
                uint32_t v = idx[i][k];
                if (v < 0x80)
                    qb.data[qb.len++] = (unsigned char)v;
                else
                    qb.len = (size_t)(put_varint(qb.data + qb.len, v) - qb.data);
            }
    }
    /* header + term table (already in out after the reserved room) + quads */
    h = put_varint(hdr + 1, in.n - 1);
    hdr[0] = JOURNAL_CODEC_VERSION;
    h = put_varint(h, n);
    hdr_len = (size_t)(h - hdr);
    terms_len = out->len - HEADER_MAX;
    if (journal_buf_reserve(out, qb.len))
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
    free(cache);
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

int journal_codec_decode(const void *blob, size_t len, struct journal_quads *out, struct error *err)
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
    /* the arrays only grow; their old content is not needed */
    if (nt + 1 > out->cap_terms) {
        free(out->terms);
        out->cap_terms = 0;
        out->terms = big_alloc((size_t)(nt + 1) * sizeof *terms);
        if (!out->terms)
            goto oom;
        out->cap_terms = (size_t)nt + 1;
    }
    if (nq > out->cap_quads) {
        free(out->quads);
        out->cap_quads = 0;
        out->quads = big_alloc((size_t)nq * sizeof *quads);
        if (!out->quads)
            goto oom;
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
        if (t->kind == TERM_NONE ||
            (flags & ~(FLAG_KIND_MASK | FLAG_HAS_LANG | FLAG_HAS_DATATYPE)) ||
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
