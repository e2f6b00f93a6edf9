/* eval.c - SPARQL evaluator core: context, tables, computed terms, dataset
 * access, and the graph-pattern operators (BGP, Join, LeftJoin, Filter,
 * Union, Minus, Graph, Extend, Table, Project, Distinct, Slice). Paths are in
 * eval_path.c, Group and OrderBy in eval_group.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

#define TICK_EVERY 4096

/* ---- errors and limits ---- */

int eval_fail(struct eval_ctx *c, const char *fmt, ...)
{
    va_list ap;

    if (!c->failed) {
        va_start(ap, fmt);
        vsnprintf(c->err->msg, sizeof c->err->msg, fmt, ap);
        va_end(ap);
        c->failed = 1;
    }
    return -1;
}

int eval_tick(struct eval_ctx *c)
{
    if (c->failed)
        return -1;
    if (++c->ticks % TICK_EVERY)
        return 0;
    if (c->cancel && atomic_load(c->cancel))
        return eval_fail(c, "query cancelled");
    if (c->has_deadline) {
        struct timespec now;

        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > c->deadline.tv_sec ||
            (now.tv_sec == c->deadline.tv_sec && now.tv_nsec >= c->deadline.tv_nsec))
            return eval_fail(c, "query timeout: the time limit was exceeded");
    }
    return 0;
}

/* ---- tables ---- */

void eval_tbl_init(struct eval_tbl *t, size_t width)
{
    t->rows = NULL;
    t->n = t->cap = 0;
    t->width = width ? width : 1;
}

void eval_tbl_free(struct eval_ctx *c, struct eval_tbl *t)
{
    if (!t)
        return;
    c->mem -= t->cap * t->width * sizeof(term_id);
    free(t->rows);
    t->rows = NULL;
    t->n = t->cap = 0;
}

int eval_tbl_push(struct eval_ctx *c, struct eval_tbl *t, const term_id *row)
{
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        size_t grow = (ncap - t->cap) * t->width * sizeof(term_id);
        term_id *r;

        if (c->max_memory && c->mem + grow > c->max_memory)
            return eval_fail(c, "query memory limit of %zu bytes exceeded", c->max_memory);
        r = realloc(t->rows, ncap * t->width * sizeof(term_id));
        if (!r)
            return eval_fail(c, "out of memory");
        t->rows = r;
        t->cap = ncap;
        c->mem += grow;
    }
    memcpy(t->rows + t->n * t->width, row, t->width * sizeof(term_id));
    t->n++;
    if (t == c->result && t->n > c->max_rows)
        return eval_fail(c, "result row limit of %zu exceeded", c->max_rows);
    return eval_tick(c);
}

/* ---- variables ---- */

int eval_slot(const struct eval_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->nvars; i++)
        if (!strcmp(c->vars[i], name))
            return (int)i;
    return -1;
}

int eval_var(struct eval_ctx *c, const char *name)
{
    int s = eval_slot(c, name);

    if (s >= 0)
        return s;
    if (c->nvars == c->capvars) {
        size_t ncap = c->capvars ? c->capvars * 2 : 16;
        char **v = realloc(c->vars, ncap * sizeof *v);

        if (!v)
            return -1;
        c->vars = v;
        c->capvars = ncap;
    }
    c->vars[c->nvars] = arena_strndup(c->arena, name, strlen(name));
    if (!c->vars[c->nvars])
        return -1;
    return (int)c->nvars++;
}

/* ---- computed terms ---- */

