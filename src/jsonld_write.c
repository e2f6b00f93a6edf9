/* jsonld_write.c - JSON-LD 1.1 writer: the "Serialize RDF as JSON-LD"
 * algorithm (JSON-LD 1.1 Processing Algorithms and API, section 8.4,
 * "fromRdf") with useNativeTypes and useRdfType off, plus a compaction step
 * for the simple term definitions of our generated contexts.
 *
 * Quads are copied into an arena as they come; at finish they are sorted
 * (graph, subject, predicate, object), duplicates dropped, well-formed
 * rdf:first/rest chains turned into @list values and the node objects
 * written in that order. See docs/internals/jsonld-write.md. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonld_write.h"
#include "rdf_io_internal.h"

#define OUT_BLOCK      (64 * 1024)
#define EMIT_MAX_DEPTH (JSON_MAX_DEPTH + 16)

#define RDF_FIRST RDF_NS "first"
#define RDF_REST  RDF_NS "rest"
#define RDF_NIL   RDF_NS "nil"
#define RDF_TYPE  RDF_NS "type"
#define RDF_JSON  RDF_NS "JSON"

/* ---- output ------------------------------------------------------------- */

/* A pretty-printing JSON emitter over a sink. Commas and indentation are
 * handled here so that the tree walkers only say what comes next. */
struct emit {
    struct rdf_buf b; /* bytes not yet given to the sink; owned */
    rdf_sink_fn sink;
    void *ctx;
    int failed;   /* out of memory, bad UTF-8 or the sink failed */
    int bad_utf8; /* the failure was invalid UTF-8 in a string */
    int depth;
    int after_key; /* the next value follows "key": on the same line */
    unsigned char first[EMIT_MAX_DEPTH + 1];
};

static void e_add(struct emit *e, const char *s, size_t n)
{
    if (e->failed)
        return;
    if (rdf_buf_add(&e->b, s, n)) {
        e->failed = 1;
        return;
    }
    if (e->b.len >= OUT_BLOCK) {
        if (e->sink(e->ctx, e->b.p, e->b.len))
            e->failed = 1;
        e->b.len = 0;
    }
}

static int e_flush(struct emit *e)
{
    if (!e->failed && e->b.len && e->sink(e->ctx, e->b.p, e->b.len))
        e->failed = 1;
    e->b.len = 0;
    return e->failed ? -1 : 0;
}

static void e_newline(struct emit *e, int depth)
{
    static const char spaces[] = "                                                                ";
    size_t want = 2 * (size_t)depth;

    e_add(e, "\n", 1);
    while (want > 0) {
        size_t n = want < sizeof spaces - 1 ? want : sizeof spaces - 1;
        e_add(e, spaces, n);
        want -= n;
    }
}

static void e_sep(struct emit *e)
{
    if (e->after_key) {
        e->after_key = 0;
        return;
    }
    if (e->depth == 0)
        return;
    if (!e->first[e->depth])
        e_add(e, ",", 1);
    e->first[e->depth] = 0;
    e_newline(e, e->depth);
}

static void e_open(struct emit *e, char c)
{
    e_sep(e);
    e_add(e, &c, 1);
    if (e->depth >= EMIT_MAX_DEPTH) {
        e->failed = 1;
        return;
    }
    e->depth++;
    e->first[e->depth] = 1;
}

static void e_close(struct emit *e, char c)
{
    int empty = e->first[e->depth];
    if (e->depth > 0)
        e->depth--;
    if (!empty)
        e_newline(e, e->depth);
    e_add(e, &c, 1);
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid
 * (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

/* A JSON string: '"', '\\' and control characters escaped (RFC 8259
 * section 7), everything else kept as UTF-8. Invalid UTF-8 fails the output
 * rather than writing something that is not JSON. */
static void e_strn2(struct emit *e, const char *pre, size_t plen, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;

    e_sep(e);
    e_add(e, "\"", 1);
    if (plen)
        e_add(e, pre, plen);
    while (i < n) {
        unsigned char c = u[i];
        const char *esc = NULL;
        char ubuf[6];
        size_t l;

        if (c >= 0x20 && c != '"' && c != '\\') {
            l = utf8_len(u + i, n - i);
            if (!l) {
                e->failed = e->bad_utf8 = 1;
                return;
            }
            i += l;
            continue;
        }
        e_add(e, s + run, i - run);
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            memcpy(ubuf, "\\u00", 4);
            ubuf[4] = hex[c >> 4];
            ubuf[5] = hex[c & 15];
            e_add(e, ubuf, 6);
            break;
        }
        if (esc)
            e_add(e, esc, 2);
        i++;
        run = i;
    }
    e_add(e, s + run, n - run);
    e_add(e, "\"", 1);
}

static void e_strn(struct emit *e, const char *s, size_t n)
{
    e_strn2(e, NULL, 0, s, n);
}

static void e_str(struct emit *e, const char *s)
{
    e_strn(e, s, strlen(s));
}

static void e_key(struct emit *e, const char *k)
{
    e_str(e, k);
    e_add(e, ": ", 2);
    e->after_key = 1;
}

static void e_raw(struct emit *e, const char *s, size_t n)
{
    e_sep(e);
    e_add(e, s, n);
}

/* ---- compact JSON text of a json tree (for @json values and contexts) -- */

static int key_cmp(const void *a, const void *b)
{
    const struct json_member *x = *(const struct json_member *const *)a;
    const struct json_member *y = *(const struct json_member *const *)b;
    size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* Appends v to e's buffer without whitespace; sorted: object members in
 * key order (the canonical form of RFC 8785 for our purposes). */
static void json_text(struct emit *e, const struct json *v, int sorted)
{
    switch (v->type) {
    case JSON_NULL:
        e_add(e, "null", 4);
        break;
    case JSON_FALSE:
        e_add(e, "false", 5);
        break;
    case JSON_TRUE:
        e_add(e, "true", 4);
        break;
    case JSON_NUMBER:
        e_add(e, v->u.str, v->n);
        break;
    case JSON_STRING: {
        int d = e->depth, ak = e->after_key;
        e->depth = 0;
        e->after_key = 0;
        e_strn(e, v->u.str, v->n);
        e->depth = d;
        e->after_key = ak;
        break;
    }
    case JSON_ARRAY:
        e_add(e, "[", 1);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                e_add(e, ",", 1);
            json_text(e, v->u.items[i], sorted);
        }
        e_add(e, "]", 1);
        break;
    case JSON_OBJECT: {
        const struct json_member **m = malloc((v->n ? v->n : 1) * sizeof *m);
        if (!m) {
            e->failed = 1;
            return;
        }
        for (size_t i = 0; i < v->n; i++)
            m[i] = &v->u.members[i];
        if (sorted)
            qsort(m, v->n, sizeof *m, key_cmp);
        e_add(e, "{", 1);
        for (size_t i = 0; i < v->n; i++) {
            struct json s = {.type = JSON_STRING, .n = m[i]->keylen, .u.str = m[i]->key};
            if (i)
                e_add(e, ",", 1);
            json_text(e, &s, sorted);
            e_add(e, ":", 1);
            json_text(e, m[i]->val, sorted);
        }
        e_add(e, "}", 1);
        free(m);
        break;
    }
    }
}

/* The ECMAScript Number::toString form of d (RFC 8785 section 3.2.2.3):
 * shortest round-tripping digits, exponent form below 1e-6 and from 1e21. */
static void es_number(double d, char *out, size_t outlen)
{
    char tmp[40], digits[20];
    int k = 0, e = 0, n;
    size_t o = 0;

    if (d == 0) {
        snprintf(out, outlen, "0");
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    /* tmp: [-]D[.DDD]e[+-]XX */
    for (const char *c = tmp; *c && *c != 'e'; c++)
        if (*c >= '0' && *c <= '9' && k < (int)sizeof digits - 1)
            digits[k++] = *c;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    e = atoi(strchr(tmp, 'e') + 1);
    n = e + 1;
    /* out needs at most 1 + 21 + 1 + 17 + 6 bytes: 64 is plenty */
    if (outlen < 64) {
        out[0] = '\0';
        return;
    }
    if (d < 0)
        out[o++] = '-';
    if (k <= n && n <= 21) {
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
        for (int i = k; i < n; i++)
            out[o++] = '0';
    } else if (0 < n && n <= 21) {
        memcpy(out + o, digits, (size_t)n);
        o += (size_t)n;
        out[o++] = '.';
        memcpy(out + o, digits + n, (size_t)(k - n));
        o += (size_t)(k - n);
    } else if (-6 < n && n <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -n; i++)
            out[o++] = '0';
        memcpy(out + o, digits, (size_t)k);
        o += (size_t)k;
    } else {
        out[o++] = digits[0];
        if (k > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, (size_t)(k - 1));
            o += (size_t)(k - 1);
        }
        out[o++] = 'e';
        out[o++] = n - 1 < 0 ? '-' : '+';
        o += (size_t)snprintf(out + o, outlen - o, "%d", abs(n - 1));
    }
    out[o] = '\0';
}

