/* eval_path.c - property paths (SPARQL 1.1 section 9 and 18.5 ALP).
 *
 * A path is walked from a node in a direction (forward: subject to object).
 * IRI, inverse, sequence, alternative and negated property sets give bags
 * (duplicates kept, as the spec counts them); ?, * and + give sets: a
 * breadth-first search with a visited set per start node, so cycles end.
 * With both ends unbound the walk starts from every node that has one of the
 * path's first predicates (every node of the active graph for a path that
 * can be zero-length). Results per start node are memoised for the duration
 * of one PATH evaluation (a bind join asks for the same node often). */
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"

struct nset {
    term_id *v; /* insertion order */
    size_t n, cap;
    term_id *h; /* open addressing, 0 empty */
    size_t hcap;
};

static void nset_free(struct nset *s)
{
    free(s->v);
    free(s->h);
    memset(s, 0, sizeof *s);
}

static size_t hslot(term_id id, size_t cap)
{
    return (size_t)((id * 2654435761u) ^ (id >> 16)) & (cap - 1);
}

/* Adds id; returns 1 if new, 0 if present, -1 out of memory. With bag set,
 * duplicates are kept in v (h is not used). */
static int nset_add(struct nset *s, term_id id, int bag)
{
    if (!bag) {
        if ((s->n + 1) * 2 > s->hcap) {
            size_t ncap = s->hcap ? s->hcap * 2 : 32;
            term_id *h = calloc(ncap, sizeof *h);

            if (!h)
                return -1;
            for (size_t i = 0; i < s->n; i++) {
                size_t j = hslot(s->v[i], ncap);
                while (h[j])
                    j = (j + 1) & (ncap - 1);
                h[j] = s->v[i];
            }
            free(s->h);
            s->h = h;
            s->hcap = ncap;
        }
        size_t j = hslot(id, s->hcap);
        while (s->h[j]) {
            if (s->h[j] == id)
                return 0;
            j = (j + 1) & (s->hcap - 1);
        }
        s->h[j] = id;
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 16;
        term_id *v = realloc(s->v, ncap * sizeof *v);

        if (!v)
            return -1;
        s->v = v;
        s->cap = ncap;
    }
    s->v[s->n++] = id;
    return 1;
}

struct prun {
    struct eval_ctx *c;
    const struct eval_gctx *g;
    const term_id *row;
};

static int oom(struct prun *r)
{
    return eval_fail(r->c, "out of memory");
}

/* Appends to out the nodes one application of path reaches from x. */
static int step(struct prun *r, const struct sparql_path *p, term_id x, int fwd, struct nset *out,
                int bag);

static term_id iri_id(struct prun *r, const char *iri)
{
    struct term t = term_iri(iri);

    return dict_lookup(r->c->dict, &t);
}

static int closure(struct prun *r, const struct sparql_path *p, term_id x, int fwd,
                   struct nset *out, int include_self)
{
    struct nset frontier = {0}, next = {0};
    int rc = -1;

    if (include_self && nset_add(out, x, 0) < 0)
        return oom(r);
    if (nset_add(&frontier, x, 1) < 0)
        return oom(r);
    while (frontier.n) {
        next.n = 0;
        for (size_t i = 0; i < frontier.n; i++) {
            struct nset one = {0};

            if (step(r, p, frontier.v[i], fwd, &one, 1) < 0) {
                nset_free(&one);
                goto out;
            }
            for (size_t k = 0; k < one.n; k++) {
                int added = nset_add(out, one.v[k], 0);

                if (added < 0 || (added && nset_add(&next, one.v[k], 1) < 0)) {
                    nset_free(&one);
                    oom(r);
                    goto out;
                }
            }
            nset_free(&one);
            if (eval_tick(r->c) < 0)
                goto out;
        }
        struct nset t = frontier;
        frontier = next;
        next = t;
    }
    rc = 0;
out:
    nset_free(&frontier);
    nset_free(&next);
    return rc;
}

