/* algebra.c - translation of the syntax tree to the SPARQL algebra and an
 * SSE-like printer (see algebra.h). Section numbers refer to SPARQL 1.1
 * Query Language. Allocation failures jump back to the entry point, which
 * frees the algebra's arena (same scheme as the parser). */
#include "sparql/algebra.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct tr {
    struct arena *a;
    jmp_buf fail;
    unsigned fresh_path, fresh_agg;
};

static void *tr_alloc(struct tr *t, size_t size)
{
    void *m = arena_alloc(t->a, size);

    if (!m)
        longjmp(t->fail, 1);
    return m;
}

static void *tr_grow(struct tr *t, void *v, size_t n, size_t *cap, size_t size)
{
    void *nv;

    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 4;
    nv = tr_alloc(t, *cap * size);
    if (n)
        memcpy(nv, v, n * size);
    return nv;
}

#define TR_PUSH(t, arr, n, cap)                                                                    \
    ((arr) = tr_grow((t), (arr), (n), &(cap), sizeof *(arr)), &(arr)[(n)++])

static struct sparql_alg *node(struct tr *t, enum sparql_alg_kind kind)
{
    struct sparql_alg *n = tr_alloc(t, sizeof *n);

    n->kind = kind;
    n->offset = n->limit = -1;
    return n;
}

static struct sparql_alg *unit(struct tr *t)
{
    return node(t, SPARQL_ALG_TABLE); /* values NULL: one empty solution */
}

static int is_unit(const struct sparql_alg *a)
{
    return a->kind == SPARQL_ALG_TABLE && !a->values;
}

static struct sparql_alg *binary(struct tr *t, enum sparql_alg_kind kind, struct sparql_alg *l,
                                 struct sparql_alg *r)
{
    struct sparql_alg *n = node(t, kind);

    n->args[0] = l;
    n->args[1] = r;
    n->nargs = 2;
    return n;
}

static struct sparql_alg *unary(struct tr *t, enum sparql_alg_kind kind, struct sparql_alg *a)
{
    struct sparql_alg *n = node(t, kind);

    n->args[0] = a;
    n->nargs = 1;
    return n;
}

/* Join with the simplification Join(Z, A) = A (18.2.2.8); two adjacent
 * BGPs become one. */
static struct sparql_alg *join(struct tr *t, struct sparql_alg *l, struct sparql_alg *r)
{
    if (is_unit(l))
        return r;
    if (is_unit(r))
        return l;
    if (l->kind == SPARQL_ALG_BGP && r->kind == SPARQL_ALG_BGP) {
        struct sparql_alg *n = node(t, SPARQL_ALG_BGP);
        struct sparql_triple *v = tr_alloc(t, (l->ntriples + r->ntriples + 1) * sizeof *v);

        memcpy(v, l->triples, l->ntriples * sizeof *v);
        memcpy(v + l->ntriples, r->triples, r->ntriples * sizeof *v);
        n->triples = v;
        n->ntriples = l->ntriples + r->ntriples;
        return n;
    }
    return binary(t, SPARQL_ALG_JOIN, l, r);
}

/* ---- property paths (18.2.2.4) ---- */

struct elems {
    struct sparql_triple *v; /* path set: a Path element, else a triple */
    size_t n, cap;
};

static void fresh_var(struct tr *t, struct sparql_term *v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, ".p%u", ++t->fresh_path);

    memset(v, 0, sizeof *v);
    v->kind = SPARQL_TERM_VAR;
    v->value = arena_strndup(t->a, buf, (size_t)n);
    if (!v->value)
        longjmp(t->fail, 1);
    v->len = (size_t)n;
}

static void add_elem(struct tr *t, struct elems *e, const struct sparql_term *s, const char *iri,
                     const struct sparql_path *path, const struct sparql_term *o)
{
    struct sparql_triple *x = TR_PUSH(t, e->v, e->n, e->cap);

    memset(x, 0, sizeof *x);
    x->s = *s;
    x->o = *o;
    if (iri) {
        x->p.kind = TERM_IRI;
        x->p.value = (char *)iri; /* shared with the path node of the tree */
        x->p.len = strlen(iri);
    } else {
        x->path = (struct sparql_path *)path;
    }
}

static struct sparql_path *path_node(struct tr *t, enum sparql_path_kind kind, size_t nargs)
{
    struct sparql_path *p = tr_alloc(t, sizeof *p);

