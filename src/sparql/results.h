/* results.h - SPARQL 1.1 query results writers: JSON (W3C SPARQL 1.1 Query
 * Results JSON Format), XML (SPARQL Query Results XML Format), CSV and TSV
 * (SPARQL 1.1 Query Results CSV and TSV Formats), and a plain-text table.
 * Rows stream into a sink; only the table format buffers (column widths). */
#ifndef FUNDAMENT_SPARQL_RESULTS_H
#define FUNDAMENT_SPARQL_RESULTS_H

#include <stddef.h>

#include "error.h"
#include "rdf_io.h"
#include "term.h"

enum sparql_results_format {
    SPARQL_RESULTS_JSON = 0,
    SPARQL_RESULTS_XML,
    SPARQL_RESULTS_CSV,
    SPARQL_RESULTS_TSV,
    SPARQL_RESULTS_TABLE,
};

/* "json" "xml" "csv" "tsv" "table"; -1 if unknown. */
int sparql_results_format_from_name(const char *name);
const char *sparql_results_mime(enum sparql_results_format f);

struct sparql_results;

/* vars: names without '?', copied. */
struct sparql_results *sparql_results_new(enum sparql_results_format f, const char *const *vars,
                                          size_t nvars, rdf_sink_fn sink, void *ctx,
                                          struct error *err);
/* One solution: cells[i] is the term of vars[i] or NULL when unbound. */
int sparql_results_row(struct sparql_results *r, const struct term *const *cells,
                       struct error *err);
/* Writes the whole ASK document; sparql_results_finish must follow. */
int sparql_results_boolean(struct sparql_results *r, int value, struct error *err);
/* Ends the document and frees r (also on failure). */
int sparql_results_finish(struct sparql_results *r, struct error *err);
void sparql_results_abort(struct sparql_results *r); /* NULL-safe */

#endif
