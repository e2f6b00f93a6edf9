/* route.h - request targets and the route table.
 *
 * route_parse_target checks a raw request target (as the client sent it,
 * still percent-encoded) and decodes its path; route_match finds the route
 * for a method and a decoded path. Routes name their handler by an enum so
 * that matching does not depend on the handlers (http.c maps ids to
 * functions). */
#ifndef FUNDAMENT_ROUTE_H
#define FUNDAMENT_ROUTE_H

#include <stddef.h>

#include "error.h"

/* Methods as bits, so a route can accept several. */
#define ROUTE_GET     0x01u
#define ROUTE_HEAD    0x02u
#define ROUTE_POST    0x04u
#define ROUTE_PUT     0x08u
#define ROUTE_DELETE  0x10u
#define ROUTE_PATCH   0x20u
#define ROUTE_OPTIONS 0x40u

/* Longest Allow header value: every method above. */
#define ROUTE_ALLOW_MAX 64

enum route_id {
    ROUTE_ID_HEALTH = 0,
    ROUTE_ID_HOME,
    ROUTE_ID_ID,
    ROUTE_ID_DOC,
    ROUTE_ID_NS,
    ROUTE_ID_CONTEXT,
    ROUTE_IDS
};

struct route {
    unsigned methods;    /* ROUTE_* bits; GET implies HEAD */
    const char *pattern; /* exact path, or a prefix when it ends in '*' */
    enum route_id id;
};

enum route_result {
    ROUTE_FOUND = 0,
    ROUTE_NOT_FOUND,   /* 404: no route knows the path */
    ROUTE_NOT_ALLOWED, /* 405: the path is known, the method is not */
};

struct route_match {
    const struct route *route;   /* shared (the static table); NULL unless found */
    const char *rest;            /* part of the path matched by '*', points into path */
    char allow[ROUTE_ALLOW_MAX]; /* "GET, HEAD" for ROUTE_NOT_ALLOWED, else "" */
};

/* The ROUTE_* bit of a method name (case-sensitive, as HTTP says); 0 for
 * any other method. */
unsigned route_method_bit(const char *method);

/* Match method + decoded path against the route table. */
enum route_result route_match(const char *method, const char *path, struct route_match *m);

/* The table itself, for documentation and tests (shared, static). */
const struct route *route_table(size_t *n);

/* A checked request target. */
struct route_target {
    char *path;        /* decoded path, owned (free with route_target_clear) */
    char *raw_path;    /* the path as sent, still percent-encoded, owned */
    const char *query; /* raw query after '?', points into the caller's target, or NULL */
    /* An absolute-form target ("http://host/p?q") is reduced to its path
     * and query; the host is not checked. */
};

/* Check the raw request target and decode its path. Returns 0, or the HTTP
 * status to answer with err->msg naming the problem: 414 when it is longer
 * than max_path bytes; 400 for a target that is not an absolute path, has a
 * NUL or control byte, invalid or encoded-NUL percent-encoding, an encoded
 * slash (%2F) in the path, '.' or '..' segments, or a path that is not
 * UTF-8; 500 when out of memory. t is empty unless 0 is returned. */
int route_parse_target(const char *target, size_t max_path, struct route_target *t,
                       struct error *err);
void route_target_clear(struct route_target *t); /* NULL-safe */

/* Where the first `decoded` bytes of the decoded path end in the raw path
 * (each %XX is one decoded byte), e.g. to find a route's rest as sent. */
size_t route_raw_offset(const char *raw_path, size_t decoded);

#endif
