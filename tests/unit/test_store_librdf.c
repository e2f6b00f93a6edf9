/* Unit tests for the librdf storage over the native store: statements and
 * contexts through librdf, the same quads through the store API and back,
 * Turtle in and N-Triples out, SPARQL through rasqal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "store_librdf.h"

#define EX "http://example.org/"

struct fx {
    librdf_world *world;
    librdf_storage *storage;
    librdf_model *model;
};

/* librdf messages as TAP comments; librdf_errors counts the errors. */
static int librdf_errors;

static int log_to_tap(void *user_data, librdf_log_message *m)
{
    (void)user_data;
    if (librdf_log_message_level(m) >= LIBRDF_LOG_ERROR)
        librdf_errors++;
    printf("# librdf: %s\n", librdf_log_message_message(m));
    return 1;
}

static librdf_world *world_new(void)
{
    librdf_world *w = librdf_new_world();
    assert_non_null(w);
    librdf_world_set_logger(w, NULL, log_to_tap);
    librdf_world_open(w);
    assert_int_equal(store_librdf_register(w), 0);
    return w;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->world = world_new();
    f->storage = librdf_new_storage(f->world, STORE_LIBRDF_FACTORY, NULL, NULL);
    assert_non_null(f->storage);
    f->model = librdf_new_model(f->world, f->storage, NULL);
    assert_non_null(f->model);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    assert_int_equal(librdf_errors, 0);
    librdf_free_model(f->model);
    librdf_free_storage(f->storage);
    librdf_free_world(f->world);
    free(f);
    return 0;
}

/* ---- node constructors (all return new nodes owned by the caller) ---- */

static librdf_node *iri(librdf_world *w, const char *local)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", EX, local);
    return librdf_new_node_from_uri_string(w, (const unsigned char *)buf);
}

static librdf_node *lit(librdf_world *w, const char *lex, const char *lang, const char *dt)
{
    librdf_uri *u = dt ? librdf_new_uri(w, (const unsigned char *)dt) : NULL;
    librdf_node *n = librdf_new_node_from_typed_literal(w, (const unsigned char *)lex, lang, u);
    if (u)
        librdf_free_uri(u);
    return n;
}

static librdf_node *blank(librdf_world *w, const char *id)
{
    return librdf_new_node_from_blank_identifier(w, (const unsigned char *)id);
}

/* A statement owning s, p, o (any may be NULL for a pattern). */
static librdf_statement *stmt(librdf_world *w, librdf_node *s, librdf_node *p, librdf_node *o)
{
    librdf_statement *st = librdf_new_statement_from_nodes(w, s, p, o);
    assert_non_null(st);
    return st;
}

/* Count and free a stream. */
static int drain(librdf_stream *s)
{
    int n = 0;
    assert_non_null(s);
    for (; !librdf_stream_end(s); librdf_stream_next(s)) {
        assert_non_null(librdf_stream_get_object(s));
        n++;
    }
    librdf_free_stream(s);
    return n;
}

static void add(struct fx *f, librdf_node *ctx, librdf_statement *st)
{
    if (ctx)
        assert_int_equal(librdf_model_context_add_statement(f->model, ctx, st), 0);
    else
        assert_int_equal(librdf_model_add_statement(f->model, st), 0);
    librdf_free_statement(st);
}

/* The data of the statement tests: 5 triples in the default graph, 2 in
 * ex:g1 (one also in the default graph), 1 in ex:g2 (also in ex:g1):
 * 8 quads, 6 distinct triples. */
static void load_sample(struct fx *f)
{
    librdf_world *w = f->world;
    librdf_node *g1 = iri(w, "g1"), *g2 = iri(w, "g2");

    add(f, NULL, stmt(w, iri(w, "a"), iri(w, "p"), iri(w, "b")));
    add(f, NULL, stmt(w, iri(w, "a"), iri(w, "p"), lit(w, "x", "en", NULL)));
    add(f, NULL, stmt(w, iri(w, "a"), iri(w, "q"), lit(w, "1", NULL, XSD_NS "integer")));
    add(f, NULL, stmt(w, iri(w, "b"), iri(w, "p"), iri(w, "a")));
    add(f, NULL, stmt(w, blank(w, "b1"), iri(w, "q"), lit(w, "plain", NULL, NULL)));
    add(f, g1, stmt(w, iri(w, "a"), iri(w, "p"), iri(w, "b")));
    add(f, g1, stmt(w, iri(w, "c"), iri(w, "p"), iri(w, "d")));
    add(f, g2, stmt(w, iri(w, "c"), iri(w, "p"), iri(w, "d")));
    librdf_free_node(g1);
    librdf_free_node(g2);
}

