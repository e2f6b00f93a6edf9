/* test_describe.c - resource descriptions over the real store: own triples
 * once across graphs, blank-node closure, cycles, callback failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "describe.h"
#include "store.h"

#define EX "http://example.org/"

/* Terms in a compact notation: "<iri>", "_:label", or a plain literal. */
static struct term t_(const char *s)
{
    if (s[0] == '_' && s[1] == ':')
        return term_blank(s + 2);
    if (s[0] == '<')
        return term_iri(s + 1); /* the '>' is left off in the tests */
    return term_literal(s, NULL, NULL);
}

static void add(struct store *st, const char *s, const char *p, const char *o, const char *g)
{
    struct term_quad tq;
    struct store_quad q;
    struct store_batch *b = store_batch_new(st);
    struct error err;

    tq.s = t_(s);
    tq.p = t_(p);
    tq.o = t_(o);
    memset(&tq.g, 0, sizeof tq.g);
    if (g)
        tq.g = t_(g);
    assert_non_null(b);
    assert_int_equal(store_intern_quad(st, &tq, &q), 0);
    assert_int_equal(store_batch_add(b, &q), 0);
    assert_int_equal(store_commit(st, b, &err), 0);
}

/* Collects "s p o" lines (blank labels as _:x, literals quoted). */
struct collect {
    char lines[64][256];
    size_t n;
    int fail_after; /* fail the call after this many, -1 never */
};

static void term_text(const struct term *t, char *out, size_t n)
{
    if (t->kind == TERM_BLANK)
        snprintf(out, n, "_:%s", t->value);
    else if (t->kind == TERM_IRI)
        snprintf(out, n, "<%s>", t->value);
    else
        snprintf(out, n, "\"%s\"", t->value);
}

static int collect_fn(void *ctx, const struct term_quad *q, struct error *err)
{
    struct collect *c = ctx;
    char s[80], p[80], o[80];

    assert_int_equal(q->g.kind, TERM_NONE);
    if (c->fail_after >= 0 && (int)c->n == c->fail_after) {
        error_set(err, "sink failed");
        return -1;
    }
    term_text(&q->s, s, sizeof s);
    term_text(&q->p, p, sizeof p);
    term_text(&q->o, o, sizeof o);
    assert_true(c->n < 64);
    snprintf(c->lines[c->n++], sizeof c->lines[0], "%s %s %s", s, p, o);
    return 0;
}

static int count_fn(void *ctx, const struct term_quad *q, struct error *err)
{
    (void)q;
    (void)err;
    (*(long *)ctx)++;
    return 0;
}

static int has_line(const struct collect *c, const char *line)
{
    int found = 0;

    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->lines[i], line))
            found++;
    return found;
}

static term_id id_of(struct store *st, const char *s)
{
    struct term t = t_(s);

    return dict_lookup(store_dict(st), &t);
}

static void test_own_triples_once(void **state)
{
    struct store *st = store_new();
    struct store_snapshot *snap;
    struct collect c = {.fail_after = -1};
    struct error err;

    (void)state;
    add(st, "<" EX "a", "<" EX "p", "one", NULL);
    add(st, "<" EX "a", "<" EX "p", "one", "<" EX "g1");
    add(st, "<" EX "a", "<" EX "p", "one", "<" EX "g2");
    add(st, "<" EX "a", "<" EX "q", "<" EX "b", "<" EX "g2");
    add(st, "<" EX "b", "<" EX "p", "not mine", NULL);
    add(st, "<" EX "c", "<" EX "p", "<" EX "a", NULL);
    snap = store_acquire(st);
    assert_int_equal(describe_resource(snap, id_of(st, "<" EX "a"), collect_fn, &c, &err), 2);
    assert_int_equal(c.n, 2);
    assert_int_equal(has_line(&c, "<" EX "a> <" EX "p> \"one\""), 1);
    assert_int_equal(has_line(&c, "<" EX "a> <" EX "q> <" EX "b>"), 1);
    /* A term with no triples as subject describes nothing. */
    c.n = 0;
    assert_int_equal(describe_resource(snap, id_of(st, "<" EX "g1"), collect_fn, &c, &err), 0);
    assert_int_equal(describe_resource(snap, TERM_ID_NONE, collect_fn, &c, &err), 0);
    assert_int_equal(c.n, 0);
    store_release(snap);
    store_free(st);
}

