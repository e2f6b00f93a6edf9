/* test_cache.c - the answer cache (hits, LRU order, byte bound, generations,
 * references, threads) and the HTTP validators. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cache.h"

#define CT "text/turtle; charset=utf-8"

static struct cache_key key(const char *uri, int format, const char *profile, uint64_t gen)
{
    struct cache_key k = {uri, format, profile, gen};

    return k;
}

/* Bytes an empty cache is charged (its table). */
static size_t empty_bytes(void)
{
    struct cache *c = cache_new(0, NULL);
    struct cache_stats s;

    assert_non_null(c);
    cache_get_stats(c, &s);
    cache_free(c);
    return s.bytes;
}

static int put(struct cache *c, const char *uri, int format, const char *profile, uint64_t gen,
               const char *body)
{
    struct cache_key k = key(uri, format, profile, gen);
    struct error err;

    return cache_put(c, &k, body, strlen(body), CT, 1000, NULL, &err);
}

/* 1 if present with that body (the reference is released). */
static int has(struct cache *c, const char *uri, int format, const char *profile, uint64_t gen,
               const char *body)
{
    struct cache_key k = key(uri, format, profile, gen);
    const struct cache_entry *e = cache_get(c, &k);
    int ok;

    if (!e)
        return 0;
    ok = e->body_len == strlen(body) && memcmp(e->body, body, e->body_len) == 0;
    cache_release(e);
    return ok;
}

static void test_hit_miss(void **state)
{
    struct error err;
    struct cache *c = cache_new(1 << 20, &err);
    struct cache_key k = key("http://ex/a", 1, NULL, 7);
    const struct cache_entry *e, *e2;
    struct cache_stats s;
    char etag[CACHE_ETAG_MAX];

    (void)state;
    assert_non_null(c);
    assert_null(cache_get(c, &k));
    assert_int_equal(cache_put(c, &k, "<a> <b> <c> .\n", 14, CT, 1234, &e, &err), 1);
    assert_non_null(e);
    e2 = cache_get(c, &k);
    assert_ptr_equal(e, e2); /* no copy: the same entry */
    assert_int_equal(e2->body_len, 14);
    assert_memory_equal(e2->body, "<a> <b> <c> .\n", 15); /* NUL-terminated */
    assert_string_equal(e2->content_type, CT);
    assert_int_equal(e2->last_modified, 1234);
    assert_int_equal(e2->generation, 7);
    cache_etag(CT, "<a> <b> <c> .\n", 14, etag);
    assert_string_equal(e2->etag, etag);
    cache_release(e);
    cache_release(e2);
    cache_release(NULL);

    assert_false(has(c, "http://ex/a", 2, NULL, 7, "<a> <b> <c> .\n"));
    assert_false(has(c, "http://ex/a", 1, "p", 7, "<a> <b> <c> .\n"));
    assert_false(has(c, "http://ex/b", 1, NULL, 7, "<a> <b> <c> .\n"));
    assert_int_equal(put(c, "http://ex/a", 1, "p", 7, "P"), 1);
    assert_true(has(c, "http://ex/a", 1, "p", 7, "P"));
    assert_false(has(c, "http://ex/a", 1, "q", 7, "P"));
    assert_true(has(c, "http://ex/a", 1, NULL, 7, "<a> <b> <c> .\n"));
    /* empty body */
    assert_int_equal(put(c, "http://ex/e", 1, NULL, 7, ""), 1);
    assert_true(has(c, "http://ex/e", 1, NULL, 7, ""));

    cache_get_stats(c, &s);
    assert_int_equal(s.hits, 4);
    assert_int_equal(s.misses, 5);
    assert_int_equal(s.inserts, 3);
    assert_int_equal(s.entries, 3);
    assert_int_equal(s.evictions, 0);
    assert_int_equal(s.generation, 7);
    cache_free(c);
    cache_free(NULL);
}