/* 1 if every number in v is written in its canonical (RFC 8785) form, so
 * that the reader's canonicalisation gives back the same text. */
static int json_numbers_canonical(const struct json *v)
{
    switch (v->type) {
    case JSON_NUMBER: {
        char lex[40], canon[64];
        double d;
        if (v->n >= sizeof lex)
            return 0;
        memcpy(lex, v->u.str, v->n);
        lex[v->n] = '\0';
        d = strtod(lex, NULL);
        if (d != d || d - d != 0) /* NaN or infinite */
            return 0;
        es_number(d, canon, sizeof canon);
        return strcmp(lex, canon) == 0;
    }
    case JSON_ARRAY:
        for (size_t i = 0; i < v->n; i++)
            if (!json_numbers_canonical(v->u.items[i]))
                return 0;
        return 1;
    case JSON_OBJECT:
        for (size_t i = 0; i < v->n; i++)
            if (!json_numbers_canonical(v->u.members[i].val))
                return 0;
        return 1;
    default:
        return 1;
    }
}

/* ---- the writer --------------------------------------------------------- */

enum tdef_type { TT_NONE = 0, TT_ID, TT_VOCAB, TT_JSON, TT_DT };
enum tdef_container { TC_NONE = 0, TC_SET, TC_LIST, TC_LANG, TC_OTHER };

/* A term definition of the output context, as far as compaction needs it. */
struct tdef {
    const char *name; /* arena */
    struct json *raw; /* its definition (arena) */
    const char *iri;  /* expanded IRI mapping (arena), NULL: none / null / unknown */
    size_t iri_len;
    int keyword;   /* 1: alias of @id, 2: alias of @type, 3: other keyword */
    int usable;    /* may be chosen as a property key */
    int prefix;    /* may be used as the prefix of a compact IRI */
    int resolving; /* cycle guard while expanding */
    int resolved;
    enum tdef_type type;
    const char *type_iri; /* TT_DT: datatype IRI */
    int lang_set;         /* @language given (lang may be NULL: null) */
    const char *lang;
    enum tdef_container container;
};

struct bnode_info {
    const char *label; /* shared with the quads */
    size_t len;
    size_t nref;  /* uses as an object, over all graphs */
    size_t ref;   /* the quad of the last such use */
    size_t nsubj; /* subject blocks (one per graph it is a subject in) */
    size_t sub_start, sub_end;
    int is_graph; /* names a graph */
    int removed;  /* became part of an @list */
};

struct jlist {
    size_t n;
    size_t *items; /* quads whose objects are the items (arena) */
};

struct jsonld_writer {
    struct emit e;
    struct json_arena *arena; /* copies of the quads' strings, context tree; owned */
    struct term_quad *q;      /* owned array */
    size_t n, cap;
    enum jsonld_form form;
    const char *context_url; /* arena */
    struct json *context;    /* the context value (arena), NULL: none */
    struct tdef *terms;      /* owned array */
    size_t nterms;
    size_t *by_iri; /* indices of usable terms sorted by IRI (owned) */
    size_t nby_iri;
    const char *vocab;    /* @vocab (arena) */
    int default_lang_set; /* @language or @direction in the context */
    const char *alias_id, *alias_type;
    /* finish-time state */
    struct bnode_info *bn; /* hash table (owned) */
    size_t bn_cap;
    struct jlist **list_of;     /* per quad: the @list replacing its object (owned array) */
    unsigned char *is_type;     /* per quad: rdf:type with a node object -> @type (owned) */
    struct rdf_buf tmp;         /* scratch for compact IRIs */
    struct json_arena *scratch; /* for parsing rdf:JSON literals (owned) */
    int inline_node;            /* the next node's members go into the open object */
    int failed;
    struct error first;
};

static void jw_fail(struct jsonld_writer *w, const char *msg)
{
    if (w->failed)
        return;
    w->failed = 1;
    error_set(&w->first, "%s", msg);
}

void jsonld_writer_free(struct jsonld_writer *w)
{
    if (!w)
        return;
    json_arena_free(w->arena);
    json_arena_free(w->scratch);
    free(w->q);
    free(w->terms);
    free(w->by_iri);
    free(w->bn);
    free(w->list_of);
    free(w->is_type);
    rdf_buf_free(&w->tmp);
    rdf_buf_free(&w->e.b);
    free(w);
}

