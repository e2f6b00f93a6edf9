/* jsonld_iri.c - IRI tests and reference resolution (RFC 3986 section 5.2,
 * applied to IRIs as RFC 3987 allows). */
#include <string.h>

#include "jsonld_internal.h"

struct iri_parts {
    const char *scheme, *auth, *path, *query, *frag;
    size_t scheme_n, auth_n, path_n, query_n, frag_n;
    int has_scheme, has_auth, has_query, has_frag;
};

static size_t scheme_len(const char *s)
{
    size_t i;

    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return 0;
    for (i = 1; s[i]; i++) {
        char c = s[i];

        if (c == ':')
            return i;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return 0;
    }
    return 0;
}

int jl_iri_is_absolute(const char *s)
{
    return s && scheme_len(s) > 0;
}

int jl_iri_well_formed(const char *s)
{
    const unsigned char *c;
    int hashes = 0;

    if (!jl_iri_is_absolute(s))
        return 0;
    for (c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '<':
        case '>':
        case '"':
        case '{':
        case '}':
        case '|':
        case '\\':
        case '^':
        case '`':
            return 0;
        default:
            if (*c <= 0x20)
                return 0;
        }
        if (*c == '#' && ++hashes > 1)
            return 0; /* a fragment cannot contain '#' */
    }
    return 1;
}

static void split(const char *s, struct iri_parts *r)
{
    size_t n;

    memset(r, 0, sizeof *r);
    n = scheme_len(s);
    if (n) {
        r->has_scheme = 1;
        r->scheme = s;
        r->scheme_n = n;
        s += n + 1;
    }
    if (s[0] == '/' && s[1] == '/') {
        s += 2;
        r->has_auth = 1;
        r->auth = s;
        r->auth_n = strcspn(s, "/?#");
        s += r->auth_n;
    }
    r->path = s;
    r->path_n = strcspn(s, "?#");
    s += r->path_n;
    if (*s == '?') {
        s++;
        r->has_query = 1;
        r->query = s;
        r->query_n = strcspn(s, "#");
        s += r->query_n;
    }
    if (*s == '#') {
        s++;
        r->has_frag = 1;
        r->frag = s;
        r->frag_n = strlen(s);
    }
}

/* RFC 3986 5.2.4, in place over a NUL-terminated copy. */
static void remove_dot_segments(char *in)
{
    char *out = in, *r = in;

    while (*r) {
        if (!strncmp(r, "../", 3)) {
            r += 3;
        } else if (!strncmp(r, "./", 2)) {
            r += 2;
        } else if (!strncmp(r, "/./", 3)) {
            r += 2;
        } else if (!strcmp(r, "/.")) {
            r[1] = '\0'; /* becomes "/" */
        } else if (!strncmp(r, "/../", 4) || !strcmp(r, "/..")) {
            if (r[3] == '/')
                r += 3;
            else {
                r += 2;
                *r = '/';
            }
            while (out > in && *--out != '/')
                ;
        } else if (!strcmp(r, ".") || !strcmp(r, "..")) {
            r += strlen(r);
        } else {
            /* move the first segment (with its leading "/") to the output */
            do {
                *out++ = *r++;
            } while (*r && *r != '/');
        }
    }
    *out = '\0';
}

static char *append(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

char *jl_iri_resolve(struct jl *p, const char *base, const char *ref)
{
    struct iri_parts b, r;
    char *path, *res, *d;
    size_t plen, total;
    const char *query = NULL;
    size_t query_n = 0;
    int has_query = 0;

    if (!base)
        return jl_strdup(p, ref);
    split(ref, &r);
    if (r.has_scheme)
        return jl_strdup(p, ref); /* already absolute: dot segments kept (JSON-LD leaves them) */
    split(base, &b);
    /* path buffer big enough for merge */
    path = jl_alloc(p, b.path_n + r.path_n + 2);
    if (r.has_auth) {
        memcpy(path, r.path, r.path_n);
        path[r.path_n] = '\0';
        remove_dot_segments(path);
        has_query = r.has_query;
        query = r.query;
        query_n = r.query_n;
    } else if (r.path_n == 0) {
        memcpy(path, b.path, b.path_n);
        path[b.path_n] = '\0';
        if (r.has_query) {
            has_query = 1;
            query = r.query;
            query_n = r.query_n;
        } else {
            has_query = b.has_query;
            query = b.query;
            query_n = b.query_n;
        }
    } else {
        if (r.path[0] == '/') {
            memcpy(path, r.path, r.path_n);
            path[r.path_n] = '\0';
        } else if (b.has_auth && b.path_n == 0) {
            path[0] = '/';
            memcpy(path + 1, r.path, r.path_n);
            path[r.path_n + 1] = '\0';
        } else {
            size_t keep = b.path_n;

            while (keep > 0 && b.path[keep - 1] != '/')
                keep--;
            memcpy(path, b.path, keep);
            memcpy(path + keep, r.path, r.path_n);
            path[keep + r.path_n] = '\0';
        }
        remove_dot_segments(path);
        has_query = r.has_query;
        query = r.query;
        query_n = r.query_n;
    }
    plen = strlen(path);
    total = b.scheme_n + 1 + 2 + (r.has_auth ? r.auth_n : b.auth_n) + plen + 1 + query_n + 1 +
            r.frag_n + 1;
    res = d = jl_alloc(p, total);
    if (b.has_scheme) {
        d = append(d, b.scheme, b.scheme_n);
        *d++ = ':';
    }
    if (r.has_auth) {
        d = append(d, "//", 2);
        d = append(d, r.auth, r.auth_n);
    } else if (b.has_auth) {
        d = append(d, "//", 2);
        d = append(d, b.auth, b.auth_n);
    }
    d = append(d, path, plen);
    if (has_query) {
        *d++ = '?';
        d = append(d, query, query_n);
    }
    if (r.has_frag) {
        *d++ = '#';
        d = append(d, r.frag, r.frag_n);
    }
    *d = '\0';
    return res;
}