static int step(struct prun *r, const struct sparql_path *p, term_id x, int fwd, struct nset *out,
                int bag)
{
    struct store_quad q;

    switch (p->kind) {
    case SPARQL_PATH_IRI: {
        term_id pid = iri_id(r, p->iri);
        struct eval_qit *it;

        if (!pid || EVAL_IS_EXTRA(x))
            return 0;
        it = fwd ? eval_qit_open(r->c, r->g, r->row, x, pid, 0)
                 : eval_qit_open(r->c, r->g, r->row, 0, pid, x);
        if (!it)
            return -1;
        while (eval_qit_next(it, &q))
            if (nset_add(out, fwd ? q.o : q.s, bag) < 0) {
                eval_qit_free(it);
                return oom(r);
            }
        eval_qit_free(it);
        return r->c->failed ? -1 : 0;
    }
    case SPARQL_PATH_INVERSE:
        return step(r, p->args[0], x, !fwd, out, bag);
    case SPARQL_PATH_ALT:
        for (size_t i = 0; i < p->nargs; i++)
            if (step(r, p->args[i], x, fwd, out, bag) < 0)
                return -1;
        return 0;
    case SPARQL_PATH_SEQ: {
        struct nset cur = {0}, next = {0};
        int rc = 0;

        if (nset_add(&cur, x, 1) < 0)
            return oom(r);
        for (size_t k = 0; k < p->nargs && rc == 0; k++) {
            const struct sparql_path *a = p->args[fwd ? k : p->nargs - 1 - k];

            next.n = 0;
            for (size_t i = 0; i < cur.n && rc == 0; i++)
                rc = step(r, a, cur.v[i], fwd, &next, 1);
            struct nset t = cur;
            cur = next;
            next = t;
        }
        for (size_t i = 0; rc == 0 && i < cur.n; i++)
            if (nset_add(out, cur.v[i], bag) < 0)
                rc = oom(r);
        nset_free(&cur);
        nset_free(&next);
        return rc;
    }
    case SPARQL_PATH_ZERO_OR_ONE:
        if (nset_add(out, x, 0) < 0)
            return oom(r);
        {
            struct nset one = {0};
            int rc = step(r, p->args[0], x, fwd, &one, 1);

            for (size_t i = 0; rc == 0 && i < one.n; i++)
                if (nset_add(out, one.v[i], 0) < 0)
                    rc = oom(r);
            nset_free(&one);
            return rc;
        }
    case SPARQL_PATH_ZERO_OR_MORE:
        return closure(r, p->args[0], x, fwd, out, 1);
    case SPARQL_PATH_ONE_OR_MORE:
        return closure(r, p->args[0], x, fwd, out, 0);
    case SPARQL_PATH_NEGATED: {
        term_id *ex = calloc(p->nargs + 1, sizeof *ex);
        struct eval_qit *it;

        if (!ex)
            return oom(r);
        for (size_t i = 0; i < p->nargs; i++)
            ex[i] = iri_id(r, p->args[i]->iri);
        if (EVAL_IS_EXTRA(x)) {
            free(ex);
            return 0;
        }
        it = fwd ? eval_qit_open(r->c, r->g, r->row, x, 0, 0)
                 : eval_qit_open(r->c, r->g, r->row, 0, 0, x);
        if (!it) {
            free(ex);
            return -1;
        }
        while (eval_qit_next(it, &q)) {
            int skip = 0;

            for (size_t i = 0; i < p->nargs; i++)
                skip |= ex[i] == q.p;
            if (!skip && nset_add(out, fwd ? q.o : q.s, bag) < 0) {
                eval_qit_free(it);
                free(ex);
                return oom(r);
            }
        }
        eval_qit_free(it);
        free(ex);
        return r->c->failed ? -1 : 0;
    }
    }
    return 0;
}

