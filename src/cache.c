/* cache.c - byte-bounded LRU cache of serialized answers, and HTTP
 * validators (see cache.h and docs/internals/cache.md).
 *
 * Layout: one mutex guards a chained hash table (power-of-two buckets) and
 * two doubly linked lists, most recent first: `lru` holds the entries of
 * the newest generation, `stale` those of older ones. When a newer
 * generation shows up, the whole lru list is spliced in front of the stale
 * list in O(1); eviction takes the stale tail first, then the lru tail.
 * Each entry is one allocation (header, key strings, content type, body)
 * with an atomic reference count; the cache holds one reference while the
 * entry is linked, each hit one more. The last release frees it. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define CACHE_BUCKETS_MIN 64
/* Charged per entry on top of what we ask malloc for: its own header. */
#define CACHE_MALLOC_OVERHEAD 16

struct cache_item {
    struct cache_entry pub; /* first: a cache_entry pointer is an item pointer */
    struct cache_item *hnext;
    struct cache_item *prev, *next;
    uint64_t hash;
    atomic_size_t refs;
    size_t cost;
    const char *uri;
    const char *profile; /* NULL when none */
    int format;
    char data[]; /* uri, profile, content type, body, each NUL-terminated */
};

struct list {
    struct cache_item *head, *tail; /* head: most recently used */
};

struct cache {
    pthread_mutex_t lock;
    struct cache_item **buckets;
    size_t nbuckets;   /* power of two */
    struct list lru;   /* generation == gen */
    struct list stale; /* generation < gen */
    size_t bytes, max_bytes, entries;
    uint64_t gen;
    uint64_t hits, misses, inserts, evictions, rejected;
};

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= FNV_PRIME;
    }
    return h;
}

static uint64_t key_hash(const struct cache_key *k)
{
    uint64_t h = fnv(FNV_OFFSET, k->uri, strlen(k->uri) + 1);
    unsigned char fmt[sizeof(int)], gen[8];
    int i;

    memcpy(fmt, &k->format, sizeof(fmt));
    for (i = 0; i < 8; i++)
        gen[i] = (unsigned char)(k->generation >> (8 * i));
    h = fnv(h, fmt, sizeof(fmt));
    h = fnv(h, gen, sizeof(gen));
    if (k->profile)
        h = fnv(h, k->profile, strlen(k->profile) + 1);
    return h;
}

static size_t table_cost(size_t nbuckets)
{
    return sizeof(struct cache) + nbuckets * sizeof(struct cache_item *);
}

size_t cache_entry_cost(const struct cache_key *k, size_t body_len, const char *content_type)
{
    return sizeof(struct cache_item) + CACHE_MALLOC_OVERHEAD + strlen(k->uri) + 1 +
           (k->profile ? strlen(k->profile) + 1 : 0) + strlen(content_type) + 1 + body_len + 1;
}

static void list_unlink(struct list *l, struct cache_item *it)
{
    if (it->prev)
        it->prev->next = it->next;
    else
        l->head = it->next;
    if (it->next)
        it->next->prev = it->prev;
    else
        l->tail = it->prev;
    it->prev = it->next = NULL;
}

static void list_push_head(struct list *l, struct cache_item *it)
{
    it->prev = NULL;
    it->next = l->head;
    if (l->head)
        l->head->prev = it;
    else
        l->tail = it;
    l->head = it;
}

static struct list *list_of(struct cache *c, const struct cache_item *it)
{
    return it->pub.generation < c->gen ? &c->stale : &c->lru;
}

/* A newer generation: everything cached so far is stale. */
static void cache_new_generation(struct cache *c, uint64_t gen)
{
    if (c->lru.head) {
        c->lru.tail->next = c->stale.head;
        if (c->stale.head)
            c->stale.head->prev = c->lru.tail;
        else
            c->stale.tail = c->lru.tail;
        c->stale.head = c->lru.head;
        c->lru.head = c->lru.tail = NULL;
    }
    c->gen = gen;
}

