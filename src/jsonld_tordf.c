/* jsonld_tordf.c - Deserialize JSON-LD to RDF, Object to RDF and List
 * Conversion (JSON-LD 1.1 API sections 8.1-8.3), plus the number and JSON
 * canonical forms they need (XML Schema xsd:double canonical form as the
 * spec states it, RFC 8785 JSON Canonicalization Scheme for rdf:JSON).
 *
 * Node Map Generation is folded into a walk over the expanded document:
 * every node object emits its own triples where it occurs, so the quads
 * are the same set the node map would give (duplicates are possible and
 * harmless in RDF). Blank node labels, both generated ones and the
 * document's own, are issued as bnode_prefix + "b<n>" in document order. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_internal.h"

#define I18N_NS "https://www.w3.org/ns/i18n#"

/* ---- numbers ---- */

/* ECMAScript Number::toString for finite d (RFC 8785 section 3.2.2.3). */
static void es_number(double d, char *out, size_t outlen)
{
    char buf[40], digits[24];
    int prec, e = 0, k = 0, n, i;
    char *q;

    if (d == 0) {
        snprintf(out, outlen, "0");
        return;
    }
    if (d < 0) {
        out[0] = '-';
        es_number(-d, out + 1, outlen - 1);
        return;
    }
    for (prec = 0; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* buf: D[.DDD]e[+-]XX */
    for (q = buf; *q && *q != 'e'; q++)
        if (*q != '.')
            digits[k++] = *q;
    digits[k] = '\0';
    if (*q == 'e')
        e = atoi(q + 1);
    while (k > 1 && digits[k - 1] == '0')
        digits[--k] = '\0';
    n = e + 1;
    if (k <= n && n <= 21) {
        q = out;
        for (i = 0; i < k; i++)
            *q++ = digits[i];
        for (i = 0; i < n - k; i++)
            *q++ = '0';
        *q = '\0';
    } else if (0 < n && n <= 21) {
        snprintf(out, outlen, "%.*s.%s", n, digits, digits + n);
    } else if (-6 < n && n <= 0) {
        q = out;
        *q++ = '0';
        *q++ = '.';
        for (i = 0; i < -n; i++)
            *q++ = '0';
        snprintf(q, outlen - (size_t)(q - out), "%s", digits);
    } else if (k == 1) {
        snprintf(out, outlen, "%se%c%d", digits, n - 1 >= 0 ? '+' : '-', abs(n - 1));
    } else {
        snprintf(out, outlen, "%c.%se%c%d", digits[0], digits + 1, n - 1 >= 0 ? '+' : '-',
                 abs(n - 1));
    }
}

void jl_double_canonical(double d, char *out, size_t outlen)
{
    char buf[40], *e, *m;
    int exp;

    if (isnan(d) || isinf(d)) {
        /* JSON numbers too big for a double: XML Schema's special values */
        snprintf(out, outlen, "%s", isnan(d) ? "NaN" : d < 0 ? "-INF" : "INF");
        return;
    }
    /* d.ddddddddddddddde±X with trailing mantissa zeros removed (one kept) */
    snprintf(buf, sizeof buf, "%.15E", d);
    e = strchr(buf, 'E');
    exp = atoi(e + 1);
    *e = '\0';
    m = e - 1;
    while (*m == '0' && m[-1] != '.')
        *m-- = '\0';
    snprintf(out, outlen, "%sE%d", buf, exp);
}

/* ---- JSON canonicalisation (RFC 8785) ---- */

struct sbuf {
    struct jl *p;
    char *s;
    size_t n, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 64) + n;
        char *ns = jl_alloc(b->p, cap);

        if (b->n)
            memcpy(ns, b->s, b->n);
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s, size_t n)
{
    size_t i;
    char esc[8];

    sb_add(b, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        switch (c) {
        case '"':
            sb_add(b, "\\\"", 2);
            break;
        case '\\':
            sb_add(b, "\\\\", 2);
            break;
        case '\b':
            sb_add(b, "\\b", 2);
            break;
        case '\f':
            sb_add(b, "\\f", 2);
            break;
        case '\n':
            sb_add(b, "\\n", 2);
            break;
        case '\r':
            sb_add(b, "\\r", 2);
            break;
        case '\t':
            sb_add(b, "\\t", 2);
            break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", c);
                sb_add(b, esc, 6);
            } else {
                sb_add(b, (const char *)&s[i], 1);
            }
        }
    }
    sb_add(b, "\"", 1);
}