    p->kind = kind;
    p->args = tr_alloc(t, (nargs ? nargs : 1) * sizeof *p->args);
    p->nargs = nargs;
    return p;
}

/* A negated property set with inverse members is split into a forward and
 * an inverse set: !(a|^b) = !(a) | ^!(b) (section 18.2.2.3). Other nodes are
 * copied only when a descendant changed. */
static const struct sparql_path *norm_path(struct tr *t, const struct sparql_path *p)
{
    struct sparql_path *c, *fwd, *inv;
    size_t i, nf = 0, ni = 0;
    int changed = 0;

    if (p->kind == SPARQL_PATH_IRI)
        return p;
    if (p->kind == SPARQL_PATH_NEGATED) {
        for (i = 0; i < p->nargs; i++)
            ni += p->args[i]->kind == SPARQL_PATH_INVERSE;
        if (ni == 0)
            return p;
        fwd = path_node(t, SPARQL_PATH_NEGATED, p->nargs - ni);
        inv = path_node(t, SPARQL_PATH_NEGATED, ni);
        for (i = 0, ni = 0; i < p->nargs; i++) {
            if (p->args[i]->kind == SPARQL_PATH_INVERSE)
                inv->args[ni++] = p->args[i]->args[0];
            else
                fwd->args[nf++] = p->args[i];
        }
        c = path_node(t, SPARQL_PATH_INVERSE, 1);
        c->args[0] = inv;
        if (nf == 0)
            return c;
        inv = c;
        c = path_node(t, SPARQL_PATH_ALT, 2);
        c->args[0] = fwd;
        c->args[1] = inv;
        return c;
    }
    c = path_node(t, p->kind, p->nargs);
    for (i = 0; i < p->nargs; i++) {
        c->args[i] = (struct sparql_path *)norm_path(t, p->args[i]);
        changed |= c->args[i] != p->args[i];
    }
    return changed ? c : p;
}

static void tr_path(struct tr *t, struct elems *e, const struct sparql_term *s,
                    const struct sparql_path *path, const struct sparql_term *o)
{
    size_t i;

    switch (path->kind) {
    case SPARQL_PATH_IRI:
        add_elem(t, e, s, path->iri, NULL, o);
        return;
    case SPARQL_PATH_INVERSE:
        if (path->args[0]->kind == SPARQL_PATH_IRI) {
            add_elem(t, e, o, path->args[0]->iri, NULL, s);
            return;
        }
        break;
    case SPARQL_PATH_SEQ: {
        struct sparql_term cur = *s, next;

        for (i = 0; i < path->nargs; i++) {
            if (i + 1 == path->nargs)
                next = *o;
            else
                fresh_var(t, &next);
            tr_path(t, e, &cur, path->args[i], &next);
            cur = next;
        }
        return;
    }
    default:
        break;
    }
    add_elem(t, e, s, NULL, path, o);
}

/* A triples block: adjacent triples form BGPs, each Path is its own node. */
static struct sparql_alg *tr_bgp(struct tr *t, const struct sparql_pattern *pt)
{
    struct elems e = {0};
    struct sparql_alg *g = unit(t), *b;
    size_t i, start;

    for (i = 0; i < pt->ntriples; i++) {
        const struct sparql_triple *x = &pt->triples[i];

        if (x->path)
            tr_path(t, &e, &x->s, norm_path(t, x->path), &x->o);
        else
            *TR_PUSH(t, e.v, e.n, e.cap) = *x;
    }
    if (e.n == 0) {
        b = node(t, SPARQL_ALG_BGP); /* the empty BGP */
        return b;
    }
    for (i = 0; i < e.n;) {
        if (e.v[i].path) {
            b = node(t, SPARQL_ALG_PATH);
            b->triples = &e.v[i];
            b->ntriples = 1;
            g = join(t, g, b);
            i++;
            continue;
        }
        for (start = i; i < e.n && !e.v[i].path; i++)
            ;
        b = node(t, SPARQL_ALG_BGP);
        b->triples = &e.v[start];
        b->ntriples = i - start;
        g = join(t, g, b);
    }
    return g;
}

/* ---- graph patterns (18.2.2.6) ---- */