/* The distinct triples of load_sample, for the naive matcher. */
static librdf_statement **sample_triples(librdf_world *w, int *n)
{
    librdf_statement **t = calloc(6, sizeof *t);
    assert_non_null(t);
    t[0] = stmt(w, iri(w, "a"), iri(w, "p"), iri(w, "b"));
    t[1] = stmt(w, iri(w, "a"), iri(w, "p"), lit(w, "x", "en", NULL));
    t[2] = stmt(w, iri(w, "a"), iri(w, "q"), lit(w, "1", NULL, XSD_NS "integer"));
    t[3] = stmt(w, iri(w, "b"), iri(w, "p"), iri(w, "a"));
    t[4] = stmt(w, blank(w, "b1"), iri(w, "q"), lit(w, "plain", NULL, NULL));
    t[5] = stmt(w, iri(w, "c"), iri(w, "p"), iri(w, "d"));
    *n = 6;
    return t;
}

static void free_triples(librdf_statement **t, int n)
{
    for (int i = 0; i < n; i++)
        librdf_free_statement(t[i]);
    free(t);
}

/* librdf_model_contains_statement answers non-zero (-1 in Redland 1.0.17)
 * for a present statement. */
static int contains(librdf_model *m, librdf_statement *st)
{
    return librdf_model_contains_statement(m, st) != 0;
}

static librdf_node *copy_or_null(librdf_node *n)
{
    return n ? librdf_new_node_from_node(n) : NULL;
}

static void test_size_contains_and_every_pattern(void **state)
{
    struct fx *f = *state;
    librdf_world *w = f->world;
    int n;
    librdf_statement **t;

    load_sample(f);
    assert_int_equal(librdf_model_size(f->model), 6);
    assert_int_equal(librdf_model_supports_contexts(f->model), 1);

    /* every combination of bound s/p/o, taking the bound terms from each
     * triple in turn, against a naive count over the distinct triples */
    t = sample_triples(w, &n);
    for (int mask = 0; mask < 8; mask++) {
        for (int i = 0; i < n; i++) {
            librdf_statement *pat =
                stmt(w, mask & 1 ? copy_or_null(librdf_statement_get_subject(t[i])) : NULL,
                     mask & 2 ? copy_or_null(librdf_statement_get_predicate(t[i])) : NULL,
                     mask & 4 ? copy_or_null(librdf_statement_get_object(t[i])) : NULL);
            int expect = 0;
            for (int j = 0; j < n; j++)
                expect += librdf_statement_match(t[j], pat) ? 1 : 0;
            librdf_stream *s = librdf_model_find_statements(f->model, pat);
            int got = 0;
            for (; !librdf_stream_end(s); librdf_stream_next(s)) {
                librdf_statement *x = librdf_stream_get_object(s);
                assert_non_null(x);
                assert_true(librdf_statement_match(x, pat));
                /* the union view carries no context */
                assert_null(librdf_stream_get_context2(s));
                got++;
            }
            librdf_free_stream(s);
            assert_int_equal(got, expect);
            librdf_free_statement(pat);
        }
    }
    for (int i = 0; i < n; i++)
        assert_true(contains(f->model, t[i]));
    free_triples(t, n);

    /* absent: a language tag missing, a term never seen, a wrong datatype */
    librdf_statement *x = stmt(w, iri(w, "a"), iri(w, "p"), lit(w, "x", NULL, NULL));
    assert_false(contains(f->model, x));
    librdf_free_statement(x);
    x = stmt(w, iri(w, "nobody"), iri(w, "p"), iri(w, "b"));
    assert_false(contains(f->model, x));
    librdf_free_statement(x);
    x = stmt(w, iri(w, "nobody"), NULL, NULL);
    assert_int_equal(drain(librdf_model_find_statements(f->model, x)), 0);
    librdf_free_statement(x);
    x = stmt(w, iri(w, "a"), iri(w, "q"), lit(w, "1", NULL, XSD_NS "decimal"));
    assert_false(contains(f->model, x));
    librdf_free_statement(x);
    /* xsd:string is the plain literal (RDF 1.1) */
    x = stmt(w, blank(w, "b1"), iri(w, "q"), lit(w, "plain", NULL, XSD_NS "string"));
    assert_true(contains(f->model, x));
    librdf_free_statement(x);
}

