/* jsonld_context_gen.c - a JSON-LD context for the registry's documents,
 * generated from vocabulary quads (see jsonld_write.h and
 * docs/internals/jsonld-write.md for the rules).
 *
 * One term per declared property and class, named by the IRI's local name;
 * names that collide (with each other, with a prefix or with the id/type
 * aliases) become prefix:local, or local_N when no prefix covers the IRI.
 * Well-known SKOS/RDFS/Dublin Core properties get a term when the input uses
 * them. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_write.h"
#include "rdf_io_internal.h"

#define OWL_NS  "http://www.w3.org/2002/07/owl#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define SKOS_NS "http://www.w3.org/2004/02/skos/core#"
#define DCT_NS  "http://purl.org/dc/terms/"

enum coerce {
    CO_NONE = 0, /* plain term: no coercion */
    CO_ID,       /* "@type": "@id" */
    CO_DT,       /* "@type": datatype */
    CO_LANG,     /* "@container": "@language" */
    CO_JSON,     /* "@type": "@json" (JSON-LD 1.1) */
    CO_CONFLICT, /* ranges disagree: no coercion */
};

struct gterm {
    const char *iri; /* shared with the quads or the tables below */
    size_t len;
    int is_prop, is_class, object_prop, datatype_prop, builtin;
    enum coerce co;
    const char *dt; /* CO_DT: datatype IRI (shared) */
    size_t dtlen;
    int nranges;
    char *name; /* owned */
};

/* Well-known properties and the coercion the registry's documents need. */
static const struct {
    const char *iri;
    enum coerce co;
} BUILTIN[] = {
    {SKOS_NS "prefLabel", CO_LANG},   {SKOS_NS "altLabel", CO_LANG},
    {SKOS_NS "hiddenLabel", CO_LANG}, {SKOS_NS "definition", CO_LANG},
    {SKOS_NS "scopeNote", CO_LANG},   {SKOS_NS "note", CO_LANG},
    {SKOS_NS "example", CO_LANG},     {SKOS_NS "notation", CO_NONE},
    {SKOS_NS "inScheme", CO_ID},      {SKOS_NS "topConceptOf", CO_ID},
    {SKOS_NS "hasTopConcept", CO_ID}, {SKOS_NS "broader", CO_ID},
    {SKOS_NS "narrower", CO_ID},      {SKOS_NS "related", CO_ID},
    {SKOS_NS "exactMatch", CO_ID},    {SKOS_NS "closeMatch", CO_ID},
    {SKOS_NS "broadMatch", CO_ID},    {SKOS_NS "narrowMatch", CO_ID},
    {RDFS_NS "label", CO_LANG},       {RDFS_NS "comment", CO_LANG},
    {RDFS_NS "seeAlso", CO_ID},       {RDFS_NS "isDefinedBy", CO_ID},
    {RDFS_NS "subClassOf", CO_ID},    {RDFS_NS "subPropertyOf", CO_ID},
    {RDFS_NS "domain", CO_ID},        {RDFS_NS "range", CO_ID},
    {DCT_NS "title", CO_LANG},        {DCT_NS "description", CO_LANG},
    {DCT_NS "license", CO_ID},        {DCT_NS "creator", CO_ID},
    {DCT_NS "publisher", CO_ID},      {OWL_NS "imports", CO_ID},
    {OWL_NS "versionInfo", CO_NONE},  {"http://www.w3.org/ns/adms#status", CO_ID},
};

/* Prefixes every generated context declares (a caller's prefix of the same
 * name wins). */
static const struct rdf_prefix STANDARD_PREFIXES[] = {
    {"adms", "http://www.w3.org/ns/adms#"},
    {"dcterms", DCT_NS},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"org", "http://www.w3.org/ns/org#"},
    {"owl", OWL_NS},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"rdf", RDF_NS},
    {"rdfs", RDFS_NS},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {"skos", SKOS_NS},
    {"vann", "http://purl.org/vocab/vann/"},
    {"xsd", XSD_NS},
    {NULL, NULL},
};

struct gen {
    struct gterm *t; /* owned */
    size_t n, cap;
    struct rdf_prefix *pfx; /* owned array; strings shared */
    size_t npfx;
    const char **used; /* names taken (shared with t[].name / pfx) */
    size_t nused;
};

static int eq(const struct term *t, const char *iri)
{
    return t->kind == TERM_IRI && t->len == strlen(iri) && memcmp(t->value, iri, t->len) == 0;
}