static void test_replace(void **state)
{
    struct error err;
    struct cache *c = cache_new(1 << 20, &err);
    struct cache_key k = key("u", 1, NULL, 1);
    const struct cache_entry *old;
    struct cache_stats s;

    (void)state;
    assert_int_equal(put(c, "u", 1, NULL, 1, "one"), 1);
    old = cache_get(c, &k);
    assert_int_equal(put(c, "u", 1, NULL, 1, "two"), 1);
    assert_true(has(c, "u", 1, NULL, 1, "two"));
    assert_string_equal(old->body, "one"); /* the held reference is unchanged */
    cache_release(old);
    cache_get_stats(c, &s);
    assert_int_equal(s.entries, 1);
    assert_int_equal(s.bytes, empty_bytes() + cache_entry_cost(&k, 3, CT));
    cache_free(c);
}

static void test_lru_order(void **state)
{
    struct cache_key k = key("u0", 1, NULL, 1);
    size_t cost = cache_entry_cost(&k, 4, CT);
    struct cache *c = cache_new(empty_bytes() + 3 * cost, NULL);
    struct cache_stats s;

    (void)state;
    assert_int_equal(put(c, "u0", 1, NULL, 1, "aaaa"), 1);
    assert_int_equal(put(c, "u1", 1, NULL, 1, "bbbb"), 1);
    assert_int_equal(put(c, "u2", 1, NULL, 1, "cccc"), 1);
    cache_get_stats(c, &s);
    assert_int_equal(s.bytes, s.max_bytes);        /* exactly full */
    assert_true(has(c, "u0", 1, NULL, 1, "aaaa")); /* u0 most recent, u1 least */
    assert_int_equal(put(c, "u3", 1, NULL, 1, "dddd"), 1);
    assert_false(has(c, "u1", 1, NULL, 1, "bbbb"));
    assert_true(has(c, "u2", 1, NULL, 1, "cccc")); /* now u0 least */
    assert_true(has(c, "u3", 1, NULL, 1, "dddd"));
    assert_int_equal(put(c, "u4", 1, NULL, 1, "eeee"), 1);
    assert_false(has(c, "u0", 1, NULL, 1, "aaaa"));
    assert_true(has(c, "u2", 1, NULL, 1, "cccc"));
    assert_true(has(c, "u3", 1, NULL, 1, "dddd"));
    assert_true(has(c, "u4", 1, NULL, 1, "eeee"));
    /* A larger entry evicts as many as needed, least recent first. */
    assert_int_equal(put(c, "u5", 1, NULL, 1, "ffffffffffffffffffffffffffffffff"), 1);
    cache_get_stats(c, &s);
    assert_true(s.bytes <= s.max_bytes);
    assert_int_equal(s.entries, 2);
    assert_false(has(c, "u2", 1, NULL, 1, "cccc"));
    assert_true(has(c, "u4", 1, NULL, 1, "eeee"));
    assert_int_equal(s.evictions, 4);
    cache_free(c);
}

