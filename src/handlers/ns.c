/* handlers/ns.c - GET /ns/{vocab}[.ext]: a vocabulary document. Its terms
 * are {base}ns/{vocab}#{Term}, so this one document answers for all of
 * them: everything the graph(s) defining {base}ns/{vocab} say about the
 * vocabulary, its terms and their blank nodes. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "publish.h"

struct ns_ctx {
    term_id vocab;
    const char *prefix; /* "{base}ns/{vocab}#" */
    size_t prefix_len;
    const char *iri;    /* "{base}ns/{vocab}" */
};

static int ns_emit(void *ctx, const struct store_snapshot *snap, int quads, rdf_quad_fn fn,
                   void *fn_ctx, struct error *err)
{
    struct ns_ctx *c = ctx;
    struct dict *d = store_snapshot_dict(snap);
    struct store_quad pat = {c->vocab, 0, 0, 0}, q;
    term_id *graphs = NULL;
    size_t ng = 0;
    int rc = -1;

    /* the graphs that define the vocabulary */
    struct store_iter *it = store_find(snap, &pat, false);
    while (it && store_iter_next(it, &q)) {
        size_t i = 0;
        while (i < ng && graphs[i] != q.g)
            i++;
        if (i == ng) {
            term_id *t = realloc(graphs, (ng + 1) * sizeof *t);
            if (!t)
                goto nomem;
            graphs = t;
            graphs[ng++] = q.g;
        }
    }
    store_iter_free(it);
    it = NULL;
    for (size_t gi = 0; gi < ng; gi++) {
        struct store_quad gp = {0, 0, 0, graphs[gi]};
        it = store_find(snap, &gp, false);
        if (!it)
            goto nomem;
        while (store_iter_next(it, &q)) {
            struct term_quad tq;
            if (store_decode_quad(d, &q, &tq) < 0)
                continue;
            if (tq.s.kind == TERM_IRI && strcmp(tq.s.value, c->iri) &&
                strncmp(tq.s.value, c->prefix, c->prefix_len))
                continue; /* another vocabulary's terms in the same file */
            if (!quads)
                tq.g.kind = TERM_NONE;
            if (fn(fn_ctx, &tq, err) < 0)
                goto out;
        }
        store_iter_free(it);
        it = NULL;
    }
    rc = 0;
    goto out;
nomem:
    error_set(err, "out of memory");
out:
    store_iter_free(it);
    free(graphs);
    return rc;
}

int handler_ns(struct request *req, struct response *res, struct error *err)
{
    const char *base = req->app->cfg->base;
    size_t stem, len = strlen(req->rest);
    unsigned profiles = 0;
    char iri[4096], prefix[4100];

    if (req->rest[len - 1] == '/') {
        size_t n = len;
        while (n && req->raw_rest[n - 1] == '/')
            n--;
        snprintf(iri, sizeof iri, "%sns/%.*s", base, (int)n, req->raw_rest);
        response_error(res, 301, "moved to %s", iri);
        return response_header(res, "Location", iri) < 0 ? (error_set(err, "out of memory"), -1)
                                                         : 0;
    }
    enum conneg_format ext = conneg_split_extension(req->rest, &stem);
    enum conneg_format fmt = publish_negotiate(req, res, ext, &profiles, err);
    if (fmt == CONNEG_FORMAT_UNKNOWN)
        return 0;
    snprintf(iri, sizeof iri, "%sns/%.*s", base, (int)stem, req->rest);
    snprintf(prefix, sizeof prefix, "%s#", iri);
    struct term t = term_iri(iri);
    struct ns_ctx c = {dict_lookup(store_snapshot_dict(req->snap), &t), prefix, strlen(prefix),
                       iri};
    struct store_quad pat = {c.vocab, 0, 0, 0};
    if (!c.vocab || !store_count(req->snap, &pat)) {
        publish_not_found(req, res, fmt, iri);
        return 0;
    }
    struct publish_doc doc = {iri, c.vocab, ns_emit, &c, ext == CONNEG_FORMAT_UNKNOWN};
    return publish_answer(req, res, &doc, fmt, profiles, err);
}
