/* handlers/doc.c - GET /doc/{path}[.ext]: the document about {base}id/{path}
 * (or about {base}doc/{path} itself, e.g. an application profile), in the
 * negotiated format; and GET /id/{path}: 303 See Other to that document. */
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "http.h"
#include "publish.h"

/* IRIs the description links to, so that their labels come along. */
struct doc_emit {
    term_id subject;
    term_id *objects;
    size_t n, cap;
    rdf_quad_fn fn;
    void *fn_ctx;
    struct dict *dict;
};

static const char *const LABEL_PROPS[] = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
};

static int note_object(struct doc_emit *d, term_id o)
{
    if (o == d->subject || dict_kind(d->dict, o) != TERM_IRI)
        return 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->objects[i] == o)
            return 0;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        term_id *t = realloc(d->objects, cap * sizeof *t);
        if (!t)
            return -1;
        d->objects = t;
        d->cap = cap;
    }
    d->objects[d->n++] = o;
    return 0;
}

/* Triples mode: describe_resource gives each triple once; record objects. */
static int relay_triple(void *ctx, const struct term_quad *q, struct error *err)
{
    struct doc_emit *d = ctx;
    if (q->o.kind == TERM_IRI) {
        struct term o = q->o;
        if (note_object(d, dict_lookup(d->dict, &o)) < 0) {
            error_set(err, "out of memory");
            return -1;
        }
    }
    return d->fn(d->fn_ctx, q, err);
}

/* Emit the quads (or triples) matching pat; blank objects go to *queue. */
static int emit_pattern(const struct store_snapshot *snap, struct doc_emit *d,
                        const struct store_quad *pat, int quads, term_id **queue, size_t *nq,
                        size_t *capq, struct error *err)
{
    struct store_iter *it = store_find(snap, pat, !quads);
    struct store_quad q;
    struct term_quad tq;

    if (!it)
        goto nomem;
    while (store_iter_next(it, &q)) {
        if (store_decode_quad(d->dict, &q, &tq) < 0)
            continue;
        if (!quads)
            tq.g.kind = TERM_NONE;
        if (d->fn(d->fn_ctx, &tq, err) < 0) {
            store_iter_free(it);
            return -1;
        }
        if (queue && dict_kind(d->dict, q.o) == TERM_BLANK) {
            int seen = 0;
            for (size_t i = 0; i < *nq && !seen; i++)
                seen = (*queue)[i] == q.o;
            if (!seen) {
                if (*nq == *capq) {
                    size_t cap = *capq ? *capq * 2 : 16;
                    term_id *t = realloc(*queue, cap * sizeof *t);
                    if (!t) {
                        store_iter_free(it);
                        goto nomem;
                    }
                    *queue = t;
                    *capq = cap;
                }
                (*queue)[(*nq)++] = q.o;
            }
        }
        if (queue && note_object(d, q.o) < 0) {
            store_iter_free(it);
            goto nomem;
        }
    }
    store_iter_free(it);
    return 0;
nomem:
    error_set(err, "out of memory");
    return -1;
}

/* The document: the resource's triples (with their graphs in quad
 * syntaxes), the blank-node closure, and the labels of linked IRIs. */
static int doc_emit(void *ctx, const struct store_snapshot *snap, int quads, rdf_quad_fn fn,
                    void *fn_ctx, struct error *err)
{
    struct doc_emit d = {*(term_id *)ctx, NULL, 0, 0, fn, fn_ctx, store_snapshot_dict(snap)};
    term_id *queue = NULL;
    size_t nq = 0, capq = 0;
    int rc = -1;

    if (!quads) {
        if (describe_resource(snap, d.subject, relay_triple, &d, err) < 0)
            goto out;
    } else {
        struct store_quad pat = {d.subject, 0, 0, 0};
        if (emit_pattern(snap, &d, &pat, 1, &queue, &nq, &capq, err) < 0)
            goto out;
        for (size_t i = 0; i < nq; i++) { /* breadth-first; queue grows */
            struct store_quad bp = {queue[i], 0, 0, 0};
            if (emit_pattern(snap, &d, &bp, 1, &queue, &nq, &capq, err) < 0)
                goto out;
        }
    }
    for (size_t i = 0; i < d.n; i++)
        for (size_t k = 0; k < sizeof LABEL_PROPS / sizeof *LABEL_PROPS; k++) {
            struct term p = term_iri(LABEL_PROPS[k]);
            struct store_quad lp = {d.objects[i], dict_lookup(d.dict, &p), 0, 0};
            if (lp.p && emit_pattern(snap, &d, &lp, quads, NULL, NULL, NULL, err) < 0)
                goto out;
        }
    rc = 0;
out:
    free(queue);
    free(d.objects);
    return rc;
}

