/* algebra.h - SPARQL algebra (SPARQL 1.1 Query Language section 18.2).
 *
 * sparql_algebra_from_query translates a parsed query into an algebra
 * expression: graph patterns become Join, LeftJoin, Filter (scoped to its
 * group), Union, Minus, Graph, Service, Extend and Table (VALUES); property
 * paths are translated per 18.2.2.4 (IRIs and inverse IRIs become triples,
 * sequences introduce fresh variables, the rest stays a Path); then Group
 * with its aggregates, Having, select expressions (Extend), trailing VALUES
 * (Join with a Table), OrderBy, Project, Distinct/Reduced and Slice.
 *
 * The algebra has its own arena (freed by sparql_algebra_free) but points
 * into the syntax tree for terms and expressions: it must not outlive the
 * sparql_ast it was built from. */
#ifndef FUNDAMENT_SPARQL_ALGEBRA_H
#define FUNDAMENT_SPARQL_ALGEBRA_H

#include <stdio.h>

#include "error.h"
#include "sparql/ast.h"

enum sparql_alg_kind {
    SPARQL_ALG_BGP = 0,  /* triples (no paths) */
    SPARQL_ALG_PATH,     /* path: s, path, o of triple[0] */
    SPARQL_ALG_JOIN,     /* args[0] join args[1] */
    SPARQL_ALG_LEFTJOIN, /* args[0] leftjoin args[1], filter exprs (conjunction) */
    SPARQL_ALG_FILTER,   /* exprs (conjunction) over args[0] */
    SPARQL_ALG_UNION,
    SPARQL_ALG_MINUS,
    SPARQL_ALG_GRAPH,   /* term, args[0] */
    SPARQL_ALG_SERVICE, /* term, silent, args[0] */
    SPARQL_ALG_EXTEND,  /* args[0] extended with var := expr */
    SPARQL_ALG_TABLE,   /* values; NULL values = the unit table (one empty row) */
    SPARQL_ALG_GROUP,   /* keys, aggregates over args[0] */
    SPARQL_ALG_ORDER,   /* order keys over args[0] */
    SPARQL_ALG_PROJECT, /* vars of args[0] */
    SPARQL_ALG_DISTINCT,
    SPARQL_ALG_REDUCED,
    SPARQL_ALG_SLICE, /* offset, limit (-1: none) over args[0] */
};

/* An aggregate computed by a Group, bound to a generated variable. */
struct sparql_alg_aggregate {
    struct sparql_term var;         /* ?.aggN */
    const struct sparql_expr *expr; /* the AGGREGATE expression */
};

struct sparql_alg {
    enum sparql_alg_kind kind;
    struct sparql_alg *args[2];
    size_t nargs;
    const struct sparql_triple *triples; /* BGP (and PATH: one) */
    size_t ntriples;
    const struct sparql_expr **exprs; /* FILTER / LEFTJOIN conjunction */
    size_t nexprs;
    struct sparql_term var;         /* EXTEND */
    const struct sparql_expr *expr; /* EXTEND */
    struct sparql_term term;        /* GRAPH / SERVICE */
    int silent;
    const struct sparql_values *values;  /* TABLE */
    const struct sparql_group_key *keys; /* GROUP */
    size_t nkeys;
    struct sparql_alg_aggregate *aggs; /* GROUP */
    size_t naggs;
    const struct sparql_order_key *order; /* ORDER */
    size_t norder;
    struct sparql_term *vars; /* PROJECT */
    size_t nvars;
    long long offset, limit; /* SLICE */
};

struct sparql_algebra {
    struct arena *arena; /* owns every node above (not the tree's terms) */
    struct sparql_alg *root;
};

/* Translates ast->query (a query, not an update). Returns 0 and *out (free
 * with sparql_algebra_free), or -1 with err set (out of memory). */
int sparql_algebra_from_query(const struct sparql_ast *ast, struct sparql_algebra **out,
                              struct error *err);

/* Translates one graph pattern (e.g. of EXISTS or an update WHERE). */
int sparql_algebra_from_pattern(const struct sparql_pattern *pattern, struct sparql_algebra **out,
                                struct error *err);

void sparql_algebra_free(struct sparql_algebra *alg);

/* Writes the algebra as an SSE-like S-expression. Returns 0 or -1. */
int sparql_algebra_print(const struct sparql_algebra *alg, FILE *out);

#endif
