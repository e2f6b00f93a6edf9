/* handlers/context.c - GET /context/{name}.jsonld: the JSON-LD context
 * generated from a bundled vocabulary ({base}graph/bundle/vocab/{name}), or
 * from all of them for /context/fundament.jsonld, the context that the
 * registry's compacted JSON-LD documents refer to. Never fetched from
 * elsewhere: the registry is its own source of contexts. */
#include <string.h>
#include <time.h>

#include "cache.h"
#include "http.h"
#include "publish.h"

int handler_context(struct request *req, struct response *res, struct error *err)
{
    size_t len = strlen(req->rest);
    const struct cache_entry *e = NULL;
    struct buf fresh;
    char name[256], etag[CACHE_ETAG_MAX], date[CACHE_HTTP_DATE_MAX];
    int rc = -1;

    if (len <= 7 || len - 7 >= sizeof name || strcmp(req->rest + len - 7, ".jsonld") ||
        memchr(req->rest, '/', len)) {
        response_error(res, 404, "no context %s (contexts are /context/NAME.jsonld)", req->path);
        return 0;
    }
    memcpy(name, req->rest, len - 7);
    name[len - 7] = '\0';
    buf_init(&fresh, HTTP_RESPONSE_MAX);
    int found = publish_context(req, name, &e, &fresh, err);
    if (found < 0)
        goto out;
    if (found == 1) {
        response_error(res, 404, "no vocabulary '%s' to make a context from", name);
        rc = 0;
        goto out;
    }
    const char *body = e ? e->body : fresh.data;
    size_t n = e ? e->body_len : fresh.len;
    time_t modified = e ? e->last_modified : store_time(req->snap);
    if (e)
        memcpy(etag, e->etag, sizeof etag);
    else
        cache_etag("application/ld+json", body, n, etag);
    cache_format_http_date(modified, date);
    if (response_header(res, "ETag", etag) < 0 || response_header(res, "Last-Modified", date) < 0 ||
        response_header(res, "Cache-Control", req->app->cfg->cache_control) < 0)
        goto nomem;
    res->content_type = "application/ld+json";
    if (cache_not_modified(request_header(req, "If-None-Match"),
                           request_header(req, "If-Modified-Since"), etag, modified, time(NULL))) {
        res->status = 304;
        rc = 0;
        goto out;
    }
    if (buf_append(&res->body, body, n) < 0)
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