const char *jsonld_form_profile(enum jsonld_form form)
{
    switch (form) {
    case JSONLD_FORM_COMPACTED:
        return "http://www.w3.org/ns/json-ld#compacted";
    case JSONLD_FORM_FLATTENED:
        return "http://www.w3.org/ns/json-ld#flattened";
    case JSONLD_FORM_EXPANDED:
    default:
        return "http://www.w3.org/ns/json-ld#expanded";
    }
}

int jsonld_form_from_profile(const char *profile)
{
    for (int f = JSONLD_FORM_EXPANDED; f <= JSONLD_FORM_FLATTENED; f++)
        if (profile && strcmp(profile, jsonld_form_profile((enum jsonld_form)f)) == 0)
            return f;
    return -1;
}

/* ---- context ------------------------------------------------------------ */

static struct tdef *term_find(struct jsonld_writer *w, const char *name, size_t len)
{
    for (size_t i = 0; i < w->nterms; i++)
        if (strlen(w->terms[i].name) == len && memcmp(w->terms[i].name, name, len) == 0)
            return &w->terms[i];
    return NULL;
}

static int is_gen_delim(char c)
{
    return c && strchr(":/?#[]@", c) != NULL;
}

static const char *ctx_expand(struct jsonld_writer *w, const char *v, int depth);

static void term_resolve(struct jsonld_writer *w, struct tdef *t, int depth)
{
    const struct json *d = t->raw, *id = NULL;

    if (t->resolved || t->resolving || depth > 32)
        return;
    t->resolving = 1;
    if (d->type == JSON_STRING)
        id = d;
    else if (d->type == JSON_OBJECT)
        id = json_get(d, "@id");
    if (d->type == JSON_NULL || (id && id->type == JSON_NULL)) {
        t->iri = NULL;
    } else if (id && id->type == JSON_STRING && id->u.str[0] == '@') {
        t->keyword = strcmp(id->u.str, "@id") == 0 ? 1 : strcmp(id->u.str, "@type") == 0 ? 2 : 3;
    } else if (id && id->type == JSON_STRING) {
        t->iri = ctx_expand(w, id->u.str, depth + 1);
    } else if (!id && strchr(t->name, ':')) {
        t->iri = ctx_expand(w, t->name, depth + 1);
    } else if (!id && w->vocab) {
        t->iri = ctx_expand(w, t->name, depth + 1);
    }
    t->resolving = 0;
    t->resolved = 1;
}

/* Expands a context value the way the JSON-LD reader does with vocab on:
 * a term, a compact IRI, an absolute IRI or a @vocab-relative one. Returns
 * an arena string, or NULL if it cannot be known here. */
static const char *ctx_expand(struct jsonld_writer *w, const char *v, int depth)
{
    const char *colon = strchr(v, ':');
    struct tdef *t;
    size_t n;
    char *r;

    if (depth > 32)
        return NULL;
    t = term_find(w, v, strlen(v));
    if (t && !(t->resolving)) {
        term_resolve(w, t, depth + 1);
        if (t->keyword)
            return NULL;
        return t->iri;
    }
    if (colon) {
        size_t plen = (size_t)(colon - v);
        if (plen == 1 && v[0] == '_')
            return v;
        if (colon[1] == '/' && colon[2] == '/')
            return v;
        t = term_find(w, v, plen);
        if (t) {
            term_resolve(w, t, depth + 1);
            if (!t->iri || !t->prefix)
                return NULL;
            n = strlen(t->iri);
            r = json_arena_alloc(w->arena, n + strlen(colon + 1) + 1);
            if (!r)
                return NULL;
            memcpy(r, t->iri, n);
            strcpy(r + n, colon + 1);
            return r;
        }
        return v;
    }
    if (w->vocab) {
        n = strlen(w->vocab);
        r = json_arena_alloc(w->arena, n + strlen(v) + 1);
        if (!r)
            return NULL;
        memcpy(r, w->vocab, n);
        strcpy(r + n, v);
        return r;
    }
    return NULL;
}

static int by_iri_cmp(const void *a, const void *b, void *arg)
{
    const struct tdef *t = arg;
    const struct tdef *x = &t[*(const size_t *)a], *y = &t[*(const size_t *)b];
    int c = strcmp(x->iri, y->iri);
    return c ? c : strcmp(x->name, y->name);
}

