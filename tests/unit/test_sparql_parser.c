/* test_sparql_parser.c - syntax tree shape, static checks, error messages,
 * IRI resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sparql/algebra.h"
#include "sparql/iri.h"
#include "sparql/parser.h"

#define EX "http://example.org/"

static struct sparql_ast *parse_ok(const char *text, int update)
{
    struct sparql_parse_options opt = {update, NULL};
    struct sparql_ast *ast = NULL;
    struct error err;

    if (sparql_parse(text, strlen(text), &opt, &ast, &err) != 0)
        fail_msg("unexpected error: %s", err.msg);
    assert_non_null(ast);
    return ast;
}

/* Parses text expecting failure; returns the message (static buffer). */
static const char *parse_err(const char *text, int update, int *line, int *column)
{
    static struct error err;
    struct sparql_parse_options opt = {update, "http://base.example/dir/"};
    struct sparql_ast *ast = (struct sparql_ast *)&err; /* must be reset to NULL */

    assert_int_equal(sparql_parse(text, strlen(text), &opt, &ast, &err), -1);
    assert_null(ast);
    if (line)
        *line = err.line;
    if (column)
        *column = err.column;
    return err.msg;
}

static void test_select_shape(void **state)
{
    struct sparql_ast *ast;
    struct sparql_query *q;
    struct sparql_pattern *w;

    (void)state;
    ast = parse_ok("PREFIX : <" EX ">\n"
                   "SELECT DISTINCT ?s (STR(?o) AS ?t) FROM <" EX "g> FROM NAMED <" EX "n>\n"
                   "WHERE { ?s :p ?o ; a :C . OPTIONAL { ?s :q 1.5 } FILTER(?o != \"x\"@en) }\n"
                   "ORDER BY DESC(?t) ?s LIMIT 5 OFFSET 10",
                   0);
    q = ast->query;
    assert_false(ast->is_update);
    assert_int_equal(q->form, SPARQL_SELECT);
    assert_true(q->distinct);
    assert_int_equal(q->nprojections, 2);
    assert_null(q->projections[0].expr);
    assert_string_equal(q->projections[1].var.value, "t");
    assert_int_equal(q->projections[1].expr->kind, SPARQL_EXPR_BUILTIN);
    assert_string_equal(q->projections[1].expr->name, "STR");
    assert_int_equal(q->nfrom, 1);
    assert_string_equal(q->from[0], EX "g");
    assert_string_equal(q->from_named[0], EX "n");
    w = q->where;
    assert_int_equal(w->kind, SPARQL_PATTERN_GROUP);
    assert_int_equal(w->nitems, 3);
    assert_int_equal(w->items[0]->kind, SPARQL_PATTERN_BGP);
    assert_int_equal(w->items[0]->ntriples, 2);
    assert_string_equal(w->items[0]->triples[0].p.value, EX "p");
    assert_string_equal(w->items[0]->triples[1].p.value,
                        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    assert_int_equal(w->items[1]->kind, SPARQL_PATTERN_OPTIONAL);
    assert_string_equal(w->items[1]->items[0]->items[0]->triples[0].o.datatype,
                        "http://www.w3.org/2001/XMLSchema#decimal");
    assert_int_equal(w->items[2]->kind, SPARQL_PATTERN_FILTER);
    assert_int_equal(w->items[2]->expr->kind, SPARQL_EXPR_NE);
    assert_string_equal(w->items[2]->expr->args[1]->term.lang, "en");
    assert_int_equal(q->norder_by, 2);
    assert_true(q->order_by[0].descending);
    assert_false(q->order_by[1].descending);
    assert_int_equal(q->limit, 5);
    assert_int_equal(q->offset, 10);
    sparql_ast_free(ast);
}

static void test_property_paths(void **state)
{
    struct sparql_ast *ast;
    struct sparql_path *path;

    (void)state;
    ast = parse_ok("PREFIX : <" EX ">\n"
                   "ASK { ?a :p/^:q|!(a|^:r)+ ?b . ?a (:s)? ?c . ?a :t* ?d }",
                   0);
    path = ast->query->where->items[0]->triples[0].path;
    assert_non_null(path);
    assert_int_equal(path->kind, SPARQL_PATH_ALT);
    assert_int_equal(path->nargs, 2);
    assert_int_equal(path->args[0]->kind, SPARQL_PATH_SEQ);
    assert_int_equal(path->args[0]->args[1]->kind, SPARQL_PATH_INVERSE);
    assert_string_equal(path->args[0]->args[1]->args[0]->iri, EX "q");
    assert_int_equal(path->args[1]->kind, SPARQL_PATH_ONE_OR_MORE);
    assert_int_equal(path->args[1]->args[0]->kind, SPARQL_PATH_NEGATED);
    assert_int_equal(path->args[1]->args[0]->nargs, 2);
    assert_int_equal(path->args[1]->args[0]->args[1]->kind, SPARQL_PATH_INVERSE);
    path = ast->query->where->items[0]->triples[1].path;
    assert_int_equal(path->kind, SPARQL_PATH_ZERO_OR_ONE);
    assert_int_equal(ast->query->where->items[0]->triples[2].path->kind, SPARQL_PATH_ZERO_OR_MORE);
    sparql_ast_free(ast);

    /* A path that is a single IRI is a plain predicate. */
    ast = parse_ok("ASK { ?a (<" EX "p>) ?b }", 0);
    assert_null(ast->query->where->items[0]->triples[0].path);
    assert_string_equal(ast->query->where->items[0]->triples[0].p.value, EX "p");
    sparql_ast_free(ast);
}

static void test_collections_and_blank_nodes(void **state)
{
    struct sparql_ast *ast;
    struct sparql_pattern *bgp;

    (void)state;
    ast = parse_ok("ASK { ?s <" EX "p> (1 ?x) , [ <" EX "q> _:b ] }", 0);
    bgp = ast->query->where->items[0];
    /* (1 ?x): 4 list triples; the outer triple; [ ]: 1 inner + outer. */
    assert_int_equal(bgp->ntriples, 7);
    assert_int_equal(bgp->triples[0].s.kind, TERM_BLANK);
    assert_true(bgp->triples[0].s.anon);
    assert_string_equal(bgp->triples[0].o.value, "1");
    assert_string_equal(bgp->triples[3].o.value, "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil");
    assert_string_equal(bgp->triples[4].o.value, bgp->triples[0].s.value);
    assert_string_equal(bgp->triples[5].o.value, "b");
    assert_false(bgp->triples[5].o.anon);
    sparql_ast_free(ast);
}

static void test_aggregates_and_grouping(void **state)
{
    struct sparql_ast *ast;
    struct sparql_query *q;
    struct sparql_expr *e;

    (void)state;
    ast = parse_ok("SELECT ?g (COUNT(DISTINCT *) AS ?n) (GROUP_CONCAT(?x ; separator='|') AS ?c)"
                   " ((SUM(?v) + 1) AS ?s) WHERE { ?x ?g ?v }"
                   " GROUP BY ?g (STR(?x) AS ?k) HAVING (AVG(?v) > 2)",
                   0);
    q = ast->query;
    e = q->projections[1].expr;
    assert_int_equal(e->kind, SPARQL_EXPR_AGGREGATE);
    assert_string_equal(e->name, "COUNT");
    assert_true(e->star);
    assert_true(e->distinct);
    e = q->projections[2].expr;
    assert_string_equal(e->name, "GROUP_CONCAT");
    assert_string_equal(e->separator, "|");
    assert_int_equal(q->projections[3].expr->kind, SPARQL_EXPR_ADD);
    assert_int_equal(q->ngroup_by, 2);
    assert_string_equal(q->group_by[1].var.value, "k");
    assert_int_equal(q->nhaving, 1);
    assert_string_equal(q->having[0]->args[0]->name, "AVG");
    sparql_ast_free(ast);
}

static void test_subquery_values_exists(void **state)
{
    struct sparql_ast *ast;
    struct sparql_pattern *w;
    struct sparql_values *v;

    (void)state;
    ast = parse_ok("SELECT * { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 1 }"
                   " VALUES (?s ?t) { (<" EX "a> UNDEF) (<" EX "b> 2) }"
                   " FILTER NOT EXISTS { ?s a ?t } MINUS { ?s ?q ?r } }"
                   " VALUES ?z { 1 2 3 }",
                   0);
    w = ast->query->where;
    assert_int_equal(w->nitems, 4);
    assert_int_equal(w->items[0]->kind, SPARQL_PATTERN_GROUP);
    assert_int_equal(w->items[0]->items[0]->kind, SPARQL_PATTERN_SUBSELECT);
    assert_int_equal(w->items[0]->items[0]->query->limit, 1);
    v = w->items[1]->values;
    assert_int_equal(v->nvars, 2);
    assert_int_equal(v->nrows, 2);
    assert_int_equal(v->cells[1].kind, SPARQL_TERM_UNDEF);
    assert_string_equal(v->cells[3].value, "2");
    assert_int_equal(w->items[2]->expr->kind, SPARQL_EXPR_NOT_EXISTS);
    assert_int_equal(w->items[3]->kind, SPARQL_PATTERN_MINUS);
    assert_int_equal(ast->query->values->nrows, 3);
    sparql_ast_free(ast);
}

static void test_other_forms(void **state)
{
    struct sparql_ast *ast;

    (void)state;
    ast = parse_ok("CONSTRUCT WHERE { ?s ?p ?o }", 0);
    assert_int_equal(ast->query->form, SPARQL_CONSTRUCT);
    assert_int_equal(ast->query->nconstruct, 1);
    assert_int_equal(ast->query->where->items[0]->ntriples, 1);
    sparql_ast_free(ast);
    ast = parse_ok("DESCRIBE <" EX "x> ?y", 0);
    assert_int_equal(ast->query->form, SPARQL_DESCRIBE);
    assert_int_equal(ast->query->ndescribe, 2);
    assert_null(ast->query->where);
    sparql_ast_free(ast);
    ast = parse_ok("BASE <http://a/b/c/d;p?q> ask { <../g> ?p 'x' }", 0);
    assert_int_equal(ast->query->form, SPARQL_ASK);
    assert_string_equal(ast->query->where->items[0]->triples[0].s.value, "http://a/b/g");
    sparql_ast_free(ast);
}

static void test_update_ops(void **state)
{
    struct sparql_ast *ast;
    struct sparql_update_op *op;

    (void)state;
    ast = parse_ok("PREFIX : <" EX ">\n"
                   "INSERT DATA { :a :b :c GRAPH :g { :d :e 'f' } } ;\n"
                   "DELETE DATA { :a :b :c } ;\n"
                   "WITH :g DELETE { ?s :p ?o } INSERT { ?s :q ?o } USING :u USING NAMED :n "
                   "WHERE { ?s :p ?o } ;\n"
                   "DELETE WHERE { GRAPH ?g { ?s ?p ?o } } ;\n"
                   "LOAD SILENT <" EX "doc> INTO GRAPH :g ; CLEAR DEFAULT ; DROP ALL ;\n"
                   "CREATE GRAPH :h ; ADD :g TO DEFAULT ; MOVE DEFAULT TO GRAPH :h ;\n"
                   "COPY SILENT :h TO :g ;",
                   1);
    assert_true(ast->is_update);
    assert_int_equal(ast->nops, 11);
    op = &ast->ops[0];
    assert_int_equal(op->kind, SPARQL_UPDATE_INSERT_DATA);
    assert_int_equal(op->ninsert, 2);
    assert_int_equal(op->insert_quads[0].g.kind, TERM_NONE);
    assert_string_equal(op->insert_quads[1].g.value, EX "g");
    assert_int_equal(ast->ops[1].kind, SPARQL_UPDATE_DELETE_DATA);
    op = &ast->ops[2];
    assert_int_equal(op->kind, SPARQL_UPDATE_MODIFY);
    assert_string_equal(op->with, EX "g");
    assert_true(op->has_delete);
    assert_true(op->has_insert);
    assert_string_equal(op->using[0], EX "u");
    assert_string_equal(op->using_named[0], EX "n");
    assert_non_null(op->where);
    assert_int_equal(ast->ops[3].kind, SPARQL_UPDATE_DELETE_WHERE);
    assert_int_equal(ast->ops[3].delete_quads[0].g.kind, SPARQL_TERM_VAR);
    op = &ast->ops[4];
    assert_int_equal(op->kind, SPARQL_UPDATE_LOAD);
    assert_true(op->silent);
    assert_string_equal(op->target.iri, EX "g");
    assert_int_equal(ast->ops[5].target.kind, SPARQL_GRAPH_DEFAULT);
    assert_int_equal(ast->ops[6].target.kind, SPARQL_GRAPH_ALL);
    assert_int_equal(ast->ops[7].kind, SPARQL_UPDATE_CREATE);
    assert_int_equal(ast->ops[8].from.kind, SPARQL_GRAPH_IRI);
    assert_int_equal(ast->ops[8].target.kind, SPARQL_GRAPH_DEFAULT);
    assert_int_equal(ast->ops[9].kind, SPARQL_UPDATE_MOVE);
    assert_int_equal(ast->ops[10].kind, SPARQL_UPDATE_COPY);
    sparql_ast_free(ast);

    ast = parse_ok("", 1); /* an empty request is valid */
    assert_int_equal(ast->nops, 0);
    sparql_ast_free(ast);
}

static void test_error_messages(void **state)
{
    int line, column;

    (void)state;
    assert_string_equal(
        parse_err("SELECT *\nWHERE {\n  ?s ?p ?o . SELECT ?x {} }", 0, &line, &column),
        "3:14: expected '}' or a triple pattern, found 'SELECT'");
    assert_int_equal(line, 3);
    assert_int_equal(column, 14);
    assert_string_equal(parse_err("ASK { ?s ?p }", 0, NULL, NULL),
                        "1:13: expected a variable or an RDF term, found '}'");
    /* Columns are those of the text as written, \u escapes included. */
    assert_string_equal(parse_err("ASK { ?\\u0078 ?p }", 0, &line, &column),
                        "1:18: expected a variable or an RDF term, found '}'");
    assert_string_equal(parse_err("ASK {\n?\\U00000078 ?p ?\\u0078 'x' }", 0, NULL, NULL),
                        "2:24: expected '.', '}' or a graph pattern, found ''x''");
    assert_string_equal(parse_err("ASK { ex:a ?p ?o }", 0, NULL, NULL),
                        "1:7: undefined prefix 'ex:' (declare it with PREFIX ex: <...>)");
    assert_string_equal(parse_err("SELECT ?x", 0, NULL, NULL),
                        "1:10: expected '{' to start the WHERE clause, found end of input");
    assert_string_equal(parse_err("ASK {} LIMIT x", 0, NULL, NULL),
                        "1:14: expected an integer after LIMIT, found 'x'");
    assert_string_equal(parse_err("ASK { FILTER(REGEX(?x)) }", 0, NULL, NULL),
                        "1:14: REGEX takes 2 to 3 arguments, found 1");
    assert_string_equal(parse_err("INSERT DATA { <a> <b> <c> } LOAD <x>", 1, NULL, NULL),
                        "1:29: expected ';' or end of the update request, found 'LOAD'");
}

static void test_static_checks(void **state)
{
    (void)state;
    /* 18.2.1: BIND and SELECT AS must introduce new variables. */
    assert_string_equal(parse_err("SELECT * { ?s ?p ?o BIND(1 AS ?o) }", 0, NULL, NULL),
                        "1:31: BIND: variable ?o is already in scope in this group (section "
                        "18.2.1); bind a new variable");
    parse_err("SELECT * { { ?s ?p ?o } BIND(1 AS ?o) }", 0, NULL, NULL);
    parse_err("SELECT (1 AS ?o) { ?s ?p ?o }", 0, NULL, NULL);
    parse_err("SELECT (1 AS ?a) (2 AS ?a) {}", 0, NULL, NULL);
    /* 18.2.4.1: grouping. */
    assert_string_equal(parse_err("SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o }", 0, NULL, NULL),
                        "1:8: variable ?s is projected but neither grouped nor aggregated "
                        "(add it to GROUP BY)");
    parse_err("SELECT * { ?s ?p ?o } GROUP BY ?s", 0, NULL, NULL);
    parse_err("SELECT ((?o + 1) AS ?x) { ?s ?p ?o } GROUP BY ?s", 0, NULL, NULL);
    /* Aggregates only in SELECT, HAVING and ORDER BY. */
    parse_err("SELECT * { ?s ?p ?o FILTER(COUNT(?o) > 1) }", 0, NULL, NULL);
    parse_err("SELECT (SUM(MAX(?o)) AS ?x) { ?s ?p ?o }", 0, NULL, NULL);
    parse_err("SELECT ?s { ?s ?p ?o } GROUP BY (COUNT(?o))", 0, NULL, NULL);
    /* Blank node labels stay within one basic graph pattern. */
    parse_err("ASK { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", 0, NULL, NULL);
    parse_err("ASK { _:a ?p ?o . { _:a ?q ?r } }", 0, NULL, NULL);
    sparql_ast_free(parse_ok("ASK { _:a ?p ?o FILTER(true) _:a ?q ?r }", 0));
    assert_string_equal(
        parse_err("INSERT DATA { _:a <p> 1 } ; INSERT DATA { _:a <p> 2 }", 1, NULL, NULL),
        "1:43: blank node label _:a is already used in another INSERT DATA "
        "operation of this request");
    /* Templates make new blank nodes each time: a label may recur. */
    sparql_ast_free(parse_ok("INSERT { _:b <p> 1 } WHERE { ?s ?p ?o } ;"
                             "INSERT { _:b <p> 2 } WHERE { ?s ?p ?o }",
                             1));
    /* Update data and templates. */
    parse_err("INSERT DATA { ?s <p> 1 }", 1, NULL, NULL);
    parse_err("DELETE DATA { <s> <p> [] }", 1, NULL, NULL);
    parse_err("DELETE { _:b <p> ?o } WHERE { ?s <p> ?o }", 1, NULL, NULL);
    parse_err("DELETE WHERE { ?s <p> (1) }", 1, NULL, NULL);
    parse_err("INSERT DATA { GRAPH <g> { GRAPH <h> { <a> <b> <c> } } }", 1, NULL, NULL);
    /* VALUES rows must match the variables. */
    parse_err("SELECT * { VALUES (?a ?b) { (1) } }", 0, NULL, NULL);
}

static void test_no_leak_on_deep_nesting(void **state)
{
    char *q = malloc(20000);
    size_t i, n = 0;
    struct error err;
    struct sparql_ast *ast;
    struct sparql_parse_options opt = {0, NULL};

    (void)state;
    assert_non_null(q);
    n += (size_t)sprintf(q, "ASK { FILTER(");
    for (i = 0; i < 5000; i++)
        q[n++] = '(';
    q[n] = '\0';
    assert_int_equal(sparql_parse(q, n, &opt, &ast, &err), -1);
    assert_non_null(strstr(err.msg, "nesting deeper than"));
    free(q);
}

/* The algebra of a query printed as SSE (open_memstream). */
static char *algebra_of(const char *text)
{
    struct sparql_ast *ast = parse_ok(text, 0);
    struct sparql_algebra *alg = NULL;
    struct error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    assert_int_equal(sparql_algebra_from_query(ast, &alg, &err), 0);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(sparql_algebra_print(alg, f), 0);
    fclose(f);
    sparql_algebra_free(alg);
    sparql_ast_free(ast);
    return buf;
}

#define XINT "^^<http://www.w3.org/2001/XMLSchema#integer>"

static void test_algebra_group_translation(void **state)
{
    char *got;

    (void)state;
    /* Filters scope over the whole group; a FILTER inside OPTIONAL becomes
     * the LeftJoin condition; sequences get a fresh variable; inverse IRIs
     * swap subject and object (18.2.2). */
    got = algebra_of("PREFIX : <http://e/>\n"
                     "SELECT ?s { ?s :p ?o FILTER(?o > 1) OPTIONAL { ?s :q ?r FILTER(?r != ?o) }"
                     " ?s :a/^:b ?z BIND(1 AS ?one) MINUS { ?s :x 1 } }");
    assert_string_equal(got, "(project (?s)\n"
                             "  (filter (> ?o \"1\"" XINT ")\n"
                             "    (minus\n"
                             "      (extend ((?one \"1\"" XINT "))\n"
                             "        (join\n"
                             "          (leftjoin\n"
                             "            (bgp\n"
                             "              (triple ?s <http://e/p> ?o))\n"
                             "            (bgp\n"
                             "              (triple ?s <http://e/q> ?r))\n"
                             "            (!= ?r ?o))\n"
                             "          (bgp\n"
                             "            (triple ?s <http://e/a> ?.p1)\n"
                             "            (triple ?z <http://e/b> ?.p1))))\n"
                             "      (bgp\n"
                             "        (triple ?s <http://e/x> \"1\"" XINT ")))))\n");
    free(got);
}

static void test_algebra_aggregation(void **state)
{
    char *got;

    (void)state;
    got = algebra_of("SELECT (COUNT(?x) AS ?n) { ?x ?p ?o } HAVING (COUNT(?x) > 2) LIMIT 3");
    assert_string_equal(got, "(slice _ 3\n"
                             "  (project (?n)\n"
                             "    (extend ((?n ?.agg2))\n"
                             "      (filter (> ?.agg1 \"2\"" XINT ")\n"
                             "        (group () ((?.agg1 (COUNT ?x)) (?.agg2 (COUNT ?x)))\n"
                             "          (bgp\n"
                             "            (triple ?x ?p ?o)))))))\n");
    free(got);
    got = algebra_of("SELECT * { ?a <http://e/p>+ ?b { SELECT ?a { ?a ?q 1 } } VALUES ?b { 2 } }");
    assert_string_equal(got, "(project (?a ?b)\n"
                             "  (join\n"
                             "    (join\n"
                             "      (path ?a (path+ <http://e/p>) ?b)\n"
                             "      (project (?a)\n"
                             "        (bgp\n"
                             "          (triple ?a ?q \"1\"" XINT "))))\n"
                             "    (table (vars ?b)\n"
                             "      (row [?b \"2\"" XINT "]))))\n");
    free(got);
}

static void test_algebra_negated_property_sets(void **state)
{
    char *got;

    (void)state;
    /* !(a|^b|c) = !(a|c) | ^!(b) (18.2.2.3), also below other operators. */
    got = algebra_of("SELECT * { ?s !(<a>|^<b>|<c>) ?o . ?s (!^<d>)* ?o }");
    assert_string_equal(got, "(project (?s ?o)\n"
                             "  (join\n"
                             "    (path ?s (alt (notoneof <a> <c>) (reverse (notoneof <b>))) ?o)\n"
                             "    (path ?s (path* (reverse (notoneof <d>))) ?o)))\n");
    free(got);
}

static void test_iri_resolution(void **state)
{
    /* RFC 3986 section 5.4: normal and abnormal examples. */
    static const char *const cases[][2] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {";x", "http://a/b/c/;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
    };
    struct arena *a = arena_new();
    size_t i;

    (void)state;
    assert_non_null(a);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = sparql_iri_resolve(a, "http://a/b/c/d;p?q", cases[i][0]);

        assert_non_null(got);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("resolve(%s) = %s, want %s", cases[i][0], got, cases[i][1]);
    }
    assert_string_equal(sparql_iri_resolve(a, NULL, "rel"), "rel");
    assert_string_equal(sparql_iri_resolve(a, "file:///x/y.rq", "z"), "file:///x/z");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_select_shape),
        cmocka_unit_test(test_property_paths),
        cmocka_unit_test(test_collections_and_blank_nodes),
        cmocka_unit_test(test_aggregates_and_grouping),
        cmocka_unit_test(test_subquery_values_exists),
        cmocka_unit_test(test_other_forms),
        cmocka_unit_test(test_update_ops),
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_static_checks),
        cmocka_unit_test(test_no_leak_on_deep_nesting),
        cmocka_unit_test(test_algebra_group_translation),
        cmocka_unit_test(test_algebra_aggregation),
        cmocka_unit_test(test_algebra_negated_property_sets),
        cmocka_unit_test(test_iri_resolution),
    };

    return cmocka_run_group_tests_name("sparql_parser", tests, NULL, NULL);
}