static uint64_t term_hash(const struct term *t)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)t->kind;
    const unsigned char *p;
    size_t i;

    for (i = 0, p = (const unsigned char *)t->value; i < t->len; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    for (p = (const unsigned char *)(t->lang ? t->lang : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (p = (const unsigned char *)(t->datatype ? t->datatype : ""); *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return h;
}

static int term_same(const struct term *a, const struct term *b)
{
    if (a->kind != b->kind || a->len != b->len || memcmp(a->value, b->value, a->len))
        return 0;
    if ((a->lang == NULL) != (b->lang == NULL) || (a->lang && strcmp(a->lang, b->lang)))
        return 0;
    if ((a->datatype == NULL) != (b->datatype == NULL) ||
        (a->datatype && strcmp(a->datatype, b->datatype)))
        return 0;
    return 1;
}

static int xhash_grow(struct eval_ctx *c)
{
    size_t ncap = c->xhcap ? c->xhcap * 2 : 64;
    uint32_t *h = calloc(ncap, sizeof *h);

    if (!h)
        return -1;
    for (size_t i = 0; i < c->nextra; i++) {
        size_t j = term_hash(&c->extra[i].term) & (ncap - 1);

        while (h[j])
            j = (j + 1) & (ncap - 1);
        h[j] = (uint32_t)i + 1;
    }
    free(c->xhash);
    c->xhash = h;
    c->xhcap = ncap;
    return 0;
}

term_id eval_intern(struct eval_ctx *c, const struct sparql_value *v)
{
    struct term t = v->term;
    term_id id;
    size_t j;

    if (v->id)
        return v->id;
    if (t.kind == TERM_LITERAL && !t.value) { /* a lazy number or boolean */
        struct sparql_value m = *v;

        if (sparql_value_lexical(&m, c->arena) < 0)
            goto oom;
        t = m.term;
    }
    if (t.kind == TERM_LITERAL)
        term_normalise(&t);
    id = dict_lookup(c->dict, &t);
    if (id)
        return id;
    if ((c->nextra + 1) * 2 > c->xhcap && xhash_grow(c) < 0)
        goto oom;
    j = term_hash(&t) & (c->xhcap - 1);
    while (c->xhash[j]) {
        struct sparql_value *x = &c->extra[c->xhash[j] - 1];

        if (term_same(&x->term, &t))
            return EVAL_EXTRA_TAG | (c->xhash[j] - 1);
        j = (j + 1) & (c->xhcap - 1);
    }
    if (c->nextra == c->capextra) {
        size_t ncap = c->capextra ? c->capextra * 2 : 64;
        struct sparql_value *x = realloc(c->extra, ncap * sizeof *x);

        if (!x)
            goto oom;
        c->extra = x;
        c->capextra = ncap;
    }
    /* The value's strings must outlive the query: copy them into the arena
     * (they may point into a caller's buffer). */
    struct sparql_value *x = &c->extra[c->nextra];
    *x = *v;
    x->term = t;
    x->id = 0;
    x->term.value = arena_strndup(c->arena, t.value ? t.value : "", t.len);
    if (!x->term.value)
        goto oom;
    if (t.lang && !(x->term.lang = arena_strndup(c->arena, t.lang, strlen(t.lang))))
        goto oom;
    if (t.datatype && !(x->term.datatype = arena_strndup(c->arena, t.datatype, strlen(t.datatype))))
        goto oom;
    t = x->term; /* not aliased: from_term may clear *out first */
    sparql_value_from_term(&t, x);
    x->id = 0;
    c->xhash[j] = (uint32_t)c->nextra + 1;
    return EVAL_EXTRA_TAG | (term_id)c->nextra++;
oom:
    eval_fail(c, "out of memory");
    return TERM_ID_NONE;
}

term_id eval_const_id(struct eval_ctx *c, const struct sparql_term *t)
{
    struct sparql_value v;
    struct term tm = {0};

    tm.kind = (enum term_kind)t->kind;
    tm.value = t->value;
    tm.len = t->len ? t->len : (t->value ? strlen(t->value) : 0);
    tm.lang = t->lang;
    tm.datatype = t->datatype;
    memset(&v, 0, sizeof v);
    sparql_value_from_term(&tm, &v);
    v.id = 0;
    return eval_intern(c, &v);
}

int eval_value(struct eval_ctx *c, term_id id, struct sparql_value *out)
{
    if (EVAL_IS_EXTRA(id)) {
        size_t i = id & ~EVAL_EXTRA_TAG;

        if (i >= c->nextra)
            return -1;
        *out = c->extra[i];
        out->id = 0;
        return 0;
    }
    return sparql_value_from_id(c->dict, id, out);
}

int eval_term(struct eval_ctx *c, term_id id, struct term *out)
{
    if (EVAL_IS_EXTRA(id)) {
        size_t i = id & ~EVAL_EXTRA_TAG;

        if (i >= c->nextra)
            return -1;
        *out = c->extra[i].term;
        return 0;
    }
    return dict_get(c->dict, id, out);
}

/* ---- expressions ---- */

static int env_lookup(void *ctx, const char *var, struct sparql_value *out)
{
    struct eval_ctx *c = ctx;
    int s = eval_slot(c, var);

    if (s < 0 || !c->cur || !c->cur[s])
        return 1;
    return eval_value(c, c->cur[s], out) < 0 ? 1 : 0;
}

struct eval_exists *eval_exists_find(struct eval_ctx *c, const struct sparql_pattern *p)
{
    for (size_t i = 0; i < c->nexists; i++)
        if (c->exists[i].pattern == p)
            return &c->exists[i];
    return NULL;
}

static int env_exists(void *ctx, const struct sparql_pattern *pattern, int *result,
                      struct error *err)
{
    struct eval_ctx *c = ctx;
    struct eval_exists *x = eval_exists_find(c, pattern);
    struct eval_tbl in, out;
    struct eval_gctx g = {EVAL_G_DEFAULT, 0, -1};
    const term_id *saved = c->cur;
    int rc;

    (void)err;
    if (c->gcur)
        g = *c->gcur;
    if (!x)
        return eval_fail(c, "internal error: EXISTS pattern was not compiled");
    eval_tbl_init(&in, c->nvars);
    eval_tbl_init(&out, c->nvars);
    if (eval_tbl_push(c, &in, c->cur) < 0) {
        eval_tbl_free(c, &in);
        return -1;
    }
    rc = eval_node(c, x->node, &g, &in, &out, 1);
    c->cur = saved;
    *result = out.n > 0;
    eval_tbl_free(c, &in);
    eval_tbl_free(c, &out);
    return rc;
}

static int expr_run(struct eval_ctx *c, const struct sparql_expr *e, const term_id *row,
                    struct sparql_value *out, int lazy)
{
    const term_id *saved = c->cur;
    int rc;

    c->cur = row;
    /* BNODE(str) is one node per solution: the solution's bindings name it */
    if (row) {
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i < c->nvars; i++)
            if (!c->extended || !c->extended[i]) /* not what BIND adds */
                h = (h ^ row[i]) * 1099511628211ull;
        c->env.solution = (unsigned long)h;
    }
    rc = lazy ? sparql_expr_eval_lazy(e, &c->env, out, c->err)
              : sparql_expr_eval(e, &c->env, out, c->err);
    c->cur = saved;
    if (rc < 0) {
        c->failed = 1;
        return -1;
    }
    return rc;
}

int eval_expr(struct eval_ctx *c, const struct sparql_expr *e, const term_id *row,
              struct sparql_value *out)
{
    return expr_run(c, e, row, out, 0);
}

int eval_expr_lazy(struct eval_ctx *c, const struct sparql_expr *e, const term_id *row,
                   struct sparql_value *out)
{
    return expr_run(c, e, row, out, 1);
}

int eval_filter(struct eval_ctx *c, const struct sparql_expr *const *e, size_t n,
                const term_id *row)
{
    for (size_t i = 0; i < n; i++) {
        struct sparql_value v;
        int rc = eval_expr_lazy(c, e[i], row, &v), b = 0;

        if (rc < 0)
            return -1;
        if (rc > 0 || sparql_value_ebv(&v, &b) != 0 || !b)
            return 0;
    }
    return 1;
}

/* ---- dataset access ---- */

enum qit_mode { QIT_NONE, QIT_ONE, QIT_LIST_DEFAULT, QIT_LIST_NAMED, QIT_ANY_NAMED };

struct eval_qit {
    struct eval_ctx *c;
    enum qit_mode mode;
    struct store_quad pat;
    int distinct;
    const term_id *list;
    size_t nlist, li;
    struct store_iter *it;
};

static int is_named(const struct eval_ctx *c, term_id g)
{
    if (g == TERM_ID_DEFAULT_GRAPH || EVAL_IS_EXTRA(g))
        return 0;
    if (!c->named_restricted)
        return 1;
    for (size_t i = 0; i < c->nnamed; i++)
        if (c->named[i] == g)
            return 1;
    return 0;
}

struct eval_qit *eval_qit_open(struct eval_ctx *c, const struct eval_gctx *g, const term_id *row,
                               term_id s, term_id p, term_id o)
{
    struct eval_qit *it = calloc(1, sizeof *it);

    if (!it) {
        eval_fail(c, "out of memory");
        return NULL;
    }
    it->c = c;
    it->pat.s = s;
    it->pat.p = p;
    it->pat.o = o;
    if (EVAL_IS_EXTRA(s) || EVAL_IS_EXTRA(p) || EVAL_IS_EXTRA(o))
        return it; /* a term the store has never seen matches nothing */
    term_id gid = TERM_ID_NONE;
    switch (g->kind) {
    case EVAL_G_DEFAULT:
        if (c->ds == EVAL_DS_UNION) {
            it->mode = QIT_ONE;
            it->distinct = 1;
        } else if (c->ds == EVAL_DS_DEFAULT) {
            it->mode = QIT_ONE;
            it->pat.g = TERM_ID_DEFAULT_GRAPH;
        } else if (c->nfrom == 1) {
            it->mode = QIT_ONE;
            it->pat.g = c->from[0];
        } else {
            it->mode = QIT_LIST_DEFAULT;
            it->list = c->from;
            it->nlist = c->nfrom;
        }
        return it;
    case EVAL_G_CONST:
        gid = g->g;
        break;
    case EVAL_G_VAR:
        gid = row[g->slot];
        break;
    }
    if (gid) {
        if (is_named(c, gid)) {
            it->mode = QIT_ONE;
            it->pat.g = gid;
        }
        return it;
    }
    if (c->named_restricted) {
        it->mode = QIT_LIST_NAMED;
        it->list = c->named;
        it->nlist = c->nnamed;
    } else {
        it->mode = QIT_ANY_NAMED;
    }
    return it;
}

static int in_earlier_graph(struct eval_qit *it, const struct store_quad *q)
{
    for (size_t i = 0; i + 1 < it->li; i++) {
        struct store_quad x = {q->s, q->p, q->o, it->list[i]};

        if (store_contains(it->c->snap, &x))
            return 1;
    }
    return 0;
}

int eval_qit_next(struct eval_qit *it, struct store_quad *q)
{
    for (;;) {
        if (!it->it) {
            if (it->mode == QIT_NONE)
                return 0;
            struct store_quad pat = it->pat;

            if (it->mode == QIT_LIST_DEFAULT || it->mode == QIT_LIST_NAMED) {
                if (it->li >= it->nlist)
                    return 0;
                pat.g = it->list[it->li++];
                if (!pat.g || EVAL_IS_EXTRA(pat.g))
                    continue;
            }
            it->it = store_find(it->c->snap, &pat, it->distinct);
            if (!it->it) {
                eval_fail(it->c, "out of memory");
                return 0;
            }
        }
        while (store_iter_next(it->it, q)) {
            if (it->mode == QIT_ANY_NAMED && q->g == TERM_ID_DEFAULT_GRAPH)
                continue;
            if (it->mode == QIT_LIST_DEFAULT && it->li > 1 && in_earlier_graph(it, q))
                continue;
            if (eval_tick(it->c) < 0)
                return 0;
            return 1;
        }
        store_iter_free(it->it);
        it->it = NULL;
        if (it->mode != QIT_LIST_DEFAULT && it->mode != QIT_LIST_NAMED)
            it->mode = QIT_NONE;
    }
}

void eval_qit_free(struct eval_qit *it)
{
    if (!it)
        return;
    store_iter_free(it->it);
    free(it);
}

size_t eval_count(struct eval_ctx *c, const struct eval_gctx *g, const term_id *row, term_id s,
                  term_id p, term_id o)
{
    struct store_quad pat = {s, p, o, TERM_ID_NONE};

    if (EVAL_IS_EXTRA(s) || EVAL_IS_EXTRA(p) || EVAL_IS_EXTRA(o))
        return 0;
    if (g->kind == EVAL_G_DEFAULT) {
        if (c->ds == EVAL_DS_DEFAULT)
            pat.g = TERM_ID_DEFAULT_GRAPH;
        else if (c->ds == EVAL_DS_LIST) {
            size_t n = 0;

            for (size_t i = 0; i < c->nfrom; i++) {
                pat.g = c->from[i];
                n += store_count(c->snap, &pat);
            }
            return n;
        }
    } else if (g->kind == EVAL_G_CONST) {
        pat.g = g->g;
        if (!pat.g)
            return 0;
    } else if (row && row[g->slot]) {
        pat.g = row[g->slot];
    }
    return store_count(c->snap, &pat);
}

/* ---- joins ---- */

static int compatible(const term_id *a, const term_id *b, size_t w)
{
    for (size_t i = 0; i < w; i++)
        if (a[i] && b[i] && a[i] != b[i])
            return 0;
    return 1;
}

static void merge_into(term_id *dst, const term_id *a, const term_id *b, size_t w)
{
    for (size_t i = 0; i < w; i++)
        dst[i] = a[i] ? a[i] : b[i];
}

/* Hash join helper: a hash index on the slots bound in every row of t. */
struct hidx {
    int *keys;
    size_t nkeys;
    size_t *heads, *next, cap;
};

static uint64_t row_key_hash(const term_id *row, const int *keys, size_t nk)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < nk; i++)
        h = (h ^ row[keys[i]]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static int hidx_build(struct eval_ctx *c, struct hidx *x, const struct eval_tbl *t,
                      const unsigned char *probe_certain)
{
    size_t w = t->width;

    memset(x, 0, sizeof *x);
    x->keys = calloc(w + 1, sizeof *x->keys);
    if (!x->keys)
        return eval_fail(c, "out of memory");
    for (size_t s = 0; s < w; s++) {
        int all = t->n > 0;

        if (probe_certain && !probe_certain[s])
            continue;
        for (size_t i = 0; i < t->n && all; i++)
            all = eval_row(t, i)[s] != 0;
        if (all)
            x->keys[x->nkeys++] = (int)s;
    }
    for (x->cap = 16; x->cap < t->n * 2; x->cap *= 2)
        ;
    x->heads = malloc(x->cap * sizeof *x->heads);
    x->next = malloc((t->n + 1) * sizeof *x->next);
    if (!x->heads || !x->next)
        return eval_fail(c, "out of memory");
    for (size_t i = 0; i < x->cap; i++)
        x->heads[i] = (size_t)-1;
    for (size_t i = 0; i < t->n; i++) {
        size_t b = row_key_hash(eval_row(t, i), x->keys, x->nkeys) & (x->cap - 1);

        x->next[i] = x->heads[b];
        x->heads[b] = i;
    }
    return 0;
}

static void hidx_free(struct hidx *x)
{
    free(x->keys);
    free(x->heads);
    free(x->next);
}

/* Keys usable for probing: the index keys bound in the probe row. Falls back
 * to a scan (returns (size_t)-1 start with scan set) when one is unbound. */
static size_t hidx_first(const struct hidx *x, const term_id *probe, int *scan)
{
    for (size_t i = 0; i < x->nkeys; i++)
        if (!probe[x->keys[i]]) {
            *scan = 1;
            return 0;
        }
    *scan = 0;
    return x->heads[row_key_hash(probe, x->keys, x->nkeys) & (x->cap - 1)];
}

/* out += Join(a, b) (materialized both sides). */
static int join_tables(struct eval_ctx *c, const struct eval_tbl *a, const struct eval_tbl *b,
                       struct eval_tbl *out)
{
    struct hidx x;
    term_id *row = calloc(c->nvars + 1, sizeof *row);
    int rc = -1;

    if (!row)
        return eval_fail(c, "out of memory");
    if (hidx_build(c, &x, b, NULL) < 0)
        goto out;
    for (size_t i = 0; i < a->n; i++) {
        const term_id *ra = eval_row(a, i);
        int scan;
        size_t j = hidx_first(&x, ra, &scan);

        if (scan) {
            for (j = 0; j < b->n; j++)
                if (compatible(ra, eval_row(b, j), c->nvars)) {
                    merge_into(row, ra, eval_row(b, j), c->nvars);
                    if (eval_tbl_push(c, out, row) < 0)
                        goto out;
                }
            continue;
        }
        for (; j != (size_t)-1; j = x.next[j])
            if (compatible(ra, eval_row(b, j), c->nvars)) {
                merge_into(row, ra, eval_row(b, j), c->nvars);
                if (eval_tbl_push(c, out, row) < 0)
                    goto out;
            }
    }
    rc = 0;
out:
    hidx_free(&x);
    free(row);
    return rc;
}

static int is_unit_input(const struct eval_tbl *in)
{
    if (in->n != 1)
        return 0;
    for (size_t i = 0; i < in->width; i++)
        if (in->rows[i])
            return 0;
    return 1;
}

/* Slots bound in some input row. */
static void input_maybe(const struct eval_tbl *in, unsigned char *m, size_t w)
{
    memset(m, 0, w);
    for (size_t i = 0; i < in->n; i++)
        for (size_t s = 0; s < w; s++)
            if (eval_row(in, i)[s])
                m[s] = 1;
}

/* Evaluate n on its own (unit input) and join with in. */
static int eval_isolated(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const struct eval_tbl *in, struct eval_tbl *out);

/* Whether (slots of x) ∩ (bound in input) ⊆ certain(a). */
static int input_covered(struct eval_ctx *c, const unsigned char *inmask, const unsigned char *x,
                         const unsigned char *certain)
{
    for (size_t s = 0; s < c->nvars; s++)
        if (x[s] && inmask[s] && !certain[s])
            return 0;
    return 1;
}

static int eval_leftjoin(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const struct eval_tbl *in, struct eval_tbl *out)
{
    struct eval_tbl left, right, one;
    term_id *row = calloc(c->nvars + 1, sizeof *row);
    const struct sparql_expr *const *fx = (const struct sparql_expr *const *)n->a->exprs;
    size_t nfx = n->a->nexprs;
    int rc = -1;

    eval_tbl_init(&left, c->nvars);
    eval_tbl_init(&right, c->nvars);
    eval_tbl_init(&one, c->nvars);
    if (!row)
        return eval_fail(c, "out of memory");
    if (eval_node(c, n->args[0], g, in, &left, 0) < 0)
        goto out;
    if (n->args[1]->safe) {
        /* Bind join: B evaluated once with every left row as input; each
         * left row carries its number in the node's own hidden slot, so
         * that the rows without a (filtered) match are known after. */
        int rid = n->var_slot;
        unsigned char *matched = calloc(left.n + 1, 1);

        if (!matched) {
            eval_fail(c, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < left.n; i++)
            eval_row(&left, i)[rid] = (term_id)(i + 1);
        if (eval_node(c, n->args[1], g, &left, &right, 0) < 0) {
            free(matched);
            goto out;
        }
        for (size_t k = 0; k < right.n; k++) {
            term_id *r = eval_row(&right, k);
            size_t i = r[rid] - 1;
            int keep;

            r[rid] = TERM_ID_NONE;
            keep = nfx ? eval_filter(c, fx, nfx, r) : 1;
            if (keep < 0 || (keep && eval_tbl_push(c, out, r) < 0)) {
                free(matched);
                goto out;
            }
            if (keep && i < left.n)
                matched[i] = 1;
        }
        for (size_t i = 0; i < left.n; i++) {
            term_id *l = eval_row(&left, i);

            l[rid] = TERM_ID_NONE;
            if (!matched[i] && eval_tbl_push(c, out, l) < 0) {
                free(matched);
                goto out;
            }
        }
        free(matched);
    } else {
        struct eval_tbl unit;
        struct hidx x;

        eval_tbl_init(&unit, c->nvars);
        memset(row, 0, c->nvars * sizeof *row);
        if (eval_tbl_push(c, &unit, row) < 0)
            goto out;
        rc = eval_node(c, n->args[1], g, &unit, &right, 0);
        eval_tbl_free(c, &unit);
        if (rc < 0)
            goto out;
        rc = -1;
        if (hidx_build(c, &x, &right, NULL) < 0) {
            hidx_free(&x);
            goto out;
        }
        for (size_t i = 0; i < left.n; i++) {
            const term_id *l = eval_row(&left, i);
            int scan, found = 0;
            size_t j = hidx_first(&x, l, &scan);

            if (scan)
                j = right.n ? 0 : (size_t)-1;
            for (; j != (size_t)-1 && j < right.n; j = scan ? j + 1 : x.next[j]) {
                if (!compatible(l, eval_row(&right, j), c->nvars))
                    continue;
                merge_into(row, l, eval_row(&right, j), c->nvars);
                int keep = nfx ? eval_filter(c, fx, nfx, row) : 1;
                if (keep < 0 || (keep && eval_tbl_push(c, out, row) < 0)) {
                    hidx_free(&x);
                    goto out;
                }
                found |= keep;
                if (scan && j + 1 >= right.n)
                    break;
            }
            if (!found && eval_tbl_push(c, out, l) < 0) {
                hidx_free(&x);
                goto out;
            }
        }
        hidx_free(&x);
    }
    rc = 0;
out:
    eval_tbl_free(c, &left);
    eval_tbl_free(c, &right);
    eval_tbl_free(c, &one);
    free(row);
    return rc;
}

static int eval_minus(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                      const struct eval_tbl *in, struct eval_tbl *out)
{
    struct eval_tbl left, right, unit;
    term_id *row = calloc(c->nvars + 1, sizeof *row);
    int rc = -1;

    eval_tbl_init(&left, c->nvars);
    eval_tbl_init(&right, c->nvars);
    eval_tbl_init(&unit, c->nvars);
    if (!row)
        return eval_fail(c, "out of memory");
    if (eval_node(c, n->args[0], g, in, &left, 0) < 0 || eval_tbl_push(c, &unit, row) < 0 ||
        eval_node(c, n->args[1], g, &unit, &right, 0) < 0)
        goto out;
    struct hidx x;
    if (hidx_build(c, &x, &right, n->args[0]->certain) < 0) {
        hidx_free(&x);
        goto out;
    }
    for (size_t i = 0; i < left.n; i++) {
        const term_id *l = eval_row(&left, i);
        int scan, removed = 0;
        size_t j = hidx_first(&x, l, &scan);

        if (scan || !x.nkeys)
            j = right.n ? 0 : (size_t)-1, scan = 1;
        for (; j != (size_t)-1 && j < right.n && !removed; j = scan ? j + 1 : x.next[j]) {
            const term_id *r = eval_row(&right, j);
            int shared = 0;

            if (!compatible(l, r, c->nvars))
                continue;
            for (size_t s = 0; s < c->nvars && !shared; s++)
                shared = l[s] && r[s];
            removed = shared;
        }
        if (!removed && eval_tbl_push(c, out, l) < 0) {
            hidx_free(&x);
            goto out;
        }
        if (eval_tick(c) < 0) {
            hidx_free(&x);
            goto out;
        }
    }
    hidx_free(&x);
    rc = 0;
out:
    eval_tbl_free(c, &left);
    eval_tbl_free(c, &right);
    eval_tbl_free(c, &unit);
    free(row);
    return rc;
}

static int eval_table(struct eval_ctx *c, struct eval_node *n, const struct eval_tbl *in,
                      struct eval_tbl *out)
{
    const struct sparql_values *v = n->a->values;
    term_id *row = calloc(c->nvars + 1, sizeof *row), *merged = calloc(c->nvars + 1, sizeof *row);
    int rc = -1;

    if (!row || !merged) {
        eval_fail(c, "out of memory");
        goto out;
    }
    if (!v) { /* the unit table */
        for (size_t i = 0; i < in->n; i++)
            if (eval_tbl_push(c, out, eval_row(in, i)) < 0)
                goto out;
        rc = 0;
        goto out;
    }
    for (size_t r = 0; r < v->nrows; r++) {
        memset(row, 0, c->nvars * sizeof *row);
        for (size_t k = 0; k < v->nvars; k++) {
            const struct sparql_term *cell = &v->cells[r * v->nvars + k];

            if (cell->kind == SPARQL_TERM_UNDEF)
                continue;
            row[eval_slot(c, v->vars[k].value)] = eval_const_id(c, cell);
            if (c->failed)
                goto out;
        }
        for (size_t i = 0; i < in->n; i++)
            if (compatible(eval_row(in, i), row, c->nvars)) {
                merge_into(merged, eval_row(in, i), row, c->nvars);
                if (eval_tbl_push(c, out, merged) < 0)
                    goto out;
            }
    }
    rc = 0;
out:
    free(row);
    free(merged);
    return rc;
}

static int eval_extend(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                       const struct eval_tbl *in, struct eval_tbl *out)
{
    struct eval_tbl t;
    int rc = -1;

    eval_tbl_init(&t, c->nvars);
    if (eval_node(c, n->args[0], g, in, &t, 0) < 0)
        goto out;
    for (size_t i = 0; i < t.n; i++) {
        term_id *row = eval_row(&t, i);
        struct sparql_value v;
        int k = eval_expr(c, n->a->expr, row, &v);

        if (k < 0)
            goto out;
        if (k == 0) {
            term_id id = eval_intern(c, &v);

            if (c->failed)
                goto out;
            if (row[n->var_slot] && row[n->var_slot] != id)
                continue; /* incompatible with an input binding */
            row[n->var_slot] = id;
        }
        if (eval_tbl_push(c, out, row) < 0)
            goto out;
    }
    rc = 0;
out:
    eval_tbl_free(c, &t);
    return rc;
}

/* Whether GRAPH ?g can bind ?g from the index's graph position while the
 * pattern is evaluated (BGPs and what only joins them); otherwise the
 * pattern runs once per named graph (18.5: Graph(var, P) is the union over
 * the graphs of Join(P in that graph, {var: graph})). */
static int graph_safe(const struct eval_node *n)
{
    switch (n->a->kind) {
    case SPARQL_ALG_BGP:
    case SPARQL_ALG_PATH:
        return 1;
    case SPARQL_ALG_JOIN:
    case SPARQL_ALG_UNION:
    case SPARQL_ALG_LEFTJOIN:
        return graph_safe(n->args[0]) && graph_safe(n->args[1]);
    case SPARQL_ALG_FILTER:
    case SPARQL_ALG_EXTEND:
        return graph_safe(n->args[0]);
    default:
        return 0;
    }
}

static long named_graphs(struct eval_ctx *c, term_id **out)
{
    if (c->named_restricted) {
        *out = malloc((c->nnamed + 1) * sizeof **out);
        if (!*out)
            return -1;
        memcpy(*out, c->named, c->nnamed * sizeof **out);
        return (long)c->nnamed;
    }
    return store_graphs(c->snap, out);
}

static int eval_graph_loop(struct eval_ctx *c, struct eval_node *n, const struct eval_tbl *in,
                           struct eval_tbl *out)
{
    term_id *graphs = NULL;
    long ng = named_graphs(c, &graphs);
    struct eval_tbl sub;
    int rc = -1, s = n->graph_slot;

    eval_tbl_init(&sub, c->nvars);
    if (ng < 0) {
        free(graphs);
        return eval_fail(c, "out of memory");
    }
    for (long k = 0; k < ng; k++) {
        struct eval_gctx g = {EVAL_G_CONST, graphs[k], -1};

        if (!graphs[k] || !is_named(c, graphs[k]))
            continue;
        sub.n = 0;
        for (size_t i = 0; i < in->n; i++) {
            const term_id *r = eval_row(in, i);

            if (r[s] && r[s] != graphs[k])
                continue;
            if (eval_tbl_push(c, &sub, r) < 0)
                goto out;
            eval_row(&sub, sub.n - 1)[s] = graphs[k];
        }
        if (sub.n && eval_node(c, n->args[0], &g, &sub, out, 0) < 0)
            goto out;
    }
    rc = 0;
out:
    eval_tbl_free(c, &sub);
    free(graphs);
    return rc;
}

static int eval_graph(struct eval_ctx *c, struct eval_node *n, const struct eval_tbl *in,
                      struct eval_tbl *out)
{
    struct eval_gctx g = {EVAL_G_CONST, n->graph_id, -1};

    if (n->graph_slot >= 0) {
        g.kind = EVAL_G_VAR;
        g.slot = n->graph_slot;
    }
    /* An empty group binds ?g to every named graph. */
    if ((n->args[0]->a->kind == SPARQL_ALG_BGP && n->args[0]->a->ntriples == 0) ||
        (n->args[0]->a->kind == SPARQL_ALG_TABLE && !n->args[0]->a->values)) {
        term_id *graphs = NULL, *row = calloc(c->nvars + 1, sizeof *row);
        long ng;
        int rc = -1;

        if (!row)
            return eval_fail(c, "out of memory");
        if (c->named_restricted) {
            ng = (long)c->nnamed;
            graphs = malloc((c->nnamed + 1) * sizeof *graphs);
            if (graphs)
                memcpy(graphs, c->named, c->nnamed * sizeof *graphs);
        } else {
            ng = store_graphs(c->snap, &graphs);
        }
        if (ng < 0 || !graphs) {
            free(row);
            free(graphs);
            return eval_fail(c, "out of memory");
        }
        for (size_t i = 0; i < in->n; i++)
            for (long k = 0; k < ng; k++) {
                memcpy(row, eval_row(in, i), c->nvars * sizeof *row);
                if (!graphs[k] || !is_named(c, graphs[k]))
                    continue;
                if (g.kind == EVAL_G_CONST) {
                    if (graphs[k] != g.g)
                        continue;
                } else if (row[g.slot] && row[g.slot] != graphs[k]) {
                    continue;
                } else {
                    row[g.slot] = graphs[k];
                }
                if (eval_tbl_push(c, out, row) < 0)
                    goto gout;
                if (g.kind == EVAL_G_CONST)
                    break;
            }
        rc = 0;
    gout:
        free(row);
        free(graphs);
        return rc;
    }
    if (g.kind == EVAL_G_CONST || graph_safe(n->args[0]))
        return eval_node(c, n->args[0], &g, in, out, 0);
    return eval_graph_loop(c, n, in, out);
}

static int eval_project(struct eval_ctx *c, struct eval_node *n, struct eval_tbl *t)
{
    unsigned char *keep = calloc(c->nvars + 1, 1);

    if (!keep)
        return eval_fail(c, "out of memory");
    for (size_t i = 0; i < n->a->nvars; i++) {
        int s = eval_slot(c, n->a->vars[i].value);

        if (s >= 0)
            keep[s] = 1;
    }
    for (size_t i = 0; i < t->n; i++)
        for (size_t s = 0; s < c->nvars; s++)
            if (!keep[s])
                eval_row(t, i)[s] = 0;
    free(keep);
    return 0;
}

static int eval_isolated(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const struct eval_tbl *in, struct eval_tbl *out);

/* The operators that are exact under substitution of the input's bindings
 * handle in themselves; the others see a unit input and are joined after. */
static int eval_dispatch(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const struct eval_tbl *in, struct eval_tbl *out, size_t want)
{
    const struct sparql_alg *a = n->a;
    unsigned char *inmask = NULL;
    int rc = -1;

    switch (a->kind) {
    case SPARQL_ALG_BGP:
        return eval_bgp(c, n, g, in, out, want, NULL);
    case SPARQL_ALG_PATH:
        return eval_path(c, n, g, in, out);
    case SPARQL_ALG_TABLE:
        return eval_table(c, n, in, out);
    case SPARQL_ALG_UNION:
        if (eval_node(c, n->args[0], g, in, out, 0) < 0)
            return -1;
        return eval_node(c, n->args[1], g, in, out, 0);
    case SPARQL_ALG_JOIN: {
        struct eval_tbl mid;

        eval_tbl_init(&mid, c->nvars);
        rc = eval_node(c, n->args[0], g, in, &mid, 0);
        if (rc == 0)
            rc = eval_node(c, n->args[1], g, &mid, out, want);
        eval_tbl_free(c, &mid);
        return rc;
    }
    case SPARQL_ALG_GRAPH:
        return eval_graph(c, n, in, out);
    case SPARQL_ALG_SERVICE:
        return eval_fail(c, "SERVICE is not allowed");
    default:
        break;
    }
    /* Conditional substitution: Filter, LeftJoin, Minus, Extend. */
    inmask = calloc(c->nvars + 1, 1);
    if (!inmask)
        return eval_fail(c, "out of memory");
    input_maybe(in, inmask, c->nvars);
    switch (a->kind) {
    case SPARQL_ALG_FILTER: {
        unsigned char *ex = calloc(c->nvars + 1, 1);

        if (!ex)
            break;
        for (const int *s = n->expr_slots; s && *s != -3; s++)
            if (*s >= 0)
                ex[*s] = 1;
        if (input_covered(c, inmask, ex, n->args[0]->certain)) {
            free(ex);
            if (n->args[0]->a->kind == SPARQL_ALG_BGP) {
                size_t before = out->n;

                rc = eval_bgp(c, n->args[0], g, in, out, want, n);
                n->args[0]->calls++;
                n->args[0]->actual += out->n - before; /* after the filter */
                break;
            }
            struct eval_tbl t;

            eval_tbl_init(&t, c->nvars);
            rc = eval_node(c, n->args[0], g, in, &t, 0);
            for (size_t i = 0; rc == 0 && i < t.n; i++) {
                int k = eval_filter(c, (const struct sparql_expr *const *)a->exprs, a->nexprs,
                                    eval_row(&t, i));
                if (k < 0 || (k > 0 && eval_tbl_push(c, out, eval_row(&t, i)) < 0))
                    rc = -1;
            }
            eval_tbl_free(c, &t);
            break;
        }
        free(ex);
        rc = eval_isolated(c, n, g, in, out);
        break;
    }
    case SPARQL_ALG_LEFTJOIN:
    case SPARQL_ALG_MINUS: {
        unsigned char *ex = calloc(c->nvars + 1, 1);

        if (!ex)
            break;
        memcpy(ex, n->args[1]->maybe, c->nvars);
        for (const int *s = n->expr_slots; s && *s != -3; s++)
            if (*s >= 0)
                ex[*s] = 1;
        int ok = input_covered(c, inmask, ex, n->args[0]->certain);
        free(ex);
        if (!ok)
            rc = eval_isolated(c, n, g, in, out);
        else if (a->kind == SPARQL_ALG_LEFTJOIN)
            rc = eval_leftjoin(c, n, g, in, out);
        else
            rc = eval_minus(c, n, g, in, out);
        break;
    }
    case SPARQL_ALG_EXTEND: {
        unsigned char *ex = calloc(c->nvars + 1, 1);

        if (!ex)
            break;
        for (const int *s = n->expr_slots; s && *s != -3; s++)
            if (*s >= 0)
                ex[*s] = 1;
        int ok = input_covered(c, inmask, ex, n->args[0]->certain) && !inmask[n->var_slot];
        free(ex);
        rc = ok ? eval_extend(c, n, g, in, out) : eval_isolated(c, n, g, in, out);
        break;
    }
    default:
        rc = eval_isolated(c, n, g, in, out);
        break;
    }
    free(inmask);
    if (rc < 0 && !c->failed)
        eval_fail(c, "out of memory");
    return rc;
}

/* Solution modifiers and Group: only ever on a unit input. */
static int eval_unit(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                     const struct eval_tbl *unit, struct eval_tbl *out)
{
    const struct sparql_alg *a = n->a;
    int rc;

    switch (a->kind) {
    case SPARQL_ALG_GROUP:
        return eval_group(c, n, g, unit, out);
    case SPARQL_ALG_ORDER:
        if (eval_node(c, n->args[0], g, unit, out, 0) < 0)
            return -1;
        return eval_order(c, n, out);
    case SPARQL_ALG_PROJECT:
        if (eval_node(c, n->args[0], g, unit, out, 0) < 0)
            return -1;
        return eval_project(c, n, out);
    case SPARQL_ALG_DISTINCT:
    case SPARQL_ALG_REDUCED:
        if (eval_node(c, n->args[0], g, unit, out, 0) < 0)
            return -1;
        return eval_distinct(c, out);
    case SPARQL_ALG_SLICE: {
        size_t want = 0;

        if (a->limit >= 0)
            want = (size_t)a->limit + (a->offset > 0 ? (size_t)a->offset : 0);
        /* The limit reaches the child only when no reordering operator sits
         * in between: a slice of a projection of a BGP may stop early. */
        struct eval_node *ch = n->args[0];
        while (ch->a->kind == SPARQL_ALG_PROJECT)
            ch = ch->args[0];
        if (ch->a->kind != SPARQL_ALG_BGP)
            want = 0;
        if (a->limit == 0)
            return 0;
        rc = eval_node(c, n->args[0], g, unit, out, want);
        if (rc < 0)
            return -1;
        size_t off = a->offset > 0 ? (size_t)a->offset : 0;
        if (off >= out->n) {
            out->n = 0;
            return 0;
        }
        if (off) {
            memmove(out->rows, eval_row(out, off), (out->n - off) * out->width * sizeof(term_id));
            out->n -= off;
        }
        if (a->limit >= 0 && (size_t)a->limit < out->n)
            out->n = (size_t)a->limit;
        return 0;
    }
    default:
        return eval_dispatch(c, n, g, unit, out, 0);
    }
}

static int eval_isolated(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
                         const struct eval_tbl *in, struct eval_tbl *out)
{
    struct eval_tbl unit, t;
    term_id *zero = calloc(c->nvars + 1, sizeof *zero);
    int rc = -1;

    eval_tbl_init(&unit, c->nvars);
    eval_tbl_init(&t, c->nvars);
    if (!zero)
        return eval_fail(c, "out of memory");
    if (eval_tbl_push(c, &unit, zero) < 0)
        goto out;
    switch (n->a->kind) {
    case SPARQL_ALG_FILTER: {
        struct eval_tbl all;

        eval_tbl_init(&all, c->nvars);
        rc = eval_node(c, n->args[0], g, &unit, &all, 0);
        for (size_t i = 0; rc == 0 && i < all.n; i++) {
            int k = eval_filter(c, (const struct sparql_expr *const *)n->a->exprs, n->a->nexprs,
                                eval_row(&all, i));
            if (k < 0 || (k > 0 && eval_tbl_push(c, &t, eval_row(&all, i)) < 0))
                rc = -1;
        }
        eval_tbl_free(c, &all);
        break;
    }
    case SPARQL_ALG_LEFTJOIN:
        rc = eval_leftjoin(c, n, g, &unit, &t);
        break;
    case SPARQL_ALG_MINUS:
        rc = eval_minus(c, n, g, &unit, &t);
        break;
    case SPARQL_ALG_EXTEND:
        rc = eval_extend(c, n, g, &unit, &t);
        break;
    default:
        rc = eval_unit(c, n, g, &unit, &t);
        break;
    }
    if (rc < 0)
        goto out;
    rc = -1;
    if (is_unit_input(in)) {
        for (size_t i = 0; i < t.n; i++)
            if (eval_tbl_push(c, out, eval_row(&t, i)) < 0)
                goto out;
    } else if (join_tables(c, in, &t, out) < 0) {
        goto out;
    }
    rc = 0;
out:
    eval_tbl_free(c, &unit);
    eval_tbl_free(c, &t);
    free(zero);
    return rc;
}

int eval_node(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
              const struct eval_tbl *in, struct eval_tbl *out, size_t want)
{
    size_t before = out->n;
    int rc;

    const struct eval_gctx *saved_g = c->gcur;

    if (c->failed)
        return -1;
    n->calls++;
    c->gcur = g;
    switch (n->a->kind) {
    case SPARQL_ALG_GROUP:
    case SPARQL_ALG_ORDER:
    case SPARQL_ALG_PROJECT:
    case SPARQL_ALG_DISTINCT:
    case SPARQL_ALG_REDUCED:
    case SPARQL_ALG_SLICE:
        if (is_unit_input(in))
            rc = eval_unit(c, n, g, in, out);
        else
            rc = eval_isolated(c, n, g, in, out);
        break;
    default:
        rc = eval_dispatch(c, n, g, in, out, want);
        break;
    }
    n->actual += out->n - before;
    c->gcur = saved_g;
    return rc;
}

int eval_ctx_init(struct eval_ctx *c, const struct store_snapshot *snap, struct error *err)
{
    memset(c, 0, sizeof *c);
    c->snap = snap;
    c->dict = store_snapshot_dict(snap);
    c->err = err;
    c->arena = arena_new();
    if (!c->arena) {
        error_set(err, "out of memory");
        return -1;
    }
    c->env.lookup = env_lookup;
    c->env.exists = env_exists;
    c->env.ctx = c;
    c->env.dict = c->dict;
    c->env.arena = c->arena;
    clock_gettime(CLOCK_REALTIME, &c->env.now);
    c->env.bnode_prefix = "b";
    c->env.bnode_counter = &c->bnode_counter;
    return 0;
}

void eval_ctx_clear(struct eval_ctx *c)
{
    for (size_t i = 0; i < c->nexists; i++)
        sparql_algebra_free(c->exists[i].alg);
    free(c->exists);
    free(c->vars);
    free(c->extra);
    free(c->xhash);
    arena_free(c->arena);
    memset(c, 0, sizeof *c);
}
