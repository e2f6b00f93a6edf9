/* Unit tests for the native quad store: every pattern against a naive model,
 * snapshots, commits with and without base merges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store.h"

/* The model: a hash set of quads (present flag per slot) plus the list of
 * every quad ever added, to pick removals from. */
struct slot {
    struct store_quad q;
    int used, present;
};

struct model {
    struct slot *t;
    size_t cap, n;            /* slots, present quads */
    struct store_quad *q;     /* every quad ever added */
    size_t nq, capq;
};

static int q_eq(const struct store_quad *a, const struct store_quad *b)
{
    return a->s == b->s && a->p == b->p && a->o == b->o && a->g == b->g;
}

static size_t q_hash(const struct store_quad *q)
{
    uint64_t h = q->s * 0x9E3779B97F4A7C15ULL;
    h = (h ^ q->p) * 0xC2B2AE3D27D4EB4FULL;
    h = (h ^ q->o) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ q->g) * 0xC2B2AE3D27D4EB4FULL;
    return (size_t)(h ^ (h >> 31));
}

static struct slot *model_slot(struct model *m, const struct store_quad *q)
{
    if (!m->cap) {
        m->cap = 1 << 20;
        m->t = calloc(m->cap, sizeof *m->t);
    }
    size_t i = q_hash(q) & (m->cap - 1);
    while (m->t[i].used && !q_eq(&m->t[i].q, q))
        i = (i + 1) & (m->cap - 1);
    return &m->t[i];
}

static long model_find(struct model *m, const struct store_quad *q)
{
    return model_slot(m, q)->present ? 0 : -1;
}

static void model_add(struct model *m, const struct store_quad *q)
{
    struct slot *s = model_slot(m, q);
    if (s->present)
        return;
    if (!s->used) {
        s->used = 1;
        s->q = *q;
        if (m->nq == m->capq) {
            m->capq = m->capq ? m->capq * 2 : 64;
            m->q = realloc(m->q, m->capq * sizeof *m->q);
        }
        m->q[m->nq++] = *q;
    }
    s->present = 1;
    m->n++;
}

static void model_remove(struct model *m, const struct store_quad *q)
{
    struct slot *s = model_slot(m, q);
    if (s->present) {
        s->present = 0;
        m->n--;
    }
}

static void model_free(struct model *m)
{
    free(m->t);
    free(m->q);
}

static int matches(const struct store_quad *pat, const struct store_quad *q)
{
    return (!pat->s || pat->s == q->s) && (!pat->p || pat->p == q->p) &&
           (!pat->o || pat->o == q->o) && (!pat->g || pat->g == q->g);
}

static size_t model_count(const struct model *m, const struct store_quad *pat)
{
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        n += m->t[i].present && matches(pat, &m->t[i].q);
    return n;
}

/* Every one of the 16 bound/unbound combinations, built from quad q. */
static void check_all_patterns(struct store *st, struct model *m, const struct store_quad *q)
{
    struct store_snapshot *snap = store_acquire(st);
    assert_int_equal(store_size(snap), m->n);
    for (int mask = 0; mask < 16; mask++) {
        struct store_quad pat = {mask & 1 ? q->s : 0, mask & 2 ? q->p : 0, mask & 4 ? q->o : 0,
                                 mask & 8 ? q->g : 0};
        size_t expect = model_count(m, &pat);
        assert_int_equal(store_count(snap, &pat), expect);
        struct store_iter *it = store_find(snap, &pat, false);
        struct store_quad got, prev = {0};
        size_t n = 0;
        while (store_iter_next(it, &got)) {
            assert_true(matches(&pat, &got));
            assert_true(model_find(m, &got) >= 0);
            if (n)
                assert_false(q_eq(&prev, &got));
            prev = got;
            n++;
        }
        assert_int_equal(n, expect);
        store_iter_free(it);
    }
    store_release(snap);
}

static void random_quad(struct store_quad *q, unsigned range)
{
    q->s = 2 + (unsigned)rand() % range;
    q->p = 2 + (unsigned)rand() % (range / 8 + 1);
    q->o = 2 + (unsigned)rand() % range;
    q->g = 1 + (unsigned)rand() % 5;
}

