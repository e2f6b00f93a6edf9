/* aggregate.c - the set functions of SPARQL 1.1 section 18.5.1: COUNT, SUM,
 * MIN, MAX, AVG, SAMPLE, GROUP_CONCAT, each optionally DISTINCT.
 *
 * One struct sparql_agg per group and aggregate, owned by the caller
 * (sparql_agg_free). Running sums are kept as typed values, so summing
 * integers or decimals allocates nothing; DISTINCT keeps a hash set of the
 * values seen (by RDF term identity, as the DISTINCT of 18.5.1 compares
 * terms: 1 and 1.0 are two values). The value copies in the set share their
 * strings with the evaluator (dictionary or query arena), which outlive the
 * aggregate. */
#include <stdlib.h>
#include <string.h>

#include "sparql/value_impl.h"

enum agg_kind { AGG_COUNT, AGG_SUM, AGG_MIN, AGG_MAX, AGG_AVG, AGG_SAMPLE, AGG_GROUP_CONCAT };

struct sparql_agg {
    enum agg_kind kind;
    int distinct, star;
    const char *separator;
    size_t seplen;
    int64_t count;
    int error;               /* SUM/AVG saw an error or a non-number */
    int has_acc;             /* acc holds a value */
    struct sparql_value acc; /* SUM/AVG running sum, MIN/MAX best, SAMPLE */
    /* DISTINCT: open addressing, slots with used[i] set. */
    struct sparql_value *set;
    unsigned char *used;
    size_t set_n, set_cap;
    /* GROUP_CONCAT (malloc) */
    char *buf;
    size_t len, cap;
};

static const struct {
    const char *name;
    enum agg_kind kind;
} AGG_NAMES[] = {
    {"COUNT", AGG_COUNT},
    {"SUM", AGG_SUM},
    {"MIN", AGG_MIN},
    {"MAX", AGG_MAX},
    {"AVG", AGG_AVG},
    {"SAMPLE", AGG_SAMPLE},
    {"GROUP_CONCAT", AGG_GROUP_CONCAT},
};

struct sparql_agg *sparql_agg_new(const struct sparql_expr *aggregate, struct arena *arena)
{
    struct sparql_agg *a;
    size_t i;

    (void)arena; /* results are written into the arena given to finish */
    if (!aggregate || aggregate->kind != SPARQL_EXPR_AGGREGATE || !aggregate->name)
        return NULL;
    a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    for (i = 0; i < sizeof AGG_NAMES / sizeof AGG_NAMES[0]; i++)
        if (strcmp(AGG_NAMES[i].name, aggregate->name) == 0)
            break;
    if (i == sizeof AGG_NAMES / sizeof AGG_NAMES[0]) {
        free(a);
        return NULL;
    }
    a->kind = AGG_NAMES[i].kind;
    a->distinct = aggregate->distinct;
    a->star = aggregate->star;
    a->separator = aggregate->separator ? aggregate->separator : " ";
    a->seplen = strlen(a->separator);
    if (a->kind == AGG_SUM || a->kind == AGG_AVG) {
        sv_make_integer(&a->acc, 0);
        a->has_acc = 1;
    }
    return a;
}

void sparql_agg_free(struct sparql_agg *a)
{
    if (!a)
        return;
    free(a->set);
    free(a->used);
    free(a->buf);
    free(a);
}

static int set_grow(struct sparql_agg *a)
{
    size_t cap = a->set_cap ? a->set_cap * 2 : 16, i;
    struct sparql_value *set = calloc(cap, sizeof *set);
    unsigned char *used = calloc(cap, 1);

    if (!set || !used) {
        free(set);
        free(used);
        return -1;
    }
    for (i = 0; i < a->set_cap; i++) {
        size_t j;

        if (!a->used[i])
            continue;
        j = sparql_value_hash(&a->set[i]) & (cap - 1);
        while (used[j])
            j = (j + 1) & (cap - 1);
        set[j] = a->set[i];
        used[j] = 1;
    }
    free(a->set);
    free(a->used);
    a->set = set;
    a->used = used;
    a->set_cap = cap;
    return 0;
}