static void test_byte_bound(void **state)
{
    size_t base = empty_bytes(), max = base + 20000, i;
    struct cache *c = cache_new(max, NULL);
    struct cache_stats s;
    char uri[32], *body = malloc(5000);
    unsigned seed = 12345;

    (void)state;
    assert_non_null(body);
    memset(body, 'x', 4999);
    body[4999] = '\0';
    /* Too large alone: not stored, nothing evicted. */
    assert_int_equal(put(c, "small", 1, NULL, 1, "s"), 1);
    {
        char *big = malloc(30001);

        assert_non_null(big);
        memset(big, 'y', 30000);
        big[30000] = '\0';
        assert_int_equal(put(c, "big", 1, NULL, 1, big), 0);
        free(big);
    }
    assert_true(has(c, "small", 1, NULL, 1, "s"));
    cache_get_stats(c, &s);
    assert_int_equal(s.rejected, 1);
    assert_int_equal(s.bytes,
                     base + cache_entry_cost(&(struct cache_key){"small", 1, NULL, 1}, 1, CT));

    for (i = 0; i < 3000; i++) {
        size_t len = (seed = seed * 1103515245u + 12345u) % 5000;
        size_t sum = 0, n = 0, j;

        snprintf(uri, sizeof(uri), "u%zu", (size_t)(seed >> 8) % 50);
        body[len] = '\0';
        assert_int_equal(put(c, uri, 1, NULL, 1, body), 1);
        body[len] = 'x';
        cache_get_stats(c, &s);
        assert_true(s.bytes <= max);
        if (i % 100 != 0)
            continue;
        /* bytes is exactly the table plus the cost of what is present */
        for (j = 0; j < 50; j++) {
            struct cache_key k;
            const struct cache_entry *e;

            snprintf(uri, sizeof(uri), "u%zu", j);
            k = key(uri, 1, NULL, 1);
            e = cache_get(c, &k);
            if (e) {
                sum += cache_entry_cost(&k, e->body_len, CT);
                n++;
                cache_release(e);
            }
        }
        if (has(c, "small", 1, NULL, 1, "s")) {
            sum += cache_entry_cost(&(struct cache_key){"small", 1, NULL, 1}, 1, CT);
            n++;
        }
        cache_get_stats(c, &s);
        assert_int_equal(s.entries, n);
        assert_int_equal(s.bytes, base + sum);
    }
    free(body);
    cache_clear(c);
    cache_get_stats(c, &s);
    assert_int_equal(s.entries, 0);
    assert_int_equal(s.bytes, base);
    cache_free(c);
}

static void test_table_growth(void **state)
{
    struct cache *c = cache_new(1 << 20, NULL);
    struct cache_stats s;
    char uri[32];
    size_t i, present = 0;

    (void)state;
    for (i = 0; i < 2000; i++) {
        snprintf(uri, sizeof(uri), "http://ex/%zu", i);
        assert_int_equal(put(c, uri, (int)(i % 3), NULL, 1, "body"), 1);
    }
    for (i = 0; i < 2000; i++) {
        snprintf(uri, sizeof(uri), "http://ex/%zu", i);
        present += (size_t)has(c, uri, (int)(i % 3), NULL, 1, "body");
    }
    cache_get_stats(c, &s);
    assert_int_equal(present, 2000);
    assert_int_equal(s.entries, 2000);
    assert_true(s.bytes <= s.max_bytes);
    cache_free(c);
}

static void test_generations(void **state)
{
    struct cache_key k = key("u0", 1, NULL, 1);
    size_t cost = cache_entry_cost(&k, 4, CT);
    struct cache *c = cache_new(empty_bytes() + 3 * cost, NULL);
    struct cache_stats s;

    (void)state;
    assert_int_equal(put(c, "a", 1, NULL, 1, "aaaa"), 1);
    assert_true(has(c, "a", 1, NULL, 1, "aaaa"));
    assert_false(has(c, "a", 1, NULL, 2, "aaaa"));        /* never for a newer generation */
    assert_true(has(c, "a", 1, NULL, 1, "aaaa"));         /* still for its own */
    assert_int_equal(put(c, "b", 1, NULL, 1, "bbbb"), 0); /* older than newest seen */
    assert_int_equal(put(c, "c", 1, NULL, 2, "cccc"), 1);
    assert_int_equal(put(c, "d", 1, NULL, 2, "dddd"), 1);
    assert_true(has(c, "c", 1, NULL, 2, "cccc")); /* d is now the least recent current one */
    assert_true(has(c, "a", 1, NULL, 1, "aaaa")); /* a stale hit does not refresh it */
    assert_int_equal(put(c, "e", 1, NULL, 2, "eeee"), 1);
    assert_false(has(c, "a", 1, NULL, 1, "aaaa")); /* the stale entry went first */
    assert_true(has(c, "d", 1, NULL, 2, "dddd"));
    assert_true(has(c, "c", 1, NULL, 2, "cccc"));
    assert_true(has(c, "e", 1, NULL, 2, "eeee"));
    /* bump by a get; purge drops the stale ones at once */
    assert_false(has(c, "c", 1, NULL, 3, "cccc"));
    assert_int_equal(cache_purge_stale(c), 3);
    cache_get_stats(c, &s);
    assert_int_equal(s.entries, 0);
    assert_int_equal(s.generation, 3);
    assert_int_equal(s.rejected, 1);
    assert_int_equal(s.bytes, empty_bytes());
    cache_free(c);
}

