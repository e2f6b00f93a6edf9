/* publish.c - see publish.h. */
#include "publish.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "html.h"
#include "jsonld_write.h"

const struct rdf_prefix PUBLISH_PREFIXES[] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dcterms", "http://purl.org/dc/terms/"},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {NULL, NULL},
};

enum conneg_format publish_negotiate(struct request *req, struct response *res,
                                     enum conneg_format ext, unsigned *profiles,
                                     struct error *err)
{
    const char *format = request_query(req, "format");
    enum conneg_format f =
        conneg_decide(ext, format, request_header(req, "Accept"), profiles);
    if (f != CONNEG_FORMAT_UNKNOWN)
        return f;
    size_t n;
    const struct conneg_offer *offers = conneg_rdf_offers(&n);
    char *body = conneg_406_body(offers, n, 1, err);
    response_error(res, 406, "%s%s", format ? "unknown format; " : "",
                   body ? body : "no acceptable format");
    response_header(res, "Vary", "Accept");
    free(body);
    return CONNEG_FORMAT_UNKNOWN;
}

void publish_not_found(struct request *req, struct response *res, enum conneg_format fmt,
                       const char *iri)
{
    struct error err;
    char msg[ERROR_MSG_MAX];

    snprintf(msg, sizeof msg, "no description of <%s>", iri);
    if (fmt == CONNEG_FORMAT_HTML) {
        struct html_opts o = {.base = req->app->cfg->base, .path = req->path};
        response_init(res);
        if (html_error_page(404, msg, &o, &res->body, &err) == 0) {
            res->status = 404;
            res->content_type = "text/html; charset=utf-8";
            return;
        }
    }
    response_error(res, 404, "%s", msg);
}

/* rdf_sink_fn appending to a struct buf. */
static int sink_buf(void *ctx, const void *data, size_t len)
{
    return buf_append(ctx, data, len) < 0 ? -1 : 0;
}

static int write_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    return rdf_writer_quad(ctx, q, err);
}

/* Serialize doc into out. */
static int render(struct request *req, const struct publish_doc *doc, enum conneg_format fmt,
                  unsigned profiles, struct buf *out, struct error *err)
{
    (void)profiles;
    if (fmt == CONNEG_FORMAT_HTML) {
        struct html_opts o = {
            .base = req->app->cfg->base,
            .doc_url = doc->url,
            .path = req->path,
            .lang = html_pick_lang(request_header(req, "Accept-Language")),
            .formats = HTML_FORMATS,
            .n_formats = HTML_N_FORMATS,
            .page = html_page_param(request_query(req, "page")),
        };
        return doc->subject ? html_resource_page(req->snap, doc->subject, &o, out, err)
                            : html_home_page(req->snap, &o, out, err);
    }
    enum rdf_syntax syn = conneg_format_syntax(fmt);
    struct rdf_writer *w;
    if (fmt == CONNEG_FORMAT_JSONLD) {
        /* compacted with the registry's context unless a form is asked for */
        enum jsonld_form form = profiles & CONNEG_PROFILE_EXPANDED    ? JSONLD_FORM_EXPANDED
                                : profiles & CONNEG_PROFILE_FLATTENED ? JSONLD_FORM_FLATTENED
                                                                      : JSONLD_FORM_COMPACTED;
        const struct cache_entry *ctx = NULL;
        struct buf ctx_fresh;
        char ctx_url[4096];
        buf_init(&ctx_fresh, HTTP_RESPONSE_MAX);
        snprintf(ctx_url, sizeof ctx_url, "%scontext/%s.jsonld", req->app->cfg->base,
                 PUBLISH_CONTEXT);
        int found = publish_context(req, PUBLISH_CONTEXT, &ctx, &ctx_fresh, err);
        if (found < 0) {
            buf_free(&ctx_fresh);
            return -1;
        }
        w = jsonld_writer_new(sink_buf, out, ctx ? ctx->body : ctx_fresh.data,
                              found == 0 ? ctx_url : NULL, form, err);
        cache_release(ctx);
        buf_free(&ctx_fresh);
    } else {
        w = rdf_writer_new(syn, NULL, PUBLISH_PREFIXES, sink_buf, out, err);
    }
    if (!w)
        return -1;
    int quads = syn == RDF_SYNTAX_NQUADS || syn == RDF_SYNTAX_TRIG;
    if (doc->emit(doc->ctx, req->snap, quads, write_quad, w, err) < 0) {
        rdf_writer_abort(w);
        return -1;
    }
    return rdf_writer_finish(w, err);
}

/* ---- JSON-LD contexts generated from the vocabularies ------------------- */

struct quad_list {
    struct term_quad *q;
    size_t n, cap;
};

static int push_quad(struct quad_list *l, const struct term_quad *q)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        struct term_quad *t = realloc(l->q, cap * sizeof *t);
        if (!t)
            return -1;
        l->q = t;
        l->cap = cap;
    }
    l->q[l->n++] = *q;
    return 0;
}

/* The quads of the bundled vocabulary graphs ({base}graph/bundle/vocab/...),
 * all of them for PUBLISH_CONTEXT, else the one named. -1: out of memory. */
static int vocab_quads(const struct store_snapshot *snap, const char *base, const char *name,
                       struct quad_list *l)
{
    struct dict *d = store_snapshot_dict(snap);
    char prefix[4096];
    term_id *graphs = NULL;
    long ng = store_graphs(snap, &graphs);
    int all = !strcmp(name, PUBLISH_CONTEXT), rc = 0;

