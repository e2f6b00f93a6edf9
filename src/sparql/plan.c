/* plan.c - compiling the algebra into evaluation nodes: variable slots,
 * constant ids, compiled EXISTS patterns, the per-node slot analysis
 * (maybe / certain bound) that decides where input bindings may be
 * substituted, and filter pushdown. See docs/internals/sparql-eval.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

/* Slot of a pattern term that binds (variable or blank node), or -1. */
static int term_slot(struct eval_ctx *c, const struct sparql_term *t)
{
    char buf[512];

    if (t->kind == SPARQL_TERM_VAR)
        return eval_var(c, t->value);
    if (t->kind == TERM_BLANK) {
        snprintf(buf, sizeof buf, "_:%s", t->value);
        return eval_var(c, buf);
    }
    return -2;
}

struct slot_list {
    int *v;
    size_t n, cap;
};

static int sl_push(struct slot_list *l, int s)
{
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        int *v = realloc(l->v, ncap * sizeof *v);

        if (!v)
            return -1;
        l->v = v;
        l->cap = ncap;
    }
    l->v[l->n++] = s;
    return 0;
}

static int compile_pattern_exists(struct eval_ctx *c, const struct sparql_pattern *p);

/* Slots an expression reads (EXISTS: every variable of its pattern). */
static int expr_slots(struct eval_ctx *c, const struct sparql_expr *e, struct slot_list *l);

static int pattern_slots(struct eval_ctx *c, const struct sparql_pattern *p, struct slot_list *l)
{
    if (!p)
        return 0;
    for (size_t i = 0; i < p->ntriples; i++) {
        const struct sparql_term *t[4] = {&p->triples[i].s, &p->triples[i].p, &p->triples[i].o,
                                          NULL};
        for (int k = 0; k < 3; k++)
            if (t[k]->kind == SPARQL_TERM_VAR) {
                int s = eval_var(c, t[k]->value);
                if (s < 0 || sl_push(l, s) < 0)
                    return -1;
            }
    }
    if (p->term.kind == SPARQL_TERM_VAR) {
        int s = eval_var(c, p->term.value);
        if (s < 0 || sl_push(l, s) < 0)
            return -1;
    }
    if (p->expr && expr_slots(c, p->expr, l) < 0)
        return -1;
    for (size_t i = 0; i < p->nitems; i++)
        if (pattern_slots(c, p->items[i], l) < 0)
            return -1;
    if (p->values)
        for (size_t i = 0; i < p->values->nvars; i++) {
            int s = eval_var(c, p->values->vars[i].value);
            if (s < 0 || sl_push(l, s) < 0)
                return -1;
        }
    if (p->query) {
        const struct sparql_query *q = p->query;

        for (size_t i = 0; i < q->nprojections; i++) {
            int s = eval_var(c, q->projections[i].var.value);
            if (s < 0 || sl_push(l, s) < 0)
                return -1;
        }
        if (q->star && pattern_slots(c, q->where, l) < 0)
            return -1;
    }
    return 0;
}

static int expr_slots(struct eval_ctx *c, const struct sparql_expr *e, struct slot_list *l)
{
    if (!e)
        return 0;
    if (e->kind == SPARQL_EXPR_TERM && e->term.kind == SPARQL_TERM_VAR) {
        int s = eval_var(c, e->term.value);
        return s < 0 ? -1 : sl_push(l, s);
    }
    if (e->kind == SPARQL_EXPR_EXISTS || e->kind == SPARQL_EXPR_NOT_EXISTS) {
        if (compile_pattern_exists(c, e->pattern) < 0)
            return -1;
        if (pattern_slots(c, e->pattern, l) < 0)
            return -1;
    }
    for (size_t i = 0; i < e->nargs; i++)
        if (expr_slots(c, e->args[i], l) < 0)
            return -1;
    return 0;
}

static int compile_pattern_exists(struct eval_ctx *c, const struct sparql_pattern *p)
{
    struct sparql_algebra *alg = NULL;

    if (eval_exists_find(c, p))
        return 0;
    if (sparql_algebra_from_pattern(p, &alg, c->err) < 0)
        return -1;
    if (c->nexists == c->capexists) {
        size_t ncap = c->capexists ? c->capexists * 2 : 4;
        struct eval_exists *x = realloc(c->exists, ncap * sizeof *x);

        if (!x) {
            sparql_algebra_free(alg);
            return -1;
        }
        c->exists = x;
        c->capexists = ncap;
    }
    struct eval_exists *x = &c->exists[c->nexists++];
    x->pattern = p;
    x->alg = alg;
    x->node = NULL;
    x->node = eval_compile(c, alg->root);
    /* the array may have moved during the nested compile */
    x = eval_exists_find(c, p);
    return x && x->node ? 0 : -1;
}