static struct sparql_alg *tr_query(struct tr *t, const struct sparql_query *q);
static struct sparql_alg *tr_pattern(struct tr *t, const struct sparql_pattern *pt);

static struct sparql_alg *tr_group(struct tr *t, const struct sparql_pattern *pt)
{
    struct sparql_alg *g = unit(t), *a, *n;
    const struct sparql_expr **filters = NULL;
    size_t nfilters = 0, cap = 0, i;

    for (i = 0; i < pt->nitems; i++) {
        const struct sparql_pattern *item = pt->items[i];

        switch (item->kind) {
        case SPARQL_PATTERN_FILTER:
            *TR_PUSH(t, filters, nfilters, cap) = item->expr;
            break;
        case SPARQL_PATTERN_OPTIONAL:
            a = tr_pattern(t, item->items[0]);
            if (a->kind == SPARQL_ALG_FILTER) {
                n = binary(t, SPARQL_ALG_LEFTJOIN, g, a->args[0]);
                n->exprs = a->exprs;
                n->nexprs = a->nexprs;
            } else {
                n = binary(t, SPARQL_ALG_LEFTJOIN, g, a);
            }
            g = n;
            break;
        case SPARQL_PATTERN_MINUS:
            g = binary(t, SPARQL_ALG_MINUS, g, tr_pattern(t, item->items[0]));
            break;
        case SPARQL_PATTERN_BIND:
            n = unary(t, SPARQL_ALG_EXTEND, g);
            n->var = item->term;
            n->expr = item->expr;
            g = n;
            break;
        default:
            g = join(t, g, tr_pattern(t, item));
            break;
        }
    }
    if (nfilters) {
        n = unary(t, SPARQL_ALG_FILTER, g);
        n->exprs = filters;
        n->nexprs = nfilters;
        g = n;
    }
    return g;
}

static struct sparql_alg *tr_pattern(struct tr *t, const struct sparql_pattern *pt)
{
    struct sparql_alg *a;
    size_t i;

    switch (pt->kind) {
    case SPARQL_PATTERN_GROUP:
        return tr_group(t, pt);
    case SPARQL_PATTERN_BGP:
        return tr_bgp(t, pt);
    case SPARQL_PATTERN_UNION:
        a = tr_pattern(t, pt->items[0]);
        for (i = 1; i < pt->nitems; i++)
            a = binary(t, SPARQL_ALG_UNION, a, tr_pattern(t, pt->items[i]));
        return a;
    case SPARQL_PATTERN_GRAPH:
    case SPARQL_PATTERN_SERVICE:
        a = unary(t, pt->kind == SPARQL_PATTERN_GRAPH ? SPARQL_ALG_GRAPH : SPARQL_ALG_SERVICE,
                  tr_pattern(t, pt->items[0]));
        a->term = pt->term;
        a->silent = pt->silent;
        return a;
    case SPARQL_PATTERN_VALUES:
        a = node(t, SPARQL_ALG_TABLE);
        a->values = pt->values;
        return a;
    case SPARQL_PATTERN_SUBSELECT:
        return tr_query(t, pt->query);
    default: {
        /* OPTIONAL, MINUS, FILTER, BIND only occur inside a group. */
        struct sparql_pattern g = {0};
        struct sparql_pattern *items[1];

        items[0] = (struct sparql_pattern *)pt;
        g.kind = SPARQL_PATTERN_GROUP;
        g.items = items;
        g.nitems = 1;
        return tr_group(t, &g);
    }
    }
}

/* ---- aggregates and solution modifiers (18.2.4, 18.2.5) ---- */

static int has_aggregate(const struct sparql_expr *e)
{
    size_t i;

    if (e->kind == SPARQL_EXPR_AGGREGATE)
        return 1;
    for (i = 0; i < e->nargs; i++)
        if (has_aggregate(e->args[i]))
            return 1;
    return 0;
}

struct agg_list {
    struct sparql_alg_aggregate *v;
    size_t n, cap;
};

/* e with every aggregate replaced by its ?.aggN variable (a copy where
 * needed; unchanged subtrees are shared with the syntax tree). */