static int context_load(struct jsonld_writer *w, const char *json, struct error *err)
{
    struct json *doc, *c;
    const struct json *objs[64];
    size_t nobjs = 0, nterms = 0;

    doc = json_parse(w->arena, json, strlen(json), "context", err);
    if (!doc)
        return -1;
    c = doc->type == JSON_OBJECT && json_get(doc, "@context") ? json_get(doc, "@context") : doc;
    w->context = c;
    if (c->type == JSON_ARRAY) {
        for (size_t i = 0; i < c->n; i++) {
            if (c->u.items[i]->type == JSON_NULL)
                continue;
            if (c->u.items[i]->type != JSON_OBJECT || nobjs == 64)
                goto unsupported;
            objs[nobjs++] = c->u.items[i];
        }
    } else if (c->type == JSON_OBJECT) {
        objs[nobjs++] = c;
    } else if (c->type != JSON_NULL) {
        goto unsupported;
    }
    for (size_t i = 0; i < nobjs; i++)
        nterms += objs[i]->n;
    w->terms = calloc(nterms ? nterms : 1, sizeof *w->terms);
    w->by_iri = calloc(nterms ? nterms : 1, sizeof *w->by_iri);
    if (!w->terms || !w->by_iri) {
        error_set(err, "out of memory");
        return -1;
    }
    /* Later definitions of a term replace earlier ones, as in the reader. */
    for (size_t i = 0; i < nobjs; i++) {
        for (size_t k = 0; k < objs[i]->n; k++) {
            const struct json_member *m = &objs[i]->u.members[k];
            struct tdef *t;
            if (strcmp(m->key, "@vocab") == 0) {
                w->vocab = m->val->type == JSON_STRING ? m->val->u.str : NULL;
                continue;
            }
            if (strcmp(m->key, "@language") == 0 || strcmp(m->key, "@direction") == 0) {
                w->default_lang_set = m->val->type != JSON_NULL;
                continue;
            }
            if (strcmp(m->key, "@import") == 0)
                goto unsupported;
            if (m->key[0] == '@')
                continue;
            if (m->keylen != strlen(m->key))
                goto unsupported;
            t = term_find(w, m->key, m->keylen);
            if (!t)
                t = &w->terms[w->nterms++];
            memset(t, 0, sizeof *t);
            t->name = m->key;
            t->raw = m->val;
        }
    }
    /* Compact-IRI use needs the prefix flags before any expansion. */
    for (size_t i = 0; i < w->nterms; i++) {
        struct tdef *t = &w->terms[i];
        const struct json *pf = t->raw->type == JSON_OBJECT ? json_get(t->raw, "@prefix") : NULL;
        const struct json *id = t->raw->type == JSON_OBJECT ? json_get(t->raw, "@id") : t->raw;
        if (strchr(t->name, ':') || strchr(t->name, '/'))
            continue;
        if (pf)
            t->prefix = pf->type == JSON_TRUE;
        else if (id && id->type == JSON_STRING && id->n)
            t->prefix = t->raw->type == JSON_STRING && is_gen_delim(id->u.str[id->n - 1]);
    }
    for (size_t i = 0; i < w->nterms; i++) {
        struct tdef *t = &w->terms[i];
        const struct json *d = t->raw, *v;
        term_resolve(w, t, 0);
        t->iri_len = t->iri ? strlen(t->iri) : 0;
        if (t->keyword == 1 && !w->alias_id)
            w->alias_id = t->name;
        if (t->keyword == 2 && !w->alias_type)
            w->alias_type = t->name;
        if (!t->iri || t->keyword)
            continue;
        t->usable = 1;
        if (d->type != JSON_OBJECT)
            continue;
        if (json_get(d, "@reverse") || json_get(d, "@context") || json_get(d, "@nest") ||
            json_get(d, "@direction") || json_get(d, "@index"))
            t->usable = 0;
        if ((v = json_get(d, "@type"))) {
            if (v->type != JSON_STRING)
                t->usable = 0;
            else if (strcmp(v->u.str, "@id") == 0)
                t->type = TT_ID;
            else if (strcmp(v->u.str, "@vocab") == 0)
                t->type = TT_VOCAB;
            else if (strcmp(v->u.str, "@json") == 0)
                t->type = TT_JSON;
            else if (strcmp(v->u.str, "@none") == 0)
                t->type = TT_NONE;
            else if (!(t->type_iri = ctx_expand(w, v->u.str, 0)))
                t->usable = 0;
            else
                t->type = TT_DT;
        }
        if ((v = json_get(d, "@language"))) {
            t->lang_set = 1;
            if (v->type == JSON_STRING)
                t->lang = v->u.str;
            else if (v->type != JSON_NULL)
                t->usable = 0;
        }
        if ((v = json_get(d, "@container"))) {
            const struct json *cv = v;
            if (v->type == JSON_ARRAY && v->n == 1)
                cv = v->u.items[0];
            if (cv->type != JSON_STRING)
                t->container = TC_OTHER;
            else if (strcmp(cv->u.str, "@set") == 0)
                t->container = TC_SET;
            else if (strcmp(cv->u.str, "@list") == 0)
                t->container = TC_LIST;
            else if (strcmp(cv->u.str, "@language") == 0)
                t->container = TC_LANG;
            else
                t->container = TC_OTHER;
            if (t->container == TC_OTHER || (t->container == TC_LANG && t->type != TT_NONE))
                t->usable = 0;
        }
    }
    for (size_t i = 0; i < w->nterms; i++)
        if (w->terms[i].usable)
            w->by_iri[w->nby_iri++] = i;
    qsort_r(w->by_iri, w->nby_iri, sizeof *w->by_iri, by_iri_cmp, w->terms);
    return 0;
unsupported:
    error_set(err, "JSON-LD context not supported for writing (remote or imported contexts, "
                   "or a context that is not an object)");
    return -1;
}

struct jsonld_writer *jsonld_writer_create(rdf_sink_fn sink, void *ctx, const char *context_json,
                                           const char *context_url, enum jsonld_form form,
                                           struct error *err)
{
    struct jsonld_writer *w = calloc(1, sizeof *w);

    error_clear(err);
    if (!w) {
        error_set(err, "out of memory");
        return NULL;
    }
    w->e.sink = sink;
    w->e.ctx = ctx;
    w->form = form;
    w->arena = json_arena_new();
    w->scratch = json_arena_new();
    if (!w->arena || !w->scratch) {
        error_set(err, "out of memory");
        goto fail;
    }
    if (context_url &&
        !(w->context_url = json_arena_strndup(w->arena, context_url, strlen(context_url)))) {
        error_set(err, "out of memory");
        goto fail;
    }
    if (context_json && context_load(w, context_json, err))
        goto fail;
    return w;
fail:
    jsonld_writer_free(w);
    return NULL;
}

struct rdf_writer *jsonld_writer_new(rdf_sink_fn sink, void *ctx, const char *context_json,
                                     const char *context_url, enum jsonld_form form,
                                     struct error *err)
{
    struct jsonld_writer *w = jsonld_writer_create(sink, ctx, context_json, context_url, form, err);
    return w ? rdf_writer_from_jsonld(w, err) : NULL;
}

/* ---- gathering ---------------------------------------------------------- */

static int copy_term(struct jsonld_writer *w, struct term *dst, const struct term *src)
{
    *dst = *src;
    if (src->kind == TERM_NONE)
        return 0;
    if (!(dst->value = json_arena_strndup(w->arena, src->value ? src->value : "", src->len)))
        return -1;
    if (src->lang && !(dst->lang = json_arena_strndup(w->arena, src->lang, strlen(src->lang))))
        return -1;
    if (src->datatype &&
        !(dst->datatype = json_arena_strndup(w->arena, src->datatype, strlen(src->datatype))))
        return -1;
    if (dst->lang)
        dst->datatype = NULL;
    else if (dst->datatype && strcmp(dst->datatype, XSD_NS "string") == 0)
        dst->datatype = NULL;
    return 0;
}

int jsonld_writer_add(struct jsonld_writer *w, const struct term_quad *q, struct error *err)
{
    struct term_quad *c;

    if (w->failed) {
        error_set(err, "%s", w->first.msg);
        return -1;
    }
    if ((q->s.kind != TERM_IRI && q->s.kind != TERM_BLANK) || q->p.kind != TERM_IRI ||
        (q->o.kind != TERM_IRI && q->o.kind != TERM_BLANK && q->o.kind != TERM_LITERAL) ||
        (q->g.kind != TERM_NONE && q->g.kind != TERM_IRI && q->g.kind != TERM_BLANK)) {
        error_set(err, "cannot write a quad with a literal or missing subject, a non-IRI "
                       "predicate or a literal graph as JSON-LD");
        return -1;
    }
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 256;
        struct term_quad *nq = realloc(w->q, cap * sizeof *nq);
        if (!nq)
            goto oom;
        w->q = nq;
        w->cap = cap;
    }
    c = &w->q[w->n];
    if (copy_term(w, &c->s, &q->s) || copy_term(w, &c->p, &q->p) || copy_term(w, &c->o, &q->o) ||
        copy_term(w, &c->g, &q->g))
        goto oom;
    w->n++;
    return 0;
