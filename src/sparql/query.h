/* query.h - run a SPARQL 1.1 query over a store snapshot: parse, translate
 * to the algebra, evaluate (eval.h) within limits, and write the results.
 *
 * Dataset (docs/internals/sparql-eval.md): without FROM / FROM NAMED the
 * default graph is SPARQL_DATASET_UNION (the merge of every graph of the
 * store: a registry's data) or SPARQL_DATASET_DEFAULT (the store's own
 * default graph: files loaded ad hoc), and every named graph is visible to
 * GRAPH. FROM replaces the default graph by the merge of the graphs listed;
 * FROM NAMED restricts GRAPH to the graphs listed; with FROM but no FROM
 * NAMED there are no named graphs (and the other way round). */
#ifndef FUNDAMENT_SPARQL_QUERY_H
#define FUNDAMENT_SPARQL_QUERY_H

#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "error.h"
#include "rdf_io.h"
#include "sparql/results.h"
#include "store.h"

enum sparql_dataset_mode {
    SPARQL_DATASET_UNION = 0,
    SPARQL_DATASET_DEFAULT,
};

struct sparql_limits {
    int has_deadline;
    struct timespec deadline; /* CLOCK_MONOTONIC */
    size_t max_rows;          /* results; 0 = none */
    size_t max_memory;        /* bytes of intermediate results; 0 = none */
    atomic_int *cancel;       /* set non-zero to stop; may be NULL */
};

struct sparql_query_options {
    const char *base; /* base IRI or NULL */
    enum sparql_dataset_mode dataset;
    struct sparql_limits limits;
    /* SELECT/ASK results format */
    enum sparql_results_format results;
    /* CONSTRUCT/DESCRIBE syntax (RDF_SYNTAX_UNKNOWN: N-Triples) */
    enum rdf_syntax graph_syntax;
    FILE *explain; /* when set: the plan with estimated and actual rows */
};

/* What ran (for callers that pick a media type or report). */
struct sparql_query_info {
    int form;       /* enum sparql_query_form */
    size_t rows;    /* solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) written */
    double eval_ms; /* evaluation only, without parsing and writing */
};

/* Return values of sparql_query_run. */
#define SPARQL_QUERY_OK     0
#define SPARQL_QUERY_ERROR  (-1) /* runtime: limit, out of memory, write */
#define SPARQL_QUERY_SYNTAX (-2) /* err has LINE:COLUMN */

int sparql_query_run(const struct store_snapshot *snap, const char *text, size_t len,
                     const struct sparql_query_options *opt, rdf_sink_fn sink, void *ctx,
                     struct sparql_query_info *info, struct error *err);

#endif
