/* test_jsonld_write.c - JSON-LD writer (fromRdf, compaction), context
 * generation and round trips through the project's JSON-LD reader. */
#include "autoconfig.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <stdint.h>
#include <strings.h>

#include "jsonld.h"
#include "jsonld_write.h"
#include "rdf_io.h"

#define EX "http://ex.org/"

/* ---- helpers ------------------------------------------------------------ */

struct out {
    char *p;
    size_t len;
};

static int sink(void *ctx, const void *buf, size_t len)
{
    struct out *o = ctx;
    char *np = realloc(o->p, o->len + len + 1);
    if (!np)
        return -1;
    o->p = np;
    memcpy(o->p + o->len, buf, len);
    o->len += len;
    o->p[o->len] = '\0';
    return 0;
}

/* An owned copy of quads. */
struct qset {
    struct term_quad *q;
    size_t n, cap;
};

static char *dupn(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    assert_non_null(p);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

static void copy_term(struct term *dst, const struct term *t)
{
    *dst = *t;
    dst->value = t->kind == TERM_NONE ? NULL : dupn(t->value, t->len);
    dst->lang = t->lang ? dupn(t->lang, strlen(t->lang)) : NULL;
    dst->datatype = t->datatype ? dupn(t->datatype, strlen(t->datatype)) : NULL;
}

static void free_term(struct term *t)
{
    free((char *)t->value);
    free((char *)t->lang);
    free((char *)t->datatype);
}

static int collect(void *ctx, const struct term_quad *q, struct error *err)
{
    struct qset *s = ctx;
    (void)err;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->q = realloc(s->q, s->cap * sizeof *s->q);
        assert_non_null(s->q);
    }
    copy_term(&s->q[s->n].s, &q->s);
    copy_term(&s->q[s->n].p, &q->p);
    copy_term(&s->q[s->n].o, &q->o);
    copy_term(&s->q[s->n].g, &q->g);
    s->n++;
    return 0;
}

static void qset_free(struct qset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free_term(&s->q[i].s);
        free_term(&s->q[i].p);
        free_term(&s->q[i].o);
        free_term(&s->q[i].g);
    }
    free(s->q);
    memset(s, 0, sizeof *s);
}

static void parse_str(const char *text, enum rdf_syntax syntax, struct qset *s)
{
    struct rdf_parse_opts o = {.syntax = syntax, .base = EX};
    struct error err;
    int rc = rdf_parse_buffer(text, strlen(text), "doc", &o, collect, s, &err);
    if (rc)
        fail_msg("parse: %s", err.msg);
}

/* Writes quads as JSON-LD; returns the text (owned by the caller). */
static char *write_jsonld(const struct qset *s, const char *ctx_json, const char *ctx_url,
                          enum jsonld_form form)
{
    struct out o = {0};
    struct error err;
    struct rdf_writer *w = jsonld_writer_new(sink, &o, ctx_json, ctx_url, form, &err);
    if (!w)
        fail_msg("writer: %s", err.msg);
    for (size_t i = 0; i < s->n; i++)
        assert_int_equal(rdf_writer_quad(w, &s->q[i], &err), 0);
    if (rdf_writer_finish(w, &err))
        fail_msg("finish: %s", err.msg);
    if (!o.p)
        o.p = dupn("", 0);
    return o.p;
}

static char *nq_to_jsonld(const char *nq, enum jsonld_form form)
{
    struct qset s = {0};
    char *r;
    parse_str(nq, RDF_SYNTAX_NQUADS, &s);
    r = write_jsonld(&s, NULL, NULL, form);
    qset_free(&s);
    return r;
}

/* ---- isomorphism (small datasets): canonical N-Quads with blank nodes
 * mapped by backtracking ---------------------------------------------------- */

static int term_eq(const struct term *a, const struct term *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == TERM_NONE)
        return 1;
    if (a->len != b->len || memcmp(a->value, b->value, a->len) != 0)
        return 0;
    if ((a->lang == NULL) != (b->lang == NULL) || (a->lang && strcasecmp(a->lang, b->lang)))
        return 0;
    if ((a->datatype == NULL) != (b->datatype == NULL) ||
        (a->datatype && strcmp(a->datatype, b->datatype)))
        return 0;
    return 1;
}

/* Blank node maps as label arrays. */
struct bmap {
    const char **from, **to;
    size_t n;
};

static int map_term(struct bmap *m, const struct term *a, const struct term *b, size_t *added)
{
    if (a->kind != TERM_BLANK || b->kind != TERM_BLANK)
        return a->kind != TERM_BLANK && b->kind != TERM_BLANK && term_eq(a, b);
    for (size_t i = 0; i < m->n; i++) {
        int fa = strcmp(m->from[i], a->value) == 0, tb = strcmp(m->to[i], b->value) == 0;
        if (fa || tb)
            return fa && tb;
    }
    m->from[m->n] = a->value;
    m->to[m->n] = b->value;
    m->n++;
    (*added)++;
    return 1;
}