oom:
    jw_fail(w, "out of memory");
    error_set(err, "out of memory");
    return -1;
}

/* ---- ordering ----------------------------------------------------------- */

/* Order of node identifiers as written: blank nodes as "_:label". */
static int id_cmp(const struct term *a, const struct term *b)
{
    size_t pa = a->kind == TERM_BLANK ? 2 : 0, pb = b->kind == TERM_BLANK ? 2 : 0;
    size_t la = pa + a->len, lb = pb + b->len;

    if (pa == pb) { /* the common case: one memcmp */
        size_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->value, b->value, n) : 0;
        return c ? c : (a->len > b->len) - (a->len < b->len);
    }

    for (size_t i = 0; i < la && i < lb; i++) {
        unsigned char ca = (unsigned char)(i < pa ? "_:"[i] : a->value[i - pa]);
        unsigned char cb = (unsigned char)(i < pb ? "_:"[i] : b->value[i - pb]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return (la > lb) - (la < lb);
}

static int str_cmp0(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int graph_cmp(const struct term *a, const struct term *b)
{
    if (a->kind == TERM_NONE || b->kind == TERM_NONE)
        return (a->kind != TERM_NONE) - (b->kind != TERM_NONE);
    return id_cmp(a, b);
}

static int object_cmp(const struct term *a, const struct term *b)
{
    int la = a->kind == TERM_LITERAL, lb = b->kind == TERM_LITERAL, c;
    size_t n;

    if (la != lb)
        return la - lb;
    if (!la)
        return id_cmp(a, b);
    n = a->len < b->len ? a->len : b->len;
    c = memcmp(a->value, b->value, n);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    c = str_cmp0(a->datatype, b->datatype);
    return c ? c : str_cmp0(a->lang, b->lang);
}

static int quad_cmp(const void *x, const void *y)
{
    const struct term_quad *a = x, *b = y;
    int c = graph_cmp(&a->g, &b->g);
    if (!c)
        c = id_cmp(&a->s, &b->s);
    if (!c)
        c = id_cmp(&a->p, &b->p);
    if (!c)
        c = object_cmp(&a->o, &b->o);
    return c;
}

static int same_id(const struct term *a, const struct term *b)
{
    return a->kind == b->kind && a->len == b->len &&
           (a->len == 0 || memcmp(a->value, b->value, a->len) == 0);
}

static int is_iri(const struct term *t, const char *iri)
{
    return t->kind == TERM_IRI && t->len == strlen(iri) && memcmp(t->value, iri, t->len) == 0;
}

/* ---- blank node table --------------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static struct bnode_info *bn_get(struct jsonld_writer *w, const struct term *t, int create)
{
    size_t i = (size_t)hash_bytes(t->value, t->len) & (w->bn_cap - 1);

    for (;;) {
        struct bnode_info *b = &w->bn[i];
        if (!b->label) {
            if (!create)
                return NULL;
            b->label = t->value;
            b->len = t->len;
            return b;
        }
        if (b->len == t->len && memcmp(b->label, t->value, t->len) == 0)
            return b;
        i = (i + 1) & (w->bn_cap - 1);
    }
}

static int bn_build(struct jsonld_writer *w)
{
    size_t cap = 16, uses = 0;

    /* At most one entry per blank term occurrence; load factor <= 1/2. */
    for (size_t i = 0; i < w->n; i++)
        uses += (w->q[i].s.kind == TERM_BLANK) + (w->q[i].o.kind == TERM_BLANK) +
                (w->q[i].g.kind == TERM_BLANK);
    while (cap < 2 * uses + 1)
        cap *= 2;
    w->bn = calloc(cap, sizeof *w->bn);
    if (!w->bn)
        return -1;
    w->bn_cap = cap;
    for (size_t i = 0; i < w->n; i++) {
        const struct term_quad *q = &w->q[i];
        struct bnode_info *b;
        if (q->o.kind == TERM_BLANK) {
            b = bn_get(w, &q->o, 1);
            b->nref++;
            b->ref = i;
        }
        if (q->g.kind == TERM_BLANK)
            bn_get(w, &q->g, 1)->is_graph = 1;
        if (q->s.kind == TERM_BLANK) {
            /* Quads are sorted by graph then subject: a new block starts
             * where the previous one did not end just before, or is in
             * another graph (the last subject of one graph can be the
             * first of the next). */
            b = bn_get(w, &q->s, 1);
            if (b->nsubj == 0 || b->sub_end != i || graph_cmp(&w->q[b->sub_start].g, &q->g)) {
                b->nsubj++;
                b->sub_start = i;
            }
            b->sub_end = i + 1;
        }
    }
    return 0;
}

/* A list cell that can be folded into an @list: a blank node used once as
 * an object, in the graph it is described in, described by exactly one
 * rdf:first and one rdf:rest (JSON-LD 1.1 API 8.4.2 step 6.4.3, except
 * that a cell typed rdf:List stays a node: folding it would lose the type
 * triple). */
static struct bnode_info *list_cell(struct jsonld_writer *w, const struct term *node,
                                    const struct term *graph)
{
    struct bnode_info *b;
    size_t nfirst = 0, nrest = 0;

    if (node->kind != TERM_BLANK || !(b = bn_get(w, node, 0)))
        return NULL;
    if (b->nref != 1 || b->nsubj != 1 || b->is_graph || b->removed)
        return NULL;
    if (graph_cmp(&w->q[b->ref].g, graph) != 0 || graph_cmp(&w->q[b->sub_start].g, graph) != 0)
        return NULL;
    for (size_t i = b->sub_start; i < b->sub_end; i++) {
        const struct term_quad *q = &w->q[i];
        if (is_iri(&q->p, RDF_FIRST))
            nfirst++;
        else if (is_iri(&q->p, RDF_REST))
            nrest++;
        else
            return NULL; /* also rdf:type rdf:List: @list would drop it */
    }
    return nfirst == 1 && nrest == 1 ? b : NULL;
}

static size_t cell_quad(struct jsonld_writer *w, const struct bnode_info *b, const char *p)
{
    for (size_t i = b->sub_start; i < b->sub_end; i++)
        if (is_iri(&w->q[i].p, p))
            return i;
    return b->sub_start;
}

/* Folds rdf:first/rest chains into @list values, walking back from each use
 * of rdf:nil (JSON-LD 1.1 API 8.4.2 step 6.4). */
static int lists_build(struct jsonld_writer *w)
{
    size_t *items = NULL, *cells = NULL; /* work arrays (owned) */
    int rc = -1;

    w->list_of = calloc(w->n ? w->n : 1, sizeof *w->list_of);
    items = malloc((w->n ? w->n : 1) * sizeof *items);
    cells = malloc((w->n ? w->n : 1) * sizeof *cells);
    if (!w->list_of || !items || !cells)
        goto out;
    for (size_t i = 0; i < w->n; i++) {
        const struct term_quad *u = &w->q[i];
        const struct term *node = &u->s, *prop = &u->p;
        size_t head = i, n = 0;
        struct bnode_info *b;
        struct jlist *l;

        if (!is_iri(&u->o, RDF_NIL))
            continue;
        if (u->s.kind == TERM_BLANK && (b = bn_get(w, &u->s, 0)) && b->removed)
            continue;
        while (is_iri(prop, RDF_REST) && (b = list_cell(w, node, &u->g))) {
            items[n] = cell_quad(w, b, RDF_FIRST);
            cells[n++] = (size_t)(b - w->bn);
            head = b->ref;
            node = &w->q[head].s;
            prop = &w->q[head].p;
        }
        /* JSON-LD 1.1 has lists of lists: a chain that is the rdf:first of
         * another cell becomes a nested @list, rdf:nil an empty one. */
        l = json_arena_alloc(w->arena, sizeof *l);
        if (!l || (n && !(l->items = json_arena_alloc(w->arena, n * sizeof *l->items))))
            goto out;
        l->n = n;
        for (size_t k = 0; k < n; k++) {
            l->items[k] = items[n - 1 - k];
            w->bn[cells[k]].removed = 1;
        }
        w->list_of[head] = l;
    }
    rc = 0;
out:
    free(items);
    free(cells);
    return rc;
}

/* ---- compaction helpers ------------------------------------------------- */

static int compacting(const struct jsonld_writer *w)
{
    return w->form != JSONLD_FORM_EXPANDED;
}

static const char *kw_id(const struct jsonld_writer *w)
{
    return compacting(w) && w->alias_id ? w->alias_id : "@id";
}

static const char *kw_type(const struct jsonld_writer *w)
{
    return compacting(w) && w->alias_type ? w->alias_type : "@type";
}

/* Writes iri as a JSON string, compacted when compacting: with use_terms a
 * term whose IRI mapping is iri (for @type values and @vocab-coerced
 * values); otherwise a compact IRI prefix:suffix whose prefix is a prefix
 * term, when it does not read as another term; else the IRI itself. */
static void write_iri(struct jsonld_writer *w, const struct term *t, int use_terms)
{
    const struct tdef *best = NULL;
    size_t best_len = 0, n;

    if (t->kind == TERM_BLANK) {
        e_strn2(&w->e, "_:", 2, t->value, t->len);
        return;
    }
    if (!compacting(w) || !w->nterms) {
        e_strn(&w->e, t->value, t->len);
        return;
    }
    if (use_terms) {
        for (size_t i = 0; i < w->nterms; i++) {
            const struct tdef *d = &w->terms[i];
            if (d->iri && !d->keyword && d->iri_len == t->len &&
                memcmp(d->iri, t->value, t->len) == 0 && (!best || strcmp(d->name, best->name) < 0))
                best = d;
        }
        if (best) {
            e_str(&w->e, best->name);
            return;
        }
    }
    for (size_t i = 0; i < w->nterms; i++) {
        const struct tdef *d = &w->terms[i];
        if (!d->prefix || !d->iri || d->keyword)
            continue;
        n = d->iri_len;
        if (n == 0 || n >= t->len || n < best_len || memcmp(d->iri, t->value, n) != 0)
            continue;
        if (t->value[n] == '/' && n + 1 < t->len && t->value[n + 1] == '/')
            continue;
        if (!best || n > best_len || (n == best_len && strcmp(d->name, best->name) < 0)) {
            /* "prefix:suffix" must not be a term of its own. */
            w->tmp.len = 0;
            if (rdf_buf_adds(&w->tmp, d->name) || rdf_buf_add(&w->tmp, ":", 1) ||
                rdf_buf_add(&w->tmp, t->value + n, t->len - n)) {
                w->e.failed = 1;
                return;
            }
            if (term_find(w, w->tmp.p, w->tmp.len))
                continue;
            best = d;
            best_len = n;
        }
    }
    if (best) {
        size_t plen = strlen(best->name);
        w->tmp.len = 0;
        if (rdf_buf_add(&w->tmp, best->name, plen) || rdf_buf_add(&w->tmp, ":", 1)) {
            w->e.failed = 1;
            return;
        }
        e_strn2(&w->e, w->tmp.p, w->tmp.len, t->value + best_len, t->len - best_len);
        return;
    }
    e_strn(&w->e, t->value, t->len);
}

/* The rdf:JSON literal as canonical JSON text in tmp, or -1 if it is not
 * JSON whose canonical form is the literal itself (then it is written as
 * a typed value so that nothing changes). */
static int json_literal(struct jsonld_writer *w, const struct term *o)
{
    struct json_arena_mark m;
    struct error perr;
    struct json *v;
    struct emit e = {0};
    int rc = -1;

    json_arena_mark(w->scratch, &m);
    v = json_parse(w->scratch, o->value, o->len, "literal", &perr);
    if (v && json_numbers_canonical(v)) {
        e.b = w->tmp;
        e.b.len = 0;
        json_text(&e, v, 1);
        w->tmp = e.b;
        if (!e.failed && w->tmp.len == o->len && memcmp(w->tmp.p, o->value, o->len) == 0)
            rc = 0;
    }
    json_arena_release(w->scratch, &m);
    return rc;
}

/* Effective definition for values under a property key. */
struct keydef {
    enum tdef_type type;
    const char *type_iri;
    int lang_set;
    const char *lang;
    enum tdef_container container;
};

static int lang_eq(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

/* 1 if the value of quad i is written as a bare string under d. */
static int value_bare(struct jsonld_writer *w, size_t i, const struct keydef *d)
{
    const struct term *o = &w->q[i].o;

    if (w->list_of[i])
        return 0;
    if (o->kind != TERM_LITERAL)
        return d->type == TT_ID;
    if (o->datatype)
        return d->type == TT_DT && strcmp(d->type_iri, o->datatype) == 0;
    if (d->type != TT_NONE)
        return 0;
    if (o->lang)
        return d->lang_set ? lang_eq(d->lang, o->lang) : 0;
    return d->lang_set ? d->lang == NULL : !w->default_lang_set;
}

static void write_value(struct jsonld_writer *w, size_t i, const struct keydef *d, int in_list);

static void write_list(struct jsonld_writer *w, const struct jlist *l, const struct keydef *d)
{
    e_open(&w->e, '[');
    for (size_t k = 0; k < l->n; k++)
        write_value(w, l->items[k], d, 1);
    e_close(&w->e, ']');
}

static void write_value(struct jsonld_writer *w, size_t i, const struct keydef *d, int in_list)
{
    const struct term *o = &w->q[i].o;
    int cmp = compacting(w);

    if (w->list_of[i]) {
        if (cmp && d->container == TC_LIST && !in_list) {
            write_list(w, w->list_of[i], d);
            return;
        }
        e_open(&w->e, '{');
        e_key(&w->e, "@list");
        write_list(w, w->list_of[i], d);
        e_close(&w->e, '}');
        return;
    }
    if (cmp && value_bare(w, i, d)) {
        if (o->kind == TERM_LITERAL)
            e_strn(&w->e, o->value, o->len);
        else
            write_iri(w, o, 0);
        return;
    }
    if (o->kind != TERM_LITERAL) {
        e_open(&w->e, '{');
        e_key(&w->e, kw_id(w));
        write_iri(w, o, 0);
        e_close(&w->e, '}');
        return;
    }
    if (o->datatype && strcmp(o->datatype, RDF_JSON) == 0 && json_literal(w, o) == 0) {
        if (cmp && d->type == TT_JSON) {
            e_raw(&w->e, w->tmp.p, w->tmp.len);
            return;
        }
        e_open(&w->e, '{');
        e_key(&w->e, "@value");
        e_raw(&w->e, w->tmp.p, w->tmp.len);
        e_key(&w->e, kw_type(w));
        e_str(&w->e, "@json");
        e_close(&w->e, '}');
        return;
    }
    e_open(&w->e, '{');
    e_key(&w->e, "@value");
    e_strn(&w->e, o->value, o->len);
    if (o->lang) {
        e_key(&w->e, "@language");
        e_str(&w->e, o->lang);
    } else if (o->datatype) {
        struct term dt = term_iri(o->datatype);
        dt.len = strlen(o->datatype);
        e_key(&w->e, kw_type(w));
        write_iri(w, &dt, 1);
    }
    e_close(&w->e, '}');
}

static int lang_item_cmp(const void *a, const void *b, void *arg)
{
    const struct term_quad *q = arg;
    const struct term *x = &q[*(const size_t *)a].o, *y = &q[*(const size_t *)b].o;
    int c = strcmp(x->lang, y->lang);
    return c ? c : object_cmp(x, y);
}

/* Writes the values of quads [a, b) (one predicate) under a key: a term of
 * the context whose definition fits, else a compact or full IRI. */
static void write_property(struct jsonld_writer *w, size_t a, size_t b)
{
    const struct term *p = &w->q[a].p;
    const struct tdef *best = NULL;
    struct keydef d = {0}, bd = {0};
    long best_score = -1;
    size_t n = b - a;

    if (compacting(w)) {
        /* Candidates: usable terms with this IRI (by_iri is sorted). */
        size_t lo = 0, hi = w->nby_iri;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            const char *iri = w->terms[w->by_iri[mid]].iri;
            size_t il = strlen(iri), m = il < p->len ? il : p->len;
            int c = memcmp(iri, p->value, m);
            if (!c)
                c = (il > p->len) - (il < p->len);
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < w->nby_iri; lo++) {
            const struct tdef *t = &w->terms[w->by_iri[lo]];
            long score = 0;
            if (strlen(t->iri) != p->len || memcmp(t->iri, p->value, p->len) != 0)
                break;
            d.type = t->type;
            d.type_iri = t->type_iri;
            d.lang_set = t->lang_set;
            d.lang = t->lang;
            d.container = t->container;
            if (t->container == TC_LANG) {
                for (size_t i = a; i < b; i++)
                    if (w->q[i].o.kind != TERM_LITERAL || !w->q[i].o.lang || w->list_of[i])
                        score = -1;
                if (score == 0)
                    score = (long)n;
            } else if (t->type == TT_JSON) {
                /* Every value of such a term is read as a JSON literal. */
                for (size_t i = a; i < b && score >= 0; i++)
                    if (w->list_of[i] || w->q[i].o.kind != TERM_LITERAL || !w->q[i].o.datatype ||
                        strcmp(w->q[i].o.datatype, RDF_JSON) != 0 || json_literal(w, &w->q[i].o))
                        score = -1;
                if (score == 0)
                    score = (long)n;
            } else if (t->container == TC_LIST) {
                score = n == 1 && w->list_of[a] ? (long)n + 1 : -1;
            } else {
                for (size_t i = a; i < b; i++)
                    score += value_bare(w, i, &d);
            }
            if (score > best_score) {
                best_score = score;
                best = t;
                bd = d;
            }
        }
    }
    if (best) {
        e_key(&w->e, best->name);
    } else {
        /* The IRI as key: a compact IRI is read with no coercion. */
        w->e.after_key = 0;
        write_iri(w, p, 0);
        e_add(&w->e, ": ", 2);
        w->e.after_key = 1;
        memset(&bd, 0, sizeof bd);
    }
    if (best && bd.container == TC_LANG) {
        size_t *idx = malloc(n * sizeof *idx);
        if (!idx) {
            w->e.failed = 1;
            return;
        }
        for (size_t i = 0; i < n; i++)
            idx[i] = a + i;
        qsort_r(idx, n, sizeof *idx, lang_item_cmp, w->q);
        e_open(&w->e, '{');
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && strcmp(w->q[idx[j]].o.lang, w->q[idx[i]].o.lang) == 0)
                j++;
            e_key(&w->e, w->q[idx[i]].o.lang);
            if (j - i > 1)
                e_open(&w->e, '[');
            for (size_t k = i; k < j; k++)
                e_strn(&w->e, w->q[idx[k]].o.value, w->q[idx[k]].o.len);
            if (j - i > 1)
                e_close(&w->e, ']');
            i = j;
        }
        e_close(&w->e, '}');
        free(idx);
        return;
    }
    if (best && bd.container == TC_LIST) {
        write_value(w, a, &bd, 0);
        return;
    }
    if (compacting(w) && n == 1 && bd.container != TC_SET) {
        write_value(w, a, &bd, 0);
        return;
    }
    e_open(&w->e, '[');
    for (size_t i = a; i < b; i++)
        write_value(w, i, &bd, 0);
    e_close(&w->e, ']');
}

