/* eval_group.c - Group with aggregates (18.5.1), OrderBy (15.1, stable) and
 * Distinct. Group keys and distinct rows compare term ids: ids are canonical
 * per RDF term (eval.h), so equal ids are the same term. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

static uint64_t hash_ids(const term_id *v, size_t n)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < n; i++)
        h = (h ^ v[i]) * 1099511628211ull;
    return h ^ (h >> 31);
}

/* A hash set of id tuples of width w; returns the tuple's index (adding it
 * when new, *added set). */
struct tset {
    size_t w;
    term_id *keys; /* n tuples */
    size_t n, cap;
    size_t *h; /* index + 1 */
    size_t hcap;
};

static long tset_put(struct eval_ctx *c, struct tset *s, const term_id *k, int *added)
{
    *added = 0;
    if ((s->n + 1) * 2 > s->hcap) {
        size_t ncap = s->hcap ? s->hcap * 2 : 64;
        size_t *h = calloc(ncap, sizeof *h);

        if (!h)
            return eval_fail(c, "out of memory");
        for (size_t i = 0; i < s->n; i++) {
            size_t j = hash_ids(s->keys + i * s->w, s->w) & (ncap - 1);
            while (h[j])
                j = (j + 1) & (ncap - 1);
            h[j] = i + 1;
        }
        free(s->h);
        s->h = h;
        s->hcap = ncap;
    }
    size_t j = hash_ids(k, s->w) & (s->hcap - 1);
    while (s->h[j]) {
        size_t i = s->h[j] - 1;
        if (!memcmp(s->keys + i * s->w, k, s->w * sizeof *k))
            return (long)i;
        j = (j + 1) & (s->hcap - 1);
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        term_id *keys = realloc(s->keys, ncap * (s->w ? s->w : 1) * sizeof *keys);

        if (!keys)
            return eval_fail(c, "out of memory");
        s->keys = keys;
        s->cap = ncap;
    }
    if (s->w)
        memcpy(s->keys + s->n * s->w, k, s->w * sizeof *k);
    s->h[j] = s->n + 1;
    *added = 1;
    return (long)s->n++;
}

static void tset_free(struct tset *s)
{
    free(s->keys);
    free(s->h);
}

int eval_distinct(struct eval_ctx *c, struct eval_tbl *t)
{
    struct tset s = {0};
    size_t k = 0;
    int added;

    s.w = t->width;
    for (size_t i = 0; i < t->n; i++) {
        if (tset_put(c, &s, eval_row(t, i), &added) < 0) {
            tset_free(&s);
            return -1;
        }
        if (added) {
            if (k != i)
                memcpy(eval_row(t, k), eval_row(t, i), t->width * sizeof(term_id));
            k++;
        }
    }
    t->n = k;
    tset_free(&s);
    return 0;
}