/* Deterministic scenario with a model, commits of mixed adds/removes. */
static void run_model(unsigned n_commits, unsigned per_commit, unsigned range)
{
    struct store *st = store_new();
    struct model m = {0};
    struct error err;
    uint64_t gen = 0;

    srand(n_commits * 7919 + per_commit);
    for (unsigned c = 0; c < n_commits; c++) {
        struct store_batch *b = store_batch_new(st);
        struct store_quad *rms = malloc((per_commit + 1) * sizeof *rms);
        struct store_quad *ads = malloc((per_commit + 1) * sizeof *ads);
        size_t nr = 0, na = 0;
        for (unsigned i = 0; i < per_commit; i++) {
            struct store_quad q;
            int r = rand() % 10;
            if (r < 3 && m.nq) {
                q = m.q[(size_t)rand() % m.nq];
                rms[nr++] = q;
                store_batch_remove(b, &q);
            } else if (r == 3) {
                random_quad(&q, range);
                rms[nr++] = q;
                store_batch_remove(b, &q);
            } else {
                random_quad(&q, range);
                ads[na++] = q;
                store_batch_add(b, &q);
            }
        }
        if (c % 3 == 1 && nr) { /* remove then re-add in the same batch */
            ads[na++] = rms[0];
            store_batch_add(b, &rms[0]);
        }
        for (size_t i = 0; i < nr; i++)
            model_remove(&m, &rms[i]);
        for (size_t i = 0; i < na; i++)
            model_add(&m, &ads[i]);
        assert_int_equal(store_commit(st, b, &err), 0);
        struct store_snapshot *snap = store_acquire(st);
        assert_true(store_generation(snap) > gen);
        gen = store_generation(snap);
        for (size_t i = 0; i < na; i++)
            assert_true(store_contains(snap, &ads[i]) == (model_find(&m, &ads[i]) >= 0));
        store_release(snap);
        if (m.nq)
            check_all_patterns(st, &m, &m.q[(size_t)rand() % m.nq]);
        free(rms);
        free(ads);
    }
    store_free(st);
    model_free(&m);
}

static void test_small_commits_stay_in_delta(void **state)
{
    run_model(40, 50, 60);
}

static void test_large_commits_merge_base(void **state)
{
    run_model(6, 40000, 3000);
}

static void test_mixed_sizes(void **state)
{
    run_model(3, 70000, 400);
    run_model(30, 300, 400);
}

static void test_snapshot_isolation(void **state)
{
    struct store *st = store_new();
    struct error err;
    struct store_quad q = {5, 6, 7, 1};
    struct store_batch *b = store_batch_new(st);

    store_batch_add(b, &q);
    assert_int_equal(store_commit(st, b, &err), 0);
    struct store_snapshot *old = store_acquire(st);
    b = store_batch_new(st);
    store_batch_remove(b, &q);
    assert_int_equal(store_commit(st, b, &err), 0);
    struct store_snapshot *now = store_acquire(st);
    assert_true(store_contains(old, &q));
    assert_false(store_contains(now, &q));
    assert_int_equal(store_size(old), 1);
    assert_int_equal(store_size(now), 0);
    assert_int_equal(store_generation(now), store_generation(old) + 1);
    /* an iterator keeps its snapshot alive after release */
    struct store_quad any = {0};
    struct store_iter *it = store_find(old, &any, false);
    store_release(old);
    struct store_quad got;
    assert_true(store_iter_next(it, &got));
    assert_false(store_iter_next(it, &got));
    store_iter_free(it);
    store_release(now);
    store_free(st);
}

static void test_distinct_triples_and_graphs(void **state)
{
    struct store *st = store_new();
    struct error err;
    struct store_batch *b = store_batch_new(st);
    struct store_quad qs[] = {{5, 6, 7, 1}, {5, 6, 7, 9}, {5, 6, 7, 10}, {5, 6, 8, 9}, {4, 6, 7, 12}};

    for (size_t i = 0; i < 5; i++)
        store_batch_add(b, &qs[i]);
    assert_int_equal(store_commit(st, b, &err), 0);
    struct store_snapshot *snap = store_acquire(st);
    struct store_quad pat = {0, 6, 0, 0}, got;
    struct store_iter *it = store_find(snap, &pat, true);
    size_t n = 0;
    while (store_iter_next(it, &got))
        n++;
    store_iter_free(it);
    assert_int_equal(n, 3); /* (5 6 7), (5 6 8), (4 6 7) */
    term_id *g = NULL;
    long ng = store_graphs(snap, &g);
    assert_int_equal(ng, 3);
    assert_int_equal(g[0], 9);
    assert_int_equal(g[1], 10);
    assert_int_equal(g[2], 12);
    free(g);
    store_release(snap);
    store_free(st);
}

static void test_intern_and_decode(void **state)
{
    struct store *st = store_new();
    struct term_quad tq = {term_iri("http://x/s"), term_iri("http://x/p"),
                           term_literal("v", "nl", NULL), {0}};
    struct store_quad q;
    struct term_quad out;

    assert_int_equal(store_intern_quad(st, &tq, &q), 0);
    assert_int_equal(q.g, TERM_ID_DEFAULT_GRAPH);
    assert_int_equal(store_decode_quad(store_dict(st), &q, &out), 0);
    assert_string_equal(out.s.value, "http://x/s");
    assert_string_equal(out.o.lang, "nl");
    assert_int_equal(out.g.kind, TERM_NONE);
    store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_commits_stay_in_delta),
        cmocka_unit_test(test_large_commits_merge_base),
        cmocka_unit_test(test_mixed_sizes),
        cmocka_unit_test(test_snapshot_isolation),
        cmocka_unit_test(test_distinct_triples_and_graphs),
        cmocka_unit_test(test_intern_and_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