static int iso_rec(const struct qset *a, const struct qset *b, size_t i, unsigned char *used,
                   struct bmap *m)
{
    if (i == a->n)
        return 1;
    for (size_t j = 0; j < b->n; j++) {
        size_t added = 0, save = m->n;
        if (used[j])
            continue;
        if (map_term(m, &a->q[i].s, &b->q[j].s, &added) &&
            map_term(m, &a->q[i].p, &b->q[j].p, &added) &&
            map_term(m, &a->q[i].o, &b->q[j].o, &added) &&
            map_term(m, &a->q[i].g, &b->q[j].g, &added)) {
            used[j] = 1;
            if (iso_rec(a, b, i + 1, used, m))
                return 1;
            used[j] = 0;
        }
        m->n = save;
    }
    return 0;
}

/* Sorting ground quads first keeps the backtracking small. */
static int ground_first(const void *x, const void *y)
{
    const struct term_quad *a = x, *b = y;
    int ba = (a->s.kind == TERM_BLANK) + (a->o.kind == TERM_BLANK) + (a->g.kind == TERM_BLANK);
    int bb = (b->s.kind == TERM_BLANK) + (b->o.kind == TERM_BLANK) + (b->g.kind == TERM_BLANK);
    return ba - bb;
}

static void dedupe(struct qset *s)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t j;
        for (j = 0; j < k; j++)
            if (term_eq(&s->q[j].s, &s->q[i].s) && term_eq(&s->q[j].p, &s->q[i].p) &&
                term_eq(&s->q[j].o, &s->q[i].o) && term_eq(&s->q[j].g, &s->q[i].g))
                break;
        if (j < k) {
            free_term(&s->q[i].s);
            free_term(&s->q[i].p);
            free_term(&s->q[i].o);
            free_term(&s->q[i].g);
        } else {
            s->q[k++] = s->q[i];
        }
    }
    s->n = k;
}

static int isomorphic(struct qset *a, struct qset *b)
{
    unsigned char *used;
    struct bmap m;
    int r;

    dedupe(a);
    dedupe(b);
    if (a->n != b->n)
        return 0;
    qsort(a->q, a->n, sizeof *a->q, ground_first);
    used = calloc(b->n + 1, 1);
    m.from = calloc(3 * a->n + 1, sizeof *m.from);
    m.to = calloc(3 * a->n + 1, sizeof *m.to);
    m.n = 0;
    assert_non_null(used);
    r = iso_rec(a, b, 0, used, &m);
    free(used);
    free(m.from);
    free(m.to);
    return r;
}

/* Large datasets: colour refinement of blank nodes (each round hashes a
 * node's colour with the multiset of its quads, other blank nodes by their
 * colour), then the multisets of coloured quads must be equal. Complete
 * for all but highly regular graphs, which our data does not have. */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

static uint64_t hstr(uint64_t h, const char *v, size_t n, int lower)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        if (lower && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ULL;
    }
    return mix(h + n);
}