static const struct sparql_expr *replace_aggs(struct tr *t, struct agg_list *aggs,
                                              const struct sparql_expr *e)
{
    struct sparql_expr *c;
    size_t i;

    if (!has_aggregate(e))
        return e;
    c = tr_alloc(t, sizeof *c);
    if (e->kind == SPARQL_EXPR_AGGREGATE) {
        struct sparql_alg_aggregate *ag = TR_PUSH(t, aggs->v, aggs->n, aggs->cap);
        char buf[32];
        int n = snprintf(buf, sizeof buf, ".agg%u", ++t->fresh_agg);

        memset(ag, 0, sizeof *ag);
        ag->var.kind = SPARQL_TERM_VAR;
        ag->var.value = arena_strndup(t->a, buf, (size_t)n);
        if (!ag->var.value)
            longjmp(t->fail, 1);
        ag->var.len = (size_t)n;
        ag->expr = e;
        c->kind = SPARQL_EXPR_TERM;
        c->term = ag->var;
        return c;
    }
    *c = *e;
    c->args = tr_alloc(t, e->nargs * sizeof *c->args);
    for (i = 0; i < e->nargs; i++)
        c->args[i] = (struct sparql_expr *)replace_aggs(t, aggs, e->args[i]);
    return c;
}

struct var_set {
    struct sparql_term *v;
    size_t n, cap;
    const char **slots;
    size_t nslots;
};

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static void var_add(struct tr *t, struct var_set *vs, const struct sparql_term *term)
{
    size_t i;

    if (term->kind != SPARQL_TERM_VAR)
        return;
    if (vs->n * 2 >= vs->nslots) {
        size_t nn = vs->nslots ? vs->nslots * 2 : 32, k;
        const char **ns = tr_alloc(t, nn * sizeof *ns);

        for (k = 0; k < vs->n; k++) {
            i = name_hash(vs->v[k].value) & (nn - 1);
            while (ns[i])
                i = (i + 1) & (nn - 1);
            ns[i] = vs->v[k].value;
        }
        vs->slots = ns;
        vs->nslots = nn;
    }
    for (i = name_hash(term->value) & (vs->nslots - 1); vs->slots[i];
         i = (i + 1) & (vs->nslots - 1))
        if (strcmp(vs->slots[i], term->value) == 0)
            return;
    vs->slots[i] = term->value;
    *TR_PUSH(t, vs->v, vs->n, vs->cap) = *term;
}

/* In-scope variables (18.2.1) in order of first appearance, for SELECT *. */
static void scope_vars(struct tr *t, struct var_set *vs, const struct sparql_pattern *pt)
{
    size_t i;

    switch (pt->kind) {
    case SPARQL_PATTERN_BGP:
        for (i = 0; i < pt->ntriples; i++) {
            var_add(t, vs, &pt->triples[i].s);
            var_add(t, vs, &pt->triples[i].p);
            var_add(t, vs, &pt->triples[i].o);
        }
        return;
    case SPARQL_PATTERN_MINUS:
    case SPARQL_PATTERN_FILTER:
        return;
    case SPARQL_PATTERN_BIND:
        var_add(t, vs, &pt->term);
        return;
    case SPARQL_PATTERN_VALUES:
        for (i = 0; i < pt->values->nvars; i++)
            var_add(t, vs, &pt->values->vars[i]);
        return;
    case SPARQL_PATTERN_SUBSELECT:
        if (pt->query->star) {
            scope_vars(t, vs, pt->query->where);
            return;
        }
        for (i = 0; i < pt->query->nprojections; i++)
            var_add(t, vs, &pt->query->projections[i].var);
        return;
    case SPARQL_PATTERN_GRAPH:
    case SPARQL_PATTERN_SERVICE:
        var_add(t, vs, &pt->term); /* fall through */
    default:
        for (i = 0; i < pt->nitems; i++)
            scope_vars(t, vs, pt->items[i]);
        return;
    }
}

static struct sparql_alg *tr_query(struct tr *t, const struct sparql_query *q)
{
    struct sparql_alg *g = q->where ? tr_pattern(t, q->where) : unit(t), *n;
    struct agg_list aggs = {0};
    int aggregated = q->ngroup_by > 0;
    size_t i;

