/* iri.c - reference resolution of RFC 3986 section 5.2 (see iri.h). */
#include "sparql/iri.h"

#include <string.h>

/* The five components of RFC 3986 section 3; a NULL start means undefined. */
struct iri_parts {
    const char *scheme, *authority, *path, *query, *fragment;
    size_t scheme_len, authority_len, path_len, query_len, fragment_len;
};

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void iri_split(const char *s, struct iri_parts *p)
{
    const char *q = s;

    memset(p, 0, sizeof *p);
    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    if (is_alpha(*q)) {
        const char *r = q + 1;

        while (is_alpha(*r) || (*r >= '0' && *r <= '9') || *r == '+' || *r == '-' || *r == '.')
            r++;
        if (*r == ':') {
            p->scheme = s;
            p->scheme_len = (size_t)(r - s);
            q = r + 1;
        }
    }
    if (q[0] == '/' && q[1] == '/') {
        q += 2;
        p->authority = q;
        while (*q && *q != '/' && *q != '?' && *q != '#')
            q++;
        p->authority_len = (size_t)(q - p->authority);
    }
    p->path = q;
    while (*q && *q != '?' && *q != '#')
        q++;
    p->path_len = (size_t)(q - p->path);
    if (*q == '?') {
        p->query = ++q;
        while (*q && *q != '#')
            q++;
        p->query_len = (size_t)(q - p->query);
    }
    if (*q == '#') {
        p->fragment = ++q;
        p->fragment_len = strlen(q);
    }
}

/* remove_dot_segments (section 5.2.4) of in (modified) appended to out;
 * returns the new output length. */
static size_t remove_dots(char *in, char *out, size_t o)
{
    size_t start = o;

    while (*in) {
        if (strncmp(in, "../", 3) == 0) {
            in += 3;
        } else if (strncmp(in, "./", 2) == 0) {
            in += 2;
        } else if (strncmp(in, "/./", 3) == 0) {
            in += 2;
        } else if (strcmp(in, "/.") == 0) {
            in += 1;
            in[0] = '/';
        } else if (strncmp(in, "/../", 4) == 0 || strcmp(in, "/..") == 0) {
            if (in[3] == '\0') {
                in += 2;
                in[0] = '/';
            } else {
                in += 3;
            }
            while (o > start && out[o - 1] != '/')
                o--;
            if (o > start)
                o--;
        } else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0) {
            break;
        } else {
            if (*in == '/')
                out[o++] = *in++;
            while (*in && *in != '/')
                out[o++] = *in++;
        }
    }
    return o;
}

static size_t put(char *out, size_t o, const char *s, size_t n)
{
    memcpy(out + o, s, n);
    return o + n;
}

char *sparql_iri_resolve(struct arena *a, const char *base, const char *ref)
{
    struct iri_parts b, r;
    size_t blen, rlen, o = 0;
    char *out, *path;

    iri_split(ref, &r);
    if (r.scheme || !base)
        base = NULL;
    else {
        iri_split(base, &b);
        if (!b.scheme)
            base = NULL; /* nothing to resolve against */
    }
    rlen = strlen(ref);
    if (!base && !r.scheme)
        return arena_strndup(a, ref, rlen);
    blen = base ? strlen(base) : 0;
    out = arena_alloc(a, blen + rlen + 8);
    path = arena_alloc(a, blen + rlen + 8);
    if (!out || !path)
        return NULL;
    if (r.scheme) {
        o = put(out, o, r.scheme, r.scheme_len + 1);
        if (r.authority) {
            o = put(out, o, "//", 2);
            o = put(out, o, r.authority, r.authority_len);
        }
        memcpy(path, r.path, r.path_len);
        path[r.path_len] = '\0';
        o = remove_dots(path, out, o);
        goto query;
    }
    o = put(out, o, b.scheme, b.scheme_len + 1);
    if (r.authority) {
        o = put(out, o, "//", 2);
        o = put(out, o, r.authority, r.authority_len);
        memcpy(path, r.path, r.path_len);
        path[r.path_len] = '\0';
        o = remove_dots(path, out, o);
        goto query;
    }
    if (b.authority) {
        o = put(out, o, "//", 2);
        o = put(out, o, b.authority, b.authority_len);
    }
    if (r.path_len == 0) {
        o = put(out, o, b.path, b.path_len);
        if (r.query) {
            out[o++] = '?';
            o = put(out, o, r.query, r.query_len);
        } else if (b.query) {
            out[o++] = '?';
            o = put(out, o, b.query, b.query_len);
        }
        goto fragment;
    }
    if (r.path[0] == '/') {
        memcpy(path, r.path, r.path_len);
        path[r.path_len] = '\0';
    } else {
        /* merge (section 5.2.3) */
        size_t k = 0, keep = 0, i;

        if (b.authority && b.path_len == 0) {
            path[k++] = '/';
        } else {
            for (i = 0; i < b.path_len; i++)
                if (b.path[i] == '/')
                    keep = i + 1;
            memcpy(path, b.path, keep);
            k = keep;
        }
        memcpy(path + k, r.path, r.path_len);
        path[k + r.path_len] = '\0';
    }
    o = remove_dots(path, out, o);
query:
    if (r.query) {
        out[o++] = '?';
        o = put(out, o, r.query, r.query_len);
    }
fragment:
    if (r.fragment) {
        out[o++] = '#';
        o = put(out, o, r.fragment, r.fragment_len);
    }
    out[o] = '\0';
    return out;
}