static void *nalloc(struct eval_ctx *c, size_t size)
{
    void *p = arena_alloc(c->arena, size ? size : 1);

    if (!p)
        eval_fail(c, "out of memory");
    return p;
}

/* Slot masks are sized after compilation (the slot count grows while
 * compiling), so the analysis runs in a second pass. */
static struct eval_node *compile1(struct eval_ctx *c, const struct sparql_alg *a)
{
    struct eval_node *n = nalloc(c, sizeof *n);
    struct slot_list l = {0};

    if (!n)
        return NULL;
    n->a = a;
    n->graph_slot = -1;
    n->var_slot = -1;
    for (size_t i = 0; i < a->nargs; i++)
        if (!(n->args[i] = compile1(c, a->args[i])))
            return NULL;
    if (a->kind == SPARQL_ALG_BGP || a->kind == SPARQL_ALG_PATH) {
        n->pats = nalloc(c, (a->ntriples + 1) * sizeof *n->pats);
        if (!n->pats)
            return NULL;
        for (size_t i = 0; i < a->ntriples; i++) {
            const struct sparql_term *t[3] = {&a->triples[i].s, &a->triples[i].p, &a->triples[i].o};
            n->pats[i].slot[3] = -1;
            for (int k = 0; k < 3; k++) {
                int s = term_slot(c, t[k]);

                if (s == -1) {
                    eval_fail(c, "out of memory");
                    return NULL;
                }
                n->pats[i].slot[k] = s < 0 ? -1 : s;
                if (s < 0 && t[k]->kind != TERM_NONE) {
                    n->pats[i].id[k] = eval_const_id(c, t[k]);
                    if (EVAL_IS_EXTRA(n->pats[i].id[k]) && a->kind == SPARQL_ALG_BGP)
                        n->pats[i].id[k] = TERM_ID_NONE; /* never matches */
                }
            }
        }
    }
    if (a->kind == SPARQL_ALG_GRAPH) {
        if (a->term.kind == SPARQL_TERM_VAR) {
            n->graph_slot = eval_var(c, a->term.value);
        } else {
            struct term t = term_iri(a->term.value);
            n->graph_id = dict_lookup(c->dict, &t);
        }
    }
    if (a->kind == SPARQL_ALG_EXTEND)
        n->var_slot = eval_var(c, a->var.value);
    if (a->kind == SPARQL_ALG_LEFTJOIN) {
        /* hidden row-number slot of the bind join ('%' cannot start a
         * variable name) */
        char name[64];
        snprintf(name, sizeof name, "%%lj%p", (const void *)a);
        n->var_slot = eval_var(c, name);
    }
    if (a->kind == SPARQL_ALG_TABLE && a->values)
        for (size_t i = 0; i < a->values->nvars; i++)
            eval_var(c, a->values->vars[i].value);
    if (a->kind == SPARQL_ALG_PROJECT)
        for (size_t i = 0; i < a->nvars; i++)
            eval_var(c, a->vars[i].value);
    if (a->kind == SPARQL_ALG_GROUP) {
        for (size_t i = 0; i < a->nkeys; i++) {
            if (a->keys[i].var.kind == SPARQL_TERM_VAR)
                eval_var(c, a->keys[i].var.value);
            if (expr_slots(c, a->keys[i].expr, &l) < 0)
                goto oom;
        }
        for (size_t i = 0; i < a->naggs; i++) {
            eval_var(c, a->aggs[i].var.value);
            if (expr_slots(c, a->aggs[i].expr, &l) < 0)
                goto oom;
        }
    }
    if (a->kind == SPARQL_ALG_ORDER)
        for (size_t i = 0; i < a->norder; i++)
            if (expr_slots(c, a->order[i].expr, &l) < 0)
                goto oom;
    l.n = 0;
    /* expr_slots: per expression, its slots then -2; the list ends with -3 */
    for (size_t i = 0; i < a->nexprs; i++) {
        if (expr_slots(c, a->exprs[i], &l) < 0 || sl_push(&l, -2) < 0)
            goto oom;
    }
    if (a->kind == SPARQL_ALG_EXTEND && (expr_slots(c, a->expr, &l) < 0 || sl_push(&l, -2) < 0))
        goto oom;
    if (sl_push(&l, -3) < 0)
        goto oom;
    n->expr_slots = nalloc(c, l.n * sizeof *n->expr_slots);
    if (!n->expr_slots)
        goto oom;
    memcpy(n->expr_slots, l.v, l.n * sizeof *l.v);
    free(l.v);
    return n;
oom:
    free(l.v);
    eval_fail(c, "out of memory");
    return NULL;
}

