/* eval.h - the SPARQL evaluator's internal interface (shared by eval.c,
 * eval_path.c and eval_group.c; the public entry is query.h).
 *
 * Evaluation works on term ids. A solution is a row of term ids, one slot per
 * variable of the query (TERM_ID_NONE = unbound); every table of a query has
 * the same width. Terms computed by expressions (BIND, aggregates, VALUES
 * constants the store has never seen) that are not in the dictionary get a
 * tagged id: EVAL_EXTRA_TAG | index into the query's side table of struct
 * sparql_value. A computed term that the dictionary knows gets its dictionary
 * id, and equal computed terms share one tagged id, so id equality is
 * sameTerm everywhere (joins, DISTINCT, GROUP BY compare ids only).
 *
 * Every operator is evaluated as Join(input, operator): the input table
 * carries bindings from the left (bind join); operators for which
 * substituting the input is not semantics-preserving evaluate on their own
 * and join afterwards (see docs/internals/sparql-eval.md). */
#ifndef FUNDAMENT_SPARQL_EVAL_H
#define FUNDAMENT_SPARQL_EVAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "error.h"
#include "sparql/algebra.h"
#include "sparql/value.h"
#include "store.h"

#define EVAL_EXTRA_TAG    ((term_id)0x80000000u)
#define EVAL_IS_EXTRA(id) (((id)&EVAL_EXTRA_TAG) != 0)

/* A table of rows, width slots each (row-major). */
struct eval_tbl {
    term_id *rows;
    size_t n, cap, width;
};

/* The active graph of a pattern. */
enum eval_gkind {
    EVAL_G_DEFAULT = 0, /* the dataset's default graph */
    EVAL_G_CONST,       /* GRAPH <iri> */
    EVAL_G_VAR,         /* GRAPH ?g: slot */
};

struct eval_gctx {
    enum eval_gkind kind;
    term_id g; /* EVAL_G_CONST (TERM_ID_NONE if the IRI is unknown: no match) */
    int slot;  /* EVAL_G_VAR */
};

enum eval_dataset {
    EVAL_DS_UNION = 0, /* default graph = merge of all graphs */
    EVAL_DS_DEFAULT,   /* the store's default graph */
    EVAL_DS_LIST,      /* FROM: merge of the listed graphs */
};

/* Per-node compile-time facts. */
struct eval_pat {
    int slot[4];   /* s p o g: variable slot or -1 */
    term_id id[4]; /* constant ids (TERM_ID_NONE for a constant the store lacks) */
};

struct eval_node {
    const struct sparql_alg *a;
    struct eval_node *args[2];
    unsigned char *maybe;   /* slots the node may bind */
    unsigned char *certain; /* slots every solution of the node binds */
    struct eval_pat *pats;  /* BGP / PATH triples */
    int *expr_slots;        /* slots read by exprs (FILTER / LEFTJOIN), -1 ended */
    int graph_slot;         /* GRAPH ?g */
    term_id graph_id;       /* GRAPH <iri> */
    int var_slot;           /* EXTEND */
    int safe;               /* substitution of input bindings is always exact */
    /* --explain */
    double est;
    size_t actual, calls;
};

struct eval_exists {
    const struct sparql_pattern *pattern;
    struct sparql_algebra *alg;
    struct eval_node *node;
};

struct eval_ctx {
    const struct store_snapshot *snap;
    struct dict *dict;
    struct arena *arena;
    struct error *err;
    int failed;
    /* variables */
    char **vars;
    size_t nvars, capvars;
    /* computed terms */
    struct sparql_value *extra;
    size_t nextra, capextra;
    uint32_t *xhash; /* open addressing: index + 1, 0 empty */
    size_t xhcap;
    /* dataset */
    enum eval_dataset ds;
    term_id *from;
    size_t nfrom;
    term_id *named;
    size_t nnamed;
    int named_restricted;
    /* limits */
    int has_deadline;
    struct timespec deadline;
    size_t max_memory, mem;
    /* result rows: checked as rows reach this table (the query's result,
     * when no Distinct or Slice reduces it later), else at the end */
    size_t max_rows;
    const struct eval_tbl *result;
    atomic_int *cancel;
    unsigned long ticks;
    /* expressions */
    struct sparql_expr_env env;
    const term_id *cur;           /* row seen by lookup */
    const struct eval_gctx *gcur; /* active graph, for EXISTS */
    unsigned char *extended;      /* slots bound by Extend (arena) */
    unsigned long bnode_counter;
    struct eval_exists *exists;
    size_t nexists, capexists;
};

