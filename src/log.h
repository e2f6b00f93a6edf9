/* log.h - the access log and the error log of the server.
 *
 * Every line is written with a single write() so that lines from different
 * threads never interleave (for a file opened O_APPEND, and for pipes up to
 * PIPE_BUF bytes). The error log is stderr.
 *
 * Access log line (space-separated, one request per line):
 *
 *   TIME CLIENT METHOD TARGET STATUS BYTES MS OUTCOME
 *   2026-01-31T09:15:02.114Z 127.0.0.1 GET /doc/concept/1 200 1532 0.84 ok
 *
 * TIME is UTC with milliseconds; TARGET is the request target as sent, with
 * bytes outside printable ASCII (and '\') written as \xHH; STATUS is 0 when
 * no response was sent; BYTES counts body bytes sent (0 for HEAD); MS is the
 * time from the request line to the end of the response; OUTCOME is ok,
 * error, timeout, shutdown, aborted or closed (how the request ended). */
#ifndef FUNDAMENT_LOG_H
#define FUNDAMENT_LOG_H

#include <stdarg.h>
#include <stdint.h>

#include "error.h"

struct log;

/* Open the access log: path NULL or "-" is stderr, else a file opened for
 * appending (created 0644). The struct log is owned by the caller. */
int log_open(const char *path, struct log **out, struct error *err);
void log_close(struct log *l); /* NULL-safe; never closes stderr */

struct log_access {
    const char *client;  /* "127.0.0.1", "::1" or "-" */
    const char *method;  /* or NULL: "-" */
    const char *target;  /* raw request target or NULL: "-" */
    unsigned status;     /* 0: no response */
    uint64_t bytes;      /* body bytes */
    double ms;           /* duration */
    const char *outcome; /* "ok", ... */
};

/* Write one access log line. Failures to write are ignored (a full disk
 * must not stop the server from answering). */
void log_access(struct log *l, const struct log_access *e);

/* "fundament: MESSAGE\n" to stderr in one write; a trailing newline in the
 * message is not doubled. log_info is the same line for news that is not
 * a problem ("listening on ..."). */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
