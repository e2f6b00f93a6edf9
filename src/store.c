/* store.c - the native quad store (see store.h).
 *
 * A snapshot is a shared, immutable *base* plus a small, private *delta*:
 *  - the base holds six sorted permutations of all its quads, each cut into
 *    blocks of BLOCK keys; a block stores its first key in a separate array
 *    (binary-searched) and the rest as compact differences: per key one byte
 *    telling the first component that changed, the varint difference of that
 *    component, and the later components as varints;
 *  - the delta holds, per permutation, sorted arrays of quads added since the
 *    base was built (never in the base) and quads removed from it (always in
 *    the base).
 * A commit builds a new delta by merging sorted arrays (cost: delta size);
 * when the delta outgrows a fraction of the base, the commit merges it into
 * a new base (cost: base size) so that the delta stays small.
 * docs/internals/store.md has the measurements behind these choices. */
#include "store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 128
#define DELTA_MIN_MERGE 65536

struct key {
    uint32_t k[4];
};

/* Position in the quad (0 s, 1 p, 2 o, 3 g) of each key component. */
static const uint8_t perm[STORE_ORDERS][4] = {
    {0, 1, 2, 3}, /* SPOG */
    {1, 2, 0, 3}, /* POSG */
    {2, 0, 1, 3}, /* OSPG */
    {3, 0, 1, 2}, /* GSPO */
    {3, 1, 2, 0}, /* GPOS */
    {3, 2, 0, 1}, /* GOSP */
};

struct index {
    size_t n;          /* keys */
    size_t nblocks;
    struct key *first; /* first key of each block */
    uint64_t *off;     /* byte offset of each block's tail in data */
    uint8_t *data;
    size_t data_len;
};

struct base {
    atomic_int refs;
    size_t n;
    struct index idx[STORE_ORDERS];
};

struct keyset {
    size_t n;
    struct key *k[STORE_ORDERS]; /* each sorted in its order */
};

struct store_snapshot {
    atomic_int refs;
    uint64_t gen;
    time_t time; /* when this generation was published */
    size_t size;
    struct store *st;
    struct base *base; /* shared */
    struct keyset add; /* owned */
    struct keyset del; /* owned */
};

struct store {
    struct dict *dict;
    pthread_mutex_t writer;    /* recursive: one writer at a time */
    pthread_mutex_t snap_lock; /* guards current */
    struct store_snapshot *current;
};

struct store_batch {
    struct store *st;
    struct store_quad *add, *rm;
    size_t nadd, nrm, capadd, caprm;
};

struct store_iter {
    struct store_snapshot *snap;
    enum store_order order;
    struct key hi;
    bool distinct, have_last;
    struct key last;
    const struct index *ix;
    size_t bpos, bend, cur_block, buf_n;
    const struct key *add, *del;
    size_t ai, aend, di, dend;
    struct key buf[BLOCK];
};

/* ---- keys ---------------------------------------------------------------- */

static inline void to_key(enum store_order o, const struct store_quad *q, struct key *k)
{
    const uint32_t v[4] = {q->s, q->p, q->o, q->g};
    for (int i = 0; i < 4; i++)
        k->k[i] = v[perm[o][i]];
}

static inline void from_key(enum store_order o, const struct key *k, struct store_quad *q)
{
    uint32_t v[4];
    for (int i = 0; i < 4; i++)
        v[perm[o][i]] = k->k[i];
    q->s = v[0];
    q->p = v[1];
    q->o = v[2];
    q->g = v[3];
}

/* Re-permute a key from order a to order b. */
static inline void rekey(enum store_order a, enum store_order b, const struct key *in,
                         struct key *out)
{
    struct store_quad q;
    from_key(a, in, &q);
    to_key(b, &q, out);
}

static inline int key_cmp(const struct key *a, const struct key *b)
{
    for (int i = 0; i < 4; i++)
        if (a->k[i] != b->k[i])
            return a->k[i] < b->k[i] ? -1 : 1;
    return 0;
}

/* LSD radix sort on 11-bit digits, skipping digits that are zero in every
 * key (ids are dense, so most keys need two digits per component). */