/* Next UTF-16 code unit of a UTF-8 string (input is valid UTF-8: yajl
 * checked it); *pending holds a low surrogate still to deliver. */
static unsigned utf16_next(const unsigned char **s, const unsigned char *end, unsigned *pending)
{
    unsigned cp;
    const unsigned char *c = *s;

    if (*pending) {
        cp = *pending;
        *pending = 0;
        return cp;
    }
    if (c >= end)
        return 0;
    if (c[0] < 0x80) {
        cp = c[0];
        c += 1;
    } else if ((c[0] & 0xE0) == 0xC0 && c + 1 < end) {
        cp = ((c[0] & 0x1Fu) << 6) | (c[1] & 0x3Fu);
        c += 2;
    } else if ((c[0] & 0xF0) == 0xE0 && c + 2 < end) {
        cp = ((c[0] & 0x0Fu) << 12) | ((c[1] & 0x3Fu) << 6) | (c[2] & 0x3Fu);
        c += 3;
    } else if (c + 3 < end) {
        cp = ((c[0] & 0x07u) << 18) | ((c[1] & 0x3Fu) << 12) | ((c[2] & 0x3Fu) << 6) |
             (c[3] & 0x3Fu);
        c += 4;
    } else {
        cp = c[0];
        c = end;
    }
    *s = c;
    if (cp >= 0x10000) {
        cp -= 0x10000;
        *pending = 0xDC00 + (cp & 0x3FF);
        return 0xD800 + (cp >> 10);
    }
    return cp;
}

static int cmp_utf16(const void *a, const void *b)
{
    const struct json_member *ma = a, *mb = b;
    const unsigned char *sa = (const unsigned char *)ma->key, *sb = (const unsigned char *)mb->key;
    const unsigned char *ea = sa + ma->keylen, *eb = sb + mb->keylen;
    unsigned pa = 0, pb = 0;

    for (;;) {
        int da = sa < ea || pa, db = sb < eb || pb;
        unsigned ua, ub;

        if (!da || !db)
            return da - db;
        ua = utf16_next(&sa, ea, &pa);
        ub = utf16_next(&sb, eb, &pb);
        if (ua != ub)
            return ua < ub ? -1 : 1;
    }
}

static void jcs(struct sbuf *b, const struct json *v)
{
    char num[40];
    size_t i;

    switch (v->type) {
    case JSON_NULL:
        sb_add(b, "null", 4);
        break;
    case JSON_TRUE:
        sb_add(b, "true", 4);
        break;
    case JSON_FALSE:
        sb_add(b, "false", 5);
        break;
    case JSON_NUMBER:
        if (isinf(strtod(v->u.str, NULL)))
            jl_fail(b->p, "invalid JSON literal: number %s is out of range", v->u.str);
        es_number(strtod(v->u.str, NULL), num, sizeof num);
        sb_add(b, num, strlen(num));
        break;
    case JSON_STRING:
        sb_str(b, v->u.str, v->n);
        break;
    case JSON_ARRAY:
        sb_add(b, "[", 1);
        for (i = 0; i < v->n; i++) {
            if (i)
                sb_add(b, ",", 1);
            jcs(b, v->u.items[i]);
        }
        sb_add(b, "]", 1);
        break;
    case JSON_OBJECT: {
        struct json_member *m = NULL;

        if (v->n) {
            m = jl_alloc(b->p, v->n * sizeof *m);
            memcpy(m, v->u.members, v->n * sizeof *m);
            qsort(m, v->n, sizeof *m, cmp_utf16);
        }
        sb_add(b, "{", 1);
        for (i = 0; i < v->n; i++) {
            if (i)
                sb_add(b, ",", 1);
            sb_str(b, m[i].key, m[i].keylen);
            sb_add(b, ":", 1);
            jcs(b, m[i].val);
        }
        sb_add(b, "}", 1);
        break;
    }
    }
}

