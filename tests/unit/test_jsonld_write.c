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

static void read_jsonld(const char *text, const char *ctx_url, const char *ctx_json,
                        struct qset *s)
{
    struct loader_ctx l = {ctx_url, ctx_json};
    struct jsonld_opts o = {.base = EX, .loader = loader, .loader_ctx = &l};
    struct error err;
    if (jsonld_parse(text, strlen(text), "out", &o, collect, s, &err))
        fail_msg("read back: %s\n%s", err.msg, text);
}

static void roundtrip_nq(const char *nq, const char *ctx_json, const char *ctx_url,
                         enum jsonld_form form)
{
    struct qset in = {0}, back = {0};
    char *text;

    parse_str(nq, RDF_SYNTAX_NQUADS, &in);
    text = write_jsonld(&in, ctx_json, ctx_url, form);
    read_jsonld(text, ctx_url, ctx_json, &back);
    if (!isomorphic(&in, &back))
        fail_msg("not isomorphic (%zu vs %zu quads):\n%s", in.n, back.n, text);
    free(text);
    qset_free(&in);
    qset_free(&back);
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
    roundtrip_nq("<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
                 "_:a <http://ex.org/p> \"x\\ny\\t\\\"q\\\" \\u0001 \\u00e9\\U0001F600\" .\n"
                 "<http://ex.org/s> <http://ex.org/p> \"hallo\"@nl-be <http://ex.org/g> .\n"
                 "_:g <http://ex.org/p> _:a _:g .\n"
                 "<http://ex.org/s> <" RDF_NS "type> \"lit\" .\n",
                 NULL, NULL, JSONLD_FORM_EXPANDED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_term_kinds),
        cmocka_unit_test(test_roundtrip_basic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
