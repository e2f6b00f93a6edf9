/* sparql_value_stub.c - a minimal stand-in for value.h, used only by the
 * evaluator's unit tests until the expression module is linked in: terms,
 * integers, = != < > && || ! BOUND, EXISTS, COUNT and SUM of integers. */
#include <stdlib.h>
#include <string.h>

#include "sparql/value.h"

void sparql_value_from_term(const struct term *t, struct sparql_value *out)
{
    memset(out, 0, sizeof *out);
    out->term = *t;
    out->type = t->kind == TERM_IRI ? SV_IRI : t->kind == TERM_BLANK ? SV_BLANK : SV_OTHER;
    if (t->kind == TERM_LITERAL && t->datatype && !strcmp(t->datatype, XSD_NS "integer")) {
        out->type = SV_INTEGER;
        out->v.i = strtoll(t->value, NULL, 10);
    } else if (t->kind == TERM_LITERAL && !t->datatype && !t->lang) {
        out->type = SV_STRING;
    }
}

int sparql_value_from_id(const struct dict *d, term_id id, struct sparql_value *out)
{
    struct term t;

    if (dict_get(d, id, &t) < 0)
        return -1;
    sparql_value_from_term(&t, out);
    out->id = id;
    return 0;
}

int sparql_value_same_term(const struct sparql_value *a, const struct sparql_value *b)
{
    return term_equal(&a->term, &b->term);
}

int sparql_value_equal(const struct sparql_value *a, const struct sparql_value *b, int *out)
{
    if (a->type == SV_INTEGER && b->type == SV_INTEGER)
        *out = a->v.i == b->v.i;
    else
        *out = sparql_value_same_term(a, b);
    return 0;
}

int sparql_value_ebv(const struct sparql_value *v, int *out)
{
    if (v->type == SV_BOOLEAN) {
        *out = v->v.b;
        return 0;
    }
    if (v->type == SV_INTEGER) {
        *out = v->v.i != 0;
        return 0;
    }
    if (v->type == SV_STRING) {
        *out = v->term.len != 0;
        return 0;
    }
    return 1;
}

int sparql_value_order(const struct sparql_value *a, const struct sparql_value *b)
{
    if (a->type == SV_UNBOUND || b->type == SV_UNBOUND)
        return (a->type != SV_UNBOUND) - (b->type != SV_UNBOUND);
    if (a->type == SV_INTEGER && b->type == SV_INTEGER)
        return (a->v.i > b->v.i) - (a->v.i < b->v.i);
    if (a->term.kind != b->term.kind)
        return (int)a->term.kind - (int)b->term.kind;
    size_t n = a->term.len < b->term.len ? a->term.len : b->term.len;
    int d = memcmp(a->term.value, b->term.value, n);
    return d ? d : (a->term.len > b->term.len) - (a->term.len < b->term.len);
}

uint64_t sparql_value_hash(const struct sparql_value *v)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < v->term.len; i++)
        h = (h ^ (unsigned char)v->term.value[i]) * 1099511628211ull;
    return h;
}

static void set_bool(struct sparql_value *out, int b)
{
    memset(out, 0, sizeof *out);
    out->type = SV_BOOLEAN;
    out->v.b = b;
    out->term = term_literal(b ? "true" : "false", NULL, XSD_NS "boolean");
}

static void set_int(struct sparql_value *out, int64_t i, struct arena *a)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)i);

    memset(out, 0, sizeof *out);
    out->type = SV_INTEGER;
    out->v.i = i;
    out->term = term_literal(arena_strndup(a, buf, (size_t)n), NULL, XSD_NS "integer");
}

int sparql_expr_eval(const struct sparql_expr *e, const struct sparql_expr_env *env,
                     struct sparql_value *out, struct error *err)
{
    struct sparql_value a, b;
    int x, y, rc;