char *jl_jcs(struct jl *p, const struct json *v, size_t *len)
{
    struct sbuf b = {p, NULL, 0, 0};

    jcs(&b, v);
    *len = b.n;
    return b.s;
}

/* ---- emitting ---- */

static void emit(struct jl *p, const struct term *s, const struct term *pr, const struct term *o,
                 const struct term *g)
{
    struct term_quad q;

    q.s = *s;
    q.p = *pr;
    q.o = *o;
    q.g = *g;
    if (p->fn && p->fn(p->fn_ctx, &q, p->err))
        longjmp(p->jmp, 1);
}

static const char *new_label(struct jl *p)
{
    const char *prefix = p->opts->bnode_prefix ? p->opts->bnode_prefix : "";
    char num[32];

    snprintf(num, sizeof num, "b%lu", p->bnode_next++);
    return jl_concat(p, prefix, num);
}

static const char *doc_label(struct jl *p, const char *id)
{
    const char *l = jl_map_get(&p->bnodes, id);

    if (!l) {
        jl_keep_begin(p);
        l = new_label(p);
        jl_map_put(p, &p->bnodes, jl_strdup(p, id), (void *)l);
        jl_keep_end(p);
    }
    return l;
}

/* Term for a node identifier; 0 if it is not a well-formed IRI or label. */
static int id_term(struct jl *p, const char *id, struct term *t)
{
    if (!strncmp(id, "_:", 2)) {
        *t = term_blank(doc_label(p, id));
        return 1;
    }
    if (!jl_iri_well_formed(id))
        return 0;
    *t = term_iri(id);
    return 1;
}

static int lang_well_formed(const char *s)
{
    size_t run = 0;
    int first = 1;

    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;

        if (c == '-') {
            if (run == 0)
                return 0;
            run = 0;
            first = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9')))
            return 0;
        if (++run > 8)
            return 0;
    }
    return run > 0;
}

static struct term lit(const char *lex, size_t len, const char *lang, const char *dt)
{
    struct term t = {TERM_LITERAL, lex, len, lang, dt};

    term_normalise(&t);
    return t;
}

struct gctx {
    struct term g; /* graph name (TERM_NONE: default) */
    int ok;        /* graph name is well-formed: emit its triples */
};

static struct term emit_node(struct jl *p, const struct json *node, const struct gctx *g,
                             int *s_ok);

static int object_term(struct jl *p, const struct json *item, const struct gctx *g, int emit_ok,
                       struct term *out);

static struct term list_term(struct jl *p, const struct json *items, const struct gctx *g,
                             int emit_ok)
{
    struct term head = term_iri(RDF_NS "nil"), cur, next, o;
    struct term first = term_iri(RDF_NS "first"), rest = term_iri(RDF_NS "rest");
    size_t i;

    if (!items || items->type != JSON_ARRAY || items->n == 0)
        return head;
    head = cur = term_blank(new_label(p));
    for (i = 0; i < items->n; i++) {
        int ok = object_term(p, items->u.items[i], g, emit_ok, &o);

        next = i + 1 < items->n ? term_blank(new_label(p)) : term_iri(RDF_NS "nil");
        if (emit_ok && g->ok) {
            if (ok)
                emit(p, &cur, &first, &o, &g->g);
            emit(p, &cur, &rest, &next, &g->g);
        }
        cur = next;
    }
    return head;
}

static int value_term(struct jl *p, const struct json *item, const struct gctx *g, int emit_ok,
                      struct term *out)
{
    const struct json *v = json_get(item, "@value"), *t = json_get(item, "@type");
    const struct json *lang = json_get(item, "@language"), *dir = json_get(item, "@direction");
    const char *dt = t && t->type == JSON_STRING ? t->u.str : NULL;
    const char *rd = p->opts->rdf_direction;
    char num[48];