static int key_eq(const struct cache_item *it, uint64_t h, const struct cache_key *k)
{
    if (it->hash != h || it->format != k->format || it->pub.generation != k->generation)
        return 0;
    if ((it->profile == NULL) != (k->profile == NULL))
        return 0;
    if (k->profile && strcmp(it->profile, k->profile) != 0)
        return 0;
    return strcmp(it->uri, k->uri) == 0;
}

/* Unlink it from the table and its list; the cache's reference moves to
 * the caller's `dead` chain (freed after the lock is released). */
static void cache_remove(struct cache *c, struct cache_item *it, struct cache_item **dead)
{
    struct cache_item **pp = &c->buckets[it->hash & (c->nbuckets - 1)];

    while (*pp != it)
        pp = &(*pp)->hnext;
    *pp = it->hnext;
    list_unlink(list_of(c, it), it);
    c->bytes -= it->cost;
    c->entries--;
    it->hnext = *dead;
    *dead = it;
}

static void item_unref(struct cache_item *it)
{
    if (atomic_fetch_sub_explicit(&it->refs, 1, memory_order_acq_rel) == 1)
        free(it);
}

static void free_dead(struct cache_item *dead)
{
    while (dead) {
        struct cache_item *next = dead->hnext;

        item_unref(dead);
        dead = next;
    }
}

struct cache *cache_new(size_t max_bytes, struct error *err)
{
    struct cache *c = calloc(1, sizeof(*c));

    if (!c)
        goto nomem;
    c->nbuckets = CACHE_BUCKETS_MIN;
    c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
    if (!c->buckets)
        goto nomem;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        error_set(err, "cannot create the cache's lock");
        free(c->buckets);
        free(c);
        return NULL;
    }
    c->bytes = table_cost(c->nbuckets);
    c->max_bytes = max_bytes < c->bytes ? c->bytes : max_bytes;
    return c;
nomem:
    error_set(err, "out of memory for the cache");
    if (c)
        free(c->buckets);
    free(c);
    return NULL;
}

static void drop_all(struct cache *c, struct cache_item **dead)
{
    while (c->stale.tail)
        cache_remove(c, c->stale.tail, dead);
    while (c->lru.tail)
        cache_remove(c, c->lru.tail, dead);
}

void cache_free(struct cache *c)
{
    struct cache_item *dead = NULL;

    if (!c)
        return;
    drop_all(c, &dead);
    free_dead(dead);
    pthread_mutex_destroy(&c->lock);
    free(c->buckets);
    free(c);
}

const struct cache_entry *cache_get(struct cache *c, const struct cache_key *k)
{
    uint64_t h = key_hash(k);
    struct cache_item *it;

    pthread_mutex_lock(&c->lock);
    if (k->generation > c->gen)
        cache_new_generation(c, k->generation);
    for (it = c->buckets[h & (c->nbuckets - 1)]; it; it = it->hnext)
        if (key_eq(it, h, k))
            break;
    if (it) {
        c->hits++;
        atomic_fetch_add_explicit(&it->refs, 1, memory_order_relaxed);
        if (it->pub.generation == c->gen && c->lru.head != it) {
            list_unlink(&c->lru, it);
            list_push_head(&c->lru, it);
        }
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->lock);
    return it ? &it->pub : NULL;
}

void cache_release(const struct cache_entry *e)
{
    if (e)
        item_unref((struct cache_item *)(uintptr_t)e);
}

void cache_release_cb(void *entry)
{
    cache_release(entry);
}

/* Double the table if the load passed 1 and the bound allows it. A failed
 * allocation only leaves the chains longer. */
static void cache_grow(struct cache *c)
{
    size_t n = c->nbuckets * 2, i;
    size_t extra = table_cost(n) - table_cost(c->nbuckets);
    struct cache_item **b;

    if (c->entries <= c->nbuckets || c->bytes + extra > c->max_bytes)
        return;
    b = calloc(n, sizeof(*b));
    if (!b)
        return;
    for (i = 0; i < c->nbuckets; i++) {
        struct cache_item *it = c->buckets[i], *next;

        for (; it; it = next) {
            next = it->hnext;
            it->hnext = b[it->hash & (n - 1)];
            b[it->hash & (n - 1)] = it;
        }
    }
    free(c->buckets);
    c->buckets = b;
    c->nbuckets = n;
    c->bytes += extra;
}