static struct gterm *gterm_get(struct gen *g, const char *iri, size_t len)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->t[i].len == len && memcmp(g->t[i].iri, iri, len) == 0)
            return &g->t[i];
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 64;
        struct gterm *nt = realloc(g->t, cap * sizeof *nt);
        if (!nt)
            return NULL;
        g->t = nt;
        g->cap = cap;
    }
    memset(&g->t[g->n], 0, sizeof g->t[g->n]);
    g->t[g->n].iri = iri;
    g->t[g->n].len = len;
    return &g->t[g->n++];
}

static int starts(const char *s, size_t len, const char *pre)
{
    size_t n = strlen(pre);
    return len >= n && memcmp(s, pre, n) == 0;
}

/* The coercion a range implies. */
static enum coerce range_coerce(const struct term *r, int object_prop, const char **dt)
{
    *dt = NULL;
    if (r->kind == TERM_BLANK)
        return object_prop ? CO_ID : CO_NONE; /* e.g. an owl:unionOf of classes */
    if (r->kind != TERM_IRI)
        return CO_NONE;
    if (eq(r, XSD_NS "string") || eq(r, RDFS_NS "Literal"))
        return CO_NONE;
    if (eq(r, RDF_NS "langString"))
        return CO_LANG;
    if (eq(r, RDF_NS "JSON"))
        return CO_JSON;
    if (starts(r->value, r->len, XSD_NS) || eq(r, RDF_NS "HTML") || eq(r, RDF_NS "XMLLiteral")) {
        *dt = r->value;
        return CO_DT;
    }
    return CO_ID; /* a class, skos:Concept, rdfs:Resource, ... */
}

static int name_used(const struct gen *g, const char *name)
{
    for (size_t i = 0; i < g->nused; i++)
        if (strcmp(g->used[i], name) == 0)
            return 1;
    return 0;
}

/* The local name: after the last '#', '/' or ':'; NULL if none fits. */
static const char *local_name(const struct gterm *t, size_t *len)
{
    size_t i = t->len;
    while (i > 0 && t->iri[i - 1] != '#' && t->iri[i - 1] != '/' && t->iri[i - 1] != ':')
        i--;
    if (i == 0 || i == t->len || t->iri[i] == '@')
        return NULL;
    *len = t->len - i;
    return t->iri + i;
}