    if (dt && strcmp(dt, "@json") && !jl_iri_well_formed(dt))
        return 0;
    if (lang && (lang->type != JSON_STRING || !lang_well_formed(lang->u.str)))
        return 0;
    if (dt && !strcmp(dt, "@json")) {
        size_t len;
        char *s = jl_jcs(p, v, &len);

        *out = lit(s, len, NULL, RDF_NS "JSON");
        return 1;
    }
    if (v->type == JSON_TRUE || v->type == JSON_FALSE) {
        const char *s = v->type == JSON_TRUE ? "true" : "false";

        *out = lit(s, strlen(s), NULL, dt ? dt : XSD_NS "boolean");
        return 1;
    }
    if (v->type == JSON_NUMBER) {
        double d = strtod(v->u.str, NULL);
        int dbl = (dt && !strcmp(dt, XSD_NS "double")) || fmod(d, 1.0) != 0 || isinf(d) || isnan(d);
        char *s;

        if (!dbl && json_number_is_integer_form(v)) {
            /* exact when it fits int64; beyond that it is a double (JSON numbers
             * are IEEE doubles, so bigger "integers" have lost digits) */
            errno = 0;
            long long ll = strtoll(v->u.str, NULL, 10);

            if (errno == ERANGE)
                dbl = 1;
            else
                snprintf(num, sizeof num, "%lld", ll);
        } else if (!dbl) {
            /* an integral value written as 1.0 or 1e3 (the spec's 10^21 limit is
             * narrowed to int64 like the integer forms above) */
            if (fabs(d) >= 9223372036854775807.0)
                dbl = 1;
            else
                snprintf(num, sizeof num, "%lld", (long long)d);
        }
        if (dbl) {
            jl_double_canonical(d, num, sizeof num);
            dt = dt ? dt : XSD_NS "double";
        } else {
            dt = dt ? dt : XSD_NS "integer";
        }
        s = jl_strdup(p, num);
        *out = lit(s, strlen(s), NULL, dt);
        return 1;
    }
    if (v->type != JSON_STRING)
        return 0;
    if (dir && rd && !dt) {
        if (!strcmp(rd, "i18n-datatype")) {
            const char *l = lang ? lang->u.str : "";
            char *d = jl_alloc(p, strlen(I18N_NS) + strlen(l) + strlen(dir->u.str) + 2);

            sprintf(d, "%s%s_%s", I18N_NS, l, dir->u.str);
            for (char *c = d + strlen(I18N_NS); *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
            *out = lit(v->u.str, v->n, NULL, d);
            return 1;
        }
        if (!strcmp(rd, "compound-literal")) {
            struct term b = term_blank(new_label(p)), pr, o;

            if (emit_ok && g->ok) {
                pr = term_iri(RDF_NS "value");
                o = lit(v->u.str, v->n, NULL, NULL);
                emit(p, &b, &pr, &o, &g->g);
                if (lang) {
                    pr = term_iri(RDF_NS "language");
                    o = lit(lang->u.str, lang->n, NULL, NULL);
                    emit(p, &b, &pr, &o, &g->g);
                }
                pr = term_iri(RDF_NS "direction");
                o = lit(dir->u.str, dir->n, NULL, NULL);
                emit(p, &b, &pr, &o, &g->g);
            }
            *out = b;
            return 1;
        }
    }
    *out = lit(v->u.str, v->n, lang ? lang->u.str : NULL, dt);
    return 1;
}

static int object_term(struct jl *p, const struct json *item, const struct gctx *g, int emit_ok,
                       struct term *out)
{
    int ok;