static void test_contexts(void **state)
{
    struct fx *f = *state;
    librdf_world *w = f->world;
    librdf_node *g1 = iri(w, "g1"), *g2 = iri(w, "g2"), *g3 = iri(w, "g3");
    librdf_statement *all = librdf_new_statement(w);

    load_sample(f);
    assert_int_equal(drain(librdf_model_find_statements_in_context(f->model, all, g1)), 2);
    assert_int_equal(drain(librdf_model_find_statements_in_context(f->model, all, g2)), 1);
    assert_int_equal(drain(librdf_model_find_statements_in_context(f->model, all, g3)), 0);
    assert_int_equal(drain(librdf_model_context_as_stream(f->model, g1)), 2);

    /* a pattern inside a context, and the stream's context node */
    librdf_statement *pat = stmt(w, iri(w, "c"), NULL, NULL);
    librdf_stream *s = librdf_model_find_statements_in_context(f->model, pat, g2);
    assert_false(librdf_stream_end(s));
    assert_true(librdf_node_equals(librdf_stream_get_context2(s), g2));
    librdf_stream_next(s);
    assert_true(librdf_stream_end(s));
    librdf_free_stream(s);
    librdf_free_statement(pat);

    /* get_contexts: the named graphs, in order of first use */
    librdf_iterator *it = librdf_model_get_contexts(f->model);
    assert_non_null(it);
    assert_false(librdf_iterator_end(it));
    assert_true(librdf_node_equals(librdf_iterator_get_object(it), g1));
    librdf_iterator_next(it);
    assert_true(librdf_node_equals(librdf_iterator_get_object(it), g2));
    librdf_iterator_next(it);
    assert_true(librdf_iterator_end(it));
    librdf_free_iterator(it);

    /* remove without a context: the default graph only */
    librdf_statement *ab = stmt(w, iri(w, "a"), iri(w, "p"), iri(w, "b"));
    assert_int_equal(librdf_model_remove_statement(f->model, ab), 0);
    assert_true(contains(f->model, ab)); /* still in g1 */
    assert_int_equal(librdf_model_size(f->model), 6);
    assert_int_equal(librdf_model_context_remove_statement(f->model, g1, ab), 0);
    assert_false(contains(f->model, ab));
    assert_int_equal(librdf_model_size(f->model), 5);
    /* removing what is absent is no error */
    assert_int_equal(librdf_model_context_remove_statement(f->model, g3, ab), 0);
    librdf_free_statement(ab);

    /* empty a whole graph in one call */
    assert_int_equal(librdf_model_context_remove_statements(f->model, g2), 0);
    assert_int_equal(drain(librdf_model_find_statements_in_context(f->model, all, g2)), 0);
    it = librdf_model_get_contexts(f->model);
    assert_true(librdf_node_equals(librdf_iterator_get_object(it), g1));
    librdf_iterator_next(it);
    assert_true(librdf_iterator_end(it));
    librdf_free_iterator(it);
    assert_int_equal(librdf_model_size(f->model), 5); /* c p d is still in g1 */

    /* the native view agrees: 4 default + 1 in g1 */
    struct store *st = store_librdf_store(f->storage);
    struct store_snapshot *snap = store_acquire(st);
    assert_int_equal(store_size(snap), 5);
    struct term tg1 = term_iri(EX "g1");
    struct store_quad qg = {0, 0, 0, dict_lookup(store_snapshot_dict(snap), &tg1)};
    assert_int_equal(store_count(snap, &qg), 1);
    store_release(snap);

    librdf_free_statement(all);
    librdf_free_node(g1);
    librdf_free_node(g2);
    librdf_free_node(g3);
}

static void test_native_view_of_librdf_writes(void **state)
{
    struct fx *f = *state;
    struct store *st = store_librdf_store(f->storage);
    struct store_snapshot *before = store_acquire(st);
    uint64_t gen0 = store_generation(before);

    load_sample(f); /* 8 calls, 8 commits */
    struct store_snapshot *snap = store_acquire(st);
    assert_int_equal(store_generation(snap), gen0 + 8);
    assert_int_equal(store_size(snap), 8);
    assert_int_equal(store_size(before), 0); /* an old snapshot does not move */

    struct dict *d = store_snapshot_dict(snap);
    struct term a = term_iri(EX "a"), p = term_iri(EX "p"), x = term_literal("x", "en", NULL);
    struct term one = term_literal("1", NULL, XSD_NS "integer"), b1 = term_blank("b1");
    struct store_quad q = {dict_lookup(d, &a), dict_lookup(d, &p), dict_lookup(d, &x),
                           TERM_ID_DEFAULT_GRAPH};
    assert_true(store_contains(snap, &q));
    struct store_quad pat = {0, 0, dict_lookup(d, &one), 0};
    assert_int_equal(store_count(snap, &pat), 1);
    pat.o = TERM_ID_NONE;
    pat.s = dict_lookup(d, &b1);
    assert_int_equal(store_count(snap, &pat), 1);
    long ng;
    term_id *graphs;
    ng = store_graphs(snap, &graphs);
    assert_int_equal(ng, 2);
    free(graphs);
    store_release(snap);
    store_release(before);

    /* librdf_model_add_statements: one stream, one batch, one commit */
    librdf_model *m2 =
        librdf_new_model(f->world, librdf_new_storage(f->world, "memory", NULL, NULL), NULL);
    assert_non_null(m2);
    for (int i = 0; i < 50; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "n%d", i);
        librdf_statement *s =
            stmt(f->world, iri(f->world, buf), iri(f->world, "v"), lit(f->world, buf, NULL, NULL));
        librdf_model_add_statement(m2, s);
        librdf_free_statement(s);
    }
    snap = store_acquire(st);
    gen0 = store_generation(snap);
    store_release(snap);
    librdf_stream *s = librdf_model_as_stream(m2);
    assert_int_equal(librdf_model_add_statements(f->model, s), 0);
    librdf_free_stream(s);
    snap = store_acquire(st);
    assert_int_equal(store_generation(snap), gen0 + 1);
    assert_int_equal(store_size(snap), 58);
    store_release(snap);
    librdf_storage *st2 = librdf_model_get_storage(m2);
    librdf_free_model(m2);
    librdf_free_storage(st2);
}

