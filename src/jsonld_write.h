/* jsonld_write.h - JSON-LD 1.1 output: the "Serialize RDF as JSON-LD"
 * algorithm (fromRdf) behind the rdf_writer interface, compaction with the
 * registry's generated contexts, and context generation from vocabularies.
 * See docs/internals/jsonld-write.md. */
#ifndef FUNDAMENT_JSONLD_WRITE_H
#define FUNDAMENT_JSONLD_WRITE_H

#include <stddef.h>

#include "error.h"
#include "rdf_io.h"
#include "term.h"

/* The three JSON-LD document forms (profiles http://www.w3.org/ns/json-ld#
 * expanded, #compacted and #flattened). */
enum jsonld_form {
    JSONLD_FORM_EXPANDED = 0,
    JSONLD_FORM_COMPACTED,
    JSONLD_FORM_FLATTENED,
};

/* Profile IRI of a form, and the form of a profile IRI (-1 if unknown). */
const char *jsonld_form_profile(enum jsonld_form form);
int jsonld_form_from_profile(const char *profile);

/* A JSON-LD writer as an rdf_writer (rdf_writer_quad / rdf_writer_finish /
 * rdf_writer_abort). Quads are gathered (copied) and written sorted at
 * finish, so the same dataset always gives the same bytes.
 *
 * context_json: a JSON-LD context, either a document {"@context": ...} or the
 * context value itself (copied; NULL: none). context_url: when given the
 * output refers to the context by this IRI instead of embedding it.
 * Compacted and flattened output use the context's terms where they match
 * a value exactly, and full IRIs / value objects otherwise; expanded output
 * ignores the context. Returns NULL (err set) on a context that is not
 * JSON or on out-of-memory. */
struct rdf_writer *jsonld_writer_new(rdf_sink_fn sink, void *ctx, const char *context_json,
                                     const char *context_url, enum jsonld_form form,
                                     struct error *err);

/* Build a JSON-LD 1.1 context document {"@context": {...}} from vocabulary
 * quads (rdf:Property, owl:ObjectProperty, owl:DatatypeProperty and classes
 * with their rdfs:range) and write it to sink. prefixes ({NULL, NULL}
 * ended, may be NULL) become prefix terms. Deterministic: the same quads in
 * any order give the same bytes. */
int jsonld_context_generate(const struct term_quad *quads, size_t n,
                            const struct rdf_prefix *prefixes, rdf_sink_fn sink, void *ctx,
                            struct error *err);

/* ---- between rdf_write.c and jsonld_write.c ---------------------------- */

struct jsonld_writer;

struct jsonld_writer *jsonld_writer_create(rdf_sink_fn sink, void *ctx, const char *context_json,
                                           const char *context_url, enum jsonld_form form,
                                           struct error *err);
int jsonld_writer_add(struct jsonld_writer *w, const struct term_quad *q, struct error *err);
int jsonld_writer_finish(struct jsonld_writer *w, struct error *err); /* writes, frees */
void jsonld_writer_free(struct jsonld_writer *w);                     /* NULL-safe, discards */

/* Defined in rdf_write.c: an rdf_writer that forwards to w (takes ownership
 * of w, frees it on failure). */
struct rdf_writer *rdf_writer_from_jsonld(struct jsonld_writer *w, struct error *err);

#endif