static void test_ref_survives(void **state)
{
    struct cache_key k = key("a", 1, NULL, 1);
    size_t cost = cache_entry_cost(&k, 4, CT);
    struct cache *c = cache_new(empty_bytes() + cost, NULL);
    const struct cache_entry *held, *held2;
    struct error err;

    (void)state;
    assert_int_equal(cache_put(c, &k, "aaaa", 4, CT, 5, &held, &err), 1);
    assert_int_equal(put(c, "b", 1, NULL, 1, "bbbb"), 1); /* evicts a */
    assert_false(has(c, "a", 1, NULL, 1, "aaaa"));
    assert_string_equal(held->body, "aaaa"); /* still valid (ASan would tell) */
    assert_string_equal(held->content_type, CT);
    cache_release(held);

    k = key("b", 1, NULL, 1);
    held = cache_get(c, &k);
    held2 = cache_get(c, &k);
    assert_non_null(held);
    cache_free(c); /* outlives the cache too */
    assert_string_equal(held->body, "bbbb");
    cache_release(held);
    assert_string_equal(held2->body, "bbbb");
    cache_release_cb((void *)(uintptr_t)held2);
}

#define THREADS 8
#ifndef TEST_CACHE_OPS /* smaller for helgrind: -DTEST_CACHE_OPS=2000 */
#define TEST_CACHE_OPS 40000
#endif
#define OPS  TEST_CACHE_OPS
#define KEYS 300

struct worker {
    struct cache *c;
    unsigned seed;
    long gets, bad;
};

/* Body of a key: its name repeated, so a reader can check what it got. */
static size_t make_body(char *buf, size_t cap, const char *uri, uint64_t gen, unsigned rep)
{
    size_t off = 0;
    unsigned i;

    for (i = 0; i < rep && off + 64 < cap; i++)
        off += (size_t)snprintf(buf + off, cap - off, "%s@%llu;", uri, (unsigned long long)gen);
    return off;
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    char uri[32], body[4096], want[4096];
    int i;

    for (i = 0; i < OPS; i++) {
        unsigned r = (w->seed = w->seed * 1103515245u + 12345u) >> 4;
        uint64_t gen = 1 + (uint64_t)i / (OPS / 4); /* generations move on */
        struct cache_key k;
        const struct cache_entry *e;
        size_t len;

        snprintf(uri, sizeof(uri), "http://ex/%u", r % KEYS);
        k = key(uri, (int)(r % 2), NULL, gen);
        e = cache_get(w->c, &k);
        w->gets++;
        if (e) {
            len = make_body(want, sizeof(want), uri, gen, 1 + (r % KEYS) % 40);
            if (e->body_len != len || memcmp(e->body, want, len) != 0 || e->generation != gen)
                w->bad++;
            cache_release(e);
        } else {
            struct error err;

            len = make_body(body, sizeof(body), uri, gen, 1 + (r % KEYS) % 40);
            if (cache_put(w->c, &k, body, len, CT, 0, (r & 16) ? &e : NULL, &err) < 0)
                w->bad++;
            else if ((r & 16) && e)
                cache_release(e);
        }
    }
    return NULL;
}

static void test_threads(void **state)
{
    struct cache *c = cache_new(64 << 10, NULL);
    struct worker w[THREADS];
    pthread_t t[THREADS];
    struct cache_stats s;
    long gets = 0;
    int i;

    (void)state;
    for (i = 0; i < THREADS; i++) {
        w[i].c = c;
        w[i].seed = (unsigned)i * 7919u + 1;
        w[i].gets = w[i].bad = 0;
        assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].bad, 0);
        gets += w[i].gets;
    }
    cache_get_stats(c, &s);
    assert_int_equal((long)(s.hits + s.misses), gets);
    assert_true(s.bytes <= s.max_bytes);
    assert_true(s.hits > 0 && s.evictions > 0);
    printf("# threads: %llu hits, %llu misses, %llu evictions, %zu entries, %zu bytes\n",
           (unsigned long long)s.hits, (unsigned long long)s.misses,
           (unsigned long long)s.evictions, s.entries, s.bytes);
    cache_free(c);
}