/* Quads committed through store batches appear in the librdf model of an
 * attached storage; a stream keeps the generation it started with. */
static void test_attached_store_and_snapshots(void **state)
{
    (void)state;
    librdf_world *w = world_new();
    struct store *st = store_new();
    struct error err;
    assert_non_null(st);
    assert_int_equal(store_librdf_attach("registry", st, &err), 0);
    assert_int_equal(store_librdf_attach("registry", st, &err), -1);
    assert_non_null(strstr(err.msg, "already attached"));

    librdf_storage *sto = librdf_new_storage(w, STORE_LIBRDF_FACTORY, "registry", NULL);
    assert_non_null(sto);
    assert_ptr_equal(store_librdf_store(sto), st);
    librdf_model *m = librdf_new_model(w, sto, NULL);
    assert_non_null(m);
    assert_int_equal(store_librdf_detach("registry", &err), -1);
    assert_non_null(strstr(err.msg, "still used"));

    struct store_batch *b = store_batch_new(st);
    char s_iri[64], o_lex[32];
    for (int i = 0; i < 10; i++) {
        snprintf(s_iri, sizeof s_iri, EX "item%d", i);
        snprintf(o_lex, sizeof o_lex, "label %d", i);
        struct term_quad tq = {
            term_iri(s_iri), term_iri("http://www.w3.org/2000/01/rdf-schema#label"),
            term_literal(o_lex, "nl", NULL), i < 5 ? term_iri(EX "graph") : (struct term){0}};
        struct store_quad q;
        store_writer_lock(st);
        assert_int_equal(store_intern_quad(st, &tq, &q), 0);
        store_writer_unlock(st);
        assert_int_equal(store_batch_add(b, &q), 0);
    }
    assert_int_equal(store_commit(st, b, &err), 0);
    assert_int_equal(librdf_model_size(m), 10);

    librdf_node *g = iri(w, "graph");
    librdf_statement *all = librdf_new_statement(w);
    assert_int_equal(drain(librdf_model_find_statements_in_context(m, all, g)), 5);
    librdf_statement *x = stmt(w, iri(w, "item7"), NULL, lit(w, "label 7", "nl", NULL));
    assert_int_equal(drain(librdf_model_find_statements(m, x)), 1);
    librdf_free_statement(x);

    /* a stream opened now sees 10 quads even if 5 are removed meanwhile */
    librdf_stream *s = librdf_model_find_statements(m, all);
    assert_false(librdf_stream_end(s)); /* started */
    b = store_batch_new(st);
    struct store_snapshot *snap = store_acquire(st);
    struct store_quad pat = {0, 0, 0, 0}, q;
    struct store_iter *it = store_find(snap, &pat, false);
    for (int i = 0; i < 5 && store_iter_next(it, &q); i++)
        assert_int_equal(store_batch_remove(b, &q), 0);
    store_iter_free(it);
    store_release(snap);
    assert_int_equal(store_commit(st, b, &err), 0);
    assert_int_equal(drain(s), 10);
    assert_int_equal(librdf_model_size(m), 5);
    assert_int_equal(drain(librdf_model_find_statements(m, all)), 5);

    librdf_free_statement(all);
    librdf_free_node(g);
    librdf_free_model(m);
    librdf_free_storage(sto);
    assert_int_equal(store_librdf_detach("registry", &err), 0);
    assert_int_equal(store_librdf_detach("registry", &err), -1);
    store_free(st);
    librdf_free_world(w);
}