    for (i = 0; i < q->nprojections && !aggregated; i++)
        aggregated = q->projections[i].expr && has_aggregate(q->projections[i].expr);
    for (i = 0; i < q->nhaving && !aggregated; i++)
        aggregated = has_aggregate(q->having[i]);
    for (i = 0; i < q->norder_by && !aggregated; i++)
        aggregated = has_aggregate(q->order_by[i].expr);
    if (aggregated) {
        struct sparql_alg *grp = unary(t, SPARQL_ALG_GROUP, g);
        const struct sparql_expr **having = NULL;

        grp->keys = q->group_by;
        grp->nkeys = q->ngroup_by;
        g = grp;
        /* HAVING (18.2.4.2) */
        if (q->nhaving) {
            having = tr_alloc(t, q->nhaving * sizeof *having);
            for (i = 0; i < q->nhaving; i++)
                having[i] = replace_aggs(t, &aggs, q->having[i]);
            n = unary(t, SPARQL_ALG_FILTER, g);
            n->exprs = having;
            n->nexprs = q->nhaving;
            g = n;
        }
    }
    /* VALUES (18.2.4.3) */
    if (q->values) {
        n = node(t, SPARQL_ALG_TABLE);
        n->values = q->values;
        g = join(t, g, n);
    }
    /* SELECT expressions (18.2.4.4) */
    for (i = 0; i < q->nprojections; i++) {
        if (!q->projections[i].expr)
            continue;
        n = unary(t, SPARQL_ALG_EXTEND, g);
        n->var = q->projections[i].var;
        n->expr =
            aggregated ? replace_aggs(t, &aggs, q->projections[i].expr) : q->projections[i].expr;
        g = n;
    }
    /* ORDER BY (18.2.5.1) */
    if (q->norder_by) {
        struct sparql_order_key *keys = tr_alloc(t, q->norder_by * sizeof *keys);

        for (i = 0; i < q->norder_by; i++) {
            keys[i] = q->order_by[i];
            if (aggregated)
                keys[i].expr = (struct sparql_expr *)replace_aggs(t, &aggs, keys[i].expr);
        }
        n = unary(t, SPARQL_ALG_ORDER, g);
        n->order = keys;
        n->norder = q->norder_by;
        g = n;
    }
    if (aggregated) {
        /* The group node was made before the aggregates were collected. */
        struct sparql_alg *grp = g;

        while (grp->kind != SPARQL_ALG_GROUP)
            grp = grp->args[0];
        grp->aggs = aggs.v;
        grp->naggs = aggs.n;
    }
    /* Projection (18.2.5.2) */
    if (q->form == SPARQL_SELECT) {
        struct var_set vs = {0};

        if (q->star && q->where)
            scope_vars(t, &vs, q->where);
        for (i = 0; i < q->nprojections; i++)
            var_add(t, &vs, &q->projections[i].var);
        n = unary(t, SPARQL_ALG_PROJECT, g);
        n->vars = vs.v;
        n->nvars = vs.n;
        g = n;
    }
    if (q->distinct)
        g = unary(t, SPARQL_ALG_DISTINCT, g);
    else if (q->reduced)
        g = unary(t, SPARQL_ALG_REDUCED, g);
    if (q->limit >= 0 || q->offset >= 0) {
        n = unary(t, SPARQL_ALG_SLICE, g);
        n->offset = q->offset;
        n->limit = q->limit;
        g = n;
    }
    return g;
}

static int start(struct sparql_algebra **out, struct error *err, struct tr *t)
{
    *out = NULL;
    memset(t, 0, sizeof *t);
    t->a = arena_new();
    if (!t->a) {
        error_set(err, "out of memory");
        return -1;
    }
    *out = arena_alloc(t->a, sizeof **out);
    if (!*out) {
        arena_free(t->a);
        error_set(err, "out of memory");
        return -1;
    }
    (*out)->arena = t->a;
    return 0;
}

int sparql_algebra_from_query(const struct sparql_ast *ast, struct sparql_algebra **out,
                              struct error *err)
{
    struct tr t;

    if (!ast->query) {
        *out = NULL;
        error_set(err, "an update request has no query algebra");
        return -1;
    }
    if (start(out, err, &t))
        return -1;
    if (setjmp(t.fail)) {
        arena_free(t.a);
        *out = NULL;
        error_set(err, "out of memory");
        return -1;
    }
    (*out)->root = tr_query(&t, ast->query);
    return 0;
}

int sparql_algebra_from_pattern(const struct sparql_pattern *pattern, struct sparql_algebra **out,
                                struct error *err)
{
    struct tr t;