/* ---- node objects ------------------------------------------------------- */

static void write_graph_nodes(struct jsonld_writer *w, size_t ga, size_t gb);

static int node_removed(struct jsonld_writer *w, const struct term *s)
{
    struct bnode_info *b;
    return s->kind == TERM_BLANK && (b = bn_get(w, s, 0)) && b->removed;
}

/* One node object: subject block [a, b) (may be empty: a graph name that
 * is no subject) and, for a graph name, its graph's quads [ga, gb). */
static void write_node(struct jsonld_writer *w, const struct term *id, size_t a, size_t b,
                       size_t ga, size_t gb, int with_graph)
{
    size_t ntypes = 0;

    int inl = w->inline_node;

    w->inline_node = 0;
    if (!inl)
        e_open(&w->e, '{');
    e_key(&w->e, kw_id(w));
    write_iri(w, id, 0);
    for (size_t i = a; i < b; i++)
        if (w->is_type[i])
            ntypes++;
    if (ntypes) {
        e_key(&w->e, kw_type(w));
        if (ntypes > 1 || !compacting(w))
            e_open(&w->e, '[');
        for (size_t i = a; i < b; i++)
            if (w->is_type[i])
                write_iri(w, &w->q[i].o, 1);
        if (ntypes > 1 || !compacting(w))
            e_close(&w->e, ']');
    }
    for (size_t i = a; i < b;) {
        size_t j = i;
        while (j < b && same_id(&w->q[j].p, &w->q[i].p))
            j++;
        /* rdf:type values that are nodes went to @type above. */
        size_t k = i;
        while (k < j && w->is_type[k])
            k++;
        if (k < j) {
            size_t e2 = k;
            while (e2 < j && !w->is_type[e2])
                e2++;
            write_property(w, k, e2);
        }
        i = j;
    }
    if (with_graph) {
        e_key(&w->e, "@graph");
        e_open(&w->e, '[');
        write_graph_nodes(w, ga, gb);
        e_close(&w->e, ']');
    }
    if (!inl)
        e_close(&w->e, '}');
}

