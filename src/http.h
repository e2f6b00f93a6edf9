/* http.h - the HTTP server (libmicrohttpd) and what handlers see of it.
 *
 * http_serve runs the server until SIGTERM or SIGINT, then stops accepting,
 * lets the requests in flight finish and returns. Each request is checked
 * (target, route, size) before its body is read, collected into a bounded
 * buffer, and handed to one handler with a store snapshot that stays valid
 * until the response has been sent. See docs/internals/http.md. */
#ifndef FUNDAMENT_HTTP_H
#define FUNDAMENT_HTTP_H

#include <stddef.h>

#include "app.h"
#include "buf.h"
#include "error.h"
#include "route.h"
#include "store.h"

/* Largest response body a handler may build (500 beyond). */
#define HTTP_RESPONSE_MAX         ((size_t)256 << 20)
#define HTTP_RESPONSE_HEADERS_MAX 8

/* Serve app until SIGTERM/SIGINT. Prints "fundament: listening on
 * http://BIND:PORT/" to stderr once the port accepts connections. Returns 0
 * after a graceful shutdown, -1 with err set if the server could not start
 * (port in use, bad bind address, ...). Blocks SIGTERM and SIGINT (and
 * SIGPIPE) in the calling thread while it runs; the caller must not have
 * started other threads that leave them unblocked. */
int http_serve(struct app *app, struct error *err);

struct MHD_Connection;

/* What a handler gets. Everything is shared with the server and valid
 * during the handler call only, except snap which the server releases
 * after the response has been sent. */
struct request {
    const char *method;     /* "GET", "HEAD", ... (HEAD is answered like GET) */
    const char *target;     /* raw request target as sent, with query */
    const char *path;       /* decoded, checked path */
    const char *raw_path;   /* path as sent, still percent-encoded */
    const char *rest;       /* decoded part matched by a route's '*', else NULL */
    const char *raw_rest;   /* the same, as sent, else NULL */
    const struct buf *body; /* request body (empty for none) */
    struct app *app;
    struct store_snapshot *snap; /* acquired for this request */
    struct MHD_Connection *conn; /* for request_query / request_header */
};

/* Decoded query argument / request header (case-insensitive name), or NULL.
 * The string is shared, valid during the handler call. */
const char *request_query(const struct request *req, const char *name);
const char *request_header(const struct request *req, const char *name);

struct response_header {
    const char *name; /* static string */
    char *value;      /* owned copy */
};

/* What a handler fills. status 0 means "not set" (the server answers 500). */
struct response {
    unsigned status;
    const char *content_type; /* static string, or NULL for no body */
    struct buf body;          /* owned, capped at HTTP_RESPONSE_MAX */
    struct response_header headers[HTTP_RESPONSE_HEADERS_MAX];
    size_t n_headers;
};

void response_init(struct response *res);
void response_clear(struct response *res); /* frees body and header values */
/* Add a header (value copied). Returns -1 when full or out of memory. */
int response_header(struct response *res, const char *name, const char *value);
/* Replace the response by a text/plain message (a line ending in '\n'),
 * e.g. response_error(res, 404, "no description of <%s>", iri). */
void response_error(struct response *res, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A handler fills res and returns 0, or returns -1 with err set for an
 * internal failure (the server answers 500 with err's message). */
typedef int (*http_handler_fn)(struct request *req, struct response *res, struct error *err);

int handler_health(struct request *req, struct response *res, struct error *err);
int handler_doc(struct request *req, struct response *res, struct error *err);
int handler_id(struct request *req, struct response *res, struct error *err);
int handler_ns(struct request *req, struct response *res, struct error *err);
int handler_home(struct request *req, struct response *res, struct error *err);
int handler_context(struct request *req, struct response *res, struct error *err);

#endif
