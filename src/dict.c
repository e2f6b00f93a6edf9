/* dict.c - the term dictionary (see dict.h).
 *
 * Layout: each term is one record in an append-only arena of large chunks:
 *   kind (1 byte) | datatype id (4 bytes, literals) | value length (4 bytes)
 *   | value bytes | NUL | lang bytes | NUL
 * An id indexes a two-level table of record pointers (pages of 64k ids), so
 * records never move and readers decode without a lock. A hash table of
 * (hash, id) slots finds the id of a term; it is resized by the single
 * writer under a write lock, and readers look up under the read lock. */
#include "dict.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_BITS 16
#define PAGE_SIZE ((size_t)1 << PAGE_BITS)
#define MAX_PAGES ((size_t)1 << (32 - PAGE_BITS))
#define CHUNK_SIZE ((size_t)1 << 20)
#define REC_HEADER 9

struct slot {
    uint32_t hash;
    term_id id; /* TERM_ID_NONE: empty */
};

struct chunk {
    struct chunk *next;
    size_t used, size;
    char data[];
};

struct dict {
    const char **pages[MAX_PAGES]; /* id -> record; pages allocated lazily */
    _Atomic size_t count;          /* next id to hand out */
    struct chunk *chunks;          /* newest first */
    size_t arena_bytes;
    struct slot *slots;
    size_t nslots; /* power of two */
    size_t used;   /* occupied slots */
    pthread_rwlock_t lock;
};

/* A 32-bit hash of the term's identity (kind, value, lang, datatype). */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v * 0x9E3779B97F4A7C15ULL;
    h = (h << 27 | h >> 37) * 0xC2B2AE3D27D4EB4FULL;
    return h;
}

static uint64_t hash_bytes(uint64_t h, const char *p, size_t n)
{
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        h = mix(h, v);
        p += 8;
        n -= 8;
    }
    uint64_t v = 0;
    memcpy(&v, p, n);
    return mix(h, v ^ ((uint64_t)n << 56));
}

static uint32_t term_hash(const struct term *t, term_id dt)
{
    uint64_t h = 0x243F6A8885A308D3ULL ^ (uint64_t)t->kind;
    h = hash_bytes(h, t->value, t->len);
    if (t->kind == TERM_LITERAL) {
        if (t->lang)
            h = hash_bytes(h ^ 0x55, t->lang, strlen(t->lang));
        h = mix(h, dt);
    }
    h ^= h >> 29;
    return (uint32_t)(h ^ (h >> 32));
}

static const char *record_of(const struct dict *d, term_id id)
{
    if (id == TERM_ID_NONE ||
        id >= atomic_load_explicit((_Atomic size_t *)&d->count, memory_order_acquire))
        return NULL;
    const char **page = d->pages[id >> PAGE_BITS];
    return page ? page[id & (PAGE_SIZE - 1)] : NULL;
}

static void record_decode(const char *r, struct term *out)
{
    uint32_t len;

    memcpy(&len, r + 5, 4);
    out->kind = (enum term_kind)r[0];
    out->value = r + REC_HEADER;
    out->len = len;
    out->lang = NULL;
    out->datatype = NULL;
    if (out->kind == TERM_LITERAL) {
        const char *lang = r + REC_HEADER + len + 1;
        if (*lang)
            out->lang = lang;
    }
}

static term_id record_datatype(const char *r)
{
    term_id dt;
    memcpy(&dt, r + 1, 4);
    return dt;
}

/* Does record r hold exactly term t (whose datatype interned as dt)? */
static int record_matches(const char *r, const struct term *t, term_id dt)
{
    struct term u;

    record_decode(r, &u);
    if (u.kind != t->kind || u.len != t->len || memcmp(u.value, t->value, t->len))
        return 0;
    if (t->kind != TERM_LITERAL)
        return 1;
    if (record_datatype(r) != dt)
        return 0;
    if (!t->lang)
        return u.lang == NULL;
    return u.lang && !strcmp(u.lang, t->lang);
}

struct dict *dict_new(void)
{
    struct dict *d = calloc(1, sizeof *d);

    if (!d)
        return NULL;
    d->nslots = 1024;
    d->slots = calloc(d->nslots, sizeof *d->slots);
    if (!d->slots) {
        free(d);
        return NULL;
    }
    pthread_rwlock_init(&d->lock, NULL);
    /* ids 0 (none) and 1 (default graph) are reserved and have no record */
    atomic_store(&d->count, 2);
    return d;
}

void dict_free(struct dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < MAX_PAGES; i++)
        free(d->pages[i]);
    for (struct chunk *c = d->chunks, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    free(d->slots);
    pthread_rwlock_destroy(&d->lock);
    free(d);
}

/* Find the slot for (t, dt, h): its id, or the empty slot index in *empty. */
static term_id slot_find(const struct dict *d, const struct term *t, term_id dt, uint32_t h,
                         size_t *empty)
{
    size_t mask = d->nslots - 1;

    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const struct slot *s = &d->slots[i];
        if (s->id == TERM_ID_NONE) {
            if (empty)
                *empty = i;
            return TERM_ID_NONE;
        }
        if (s->hash == h && record_matches(record_of(d, s->id), t, dt))
            return s->id;
    }
}