static int keys_sort(struct key *a, size_t n)
{
    uint32_t maxv[4] = {0, 0, 0, 0};
    struct key *tmp;

    if (n < 64) {
        for (size_t i = 1; i < n; i++) {
            struct key x = a[i];
            size_t j = i;
            while (j > 0 && key_cmp(&a[j - 1], &x) > 0) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return 0;
    }
    tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 4; c++)
            if (a[i].k[c] > maxv[c])
                maxv[c] = a[i].k[c];
    struct key *src = a, *dst = tmp;
    for (int c = 3; c >= 0; c--) {
        for (int shift = 0; shift < 32 && (maxv[c] >> shift); shift += 11) {
            size_t count[2048] = {0};
            for (size_t i = 0; i < n; i++)
                count[(src[i].k[c] >> shift) & 2047]++;
            size_t sum = 0;
            for (int d = 0; d < 2048; d++) {
                size_t t = count[d];
                count[d] = sum;
                sum += t;
            }
            for (size_t i = 0; i < n; i++)
                dst[count[(src[i].k[c] >> shift) & 2047]++] = src[i];
            struct key *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    return 0;
}

static size_t keys_unique(struct key *a, size_t n)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || key_cmp(&a[m - 1], &a[i]))
            a[m++] = a[i];
    return m;
}