int cache_put(struct cache *c, const struct cache_key *k, const void *body, size_t len,
              const char *content_type, time_t last_modified, const struct cache_entry **out,
              struct error *err)
{
    size_t ul = strlen(k->uri), pl = k->profile ? strlen(k->profile) : 0;
    size_t cl = strlen(content_type);
    size_t cost;
    struct cache_item *it, *old, *dead = NULL;
    char *p;
    int ret = 1;

    if (out)
        *out = NULL;
    /* Each length alone below the bound, so that the sum cannot wrap. */
    cost = len < c->max_bytes && ul < c->max_bytes && pl < c->max_bytes && cl < c->max_bytes
               ? cache_entry_cost(k, len, content_type)
               : SIZE_MAX;
    if (cost > c->max_bytes - table_cost(CACHE_BUCKETS_MIN)) {
        pthread_mutex_lock(&c->lock);
        c->rejected++;
        pthread_mutex_unlock(&c->lock);
        return 0;
    }
    /* Build the entry outside the lock: copying the body is the slow part. */
    it = malloc(cost - CACHE_MALLOC_OVERHEAD);
    if (!it) {
        error_set(err, "out of memory for a cache entry of %zu bytes", len);
        return -1;
    }
    memset(it, 0, sizeof(*it));
    p = it->data;
    it->uri = p;
    memcpy(p, k->uri, ul + 1);
    p += ul + 1;
    if (k->profile) {
        it->profile = p;
        memcpy(p, k->profile, pl + 1);
        p += pl + 1;
    }
    it->pub.content_type = p;
    memcpy(p, content_type, cl + 1);
    p += cl + 1;
    it->pub.body = p;
    if (len)
        memcpy(p, body, len);
    p[len] = '\0';
    it->pub.body_len = len;
    it->pub.last_modified = last_modified;
    it->pub.generation = k->generation;
    cache_etag(content_type, body, len, it->pub.etag);
    it->format = k->format;
    it->hash = key_hash(k);
    it->cost = cost;
    atomic_init(&it->refs, out ? 2 : 1);

    pthread_mutex_lock(&c->lock);
    if (k->generation > c->gen)
        cache_new_generation(c, k->generation);
    if (k->generation < c->gen) {
        c->rejected++;
        ret = 0;
        goto unlock;
    }
    for (old = c->buckets[it->hash & (c->nbuckets - 1)]; old; old = old->hnext)
        if (key_eq(old, it->hash, k))
            break;
    if (old) {
        cache_remove(c, old, &dead);
        c->evictions++;
    }
    /* Room first, so that the new entry is never the one evicted. */
    while (c->bytes + cost > c->max_bytes && (c->stale.tail || c->lru.tail)) {
        cache_remove(c, c->stale.tail ? c->stale.tail : c->lru.tail, &dead);
        c->evictions++;
    }
    if (c->bytes + cost > c->max_bytes) { /* a grown table left too little room */
        c->rejected++;
        ret = 0;
        goto unlock;
    }
    it->hnext = c->buckets[it->hash & (c->nbuckets - 1)];
    c->buckets[it->hash & (c->nbuckets - 1)] = it;
    list_push_head(&c->lru, it);
    c->bytes += cost;
    c->entries++;
    c->inserts++;
    cache_grow(c);
unlock:
    pthread_mutex_unlock(&c->lock);
    free_dead(dead);
    if (ret == 0) {
        free(it);
        return 0;
    }
    if (out)
        *out = &it->pub;
    return 1;
}

size_t cache_purge_stale(struct cache *c)
{
    struct cache_item *dead = NULL;
    size_t n = 0;

    pthread_mutex_lock(&c->lock);
    while (c->stale.tail) {
        cache_remove(c, c->stale.tail, &dead);
        c->evictions++;
        n++;
    }
    pthread_mutex_unlock(&c->lock);
    free_dead(dead);
    return n;
}