/* A native writer commits batches of 10 quads while librdf streams read:
 * every stream sees whole commits only, and never fewer than before. */
#define WRITER_COMMITS 200

static void *native_writer(void *arg)
{
    struct store *st = arg;
    char s_iri[64];
    for (int c = 0; c < WRITER_COMMITS; c++) {
        struct store_batch *b = store_batch_new(st);
        struct error err;
        if (!b)
            return NULL;
        store_writer_lock(st);
        for (int i = 0; i < 10; i++) {
            snprintf(s_iri, sizeof s_iri, EX "w%d", c * 10 + i);
            struct term_quad tq = {term_iri(s_iri), term_iri(EX "p"), term_literal("v", NULL, NULL),
                                   term_iri(EX "live")};
            struct store_quad q;
            if (store_intern_quad(st, &tq, &q) == 0)
                store_batch_add(b, &q);
        }
        store_writer_unlock(st);
        if (store_commit(st, b, &err) < 0)
            return NULL;
    }
    return arg;
}

static void test_concurrent_native_writer(void **state)
{
    struct fx *f = *state;
    struct store *st = store_librdf_store(f->storage);
    librdf_node *g = iri(f->world, "live");
    librdf_statement *all = librdf_new_statement(f->world);
    pthread_t th;
    int last = 0, reads = 0;
    void *ret;

    assert_int_equal(pthread_create(&th, NULL, native_writer, st), 0);
    while (last < WRITER_COMMITS * 10) {
        int n = drain(librdf_model_find_statements_in_context(f->model, all, g));
        assert_int_equal(n % 10, 0);
        assert_true(n >= last);
        last = n;
        reads++;
    }
    assert_int_equal(pthread_join(th, &ret), 0);
    assert_ptr_equal(ret, st);
    assert_int_equal(librdf_model_size(f->model), WRITER_COMMITS * 10);
    print_message("# %d consistent reads during %d commits\n", reads, WRITER_COMMITS);
    librdf_free_statement(all);
    librdf_free_node(g);
}

static void test_quads_option(void **state)
{
    (void)state;
    struct fx f;
    f.world = world_new();
    f.storage = librdf_new_storage(f.world, STORE_LIBRDF_FACTORY, NULL, "quads='yes'");
    assert_non_null(f.storage);
    f.model = librdf_new_model(f.world, f.storage, NULL);
    load_sample(&f);
    assert_int_equal(librdf_model_size(f.model), 8);

    librdf_statement *pat = stmt(f.world, iri(f.world, "c"), NULL, NULL);
    librdf_stream *s = librdf_model_find_statements(f.model, pat);
    librdf_node *g1 = iri(f.world, "g1"), *g2 = iri(f.world, "g2");
    int seen1 = 0, seen2 = 0;
    for (; !librdf_stream_end(s); librdf_stream_next(s)) {
        librdf_node *c = librdf_stream_get_context2(s);
        assert_non_null(c);
        seen1 += librdf_node_equals(c, g1);
        seen2 += librdf_node_equals(c, g2);
    }
    librdf_free_stream(s);
    assert_int_equal(seen1, 1);
    assert_int_equal(seen2, 1);
    librdf_free_statement(pat);

    /* default-graph statements carry no context */
    pat = stmt(f.world, blank(f.world, "b1"), NULL, NULL);
    s = librdf_model_find_statements(f.model, pat);
    assert_false(librdf_stream_end(s));
    assert_null(librdf_stream_get_context2(s));
    librdf_free_stream(s);
    librdf_free_statement(pat);

    librdf_free_node(g1);
    librdf_free_node(g2);
    librdf_free_model(f.model);
    librdf_free_storage(f.storage);
    librdf_free_world(f.world);
}

/* Terms come back exactly as they went in: blank labels, language tags,
 * datatypes, a NUL inside a lexical form. */