/* First index in sorted a[0..n) with a[i] >= k (or > k when strict). */
static size_t keys_bound(const struct key *a, size_t n, const struct key *k, bool strict)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(&a[mid], k);
        if (c < 0 || (strict && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool keys_has(const struct key *a, size_t n, const struct key *k)
{
    size_t i = keys_bound(a, n, k, false);
    return i < n && !key_cmp(&a[i], k);
}

/* ---- compressed index ---------------------------------------------------- */

static size_t put_varint(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (uint8_t)v;
    return n;
}

static inline uint32_t get_varint(const uint8_t **pp)
{
    const uint8_t *p = *pp;
    uint32_t v = p[0] & 0x7f;
    int s = 7;
    while (*p++ & 0x80) {
        v |= (uint32_t)(*p & 0x7f) << s;
        s += 7;
    }
    *pp = p;
    return v;
}

struct builder {
    struct index *ix;
    size_t cap_blocks, cap_data, inblock;
    struct key prev;
    int failed;
};

static void builder_add(struct builder *b, const struct key *k)
{
    struct index *ix = b->ix;

    if (b->failed)
        return;
    if (b->inblock == 0) {
        if (ix->nblocks == b->cap_blocks) {
            size_t cap = b->cap_blocks ? b->cap_blocks * 2 : 64;
            struct key *f = realloc(ix->first, cap * sizeof *f);
            if (f)
                ix->first = f;
            uint64_t *o = realloc(ix->off, (cap + 1) * sizeof *o);
            if (o)
                ix->off = o;
            if (!f || !o) {
                b->failed = 1;
                return;
            }
            b->cap_blocks = cap;
        }
        ix->first[ix->nblocks] = *k;
        ix->off[ix->nblocks] = ix->data_len;
        ix->nblocks++;
    } else {
        if (ix->data_len + 21 > b->cap_data) {
            size_t cap = b->cap_data ? b->cap_data * 2 : 4096;
            uint8_t *d = realloc(ix->data, cap);
            if (!d) {
                b->failed = 1;
                return;
            }
            ix->data = d;
            b->cap_data = cap;
        }
        uint8_t *p = ix->data + ix->data_len;
        int c = 0;
        while (c < 3 && k->k[c] == b->prev.k[c])
            c++;
        *p++ = (uint8_t)c;
        p += put_varint(p, k->k[c] - b->prev.k[c]);
        for (int e = c + 1; e < 4; e++)
            p += put_varint(p, k->k[e]);
        ix->data_len = (size_t)(p - ix->data);
    }
    b->prev = *k;
    ix->n++;
    b->inblock = (b->inblock + 1) % BLOCK;
}

static int builder_finish(struct builder *b)
{
    struct index *ix = b->ix;
    if (b->failed)
        return -1;
    if (ix->off)
        ix->off[ix->nblocks] = ix->data_len;
    if (ix->data_len && ix->data_len < b->cap_data) {
        uint8_t *d = realloc(ix->data, ix->data_len);
        if (d)
            ix->data = d;
    }
    return 0;
}

static void index_clear(struct index *ix)
{
    free(ix->first);
    free(ix->off);
    free(ix->data);
    memset(ix, 0, sizeof *ix);
}

/* Decode block b into out; returns its number of keys. */
static size_t block_decode(const struct index *ix, size_t b, struct key *out)
{
    size_t cnt = b + 1 == ix->nblocks ? ix->n - b * BLOCK : BLOCK;
    const uint8_t *p = ix->data + ix->off[b];

    out[0] = ix->first[b];
    for (size_t j = 1; j < cnt; j++) {
        int c = *p++;
        out[j] = out[j - 1];
        out[j].k[c] += get_varint(&p);
        for (int e = c + 1; e < 4; e++)
            out[j].k[e] = get_varint(&p);
    }
    return cnt;
}

/* Global position of the first key >= k (> k when strict). */
static size_t index_bound(const struct index *ix, const struct key *k, bool strict)
{
    struct key buf[BLOCK];
    size_t lo = 0, hi = ix->nblocks;

    if (!ix->nblocks)
        return 0;
    /* last block whose first key is < k (<= k when strict) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = key_cmp(&ix->first[mid], k);
        if (c < 0 || (strict && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    size_t b = lo - 1;
    size_t cnt = block_decode(ix, b, buf);
    size_t j = keys_bound(buf, cnt, k, strict);
    return b * BLOCK + j;
}

/* ---- snapshots -------------------------------------------------------------- */

static void base_unref(struct base *b)
{
    if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    for (int o = 0; o < STORE_ORDERS; o++)
        index_clear(&b->idx[o]);
    free(b);
}

static void keyset_clear(struct keyset *ks)
{
    for (int o = 0; o < STORE_ORDERS; o++)
        free(ks->k[o]);
    memset(ks, 0, sizeof *ks);
}

void store_release(struct store_snapshot *snap)
{
    if (!snap || atomic_fetch_sub(&snap->refs, 1) != 1)
        return;
    base_unref(snap->base);
    keyset_clear(&snap->add);
    keyset_clear(&snap->del);
    free(snap);
}

static struct store_snapshot *snapshot_ref(const struct store_snapshot *snap)
{
    struct store_snapshot *s = (struct store_snapshot *)snap;
    atomic_fetch_add(&s->refs, 1);
    return s;
}

struct store *store_new(void)
{
    struct store *st = calloc(1, sizeof *st);
    pthread_mutexattr_t attr;

    if (!st)
        return NULL;
    st->dict = dict_new();
    st->current = calloc(1, sizeof *st->current);
    struct base *b = calloc(1, sizeof *b);
    if (!st->dict || !st->current || !b) {
        dict_free(st->dict);
        free(st->current);
        free(b);
        free(st);
        return NULL;
    }
    atomic_init(&b->refs, 1);
    atomic_init(&st->current->refs, 1);
    st->current->time = time(NULL);
    st->current->base = b;
    st->current->st = st;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&st->writer, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_mutex_init(&st->snap_lock, NULL);
    return st;
}

void store_free(struct store *st)
{
    if (!st)
        return;
    store_release(st->current);
    dict_free(st->dict);
    pthread_mutex_destroy(&st->writer);
    pthread_mutex_destroy(&st->snap_lock);
    free(st);
}

struct dict *store_dict(struct store *st)
{
    return st->dict;
}

struct store_snapshot *store_acquire(struct store *st)
{
    pthread_mutex_lock(&st->snap_lock);
    struct store_snapshot *s = snapshot_ref(st->current);
    pthread_mutex_unlock(&st->snap_lock);
    return s;
}

uint64_t store_generation(const struct store_snapshot *snap)
{
    return snap->gen;
}

time_t store_time(const struct store_snapshot *snap)
{
    return snap->time;
}

size_t store_size(const struct store_snapshot *snap)
{
    return snap->size;
}

struct dict *store_snapshot_dict(const struct store_snapshot *snap)
{
    return snap->st->dict;
}

void store_writer_lock(struct store *st)
{
    pthread_mutex_lock(&st->writer);
}

void store_writer_unlock(struct store *st)
{
    pthread_mutex_unlock(&st->writer);
}

/* ---- pattern -> index range ---------------------------------------------- */

static enum store_order choose_order(const struct store_quad *p, int *prefix)
{
    bool s = p->s, pr = p->p, o = p->o, g = p->g;
    enum store_order ord;

    if (!g) {
        if (s)
            ord = pr ? STORE_SPOG : (o ? STORE_OSPG : STORE_SPOG);
        else if (pr)
            ord = STORE_POSG;
        else if (o)
            ord = STORE_OSPG;
        else
            ord = STORE_SPOG;
    } else {
        if (s)
            ord = pr ? STORE_GSPO : (o ? STORE_GOSP : STORE_GSPO);
        else if (pr)
            ord = STORE_GPOS;
        else if (o)
            ord = STORE_GOSP;
        else
            ord = STORE_GSPO;
    }
    struct key k;
    to_key(ord, p, &k);
    int n = 0;
    while (n < 4 && k.k[n])
        n++;
    *prefix = n;
    return ord;
}

static void range_keys(enum store_order ord, const struct store_quad *p, int prefix,
                       struct key *lo, struct key *hi)
{
    to_key(ord, p, lo);
    *hi = *lo;
    for (int i = prefix; i < 4; i++) {
        lo->k[i] = 0;
        hi->k[i] = UINT32_MAX;
    }
}

size_t store_count(const struct store_snapshot *snap, const struct store_quad *pat)
{
    int prefix;
    struct key lo, hi;
    enum store_order ord = choose_order(pat, &prefix);

    if (prefix == 0)
        return snap->size;
    range_keys(ord, pat, prefix, &lo, &hi);
    const struct index *ix = &snap->base->idx[ord];
    size_t n = index_bound(ix, &hi, true) - index_bound(ix, &lo, false);
    n += keys_bound(snap->add.k[ord], snap->add.n, &hi, true) -
         keys_bound(snap->add.k[ord], snap->add.n, &lo, false);
    n -= keys_bound(snap->del.k[ord], snap->del.n, &hi, true) -
         keys_bound(snap->del.k[ord], snap->del.n, &lo, false);
    return n;
}

bool store_contains(const struct store_snapshot *snap, const struct store_quad *q)
{
    struct key k;
    to_key(STORE_SPOG, q, &k);
    if (keys_has(snap->add.k[STORE_SPOG], snap->add.n, &k))
        return true;
    if (keys_has(snap->del.k[STORE_SPOG], snap->del.n, &k))
        return false;
    const struct index *ix = &snap->base->idx[STORE_SPOG];
    size_t pos = index_bound(ix, &k, false);
    return index_bound(ix, &k, true) > pos;
}

struct store_iter *store_find(const struct store_snapshot *snap, const struct store_quad *pat,
                              bool distinct_triples)
{
    struct store_iter *it = malloc(sizeof *it);
    int prefix;
    struct key lo;

    if (!it)
        return NULL;
    it->snap = snapshot_ref(snap);
    it->order = choose_order(pat, &prefix);
    range_keys(it->order, pat, prefix, &lo, &it->hi);
    it->distinct = distinct_triples && !pat->g;
    it->have_last = false;
    it->ix = &snap->base->idx[it->order];
    it->bpos = index_bound(it->ix, &lo, false);
    it->bend = index_bound(it->ix, &it->hi, true);
    it->cur_block = SIZE_MAX;
    it->buf_n = 0;
    it->add = snap->add.k[it->order];
    it->ai = keys_bound(it->add, snap->add.n, &lo, false);
    it->aend = keys_bound(it->add, snap->add.n, &it->hi, true);
    it->del = snap->del.k[it->order];
    it->di = keys_bound(it->del, snap->del.n, &lo, false);
    it->dend = keys_bound(it->del, snap->del.n, &it->hi, true);
    return it;
}

static const struct key *iter_base_key(struct store_iter *it)
{
    size_t b = it->bpos / BLOCK;
    if (b != it->cur_block) {
        it->buf_n = block_decode(it->ix, b, it->buf);
        it->cur_block = b;
    }
    return &it->buf[it->bpos % BLOCK];
}

bool store_iter_next(struct store_iter *it, struct store_quad *out)
{
    for (;;) {
        const struct key *bk = NULL, *ak = NULL, *k;
        while (it->bpos < it->bend) {
            bk = iter_base_key(it);
            while (it->di < it->dend && key_cmp(&it->del[it->di], bk) < 0)
                it->di++;
            if (it->di < it->dend && !key_cmp(&it->del[it->di], bk)) {
                it->bpos++;
                bk = NULL;
                continue;
            }
            break;
        }
        if (it->ai < it->aend)
            ak = &it->add[it->ai];
        if (!bk && !ak)
            return false;
        if (bk && (!ak || key_cmp(bk, ak) < 0)) {
            k = bk;
            it->bpos++;
        } else {
            k = ak;
            it->ai++;
        }
        /* orders used with an unbound graph keep the graph last */
        if (it->distinct && it->have_last && k->k[0] == it->last.k[0] &&
            k->k[1] == it->last.k[1] && k->k[2] == it->last.k[2])
            continue;
        it->last = *k;
        it->have_last = true;
        from_key(it->order, k, out);
        return true;
    }
}

enum store_order store_iter_order(const struct store_iter *it)
{
    return it->order;
}

void store_iter_free(struct store_iter *it)
{
    if (!it)
        return;
    store_release(it->snap);
    free(it);
}

long store_graphs(const struct store_snapshot *snap, term_id **out)
{
    size_t n = 0, cap = 16;
    term_id *g = malloc(cap * sizeof *g);
    term_id cur = TERM_ID_DEFAULT_GRAPH + 1;
    const struct index *ix = &snap->base->idx[STORE_GSPO];
    const struct key *add = snap->add.k[STORE_GSPO];

    if (!g)
        return -1;
    for (;;) {
        /* next candidate graph id >= cur, from the base or the additions */
        struct key k = {{cur, 0, 0, 0}}, buf[BLOCK];
        term_id cand = 0;
        size_t pos = index_bound(ix, &k, false);
        if (pos < ix->n) {
            block_decode(ix, pos / BLOCK, buf);
            cand = buf[pos % BLOCK].k[0];
        }
        size_t ai = keys_bound(add, snap->add.n, &k, false);
        if (ai < snap->add.n && (!cand || add[ai].k[0] < cand))
            cand = add[ai].k[0];
        if (!cand)
            break;
        struct store_quad pat = {0, 0, 0, cand};
        if (store_count(snap, &pat) > 0) {
            if (n == cap) {
                term_id *t = realloc(g, (cap *= 2) * sizeof *g);
                if (!t) {
                    free(g);
                    return -1;
                }
                g = t;
            }
            g[n++] = cand;
        }
        if (cand == UINT32_MAX)
            break;
        cur = cand + 1;
    }
    *out = g;
    return (long)n;
}

size_t store_memory(const struct store_snapshot *snap)
{
    size_t m = dict_memory(snap->st->dict);
    for (int o = 0; o < STORE_ORDERS; o++) {
        const struct index *ix = &snap->base->idx[o];
        m += ix->data_len + ix->nblocks * (sizeof(struct key) + sizeof(uint64_t));
    }
    m += (snap->add.n + snap->del.n) * sizeof(struct key) * STORE_ORDERS;
    return m;
}

/* ---- running the six orders on the machine's cores ---------------------- */

struct par {
    int (*fn)(void *ctx, int order);
    void *ctx;
    atomic_int next;
    atomic_int failed;
};

static void *par_worker(void *arg)
{
    struct par *p = arg;
    int o;
    while ((o = atomic_fetch_add(&p->next, 1)) < STORE_ORDERS)
        if (p->fn(p->ctx, o) < 0)
            atomic_store(&p->failed, 1);
    return NULL;
}

/* fn(ctx, o) for every order, on up to one thread per core; -1 if any
 * failed. Without threads (or when one cannot start) it runs here. */
static int for_each_order(int (*fn)(void *ctx, int order), void *ctx, size_t work)
{
    struct par p = {fn, ctx, 0, 0};
    pthread_t th[STORE_ORDERS];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = 0;

    /* small work is not worth a thread */
    if (work >= 100000)
        for (; n < cores - 1 && n < STORE_ORDERS - 1; n++)
            if (pthread_create(&th[n], NULL, par_worker, &p))
                break;
    par_worker(&p);
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    return atomic_load(&p.failed) ? -1 : 0;
}

/* ---- writes -------------------------------------------------------------- */

struct store_batch *store_batch_new(struct store *st)
{
    struct store_batch *b = calloc(1, sizeof *b);
    if (b)
        b->st = st;
    return b;
}

void store_batch_free(struct store_batch *b)
{
    if (!b)
        return;
    free(b->add);
    free(b->rm);
    free(b);
}

static int batch_push(struct store_quad **a, size_t *n, size_t *cap, const struct store_quad *q)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        struct store_quad *t = realloc(*a, c * sizeof *t);
        if (!t)
            return -1;
        *a = t;
        *cap = c;
    }
    (*a)[(*n)++] = *q;
    return 0;
}

int store_batch_add(struct store_batch *b, const struct store_quad *q)
{
    return batch_push(&b->add, &b->nadd, &b->capadd, q);
}

int store_batch_remove(struct store_batch *b, const struct store_quad *q)
{
    return batch_push(&b->rm, &b->nrm, &b->caprm, q);
}

static int grow_to(struct store_quad **a, size_t *cap, size_t want)
{
    if (want <= *cap)
        return 0;
    struct store_quad *t = realloc(*a, want * sizeof *t);
    if (!t)
        return -1;
    *a = t;
    *cap = want;
    return 0;
}

int store_batch_reserve(struct store_batch *b, size_t adds, size_t removes)
{
    return grow_to(&b->add, &b->capadd, b->nadd + adds) < 0 ||
                   grow_to(&b->rm, &b->caprm, b->nrm + removes) < 0
               ? -1
               : 0;
}

size_t store_batch_size(const struct store_batch *b)
{
    return b->nadd + b->nrm;
}

/* Sorted, de-duplicated SPOG keys of a quad array; NULL on OOM (n=0 ok). */
static struct key *spog_keys(const struct store_quad *q, size_t n, size_t *out_n)
{
    struct key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return NULL;
    for (size_t i = 0; i < n; i++)
        to_key(STORE_SPOG, &q[i], &k[i]);
    if (keys_sort(k, n) < 0) {
        free(k);
        return NULL;
    }
    *out_n = keys_unique(k, n);
    return k;
}

static bool base_has(const struct base *b, const struct key *spog)
{
    const struct index *ix = &b->idx[STORE_SPOG];
    return index_bound(ix, spog, true) > index_bound(ix, spog, false);
}

/* out = (old - minus) + plus, all sorted in one order; plus and old are
 * disjoint, minus is a subset of old. */
static struct key *merge_sets(const struct key *old, size_t nold, const struct key *plus,
                              size_t nplus, const struct key *minus, size_t nminus, size_t *nout)
{
    struct key *out = malloc((nold + nplus + 1) * sizeof *out);
    size_t i = 0, j = 0, m = 0, n = 0;

    if (!out)
        return NULL;
    while (i < nold || j < nplus) {
        if (j >= nplus || (i < nold && key_cmp(&old[i], &plus[j]) < 0)) {
            while (m < nminus && key_cmp(&minus[m], &old[i]) < 0)
                m++;
            if (m < nminus && !key_cmp(&minus[m], &old[i]))
                i++;
            else
                out[n++] = old[i++];
        } else {
            out[n++] = plus[j++];
        }
    }
    *nout = n;
    return out;
}

/* Keys of set (SPOG) re-permuted into order o and sorted. */
static struct key *keys_in_order(const struct key *spog, size_t n, enum store_order o)
{
    struct key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return NULL;
    if (o == STORE_SPOG) { /* already in this order */
        memcpy(k, spog, n * sizeof *k);
        return k;
    }
    for (size_t i = 0; i < n; i++)
        rekey(STORE_SPOG, o, &spog[i], &k[i]);
    if (keys_sort(k, n) < 0) {
        free(k);
        return NULL;
    }
    return k;
}

/* Build a new base: old base - del + add, in every order. */
struct merge_job {
    const struct base *old;
    const struct keyset *add, *del;
    struct base *nb;
};

static int merge_order(void *ctx, int o)
{
    struct merge_job *j = ctx;
    const struct index *ix = &j->old->idx[o];
    struct builder b = {.ix = &j->nb->idx[o]};
    size_t ai = 0, di = 0;
    const struct key *a = j->add->k[o], *d = j->del->k[o];
    struct key *buf = malloc(BLOCK * sizeof *buf);

    if (!buf)
        return -1;
    for (size_t blk = 0; blk < ix->nblocks; blk++) {
        size_t cnt = block_decode(ix, blk, buf);
        for (size_t i = 0; i < cnt; i++) {
            while (ai < j->add->n && key_cmp(&a[ai], &buf[i]) < 0)
                builder_add(&b, &a[ai++]);
            while (di < j->del->n && key_cmp(&d[di], &buf[i]) < 0)
                di++;
            if (di < j->del->n && !key_cmp(&d[di], &buf[i]))
                continue;
            builder_add(&b, &buf[i]);
        }
    }
    while (ai < j->add->n)
        builder_add(&b, &a[ai++]);
    free(buf);
    return builder_finish(&b);
}

static struct base *base_merge(const struct base *old, const struct keyset *add,
                               const struct keyset *del)
{
    struct base *nb = calloc(1, sizeof *nb);
    struct merge_job job = {old, add, del, nb};

    if (!nb)
        return NULL;
    atomic_init(&nb->refs, 1);
    if (for_each_order(merge_order, &job, old->n + add->n) < 0) {
        base_unref(nb);
        return NULL;
    }
    nb->n = nb->idx[STORE_SPOG].n;
    return nb;
}

/* One order of a commit's new delta. */
struct delta_job {
    const struct store_snapshot *cur;
    struct store_snapshot *ns;
    const struct key *ap, *am, *dp, *dm; /* SPOG */
    size_t n_ap, n_am, n_dp, n_dm;
};

static int delta_order(void *ctx, int o)
{
    struct delta_job *j = ctx;
    const struct store_snapshot *cur = j->cur;
    struct store_snapshot *ns = j->ns;
    struct key *p1 = keys_in_order(j->ap, j->n_ap, o), *m1 = keys_in_order(j->am, j->n_am, o);
    struct key *p2 = keys_in_order(j->dp, j->n_dp, o), *m2 = keys_in_order(j->dm, j->n_dm, o);
    size_t na = 0, nd = 0;
    if (p1 && m1)
        ns->add.k[o] = merge_sets(cur->add.k[o], cur->add.n, p1, j->n_ap, m1, j->n_am, &na);
    if (p2 && m2)
        ns->del.k[o] = merge_sets(cur->del.k[o], cur->del.n, p2, j->n_dp, m2, j->n_dm, &nd);
    free(p1);
    free(m1);
    free(p2);
    free(m2);
    if (o == STORE_SPOG) { /* every order has the same counts */
        ns->add.n = na;
        ns->del.n = nd;
    }
    return ns->add.k[o] && ns->del.k[o] ? 0 : -1;
}

/* One order of a base built from sorted, distinct SPOG keys alone. */
struct build_job {
    const struct key *spog;
    size_t n;
    struct base *nb;
};

static int build_order(void *ctx, int o)
{
    struct build_job *j = ctx;
    struct key *k = keys_in_order(j->spog, j->n, o);
    struct builder b = {.ix = &j->nb->idx[o]};

    if (!k)
        return -1;
    for (size_t i = 0; i < j->n; i++)
        builder_add(&b, &k[i]);
    free(k);
    return builder_finish(&b);
}

/* Classification of each removal in a batch. */
enum rm_kind { RM_NONE, RM_ADDED, RM_BASE };

int store_commit(struct store *st, struct store_batch *batch, struct error *err)
{
    int rc = -1;
    size_t nrm = 0, nadd = 0, n_am = 0, n_ap = 0, n_dp = 0, n_dm = 0;
    struct key *rm = NULL, *ad = NULL, *am = NULL, *ap = NULL, *dp = NULL, *dm = NULL;
    uint8_t *rk = NULL;
    struct store_snapshot *cur = NULL, *ns = NULL;

    store_writer_lock(st);
    cur = store_acquire(st);
    rm = spog_keys(batch->rm, batch->nrm, &nrm);
    ad = spog_keys(batch->add, batch->nadd, &nadd);
    rk = calloc(nrm + 1, 1);
    am = malloc((nrm + 1) * sizeof *am); /* additions undone */
    dp = malloc((nrm + 1) * sizeof *dp); /* new removals from the base */
    ap = malloc((nadd + 1) * sizeof *ap); /* new additions */
    dm = malloc((nadd + 1) * sizeof *dm); /* removals undone */
    if (!rm || !ad || !rk || !am || !dp || !ap || !dm)
        goto oom;

    const struct key *a0 = cur->add.k[STORE_SPOG], *d0 = cur->del.k[STORE_SPOG];
    size_t na0 = cur->add.n, nd0 = cur->del.n;
    for (size_t i = 0; i < nrm; i++) {
        if (keys_has(a0, na0, &rm[i]))
            rk[i] = RM_ADDED;
        else if (!keys_has(d0, nd0, &rm[i]) && base_has(cur->base, &rm[i]))
            rk[i] = RM_BASE;
    }
    for (size_t i = 0; i < nadd; i++) {
        size_t r = keys_bound(rm, nrm, &ad[i], false);
        bool in_rm = r < nrm && !key_cmp(&rm[r], &ad[i]);
        if (in_rm && rk[r] != RM_NONE) {
            rk[r] = RM_NONE; /* removed and added again: no change */
            continue;
        }
        if (keys_has(d0, nd0, &ad[i]))
            dm[n_dm++] = ad[i];
        else if (!keys_has(a0, na0, &ad[i]) && !base_has(cur->base, &ad[i]))
            ap[n_ap++] = ad[i];
    }
    for (size_t i = 0; i < nrm; i++) {
        if (rk[i] == RM_ADDED)
            am[n_am++] = rm[i];
        else if (rk[i] == RM_BASE)
            dp[n_dp++] = rm[i];
    }

    ns = calloc(1, sizeof *ns);
    if (!ns)
        goto oom;
    atomic_init(&ns->refs, 1);
    ns->st = st;
    ns->gen = cur->gen + 1;
    ns->time = time(NULL);
    ns->size = cur->size + n_ap - n_am - n_dp + n_dm;
    size_t limit = cur->base->n / 16;
    if (limit < DELTA_MIN_MERGE)
        limit = DELTA_MIN_MERGE;
    if (!cur->base->n && !cur->add.n && !cur->del.n && n_ap > limit) {
        /* the first big load: sort straight into a new base */
        struct build_job bj = {ap, n_ap, calloc(1, sizeof(struct base))};
        if (!bj.nb)
            goto oom;
        atomic_init(&bj.nb->refs, 1);
        if (for_each_order(build_order, &bj, n_ap) < 0) {
            base_unref(bj.nb);
            goto oom;
        }
        bj.nb->n = n_ap;
        ns->base = bj.nb;
        goto publish;
    }
    /* per order: new add = old add - am + ap; new del = old del - dm + dp */
    struct delta_job dj = {cur, ns, ap, am, dp, dm, n_ap, n_am, n_dp, n_dm};
    if (for_each_order(delta_order, &dj, n_ap + n_am + n_dp + n_dm) < 0)
        goto oom;
    if (ns->add.n + ns->del.n > limit) {
        struct base *nb = base_merge(cur->base, &ns->add, &ns->del);
        if (!nb)
            goto oom;
        keyset_clear(&ns->add);
        keyset_clear(&ns->del);
        ns->base = nb;
    } else {
        ns->base = cur->base;
        atomic_fetch_add(&ns->base->refs, 1);
    }

publish:
    pthread_mutex_lock(&st->snap_lock);
    struct store_snapshot *old = st->current;
    st->current = ns;
    pthread_mutex_unlock(&st->snap_lock);
    store_release(old);
    ns = NULL;
    rc = 0;
    goto out;
oom:
    error_set(err, "out of memory while committing %zu changes to the store",
              batch->nadd + batch->nrm);
out:
    if (ns) {
        ns->base = NULL;
        store_release(ns);
    }
    store_release(cur);
    store_writer_unlock(st);
    free(rm);
    free(ad);
    free(rk);
    free(am);
    free(dp);
    free(ap);
    free(dm);
    store_batch_free(batch);
    return rc;
}

int store_intern_quad(struct store *st, const struct term_quad *tq, struct store_quad *out)
{
    out->s = dict_intern(st->dict, &tq->s);
    out->p = dict_intern(st->dict, &tq->p);
    out->o = dict_intern(st->dict, &tq->o);
    out->g = dict_intern(st->dict, &tq->g);
    return out->s && out->p && out->o && out->g ? 0 : -1;
}

int store_decode_quad(const struct dict *d, const struct store_quad *q, struct term_quad *out)
{
    if (dict_get(d, q->s, &out->s) < 0 || dict_get(d, q->p, &out->p) < 0 ||
        dict_get(d, q->o, &out->o) < 0 || dict_get(d, q->g, &out->g) < 0)
        return -1;
    return 0;
}