    if (start(out, err, &t))
        return -1;
    if (setjmp(t.fail)) {
        arena_free(t.a);
        *out = NULL;
        error_set(err, "out of memory");
        return -1;
    }
    (*out)->root = tr_pattern(&t, pattern);
    return 0;
}

void sparql_algebra_free(struct sparql_algebra *alg)
{
    if (alg)
        arena_free(alg->arena);
}

/* ---- printer ---- */

static void nl(FILE *out, int depth)
{
    /* Indentation stops growing at a depth where it no longer helps the
     * reader, so that printing a long chain stays linear. */
    fprintf(out, "\n%*s", (depth < 40 ? depth : 40) * 2, "");
}

/* An absent term (kind 0) prints as UNDEF here. */
static void p_term(FILE *out, const struct sparql_term *t)
{
    if (t->kind == TERM_NONE)
        fputs("UNDEF", out);
    else
        sparql_print_term(out, t);
}

static void p_path(FILE *out, const struct sparql_path *p)
{
    static const char *const names[] = {"link",  "reverse", "seq",   "alt",
                                        "path*", "path+",   "path?", "notoneof"};
    size_t i;

    if (p->kind == SPARQL_PATH_IRI) {
        fprintf(out, "<%s>", p->iri);
        return;
    }
    fprintf(out, "(%s", names[p->kind]);
    for (i = 0; i < p->nargs; i++) {
        fputc(' ', out);
        p_path(out, p->args[i]);
    }
    fputc(')', out);
}

static void p_alg(FILE *out, const struct sparql_alg *a, int depth);

static void p_expr(FILE *out, const struct sparql_expr *e, int depth)
{
    static const char *const ops[] = {
        "",  "||", "&&", "=", "!=", "<", ">", "<=", ">=",     "in",        "notin", "+",
        "-", "*",  "/",  "!", "+",  "-", "",  "",   "exists", "notexists", ""};
    size_t i;

    switch (e->kind) {
    case SPARQL_EXPR_TERM:
        p_term(out, &e->term);
        return;
    case SPARQL_EXPR_BUILTIN:
        fprintf(out, "(%s", e->name);
        break;
    case SPARQL_EXPR_FUNCTION:
        fprintf(out, "(<%s>", e->name);
        break;
    case SPARQL_EXPR_AGGREGATE:
        fprintf(out, "(%s", e->name);
        break;
    default:
        fprintf(out, "(%s", ops[e->kind]);
        break;
    }
    if (e->distinct)
        fputs(" distinct", out);
    if (e->star)
        fputs(" *", out);
    for (i = 0; i < e->nargs; i++) {
        fputc(' ', out);
        p_expr(out, e->args[i], depth);
    }
    if (e->separator) {
        fputs(" (separator ", out);
        sparql_print_string(out, e->separator, strlen(e->separator));
        fputc(')', out);
    }
    if (e->pattern) {
        struct sparql_algebra *sub = NULL;
        struct error err;

        nl(out, depth + 1);
        if (sparql_algebra_from_pattern(e->pattern, &sub, &err) == 0)
            p_alg(out, sub->root, depth + 1);
        else
            fputs("(error)", out);
        sparql_algebra_free(sub);
    }
    fputc(')', out);
}

static void p_exprs(FILE *out, const struct sparql_expr *const *exprs, size_t n, int depth)
{
    size_t i;

    if (n == 1) {
        p_expr(out, exprs[0], depth);
        return;
    }
    fputs("(exprlist", out);
    for (i = 0; i < n; i++) {
        fputc(' ', out);
        p_expr(out, exprs[i], depth);
    }
    fputc(')', out);
}

static void p_triple(FILE *out, const struct sparql_triple *t)
{
    p_term(out, &t->s);
    fputc(' ', out);
    if (t->path)
        p_path(out, t->path);
    else
        p_term(out, &t->p);
    fputc(' ', out);
    p_term(out, &t->o);
}

