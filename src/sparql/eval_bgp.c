/* eval_bgp.c - basic graph patterns: index nested loops through store_find
 * with every bound position, a greedy join order from exact counts, filters
 * checked at the first level that binds their variables, and hash levels
 * (a pattern read once and probed) where many rows meet a large pattern.
 * See docs/internals/sparql-eval.md. */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

struct bgp_hash {
    int use, built;
    int kpos[4], nk; /* quad positions of the key */
    struct store_quad *q;
    size_t n, cap, memory;
    size_t *heads, *next;
};

struct bgp_run {
    struct bgp_hash *hash; /* per level */
    struct eval_ctx *c;
    struct eval_node *n;
    const struct eval_gctx *g;
    const struct eval_pat *pats;
    size_t np;
    int *order;
    const struct sparql_expr **filters;
    int **fslots; /* per filter: slots it reads, -1 ended */
    size_t nf;
    int *fdone; /* per filter: level at which it ran, -1 not yet */
    struct eval_tbl *out;
    size_t want;
    term_id *row;
};

static int slots_bound(const int *slots, const term_id *row)
{
    for (; *slots >= 0; slots++)
        if (!row[*slots])
            return 0;
    return 1;
}

static int bgp_emit_filters(struct bgp_run *r, int level, int final)
{
    for (size_t i = 0; i < r->nf; i++) {
        if (r->fdone[i] >= 0 && r->fdone[i] < level)
            continue;
        if (!final && !slots_bound(r->fslots[i], r->row))
            continue;
        r->fdone[i] = level;
        int k = eval_filter(r->c, &r->filters[i], 1, r->row);
        if (k <= 0)
            return k;
    }
    return 1;
}

static int bgp_level(struct bgp_run *r, size_t level);

/* One candidate quad at a level: bind, check, recurse, unbind. */
static int bgp_try(struct bgp_run *r, size_t level, const struct eval_pat *p, const term_id *got)
{
    int set[4], ok = 1, rc = 0;

    for (int k = 0; k < 4; k++) {
        int s = k < 3 ? p->slot[k] : (r->g->kind == EVAL_G_VAR ? r->g->slot : -1);

        set[k] = 0;
        if (s < 0)
            continue;
        if (r->row[s]) {
            if (r->row[s] != got[k])
                ok = 0;
        } else {
            r->row[s] = got[k];
            set[k] = 1;
        }
    }
    if (ok) {
        int k = bgp_emit_filters(r, (int)level + 1, 0);

        if (k < 0)
            rc = -1;
        else if (k > 0)
            rc = bgp_level(r, level + 1);
        for (size_t i = 0; i < r->nf; i++)
            if (r->fdone[i] == (int)level + 1)
                r->fdone[i] = -1;
    }
    for (int k = 0; k < 4; k++)
        if (set[k])
            r->row[k < 3 ? p->slot[k] : r->g->slot] = TERM_ID_NONE;
    return rc;
}

static uint64_t quad_key(const term_id *v, const int *kpos, int nk)
{
    uint64_t h = 1469598103934665603ull;

    for (int i = 0; i < nk; i++)
        h = (h ^ v[kpos[i]]) * 1099511628211ull;
    return h ^ (h >> 29);
}

/* Hash mode: the level's pattern (constants only) is read once and probed
 * by the slots earlier levels bound - a hash join inside the BGP, used when
 * many rows reach the level and the pattern is not much larger. */
static int bgp_hash_build(struct bgp_run *r, struct bgp_hash *h, const struct eval_pat *p)
{
    term_id *zero = calloc(r->c->nvars + 1, sizeof *zero);
    struct eval_qit *it;
    struct store_quad q;
    size_t cap = 0;

    h->built = 1;
    if (!zero)
        return eval_fail(r->c, "out of memory");
    it = eval_qit_open(r->c, r->g, zero, p->slot[0] < 0 ? p->id[0] : 0,
                       p->slot[1] < 0 ? p->id[1] : 0, p->slot[2] < 0 ? p->id[2] : 0);
    free(zero);
    if (!it)
        return -1;
    while (eval_qit_next(it, &q)) {
        if (h->n == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            struct store_quad *x = realloc(h->q, ncap * sizeof *x);

            if (!x) {
                eval_qit_free(it);
                return eval_fail(r->c, "out of memory");
            }
            h->q = x;
            cap = ncap;
        }
        h->q[h->n++] = q;
    }
    eval_qit_free(it);
    if (r->c->failed)
        return -1;
    r->c->mem += cap * sizeof *h->q;
    h->memory = cap * sizeof *h->q;
    if (r->c->max_memory && r->c->mem > r->c->max_memory)
        return eval_fail(r->c, "query memory limit of %zu bytes exceeded", r->c->max_memory);
    for (h->cap = 16; h->cap < h->n * 2; h->cap *= 2)
        ;
    h->heads = malloc(h->cap * sizeof *h->heads);
    h->next = malloc((h->n + 1) * sizeof *h->next);
    if (!h->heads || !h->next)
        return eval_fail(r->c, "out of memory");
    for (size_t i = 0; i < h->cap; i++)
        h->heads[i] = (size_t)-1;
    for (size_t i = 0; i < h->n; i++) {
        term_id got[4] = {h->q[i].s, h->q[i].p, h->q[i].o, h->q[i].g};
        size_t b = quad_key(got, h->kpos, h->nk) & (h->cap - 1);

        h->next[i] = h->heads[b];
        h->heads[b] = i;
    }
    return 0;
}