    if (item->type != JSON_OBJECT)
        return 0;
    if (json_get(item, "@list")) {
        *out = list_term(p, json_get(item, "@list"), g, emit_ok);
        return 1;
    }
    if (json_get(item, "@value"))
        return value_term(p, item, g, emit_ok, out);
    *out = emit_node(p, item, g, &ok);
    return ok;
}

static int pred_term(struct jl *p, const char *iri, struct term *t)
{
    if (!strncmp(iri, "_:", 2)) {
        if (!p->opts->produce_generalized_rdf)
            return 0;
        *t = term_blank(doc_label(p, iri));
        return 1;
    }
    if (!jl_iri_well_formed(iri))
        return 0;
    *t = term_iri(iri);
    return 1;
}

static struct term emit_node(struct jl *p, const struct json *node, const struct gctx *g, int *s_ok)
{
    const struct json *id = json_get(node, "@id"), *v;
    struct term s, pr, o;
    int ok;
    size_t i, j;

    if (id && id->type == JSON_STRING) {
        ok = id_term(p, id->u.str, &s);
    } else if (id) {
        s = term_iri(RDF_NS "nil"); /* never emitted */
        ok = 0;
    } else {
        s = term_blank(new_label(p));
        ok = 1;
    }
    *s_ok = ok;
    if ((v = json_get(node, "@type")) && v->type == JSON_ARRAY) {
        pr = term_iri(RDF_NS "type");
        for (i = 0; i < v->n; i++) {
            const struct json *t = v->u.items[i];

            if (t->type == JSON_STRING && id_term(p, t->u.str, &o) && ok && g->ok)
                emit(p, &s, &pr, &o, &g->g);
        }
    }
    for (i = 0; i < node->n; i++) {
        const char *key = node->u.members[i].key;
        const struct json *vals = node->u.members[i].val;
        int p_ok;

        if (key[0] == '@' || vals->type != JSON_ARRAY)
            continue;
        p_ok = pred_term(p, key, &pr);
        for (j = 0; j < vals->n; j++) {
            int e_ok = ok && p_ok && g->ok;

            if (object_term(p, vals->u.items[j], g, e_ok, &o) && e_ok)
                emit(p, &s, &pr, &o, &g->g);
        }
    }
    if ((v = json_get(node, "@reverse")) && v->type == JSON_OBJECT) {
        for (i = 0; i < v->n; i++) {
            const struct json *vals = jl_as_array(p, v->u.members[i].val);
            int p_ok = pred_term(p, v->u.members[i].key, &pr);

            for (j = 0; j < vals->n; j++) {
                int r_ok;
                struct term r = emit_node(p, vals->u.items[j], g, &r_ok);

                if (r_ok && p_ok && ok && g->ok)
                    emit(p, &r, &pr, &s, &g->g);
            }
        }
    }
    if ((v = json_get(node, "@graph")) && v->type == JSON_ARRAY) {
        struct gctx sub;

        sub.g = s;
        sub.ok = ok;
        for (i = 0; i < v->n; i++) {
            int dummy;

            if (v->u.items[i]->type == JSON_OBJECT && !json_get(v->u.items[i], "@value") &&
                !json_get(v->u.items[i], "@list"))
                emit_node(p, v->u.items[i], &sub, &dummy);
        }
    }
    if ((v = json_get(node, "@included")) && v->type == JSON_ARRAY) {
        for (i = 0; i < v->n; i++) {
            int dummy;

            emit_node(p, v->u.items[i], g, &dummy);
        }
    }
    return s;
}

void jl_to_rdf_graph(struct jl *p, const struct json *expanded, int named, const char *graph)
{
    struct gctx g;
    size_t i;

    if (!expanded)
        return;
    expanded = jl_as_array(p, (struct json *)expanded);
    memset(&g, 0, sizeof g);
    g.g.kind = TERM_NONE;
    g.ok = 1;
    if (named)
        g.ok = graph && id_term(p, graph, &g.g);
    for (i = 0; i < expanded->n; i++) {
        const struct json *n = expanded->u.items[i];
        int dummy;

        if (n->type == JSON_OBJECT && !json_get(n, "@value") && !json_get(n, "@list"))
            emit_node(p, n, &g, &dummy);
    }
}

void jl_to_rdf(struct jl *p, const struct json *expanded)
{
    jl_to_rdf_graph(p, expanded, 0, NULL);
}
