/* publish.h - answering a request for a document the registry publishes:
 * negotiated format, serialization (RDF syntaxes or HTML), the cache of
 * serialized answers, and the headers that go with it (ETag, Last-Modified,
 * Cache-Control, Vary, Link alternates, Content-Location, 304). */
#ifndef FUNDAMENT_PUBLISH_H
#define FUNDAMENT_PUBLISH_H

#include "conneg.h"
#include "http.h"
#include "rdf_io.h"

/* Emits the quads of a document. With quads set the graph of each quad is
 * kept (N-Quads, TriG); otherwise each triple once. */
typedef int (*publish_emit_fn)(void *ctx, const struct store_snapshot *snap, int quads,
                               rdf_quad_fn fn, void *fn_ctx, struct error *err);

struct publish_doc {
    const char *url;     /* document URL without extension: cache key and alternates */
    term_id subject;     /* resource shown by the HTML page; TERM_ID_NONE: home page */
    publish_emit_fn emit;
    void *ctx;
    int negotiated;      /* the format came from Accept (no extension): Vary */
};

/* Decide the format of a document request from the path's extension (ext),
 * ?format= and Accept. Returns the format, or CONNEG_FORMAT_UNKNOWN after
 * filling res with 406 and the list of what is offered. */
enum conneg_format publish_negotiate(struct request *req, struct response *res,
                                     enum conneg_format ext, unsigned *profiles,
                                     struct error *err);

/* Answer with doc in format fmt (from the cache when it can). Returns 0, or
 * -1 with err set (out of memory). */
int publish_answer(struct request *req, struct response *res, const struct publish_doc *doc,
                   enum conneg_format fmt, unsigned profiles, struct error *err);

/* The standard prefixes of Turtle / TriG / RDF/XML output (static). */
extern const struct rdf_prefix PUBLISH_PREFIXES[];

/* 404 in the negotiated flavour: an HTML page for browsers, text otherwise. */
void publish_not_found(struct request *req, struct response *res, enum conneg_format fmt,
                       const char *iri);

/* The name of the registry-wide JSON-LD context (all vocabularies). */
#define PUBLISH_CONTEXT "fundament"

struct cache_entry;

/* The JSON-LD context generated from the bundled vocabulary named (or all
 * of them for PUBLISH_CONTEXT): *entry gets a cache reference (release it
 * with cache_release), or, without a cache, the bytes go to fresh. Returns
 * 0, 1 when there is no such vocabulary, -1 with err set. */
int publish_context(struct request *req, const char *name, const struct cache_entry **entry,
                    struct buf *fresh, struct error *err);

#endif
