/* handlers/doc.c - GET /doc/{path}: the Turtle description of the resource
 * {base}id/{path} (see describe.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "describe.h"
#include "http.h"
#include "rdf_io.h"

/* Prefixes offered to the Turtle writer (shared, static). */
static const struct rdf_prefix DOC_PREFIXES[] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {NULL, NULL},
};

/* rdf_sink_fn appending to a struct buf; remembers a cap overflow. */
struct doc_sink {
    struct buf *buf;
    int failure; /* BUF_NOMEM / BUF_TOOBIG of the first failed write, or 0 */
};

static int doc_sink_write(void *ctx, const void *data, size_t len)
{
    struct doc_sink *s = ctx;
    int rc = buf_append(s->buf, data, len);

    if (rc < 0 && !s->failure)
        s->failure = rc;
    return rc < 0 ? -1 : 0;
}

static int doc_write_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    return rdf_writer_quad(ctx, q, err);
}

/* Id of the IRI base + "id/" + path, TERM_ID_NONE if unknown. *iri gets the
 * malloc'd IRI (owned by the caller) even when unknown, NULL when out of
 * memory. */
static term_id doc_lookup(struct dict *d, const char *base, const char *path, char **iri)
{
    size_t nb = strlen(base), np = strlen(path);
    struct term t;

    *iri = malloc(nb + 3 + np + 1);
    if (!*iri)
        return TERM_ID_NONE;
    memcpy(*iri, base, nb);
    memcpy(*iri + nb, "id/", 3);
    memcpy(*iri + nb + 3, path, np + 1);
    t = term_iri(*iri);
    return dict_lookup(d, &t);
}

int handler_doc(struct request *req, struct response *res, struct error *err)
{
    struct dict *d;
    const char *base = req->app->cfg->base;
    struct store_quad pat = {TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE};
    struct doc_sink sink = {&res->body, 0};
    struct rdf_writer *w = NULL;
    char *iri = NULL, *raw_iri = NULL;
    long n;
    int ret = -1;

    if (!req->snap) {
        error_set(err, "no store");
        return -1;
    }
    d = store_snapshot_dict(req->snap);
    /* The decoded path names IRIs written with non-ASCII characters; an IRI
     * stored with its percent-encoding kept (e.g. "%20") is found by the
     * path as sent. */
    pat.s = doc_lookup(d, base, req->rest, &iri);
    if (!iri)
        goto nomem;
    if (pat.s == TERM_ID_NONE && strcmp(req->rest, req->raw_rest)) {
        pat.s = doc_lookup(d, base, req->raw_rest, &raw_iri);
        if (!raw_iri)
            goto nomem;
    }
    if (pat.s == TERM_ID_NONE || store_count(req->snap, &pat) == 0) {
        response_error(res, 404, "no description of <%s>", iri);
        ret = 0;
        goto out;
    }
    w = rdf_writer_new(RDF_SYNTAX_TURTLE, NULL, DOC_PREFIXES, doc_sink_write, &sink, err);
    if (!w)
        goto out;
    n = describe_resource(req->snap, pat.s, doc_write_quad, w, err);
    if (n < 0)
        rdf_writer_abort(w); /* err tells why */
    else
        ret = rdf_writer_finish(w, err);
    w = NULL;
    /* A failed write of the sink shows as a writer error: say which. */
    if (sink.failure == BUF_TOOBIG) {
        response_error(res, 500, "the description of <%s> is larger than %zu bytes", iri,
                       (size_t)HTTP_RESPONSE_MAX);
        ret = 0;
    } else if (sink.failure == BUF_NOMEM) {
        goto nomem;
    } else if (ret == 0) {
        res->status = 200;
        res->content_type = "text/turtle; charset=utf-8";
    }
    goto out;
nomem:
    error_set(err, "out of memory");
    ret = -1;
out:
    rdf_writer_abort(w);
    free(iri);
    free(raw_iri);
    return ret;
}