/* The node objects of one graph's quads [ga, gb), in subject order. */
static void write_graph_nodes(struct jsonld_writer *w, size_t ga, size_t gb)
{
    for (size_t i = ga; i < gb;) {
        size_t j = i;
        while (j < gb && same_id(&w->q[j].s, &w->q[i].s))
            j++;
        if (!node_removed(w, &w->q[i].s))
            write_node(w, &w->q[i].s, i, j, 0, 0, 0);
        i = j;
    }
}

/* The top-level node objects: default graph subjects merged with the names
 * of the named graphs (JSON-LD 1.1 API 8.4.2 step 7). */
static void write_top_nodes(struct jsonld_writer *w)
{
    size_t d_end = 0, g = 0, i = 0;

    while (d_end < w->n && w->q[d_end].g.kind == TERM_NONE)
        d_end++;
    g = d_end;
    while (i < d_end || g < w->n) {
        size_t j = i, h = g;
        int c;
        if (i < d_end && g < w->n)
            c = id_cmp(&w->q[i].s, &w->q[g].g);
        else
            c = i < d_end ? -1 : 1;
        if (c <= 0)
            while (j < d_end && same_id(&w->q[j].s, &w->q[i].s))
                j++;
        if (c >= 0)
            while (h < w->n && same_id(&w->q[h].g, &w->q[g].g))
                h++;
        if (c < 0) {
            if (!node_removed(w, &w->q[i].s))
                write_node(w, &w->q[i].s, i, j, 0, 0, 0);
        } else {
            write_node(w, &w->q[g].g, i, c == 0 ? j : i, g, h, 1);
        }
        i = j;
        g = h;
    }
}

