/* http.c - see http.h and docs/internals/http.md.
 *
 * Request life cycle with libmicrohttpd (MHD):
 *   1. on_uri (MHD_OPTION_URI_LOG_CALLBACK) sees the raw request target
 *      before MHD decodes it and creates the per-request state.
 *   2. on_request, first call: target, route and Content-Length checks; an
 *      early answer (400, 404, 405, 413, 414) is queued without reading the
 *      body.
 *   3. on_request, calls with upload data: the body goes into a buf capped
 *      at max-body.
 *   4. on_request, last call (*upload_data_size == 0): acquire a store
 *      snapshot, call the handler, queue its response.
 *   5. on_completed (MHD_OPTION_NOTIFY_COMPLETED): access log line, release
 *      the snapshot, free the state. Called for every request that reached
 *      step 1, whatever happened to it. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "log.h"

/* How long a graceful shutdown waits for requests in flight. */
#define HTTP_SHUTDOWN_GRACE_S 30
#define HTTP_SHUTDOWN_POLL_MS 20

static const http_handler_fn HANDLERS[ROUTE_IDS] = {
    [ROUTE_ID_HEALTH] = handler_health,
    [ROUTE_ID_HOME] = handler_home,
    [ROUTE_ID_ID] = handler_id,
    [ROUTE_ID_DOC] = handler_doc,
    [ROUTE_ID_NS] = handler_ns,
    [ROUTE_ID_CONTEXT] = handler_context,
};

struct server {
    struct app *app;
    struct log *log;
    atomic_long inflight; /* requests between on_uri and on_completed */
    atomic_bool closing;  /* shutdown started: answer with Connection: close */
};

/* Per-request state, owned by MHD's connection (con_cls) from on_uri to
 * on_completed. */
struct http_req {
    struct server *srv;
    struct timespec start;
    char *target; /* owned copy of the raw request target */
    char *method; /* owned copy */
    char client[INET6_ADDRSTRLEN];
    struct route_target rt;
    struct route_match match;
    struct buf body;
    struct store_snapshot *snap; /* owned reference, released in on_completed */
    bool started;                /* first on_request call done */
    bool responded;              /* a response was queued */
    bool too_big;                /* the body went beyond max-body */
    bool nomem;                  /* the body could not be stored */
    bool head;
    unsigned early_status;   /* answer decided on the first call, sent on the last */
    char *early_msg;         /* owned */
    const char *early_allow; /* points into match.allow or NULL */
    bool preflight;          /* OPTIONS on a known path: CORS preflight, 204 */
    size_t discarded;        /* body bytes thrown away after too_big / nomem / responded */
    unsigned status;
    uint64_t bytes;
};

/* Responses. */

void response_init(struct response *res)
{
    res->status = 0;
    res->content_type = NULL;
    buf_init(&res->body, HTTP_RESPONSE_MAX);
    res->n_headers = 0;
}

void response_clear(struct response *res)
{
    buf_free(&res->body);
    for (size_t i = 0; i < res->n_headers; i++)
        free(res->headers[i].value);
    res->n_headers = 0;
}

int response_header(struct response *res, const char *name, const char *value)
{
    char *copy;

    if (res->n_headers == HTTP_RESPONSE_HEADERS_MAX)
        return -1;
    copy = strdup(value);
    if (!copy)
        return -1;
    res->headers[res->n_headers].name = name;
    res->headers[res->n_headers].value = copy;
    res->n_headers++;
    return 0;
}

void response_error(struct response *res, unsigned status, const char *fmt, ...)
{
    va_list ap;

    res->status = status;
    res->content_type = "text/plain; charset=utf-8";
    buf_reset(&res->body);
    va_start(ap, fmt);
    /* Out of memory leaves an empty body: the status still tells. */
    if (buf_vappendf(&res->body, fmt, ap) == 0)
        (void)buf_append(&res->body, "\n", 1);
    va_end(ap);
}