    switch (e->kind) {
    case SPARQL_EXPR_TERM:
        if (e->term.kind == SPARQL_TERM_VAR)
            return env->lookup(env->ctx, e->term.value, out);
        {
            struct term t = {(enum term_kind)e->term.kind, e->term.value, e->term.len,
                             e->term.lang, e->term.datatype};
            sparql_value_from_term(&t, out);
        }
        return 0;
    case SPARQL_EXPR_AND:
    case SPARQL_EXPR_OR:
        x = sparql_expr_eval(e->args[0], env, &a, err);
        y = sparql_expr_eval(e->args[1], env, &b, err);
        if (x < 0 || y < 0)
            return -1;
        if (x || y || sparql_value_ebv(&a, &x) || sparql_value_ebv(&b, &y))
            return 1;
        set_bool(out, e->kind == SPARQL_EXPR_AND ? x && y : x || y);
        return 0;
    case SPARQL_EXPR_NOT:
        if ((rc = sparql_expr_eval(e->args[0], env, &a, err)) != 0)
            return rc;
        if (sparql_value_ebv(&a, &x))
            return 1;
        set_bool(out, !x);
        return 0;
    case SPARQL_EXPR_EQ:
    case SPARQL_EXPR_NE:
    case SPARQL_EXPR_LT:
    case SPARQL_EXPR_GT:
    case SPARQL_EXPR_ADD:
        if ((rc = sparql_expr_eval(e->args[0], env, &a, err)) != 0 ||
            (rc = sparql_expr_eval(e->args[1], env, &b, err)) != 0)
            return rc;
        if (e->kind == SPARQL_EXPR_EQ || e->kind == SPARQL_EXPR_NE) {
            sparql_value_equal(&a, &b, &x);
            set_bool(out, e->kind == SPARQL_EXPR_EQ ? x : !x);
            return 0;
        }
        if (a.type != SV_INTEGER || b.type != SV_INTEGER)
            return 1;
        if (e->kind == SPARQL_EXPR_ADD)
            set_int(out, a.v.i + b.v.i, env->arena);
        else
            set_bool(out, e->kind == SPARQL_EXPR_LT ? a.v.i < b.v.i : a.v.i > b.v.i);
        return 0;
    case SPARQL_EXPR_BUILTIN:
        if (!strcmp(e->name, "BOUND")) {
            set_bool(out, env->lookup(env->ctx, e->args[0]->term.value, &a) == 0);
            return 0;
        }
        return 1;
    case SPARQL_EXPR_EXISTS:
    case SPARQL_EXPR_NOT_EXISTS:
        if (env->exists(env->ctx, e->pattern, &x, err) < 0)
            return -1;
        set_bool(out, e->kind == SPARQL_EXPR_EXISTS ? x : !x);
        return 0;
    default:
        return 1;
    }
}

struct sparql_agg {
    const struct sparql_expr *e;
    int64_t n, sum;
    int err;
};

struct sparql_agg *sparql_agg_new(const struct sparql_expr *aggregate, struct arena *arena)
{
    struct sparql_agg *a = arena_alloc(arena, sizeof *a);

    if (a)
        a->e = aggregate;
    return a;
}

int sparql_agg_step(struct sparql_agg *a, const struct sparql_value *v, struct error *err)
{
    (void)err;
    if (!v) {
        a->err |= strcmp(a->e->name, "COUNT") != 0;
        return 0;
    }
    a->n++;
    if (v->type == SV_INTEGER)
        a->sum += v->v.i;
    else if (strcmp(a->e->name, "COUNT"))
        a->err = 1;
    return 0;
}

int sparql_agg_finish(struct sparql_agg *a, const struct sparql_expr_env *env,
                      struct sparql_value *out, struct error *err)
{
    (void)err;
    if (a->err)
        return 1;
    set_int(out, !strcmp(a->e->name, "COUNT") ? a->n : a->sum, env->arena);
    return 0;
}

void sparql_agg_free(struct sparql_agg *a)
{
    (void)a; /* arena memory */
}