/* Tables (memory counted against ctx->max_memory). */
void eval_tbl_init(struct eval_tbl *t, size_t width);
void eval_tbl_free(struct eval_ctx *c, struct eval_tbl *t);
/* Appends a row (copied) or returns -1 (out of memory / memory limit). */
int eval_tbl_push(struct eval_ctx *c, struct eval_tbl *t, const term_id *row);
static inline term_id *eval_row(const struct eval_tbl *t, size_t i)
{
    return t->rows + i * t->width;
}

/* Limits: call often; returns -1 with the error set once a limit is hit. */
int eval_tick(struct eval_ctx *c);
int eval_fail(struct eval_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Id of a computed value (dictionary id if known, else a tagged id). */
term_id eval_intern(struct eval_ctx *c, const struct sparql_value *v);
/* Id of a constant term of the query (interned like a computed value). */
term_id eval_const_id(struct eval_ctx *c, const struct sparql_term *t);
/* Decode an id: 0 or -1. */
int eval_value(struct eval_ctx *c, term_id id, struct sparql_value *out);
int eval_term(struct eval_ctx *c, term_id id, struct term *out);
int eval_slot(const struct eval_ctx *c, const char *name);

/* Expression on a row: 0 with *out, 1 SPARQL error, -1 hard failure. */
int eval_expr(struct eval_ctx *c, const struct sparql_expr *e, const term_id *row,
              struct sparql_value *out);
/* The same, a number or boolean may come back without its lexical form
 * (value.h: lazy); eval_intern writes it when the value is kept. */
int eval_expr_lazy(struct eval_ctx *c, const struct sparql_expr *e, const term_id *row,
                   struct sparql_value *out);
/* Conjunction as a filter: 1 keep, 0 drop, -1 hard failure. */
int eval_filter(struct eval_ctx *c, const struct sparql_expr *const *e, size_t n,
                const term_id *row);

/* Evaluate node as Join(in, node) under graph g, appending to out. want: stop
 * after that many rows (0: all; an operator may return more). */
int eval_node(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
              const struct eval_tbl *in, struct eval_tbl *out, size_t want);

/* Quad matching under an active graph (dataset rules applied). */
struct eval_qit;
struct eval_qit *eval_qit_open(struct eval_ctx *c, const struct eval_gctx *g, const term_id *row,
                               term_id s, term_id p, term_id o);
/* Next quad; its g is the graph (meaningful for EVAL_G_VAR). */
int eval_qit_next(struct eval_qit *it, struct store_quad *q);
void eval_qit_free(struct eval_qit *it);
size_t eval_count(struct eval_ctx *c, const struct eval_gctx *g, const term_id *row, term_id s,
                  term_id p, term_id o);

/* eval_bgp.c: BGP node; filter: a FILTER node directly above it whose
 * expressions run inside the loops (NULL: none). */
int eval_bgp(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
             const struct eval_tbl *in, struct eval_tbl *out, size_t want,
             struct eval_node *filter);
/* eval_path.c: PATH node. */
int eval_path(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
              const struct eval_tbl *in, struct eval_tbl *out);
/* eval_group.c */
int eval_group(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
               const struct eval_tbl *in, struct eval_tbl *out);
int eval_order(struct eval_ctx *c, struct eval_node *n, struct eval_tbl *t);
int eval_distinct(struct eval_ctx *c, struct eval_tbl *t);

/* The compiled EXISTS pattern p, or NULL. */
struct eval_exists *eval_exists_find(struct eval_ctx *c, const struct sparql_pattern *p);
/* plan.c: build the node tree for an algebra (slots registered in c). */
struct eval_node *eval_compile(struct eval_ctx *c, const struct sparql_alg *a);
/* Second pass (slot masks, filter pushdown; may replace *root) over root
 * and every EXISTS pattern; after all compilation, once the slot count is
 * final. */
int eval_analyse_all(struct eval_ctx *c, struct eval_node **root);
int eval_ctx_init(struct eval_ctx *c, const struct store_snapshot *snap, struct error *err);
void eval_ctx_clear(struct eval_ctx *c);
/* Register a variable name; returns its slot or -1 (out of memory). */
int eval_var(struct eval_ctx *c, const char *name);

#endif