static int bgp_level(struct bgp_run *r, size_t level)
{
    if (r->c->failed)
        return -1;
    if (r->want && r->out->n >= r->want)
        return 0;
    if (level == r->np) {
        int k = bgp_emit_filters(r, (int)level, 1);

        for (size_t i = 0; i < r->nf; i++)
            if (r->fdone[i] == (int)level)
                r->fdone[i] = -1;
        if (k < 0)
            return -1;
        return k ? eval_tbl_push(r->c, r->out, r->row) : 0;
    }
    const struct eval_pat *p = &r->pats[r->order[level]];
    struct bgp_hash *h = r->hash ? &r->hash[level] : NULL;
    term_id v[4];
    int rc = 0;
    struct store_quad q;

    for (int k = 0; k < 3; k++) {
        v[k] = p->slot[k] >= 0 ? r->row[p->slot[k]] : p->id[k];
        if (p->slot[k] < 0 && !p->id[k])
            return 0; /* constant absent from the store */
    }
    if (h && h->use) {
        term_id key[4] = {0, 0, 0, 0};
        int probe = 1;

        for (int i = 0; i < h->nk; i++) {
            int k = h->kpos[i];
            int s = k < 3 ? p->slot[k] : r->g->slot;

            key[k] = r->row[s];
            probe &= key[k] != 0;
        }
        if (probe) {
            if (!h->built && bgp_hash_build(r, h, p) < 0)
                return -1;
            size_t b = quad_key(key, h->kpos, h->nk) & (h->cap - 1);
            for (size_t i = h->heads[b]; i != (size_t)-1 && rc == 0; i = h->next[i]) {
                term_id got[4] = {h->q[i].s, h->q[i].p, h->q[i].o, h->q[i].g};

                rc = bgp_try(r, level, p, got);
                if (r->want && r->out->n >= r->want)
                    break;
            }
            if (rc == 0 && eval_tick(r->c) < 0)
                return -1;
            return r->c->failed ? -1 : rc;
        }
    }
    struct eval_qit *it = eval_qit_open(r->c, r->g, r->row, v[0], v[1], v[2]);
    if (!it)
        return -1;
    while (eval_qit_next(it, &q)) {
        term_id got[4] = {q.s, q.p, q.o, q.g};

        rc = bgp_try(r, level, p, got);
        if (rc < 0 || (r->want && r->out->n >= r->want))
            break;
    }
    eval_qit_free(it);
    return r->c->failed ? -1 : rc;
}

/* Greedy order: at each step the pattern with the smallest estimated count
 * given the slots bound so far, preferring patterns connected to them. The
 * count is exact (store_count) for constants and for slots bound in the
 * sample row; a slot bound by an earlier pattern of the order divides the
 * estimate (a bound subject leaves a handful of triples). */
static void bgp_order(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                      const term_id *sample, int *order, unsigned char *bound, double *est_step)
{
    size_t np = n->a->ntriples;
    unsigned char *used = calloc(np ? np : 1, 1);
    double total = 1;

    for (size_t step = 0; step < np; step++) {
        double best = 0;
        int bi = -1, bconn = 0;

        for (size_t i = 0; i < np; i++) {
            if (used ? used[i] : 0)
                continue;
            const struct eval_pat *p = &n->pats[i];
            term_id v[3];
            int conn = 0, later = 0;

            for (int k = 0; k < 3; k++) {
                v[k] = p->id[k];
                if (p->slot[k] >= 0) {
                    v[k] = sample ? sample[p->slot[k]] : 0;
                    if (bound[p->slot[k]]) {
                        conn = 1;
                        if (!v[k])
                            later |= 1 << k;
                    }
                }
            }
            double est = (double)eval_count(c, g, sample, v[0], v[1], v[2]);
            if (later & 1)
                est = est < 4 ? est : 4;
            if (later & 4)
                est = est / 50 + 1;
            if (later & 2)
                est = est / 10 + 1;
            if (bi < 0 || (conn && !bconn) || (conn == bconn && est < best)) {
                bi = (int)i;
                best = est;
                bconn = conn;
            }
        }
        order[step] = bi;
        est_step[step] = best;
        if (used)
            used[bi] = 1;
        for (int k = 0; k < 3; k++)
            if (n->pats[bi].slot[k] >= 0)
                bound[n->pats[bi].slot[k]] = 1;
        total *= best > 0 ? best : 1;
    }
    n->est = total;
    free(used);
}