/* 1 when v is new (and now recorded), 0 when seen, -1 out of memory. */
static int set_add(struct sparql_agg *a, const struct sparql_value *v)
{
    size_t j;

    if ((a->set_n + 1) * 2 > a->set_cap && set_grow(a) < 0)
        return -1;
    j = sparql_value_hash(v) & (a->set_cap - 1);
    while (a->used[j]) {
        if (sparql_value_same_term(&a->set[j], v))
            return 0;
        j = (j + 1) & (a->set_cap - 1);
    }
    a->set[j] = *v;
    a->used[j] = 1;
    a->set_n++;
    return 1;
}

static int concat_add(struct sparql_agg *a, const char *s, size_t n)
{
    if (a->len + n + 1 > a->cap) {
        size_t cap = a->cap ? a->cap : 64;
        char *p;

        while (cap < a->len + n + 1)
            cap *= 2;
        p = realloc(a->buf, cap);
        if (!p)
            return -1;
        a->buf = p;
        a->cap = cap;
    }
    if (n)
        memcpy(a->buf + a->len, s, n);
    a->len += n;
    return 0;
}

int sparql_agg_step(struct sparql_agg *a, const struct sparql_value *v, struct error *err)
{
    struct sparql_value r;
    char lexbuf[SV_LEX_BUF];
    const char *s;
    size_t n;
    int rc;

    if (!v || v->type == SV_UNBOUND) {
        if (a->kind == AGG_SUM || a->kind == AGG_AVG)
            a->error = 1;
        return 0; /* COUNT skips errors; MIN, MAX, SAMPLE, GROUP_CONCAT ignore them */
    }
    if (a->distinct && !(a->kind == AGG_COUNT && a->star)) {
        rc = set_add(a, v);
        if (rc < 0)
            goto oom;
        if (rc == 0)
            return 0;
    }
    switch (a->kind) {
    case AGG_COUNT:
        a->count++;
        break;
    case AGG_SUM:
    case AGG_AVG:
        a->count++;
        if (a->error)
            break;
        if (sv_arith('+', &a->acc, v, &r))
            a->error = 1;
        else
            a->acc = r;
        break;
    case AGG_MIN:
    case AGG_MAX:
        if (!a->has_acc || (a->kind == AGG_MIN ? sparql_value_order(v, &a->acc) < 0
                                               : sparql_value_order(v, &a->acc) > 0)) {
            a->acc = *v;
            a->has_acc = 1;
        }
        break;
    case AGG_SAMPLE:
        if (!a->has_acc) {
            a->acc = *v;
            a->has_acc = 1;
        }
        break;
    case AGG_GROUP_CONCAT:
        if (v->type == SV_BLANK) {
            a->error = 1; /* STR of a blank node */
            break;
        }
        s = sv_lex(v, lexbuf, &n);
        if ((a->count && concat_add(a, a->separator, a->seplen)) || concat_add(a, s, n))
            goto oom;
        a->count++;
        break;
    }
    return 0;
oom:
    error_set(err, "out of memory in an aggregate");
    return -1;
}

int sparql_agg_finish(struct sparql_agg *a, const struct sparql_expr_env *env,
                      struct sparql_value *out, struct error *err)
{
    struct sparql_value n;
    char *p;

    switch (a->kind) {
    case AGG_COUNT:
        sv_make_integer(out, a->count);
        break;
    case AGG_SUM:
        if (a->error)
            return 1;
        *out = a->acc;
        break;
    case AGG_AVG:
        if (a->error)
            return 1;
        if (a->count == 0) {
            sv_make_integer(out, 0);
            break;
        }
        sv_make_integer(&n, a->count);
        if (sv_arith('/', &a->acc, &n, out))
            return 1;
        break;
    case AGG_MIN:
    case AGG_MAX:
    case AGG_SAMPLE:
        if (!a->has_acc)
            return 1;
        *out = a->acc;
        break;
    case AGG_GROUP_CONCAT:
        if (a->error)
            return 1;
        p = env->arena ? arena_strndup(env->arena, a->buf ? a->buf : "", a->len) : NULL;
        if (!p)
            goto oom;
        sv_make_string(out, p, a->len, NULL);
        return 0;
    }
    if (!out->term.value && out->term.kind == TERM_LITERAL &&
        (!env->arena || sparql_value_lexical(out, env->arena) < 0))
        goto oom;
    return 0;
oom:
    error_set(err, "out of memory in an aggregate");
    return -1;
}