static void test_etag(void **state)
{
    char a[CACHE_ETAG_MAX], b[CACHE_ETAG_MAX], d[CACHE_ETAG_MAX];

    (void)state;
    cache_etag(CT, "abc", 3, a);
    cache_etag(CT, "abc", 3, b);
    cache_etag("application/n-triples", "abc", 3, d);
    assert_string_equal(a, b);
    assert_string_not_equal(a, d);
    assert_int_equal(strlen(a), CACHE_ETAG_MAX - 1);
    assert_int_equal(a[0], '"');
    assert_int_equal(a[CACHE_ETAG_MAX - 2], '"');
    cache_etag(CT, "abd", 3, b);
    assert_string_not_equal(a, b);
    cache_etag(CT, "", 0, b);
    assert_string_not_equal(a, b);
}

static void test_if_none_match(void **state)
{
    static const struct {
        const char *header;
        int match;
    } C[] = {
        {"\"0123456789abcdef\"", 1},
        {"W/\"0123456789abcdef\"", 1},
        {"  \"x\" , W/\"0123456789abcdef\"  ", 1},
        {"\"x\",\"y\"", 0},
        {"*", 1},
        {" * ", 1},
        {"*, \"x\"", 0},
        {"", 0},
        {"0123456789abcdef", 0},
        {"junk, \"0123456789abcdef\"", 1},
        {"\"0123456789abcdef", 0},
        {"\"0123456789abcdef\"x", 0},
        {"\"0123456789ABCDEF\"", 0},
        {"w/\"0123456789abcdef\"", 0},
        {"\"0123456789abcde\"", 0},
        {",,\"0123456789abcdef\",", 1},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(C) / sizeof(C[0]); i++)
        if (cache_if_none_match(C[i].header, "\"0123456789abcdef\"") != C[i].match)
            fail_msg("If-None-Match: %s", C[i].header);
    assert_int_equal(cache_if_none_match("\"a\"", "W/\"a\""), 1);
    assert_int_equal(cache_if_none_match(NULL, "\"a\""), 0);
}

