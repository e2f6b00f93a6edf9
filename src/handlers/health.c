/* handlers/health.c - GET /health: is the server up, and how far is it.
 *
 * {"status":"ok","generation":G,"journal_seq":S,"quads":N}: the store
 * generation and size of the request's snapshot, and the journal's last
 * committed sequence number (read separately, so S may be ahead of G's
 * content while a write is being applied). */
#include <inttypes.h>

#include "http.h"
#include "journal.h"

int handler_health(struct request *req, struct response *res, struct error *err)
{
    uint64_t generation = req->snap ? store_generation(req->snap) : 0;
    size_t quads = req->snap ? store_size(req->snap) : 0;
    int64_t seq = req->app->journal ? journal_last_seq(req->app->journal) : 0;

    if (buf_appendf(&res->body,
                    "{\"status\":\"ok\",\"generation\":%" PRIu64 ",\"journal_seq\":%" PRId64
                    ",\"quads\":%zu}\n",
                    generation, seq, quads) < 0) {
        error_set(err, "out of memory");
        return -1;
    }
    res->status = 200;
    res->content_type = "application/json";
    return 0;
}
