/* route.c - see route.h */
#include "route.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The route table. A pattern ending in '*' matches any path that starts
 * with what precedes the '*' and has at least one byte more (the rest).
 * GET routes answer HEAD too. Order matters only between overlapping
 * patterns: the first match wins. */
static const struct route ROUTES[] = {
    /* methods     pattern      handler */
    {ROUTE_GET, "/", ROUTE_ID_HOME},
    {ROUTE_GET, "/index.*", ROUTE_ID_HOME},
    {ROUTE_GET, "/health", ROUTE_ID_HEALTH},
    {ROUTE_GET, "/id/*", ROUTE_ID_ID},
    {ROUTE_GET, "/doc/*", ROUTE_ID_DOC},
    {ROUTE_GET, "/ns/*", ROUTE_ID_NS},
    {ROUTE_GET, "/context/*", ROUTE_ID_CONTEXT},
};

#define N_ROUTES (sizeof ROUTES / sizeof ROUTES[0])

static const struct {
    const char *name;
    unsigned bit;
} METHODS[] = {
    {"GET", ROUTE_GET},         {"HEAD", ROUTE_HEAD},     {"POST", ROUTE_POST},
    {"PUT", ROUTE_PUT},         {"DELETE", ROUTE_DELETE}, {"PATCH", ROUTE_PATCH},
    {"OPTIONS", ROUTE_OPTIONS},
};

const struct route *route_table(size_t *n)
{
    *n = N_ROUTES;
    return ROUTES;
}

unsigned route_method_bit(const char *method)
{
    for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++)
        if (!strcmp(method, METHODS[i].name))
            return METHODS[i].bit;
    return 0;
}

/* Whether path matches pattern; *rest gets the part matched by '*'. */
static bool pattern_match(const char *pattern, const char *path, const char **rest)
{
    size_t n = strlen(pattern);

    if (n && pattern[n - 1] == '*') {
        if (strncmp(path, pattern, n - 1) || path[n - 1] == '\0')
            return false;
        *rest = path + n - 1;
        return true;
    }
    *rest = NULL;
    return !strcmp(path, pattern);
}

static unsigned with_head(unsigned methods)
{
    return methods & ROUTE_GET ? methods | ROUTE_HEAD : methods;
}

enum route_result route_match(const char *method, const char *path, struct route_match *m)
{
    unsigned bit = route_method_bit(method), allowed = 0;
    const char *rest;
    size_t len = 0;

    m->route = NULL;
    m->rest = NULL;
    m->allow[0] = '\0';
    for (size_t i = 0; i < N_ROUTES; i++) {
        if (!pattern_match(ROUTES[i].pattern, path, &rest))
            continue;
        if (bit & with_head(ROUTES[i].methods)) {
            m->route = &ROUTES[i];
            m->rest = rest;
            return ROUTE_FOUND;
        }
        allowed |= with_head(ROUTES[i].methods);
    }
    if (!allowed)
        return ROUTE_NOT_FOUND;
    for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++) {
        if (!(allowed & METHODS[i].bit))
            continue;
        /* Cannot truncate: ROUTE_ALLOW_MAX holds every method. */
        len += (size_t)snprintf(m->allow + len, sizeof m->allow - len, "%s%s", len ? ", " : "",
                                METHODS[i].name);
    }
    return ROUTE_NOT_ALLOWED;
}

/* Request targets. */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Length of the valid UTF-8 sequence at s (of n bytes), 0 if invalid
 * (overlong forms, surrogates and code points beyond U+10FFFF are invalid,
 * RFC 3629 section 4). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1fu;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0fu;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