const char *request_query(const struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(const struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* Hand res to MHD. The body moves to MHD (freed by it with free()). */
static enum MHD_Result queue(struct MHD_Connection *conn, struct http_req *r, struct response *res)
{
    struct MHD_Response *mr;
    enum MHD_Result ok = MHD_NO;
    size_t len;
    char *body = buf_take(&res->body, &len);

    if (res->status == 0)
        res->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    if (res->status == MHD_HTTP_NO_CONTENT || res->status == MHD_HTTP_NOT_MODIFIED) {
        free(body); /* these answers have no body (RFC 9110) */
        body = NULL;
        len = 0;
        if (res->status == MHD_HTTP_NO_CONTENT)
            res->content_type = NULL;
    }
    if (body)
        mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    else
        mr = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!mr) {
        free(body);
        log_error("out of memory building a response to %s", r->target);
        return MHD_NO; /* MHD closes the connection */
    }
    if (res->content_type &&
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type) != MHD_YES)
        goto out;
    for (size_t i = 0; i < res->n_headers; i++)
        if (MHD_add_response_header(mr, res->headers[i].name, res->headers[i].value) != MHD_YES)
            goto out;
    /* Reads are public: any web page may fetch them (CORS). */
    if (MHD_add_response_header(mr, "Access-Control-Allow-Origin", "*") != MHD_YES ||
        MHD_add_response_header(mr, "Access-Control-Expose-Headers",
                                "ETag, Link, Location, Content-Location, Vary") != MHD_YES)
        goto out;
    if (r->preflight &&
        (MHD_add_response_header(mr, "Access-Control-Allow-Methods", r->match.allow) != MHD_YES ||
         MHD_add_response_header(mr, "Access-Control-Allow-Headers",
                                 "Accept, Accept-Language, Content-Type, Authorization, "
                                 "If-None-Match, If-Modified-Since") != MHD_YES ||
         MHD_add_response_header(mr, "Access-Control-Max-Age", "86400") != MHD_YES))
        goto out;
    if (atomic_load(&r->srv->closing) &&
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONNECTION, "close") != MHD_YES)
        goto out;
    ok = MHD_queue_response(conn, res->status, mr);
    if (ok == MHD_YES) {
        r->responded = true;
        r->status = res->status;
        r->bytes = r->head ? 0 : len;
    }
out:
    MHD_destroy_response(mr);
    return ok;
}

/* Queue a text/plain error answer (plus one optional header). */
static enum MHD_Result queue_error(struct MHD_Connection *conn, struct http_req *r, unsigned status,
                                   const char *header, const char *value, const char *msg)
{
    struct response res;
    enum MHD_Result ok;

    response_init(&res);
    response_error(&res, status, "%s", msg);
    if (header && response_header(&res, header, value) < 0)
        res.status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    ok = queue(conn, r, &res);
    response_clear(&res);
    return ok;
}

/* MHD callbacks. */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct server *srv = cls;
    struct http_req *r = calloc(1, sizeof *r);
    const union MHD_ConnectionInfo *ci;

    if (!r)
        return NULL;
    r->target = strdup(uri);
    if (!r->target) {
        free(r);
        return NULL;
    }
    r->srv = srv;
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    buf_init(&r->body, srv->app->cfg->max_body);
    strcpy(r->client, "-");
    ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;

        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, r->client,
                      sizeof r->client);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      r->client, sizeof r->client);
    }
    atomic_fetch_add(&srv->inflight, 1);
    return r;
}

static const char *outcome_name(enum MHD_RequestTerminationCode toe)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK:
        return "ok";
    case MHD_REQUEST_TERMINATED_WITH_ERROR:
        return "error";
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
        return "timeout";
    case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
        return "shutdown";
    case MHD_REQUEST_TERMINATED_READ_ERROR:
        return "closed";
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
        return "aborted";
    }
    return "-";
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct server *srv = cls;
    struct http_req *r = *con_cls;
    struct timespec now;
    struct log_access e;

    if (!r)
        return;
    *con_cls = NULL;
    clock_gettime(CLOCK_MONOTONIC, &now);
    e.client = r->client;
    e.method = r->method;
    e.target = r->target;
    e.status = r->status;
    e.bytes = r->bytes;
    e.ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
           (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
    e.outcome = outcome_name(toe);
    log_access(srv->log, &e);
    store_release(r->snap);
    buf_free(&r->body);
    route_target_clear(&r->rt);
    free(r->early_msg);
    free(r->method);
    free(r->target);
    free(r);
    atomic_fetch_sub(&srv->inflight, 1);
}