static void test_blank_closure(void **state)
{
    struct store *st = store_new();
    struct store_snapshot *snap;
    struct collect c = {.fail_after = -1};
    struct error err;

    (void)state;
    /* a -> _:x -> _:y -> _:x (cycle), _:y -> _:z; a -> _:x twice (two
     * predicates); _:w is not reachable. */
    add(st, "<" EX "a", "<" EX "p", "_:x", NULL);
    add(st, "<" EX "a", "<" EX "r", "_:x", "<" EX "g");
    add(st, "_:x", "<" EX "p", "x-val", NULL);
    add(st, "_:x", "<" EX "next", "_:y", "<" EX "g");
    add(st, "_:y", "<" EX "next", "_:x", NULL);
    add(st, "_:y", "<" EX "p", "_:z", NULL);
    add(st, "_:z", "<" EX "p", "z-val", NULL);
    add(st, "_:z", "<" EX "p", "z-val", "<" EX "g");
    add(st, "_:w", "<" EX "p", "w-val", NULL);
    snap = store_acquire(st);
    assert_int_equal(describe_resource(snap, id_of(st, "<" EX "a"), collect_fn, &c, &err), 7);
    assert_int_equal(has_line(&c, "<" EX "a> <" EX "p> _:x"), 1);
    assert_int_equal(has_line(&c, "<" EX "a> <" EX "r> _:x"), 1);
    assert_int_equal(has_line(&c, "_:x <" EX "p> \"x-val\""), 1);
    assert_int_equal(has_line(&c, "_:x <" EX "next> _:y"), 1);
    assert_int_equal(has_line(&c, "_:y <" EX "next> _:x"), 1);
    assert_int_equal(has_line(&c, "_:y <" EX "p> _:z"), 1);
    assert_int_equal(has_line(&c, "_:z <" EX "p> \"z-val\""), 1);
    assert_int_equal(has_line(&c, "_:w <" EX "p> \"w-val\""), 0);
    /* The subject's own triples come first. */
    assert_int_equal(strncmp(c.lines[0], "<" EX "a>", strlen(EX) + 3), 0);
    assert_int_equal(strncmp(c.lines[1], "<" EX "a>", strlen(EX) + 3), 0);
    /* A blank node subject works too (and its cycle ends). */
    c.n = 0;
    assert_int_equal(describe_resource(snap, id_of(st, "_:y"), collect_fn, &c, &err), 5);
    store_release(snap);
    store_free(st);
}

static void test_many_blank_nodes(void **state)
{
    struct store *st = store_new();
    struct store_snapshot *snap;
    struct store_batch *b = store_batch_new(st);
    struct error err;
    char label[32], prev[32];
    long n, count = 0;

    (void)state;
    /* A chain of 5000 blank nodes (grows the seen-set and queue many times). */
    snprintf(prev, sizeof prev, "<" EX "a");
    for (int i = 0; i < 5000; i++) {
        struct term_quad tq;
        struct store_quad q;

        snprintf(label, sizeof label, "_:b%d", i);
        memset(&tq, 0, sizeof tq);
        tq.s = t_(prev);
        tq.p = t_("<" EX "next");
        tq.o = t_(label);
        assert_int_equal(store_intern_quad(st, &tq, &q), 0);
        assert_int_equal(store_batch_add(b, &q), 0);
        memcpy(prev, label, sizeof prev);
    }
    assert_int_equal(store_commit(st, b, &err), 0);
    snap = store_acquire(st);
    n = describe_resource(snap, id_of(st, "<" EX "a"), count_fn, &count, &err);
    assert_int_equal(n, 5000);
    assert_int_equal(count, 5000);
    store_release(snap);
    store_free(st);
}

static void test_callback_failure(void **state)
{
    struct store *st = store_new();
    struct store_snapshot *snap;
    struct collect c = {.fail_after = 1};
    struct error err;

    (void)state;
    add(st, "<" EX "a", "<" EX "p", "1", NULL);
    add(st, "<" EX "a", "<" EX "p", "2", NULL);
    add(st, "<" EX "a", "<" EX "p", "3", NULL);
    snap = store_acquire(st);
    error_clear(&err);
    assert_int_equal(describe_resource(snap, id_of(st, "<" EX "a"), collect_fn, &c, &err), -1);
    assert_string_equal(err.msg, "sink failed");
    assert_int_equal(c.n, 1);
    store_release(snap);
    store_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_triples_once),
        cmocka_unit_test(test_blank_closure),
        cmocka_unit_test(test_many_blank_nodes),
        cmocka_unit_test(test_callback_failure),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