struct coloured {
    const struct qset *s;
    const char **labels; /* sorted blank labels (shared) */
    size_t nb;
    uint64_t *col;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t label_index(const struct coloured *c, const char *l)
{
    const char **r = bsearch(&l, c->labels, c->nb, sizeof *c->labels, cmp_str);
    assert_non_null(r);
    return (size_t)(r - c->labels);
}

static uint64_t term_hash(const struct coloured *c, const struct term *t)
{
    uint64_t h = 1469598103934665603ULL + (uint64_t)t->kind;
    if (t->kind == TERM_NONE)
        return mix(h);
    if (t->kind == TERM_BLANK)
        return mix(h ^ c->col[label_index(c, t->value)]);
    h = hstr(h, t->value, t->len, 0);
    if (t->lang)
        h = hstr(h ^ 1, t->lang, strlen(t->lang), 1);
    if (t->datatype)
        h = hstr(h ^ 2, t->datatype, strlen(t->datatype), 0);
    return h;
}

static uint64_t quad_hash(const struct coloured *c, const struct term_quad *q)
{
    return mix(term_hash(c, &q->s) * 3 +
               mix(term_hash(c, &q->p) * 5 + mix(term_hash(c, &q->o) * 7 + term_hash(c, &q->g))));
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static size_t distinct(const uint64_t *v, size_t n)
{
    uint64_t *c = malloc((n + 1) * sizeof *c);
    size_t d = 0;
    assert_non_null(c);
    memcpy(c, v, n * sizeof *c);
    qsort(c, n, sizeof *c, cmp_u64);
    for (size_t i = 0; i < n; i++)
        d += i == 0 || c[i] != c[i - 1];
    free(c);
    return d;
}

static void colour(struct coloured *c, const struct qset *s)
{
    size_t k = 0, prev = 0;
    c->s = s;
    c->labels = malloc((3 * s->n + 1) * sizeof *c->labels);
    assert_non_null(c->labels);
    for (size_t i = 0; i < s->n; i++) {
        const struct term *t[3] = {&s->q[i].s, &s->q[i].o, &s->q[i].g};
        for (int j = 0; j < 3; j++)
            if (t[j]->kind == TERM_BLANK)
                c->labels[k++] = t[j]->value;
    }
    qsort(c->labels, k, sizeof *c->labels, cmp_str);
    c->nb = 0;
    for (size_t i = 0; i < k; i++)
        if (c->nb == 0 || strcmp(c->labels[c->nb - 1], c->labels[i]))
            c->labels[c->nb++] = c->labels[i];
    c->col = calloc(c->nb + 1, sizeof *c->col);
    assert_non_null(c->col);
    for (int round = 0; round < 64; round++) {
        uint64_t *next = calloc(c->nb + 1, sizeof *next);
        size_t d;
        assert_non_null(next);
        for (size_t i = 0; i < s->n; i++) {
            const struct term *t[3] = {&s->q[i].s, &s->q[i].o, &s->q[i].g};
            uint64_t qh = quad_hash(c, &s->q[i]);
            for (int j = 0; j < 3; j++)
                if (t[j]->kind == TERM_BLANK)
                    next[label_index(c, t[j]->value)] += mix(qh + (uint64_t)j);
        }
        for (size_t b = 0; b < c->nb; b++)
            next[b] = mix(next[b] ^ c->col[b]);
        free(c->col);
        c->col = next;
        d = distinct(c->col, c->nb);
        if (d == prev)
            break;
        prev = d;
    }
}

static int coloured_equal(struct qset *a, struct qset *b)
{
    struct coloured ca, cb;
    uint64_t *ha, *hb;
    int r;

    dedupe(a);
    dedupe(b);
    if (a->n != b->n)
        return 0;
    colour(&ca, a);
    colour(&cb, b);
    ha = malloc((a->n + 1) * sizeof *ha);
    hb = malloc((b->n + 1) * sizeof *hb);
    assert_true(ha && hb);
    for (size_t i = 0; i < a->n; i++) {
        ha[i] = quad_hash(&ca, &a->q[i]);
        hb[i] = quad_hash(&cb, &b->q[i]);
    }
    qsort(ha, a->n, sizeof *ha, cmp_u64);
    qsort(hb, b->n, sizeof *hb, cmp_u64);
    r = ca.nb == cb.nb && memcmp(ha, hb, a->n * sizeof *ha) == 0;
    free(ha);
    free(hb);
    free(ca.labels);
    free(cb.labels);
    free(ca.col);
    free(cb.col);
    return r;
}

/* Read a JSON-LD text back with our reader; ctx_url/ctx_json: a context
 * reachable through the loader. */
struct loader_ctx {
    const char *url, *json;
};

static char *loader(void *ctx, const char *iri, size_t *len)
{
    struct loader_ctx *l = ctx;
    if (!l->url || strcmp(iri, l->url) != 0)
        return NULL;
    *len = strlen(l->json);
    return dupn(l->json, *len);
}

static void read_jsonld(const char *text, const char *ctx_url, const char *ctx_json, struct qset *s)
{
    struct loader_ctx l = {ctx_url, ctx_json};
    struct jsonld_opts o = {.base = EX, .loader = loader, .loader_ctx = &l};
    struct error err;
    if (jsonld_parse(text, strlen(text), "out", &o, collect, s, &err))
        fail_msg("read back: %s\n%s", err.msg, text);
}

/* Writes in, reads the text back and checks the datasets are isomorphic;
 * returns the text (owned by the caller). */
static char *roundtrip_set(const struct qset *in, const char *ctx_json, const char *ctx_url,
                           enum jsonld_form form)
{
    struct qset a = {0}, back = {0};
    char *text = write_jsonld(in, ctx_json, ctx_url, form);

    for (size_t i = 0; i < in->n; i++)
        collect(&a, &in->q[i], NULL);
    read_jsonld(text, ctx_url, ctx_json, &back);
    if (!(a.n > 60 ? coloured_equal(&a, &back) : isomorphic(&a, &back)))
        fail_msg("not isomorphic (%zu vs %zu quads, form %d):\n%.3000s", a.n, back.n, (int)form,
                 text);
    qset_free(&a);
    qset_free(&back);
    return text;
}

static char *roundtrip_nq(const char *nq, const char *ctx_json, const char *ctx_url,
                          enum jsonld_form form)
{
    struct qset in = {0};
    char *text;

    parse_str(nq, RDF_SYNTAX_NQUADS, &in);
    text = roundtrip_set(&in, ctx_json, ctx_url, form);
    qset_free(&in);
    return text;
}

static void roundtrip_all_forms(const char *nq, const char *ctx_json)
{
    free(roundtrip_nq(nq, NULL, NULL, JSONLD_FORM_EXPANDED));
    free(roundtrip_nq(nq, NULL, NULL, JSONLD_FORM_FLATTENED));
    free(roundtrip_nq(nq, ctx_json, NULL, JSONLD_FORM_COMPACTED));
    free(roundtrip_nq(nq, ctx_json, "http://ex.org/context.jsonld", JSONLD_FORM_COMPACTED));
    free(roundtrip_nq(nq, ctx_json, "http://ex.org/context.jsonld", JSONLD_FORM_FLATTENED));
}

#define REG "http://127.0.0.1:8080/"

static const struct rdf_prefix REG_PREFIXES[] = {
    {"bbc", REG "ns/bbc#"},
    {"bestuur", REG "ns/bestuur#"},
    {"parkeren", REG "ns/parkeren#"},
    {"vip", REG "ns/vip#"},
    {"besluit", "http://data.vlaanderen.be/ns/besluit#"},
    {"geo", "http://www.opengis.net/ont/geosparql#"},
    {NULL, NULL},
};

static void load_file(const char *rel, struct qset *s)
{
    char path[1024];
    struct rdf_parse_opts o = {.syntax = RDF_SYNTAX_TURTLE, .base = REG};
    struct error err;
    snprintf(path, sizeof path, "%s/%s", FUNDAMENT_SRCDIR, rel);
    if (rdf_parse_file(path, &o, collect, s, &err))
        fail_msg("%s: %s", rel, err.msg);
}

static char *gen_context(const struct qset *s)
{
    struct out o = {0};
    struct error err;
    if (jsonld_context_generate(s->q, s->n, REG_PREFIXES, sink, &o, &err))
        fail_msg("context: %s", err.msg);
    return o.p;
}

/* ---- tests -------------------------------------------------------------- */

static void test_empty(void **state)
{
    struct qset s = {0};
    char *t;
    (void)state;
    t = write_jsonld(&s, NULL, NULL, JSONLD_FORM_EXPANDED);
    assert_string_equal(t, "[]\n");
    free(t);
}

static void test_term_kinds(void **state)
{
    char *t;
    (void)state;
    t = nq_to_jsonld("<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
                     "<http://ex.org/s> <http://ex.org/p> _:b1 .\n"
                     "<http://ex.org/s> <http://ex.org/p> \"plain\" .\n"
                     "<http://ex.org/s> <http://ex.org/p> \"hallo\"@nl .\n"
                     "<http://ex.org/s> <http://ex.org/p> \"1\"^^<" XSD_NS "integer> .\n"
                     "<http://ex.org/s> <" RDF_NS "type> <http://ex.org/C> .\n",
                     JSONLD_FORM_EXPANDED);
    assert_string_equal(t, "[\n"
                           "  {\n"
                           "    \"@id\": \"http://ex.org/s\",\n"
                           "    \"@type\": [\n"
                           "      \"http://ex.org/C\"\n"
                           "    ],\n"
                           "    \"http://ex.org/p\": [\n"
                           "      {\n"
                           "        \"@id\": \"_:b1\"\n"
                           "      },\n"
                           "      {\n"
                           "        \"@id\": \"http://ex.org/o\"\n"
                           "      },\n"
                           "      {\n"
                           "        \"@value\": \"1\",\n"
                           "        \"@type\": \"http://www.w3.org/2001/XMLSchema#integer\"\n"
                           "      },\n"
                           "      {\n"
                           "        \"@value\": \"hallo\",\n"
                           "        \"@language\": \"nl\"\n"
                           "      },\n"
                           "      {\n"
                           "        \"@value\": \"plain\"\n"
                           "      }\n"
                           "    ]\n"
                           "  }\n"
                           "]\n");
    free(t);
}

static void test_roundtrip_basic(void **state)
{
    (void)state;
    free(roundtrip_nq("<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
                      "_:a <http://ex.org/p> \"x\\ny\\t\\\"q\\\" \\u0001 \\u00e9\\U0001F600\" .\n"
                      "<http://ex.org/s> <http://ex.org/p> \"hallo\"@nl-be <http://ex.org/g> .\n"
                      "_:g <http://ex.org/p> _:a _:g .\n"
                      "<http://ex.org/s> <" RDF_NS "type> \"lit\" .\n",
                      NULL, NULL, JSONLD_FORM_EXPANDED));
}

#define NQ_LIST                                                                                    \
    "<http://ex.org/s> <http://ex.org/p> _:l1 .\n"                                                 \
    "_:l1 <" RDF_NS "first> \"a\" .\n"                                                             \
    "_:l1 <" RDF_NS "rest> _:l2 .\n"                                                               \
    "_:l2 <" RDF_NS "first> _:in1 .\n"                                                             \
    "_:l2 <" RDF_NS "rest> <" RDF_NS "nil> .\n"                                                    \
    "_:in1 <" RDF_NS "first> <http://ex.org/x> .\n"                                                \
    "_:in1 <" RDF_NS "rest> <" RDF_NS "nil> .\n"                                                   \
    "<http://ex.org/s> <http://ex.org/empty> <" RDF_NS "nil> .\n"                                  \
    "<http://ex.org/s> <http://ex.org/typed> _:t1 .\n"                                             \
    "_:t1 <" RDF_NS "type> <" RDF_NS "List> .\n"                                                   \
    "_:t1 <" RDF_NS "first> \"kept\" .\n"                                                          \
    "_:t1 <" RDF_NS "rest> <" RDF_NS "nil> .\n"                                                    \
    "<http://ex.org/s> <http://ex.org/twice> _:d1 .\n"                                             \
    "<http://ex.org/t> <http://ex.org/twice> _:d1 .\n"                                             \
    "_:d1 <" RDF_NS "first> \"shared\" .\n"                                                        \
    "_:d1 <" RDF_NS "rest> <" RDF_NS "nil> .\n"

static const char *CTX_EX =
    "{\"@context\": {\"id\": \"@id\", \"type\": \"@type\", \"ex\": \"http://ex.org/\","
    " \"xsd\": \"http://www.w3.org/2001/XMLSchema#\","
    " \"name\": \"http://ex.org/name\","
    " \"knows\": {\"@id\": \"http://ex.org/knows\", \"@type\": \"@id\"},"
    " \"age\": {\"@id\": \"http://ex.org/age\", \"@type\": \"xsd:integer\"},"
    " \"label\": {\"@id\": \"http://ex.org/label\", \"@container\": \"@language\"},"
    " \"items\": {\"@id\": \"http://ex.org/items\", \"@container\": \"@list\"},"
    " \"data\": {\"@id\": \"http://ex.org/data\", \"@type\": \"@json\"},"
    " \"Person\": \"http://ex.org/Person\"}}";

static void test_lists(void **state)
{
    char *t;
    (void)state;
    t = nq_to_jsonld(NQ_LIST, JSONLD_FORM_EXPANDED);
    /* the chain from s, with the inner list nested (JSON-LD 1.1) */
    assert_non_null(strstr(t, "\"@list\": [\n          {\n            \"@value\": \"a\"\n"));
    assert_non_null(strstr(t, "\"http://ex.org/empty\": [\n      {\n        \"@list\": []\n"));
    /* a cell typed rdf:List and a cell used twice stay nodes */
    assert_non_null(strstr(t, "\"@id\": \"_:t1\""));
    assert_non_null(strstr(t, "\"@id\": \"_:d1\""));
    free(t);
    roundtrip_all_forms(NQ_LIST, CTX_EX);
}

static void test_named_graphs(void **state)
{
    static const char *nq = "<http://ex.org/s> <http://ex.org/name> \"dflt\" .\n"
                            "<http://ex.org/s> <http://ex.org/name> \"in g\" <http://ex.org/g> .\n"
                            "<http://ex.org/g> <http://ex.org/name> \"the graph\" .\n"
                            "_:x <http://ex.org/name> \"in blank g\" _:bg .\n"
                            "_:x <http://ex.org/knows> _:l <http://ex.org/h> .\n"
                            "_:l <" RDF_NS "first> \"1\" <http://ex.org/h> .\n"
                            "_:l <" RDF_NS "rest> <" RDF_NS "nil> <http://ex.org/h> .\n";
    char *t;
    (void)state;
    t = nq_to_jsonld(nq, JSONLD_FORM_EXPANDED);
    assert_non_null(strstr(t, "\"@id\": \"http://ex.org/g\",\n"
                              "    \"http://ex.org/name\": [\n"
                              "      {\n"
                              "        \"@value\": \"the graph\"\n"
                              "      }\n"
                              "    ],\n"
                              "    \"@graph\": ["));
    assert_non_null(strstr(t, "\"@id\": \"_:bg\",\n    \"@graph\": ["));
    free(t);
    roundtrip_all_forms(nq, CTX_EX);
    /* a blank node described in two graphs, adjacent once sorted, is no
     * list cell: folding it would move a triple between graphs */
    roundtrip_all_forms("<A:s> <http://ex.org/p> _:z .\n"
                        "_:z <" RDF_NS "rest> <" RDF_NS "nil> .\n"
                        "_:z <" RDF_NS "first> \"a\" <http://ex.org/g> .\n",
                        CTX_EX);
}

static void test_escaping(void **state)
{
    struct qset s = {0};
    struct term_quad q;
    struct out o = {0};
    struct error err;
    struct rdf_writer *w;
    char *t;
    (void)state;
    t = nq_to_jsonld("<http://ex.org/s> <http://ex.org/p> "
                     "\"x\\ny\\t\\\"q\\\" \\\\ \\u0001\\u001f\\u007f \\u00e9\\U0001F600\" .\n",
                     JSONLD_FORM_EXPANDED);
    assert_non_null(strstr(t, "\"@value\": \"x\\ny\\t\\\"q\\\" \\\\ \\u0001\\u001f\x7f "
                              "\xc3\xa9\xf0\x9f\x98\x80\""));
    free(t);
    /* NUL inside a lexical form */
    q.s = term_iri(EX "s");
    q.p = term_iri(EX "p");
    q.o = term_literal("a", NULL, NULL);
    q.o.value = "a\0b";
    q.o.len = 3;
    memset(&q.g, 0, sizeof q.g);
    collect(&s, &q, NULL);
    t = write_jsonld(&s, NULL, NULL, JSONLD_FORM_EXPANDED);
    assert_non_null(strstr(t, "\"a\\u0000b\""));
    free(t);
    qset_free(&s);
    /* invalid UTF-8 is refused, not written */
    w = jsonld_writer_new(sink, &o, NULL, NULL, JSONLD_FORM_EXPANDED, &err);
    assert_non_null(w);
    q.o = term_literal("bad \xff byte", NULL, NULL);
    q.o.len = strlen(q.o.value);
    assert_int_equal(rdf_writer_quad(w, &q, &err), 0);
    assert_int_equal(rdf_writer_finish(w, &err), -1);
    assert_non_null(strstr(err.msg, "UTF-8"));
    free(o.p);
}

static void test_json_literals(void **state)
{
    static const char *nq =
        "<http://ex.org/s> <http://ex.org/data> "
        "\"{\\\"a\\\":[1,true,null],\\\"b\\\":\\\"x\\\"}\"^^<" RDF_NS "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/data> \"{ \\\"b\\\": 1, \\\"a\\\": 2 }\"^^<" RDF_NS
        "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/data> \"1.50\"^^<" RDF_NS "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/num> \"[1.23,1e+21,1e-7,-0.5]\"^^<" RDF_NS "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/num> \"1.5e3\"^^<" RDF_NS "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/other> \"not json\"^^<" RDF_NS "JSON> .\n";
    char *t;
    (void)state;
    t = nq_to_jsonld(nq, JSONLD_FORM_EXPANDED);
    /* canonical text: a JSON value; anything else stays a typed string */
    assert_non_null(strstr(t, "\"@value\": {\"a\":[1,true,null],\"b\":\"x\"},\n"
                              "        \"@type\": \"@json\""));
    assert_non_null(strstr(t, "\"@value\": \"{ \\\"b\\\": 1, \\\"a\\\": 2 }\",\n"
                              "        \"@type\": \"" RDF_NS "JSON\""));
    assert_non_null(strstr(t, "\"@value\": \"1.50\""));
    assert_non_null(strstr(t, "\"@value\": [1.23,1e+21,1e-7,-0.5],"));
    assert_non_null(strstr(t, "\"@value\": \"1.5e3\""));
    assert_non_null(strstr(t, "\"@value\": \"not json\""));
    free(t);
    roundtrip_all_forms(nq, CTX_EX);
}

static void test_determinism(void **state)
{
    struct qset s = {0}, r = {0};
    char *a, *b;
    (void)state;
    parse_str(NQ_LIST "<http://ex.org/s> <http://ex.org/name> \"n\" <http://ex.org/g> .\n"
                      "<http://ex.org/a> <http://ex.org/name> \"n\"@en .\n"
                      "<http://ex.org/a> <http://ex.org/name> \"n\" .\n",
              RDF_SYNTAX_NQUADS, &s);
    for (size_t i = s.n; i-- > 0;) {
        collect(&r, &s.q[i], NULL);
        collect(&r, &s.q[i], NULL); /* duplicates are dropped */
    }
    for (int f = JSONLD_FORM_EXPANDED; f <= JSONLD_FORM_FLATTENED; f++) {
        a = write_jsonld(&s, CTX_EX, NULL, (enum jsonld_form)f);
        b = write_jsonld(&r, CTX_EX, NULL, (enum jsonld_form)f);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    qset_free(&s);
    qset_free(&r);
}

static void test_compaction(void **state)
{
    static const char *nq =
        "<http://ex.org/s> <" RDF_NS "type> <http://ex.org/Person> .\n"
        "<http://ex.org/s> <http://ex.org/name> \"Ann\" .\n"
        "<http://ex.org/s> <http://ex.org/knows> <http://ex.org/t> .\n"
        "<http://ex.org/s> <http://ex.org/age> \"42\"^^<" XSD_NS "integer> .\n"
        "<http://ex.org/s> <http://ex.org/label> \"Anna\"@nl .\n"
        "<http://ex.org/s> <http://ex.org/label> \"Ann\"@en .\n"
        "<http://ex.org/s> <http://ex.org/label> \"Annie\"@en .\n"
        "<http://ex.org/s> <http://ex.org/items> _:i1 .\n"
        "_:i1 <" RDF_NS "first> \"one\" .\n"
        "_:i1 <" RDF_NS "rest> <" RDF_NS "nil> .\n"
        "<http://ex.org/s> <http://ex.org/data> \"[1,2]\"^^<" RDF_NS "JSON> .\n"
        "<http://ex.org/s> <http://ex.org/unknown> \"u\" .\n"
        "<http://elsewhere.org/s> <http://elsewhere.org/p> <http://elsewhere.org/o> .\n";
    char *t;
    (void)state;
    t = roundtrip_nq(nq, CTX_EX, "http://ex.org/context.jsonld", JSONLD_FORM_COMPACTED);
    assert_non_null(strstr(t, "\"@context\": \"http://ex.org/context.jsonld\""));
    assert_non_null(strstr(t, "\"id\": \"ex:s\",\n      \"type\": \"Person\""));
    assert_non_null(strstr(t, "\"age\": \"42\""));
    assert_non_null(strstr(t, "\"knows\": \"ex:t\""));
    assert_non_null(strstr(t, "\"name\": \"Ann\""));
    assert_non_null(strstr(t, "\"label\": {\n        \"en\": [\n          \"Ann\",\n"
                              "          \"Annie\"\n        ],\n        \"nl\": \"Anna\"\n"));
    assert_non_null(strstr(t, "\"items\": [\n        \"one\"\n      ]"));
    assert_non_null(strstr(t, "\"data\": [1,2]"));
    assert_non_null(strstr(t, "\"ex:unknown\": \"u\""));
    assert_non_null(strstr(t, "\"id\": \"http://elsewhere.org/s\""));
    free(t);
    /* one node: no @graph */
    t = roundtrip_nq("<http://ex.org/s> <http://ex.org/name> \"Ann\" .\n", CTX_EX, NULL,
                     JSONLD_FORM_COMPACTED);
    assert_null(strstr(t, "@graph"));
    assert_non_null(strstr(t, "\"name\": \"Ann\""));
    free(t);
    /* ... but flattened always has one */
    t = roundtrip_nq("<http://ex.org/s> <http://ex.org/name> \"Ann\" .\n", CTX_EX, NULL,
                     JSONLD_FORM_FLATTENED);
    assert_non_null(strstr(t, "\"@graph\""));
    free(t);
}

/* Values that do not fit a term's definition exactly get a full value
 * object or another key: nothing changes on the way back. */
static void test_compaction_fallback(void **state)
{
    static const char *nq = "<http://ex.org/s> <http://ex.org/age> \"42\"^^<" XSD_NS "decimal> .\n"
                            "<http://ex.org/s> <http://ex.org/age> \"43\" .\n"
                            "<http://ex.org/s> <http://ex.org/knows> \"not an IRI\" .\n"
                            "<http://ex.org/s> <http://ex.org/knows> _:b .\n"
                            "<http://ex.org/s> <http://ex.org/label> \"no language\" .\n"
                            "<http://ex.org/s> <http://ex.org/label> \"nl\"@nl .\n"
                            "<http://ex.org/s> <http://ex.org/items> \"not a list\" .\n"
                            "<http://ex.org/s> <http://ex.org/name> \"x\"@en .\n"
                            "<http://ex.org/s> <http://ex.org/name> <http://ex.org/o> .\n"
                            "<http://ex.org/s> <http://ex.org/data> \"{ }\"^^<" RDF_NS "JSON> .\n"
                            "<http://ex.org/s> <http://ex.org/ex:name> \"reads as a term?\" .\n";
    static const char *ctx_lang =
        "{\"@context\": {\"@language\": \"nl\", \"ex\": \"http://ex.org/\","
        " \"name\": \"http://ex.org/name\", \"en\": {\"@id\": \"http://ex.org/en\","
        " \"@language\": \"en\"}, \"none\": {\"@id\": \"http://ex.org/none\","
        " \"@language\": null}}}";
    static const char *nq_lang = "<http://ex.org/s> <http://ex.org/name> \"plain\" .\n"
                                 "<http://ex.org/s> <http://ex.org/name> \"nl\"@nl .\n"
                                 "<http://ex.org/s> <http://ex.org/en> \"en\"@en .\n"
                                 "<http://ex.org/s> <http://ex.org/en> \"plain\" .\n"
                                 "<http://ex.org/s> <http://ex.org/none> \"plain\" .\n";
    char *t;
    (void)state;
    roundtrip_all_forms(nq, CTX_EX);
    t = roundtrip_nq(nq, CTX_EX, NULL, JSONLD_FORM_COMPACTED);
    assert_non_null(strstr(t, "\"ex:label\": ["));
    free(t);
    roundtrip_all_forms(nq_lang, ctx_lang);
    t = roundtrip_nq(nq_lang, ctx_lang, NULL, JSONLD_FORM_COMPACTED);
    assert_non_null(strstr(t, "\"none\": \"plain\""));
    assert_non_null(strstr(t, "\"@value\": \"plain\""));
    free(t);
}

static void test_bad_context(void **state)
{
    struct out o = {0};
    struct error err;
    (void)state;
    assert_null(jsonld_writer_new(sink, &o, "{\"@context\": ", NULL, JSONLD_FORM_COMPACTED, &err));
    assert_non_null(strstr(err.msg, "JSON"));
    assert_null(jsonld_writer_new(sink, &o, "{\"@context\": [\"http://remote/ctx\"]}", NULL,
                                  JSONLD_FORM_COMPACTED, &err));
    assert_non_null(strstr(err.msg, "not supported"));
    assert_string_equal(jsonld_form_profile(JSONLD_FORM_FLATTENED),
                        "http://www.w3.org/ns/json-ld#flattened");
    assert_int_equal(jsonld_form_from_profile("http://www.w3.org/ns/json-ld#compacted"),
                     JSONLD_FORM_COMPACTED);
    assert_int_equal(jsonld_form_from_profile("http://www.w3.org/ns/json-ld#other"), -1);
}

static void test_context_generate(void **state)
{
    struct qset s = {0}, r = {0};
    char *c, *c2;
    (void)state;
    load_file("vocab/parkeren.ttl", &s);
    c = gen_context(&s);
    assert_non_null(strstr(c, "\"id\": \"@id\",\n    \"type\": \"@type\""));
    assert_non_null(strstr(c, "\"parkeren\": \"" REG "ns/parkeren#\""));
    assert_non_null(strstr(c, "\"Parkeerrecht\": \"" REG "ns/parkeren#Parkeerrecht\""));
    assert_non_null(
        strstr(c, "\"zone\": {\"@id\": \"" REG "ns/parkeren#zone\", \"@type\": \"@id\"}"));
    assert_non_null(strstr(c, "\"begin\": {\"@id\": \"" REG
                              "ns/parkeren#begin\", \"@type\": \"" XSD_NS "dateTime\"}"));
    assert_non_null(strstr(c, "\"label\": {\"@id\": \"http://www.w3.org/2000/01/rdf-schema#label\","
                              " \"@container\": \"@language\"}"));
    /* local name clash with adms:status: both prefixed */
    assert_non_null(strstr(c, "\"parkeren:status\": {"));
    assert_non_null(strstr(c, "\"adms:status\": {"));
    assert_null(strstr(c, "@version"));
    /* same bytes whatever the order of the input */
    for (size_t i = s.n; i-- > 0;)
        collect(&r, &s.q[i], NULL);
    c2 = gen_context(&r);
    assert_string_equal(c, c2);
    free(c);
    free(c2);
    qset_free(&s);
    qset_free(&r);

    /* vip: decimal and language ranges; "bestuur" is also a prefix */
    load_file("vocab/vip.ttl", &s);
    c = gen_context(&s);
    assert_non_null(strstr(c, "\"bedrag\": {\"@id\": \"" REG "ns/vip#bedrag\", \"@type\": \"" XSD_NS
                              "decimal\"}"));
    assert_non_null(strstr(c, "\"inhoud\": {\"@id\": \"" REG
                              "ns/vip#inhoud\", \"@container\": \"@language\"}"));
    assert_non_null(strstr(c, "\"vip:bestuur\": {\"@id\": \"" REG "ns/vip#bestuur\""));
    assert_non_null(strstr(c, "\"Aanvraag\": \"" REG "ns/vip#Aanvraag\""));
    free(c);
    qset_free(&s);
    /* bbc */
    load_file("vocab/bbc.ttl", &s);
    c = gen_context(&s);
    assert_non_null(strstr(c, "\"boekjaar\": {\"@id\": \"" REG
                              "ns/bbc#boekjaar\", \"@type\": \"" XSD_NS "gYear\"}"));
    assert_non_null(strstr(c, "\"Boeking\": \"" REG "ns/bbc#Boeking\""));
    assert_non_null(strstr(c, "\"lijn\": {\"@id\": \"" REG "ns/bbc#lijn\", \"@type\": \"@id\"}"));
    free(c);
    qset_free(&s);
}

/* Random small datasets over few terms, so that lists, shared cells,
 * blank graph names and cells across graphs meet often; every form must
 * read back to the same dataset. */
static void test_roundtrip_random(void **state)
{
    static const char *subj[] = {
        "<http://ex.org/a>", "<http://ex.org/b>", "_:b0", "_:b1", "_:b2", "_:b3", "_:b4"};
    static const char *pred[] = {"<http://ex.org/name>",  "<http://ex.org/knows>",
                                 "<http://ex.org/label>", "<" RDF_NS "first>",
                                 "<" RDF_NS "rest>",      "<" RDF_NS "type>"};
    static const char *obj[] = {"<http://ex.org/a>",
                                "_:b0",
                                "_:b1",
                                "_:b2",
                                "_:b3",
                                "_:b4",
                                "<" RDF_NS "nil>",
                                "<" RDF_NS "List>",
                                "\"x\"",
                                "\"y\"@en",
                                "\"1\"^^<" XSD_NS "integer>",
                                "\"[1]\"^^<" RDF_NS "JSON>"};
    static const char *graph[] = {"", "", "", "<http://ex.org/g>", "_:b3"};
    unsigned long seed = 12345;
    char nq[8192];
    (void)state;
    for (int round = 0; round < 150; round++) {
        size_t len = 0, n;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        n = 1 + (seed >> 33) % 24;
        for (size_t i = 0; i < n; i++) {
            const char *t[4];
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            t[0] = subj[(seed >> 20) % 7];
            t[1] = pred[(seed >> 26) % 6];
            t[2] = obj[(seed >> 32) % 12];
            t[3] = graph[(seed >> 40) % 5];
            len += (size_t)snprintf(nq + len, sizeof nq - len, "%s %s %s %s .\n", t[0], t[1], t[2],
                                    t[3]);
            assert_true(len < sizeof nq);
        }
        roundtrip_all_forms(nq, CTX_EX);
    }
}

static const char *BUNDLED[] = {
    "vocab/bbc.ttl",
    "vocab/parkeren.ttl",
    "vocab/vip.ttl",
    "vocab/bestuur.ttl",
    "vocab/algemenerekening.ttl",
    "vocab/beleidsveld.ttl",
    "vocab/economischecode.ttl",
    "vocab/itemstatus.ttl",
    "vocab/parkeerrechtstatus.ttl",
    "vocab/parkeerregime.ttl",
    "vocab/provincie.ttl",
    "vocab/rapporteringstype.ttl",
    "vocab/retributieeenheid.ttl",
    "shapes/bbc-boeking.ttl",
    "shapes/parkeerrecht.ttl",
    "shapes/vip-aanvraag.ttl",
    "data/gemeenten.ttl",
    "data/fusies-2025.ttl",
    "data/vip-retributies.ttl",
};

/* Every bundled file, in every form, with a context generated from the
 * vocabularies, read back by our reader. */
static void test_roundtrip_bundled(void **state)
{
    struct qset vocab = {0};
    char *ctx;
    (void)state;
    load_file("vocab/bbc.ttl", &vocab);
    load_file("vocab/parkeren.ttl", &vocab);
    load_file("vocab/vip.ttl", &vocab);
    load_file("vocab/bestuur.ttl", &vocab);
    ctx = gen_context(&vocab);
    for (size_t i = 0; i < sizeof BUNDLED / sizeof BUNDLED[0]; i++) {
        struct qset s = {0}, own = {0};
        char *own_ctx;
        load_file(BUNDLED[i], &s);
        free(roundtrip_set(&s, NULL, NULL, JSONLD_FORM_EXPANDED));
        free(roundtrip_set(&s, ctx, REG "context/registry.jsonld", JSONLD_FORM_COMPACTED));
        free(roundtrip_set(&s, ctx, NULL, JSONLD_FORM_COMPACTED));
        free(roundtrip_set(&s, ctx, REG "context/registry.jsonld", JSONLD_FORM_FLATTENED));
        /* and with the file's own context */
        collect(&own, &s.q[0], NULL);
        own_ctx = gen_context(&s);
        free(roundtrip_set(&s, own_ctx, REG "context/own.jsonld", JSONLD_FORM_COMPACTED));
        free(own_ctx);
        qset_free(&own);
        qset_free(&s);
    }
    free(ctx);
    qset_free(&vocab);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_term_kinds),
        cmocka_unit_test(test_roundtrip_basic),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_named_graphs),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_json_literals),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_compaction),
        cmocka_unit_test(test_compaction_fallback),
        cmocka_unit_test(test_bad_context),
        cmocka_unit_test(test_context_generate),
        cmocka_unit_test(test_roundtrip_random),
        cmocka_unit_test(test_roundtrip_bundled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