static void write_context(struct jsonld_writer *w)
{
    if (w->context_url) {
        e_key(&w->e, "@context");
        e_str(&w->e, w->context_url);
    } else if (w->context) {
        e_key(&w->e, "@context");
        e_sep(&w->e);
        json_text(&w->e, w->context, 0);
    }
}

/* The number of top-level node objects (up to 2: enough to choose). */
static size_t top_count(struct jsonld_writer *w)
{
    size_t c = 0;
    const struct term *prev = NULL;
    for (size_t i = 0; i < w->n && c < 2; i++) {
        const struct term *id = w->q[i].g.kind == TERM_NONE ? &w->q[i].s : &w->q[i].g;
        if (w->q[i].g.kind == TERM_NONE && node_removed(w, id))
            continue;
        if (!prev || !same_id(prev, id))
            c++;
        prev = id;
        if (w->q[i].g.kind != TERM_NONE) {
            /* skip the rest of this graph */
            while (i + 1 < w->n && same_id(&w->q[i + 1].g, id))
                i++;
        }
    }
    return c;
}

int jsonld_writer_finish(struct jsonld_writer *w, struct error *err)
{
    size_t k = 0;
    int rc = -1;

    if (w->failed) {
        error_set(err, "%s", w->first.msg);
        goto out;
    }
    if (w->n)
        qsort(w->q, w->n, sizeof *w->q, quad_cmp);
    for (size_t i = 0; i < w->n; i++)
        if (k == 0 || quad_cmp(&w->q[k - 1], &w->q[i]) != 0)
            w->q[k++] = w->q[i];
    w->n = k;
    w->is_type = calloc(w->n ? w->n : 1, 1);
    if (!w->is_type || bn_build(w) || lists_build(w)) {
        error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < w->n; i++)
        w->is_type[i] = is_iri(&w->q[i].p, RDF_TYPE) && w->q[i].o.kind != TERM_LITERAL;

    if (w->form == JSONLD_FORM_EXPANDED) {
        e_open(&w->e, '[');
        write_top_nodes(w);
        e_close(&w->e, ']');
    } else if (w->form == JSONLD_FORM_COMPACTED && top_count(w) == 1) {
        /* One node: its members sit beside @context. */
        e_open(&w->e, '{');
        write_context(w);
        w->inline_node = 1;
        write_top_nodes(w);
        e_close(&w->e, '}');
    } else {
        e_open(&w->e, '{');
        write_context(w);
        e_key(&w->e, "@graph");
        e_open(&w->e, '[');
        write_top_nodes(w);
        e_close(&w->e, ']');
        e_close(&w->e, '}');
    }
    e_add(&w->e, "\n", 1);
    if (e_flush(&w->e) || w->e.failed) {
        error_set(err, w->e.bad_utf8 ? "cannot write JSON-LD: a string is not valid UTF-8"
                                     : "cannot write the output");
        goto out;
    }
    rc = 0;
out:
    jsonld_writer_free(w);
    return rc;
}