static int can_be_empty(const struct sparql_path *p)
{
    switch (p->kind) {
    case SPARQL_PATH_ZERO_OR_MORE:
    case SPARQL_PATH_ZERO_OR_ONE:
        return 1;
    case SPARQL_PATH_INVERSE:
    case SPARQL_PATH_ONE_OR_MORE:
        return can_be_empty(p->args[0]);
    case SPARQL_PATH_ALT:
        for (size_t i = 0; i < p->nargs; i++)
            if (can_be_empty(p->args[i]))
                return 1;
        return 0;
    case SPARQL_PATH_SEQ:
        for (size_t i = 0; i < p->nargs; i++)
            if (!can_be_empty(p->args[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

/* Nodes a walk in direction fwd may start from. */
static int start_nodes(struct prun *r, const struct sparql_path *p, int fwd, struct nset *out)
{
    struct store_quad q;
    struct eval_qit *it;

    if (can_be_empty(p)) {
        /* every subject and object of the active graph */
        it = eval_qit_open(r->c, r->g, r->row, 0, 0, 0);
        if (!it)
            return -1;
        while (eval_qit_next(it, &q))
            if (nset_add(out, q.s, 0) < 0 || nset_add(out, q.o, 0) < 0) {
                eval_qit_free(it);
                return oom(r);
            }
        eval_qit_free(it);
        return r->c->failed ? -1 : 0;
    }
    switch (p->kind) {
    case SPARQL_PATH_IRI: {
        term_id pid = iri_id(r, p->iri);

        if (!pid)
            return 0;
        it = eval_qit_open(r->c, r->g, r->row, 0, pid, 0);
        if (!it)
            return -1;
        while (eval_qit_next(it, &q))
            if (nset_add(out, fwd ? q.s : q.o, 0) < 0) {
                eval_qit_free(it);
                return oom(r);
            }
        eval_qit_free(it);
        return r->c->failed ? -1 : 0;
    }
    case SPARQL_PATH_INVERSE:
        return start_nodes(r, p->args[0], !fwd, out);
    case SPARQL_PATH_ONE_OR_MORE:
        return start_nodes(r, p->args[0], fwd, out);
    case SPARQL_PATH_ALT:
        for (size_t i = 0; i < p->nargs; i++)
            if (start_nodes(r, p->args[i], fwd, out) < 0)
                return -1;
        return 0;
    case SPARQL_PATH_SEQ: {
        /* the first member that cannot be empty bounds the start; members
         * before it may be zero-length, so take all of theirs too */
        for (size_t k = 0; k < p->nargs; k++) {
            const struct sparql_path *a = p->args[fwd ? k : p->nargs - 1 - k];

            if (start_nodes(r, a, fwd, out) < 0)
                return -1;
            if (!can_be_empty(a))
                break;
        }
        return 0;
    }
    default: /* negated set: any subject (object) */
        it = eval_qit_open(r->c, r->g, r->row, 0, 0, 0);
        if (!it)
            return -1;
        while (eval_qit_next(it, &q))
            if (nset_add(out, fwd ? q.s : q.o, 0) < 0) {
                eval_qit_free(it);
                return oom(r);
            }
        eval_qit_free(it);
        return r->c->failed ? -1 : 0;
    }
}

/* Whether node occurs in the active graph (as subject or object): a
 * zero-length path from a variable binds only terms of the graph, a
 * constant of the query binds itself (18.5 ZeroLengthPath). */
static int in_graph(struct prun *r, term_id node)
{
    return eval_count(r->c, r->g, r->row, node, 0, 0) > 0 ||
           eval_count(r->c, r->g, r->row, 0, 0, node) > 0;
}

/* Memo of step results per start node. */
struct memo {
    term_id *keys;
    struct nset *vals;
    size_t n, cap;
};

static struct nset *memo_get(struct memo *m, term_id k)
{
    if (!m->cap)
        return NULL;
    size_t j = hslot(k, m->cap);
    while (m->keys[j]) {
        if (m->keys[j] == k)
            return &m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

static struct nset *memo_put(struct memo *m, term_id k, struct nset *v)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        term_id *keys = calloc(ncap, sizeof *keys);
        struct nset *vals = calloc(ncap, sizeof *vals);

        if (!keys || !vals) {
            free(keys);
            free(vals);
            return NULL;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = hslot(m->keys[i], ncap);
                while (keys[j])
                    j = (j + 1) & (ncap - 1);
                keys[j] = m->keys[i];
                vals[j] = m->vals[i];
            }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = ncap;
    }
    size_t j = hslot(k, m->cap);
    while (m->keys[j])
        j = (j + 1) & (m->cap - 1);
    m->keys[j] = k;
    m->vals[j] = *v;
    m->n++;
    return &m->vals[j];
}

static void memo_free(struct memo *m)
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i])
            nset_free(&m->vals[i]);
    free(m->keys);
    free(m->vals);
}

/* Targets from x, through the memo (memo valid only for a fixed graph). */
static struct nset *targets(struct prun *r, struct memo *m, const struct sparql_path *p, term_id x,
                            int fwd)
{
    struct nset *got = m ? memo_get(m, x) : NULL, one = {0};

    if (got)
        return got;
    if (step(r, p, x, fwd, &one, 1) < 0) {
        nset_free(&one);
        return NULL;
    }
    if (!m) {
        struct nset *h = malloc(sizeof *h);
        if (!h) {
            nset_free(&one);
            oom(r);
            return NULL;
        }
        *h = one;
        return h;
    }
    got = memo_put(m, x, &one);
    if (!got) {
        nset_free(&one);
        oom(r);
    }
    return got;
}

int eval_path(struct eval_ctx *c, struct eval_node *n, const struct eval_gctx *g,
              const struct eval_tbl *in, struct eval_tbl *out)
{
    const struct sparql_triple *tr = &n->a->triples[0];
    const struct sparql_path *p = tr->path;
    const struct eval_pat *pat = &n->pats[0];
    int ss = pat->slot[0], os = pat->slot[2];
    term_id *row = calloc(c->nvars + 1, sizeof *row);
    struct memo fm = {0}, bm = {0};
    int rc = -1;
    /* memoise only when the graph cannot change between rows */
    int memo_ok = g->kind != EVAL_G_VAR;

    if (!row)
        return eval_fail(c, "out of memory");
    for (size_t i = 0; i < in->n; i++) {
        const term_id *src = eval_row(in, i);
        struct prun r = {c, g, src};
        term_id sv = ss >= 0 ? src[ss] : pat->id[0];
        term_id ov = os >= 0 ? src[os] : pat->id[2];
        struct eval_gctx gg = *g;

        if (g->kind == EVAL_G_VAR && !src[g->slot]) {
            /* GRAPH ?g around a path: walk each named graph in turn */
            term_id *graphs = NULL;
            long ng;

            if (c->named_restricted) {
                ng = (long)c->nnamed;
                graphs = malloc((c->nnamed + 1) * sizeof *graphs);
                if (graphs)
                    memcpy(graphs, c->named, c->nnamed * sizeof *graphs);
            } else {
                ng = store_graphs(c->snap, &graphs);
            }
            if (ng < 0 || !graphs) {
                free(graphs);
                eval_fail(c, "out of memory");
                goto out;
            }
            struct eval_tbl one;
            eval_tbl_init(&one, c->nvars);
            int bad = 0;
            for (long k = 0; k < ng && !bad; k++) {
                memcpy(row, src, c->nvars * sizeof *row);
                row[g->slot] = graphs[k];
                one.n = 0;
                bad = eval_tbl_push(c, &one, row) < 0 || eval_path(c, n, g, &one, out) < 0;
            }
            eval_tbl_free(c, &one);
            free(graphs);
            if (bad)
                goto out;
            continue;
        }
        gg.kind = g->kind;
        r.g = &gg;
        if (sv) {
            struct nset *t = targets(&r, memo_ok ? &fm : NULL, p, sv, 1);

            if (!t)
                goto out;
            int self_ok = ss < 0 || !can_be_empty(p) || in_graph(&r, sv);
            for (size_t k = 0; k < t->n; k++) {
                if (ov && t->v[k] != ov)
                    continue;
                if (!self_ok && t->v[k] == sv)
                    continue;
                memcpy(row, src, c->nvars * sizeof *row);
                if (os >= 0 && !ov) {
                    if (os == ss && t->v[k] != sv)
                        continue;
                    row[os] = t->v[k];
                }
                if (ss >= 0)
                    row[ss] = sv;
                if (eval_tbl_push(c, out, row) < 0) {
                    if (!memo_ok)
                        nset_free(t), free(t);
                    goto out;
                }
            }
            if (!memo_ok)
                nset_free(t), free(t);
        } else if (ov) {
            struct nset *t = targets(&r, memo_ok ? &bm : NULL, p, ov, 0);

            if (!t)
                goto out;
            int self_ok = os < 0 || !can_be_empty(p) || in_graph(&r, ov);
            for (size_t k = 0; k < t->n; k++) {
                if (!self_ok && t->v[k] == ov)
                    continue;
                memcpy(row, src, c->nvars * sizeof *row);
                row[ss] = t->v[k];
                if (eval_tbl_push(c, out, row) < 0) {
                    if (!memo_ok)
                        nset_free(t), free(t);
                    goto out;
                }
            }
            if (!memo_ok)
                nset_free(t), free(t);
        } else {
            struct nset starts = {0};

            if (start_nodes(&r, p, 1, &starts) < 0) {
                nset_free(&starts);
                goto out;
            }
            for (size_t s = 0; s < starts.n; s++) {
                struct nset t = {0};

                if (step(&r, p, starts.v[s], 1, &t, 1) < 0) {
                    nset_free(&t);
                    nset_free(&starts);
                    goto out;
                }
                for (size_t k = 0; k < t.n; k++) {
                    if (ss == os && t.v[k] != starts.v[s])
                        continue;
                    memcpy(row, src, c->nvars * sizeof *row);
                    row[ss] = starts.v[s];
                    row[os] = t.v[k];
                    if (eval_tbl_push(c, out, row) < 0) {
                        nset_free(&t);
                        nset_free(&starts);
                        goto out;
                    }
                }
                nset_free(&t);
            }
            nset_free(&starts);
        }
    }
    rc = 0;
out:
    memo_free(&fm);
    memo_free(&bm);
    free(row);
    return rc;
}