int eval_group(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
               const struct eval_tbl *in, struct eval_tbl *out)
{
    const struct sparql_alg *a = n->a;
    struct eval_tbl t;
    struct tset groups = {0};
    struct sparql_agg **aggs = NULL; /* ngroups * naggs */
    size_t cap_groups = 0, nk = a->nkeys, na = a->naggs;
    term_id *key = calloc(nk + 1, sizeof *key), *row = calloc(c->nvars + 1, sizeof *row);
    int *kslot = calloc(nk + 1, sizeof *kslot), rc = -1, added;

    eval_tbl_init(&t, c->nvars);
    groups.w = nk;
    if (!key || !row || !kslot) {
        eval_fail(c, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nk; k++) {
        const struct sparql_group_key *gk = &a->keys[k];

        kslot[k] = -1;
        if (gk->var.kind == SPARQL_TERM_VAR)
            kslot[k] = eval_slot(c, gk->var.value);
        else if (gk->expr->kind == SPARQL_EXPR_TERM && gk->expr->term.kind == SPARQL_TERM_VAR)
            kslot[k] = eval_slot(c, gk->expr->term.value);
    }
    /* the group's input is evaluated on its own (in is the unit table) */
    if (eval_node(c, n->args[0], g, in, &t, 0) < 0)
        goto out;
    if (nk == 0) { /* one group, even over no rows */
        if (tset_put(c, &groups, key, &added) < 0)
            goto out;
    }
    for (size_t i = 0; i < t.n; i++) {
        const term_id *r = eval_row(&t, i);

        for (size_t k = 0; k < nk; k++) {
            const struct sparql_expr *e = a->keys[k].expr;

            if (e->kind == SPARQL_EXPR_TERM && e->term.kind == SPARQL_TERM_VAR) {
                key[k] = r[eval_slot(c, e->term.value)];
            } else {
                struct sparql_value v;
                int x = eval_expr(c, e, r, &v);

                if (x < 0)
                    goto out;
                key[k] = x ? TERM_ID_NONE : eval_intern(c, &v);
                if (c->failed)
                    goto out;
            }
        }
        long gi = tset_put(c, &groups, key, &added);
        if (gi < 0)
            goto out;
        if (groups.n > cap_groups) {
            size_t ncap = cap_groups ? cap_groups * 2 : 64;
            struct sparql_agg **x = realloc(aggs, ncap * (na ? na : 1) * sizeof *x);

            if (!x) {
                eval_fail(c, "out of memory");
                goto out;
            }
            memset(x + cap_groups * na, 0, (ncap - cap_groups) * na * sizeof *x);
            aggs = x;
            cap_groups = ncap;
        }
        for (size_t k = 0; k < na; k++) {
            struct sparql_agg **ag = &aggs[(size_t)gi * na + k];
            const struct sparql_expr *ae = a->aggs[k].expr;
            struct sparql_value v;
            int x = 0;

            if (!*ag && !(*ag = sparql_agg_new(ae, c->arena))) {
                eval_fail(c, "out of memory");
                goto out;
            }
            if (ae->star || ae->nargs == 0) {
                memset(&v, 0, sizeof v);
                v.type = SV_BOOLEAN;
            } else {
                x = eval_expr(c, ae->args[0], r, &v);
                if (x < 0)
                    goto out;
            }
            if (sparql_agg_step(*ag, x ? NULL : &v, c->err) < 0) {
                c->failed = 1;
                goto out;
            }
        }
        if (eval_tick(c) < 0)
            goto out;
    }
    if (nk == 0 && groups.n > cap_groups) {
        aggs = calloc(na ? na : 1, sizeof *aggs);
        if (!aggs) {
            eval_fail(c, "out of memory");
            goto out;
        }
        cap_groups = 1;
    }
    for (size_t gi = 0; gi < groups.n; gi++) {
        memset(row, 0, c->nvars * sizeof *row);
        for (size_t k = 0; k < nk; k++)
            if (kslot[k] >= 0)
                row[kslot[k]] = groups.keys[gi * nk + k];
        for (size_t k = 0; k < na; k++) {
            struct sparql_agg **ag = &aggs[gi * na + k];
            struct sparql_value v;

            if (!*ag && !(*ag = sparql_agg_new(a->aggs[k].expr, c->arena))) {
                eval_fail(c, "out of memory");
                goto out;
            }
            int x = sparql_agg_finish(*ag, &c->env, &v, c->err);
            if (x < 0) {
                c->failed = 1;
                goto out;
            }
            if (x == 0) {
                row[eval_slot(c, a->aggs[k].var.value)] = eval_intern(c, &v);
                if (c->failed)
                    goto out;
            }
        }
        if (eval_tbl_push(c, out, row) < 0)
            goto out;
    }
    rc = 0;
out:
    if (aggs)
        for (size_t i = 0; i < cap_groups * na; i++)
            sparql_agg_free(aggs[i]);
    free(aggs);
    tset_free(&groups);
    eval_tbl_free(c, &t);
    free(key);
    free(row);
    free(kslot);
    return rc;
}

/* ---- ORDER BY ---- */

struct okeys {
    const struct sparql_alg *a;
    struct sparql_value *vals; /* n * norder */
};

static int order_cmp(const void *x, const void *y, void *arg)
{
    const struct okeys *o = arg;
    size_t i = *(const size_t *)x, j = *(const size_t *)y, k, no = o->a->norder;

    for (k = 0; k < no; k++) {
        int d = sparql_value_order(&o->vals[i * no + k], &o->vals[j * no + k]);

        if (d)
            return o->a->order[k].descending ? -d : d;
    }
    return i < j ? -1 : i > j; /* stable */
}

int eval_order(struct eval_ctx *c, struct eval_node *n, struct eval_tbl *t)
{
    const struct sparql_alg *a = n->a;
    size_t no = a->norder;
    struct okeys o = {a, NULL};
    size_t *idx = malloc((t->n + 1) * sizeof *idx);
    term_id *rows = malloc((t->n + 1) * t->width * sizeof *rows);
    int rc = -1;

    o.vals = calloc(t->n * no + 1, sizeof *o.vals);
    if (!idx || !rows || !o.vals) {
        eval_fail(c, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < t->n; i++) {
        idx[i] = i;
        for (size_t k = 0; k < no; k++) {
            int x = eval_expr(c, a->order[k].expr, eval_row(t, i), &o.vals[i * no + k]);

            if (x < 0)
                goto out;
            if (x)
                memset(&o.vals[i * no + k], 0, sizeof o.vals[0]);
        }
        if (eval_tick(c) < 0)
            goto out;
    }
    qsort_r(idx, t->n, sizeof *idx, order_cmp, &o);
    for (size_t i = 0; i < t->n; i++)
        memcpy(rows + i * t->width, eval_row(t, idx[i]), t->width * sizeof *rows);
    memcpy(t->rows, rows, t->n * t->width * sizeof *rows);
    rc = 0;
out:
    free(idx);
    free(rows);
    free(o.vals);
    return rc;
}
