/* Unit tests of the SPARQL evaluator over a small store: operators, OPTIONAL
 * filter scope, MINUS rules, paths with cycles, GRAPH ?g, FROM / FROM NAMED,
 * limits and cancellation. Results are compared as sorted TSV lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "rdf_io.h"
#include "sparql/query.h"
#include "store.h"

#define EX "http://example.org/"

static const char *DATA =
    "<" EX "a> <" EX "p> <" EX "b> .\n"
    "<" EX "b> <" EX "p> <" EX "c> .\n"
    "<" EX "c> <" EX "p> <" EX "a> .\n"
    "<" EX "a> <" EX "n> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    "<" EX "b> <" EX "n> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    "<" EX "c> <" EX "n> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    "<" EX "a> <" EX "q> <" EX "x> .\n"
    "<" EX "x> <" EX "p> <" EX "y> <" EX "g1> .\n"
    "<" EX "y> <" EX "p> <" EX "z> <" EX "g2> .\n"
    "<" EX "a> <" EX "p> <" EX "b> <" EX "g2> .\n";

struct fix {
    struct store *st;
    struct store_batch *b;
};

static int add_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    struct fix *f = ctx;
    struct store_quad sq;

    (void)err;
    if (store_intern_quad(f->st, q, &sq) < 0)
        return -1;
    return store_batch_add(f->b, &sq);
}

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    struct rdf_parse_opts o = {RDF_SYNTAX_NQUADS, NULL, NULL, NULL};
    struct error err;

    f->st = store_new();
    f->b = store_batch_new(f->st);
    if (rdf_parse_buffer(DATA, strlen(DATA), "test", &o, add_quad, f, &err) < 0)
        return -1;
    if (store_commit(f->st, f->b, &err) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;

    store_free(f->st);
    free(f);
    return 0;
}

struct buf {
    char *s;
    size_t n;
};

static int to_buf(void *ctx, const void *p, size_t n)
{
    struct buf *b = ctx;

    b->s = realloc(b->s, b->n + n + 1);
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = 0;
    return 0;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* TSV body lines (header dropped), sorted unless ordered, joined by '|'. */
static char *run(struct fix *f, const char *q, int ordered, enum sparql_dataset_mode ds, int *rc)
{
    struct store_snapshot *snap = store_acquire(f->st);
    struct sparql_query_options o;
    struct buf b = {NULL, 0};
    struct error err;
    char *lines[256], *out, *save = NULL;
    size_t n = 0, len = 0;

    memset(&o, 0, sizeof o);
    o.results = SPARQL_RESULTS_TSV;
    o.dataset = ds;
    *rc = sparql_query_run(snap, q, strlen(q), &o, to_buf, &b, NULL, &err);
    store_release(snap);
    if (*rc != 0) {
        free(b.s);
        return strdup(err.msg);
    }
    if (!b.s)
        return strdup("");
    for (char *t = strtok_r(b.s, "\n", &save); t && n < 256; t = strtok_r(NULL, "\n", &save))
        lines[n++] = t;
    if (!ordered && n > 1)
        qsort(lines + 1, n - 1, sizeof *lines, cmp_lines);
    for (size_t i = 1; i < n; i++)
        len += strlen(lines[i]) + 1;
    out = calloc(len + 1, 1);
    for (size_t i = 1; i < n; i++) {
        if (i > 1)
            strcat(out, "|");
        strcat(out, lines[i]);
    }
    free(b.s);
    return out;
}