static void test_terms_round_trip(void **state)
{
    struct fx *f = *state;
    librdf_world *w = f->world;
    librdf_node *o[4] = {
        lit(w, "hallo", "nl-BE", NULL),
        lit(w, "2024-01-01", NULL, XSD_NS "date"),
        librdf_new_node_from_typed_counted_literal(w, (const unsigned char *)"a\0b", 3, NULL, 0,
                                                   NULL),
        blank(w, "other"),
    };
    librdf_node *subj = blank(w, "me"), *p = iri(w, "p");
    librdf_node *ctx = iri(w, "graph");
    librdf_model *m2 = librdf_new_model(w, librdf_new_storage(w, "memory", NULL, NULL), NULL);

    /* one stream into one context: a single commit */
    for (int i = 0; i < 4; i++) {
        librdf_statement *st = stmt(w, librdf_new_node_from_node(subj),
                                    librdf_new_node_from_node(p), librdf_new_node_from_node(o[i]));
        librdf_model_add_statement(m2, st);
        librdf_free_statement(st);
    }
    struct store *store = store_librdf_store(f->storage);
    struct store_snapshot *snap = store_acquire(store);
    uint64_t gen = store_generation(snap);
    store_release(snap);
    librdf_stream *in = librdf_model_as_stream(m2);
    assert_int_equal(librdf_model_context_add_statements(f->model, ctx, in), 0);
    librdf_free_stream(in);
    snap = store_acquire(store);
    assert_int_equal(store_generation(snap), gen + 1);
    assert_int_equal(store_size(snap), 4);
    store_release(snap);

    int found[4] = {0, 0, 0, 0};
    librdf_statement *all = librdf_new_statement(w);
    librdf_stream *s = librdf_model_find_statements_in_context(f->model, all, ctx);
    for (; !librdf_stream_end(s); librdf_stream_next(s)) {
        librdf_statement *st = librdf_stream_get_object(s);
        assert_true(librdf_node_equals(librdf_statement_get_subject(st), subj));
        assert_true(librdf_node_equals(librdf_statement_get_predicate(st), p));
        for (int i = 0; i < 4; i++)
            found[i] += librdf_node_equals(librdf_statement_get_object(st), o[i]);
    }
    librdf_free_stream(s);
    for (int i = 0; i < 4; i++)
        assert_int_equal(found[i], 1);

    /* node-level conveniences that librdf builds on find_statements */
    librdf_iterator *it = librdf_model_get_targets(f->model, subj, p);
    int nt = 0;
    for (; !librdf_iterator_end(it); librdf_iterator_next(it))
        nt++;
    librdf_free_iterator(it);
    assert_int_equal(nt, 4);
    assert_true(librdf_model_has_arc_out(f->model, subj, p));
    assert_false(librdf_model_has_arc_in(f->model, subj, p));

    librdf_free_statement(all);
    for (int i = 0; i < 4; i++)
        librdf_free_node(o[i]);
    librdf_free_node(subj);
    librdf_free_node(p);
    librdf_free_node(ctx);
    librdf_storage *st2 = librdf_model_get_storage(m2);
    librdf_free_model(m2);
    librdf_free_storage(st2);
}

static uint64_t generation(struct fx *f)
{
    struct store_snapshot *snap = store_acquire(store_librdf_store(f->storage));
    uint64_t g = store_generation(snap);
    store_release(snap);
    return g;
}

/* A librdf transaction is one batch: invisible until its commit, gone on
 * rollback. A parser adds statement by statement; in a transaction that is
 * still one commit. */
static void test_transactions(void **state)
{
    struct fx *f = *state;
    librdf_world *w = f->world;
    int handle = 7;

    load_sample(f);
    uint64_t g0 = generation(f);
    assert_int_equal(librdf_model_transaction_start(f->model), 0);
    assert_int_not_equal(librdf_model_transaction_start(f->model), 0); /* not nested */
    librdf_errors = 0; /* that refusal was logged as an error, on purpose */
    add(f, NULL, stmt(w, iri(w, "t1"), iri(w, "p"), iri(w, "o")));
    add(f, NULL, stmt(w, iri(w, "t2"), iri(w, "p"), iri(w, "o")));
    librdf_statement *ab = stmt(w, iri(w, "a"), iri(w, "p"), iri(w, "b"));
    librdf_node *g1 = iri(w, "g1");
    assert_int_equal(librdf_model_context_remove_statement(f->model, g1, ab), 0);
    assert_int_equal(librdf_model_remove_statement(f->model, ab), 0);
    /* nothing visible yet */
    assert_int_equal(generation(f), g0);
    assert_int_equal(librdf_model_size(f->model), 6);
    assert_true(contains(f->model, ab));
    assert_int_equal(librdf_model_transaction_commit(f->model), 0);
    assert_int_equal(generation(f), g0 + 1);
    assert_int_equal(librdf_model_size(f->model), 7);
    assert_false(contains(f->model, ab));
    assert_int_not_equal(librdf_model_transaction_commit(f->model), 0); /* none open */
    librdf_errors = 0;

    assert_int_equal(librdf_model_transaction_start_with_handle(f->model, &handle), 0);
    assert_ptr_equal(librdf_model_transaction_get_handle(f->model), &handle);
    add(f, g1, stmt(w, iri(w, "t3"), iri(w, "p"), iri(w, "o")));
    assert_int_equal(librdf_model_transaction_rollback(f->model), 0);
    assert_int_equal(generation(f), g0 + 1);
    assert_int_equal(librdf_model_size(f->model), 7);

    /* parsing inside a transaction: one commit for the whole document */
    librdf_parser *p = librdf_new_parser(w, "ntriples", NULL, NULL);
    librdf_uri *base = librdf_new_uri(w, (const unsigned char *)EX);
    assert_int_equal(librdf_model_transaction_start(f->model), 0);
    assert_int_equal(librdf_parser_parse_string_into_model(
                         p,
                         (const unsigned char *)"<http://example.org/n1> <http://example.org/p> "
                                                "\"1\" .\n<http://example.org/n2> "
                                                "<http://example.org/p> \"2\" .\n",
                         base, f->model),
                     0);
    assert_int_equal(librdf_model_transaction_commit(f->model), 0);
    assert_int_equal(generation(f), g0 + 2);
    assert_int_equal(librdf_model_size(f->model), 9);
    librdf_free_uri(base);
    librdf_free_parser(p);

    /* a transaction left open is rolled back when the storage goes */
    assert_int_equal(librdf_model_transaction_start(f->model), 0);
    add(f, NULL, stmt(w, iri(w, "t4"), iri(w, "p"), iri(w, "o")));

    librdf_free_node(g1);
    librdf_free_statement(ab);
}

