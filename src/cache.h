/* cache.h - the cache of serialized answers, and the HTTP validators that go
 * with it (ETag, If-None-Match, If-Modified-Since).
 *
 * Entries are keyed by (URI, format id, profile, store generation) and hold
 * the body bytes, content type, ETag and Last-Modified time. The cache is
 * bounded in bytes (entry headers, keys, bodies and the hash table all
 * count) and evicts the least recently used entry first, entries of an
 * older generation before all others. It is safe to use from many threads.
 *
 * A hit hands out a reference to the entry, not a copy: the entry stays
 * valid, unchanged, until cache_release, even if it is evicted or the cache
 * is freed meanwhile. See docs/internals/cache.md. */
#ifndef FUNDAMENT_CACHE_H
#define FUNDAMENT_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"

/* Strong ETag: '"' + 16 hex digits + '"' + NUL. */
#define CACHE_ETAG_MAX 19
/* IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" + NUL. */
#define CACHE_HTTP_DATE_MAX 30

struct cache;

struct cache_key {
    const char *uri;     /* the resource (or document) URI */
    int format;          /* e.g. enum conneg_format */
    const char *profile; /* variant within the format (e.g. JSON-LD form), or NULL */
    uint64_t generation; /* store generation the body was made from */
};

/* A cached answer. Every field is read-only for users; the strings live in
 * the entry itself (one allocation) and stay valid until the reference is
 * released. */
struct cache_entry {
    const char *body; /* body_len bytes, followed by a NUL */
    size_t body_len;
    const char *content_type;  /* Content-Type header value */
    char etag[CACHE_ETAG_MAX]; /* strong ETag, quotes included */
    time_t last_modified;
    uint64_t generation;
};

struct cache_stats {
    uint64_t hits;
    uint64_t misses;
    uint64_t inserts;
    uint64_t evictions; /* entries dropped for room or as stale */
    uint64_t rejected;  /* puts not stored: too large, or stale generation */
    size_t entries;
    size_t bytes; /* bytes charged now, <= max_bytes */
    size_t max_bytes;
    uint64_t generation; /* newest generation seen */
};

/* A cache holding at most max_bytes (the minimum is enough for an empty
 * hash table). Returns NULL with err set when out of memory. */
struct cache *cache_new(size_t max_bytes, struct error *err);
/* Drop the cache's references; entries still held by callers stay valid
 * until released. NULL-safe. */
void cache_free(struct cache *c);

/* Look k up. Returns a reference (release it with cache_release) or NULL
 * on a miss. A key with a generation newer than any seen so far marks every
 * entry stale: stale entries are still found by their own generation, never
 * by another one, and are evicted first. */
const struct cache_entry *cache_get(struct cache *c, const struct cache_key *k);
/* Give back a reference from cache_get or cache_put. NULL-safe. */
void cache_release(const struct cache_entry *e);
/* The same with a void pointer, e.g. for a libmicrohttpd free callback. */
void cache_release_cb(void *entry);

/* Store a copy of body (and of the key and content type) under k,
 * replacing an entry with the same key. The ETag is computed from the
 * content type and body (cache_etag). Returns 1 when stored, 0 when not
 * stored because it alone exceeds the bound or its generation is older than
 * the newest seen, -1 with err set when out of memory. If out is not NULL,
 * *out gets a reference to the stored entry (1) or NULL (0, -1). */
int cache_put(struct cache *c, const struct cache_key *k, const void *body, size_t len,
              const char *content_type, time_t last_modified, const struct cache_entry **out,
              struct error *err);

/* Drop every entry of a generation older than the newest seen (also done
 * lazily, by eviction). Returns how many were dropped. */
size_t cache_purge_stale(struct cache *c);
/* Drop everything. */
void cache_clear(struct cache *c);

void cache_get_stats(struct cache *c, struct cache_stats *s);

/* What one entry with this key and body would be charged, for tests and
 * for sizing (the hash table is charged separately). */
size_t cache_entry_cost(const struct cache_key *k, size_t body_len, const char *content_type);

/* Strong ETag from the content type and the body bytes (a 64-bit hash,
 * hex, quoted) into etag[CACHE_ETAG_MAX]. Equal bytes give equal tags across
 * generations and restarts, so a commit that does not change a document
 * does not invalidate clients' copies. */
void cache_etag(const char *content_type, const void *body, size_t len, char etag[CACHE_ETAG_MAX]);

/* Does If-None-Match (a header value, NULL when absent) match etag? Weak
 * comparison (RFC 9110 section 8.8.3.2), as for GET and HEAD; "*" matches
 * any current representation. List members that are not entity-tags are
 * skipped. Returns 1 (answer 304) or 0. */
int cache_if_none_match(const char *header, const char *etag);

/* Parse an HTTP-date: IMF-fixdate, or the obsolete RFC 850 and asctime
 * formats (RFC 9110 section 5.6.7). now is used to place RFC 850's two-digit
 * year (a date more than 50 years ahead is taken from the previous century).
 * Returns 0 with *t set, -1 if it is not an HTTP-date. */
int cache_parse_http_date(const char *s, time_t now, time_t *t);
/* Format t as IMF-fixdate into buf. */
void cache_format_http_date(time_t t, char buf[CACHE_HTTP_DATE_MAX]);

/* 1 when a GET/HEAD may be answered 304 Not Modified: If-None-Match, when
 * present, decides alone; otherwise If-Modified-Since, when it is a valid
 * date not later than now, and the representation was not modified after
 * it (one-second resolution). Either header may be NULL. */
int cache_not_modified(const char *if_none_match, const char *if_modified_since, const char *etag,
                       time_t last_modified, time_t now);

#endif