#define CHECK(q, ordered, expected)                                                                \
    do {                                                                                           \
        int rc_;                                                                                   \
        char *got_ = run(*state, "PREFIX : <" EX "> " q, ordered, SPARQL_DATASET_UNION, &rc_);     \
        assert_int_equal(rc_, 0);                                                                  \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

#define CHECK_DS(q, expected)                                                                      \
    do {                                                                                           \
        int rc_;                                                                                   \
        char *got_ = run(*state, "PREFIX : <" EX "> " q, 0, SPARQL_DATASET_DEFAULT, &rc_);         \
        assert_int_equal(rc_, 0);                                                                  \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

static void test_bgp(void **state)
{
    CHECK("SELECT ?x ?y WHERE { ?x :p ?y . ?y :p :c }", 0, "<" EX "a>\t<" EX "b>");
    /* the union default graph has each triple once */
    CHECK("SELECT ?y WHERE { :a :p ?y }", 0, "<" EX "b>");
    CHECK("SELECT * WHERE { ?x :p ?x }", 0, "");
    CHECK("SELECT ?x WHERE { ?x :p :nothing }", 0, "");
    /* blank nodes are variables that are not reported */
    CHECK("SELECT ?x WHERE { ?x :q [] }", 0, "<" EX "a>");
}

static void test_join_union_values(void **state)
{
    CHECK("SELECT ?x WHERE { { ?x :q :x } UNION { ?x :n 2 } }", 0, "<" EX "a>|<" EX "b>");
    CHECK("SELECT ?x ?y WHERE { VALUES ?x { :a :b } ?x :p ?y }", 0,
          "<" EX "a>\t<" EX "b>|<" EX "b>\t<" EX "c>");
    CHECK("SELECT ?x ?y WHERE { VALUES (?x ?y) { (:a UNDEF) (UNDEF :zz) } }", 0,
          "\t<" EX "zz>|<" EX "a>\t");
}

static void test_optional_filter_scope(void **state)
{
    /* the OPTIONAL's filter sees the outer ?n */
    CHECK("SELECT ?x ?y WHERE { ?x :n ?n OPTIONAL { ?x :p ?y FILTER(?n > 1) } }", 0,
          "<" EX "a>\t|<" EX "b>\t<" EX "c>|<" EX "c>\t<" EX "a>");
    /* a filter in a nested group does not see the outer variable */
    CHECK("SELECT ?x WHERE { ?x :n ?n { ?x :p ?y FILTER(BOUND(?n)) } }", 0, "");
    CHECK("SELECT ?x ?z WHERE { ?x :n ?n OPTIONAL { ?x :q ?z } }", 0,
          "<" EX "a>\t<" EX "x>|<" EX "b>\t|<" EX "c>\t");
    /* a filter on the left side's variables moves below the OPTIONAL; one
     * on the optional variable stays above it */
    CHECK("SELECT ?x ?z WHERE { ?x :n ?n OPTIONAL { ?x :q ?z } FILTER(?n > 1) }", 0,
          "<" EX "b>\t|<" EX "c>\t");
    CHECK("SELECT ?x WHERE { ?x :n ?n OPTIONAL { ?x :q ?z } FILTER(!BOUND(?z)) }", 0,
          "<" EX "b>|<" EX "c>");
    CHECK("SELECT ?x WHERE { ?x :n ?n OPTIONAL { ?x :q ?z } FILTER(!BOUND(?z) && ?n < 3) }", 0,
          "<" EX "b>");
}

static void test_minus(void **state)
{
    CHECK("SELECT ?x WHERE { ?x :n ?n MINUS { ?x :q ?z } }", 0, "<" EX "b>|<" EX "c>");
    /* no shared variable: nothing removed */
    CHECK("SELECT ?x WHERE { ?x :n ?n MINUS { ?a :q ?b } }", 0, "<" EX "a>|<" EX "b>|<" EX "c>");
    CHECK("SELECT ?x WHERE { ?x :n ?n FILTER NOT EXISTS { ?x :q ?z } }", 0, "<" EX "b>|<" EX "c>");
}

static void test_paths(void **state)
{
    /* the cycle a -> b -> c -> a ends */
    CHECK("SELECT ?y WHERE { :a :p+ ?y }", 0, "<" EX "a>|<" EX "b>|<" EX "c>");
    CHECK("SELECT ?y WHERE { :a :p* ?y }", 0, "<" EX "a>|<" EX "b>|<" EX "c>");
    CHECK("SELECT ?x WHERE { ?x :p+ :a }", 0, "<" EX "a>|<" EX "b>|<" EX "c>");
    CHECK("SELECT ?y WHERE { :a :p/:p ?y }", 0, "<" EX "c>");
    CHECK("SELECT ?y WHERE { :a ^:p ?y }", 0, "<" EX "c>");
    CHECK("SELECT ?y WHERE { :a :p? ?y }", 0, "<" EX "a>|<" EX "b>");
    CHECK("SELECT ?y WHERE { :a !(:p|:n) ?y }", 0, "<" EX "x>");
    /* zero-length path from a constant that is not in the data */
    CHECK("SELECT ?y WHERE { :nowhere :p* ?y }", 0, "<" EX "nowhere>");
    CHECK("SELECT (COUNT(*) AS ?n) WHERE { ?x :p+ ?y }", 0,
          "\"12\"^^<http://www.w3.org/2001/XMLSchema#integer>");
}

static void test_graphs(void **state)
{
    CHECK("SELECT ?g ?s WHERE { GRAPH ?g { ?s :p ?o } }", 0,
          "<" EX "g1>\t<" EX "x>|<" EX "g2>\t<" EX "a>|<" EX "g2>\t<" EX "y>");
    CHECK("SELECT ?s WHERE { GRAPH :g1 { ?s ?p ?o } }", 0, "<" EX "x>");
    CHECK("SELECT ?g WHERE { GRAPH ?g { } }", 0, "<" EX "g1>|<" EX "g2>");
    /* FROM replaces the default graph; without FROM NAMED no named graphs */
    CHECK("SELECT ?s FROM :g1 FROM :g2 WHERE { ?s :p ?o }", 0, "<" EX "a>|<" EX "x>|<" EX "y>");
    CHECK("SELECT ?s FROM :g1 WHERE { GRAPH ?g { ?s :p ?o } }", 0, "");
    CHECK("SELECT ?g FROM NAMED :g2 WHERE { GRAPH ?g { ?s :p ?o } }", 0, "<" EX "g2>|<" EX "g2>");
    /* the real default graph (ad hoc files) */
    CHECK_DS("SELECT ?s WHERE { ?s :p ?o }", "<" EX "a>|<" EX "b>|<" EX "c>");
}

static void test_modifiers(void **state)
{
    CHECK("SELECT ?x WHERE { ?x :n ?n } ORDER BY DESC(?n)", 1, "<" EX "c>|<" EX "b>|<" EX "a>");
    CHECK("SELECT ?x WHERE { ?x :n ?n } ORDER BY ?n LIMIT 1 OFFSET 1", 1, "<" EX "b>");
    CHECK("SELECT DISTINCT ?p WHERE { ?x ?p ?y }", 0, "<" EX "n>|<" EX "p>|<" EX "q>");
    CHECK("SELECT (SUM(?n) AS ?s) WHERE { ?x :n ?n }", 0,
          "\"6\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    CHECK("SELECT ?x ?m WHERE { ?x :n ?n BIND(?n + 10 AS ?m) FILTER(?m > 12) }", 0,
          "<" EX "c>\t\"13\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    CHECK("SELECT ?y WHERE { { SELECT ?y WHERE { :a :p ?y } } ?y :n ?n }", 0, "<" EX "b>");
}

static void test_forms(void **state)
{
    struct fix *f = *state;
    struct store_snapshot *snap = store_acquire(f->st);
    struct sparql_query_options o;
    struct buf b = {NULL, 0};
    struct error err;
    const char *ask = "ASK { <" EX "a> <" EX "p> ?x }";
    const char *cons = "CONSTRUCT { ?x <" EX "r> [] } WHERE { ?x <" EX "q> ?y }";

    memset(&o, 0, sizeof o);
    o.results = SPARQL_RESULTS_JSON;
    assert_int_equal(sparql_query_run(snap, ask, strlen(ask), &o, to_buf, &b, NULL, &err), 0);
    assert_string_equal(b.s, "{\"head\":{},\"boolean\":true}\n");
    free(b.s);
    b.s = NULL;
    b.n = 0;
    assert_int_equal(sparql_query_run(snap, cons, strlen(cons), &o, to_buf, &b, NULL, &err), 0);
    assert_non_null(strstr(b.s, "<" EX "a> <" EX "r> _:"));
    free(b.s);
    b.s = NULL;
    b.n = 0;
    assert_int_equal(sparql_query_run(snap, "SELECT * {", 10, &o, to_buf, &b, NULL, &err),
                     SPARQL_QUERY_SYNTAX);
    assert_true(err.line > 0);
    store_release(snap);
    free(b.s);
}

static void test_limits(void **state)
{
    struct fix *f = *state;
    struct store_snapshot *snap = store_acquire(f->st);
    struct sparql_query_options o;
    struct buf b = {NULL, 0};
    struct error err;
    struct timespec t0, t1;
    atomic_int cancel = 1;
    /* a cross product large enough to run for a long time */
    const char *q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . "
                    "?p ?q ?r . ?s ?t ?u . ?v ?w ?x }";

    memset(&o, 0, sizeof o);
    o.results = SPARQL_RESULTS_TSV;
    o.limits.has_deadline = 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    o.limits.deadline = t0;
    o.limits.deadline.tv_nsec += 50 * 1000000L;
    if (o.limits.deadline.tv_nsec >= 1000000000L) {
        o.limits.deadline.tv_sec++;
        o.limits.deadline.tv_nsec -= 1000000000L;
    }
    assert_int_equal(sparql_query_run(snap, q, strlen(q), &o, to_buf, &b, NULL, &err), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_non_null(strstr(err.msg, "time"));
    double ms = (double)(t1.tv_sec - o.limits.deadline.tv_sec) * 1e3 +
                (double)(t1.tv_nsec - o.limits.deadline.tv_nsec) / 1e6;
    assert_true(ms < 100);
    /* cancellation */
    memset(&o.limits, 0, sizeof o.limits);
    o.limits.cancel = &cancel;
    assert_int_equal(sparql_query_run(snap, q, strlen(q), &o, to_buf, &b, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "cancel"));
    /* memory budget */
    memset(&o.limits, 0, sizeof o.limits);
    o.limits.max_memory = 100000;
    assert_int_equal(sparql_query_run(snap, q, strlen(q), &o, to_buf, &b, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "memory"));
    /* rows */
    memset(&o.limits, 0, sizeof o.limits);
    o.limits.max_rows = 2;
    const char *q2 = "SELECT * WHERE { ?s ?p ?o }";
    assert_int_equal(sparql_query_run(snap, q2, strlen(q2), &o, to_buf, &b, NULL, &err), -1);
    assert_non_null(strstr(err.msg, "row limit"));
    /* checked while rows are produced: the cross product stops at once */
    o.limits.max_rows = 10;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(sparql_query_run(snap, q, strlen(q), &o, to_buf, &b, NULL, &err), -1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_non_null(strstr(err.msg, "row limit"));
    assert_true(t1.tv_sec - t0.tv_sec < 2);
    /* DISTINCT reduces first: 3 predicates under a limit of 3 */
    o.limits.max_rows = 3;
    const char *q3 = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }";
    assert_int_equal(sparql_query_run(snap, q3, strlen(q3), &o, to_buf, &b, NULL, &err), 0);
    free(b.s);
    store_release(snap);
}

/* A store large enough for the hash-join levels and batched OPTIONAL:
 * N entities, each with :kind, :val (all) and :opt (every third), in the
 * default graph. */
#define BIG_N 6000

static void big_store(struct store **out)
{
    struct store *st = store_new();
    struct store_batch *b = store_batch_new(st);
    struct error err;
    char s[64], v[32];

    for (int i = 0; i < BIG_N; i++) {
        struct term_quad q;
        struct store_quad sq;

        snprintf(s, sizeof s, EX "e%d", i);
        memset(&q, 0, sizeof q);
        q.s = term_iri(s);
        q.p = term_iri(EX "kind");
        q.o = term_iri(i % 2 ? EX "odd" : EX "even");
        assert_int_equal(store_intern_quad(st, &q, &sq), 0);
        store_batch_add(b, &sq);
        snprintf(v, sizeof v, "%d", i % 7);
        q.p = term_iri(EX "val");
        q.o = term_literal(v, NULL, XSD_NS "integer");
        assert_int_equal(store_intern_quad(st, &q, &sq), 0);
        store_batch_add(b, &sq);
        if (i % 3 == 0) {
            q.p = term_iri(EX "opt");
            q.o = term_iri(EX "yes");
            assert_int_equal(store_intern_quad(st, &q, &sq), 0);
            store_batch_add(b, &sq);
        }
    }
    assert_int_equal(store_commit(st, b, &err), 0);
    *out = st;
}

static void test_large_joins(void **state)
{
    struct fix big = {0};

    (void)state;
    big_store(&big.st);
    void *st = &big;
    void **bstate = &st;
#define BIG(q, expected)                                                                           \
    do {                                                                                           \
        int rc_;                                                                                   \
        char *got_ = run(*bstate, "PREFIX : <" EX "> " q, 0, SPARQL_DATASET_UNION, &rc_);          \
        assert_int_equal(rc_, 0);                                                                  \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)
    /* star join: the second level is a hash join */
    BIG("SELECT (COUNT(*) AS ?n) WHERE { ?e :kind :odd ; :val ?v }",
        "\"3000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    BIG("SELECT (COUNT(*) AS ?n) WHERE { ?e :kind ?k ; :val 3 }",
        "\"857\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    /* OPTIONAL over every row at once: matched and unmatched rows */
    BIG("SELECT (COUNT(*) AS ?n) (COUNT(?o) AS ?m) WHERE { ?e :kind ?k OPTIONAL { ?e :opt ?o } }",
        "\"6000\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
        "\"2000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    /* the OPTIONAL's filter removes matches, the rows stay */
    BIG("SELECT (COUNT(*) AS ?n) (COUNT(?o) AS ?m) WHERE { ?e :val ?v "
        "OPTIONAL { ?e :opt ?o FILTER(?v = 0) } }",
        "\"6000\"^^<http://www.w3.org/2001/XMLSchema#integer>\t"
        "\"286\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    BIG("SELECT (COUNT(*) AS ?n) WHERE { ?e :kind :even MINUS { ?e :opt :yes } }",
        "\"2000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
#undef BIG
    store_free(big.st);
}

static void test_graph_scoping(void **state)
{
    /* EXISTS inside GRAPH looks in the active graph (the default graph
     * would find b :p c for the row a :p b of g2) */
    CHECK("SELECT ?g ?s WHERE { GRAPH ?g { ?s :p ?o FILTER EXISTS { ?o :p ?z } } }", 0, "");
    CHECK("SELECT ?s WHERE { ?s :p ?o FILTER EXISTS { GRAPH :g2 { ?o :p ?z } } }", 0,
          "<" EX "c>|<" EX "x>");
    /* a subquery inside GRAPH ?g runs per graph */
    CHECK("SELECT ?g ?n WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ?s :p ?o } } }", 0,
          "<" EX "g1>\t\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>|"
          "<" EX "g2>\t\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    /* MINUS inside GRAPH: ?g is not shared by the two sides */
    CHECK("SELECT ?s WHERE { GRAPH ?g { ?s :p ?o MINUS { ?a :p :zz } } }", 0,
          "<" EX "a>|<" EX "x>|<" EX "y>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bgp),
        cmocka_unit_test(test_join_union_values),
        cmocka_unit_test(test_optional_filter_scope),
        cmocka_unit_test(test_minus),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_graphs),
        cmocka_unit_test(test_modifiers),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_large_joins),
        cmocka_unit_test(test_graph_scoping),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