static void test_illegal_statements_rejected(void **state)
{
    struct fx *f = *state;
    librdf_world *w = f->world;

    /* a literal subject and a literal context are not RDF */
    librdf_statement *bad = stmt(w, lit(w, "s", NULL, NULL), iri(w, "p"), iri(w, "o"));
    assert_int_not_equal(librdf_model_add_statement(f->model, bad), 0);
    librdf_free_statement(bad);
    librdf_statement *ok = stmt(w, iri(w, "s"), iri(w, "p"), iri(w, "o"));
    librdf_node *lc = lit(w, "graph", NULL, NULL);
    assert_int_not_equal(librdf_model_context_add_statement(f->model, lc, ok), 0);
    librdf_free_node(lc);
    librdf_free_statement(ok);
    assert_int_equal(librdf_model_size(f->model), 0);
}

/* ---- parsing, serializing, querying ---- */

static const char *const TURTLE =
    "@prefix ex: <http://example.org/> .\n"
    "ex:ann ex:name \"Ann\"@nl ; ex:age 42 ; ex:knows ex:bob, ex:cy .\n"
    "ex:bob ex:name \"Bob\" ; ex:age 37 ; ex:knows ex:cy .\n"
    "ex:cy ex:name \"Cy\" ; ex:age 51 ; ex:knows ex:ann .\n";