static void mark(unsigned char *m, int s)
{
    if (s >= 0)
        m[s] = 1;
}

static int analyse(struct eval_ctx *c, struct eval_node *n)
{
    const struct sparql_alg *a = n->a;
    size_t w = c->nvars;

    for (size_t i = 0; i < a->nargs; i++)
        if (analyse(c, n->args[i]) < 0)
            return -1;
    n->maybe = nalloc(c, w + 1);
    n->certain = nalloc(c, w + 1);
    if (!n->maybe || !n->certain)
        return -1;
    switch (a->kind) {
    case SPARQL_ALG_BGP:
    case SPARQL_ALG_PATH:
        for (size_t i = 0; i < a->ntriples; i++)
            for (int k = 0; k < 3; k++) {
                mark(n->maybe, n->pats[i].slot[k]);
                mark(n->certain, n->pats[i].slot[k]);
            }
        n->safe = 1;
        break;
    case SPARQL_ALG_JOIN:
        for (size_t s = 0; s < w; s++) {
            n->maybe[s] = n->args[0]->maybe[s] | n->args[1]->maybe[s];
            n->certain[s] = n->args[0]->certain[s] | n->args[1]->certain[s];
        }
        n->safe = n->args[0]->safe && n->args[1]->safe;
        break;
    case SPARQL_ALG_UNION:
        for (size_t s = 0; s < w; s++) {
            n->maybe[s] = n->args[0]->maybe[s] | n->args[1]->maybe[s];
            n->certain[s] = n->args[0]->certain[s] & n->args[1]->certain[s];
        }
        n->safe = n->args[0]->safe && n->args[1]->safe;
        break;
    case SPARQL_ALG_LEFTJOIN:
    case SPARQL_ALG_MINUS:
    case SPARQL_ALG_FILTER:
    case SPARQL_ALG_EXTEND:
    case SPARQL_ALG_ORDER:
    case SPARQL_ALG_DISTINCT:
    case SPARQL_ALG_REDUCED:
    case SPARQL_ALG_SLICE:
        memcpy(n->maybe, n->args[0]->maybe, w);
        memcpy(n->certain, n->args[0]->certain, w);
        if (a->kind == SPARQL_ALG_LEFTJOIN)
            for (size_t s = 0; s < w; s++)
                n->maybe[s] |= n->args[1]->maybe[s];
        if (a->kind == SPARQL_ALG_EXTEND) {
            mark(n->maybe, n->var_slot);
            if (!c->extended && !(c->extended = nalloc(c, w + 1)))
                return -1;
            mark(c->extended, n->var_slot);
        }
        break;
    case SPARQL_ALG_GRAPH:
        memcpy(n->maybe, n->args[0]->maybe, w);
        memcpy(n->certain, n->args[0]->certain, w);
        mark(n->maybe, n->graph_slot);
        mark(n->certain, n->graph_slot);
        n->safe = n->args[0]->safe;
        break;
    case SPARQL_ALG_TABLE:
        if (a->values) {
            for (size_t k = 0; k < a->values->nvars; k++) {
                int s = eval_slot(c, a->values->vars[k].value), all = 1;

                for (size_t r = 0; r < a->values->nrows; r++)
                    if (a->values->cells[r * a->values->nvars + k].kind == SPARQL_TERM_UNDEF)
                        all = 0;
                mark(n->maybe, s);
                if (all)
                    n->certain[s] = 1;
            }
        }
        n->safe = 1;
        break;
    case SPARQL_ALG_PROJECT:
        for (size_t i = 0; i < a->nvars; i++) {
            int s = eval_slot(c, a->vars[i].value);

            if (s >= 0) {
                n->maybe[s] = n->args[0]->maybe[s];
                n->certain[s] = n->args[0]->certain[s];
            }
        }
        break;
    case SPARQL_ALG_GROUP:
        for (size_t i = 0; i < a->nkeys; i++) {
            const struct sparql_group_key *k = &a->keys[i];
            if (k->var.kind == SPARQL_TERM_VAR)
                mark(n->maybe, eval_slot(c, k->var.value));
            else if (k->expr->kind == SPARQL_EXPR_TERM && k->expr->term.kind == SPARQL_TERM_VAR)
                mark(n->maybe, eval_slot(c, k->expr->term.value));
        }
        for (size_t i = 0; i < a->naggs; i++)
            mark(n->maybe, eval_slot(c, a->aggs[i].var.value));
        break;
    default:
        break;
    }
    return 0;
}