    if (ng < 0)
        return -1;
    snprintf(prefix, sizeof prefix, "%sgraph/bundle/vocab/", base);
    size_t plen = strlen(prefix);
    for (long i = 0; i < ng && rc == 0; i++) {
        struct term g;
        if (dict_get(d, graphs[i], &g) < 0 || g.kind != TERM_IRI ||
            strncmp(g.value, prefix, plen) || (!all && strcmp(g.value + plen, name)))
            continue;
        struct store_quad pat = {0, 0, 0, graphs[i]}, q;
        struct store_iter *it = store_find(snap, &pat, false);
        if (!it) {
            rc = -1;
            break;
        }
        while (store_iter_next(it, &q)) {
            struct term_quad tq;
            if (store_decode_quad(d, &q, &tq) == 0 && push_quad(l, &tq) < 0) {
                rc = -1;
                break;
            }
        }
        store_iter_free(it);
    }
    free(graphs);
    return rc;
}

int publish_context(struct request *req, const char *name, const struct cache_entry **entry,
                    struct buf *fresh, struct error *err)
{
    char url[4096];
    struct quad_list l = {0};
    struct cache *cache = req->app->cache;

    *entry = NULL;
    snprintf(url, sizeof url, "%scontext/%s.jsonld", req->app->cfg->base, name);
    struct cache_key key = {url, CONNEG_FORMAT_JSONLD, "context", store_generation(req->snap)};
    if (cache && (*entry = cache_get(cache, &key)))
        return 0;
    if (vocab_quads(req->snap, req->app->cfg->base, name, &l) < 0) {
        free(l.q);
        error_set(err, "out of memory");
        return -1;
    }
    if (!l.n) {
        free(l.q);
        return 1; /* no such vocabulary */
    }
    int rc = jsonld_context_generate(l.q, l.n, PUBLISH_PREFIXES, sink_buf, fresh, err);
    free(l.q);
    if (rc < 0)
        return -1;
    if (cache && cache_put(cache, &key, fresh->data, fresh->len, "application/ld+json",
                           store_time(req->snap), entry, err) < 0)
        return -1;
    return 0;
}

int publish_answer(struct request *req, struct response *res, const struct publish_doc *doc,
                   enum conneg_format fmt, unsigned profiles, struct error *err)
{
    struct cache *cache = req->app->cache;
    const char *ctype = conneg_content_type(fmt, profiles);
    struct cache_key key = {doc->url, (int)fmt, conneg_profile_name(profiles),
                            store_generation(req->snap)};
    /* a page of a long list is its own document */
    char keyurl[4096];
    unsigned page = fmt == CONNEG_FORMAT_HTML ? html_page_param(request_query(req, "page")) : 0;
    const char *lang = fmt == CONNEG_FORMAT_HTML
                           ? html_pick_lang(request_header(req, "Accept-Language")) : NULL;
    if (page > 1 || lang) {
        snprintf(keyurl, sizeof keyurl, "%s?page=%u&lang=%s", doc->url, page, lang ? lang : "");
        key.uri = keyurl;
    }
    time_t modified = store_time(req->snap);
    const struct cache_entry *e = cache ? cache_get(cache, &key) : NULL;
    struct buf fresh;
    char etag[CACHE_ETAG_MAX];
    const char *body;
    size_t len;
    int rc = -1;

    buf_init(&fresh, HTTP_RESPONSE_MAX);
    if (!e) {
        if (render(req, doc, fmt, profiles, &fresh, err) < 0)
            goto out;
        if (cache && cache_put(cache, &key, fresh.data, fresh.len, ctype, modified, &e, err) < 0)
            goto out;
    }
    if (e) {
        body = e->body;
        len = e->body_len;
        memcpy(etag, e->etag, sizeof etag);
        modified = e->last_modified;
    } else {
        body = fresh.data;
        len = fresh.len;
        cache_etag(ctype, body, len, etag);
    }

    char date[CACHE_HTTP_DATE_MAX];
    cache_format_http_date(modified, date);
    char *link = conneg_link_header(doc->url, err);
    if (!link)
        goto out;
    if (response_header(res, "ETag", etag) < 0 || response_header(res, "Last-Modified", date) < 0 ||
        response_header(res, "Cache-Control", req->app->cfg->cache_control) < 0 ||
        response_header(res, "Link", link) < 0) {
        free(link);
        goto nomem;
    }
    free(link);
    if (doc->negotiated) {
        char loc[4096];
        snprintf(loc, sizeof loc, "%s.%s", doc->url, conneg_format_extension(fmt));
        if (response_header(res, "Vary", fmt == CONNEG_FORMAT_HTML ? "Accept, Accept-Language"
                                                                   : "Accept") < 0 ||
            response_header(res, "Content-Location", loc) < 0)
            goto nomem;
    }
    res->content_type = ctype;
    if (cache_not_modified(request_header(req, "If-None-Match"),
                           request_header(req, "If-Modified-Since"), etag, modified, time(NULL))) {
        res->status = 304;
        rc = 0;
        goto out;
    }
    if (buf_append(&res->body, body, len) < 0)
        goto nomem;
    res->status = 200;
    rc = 0;
    goto out;
nomem:
    error_set(err, "out of memory");
out:
    cache_release(e);
    buf_free(&fresh);
    return rc;
}
