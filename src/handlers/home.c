/* handlers/home.c - GET /: the registry's home. HTML for browsers; for RDF
 * clients a DCAT catalog with a VoID description of each graph. */
#include <stdio.h>
#include <stdlib.h>

#include "http.h"
#include "publish.h"

#define DCAT "http://www.w3.org/ns/dcat#"
#define VOID "http://rdfs.org/ns/void#"
#define DCT "http://purl.org/dc/terms/"

static int emit3(rdf_quad_fn fn, void *ctx, struct term s, const char *p, struct term o,
                 struct error *err)
{
    struct term_quad q = {s, term_iri(p), o, {0}};
    return fn(ctx, &q, err);
}

static int home_emit(void *ctx, const struct store_snapshot *snap, int quads, rdf_quad_fn fn,
                     void *fn_ctx, struct error *err)
{
    const char *base = ctx;
    struct dict *d = store_snapshot_dict(snap);
    struct term cat = term_iri(base);
    char count[32];
    term_id *graphs = NULL;
    long ng = store_graphs(snap, &graphs);
    int rc = -1;

    (void)quads;
    if (ng < 0) {
        error_set(err, "out of memory");
        return -1;
    }
    snprintf(count, sizeof count, "%zu", store_size(snap));
    if (emit3(fn, fn_ctx, cat, RDF_NS "type", term_iri(DCAT "Catalog"), err) < 0 ||
        emit3(fn, fn_ctx, cat, RDF_NS "type", term_iri(VOID "Dataset"), err) < 0 ||
        emit3(fn, fn_ctx, cat, DCT "title", term_literal("fundament", "nl", NULL), err) < 0 ||
        emit3(fn, fn_ctx, cat, VOID "triples", term_literal(count, NULL, XSD_NS "integer"),
              err) < 0)
        goto out;
    for (long i = 0; i < ng; i++) {
        struct term g;
        struct store_quad pat = {0, 0, 0, graphs[i]};
        if (dict_get(d, graphs[i], &g) < 0 || g.kind != TERM_IRI)
            continue;
        snprintf(count, sizeof count, "%zu", store_count(snap, &pat));
        if (emit3(fn, fn_ctx, cat, DCAT "dataset", g, err) < 0 ||
            emit3(fn, fn_ctx, cat, VOID "subset", g, err) < 0 ||
            emit3(fn, fn_ctx, g, RDF_NS "type", term_iri(DCAT "Dataset"), err) < 0 ||
            emit3(fn, fn_ctx, g, VOID "triples", term_literal(count, NULL, XSD_NS "integer"),
                  err) < 0)
            goto out;
    }
    rc = 0;
out:
    free(graphs);
    return rc;
}

int handler_home(struct request *req, struct response *res, struct error *err)
{
    unsigned profiles = 0;
    /* "/" negotiates; "/index.ttl" and the like name their format */
    enum conneg_format ext = CONNEG_FORMAT_UNKNOWN;
    if (req->rest && (ext = conneg_from_extension(req->rest)) == CONNEG_FORMAT_UNKNOWN) {
        response_error(res, 404, "nothing here: %s", req->path);
        return 0;
    }
    enum conneg_format fmt = publish_negotiate(req, res, ext, &profiles, err);
    if (fmt == CONNEG_FORMAT_UNKNOWN)
        return 0;
    /* the home document is the base itself; its alternates are {base}index.ext */
    char url[4096];
    snprintf(url, sizeof url, "%sindex", req->app->cfg->base);
    struct publish_doc doc = {url, TERM_ID_NONE, home_emit, (void *)req->app->cfg->base,
                              ext == CONNEG_FORMAT_UNKNOWN};
    return publish_answer(req, res, &doc, fmt, profiles, err);
}