/* Whether the request announces a body. */
static bool has_body(struct MHD_Connection *conn)
{
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

    return (cl && strcmp(cl, "0")) ||
           MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* Refuse the request. With a body, answer now so that the body is never
 * read (MHD then closes the connection); without one, answer on the last
 * call, which keeps the connection alive. */
static enum MHD_Result reject(struct MHD_Connection *conn, struct http_req *r, unsigned status,
                              const char *allow, const char *msg)
{
    if (has_body(conn))
        return queue_error(conn, r, status, allow ? MHD_HTTP_HEADER_ALLOW : NULL, allow, msg);
    r->early_msg = strdup(msg);
    if (!r->early_msg)
        return MHD_NO;
    r->early_status = status;
    r->early_allow = allow;
    return MHD_YES;
}

/* First call: everything that can be decided from the request head. */
static enum MHD_Result start_request(struct MHD_Connection *conn, struct http_req *r,
                                     const char *method)
{
    const struct config *cfg = r->srv->app->cfg;
    struct error err;
    const char *cl;
    char msg[ERROR_MSG_MAX + 64];
    int status;

    r->started = true;
    r->method = strdup(method);
    if (!r->method)
        return MHD_NO;
    r->head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    error_clear(&err);
    status = route_parse_target(r->target, cfg->max_path, &r->rt, &err);
    if (status)
        return reject(conn, r, (unsigned)status, NULL, err.msg);
    switch (route_match(method, r->rt.path, &r->match)) {
    case ROUTE_FOUND:
        break;
    case ROUTE_NOT_FOUND:
        snprintf(msg, sizeof msg, "nothing here: %s", r->rt.path);
        return reject(conn, r, MHD_HTTP_NOT_FOUND, NULL, msg);
    case ROUTE_NOT_ALLOWED:
        if (!strcmp(method, "OPTIONS")) { /* CORS preflight or a plain OPTIONS */
            r->preflight = true;
            return reject(conn, r, MHD_HTTP_NO_CONTENT, r->match.allow, "");
        }
        snprintf(msg, sizeof msg, "method %s is not allowed on %s; allowed: %s", method, r->rt.path,
                 r->match.allow);
        return reject(conn, r, MHD_HTTP_METHOD_NOT_ALLOWED, r->match.allow, msg);
    }
    cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        char *end;
        unsigned long long n;

        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno == ERANGE || n > cfg->max_body) {
            snprintf(msg, sizeof msg,
                     "the request body of %s bytes is larger than the limit of %zu bytes "
                     "(max-body)",
                     cl, cfg->max_body);
            return queue_error(conn, r, MHD_HTTP_CONTENT_TOO_LARGE, NULL, NULL, msg);
        }
    }
    return MHD_YES;
}

/* Last call: run the handler. */
static enum MHD_Result finish_request(struct MHD_Connection *conn, struct http_req *r)
{
    struct app *app = r->srv->app;
    struct request req;
    struct response res;
    struct error err;
    enum MHD_Result ok;
    char msg[ERROR_MSG_MAX + 64];