/* Which levels read their pattern once into a hash table instead of one
 * index lookup per row: when the rows reaching the level (estimated) exceed
 * HASH_MIN_ROWS and the pattern's own size is at most HASH_RATIO times
 * that. The key is the pattern's slots bound by earlier levels. */
#define HASH_MIN_ROWS 2000.0
#define HASH_RATIO    8.0

static int bgp_plan_hash(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const term_id *sample, struct bgp_run *r, const double *est, size_t nin)
{
    unsigned char *bound = calloc(c->nvars + 1, 1);
    double rows = (double)nin;

    if (!bound)
        return eval_fail(c, "out of memory");
    for (size_t k = 0; k < c->nvars; k++)
        bound[k] = sample[k] != 0;
    for (size_t lv = 0; lv < r->np; lv++) {
        const struct eval_pat *p = &n->pats[r->order[lv]];
        struct bgp_hash *h = &r->hash[lv];

        if (rows > HASH_MIN_ROWS) {
            size_t cnt = eval_count(c, g, NULL, p->slot[0] < 0 ? p->id[0] : 0,
                                    p->slot[1] < 0 ? p->id[1] : 0, p->slot[2] < 0 ? p->id[2] : 0);

            h->nk = 0;
            for (int k = 0; k < 4; k++) {
                int s = k < 3 ? p->slot[k] : (g->kind == EVAL_G_VAR ? g->slot : -1);
                int dup = 0;

                if (s < 0 || !bound[s])
                    continue;
                for (int j = 0; j < k; j++)
                    dup |= (j < 3 ? p->slot[j] : -1) == s;
                if (!dup)
                    h->kpos[h->nk++] = k;
            }
            h->use = h->nk > 0 && (double)cnt <= rows * HASH_RATIO;
        }
        for (int k = 0; k < 3; k++)
            if (p->slot[k] >= 0)
                bound[p->slot[k]] = 1;
        if (g->kind == EVAL_G_VAR)
            bound[g->slot] = 1;
        rows *= est[lv] > 1 ? est[lv] : 1;
    }
    free(bound);
    return 0;
}

int eval_bgp(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
             const struct eval_tbl *in, struct eval_tbl *out, size_t want, struct eval_node *filter)
{
    struct bgp_run r = {0};
    size_t np = n->a->ntriples;
    unsigned char *bound = NULL;
    double *est = NULL;
    int rc = -1;

    r.c = c;
    r.n = n;
    r.g = g;
    r.pats = n->pats;
    r.np = np;
    r.out = out;
    r.want = want;
    r.order = calloc(np + 1, sizeof *r.order);
    est = calloc(np + 1, sizeof *est);
    r.hash = calloc(np + 1, sizeof *r.hash);
    r.row = calloc(c->nvars + 1, sizeof *r.row);
    bound = calloc(c->nvars + 1, 1);
    if (filter) {
        r.nf = filter->a->nexprs;
        r.filters = (const struct sparql_expr **)filter->a->exprs;
        r.fslots = calloc(r.nf + 1, sizeof *r.fslots);
        r.fdone = calloc(r.nf + 1, sizeof *r.fdone);
    }
    if (!r.order || !r.row || !bound || !est || !r.hash || (filter && (!r.fslots || !r.fdone))) {
        eval_fail(c, "out of memory");
        goto out;
    }
    if (filter) {
        /* expr_slots of a filter node: per-expression lists separated by -2 */
        const int *s = filter->expr_slots;

        for (size_t i = 0; i < r.nf; i++) {
            r.fslots[i] = (int *)s;
            while (*s >= 0)
                s++;
            s++;
            r.fdone[i] = -1;
        }
    }
    for (size_t i = 0; i < in->n; i++) {
        const term_id *src = eval_row(in, i);

        if (i == 0) {
            for (size_t k = 0; k < c->nvars; k++)
                bound[k] = src[k] != 0;
            if (g->kind == EVAL_G_VAR)
                bound[g->slot] = 1;
            bgp_order(c, n, g, src, r.order, bound, est);
            if (!want && bgp_plan_hash(c, n, g, src, &r, est, in->n) < 0)
                goto out;
        }
        memcpy(r.row, src, c->nvars * sizeof *r.row);
        if (bgp_level(&r, 0) < 0)
            goto out;
        if (want && out->n >= want)
            break;
    }
    rc = c->failed ? -1 : 0;
out:
    for (size_t i = 0; r.hash && i < np; i++) {
        c->mem -= r.hash[i].memory;
        free(r.hash[i].q);
        free(r.hash[i].heads);
        free(r.hash[i].next);
    }
    free(r.hash);
    free(est);
    free(r.order);
    free(r.row);
    free(bound);
    free(r.fslots);
    free(r.fdone);
    return rc;
}