static char *strndup0(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static int gterm_cmp(const void *a, const void *b)
{
    const struct gterm *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->iri, y->iri, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int name_cmp(const void *a, const void *b)
{
    const struct gterm *x = *(const struct gterm *const *)a, *y = *(const struct gterm *const *)b;
    return strcmp(x->name, y->name);
}

static int pfx_cmp(const void *a, const void *b)
{
    return strcmp(((const struct rdf_prefix *)a)->prefix, ((const struct rdf_prefix *)b)->prefix);
}

/* Names every term (see the top of the file). Returns -1 on out-of-memory. */
static int assign_names(struct gen *g)
{
    g->used = malloc((g->n + g->npfx + 2) * sizeof *g->used);
    if (!g->used)
        return -1;
    g->used[g->nused++] = "id";
    g->used[g->nused++] = "type";
    for (size_t i = 0; i < g->npfx; i++)
        g->used[g->nused++] = g->pfx[i].prefix;
    /* First pass: unique local names. */
    for (size_t i = 0; i < g->n; i++) {
        size_t len, ln2;
        const char *ln = local_name(&g->t[i], &len);
        int clash = 0;
        if (!ln)
            continue;
        for (size_t k = 0; k < g->n && !clash; k++) {
            const char *o = k == i ? NULL : local_name(&g->t[k], &ln2);
            clash = o && ln2 == len && memcmp(o, ln, len) == 0;
        }
        for (size_t k = 0; k < g->nused && !clash; k++)
            clash = strlen(g->used[k]) == len && memcmp(g->used[k], ln, len) == 0;
        if (clash)
            continue;
        if (!(g->t[i].name = strndup0(ln, len)))
            return -1;
    }
    for (size_t i = 0; i < g->n; i++)
        if (g->t[i].name)
            g->used[g->nused++] = g->t[i].name;
    /* Second pass: the others, in IRI order. */
    for (size_t i = 0; i < g->n; i++) {
        struct gterm *t = &g->t[i];
        const struct rdf_prefix *best = NULL;
        size_t blen = 0, len;
        const char *ln;
        if (t->name || !(ln = local_name(t, &len)))
            continue;
        for (size_t k = 0; k < g->npfx; k++) {
            size_t pl = strlen(g->pfx[k].iri);
            if (pl > blen && pl < t->len && memcmp(g->pfx[k].iri, t->iri, pl) == 0 &&
                !(t->iri[pl] == '/' && pl + 1 < t->len && t->iri[pl + 1] == '/'))
                best = &g->pfx[k], blen = pl;
        }
        if (best) {
            size_t pl = strlen(best->prefix);
            t->name = malloc(pl + 1 + t->len - blen + 1);
            if (!t->name)
                return -1;
            memcpy(t->name, best->prefix, pl);
            t->name[pl] = ':';
            memcpy(t->name + pl + 1, t->iri + blen, t->len - blen);
            t->name[pl + 1 + t->len - blen] = '\0';
        }
        for (unsigned k = 2; !t->name || name_used(g, t->name); k++) {
            free(t->name);
            t->name = malloc(len + 16);
            if (!t->name)
                return -1;
            memcpy(t->name, ln, len);
            snprintf(t->name + len, 16, "_%u", k);
        }
        g->used[g->nused++] = t->name;
    }
    return 0;
}

static int add_json_string(struct rdf_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (rdf_buf_add(b, "\"", 1))
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        int r;
        if (c == '"' || c == '\\') {
            e[1] = (char)c;
            r = rdf_buf_add(b, e, 2);
        } else if (c < 0x20) {
            r = rdf_buf_add(b, e, 6);
        } else {
            r = rdf_buf_add(b, s + i, 1);
        }
        if (r)
            return -1;
    }
    return rdf_buf_add(b, "\"", 1);
}

static int emit_context(struct gen *g, struct rdf_buf *b)
{
    struct gterm **order = NULL; /* owned array, terms shared */
    size_t nn = 0;
    int version11 = 0, rc = -1;

    for (size_t i = 0; i < g->n; i++)
        version11 |= g->t[i].name && g->t[i].co == CO_JSON;
    for (size_t i = 0; i < g->npfx; i++) {
        size_t l = strlen(g->pfx[i].iri);
        version11 |= !(l && strchr(":/?#[]@", g->pfx[i].iri[l - 1]));
    }
    order = malloc((g->n ? g->n : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < g->n; i++)
        if (g->t[i].name)
            order[nn++] = &g->t[i];
    qsort(order, nn, sizeof *order, name_cmp);
    if (rdf_buf_adds(b, "{\n  \"@context\": {\n"))
        goto out;
    if (version11 && rdf_buf_adds(b, "    \"@version\": 1.1,\n"))
        goto out;
    if (rdf_buf_adds(b, "    \"id\": \"@id\",\n    \"type\": \"@type\""))
        goto out;
    for (size_t i = 0; i < g->npfx; i++) {
        size_t l = strlen(g->pfx[i].iri);
        int delim = l && strchr(":/?#[]@", g->pfx[i].iri[l - 1]);
        if (rdf_buf_adds(b, ",\n    ") ||
            add_json_string(b, g->pfx[i].prefix, strlen(g->pfx[i].prefix)) ||
            rdf_buf_adds(b, delim ? ": " : ": {\"@id\": ") ||
            add_json_string(b, g->pfx[i].iri, l) ||
            (!delim && rdf_buf_adds(b, ", \"@prefix\": true}")))
            goto out;
    }
    for (size_t i = 0; i < nn; i++) {
        const struct gterm *t = order[i];
        if (rdf_buf_adds(b, ",\n    ") || add_json_string(b, t->name, strlen(t->name)))
            goto out;
        if (t->co == CO_NONE || t->co == CO_CONFLICT || t->is_class) {
            if (rdf_buf_adds(b, ": ") || add_json_string(b, t->iri, t->len))
                goto out;
            continue;
        }
        if (rdf_buf_adds(b, ": {\"@id\": ") || add_json_string(b, t->iri, t->len))
            goto out;
        switch (t->co) {
        case CO_ID:
            if (rdf_buf_adds(b, ", \"@type\": \"@id\""))
                goto out;
            break;
        case CO_JSON:
            if (rdf_buf_adds(b, ", \"@type\": \"@json\""))
                goto out;
            break;
        case CO_DT:
            if (rdf_buf_adds(b, ", \"@type\": ") || add_json_string(b, t->dt, t->dtlen))
                goto out;
            break;
        case CO_LANG:
            if (rdf_buf_adds(b, ", \"@container\": \"@language\""))
                goto out;
            break;
        default:
            break;
        }
        if (rdf_buf_adds(b, "}"))
            goto out;
    }
    if (rdf_buf_adds(b, "\n  }\n}\n"))
        goto out;
    rc = 0;
out:
    free(order);
    return rc;
}

int jsonld_context_generate(const struct term_quad *quads, size_t n,
                            const struct rdf_prefix *prefixes, rdf_sink_fn sink, void *ctx,
                            struct error *err)
{
    struct gen g = {0};
    struct rdf_buf b = {0};
    size_t np = 0, ns = 0;
    int rc = -1;

    error_clear(err);
    /* Prefixes: the caller's, then the standard ones not named already. */
    while (prefixes && prefixes[np].prefix)
        np++;
    while (STANDARD_PREFIXES[ns].prefix)
        ns++;
    g.pfx = malloc((np + ns + 1) * sizeof *g.pfx);
    if (!g.pfx)
        goto oom;
    for (size_t i = 0; i < np + ns; i++) {
        const struct rdf_prefix *p = i < np ? &prefixes[i] : &STANDARD_PREFIXES[i - np];
        size_t k;
        if (!p->prefix[0] || strchr(p->prefix, ':') || p->prefix[0] == '@' || !p->iri)
            continue;
        for (k = 0; k < g.npfx && strcmp(g.pfx[k].prefix, p->prefix); k++)
            ;
        if (k == g.npfx)
            g.pfx[g.npfx++] = *p;
    }
    qsort(g.pfx, g.npfx, sizeof *g.pfx, pfx_cmp);

    /* Declarations. */
    for (size_t i = 0; i < n; i++) {
        const struct term_quad *q = &quads[i];
        struct gterm *t;
        if (q->s.kind != TERM_IRI || !eq(&q->p, RDF_NS "type"))
            continue;
        int prop = eq(&q->o, RDF_NS "Property") || eq(&q->o, OWL_NS "ObjectProperty") ||
                   eq(&q->o, OWL_NS "DatatypeProperty") || eq(&q->o, OWL_NS "AnnotationProperty");
        int cls = eq(&q->o, OWL_NS "Class") || eq(&q->o, RDFS_NS "Class");
        if (!prop && !cls)
            continue;
        if (!(t = gterm_get(&g, q->s.value, q->s.len)))
            goto oom;
        t->is_prop |= prop;
        t->is_class |= cls;
        t->object_prop |= eq(&q->o, OWL_NS "ObjectProperty");
        t->datatype_prop |= eq(&q->o, OWL_NS "DatatypeProperty");
    }
    /* Ranges of declared properties. */
    for (size_t i = 0; i < g.n; i++) {
        struct gterm *t = &g.t[i];
        if (!t->is_prop)
            continue;
        t->co = t->object_prop ? CO_ID : CO_NONE;
        for (size_t k = 0; k < n; k++) {
            const struct term_quad *q = &quads[k];
            const char *dt;
            enum coerce c;
            if (!eq(&q->p, RDFS_NS "range") || q->s.kind != TERM_IRI || q->s.len != t->len ||
                memcmp(q->s.value, t->iri, t->len) != 0)
                continue;
            c = range_coerce(&q->o, t->object_prop, &dt);
            if (t->nranges++ == 0) {
                t->co = c;
                t->dt = dt;
                t->dtlen = dt ? q->o.len : 0;
            } else if (c != t->co ||
                       (c == CO_DT && (q->o.len != t->dtlen || memcmp(dt, t->dt, t->dtlen) != 0))) {
                t->co = t->object_prop ? CO_ID : CO_CONFLICT;
            }
        }
        if (t->is_class) /* declared both ways: keep it a plain term */
            t->co = CO_NONE;
    }
    /* Well-known properties the input uses. */
    for (size_t i = 0; i < n; i++) {
        const struct term *p = &quads[i].p;
        for (size_t k = 0; k < sizeof BUILTIN / sizeof BUILTIN[0]; k++) {
            struct gterm *t;
            if (!eq(p, BUILTIN[k].iri))
                continue;
            if (!(t = gterm_get(&g, BUILTIN[k].iri, strlen(BUILTIN[k].iri))))
                goto oom;
            if (!t->is_prop && !t->is_class) {
                t->builtin = t->is_prop = 1;
                t->co = BUILTIN[k].co;
            }
            break;
        }
    }
    if (g.n)
        qsort(g.t, g.n, sizeof *g.t, gterm_cmp);
    if (assign_names(&g) || emit_context(&g, &b))
        goto oom;
    if (sink(ctx, b.p, b.len)) {
        error_set(err, "cannot write the context");
        goto out;
    }
    rc = 0;
    goto out;
oom:
    error_set(err, "out of memory");
out:
    for (size_t i = 0; i < g.n; i++)
        free(g.t[i].name);
    free(g.t);
    free(g.pfx);
    free(g.used);
    rdf_buf_free(&b);
    return rc;
}