struct eval_node *eval_compile(struct eval_ctx *c, const struct sparql_alg *a)
{
    return compile1(c, a);
}

static int expr_has_exists(const struct sparql_expr *e)
{
    if (e->kind == SPARQL_EXPR_EXISTS || e->kind == SPARQL_EXPR_NOT_EXISTS)
        return 1;
    for (size_t i = 0; i < e->nargs; i++)
        if (expr_has_exists(e->args[i]))
            return 1;
    return 0;
}

/* Filter pushdown: Filter(e, Join(A, B)) = Join(Filter(e, A), B) and
 * Filter(e, LeftJoin(A, B)) = LeftJoin(Filter(e, A), B) when every
 * variable of e is bound in every solution of A (then e sees the same
 * values in A's rows as in the joined rows). EXISTS stays where it is (its
 * substitution sees the whole row). A filter over a BGP then runs inside
 * the BGP's loops. */
static int push_filters(struct eval_ctx *c, struct eval_node **np)
{
    struct eval_node *n = *np;

    if (n->a->kind == SPARQL_ALG_FILTER &&
        (n->args[0]->a->kind == SPARQL_ALG_JOIN || n->args[0]->a->kind == SPARQL_ALG_LEFTJOIN)) {
        struct eval_node *j = n->args[0], *a = j->args[0];
        const struct sparql_alg *f = n->a;
        const int *sl = n->expr_slots;
        size_t nf = f->nexprs, nmove = 0, nkeep = 0;
        unsigned char *move = calloc(nf + 1, 1);

        if (!move)
            return eval_fail(c, "out of memory");
        for (size_t i = 0; i < nf; i++) {
            int ok = !expr_has_exists(f->exprs[i]);

            for (; *sl >= 0; sl++)
                ok &= a->certain[*sl];
            sl++; /* the -2 after each expression */
            move[i] = (unsigned char)ok;
            nmove += (size_t)ok;
        }
        if (nmove) {
            struct sparql_alg *fa = nalloc(c, sizeof *fa), *ka = nalloc(c, sizeof *ka);
            struct eval_node *fn = nalloc(c, sizeof *fn);
            const struct sparql_expr **fe = nalloc(c, nmove * sizeof *fe);
            const struct sparql_expr **ke = nalloc(c, (nf - nmove + 1) * sizeof *ke);
            int *fs = nalloc(c, (sl - n->expr_slots + 1) * sizeof *fs);
            int *ks = nalloc(c, (sl - n->expr_slots + 1) * sizeof *ks);
            size_t fi = 0, ki = 0, mi = 0;

            if (!fa || !ka || !fn || !fe || !ke || !fs || !ks) {
                free(move);
                return -1;
            }
            sl = n->expr_slots;
            for (size_t i = 0; i < nf; i++) {
                int *dst = move[i] ? fs : ks;
                size_t *di = move[i] ? &fi : &ki;

                for (; *sl >= 0; sl++)
                    dst[(*di)++] = *sl;
                dst[(*di)++] = -2;
                sl++;
                if (move[i])
                    fe[mi++] = f->exprs[i];
                else
                    ke[nkeep++] = f->exprs[i];
            }
            fs[fi] = -3;
            ks[ki] = -3;
            *fa = *f;
            fa->args[0] = (struct sparql_alg *)a->a;
            fa->exprs = fe;
            fa->nexprs = nmove;
            *fn = *n;
            fn->a = fa;
            fn->args[0] = a;
            fn->maybe = a->maybe;
            fn->certain = a->certain;
            fn->expr_slots = fs;
            fn->calls = fn->actual = 0;
            j->args[0] = fn;
            if (nkeep) {
                *ka = *f;
                ka->exprs = ke;
                ka->nexprs = nkeep;
                n->a = ka;
                n->expr_slots = ks;
            } else {
                *np = j; /* the filter moved down entirely */
            }
        }
        free(move);
    }
    n = *np;
    for (size_t i = 0; i < n->a->nargs && i < 2; i++)
        if (n->args[i] && push_filters(c, &n->args[i]) < 0)
            return -1;
    return 0;
}

int eval_analyse_all(struct eval_ctx *c, struct eval_node **rootp)
{
    struct eval_node *root = *rootp;

    if (analyse(c, root) < 0)
        return -1;
    if (push_filters(c, rootp) < 0)
        return -1;
    for (size_t i = 0; i < c->nexists; i++)
        if (analyse(c, c->exists[i].node) < 0 || push_filters(c, &c->exists[i].node) < 0)
            return -1;
    return 0;
}