void cache_clear(struct cache *c)
{
    struct cache_item *dead = NULL;

    pthread_mutex_lock(&c->lock);
    drop_all(c, &dead);
    pthread_mutex_unlock(&c->lock);
    free_dead(dead);
}

void cache_get_stats(struct cache *c, struct cache_stats *s)
{
    pthread_mutex_lock(&c->lock);
    s->hits = c->hits;
    s->misses = c->misses;
    s->inserts = c->inserts;
    s->evictions = c->evictions;
    s->rejected = c->rejected;
    s->entries = c->entries;
    s->bytes = c->bytes;
    s->max_bytes = c->max_bytes;
    s->generation = c->gen;
    pthread_mutex_unlock(&c->lock);
}

/* Body hash for the ETag: 8 bytes per step (rotate, multiply by an odd
 * constant: each step is a bijection of the state, so a single changed
 * word always changes the result), the tail bytewise, then a final mix.
 * About 8 times faster than bytewise FNV on large bodies. */
static uint64_t body_hash(uint64_t h, const unsigned char *p, size_t len)
{
    const uint64_t K = 0x9e3779b97f4a7c15ULL; /* 2^64 / golden ratio, odd */
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        uint64_t w;

        memcpy(&w, p + i, 8);
        h ^= w;
        h = ((h << 29) | (h >> 35)) * K;
    }
    h = fnv(h, p + i, len - i);
    h ^= (uint64_t)len;
    h ^= h >> 33; /* fold the high bits, which the multiplies fed most, down */
    h *= K;
    h ^= h >> 29;
    return h;
}

void cache_etag(const char *content_type, const void *body, size_t len, char etag[CACHE_ETAG_MAX])
{
    uint64_t h = fnv(FNV_OFFSET, content_type, strlen(content_type) + 1);

    h = body_hash(h, body, len);
    snprintf(etag, CACHE_ETAG_MAX, "\"%016llx\"", (unsigned long long)h);
}