    if (r->early_status)
        return queue_error(conn, r, r->early_status, r->early_allow ? MHD_HTTP_HEADER_ALLOW : NULL,
                           r->early_allow, r->early_msg);
    if (r->too_big) {
        snprintf(msg, sizeof msg,
                 "the request body is larger than the limit of %zu bytes "
                 "(max-body)",
                 app->cfg->max_body);
        return queue_error(conn, r, MHD_HTTP_CONTENT_TOO_LARGE, MHD_HTTP_HEADER_CONNECTION, "close",
                           msg);
    }
    if (r->nomem)
        return queue_error(conn, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, NULL,
                           "out of memory while reading the request body");
    if (app->store) {
        r->snap = store_acquire(app->store);
        if (!r->snap)
            return queue_error(conn, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, NULL, "out of memory");
    }
    req.method = r->method;
    req.target = r->target;
    req.path = r->rt.path;
    req.raw_path = r->rt.raw_path;
    req.rest = r->match.rest;
    req.raw_rest = NULL;
    if (r->match.rest)
        req.raw_rest =
            r->rt.raw_path + route_raw_offset(r->rt.raw_path, (size_t)(r->match.rest - r->rt.path));
    req.body = &r->body;
    req.app = app;
    req.snap = r->snap;
    req.conn = conn;
    response_init(&res);
    error_clear(&err);
    if (HANDLERS[r->match.route->id](&req, &res, &err) < 0) {
        log_error("%s %s: %s", r->method, r->target, err.msg);
        response_error(&res, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error: %s", err.msg);
    } else if (res.status == 0) {
        response_error(&res, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal error: no response");
    }
    ok = queue(conn, r, &res);
    response_clear(&res);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    struct http_req *r = *con_cls;

    (void)cls;
    (void)url;
    (void)version;
    if (!r)
        return MHD_NO; /* on_uri ran out of memory: close the connection */
    if (!r->started)
        return start_request(conn, r, method);
    if (*upload_data_size) {
        size_t n = *upload_data_size;

        *upload_data_size = 0;
        if (!r->responded && !r->too_big && !r->nomem) {
            int rc = buf_append(&r->body, upload_data, n);

            if (rc == 0)
                return MHD_YES;
            if (rc == BUF_TOOBIG)
                r->too_big = true;
            else
                r->nomem = true;
        }
        /* Read on (so that the client gets the answer) up to one max-body
         * more, then give up on the connection. */
        r->discarded += n;
        return r->discarded > r->srv->app->cfg->max_body ? MHD_NO : MHD_YES;
    }
    if (r->responded)
        return MHD_YES;
    return finish_request(conn, r);
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[ERROR_MSG_MAX];

    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    log_error("http: %s", msg);
}

/* Listening socket. We bind it ourselves (rather than MHD_OPTION_SOCK_ADDR)
 * to tell "port in use" from other failures. */

static int open_listener(const char *bind_addr, int port, int *fd_out, char *shown,
                         size_t shown_len, struct error *err)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    char host[INET6_ADDRSTRLEN + 2];
    size_t n = strlen(bind_addr);
    int fd = -1, one = 1, family;

    memset(&ss, 0, sizeof ss);
    if (port < 0 || port > 65535) {
        error_set(err, "port %d is out of range (0-65535)", port);
        return -1;
    }
    /* "[::1]" is accepted for "::1". */
    if (n >= 2 && n < sizeof host && bind_addr[0] == '[' && bind_addr[n - 1] == ']') {
        memcpy(host, bind_addr + 1, n - 2);
        host[n - 2] = '\0';
    } else if (n < sizeof host) {
        memcpy(host, bind_addr, n + 1);
    } else {
        host[0] = '\0';
    }
    struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)(void *)&ss;

    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        family = sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)port);
        sslen = sizeof *sin;
    } else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        family = sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        sslen = sizeof *sin6;
    } else {
        error_set(err, "bind address '%s' is not an IPv4 or IPv6 address (e.g. 127.0.0.1, ::1)",
                  bind_addr);
        return -1;
    }
    fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_set(err, "cannot create a socket: %s", strerror(errno));
        return -1;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (family == AF_INET6)
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sslen) < 0) {
        int e = errno;

        if (e == EADDRINUSE)
            error_set(err, "cannot listen on %s port %d: the port is already in use", host, port);
        else if (e == EACCES)
            error_set(err, "cannot listen on %s port %d: permission denied", host, port);
        else if (e == EADDRNOTAVAIL)
            error_set(err, "cannot listen on %s port %d: no such address on this machine", host,
                      port);
        else
            error_set(err, "cannot listen on %s port %d: %s", host, port, strerror(e));
        close(fd);
        return -1;
    }
    if (listen(fd, SOMAXCONN) < 0 || getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0) {
        error_set(err, "cannot listen on %s port %d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    if (family == AF_INET)
        snprintf(shown, shown_len, "%s:%u", host, (unsigned)ntohs(sin->sin_port));
    else
        snprintf(shown, shown_len, "[%s]:%u", host, (unsigned)ntohs(sin6->sin6_port));
    *fd_out = fd;
    return 0;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Take pending SIGPIPEs of this thread so that restoring the mask does not
 * deliver one. */
static void drain_sigpipe(void)
{
    sigset_t pipe_set;
    struct timespec zero = {0, 0};

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    while (sigtimedwait(&pipe_set, NULL, &zero) == SIGPIPE)
        ;
}

int http_serve(struct app *app, struct error *err)
{
    const struct config *cfg = app->cfg;
    struct server srv;
    struct MHD_Daemon *d = NULL;
    struct MHD_OptionItem opts[12];
    sigset_t block, stop, old;
    char shown[INET6_ADDRSTRLEN + 16];
    struct timespec since;
    unsigned flags;
    int fd = -1, quiesced = -1, sig, ret = -1;
    size_t o = 0;
    bool v6;

    srv.app = app;
    srv.log = NULL;
    atomic_init(&srv.inflight, 0);
    atomic_init(&srv.closing, false);
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    block = stop;
    sigaddset(&block, SIGPIPE);
    /* Before MHD creates its threads, so that they inherit the mask and
     * the signals reach sigwait below. */
    if ((errno = pthread_sigmask(SIG_BLOCK, &block, &old)) != 0) {
        error_set(err, "cannot block signals: %s", strerror(errno));
        return -1;
    }
    if (log_open(cfg->access_log, &srv.log, err) < 0)
        goto out;
    if (open_listener(cfg->bind, cfg->port, &fd, shown, sizeof shown, err) < 0)
        goto out;
    v6 = shown[0] == '[';
    /* The logger first, so that MHD reports option errors through it. */
    opts[o++] =
        (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)(uintptr_t)on_mhd_log, NULL};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, fd, NULL};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout, NULL};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit, NULL};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                        (intptr_t)cfg->conn_memory, NULL};
    if (cfg->threads > 1)
        opts[o++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, NULL};
    opts[o++] =
        (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)(uintptr_t)on_uri, &srv};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
                                        (intptr_t)(uintptr_t)on_completed, &srv};
    opts[o++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    /* MHD_USE_AUTO picks epoll on Linux; ITC is needed by MHD_quiesce_daemon. */
    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            (v6 ? MHD_USE_IPv6 : 0);
    d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, on_request, &srv, MHD_OPTION_ARRAY,
                         opts, MHD_OPTION_END);
    if (!d) {
        error_set(err, "cannot start the HTTP server on %s (see the message above)", shown);
        goto out;
    }
    log_info("listening on http://%s/", shown);

    do {
        if ((errno = sigwait(&stop, &sig)) != 0) {
            error_set(err, "sigwait: %s", strerror(errno));
            break;
        }
    } while (sig != SIGTERM && sig != SIGINT);

    /* Graceful shutdown: stop accepting, let requests in flight finish
     * (up to the grace period; a second signal cuts it short), stop. */
    atomic_store(&srv.closing, true);
    quiesced = MHD_quiesce_daemon(d);
    log_info("%s received: finishing %ld request(s) in flight, then stopping",
             sig == SIGINT ? "SIGINT" : "SIGTERM", (long)atomic_load(&srv.inflight));
    clock_gettime(CLOCK_MONOTONIC, &since);
    while (atomic_load(&srv.inflight) > 0) {
        struct timespec poll = {0, HTTP_SHUTDOWN_POLL_MS * 1000000L};

        if (elapsed_ms(&since) >= HTTP_SHUTDOWN_GRACE_S * 1000L) {
            log_error("%ld request(s) still running after %d s: closing them",
                      (long)atomic_load(&srv.inflight), HTTP_SHUTDOWN_GRACE_S);
            break;
        }
        if (sigtimedwait(&stop, NULL, &poll) > 0) {
            log_error("second signal: closing %ld request(s) in flight",
                      (long)atomic_load(&srv.inflight));
            break;
        }
    }
    ret = 0;
out:
    if (d)
        MHD_stop_daemon(d);
    if (quiesced != MHD_INVALID_SOCKET && quiesced >= 0)
        close(quiesced);
    else if (!d && fd >= 0)
        close(fd);
    if (ret == 0)
        log_info("stopped");
    log_close(srv.log);
    drain_sigpipe();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return ret;
}
