/* jsonld.c - entry point of the JSON-LD reader and its shared utilities.
 * The algorithms follow W3C "JSON-LD 1.1 Processing Algorithms and API"
 * (Recommendation, 16 July 2020). */
#include "jsonld.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_internal.h"

_Noreturn void jl_fail(struct jl *p, const char *fmt, ...)
{
    va_list ap;

    if (p->err) {
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
        va_end(ap);
    }
    longjmp(p->jmp, 1);
}

void *jl_alloc(struct jl *p, size_t size)
{
    void *m = json_arena_alloc(p->arena, size);

    if (!m)
        jl_fail(p, "out of memory");
    return m;
}

char *jl_strndup(struct jl *p, const char *s, size_t n)
{
    char *d = jl_alloc(p, n + 1);

    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *jl_strdup(struct jl *p, const char *s)
{
    return jl_strndup(p, s, strlen(s));
}

char *jl_concat(struct jl *p, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *d = jl_alloc(p, la + lb + 1);

    memcpy(d, a, la);
    memcpy(d + la, b, lb + 1);
    return d;
}

/* FNV-1a */
static size_t hash_str(const char *s)
{
    size_t h = 2166136261u;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

void *jl_map_get(const struct jl_map *m, const char *key)
{
    size_t i;

    if (!m->cap)
        return NULL;
    for (i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
    return NULL;
}

static void map_grow(struct jl *p, struct jl_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16, i, j;
    const char **keys = jl_alloc(p, cap * sizeof *keys);
    void **vals = jl_alloc(p, cap * sizeof *vals);

    for (i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        for (j = hash_str(m->keys[i]) & (cap - 1); keys[j]; j = (j + 1) & (cap - 1))
            ;
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

void jl_map_put(struct jl *p, struct jl_map *m, const char *key, void *val)
{
    size_t i;

    if ((m->n + 1) * 4 >= m->cap * 3)
        map_grow(p, m);
    for (i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
        if (!strcmp(m->keys[i], key)) {
            m->vals[i] = val;
            return;
        }
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
}

void jl_map_copy(struct jl *p, struct jl_map *dst, const struct jl_map *src)
{
    *dst = *src;
    if (!src->cap)
        return;
    dst->keys = jl_alloc(p, src->cap * sizeof *dst->keys);
    dst->vals = jl_alloc(p, src->cap * sizeof *dst->vals);
    memcpy(dst->keys, src->keys, src->cap * sizeof *dst->keys);
    memcpy(dst->vals, src->vals, src->cap * sizeof *dst->vals);
}

struct json *jl_new(struct jl *p, enum json_type t)
{
    struct json *v = jl_alloc(p, sizeof *v);

    v->type = t;
    return v;
}

struct json *jl_str(struct jl *p, const char *s)
{
    struct json *v = jl_new(p, JSON_STRING);

    v->u.str = s;
    v->n = strlen(s);
    return v;
}

void jl_push(struct jl *p, struct json *arr, struct json *v)
{
    if (arr->n == arr->cap) {
        size_t cap = arr->cap ? arr->cap * 2 : 4;
        struct json **items = jl_alloc(p, cap * sizeof *items);

        if (arr->n)
            memcpy(items, arr->u.items, arr->n * sizeof *items);
        arr->u.items = items;
        arr->cap = cap;
    }
    arr->u.items[arr->n++] = v;
}

void jl_set(struct jl *p, struct json *obj, const char *key, struct json *v)
{
    size_t i;

    for (i = 0; i < obj->n; i++) {
        if (!strcmp(obj->u.members[i].key, key)) {
            obj->u.members[i].val = v;
            return;
        }
    }
    if (obj->n == obj->cap) {
        size_t cap = obj->cap ? obj->cap * 2 : 4;
        struct json_member *m = jl_alloc(p, cap * sizeof *m);

        if (obj->n)
            memcpy(m, obj->u.members, obj->n * sizeof *m);
        obj->u.members = m;
        obj->cap = cap;
    }
    obj->u.members[obj->n].key = key;
    obj->u.members[obj->n].keylen = strlen(key);
    obj->u.members[obj->n].val = v;
    obj->n++;
}

struct json *jl_as_array(struct jl *p, struct json *v)
{
    struct json *a;

    if (v && v->type == JSON_ARRAY)
        return v;
    a = jl_new(p, JSON_ARRAY);
    if (v)
        jl_push(p, a, v);
    return a;
}

/* sorted for bsearch */
static const char *const keywords[] = {
    "@base",     "@container", "@context",   "@default",   "@direction",  "@embed",
    "@explicit", "@graph",     "@id",        "@import",    "@included",   "@index",
    "@json",     "@language",  "@list",      "@nest",      "@none",       "@omitDefault",
    "@prefix",   "@preserve",  "@propagate", "@protected", "@requireAll", "@reverse",
    "@set",      "@type",      "@value",     "@version",   "@vocab",      NULL,
};

static int cmp_keyword(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int jl_is_keyword(const char *s)
{
    /* keywords[] is sorted (strcmp order) */
    if (!s || s[0] != '@')
        return 0;
    return bsearch(s, keywords, sizeof keywords / sizeof keywords[0] - 1, sizeof keywords[0],
                   cmp_keyword) != NULL;
}

/* "@" followed by one or more ALPHA characters (the spec's keyword form). */
int jl_has_keyword_form(const char *s)
{
    const char *c;

    if (!s || s[0] != '@' || !s[1])
        return 0;
    for (c = s + 1; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
            return 0;
    return 1;
}

void jl_keep_begin(struct jl *p)
{
    p->arena = p->keep;
}

void jl_keep_end(struct jl *p)
{
    p->arena = p->work;
}

/* The part of a parse that may fail through jl_fail. */
static int run(struct jl *p, const struct json *doc)
{
    if (setjmp(p->jmp))
        return -1;
    jl_expand_to_rdf(p, doc);
    return 0;
}

int jsonld_parse(const char *buf, size_t len, const char *name, const struct jsonld_opts *opts,
                 rdf_quad_fn fn, void *ctx, struct error *err)
{
    static const struct jsonld_opts defaults = {0};
    struct jl *p;
    struct json *doc;
    int rc = -1;

    error_clear(err);
    if (!opts)
        opts = &defaults;
    if (!name)
        name = "-";
    p = calloc(1, sizeof *p);
    if (!p) {
        error_set(err, "out of memory");
        return -1;
    }
    p->arena = p->work = json_arena_new();
    p->keep = json_arena_new();
    if (!p->work || !p->keep) {
        error_set(err, "out of memory");
        goto out;
    }
    p->err = err;
    p->opts = opts;
    p->name = name;
    p->mode10 = opts->processing_mode && !strcmp(opts->processing_mode, "json-ld-1.0");
    p->fn = fn;
    p->fn_ctx = ctx;
    doc = json_parse(p->arena, buf, len, name, err);
    if (!doc)
        goto out;
    rc = run(p, doc);
out:
    json_arena_free(p->keep);
    json_arena_free(p->work);
    free(p);
    return rc;
}