static const char *skip_ows(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

int cache_if_none_match(const char *header, const char *etag)
{
    const char *p, *want;
    size_t want_len;

    if (!header || !etag)
        return 0;
    p = skip_ows(header);
    if (*p == '*' && *skip_ows(p + 1) == '\0')
        return 1;
    /* Weak comparison: opaque tags only. */
    want = etag[0] == 'W' && etag[1] == '/' ? etag + 2 : etag;
    want_len = strlen(want);
    while (*p) {
        const char *tag;
        int ok = 1;

        p = skip_ows(p);
        if (p[0] == 'W' && p[1] == '/')
            p += 2;
        tag = p;
        if (*p != '"') {
            ok = 0;
        } else {
            for (p++; *p && *p != '"'; p++) {
                unsigned char ch = (unsigned char)*p;

                if (ch < 0x21 || ch == 0x7f)
                    break;
            }
            if (*p != '"')
                ok = 0;
            else
                p++;
        }
        if (ok) {
            const char *after = skip_ows(p);

            if (*after != ',' && *after != '\0')
                ok = 0;
            else if ((size_t)(p - tag) == want_len && memcmp(tag, want, want_len) == 0)
                return 1;
        }
        while (*p && *p != ',') /* to the next member */
            p++;
        if (*p == ',')
            p++;
    }
    return 0;
}

static const char *const WDAY[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const WDAY_LONG[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};
static const char *const MONTH[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
    static const int D[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 1 && is_leap(y) ? 29 : D[m];
}

/* Days from 1970-01-01 to y-m-d (m 0-based), y >= 1. */
static long days_since_epoch(long y, int m, int d)
{
    long ym1 = y - 1, days;
    int i;

    days =
        365 * (y - 1970) + (ym1 / 4 - ym1 / 100 + ym1 / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
    for (i = 0; i < m; i++)
        days += month_days(y, i);
    return days + d - 1;
}

/* n digits at s, or -1. */
static long digits(const char *s, int n)
{
    long v = 0;
    int i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int month_of(const char *s)
{
    int i;

    for (i = 0; i < 12; i++)
        if (strncmp(s, MONTH[i], 3) == 0)
            return i;
    return -1;
}

/* "HH:MM:SS" -> seconds of the day, or -1. */
static long time_of_day(const char *s)
{
    long h = digits(s, 2), m = digits(s + 3, 2), sec = digits(s + 6, 2);

    if (h < 0 || m < 0 || sec < 0 || s[2] != ':' || s[5] != ':' || h > 23 || m > 59 || sec > 60)
        return -1;
    return h * 3600 + m * 60 + (sec == 60 ? 59 : sec);
}

static int make_time(long y, int m, long d, long tod, time_t *t)
{
    if (y < 1 || m < 0 || d < 1 || d > month_days(y, m) || tod < 0)
        return -1;
    *t = (time_t)(days_since_epoch(y, m, (int)d) * 86400L + tod);
    return 0;
}

int cache_parse_http_date(const char *s, time_t now, time_t *t)
{
    size_t n;
    int i;

    if (!s)
        return -1;
    n = strlen(s);
    /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
    if (n == 29 && s[3] == ',') {
        for (i = 0; i < 7 && strncmp(s, WDAY[i], 3) != 0; i++)
            ;
        if (i == 7 || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[25] != ' ' ||
            strcmp(s + 26, "GMT") != 0)
            return -1;
        return make_time(digits(s + 12, 4), month_of(s + 8), digits(s + 5, 2), time_of_day(s + 17),
                         t);
    }
    /* asctime: "Sun Nov  6 08:49:37 1994" */
    if (n == 24 && s[3] == ' ') {
        long d;

        for (i = 0; i < 7 && strncmp(s, WDAY[i], 3) != 0; i++)
            ;
        if (i == 7 || s[7] != ' ' || s[10] != ' ' || s[19] != ' ')
            return -1;
        d = s[8] == ' ' ? digits(s + 9, 1) : digits(s + 8, 2);
        return make_time(digits(s + 20, 4), month_of(s + 4), d, time_of_day(s + 11), t);
    }
    /* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
    for (i = 0; i < 7; i++) {
        size_t wl = strlen(WDAY_LONG[i]);
        const char *r = s + wl;
        long yy, y;
        struct tm tm;

        if (strncmp(s, WDAY_LONG[i], wl) != 0)
            continue;
        if (n != wl + 24 || r[0] != ',' || r[1] != ' ' || r[4] != '-' || r[8] != '-' ||
            r[11] != ' ' || r[20] != ' ' || strcmp(r + 21, "GMT") != 0)
            return -1;
        yy = digits(r + 9, 2);
        if (yy < 0 || !gmtime_r(&now, &tm))
            return -1;
        y = (tm.tm_year + 1900) / 100 * 100 + yy;
        if (y > tm.tm_year + 1900 + 50)
            y -= 100;
        return make_time(y, month_of(r + 5), digits(r + 2, 2), time_of_day(r + 12), t);
    }
    return -1;
}

void cache_format_http_date(time_t t, char buf[CACHE_HTTP_DATE_MAX])
{
    struct tm tm;

    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, CACHE_HTTP_DATE_MAX, "Thu, 01 Jan 1970 00:00:00 GMT");
        return;
    }
    snprintf(buf, CACHE_HTTP_DATE_MAX, "%s, %02d %s %04d %02d:%02d:%02d GMT", WDAY[tm.tm_wday],
             tm.tm_mday, MONTH[tm.tm_mon], (tm.tm_year + 1900) % 10000, tm.tm_hour, tm.tm_min,
             tm.tm_sec);
}

int cache_not_modified(const char *if_none_match, const char *if_modified_since, const char *etag,
                       time_t last_modified, time_t now)
{
    time_t since;

    if (if_none_match)
        return cache_if_none_match(if_none_match, etag);
    if (!if_modified_since || cache_parse_http_date(if_modified_since, now, &since) < 0)
        return 0;
    if (since > now)
        return 0;
    return last_modified <= since;
}
