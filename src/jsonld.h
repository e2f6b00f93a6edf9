/* jsonld.h - JSON-LD 1.1 reader (toRdf) over yajl.
 *
 * Remote contexts are never fetched from the network: a context IRI is
 * resolved through a caller-supplied loader (the registry's own contexts),
 * otherwise it is an error (loading remote context failed). */
#ifndef FUNDAMENT_JSONLD_H
#define FUNDAMENT_JSONLD_H

#include <stddef.h>

#include "error.h"
#include "rdf_io.h"

/* Returns a malloc'd JSON document for a context IRI, or NULL if unknown. */
typedef char *(*jsonld_context_loader)(void *ctx, const char *iri, size_t *len);

struct jsonld_opts {
    const char *base;              /* document base IRI */
    const char *processing_mode;   /* "json-ld-1.1" (default) or "json-ld-1.0" */
    const char *bnode_prefix;      /* prefix for generated blank node labels */
    int produce_generalized_rdf;   /* 0 by default */
    const char *rdf_direction;     /* NULL, "i18n-datatype" or "compound-literal" */
    jsonld_context_loader loader;  /* may be NULL */
    void *loader_ctx;
    const char *expand_context;    /* IRI of a context applied before the document's own
                                    * (the API's expandContext option), loaded through
                                    * loader; NULL: none */
};

/* Parse a JSON-LD document and emit its quads (JSON-LD toRdf). Errors carry
 * the JSON-LD error code in the message, e.g. "invalid @id value: ...". */
int jsonld_parse(const char *buf, size_t len, const char *name, const struct jsonld_opts *opts,
                 rdf_quad_fn fn, void *ctx, struct error *err);

#endif