static void parse_turtle(struct fx *f)
{
    librdf_parser *p = librdf_new_parser(f->world, "turtle", NULL, NULL);
    librdf_uri *base = librdf_new_uri(f->world, (const unsigned char *)EX);
    assert_non_null(p);
    assert_int_equal(
        librdf_parser_parse_string_into_model(p, (const unsigned char *)TURTLE, base, f->model), 0);
    librdf_free_uri(base);
    librdf_free_parser(p);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_turtle_in_ntriples_out(void **state)
{
    struct fx *f = *state;
    static const char *const expect[] = {
        "<http://example.org/ann> <http://example.org/age> "
        "\"42\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
        "<http://example.org/ann> <http://example.org/knows> <http://example.org/bob> .",
        "<http://example.org/ann> <http://example.org/knows> <http://example.org/cy> .",
        "<http://example.org/ann> <http://example.org/name> \"Ann\"@nl .",
        "<http://example.org/bob> <http://example.org/age> "
        "\"37\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
        "<http://example.org/bob> <http://example.org/knows> <http://example.org/cy> .",
        "<http://example.org/bob> <http://example.org/name> \"Bob\" .",
        "<http://example.org/cy> <http://example.org/age> "
        "\"51\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
        "<http://example.org/cy> <http://example.org/knows> <http://example.org/ann> .",
        "<http://example.org/cy> <http://example.org/name> \"Cy\" .",
    };
    const size_t n = sizeof expect / sizeof *expect;

    parse_turtle(f);
    assert_int_equal(librdf_model_size(f->model), (int)n);

    librdf_serializer *ser = librdf_new_serializer(f->world, "ntriples", NULL, NULL);
    assert_non_null(ser);
    unsigned char *out = librdf_serializer_serialize_model_to_string(ser, NULL, f->model);
    assert_non_null(out);
    char *lines[32];
    size_t nl = 0;
    char *save = NULL;
    for (char *l = strtok_r((char *)out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        assert_true(nl < 32);
        lines[nl++] = l;
    }
    assert_int_equal(nl, n);
    qsort(lines, nl, sizeof *lines, cmp_str);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(lines[i], expect[i]);
    librdf_free_memory(out);
    librdf_free_serializer(ser);
}

/* Run a SELECT; fill rows[i] with the bindings joined by '|' (literals by
 * lexical form, IRIs in full, unbound as "-"). Returns the row count. */
static int select_rows(struct fx *f, const char *sparql, char rows[][256], int max)
{
    librdf_query *q =
        librdf_new_query(f->world, "sparql", NULL, (const unsigned char *)sparql, NULL);
    assert_non_null(q);
    librdf_query_results *r = librdf_query_execute(q, f->model);
    assert_non_null(r);
    assert_true(librdf_query_results_is_bindings(r));
    int n = 0, nb = librdf_query_results_get_bindings_count(r);
    for (; !librdf_query_results_finished(r); librdf_query_results_next(r)) {
        assert_true(n < max);
        rows[n][0] = '\0';
        for (int i = 0; i < nb; i++) {
            librdf_node *v = librdf_query_results_get_binding_value(r, i);
            const char *txt = "-";
            if (v && librdf_node_is_literal(v))
                txt = (const char *)librdf_node_get_literal_value(v);
            else if (v && librdf_node_is_resource(v))
                txt = (const char *)librdf_uri_as_string(librdf_node_get_uri(v));
            else if (v)
                txt = (const char *)librdf_node_get_blank_identifier(v);
            if (i)
                strcat(rows[n], "|");
            strncat(rows[n], txt, 255 - strlen(rows[n]));
            if (v)
                librdf_free_node(v);
        }
        n++;
    }
    librdf_free_query_results(r);
    librdf_free_query(q);
    return n;
}

static void test_sparql_join_and_filter(void **state)
{
    struct fx *f = *state;
    char rows[16][256];

    parse_turtle(f);
    int n = select_rows(f,
                        "PREFIX ex: <http://example.org/>\n"
                        "SELECT ?n ?m WHERE {\n"
                        "  ?x ex:knows ?y . ?x ex:name ?n . ?y ex:name ?m . ?x ex:age ?a .\n"
                        "  FILTER(?a > 40)\n"
                        "} ORDER BY ?n ?m",
                        rows, 16);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0], "Ann|Bob");
    assert_string_equal(rows[1], "Ann|Cy");
    assert_string_equal(rows[2], "Cy|Ann");

    /* a term that is not in the store matches nothing, without error */
    n = select_rows(f, "SELECT ?s ?o WHERE { ?s <http://example.org/unknown> ?o }", rows, 16);
    assert_int_equal(n, 0);
}

static void test_sparql_graphs(void **state)
{
    struct fx *f = *state;
    char rows[16][256];

    load_sample(f);
    int n = select_rows(f,
                        "PREFIX ex: <http://example.org/>\n"
                        "SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s ex:p ?o } } ORDER BY ?g ?s",
                        rows, 16);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0], EX "g1|" EX "a|" EX "b");
    assert_string_equal(rows[1], EX "g1|" EX "c|" EX "d");
    assert_string_equal(rows[2], EX "g2|" EX "c|" EX "d");

    n = select_rows(f,
                    "PREFIX ex: <http://example.org/>\n"
                    "SELECT ?s ?p ?o WHERE { GRAPH ex:g2 { ?s ?p ?o } }",
                    rows, 16);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0], EX "c|" EX "p|" EX "d");

    /* outside GRAPH: the union of all graphs, each triple once */
    n = select_rows(f,
                    "PREFIX ex: <http://example.org/>\n"
                    "SELECT ?s ?o WHERE { ?s ex:p ?o FILTER(isIRI(?o)) } ORDER BY ?s",
                    rows, 16);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0], EX "a|" EX "b");
    assert_string_equal(rows[1], EX "b|" EX "a");
    assert_string_equal(rows[2], EX "c|" EX "d");
}

/* LeakSanitizer (--enable-sanitizers) reads these hooks: the same librdf
 * leak as in tests/unit/store_librdf.supp, the graph node of a GRAPH pattern
 * that librdf's rasqal bridge never frees. System libraries have no frame
 * pointers, so the slow unwinder is needed to see the librdf frame. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:rasqal_new_triples_match\n";
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_size_contains_and_every_pattern, setup, teardown),
        cmocka_unit_test_setup_teardown(test_contexts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_native_view_of_librdf_writes, setup, teardown),
        cmocka_unit_test(test_attached_store_and_snapshots),
        cmocka_unit_test_setup_teardown(test_concurrent_native_writer, setup, teardown),
        cmocka_unit_test(test_quads_option),
        cmocka_unit_test_setup_teardown(test_terms_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_illegal_statements_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_turtle_in_ntriples_out, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparql_join_and_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sparql_graphs, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