/* Check percent-encoding and bytes of target[0..n); where says which part. */
static int check_encoding(const char *target, size_t n, bool path, struct error *err)
{
    const char *where = path ? "path" : "query";

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)target[i];
        int hi, lo;

        if (c <= 0x20 || c == 0x7f) {
            error_set(err, "space or control byte 0x%02X at byte %zu of the request target", c,
                      i + 1);
            return 400;
        }
        if (c == '#') {
            error_set(err, "'#' at byte %zu of the request target (fragments are not sent)", i + 1);
            return 400;
        }
        if (c != '%')
            continue;
        hi = i + 1 < n ? hex_value((unsigned char)target[i + 1]) : -1;
        lo = i + 2 < n ? hex_value((unsigned char)target[i + 2]) : -1;
        if (hi < 0 || lo < 0) {
            error_set(err,
                      "invalid percent-encoding at byte %zu of the request target "
                      "('%%' must be followed by two hex digits)",
                      i + 1);
            return 400;
        }
        if (hi == 0 && lo == 0) {
            error_set(err, "encoded NUL byte (%%00) in the request %s", where);
            return 400;
        }
        if (path && hi == 2 && lo == 0xf) {
            error_set(err, "encoded slash (%%2F) in the request path; use '/' or another name");
            return 400;
        }
        i += 2;
    }
    return 0;
}

static void decode(const char *s, size_t n, char *out)
{
    size_t j = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            out[j++] = (char)(hex_value((unsigned char)s[i + 1]) << 4 |
                              hex_value((unsigned char)s[i + 2]));
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = '\0';
}

/* '.' and '..' segments of a decoded path, and UTF-8. */
static int check_decoded(const char *path, struct error *err)
{
    const unsigned char *p = (const unsigned char *)path;
    size_t n = strlen(path);

    for (size_t i = 0; i < n;) {
        size_t len = utf8_sequence(p + i, n - i);

        if (!len) {
            error_set(err, "the decoded request path is not UTF-8 (byte %zu)", i + 1);
            return 400;
        }
        i += len;
    }
    for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
        const char *s = seg + 1, *end = strchr(s, '/');
        size_t len = end ? (size_t)(end - s) : strlen(s);

        if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.')) {
            error_set(err, "'%.*s' segment in the request path", (int)len, s);
            return 400;
        }
    }
    return 0;
}

/* Servers must accept the absolute form "http://host/path" too (RFC 9112,
 * section 3.2.2): the path starts after the authority. Returns the path
 * (the origin form), or NULL when target is neither form. */
static const char *skip_scheme_authority(const char *target)
{
    const char *p;

    if (target[0] == '/')
        return target;
    if (!strncasecmp(target, "http://", 7))
        p = target + 7;
    else if (!strncasecmp(target, "https://", 8))
        p = target + 8;
    else
        return NULL;
    p += strcspn(p, "/?#");
    return *p == '/' ? p : NULL;
}

int route_parse_target(const char *target, size_t max_path, struct route_target *t,
                       struct error *err)
{
    size_t n = strlen(target), path_len;
    const char *q;
    int status;

    t->path = NULL;
    t->raw_path = NULL;
    t->query = NULL;
    if (n > max_path) {
        error_set(err, "the request target is %zu bytes long; the limit is %zu (max-path)", n,
                  max_path);
        return 414;
    }
    target = skip_scheme_authority(target);
    if (!target) {
        error_set(err, "the request target must be a path starting with '/' "
                       "(or an http: or https: URI with one)");
        return 400;
    }
    n = strlen(target);
    q = strchr(target, '?');
    path_len = q ? (size_t)(q - target) : n;
    status = check_encoding(target, path_len, true, err);
    if (!status && q)
        status = check_encoding(q + 1, n - path_len - 1, false, err);
    if (status)
        return status;
    t->raw_path = strndup(target, path_len);
    t->path = malloc(path_len + 1);
    if (!t->raw_path || !t->path) {
        error_set(err, "out of memory");
        status = 500;
        goto out;
    }
    decode(target, path_len, t->path);
    status = check_decoded(t->path, err);
    if (!status)
        t->query = q ? q + 1 : NULL;
out:
    if (status)
        route_target_clear(t);
    return status;
}

void route_target_clear(struct route_target *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->raw_path);
    t->path = NULL;
    t->raw_path = NULL;
    t->query = NULL;
}

size_t route_raw_offset(const char *raw_path, size_t decoded)
{
    size_t i = 0;

    for (; decoded && raw_path[i]; decoded--)
        i += raw_path[i] == '%' ? 3 : 1;
    return i;
}