static int grow_slots(struct dict *d)
{
    size_t n = d->nslots * 2;
    struct slot *s = calloc(n, sizeof *s);

    if (!s)
        return -1;
    for (size_t i = 0; i < d->nslots; i++) {
        if (d->slots[i].id == TERM_ID_NONE)
            continue;
        size_t j = d->slots[i].hash & (n - 1);
        while (s[j].id != TERM_ID_NONE)
            j = (j + 1) & (n - 1);
        s[j] = d->slots[i];
    }
    free(d->slots);
    d->slots = s;
    d->nslots = n;
    return 0;
}

static char *arena_alloc(struct dict *d, size_t n)
{
    struct chunk *c = d->chunks;

    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;
        c = malloc(sizeof *c + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = d->chunks;
        d->chunks = c;
        d->arena_bytes += sizeof *c + size;
    }
    char *p = c->data + c->used;
    c->used += n;
    return p;
}

/* Datatype id for a literal (interning the datatype IRI when asked). */
static term_id datatype_id(struct dict *d, const struct term *t, int intern)
{
    if (t->kind != TERM_LITERAL || !t->datatype)
        return TERM_ID_NONE;
    struct term dt = term_iri(t->datatype);
    return intern ? dict_intern(d, &dt) : dict_lookup(d, &dt);
}

term_id dict_intern(struct dict *d, const struct term *t)
{
    term_id id = TERM_ID_NONE;
    size_t empty = 0;

    if (t->kind == TERM_NONE)
        return TERM_ID_DEFAULT_GRAPH;
    term_id dt = datatype_id(d, t, 1);
    if (t->kind == TERM_LITERAL && t->datatype && dt == TERM_ID_NONE)
        return TERM_ID_NONE;
    uint32_t h = term_hash(t, dt);
    /* the writer is the only mutator: it may search without the lock */
    id = slot_find(d, t, dt, h, &empty);
    if (id != TERM_ID_NONE)
        return id;

    size_t n = atomic_load(&d->count);
    if (n >= UINT32_MAX)
        return TERM_ID_NONE;
    size_t langlen = t->kind == TERM_LITERAL && t->lang ? strlen(t->lang) : 0;
    if (t->len > UINT32_MAX - 64)
        return TERM_ID_NONE;
    char *r = arena_alloc(d, REC_HEADER + t->len + 1 + langlen + 1);
    if (!r)
        return TERM_ID_NONE;
    uint32_t len = (uint32_t)t->len;
    r[0] = (char)t->kind;
    memcpy(r + 1, &dt, 4);
    memcpy(r + 5, &len, 4);
    memcpy(r + REC_HEADER, t->value, t->len);
    r[REC_HEADER + t->len] = '\0';
    if (langlen)
        memcpy(r + REC_HEADER + t->len + 1, t->lang, langlen);
    r[REC_HEADER + t->len + 1 + langlen] = '\0';

    const char ***page = &d->pages[n >> PAGE_BITS];
    if (!*page && !(*page = calloc(PAGE_SIZE, sizeof **page)))
        return TERM_ID_NONE;
    (*page)[n & (PAGE_SIZE - 1)] = r;

    pthread_rwlock_wrlock(&d->lock);
    if ((d->used + 1) * 2 > d->nslots) {
        if (grow_slots(d) < 0) {
            pthread_rwlock_unlock(&d->lock);
            return TERM_ID_NONE;
        }
        slot_find(d, t, dt, h, &empty);
    }
    id = (term_id)n;
    d->slots[empty].hash = h;
    d->slots[empty].id = id;
    d->used++;
    atomic_store_explicit(&d->count, n + 1, memory_order_release);
    pthread_rwlock_unlock(&d->lock);
    return id;
}

term_id dict_lookup(struct dict *d, const struct term *t)
{
    if (t->kind == TERM_NONE)
        return TERM_ID_DEFAULT_GRAPH;
    term_id dt = datatype_id(d, t, 0);
    if (t->kind == TERM_LITERAL && t->datatype && dt == TERM_ID_NONE)
        return TERM_ID_NONE;
    uint32_t h = term_hash(t, dt);
    pthread_rwlock_rdlock(&d->lock);
    term_id id = slot_find(d, t, dt, h, NULL);
    pthread_rwlock_unlock(&d->lock);
    return id;
}

int dict_get(const struct dict *d, term_id id, struct term *out)
{
    if (id == TERM_ID_DEFAULT_GRAPH) {
        memset(out, 0, sizeof *out);
        out->kind = TERM_NONE;
        out->value = "";
        return 0;
    }
    const char *r = record_of(d, id);
    if (!r)
        return -1;
    record_decode(r, out);
    term_id dt = record_datatype(r);
    if (dt != TERM_ID_NONE) {
        const char *dr = record_of(d, dt);
        if (!dr)
            return -1;
        out->datatype = dr + REC_HEADER;
    }
    return 0;
}

enum term_kind dict_kind(const struct dict *d, term_id id)
{
    const char *r = record_of(d, id);
    return r ? (enum term_kind)r[0] : TERM_NONE;
}

size_t dict_count(const struct dict *d)
{
    return atomic_load((_Atomic size_t *)&d->count);
}

size_t dict_memory(const struct dict *d)
{
    size_t pages = 0;
    for (size_t i = 0; i < MAX_PAGES; i++)
        if (d->pages[i])
            pages += PAGE_SIZE * sizeof(char *);
    return sizeof *d + d->arena_bytes + pages + d->nslots * sizeof(struct slot);
}