static void p_alg(FILE *out, const struct sparql_alg *a, int depth)
{
    size_t i, r;

    switch (a->kind) {
    case SPARQL_ALG_BGP:
        fputs("(bgp", out);
        for (i = 0; i < a->ntriples; i++) {
            nl(out, depth + 1);
            fputs("(triple ", out);
            p_triple(out, &a->triples[i]);
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case SPARQL_ALG_PATH:
        fputs("(path ", out);
        p_triple(out, &a->triples[0]);
        fputc(')', out);
        return;
    case SPARQL_ALG_TABLE:
        if (!a->values) {
            fputs("(table unit)", out);
            return;
        }
        fputs("(table (vars", out);
        for (i = 0; i < a->values->nvars; i++) {
            fputc(' ', out);
            p_term(out, &a->values->vars[i]);
        }
        fputc(')', out);
        for (r = 0; r < a->values->nrows; r++) {
            nl(out, depth + 1);
            fputs("(row", out);
            for (i = 0; i < a->values->nvars; i++) {
                const struct sparql_term *c = &a->values->cells[r * a->values->nvars + i];

                if (c->kind == SPARQL_TERM_UNDEF)
                    continue;
                fputs(" [", out);
                p_term(out, &a->values->vars[i]);
                fputc(' ', out);
                p_term(out, c);
                fputc(']', out);
            }
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case SPARQL_ALG_JOIN:
        fputs("(join", out);
        break;
    case SPARQL_ALG_LEFTJOIN:
        fputs("(leftjoin", out);
        break;
    case SPARQL_ALG_UNION:
        fputs("(union", out);
        break;
    case SPARQL_ALG_MINUS:
        fputs("(minus", out);
        break;
    case SPARQL_ALG_FILTER:
        fputs("(filter ", out);
        p_exprs(out, a->exprs, a->nexprs, depth);
        break;
    case SPARQL_ALG_GRAPH:
    case SPARQL_ALG_SERVICE:
        fputs(a->kind == SPARQL_ALG_GRAPH ? "(graph " : "(service ", out);
        if (a->silent)
            fputs("silent ", out);
        p_term(out, &a->term);
        break;
    case SPARQL_ALG_EXTEND:
        fputs("(extend ((", out);
        p_term(out, &a->var);
        fputc(' ', out);
        p_expr(out, a->expr, depth);
        fputs("))", out);
        break;
    case SPARQL_ALG_GROUP:
        fputs("(group (", out);
        for (i = 0; i < a->nkeys; i++) {
            if (i)
                fputc(' ', out);
            if (a->keys[i].var.kind == SPARQL_TERM_VAR) {
                fputc('(', out);
                p_term(out, &a->keys[i].var);
                fputc(' ', out);
                p_expr(out, a->keys[i].expr, depth);
                fputc(')', out);
            } else {
                p_expr(out, a->keys[i].expr, depth);
            }
        }
        fputs(") (", out);
        for (i = 0; i < a->naggs; i++) {
            fputs(i ? " (" : "(", out);
            p_term(out, &a->aggs[i].var);
            fputc(' ', out);
            p_expr(out, a->aggs[i].expr, depth);
            fputc(')', out);
        }
        fputc(')', out);
        break;
    case SPARQL_ALG_ORDER:
        fputs("(order (", out);
        for (i = 0; i < a->norder; i++) {
            if (i)
                fputc(' ', out);
            fputs(a->order[i].descending ? "(desc " : "(asc ", out);
            p_expr(out, a->order[i].expr, depth);
            fputc(')', out);
        }
        fputc(')', out);
        break;
    case SPARQL_ALG_PROJECT:
        fputs("(project (", out);
        for (i = 0; i < a->nvars; i++) {
            if (i)
                fputc(' ', out);
            p_term(out, &a->vars[i]);
        }
        fputc(')', out);
        break;
    case SPARQL_ALG_DISTINCT:
        fputs("(distinct", out);
        break;
    case SPARQL_ALG_REDUCED:
        fputs("(reduced", out);
        break;
    case SPARQL_ALG_SLICE:
        fputs("(slice ", out);
        if (a->offset >= 0)
            fprintf(out, "%lld ", a->offset);
        else
            fputs("_ ", out);
        if (a->limit >= 0)
            fprintf(out, "%lld", a->limit);
        else
            fputs("_", out);
        break;
    }
    for (i = 0; i < a->nargs; i++) {
        nl(out, depth + 1);
        p_alg(out, a->args[i], depth + 1);
    }
    if (a->kind == SPARQL_ALG_LEFTJOIN && a->nexprs) {
        nl(out, depth + 1);
        p_exprs(out, a->exprs, a->nexprs, depth + 1);
    }
    fputc(')', out);
}

int sparql_algebra_print(const struct sparql_algebra *alg, FILE *out)
{
    p_alg(out, alg->root, 0);
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