/* Id of base + mid + path (as given), TERM_ID_NONE if unknown. */
static term_id lookup(struct dict *d, const char *base, const char *mid, const char *path,
                      size_t len)
{
    size_t n = strlen(base) + strlen(mid) + len + 1;
    char *iri = malloc(n);
    if (!iri)
        return TERM_ID_NONE;
    snprintf(iri, n, "%s%s%.*s", base, mid, (int)len, path);
    struct term t = term_iri(iri);
    term_id id = dict_lookup(d, &t);
    free(iri);
    return id;
}

/* Whether the snapshot says anything about id (as subject or object). */
static int known(const struct store_snapshot *snap, term_id id)
{
    struct store_quad s = {id, 0, 0, 0}, o = {0, 0, id, 0};
    return id && (store_count(snap, &s) || store_count(snap, &o));
}

/* 301 to the same path without trailing slashes. */
static int redirect_slash(struct request *req, struct response *res, const char *prefix,
                          const char *raw_rest)
{
    size_t n = strlen(raw_rest);
    char loc[8192];
    while (n && raw_rest[n - 1] == '/')
        n--;
    snprintf(loc, sizeof loc, "%s%s%.*s", req->app->cfg->base, prefix, (int)n, raw_rest);
    response_error(res, 301, "moved to %s", loc);
    return response_header(res, "Location", loc);
}

int handler_doc(struct request *req, struct response *res, struct error *err)
{
    const char *base = req->app->cfg->base;
    struct dict *d = store_snapshot_dict(req->snap);
    size_t stem, raw_stem, len = strlen(req->rest), raw_len = strlen(req->raw_rest);
    unsigned profiles = 0;

    if (req->rest[len - 1] == '/') {
        if (redirect_slash(req, res, "doc/", req->raw_rest) < 0)
            goto nomem;
        return 0;
    }
    enum conneg_format ext = conneg_split_extension(req->rest, &stem);
    raw_stem = raw_len - (len - stem); /* an extension is plain ASCII */
    enum conneg_format fmt = publish_negotiate(req, res, ext, &profiles, err);
    if (fmt == CONNEG_FORMAT_UNKNOWN)
        return 0;

    /* The decoded path names IRIs written with non-ASCII characters; an IRI
     * stored with its percent-encoding (e.g. "%20") is found as sent. */
    term_id id = lookup(d, base, "id/", req->rest, stem);
    if (!known(req->snap, id))
        id = lookup(d, base, "id/", req->raw_rest, raw_stem);
    if (!known(req->snap, id)) /* a document that is a resource itself */
        id = lookup(d, base, "doc/", req->raw_rest, raw_stem);
    size_t n = strlen(base) + 4 + raw_stem + 1;
    char *url = malloc(n);
    if (!url)
        goto nomem;
    snprintf(url, n, "%sdoc/%.*s", base, (int)raw_stem, req->raw_rest);
    if (!known(req->snap, id)) {
        char iri[8192];
        snprintf(iri, sizeof iri, "%sid/%.*s", base, (int)stem, req->rest);
        publish_not_found(req, res, fmt, iri);
        free(url);
        return 0;
    }
    struct publish_doc doc = {url, id, doc_emit, &id, ext == CONNEG_FORMAT_UNKNOWN};
    int rc = publish_answer(req, res, &doc, fmt, profiles, err);
    free(url);
    return rc;
nomem:
    error_set(err, "out of memory");
    return -1;
}

int handler_id(struct request *req, struct response *res, struct error *err)
{
    const char *q = strchr(req->target, '?');
    char loc[8192];

    snprintf(loc, sizeof loc, "%sdoc/%s%s", req->app->cfg->base, req->raw_rest, q ? q : "");
    response_error(res, 303, "see %s", loc);
    if (response_header(res, "Location", loc) < 0) {
        error_set(err, "out of memory");
        return -1;
    }
    return 0;
}
