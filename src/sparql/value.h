/* value.h - SPARQL values and expression evaluation (SPARQL 1.1 sections 17
 * and 18.5 value semantics).
 *
 * A value is an RDF term, either a dictionary term (id != 0: everything the
 * store holds) or a term computed by an expression (id == 0, strings in the
 * evaluator's arena), together with its typed interpretation, computed once
 * by sparql_value_from_term / sparql_value_from_id: numbers (xsd:integer and
 * derived integer types, xsd:decimal exact, xsd:float, xsd:double), booleans,
 * xsd:dateTime/date/time with and without timezone, strings (simple and
 * language-tagged), IRIs, blank nodes, other literals. Ill-typed literals
 * ("abc"^^xsd:integer) are SV_OTHER: equal only to themselves, errors in
 * arithmetic. */
#ifndef FUNDAMENT_SPARQL_VALUE_H
#define FUNDAMENT_SPARQL_VALUE_H

#include <stdint.h>
#include <time.h>

#include "dict.h"
#include "error.h"
#include "sparql/ast.h"
#include "term.h"

enum sparql_vtype {
    SV_UNBOUND = 0,
    SV_IRI,
    SV_BLANK,
    SV_STRING,   /* simple literal or xsd:string */
    SV_LANG,     /* rdf:langString */
    SV_BOOLEAN,
    SV_INTEGER,  /* xsd:integer and its derived types (datatype kept in term) */
    SV_DECIMAL,
    SV_FLOAT,
    SV_DOUBLE,
    SV_DATETIME, /* xsd:dateTime (and xsd:dateTimeStamp) */
    SV_DATE,
    SV_TIME,
    SV_OTHER,    /* any other literal, or an ill-typed one */
};

/* Exact decimal: value = mant / 10^scale, scale <= 38. */
struct sparql_decimal {
    __int128 mant;
    int scale;
};

struct sparql_value {
    term_id id;       /* dictionary id, 0 for computed terms */
    struct term term; /* the RDF term (shared or arena strings) */
    enum sparql_vtype type;
    union {
        int b;                   /* SV_BOOLEAN */
        int64_t i;               /* SV_INTEGER (values beyond int64 are SV_DECIMAL-backed) */
        struct sparql_decimal d; /* SV_DECIMAL, and SV_INTEGER too large for int64 */
        double f;                /* SV_FLOAT, SV_DOUBLE */
        struct {
            int64_t secs;        /* seconds since 0000-01-01T00:00:00 (proleptic), UTC if tz */
            int32_t nanos;
            int16_t tz_minutes;  /* offset east of UTC */
            int8_t has_tz;
        } dt;                    /* SV_DATETIME, SV_DATE, SV_TIME */
    } v;
    int big;                     /* SV_INTEGER stored in v.d (outside int64) */
};

/* What an expression needs from the evaluator. */
struct sparql_expr_env {
    /* Value of variable name (no '?'): returns 0 and *out when bound, 1 when
     * unbound. */
    int (*lookup)(void *ctx, const char *var, struct sparql_value *out);
    /* EXISTS { pattern } under the current row: *result 0/1; returns 0, or -1
     * on a hard failure (deadline, out of memory) with err set. */
    int (*exists)(void *ctx, const struct sparql_pattern *pattern, int *result, struct error *err);
    void *ctx;
    struct dict *dict;      /* to decode ids and to find computed terms' ids (lookup only) */
    struct arena *arena;    /* computed strings live here until the query ends */
    const char *base;       /* base IRI for IRI()/URI() */
    struct timespec now;    /* NOW(): one instant per query */
    const char *bnode_prefix; /* BNODE() labels: prefix + counter */
    unsigned long *bnode_counter;
    /* BNODE(str) returns the same blank node for the same string within one
     * solution and a different one in another: set solution to a number
     * that differs between solutions (the row counter). Zero-initialise the
     * struct so that fields added later start as 0/NULL. */
    unsigned long solution;
};

/* Fill *out from a term (copying no strings: they must outlive the value). */
void sparql_value_from_term(const struct term *t, struct sparql_value *out);
/* Fill *out from a dictionary id; -1 if the id is unknown. */
int sparql_value_from_id(const struct dict *d, term_id id, struct sparql_value *out);

/* Evaluate an expression (not an aggregate: the evaluator computes those
 * with sparql_agg_*, and an aggregate inside an expression is looked up as
 * its generated variable). Returns 0 with *out; 1 when the expression
 * raises a SPARQL error (type error, unbound variable, ...: the caller
 * treats it as the spec says, e.g. FILTER false, BIND leaves unbound);
 * -1 on a hard failure (out of memory, deadline from exists) with err set. */
int sparql_expr_eval(const struct sparql_expr *e, const struct sparql_expr_env *env,
                     struct sparql_value *out, struct error *err);

/* Like sparql_expr_eval, but a number or boolean computed by the expression
 * may come back with term.value NULL (its lexical form not yet written:
 * "lazy"); everything else about *out is set. Saves the arena allocation
 * when the caller only compares, sums or tests the value. */
int sparql_expr_eval_lazy(const struct sparql_expr *e, const struct sparql_expr_env *env,
                          struct sparql_value *out, struct error *err);

/* Writes the canonical lexical form of a lazy value into arena and sets
 * v->term.value/len; does nothing for other values. 0, or -1 when out of
 * memory. */
int sparql_value_lexical(struct sparql_value *v, struct arena *arena);

/* Effective boolean value (17.2.2): 0 with *out, 1 on a type error. */
int sparql_value_ebv(const struct sparql_value *v, int *out);

/* The '=' operator (RDFterm-equal plus value equality): 0 with *out,
 * 1 on a type error (e.g. two unknown literals that differ). */
int sparql_value_equal(const struct sparql_value *a, const struct sparql_value *b, int *out);

/* Total order of ORDER BY (15.1): unbound < blank < IRI < literals; numbers
 * by value, then by term as a tie-break so the order is total. Returns
 * <0, 0, >0. */
int sparql_value_order(const struct sparql_value *a, const struct sparql_value *b);

/* sameTerm: identical RDF terms. */
int sparql_value_same_term(const struct sparql_value *a, const struct sparql_value *b);

/* A hash consistent with sparql_value_same_term (for DISTINCT, GROUP BY,
 * hash joins on computed values). */
uint64_t sparql_value_hash(const struct sparql_value *v);

/* Aggregates (18.5.1): one state per group and aggregate expression. */
struct sparql_agg;
struct sparql_agg *sparql_agg_new(const struct sparql_expr *aggregate, struct arena *arena);
/* One row: v is the value of the aggregate's argument for that row, or NULL
 * when evaluating it raised an error or it is unbound (COUNT(*): pass any
 * non-NULL value). Returns 0, or -1 on out of memory. */
int sparql_agg_step(struct sparql_agg *a, const struct sparql_value *v, struct error *err);
/* Result: 0 with *out, 1 when the aggregate's value is an error (unbound). */
int sparql_agg_finish(struct sparql_agg *a, const struct sparql_expr_env *env,
                      struct sparql_value *out, struct error *err);
void sparql_agg_free(struct sparql_agg *a); /* NULL-safe */

#endif