static void test_http_date(void **state)
{
    time_t now = 1795996800; /* 2026-11-29 */
    time_t t;
    char buf[CACHE_HTTP_DATE_MAX];
    static const char *const BAD[] = {
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun,06 Nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sux, 06 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nox 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 19x4 08:49:37 GMT",
        "Thu, 29 Feb 1900 00:00:00 GMT",
        "Sunday, 06-Nov-94 08:49:37",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94",
        "",
        "yesterday",
        " Sun, 06 Nov 1994 08:49:37 GMT",
    };
    size_t i;

    (void)state;
    assert_int_equal(cache_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", now, &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(cache_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", now, &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(cache_parse_http_date("Sun Nov  6 08:49:37 1994", now, &t), 0);
    assert_int_equal(t, 784111777);
    assert_int_equal(cache_parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 0);
    assert_int_equal(cache_parse_http_date("Thu, 29 Feb 1996 12:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 825595200);
    assert_int_equal(cache_parse_http_date("Wed, 01 Mar 2000 00:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 951868800);
    assert_int_equal(cache_parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", now, &t), 0);
    assert_int_equal(t, 1483228799);
    assert_int_equal(cache_parse_http_date("Wed Mar 11 07:00:00 2026", now, &t), 0);
    assert_int_equal(t, 1773212400);
    /* RFC 850: up to 50 years ahead stays in this century */
    assert_int_equal(cache_parse_http_date("Friday, 01-Jan-27 00:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 1798761600);
    assert_int_equal(cache_parse_http_date("Wednesday, 01-Jan-70 00:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 3155760000);
    assert_int_equal(cache_parse_http_date("Tuesday, 01-Jan-80 00:00:00 GMT", now, &t), 0);
    assert_int_equal(t, 315532800);
    for (i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++)
        if (cache_parse_http_date(BAD[i], now, &t) == 0)
            fail_msg("parsed: '%s'", BAD[i]);
    assert_int_equal(cache_parse_http_date(NULL, now, &t), -1);

    cache_format_http_date(784111777, buf);
    assert_string_equal(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
    for (i = 0; i < 1000; i++) {
        time_t x = (time_t)(i * 7919u * 104729u % 4102444800u);

        cache_format_http_date(x, buf);
        assert_int_equal(cache_parse_http_date(buf, now, &t), 0);
        assert_int_equal(t, x);
    }
}

static void test_not_modified(void **state)
{
    time_t now = 1795996800, lm = 784111777;
    const char *tag = "\"0123456789abcdef\"";

    (void)state;
    assert_int_equal(cache_not_modified(tag, NULL, tag, lm, now), 1);
    assert_int_equal(cache_not_modified("\"x\"", "Sun, 06 Nov 1994 08:49:37 GMT", tag, lm, now),
                     0); /* If-None-Match decides alone */
    assert_int_equal(cache_not_modified(NULL, "Sun, 06 Nov 1994 08:49:37 GMT", tag, lm, now), 1);
    assert_int_equal(cache_not_modified(NULL, "Sun, 06 Nov 1994 08:49:38 GMT", tag, lm, now), 1);
    assert_int_equal(cache_not_modified(NULL, "Sun, 06 Nov 1994 08:49:36 GMT", tag, lm, now), 0);
    assert_int_equal(cache_not_modified(NULL, "Fri, 01 Jan 2100 00:00:00 GMT", tag, lm, now), 0);
    assert_int_equal(cache_not_modified(NULL, "not a date", tag, lm, now), 0);
    assert_int_equal(cache_not_modified(NULL, NULL, tag, lm, now), 0);
}

/* Not a test of correctness: prints the CPU time of a hit and of an ETag. */
static void test_timing(void **state)
{
    struct cache *c = cache_new(64 << 20, NULL);
    static char uris[10000][64];
    char body[2048];
    size_t i, rounds = 1000000;
    struct timespec t0, t1;
    struct cache_key k;
    double ns;

    (void)state;
    memset(body, 'b', sizeof(body));
    for (i = 0; i < 10000; i++) {
        snprintf(uris[i], sizeof(uris[i]), "https://data.example.be/id/concept/x/%zu", i);
        k = key(uris[i], 1, NULL, 1);
        cache_put(c, &k, body, sizeof(body), CT, 0, NULL, NULL);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    for (i = 0; i < rounds; i++) {
        const struct cache_entry *e;

        k = key(uris[(i * 7919) % 10000], 1, NULL, 1);
        e = cache_get(c, &k);
        assert_non_null(e);
        cache_release(e);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
         (double)rounds;
    printf("# cache hit (get + release, 10000 entries): %.0f ns\n", ns);
    {
        char *big = malloc(4 << 20);
        char etag[CACHE_ETAG_MAX];

        assert_non_null(big);
        memset(big, 'x', 4 << 20);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        cache_etag(CT, big, 4 << 20, etag);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
        printf("# ETag of 4 MiB: %.2f ms\n",
               ((double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6));
        free(big);
    }
    cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hit_miss),     cmocka_unit_test(test_replace),
        cmocka_unit_test(test_lru_order),    cmocka_unit_test(test_byte_bound),
        cmocka_unit_test(test_table_growth), cmocka_unit_test(test_generations),
        cmocka_unit_test(test_ref_survives), cmocka_unit_test(test_threads),
        cmocka_unit_test(test_etag),         cmocka_unit_test(test_if_none_match),
        cmocka_unit_test(test_http_date),    cmocka_unit_test(test_not_modified),
        cmocka_unit_test(test_timing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
