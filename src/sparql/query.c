/* query.c - the public entry: parse, algebra, compile, evaluate, write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/eval.h"
#include "sparql/parser.h"
#include "sparql/query.h"

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static term_id graph_id(struct eval_ctx *c, const char *iri)
{
    struct term t = term_iri(iri);

    return dict_lookup(c->dict, &t);
}

static int setup_dataset(struct eval_ctx *c, const struct sparql_query *q,
                         enum sparql_dataset_mode mode)
{
    c->ds = mode == SPARQL_DATASET_DEFAULT ? EVAL_DS_DEFAULT : EVAL_DS_UNION;
    if (!q->nfrom && !q->nfrom_named)
        return 0;
    /* A dataset clause replaces the whole dataset. */
    c->ds = EVAL_DS_LIST;
    c->named_restricted = 1;
    c->from = arena_alloc(c->arena, (q->nfrom + 1) * sizeof *c->from);
    c->named = arena_alloc(c->arena, (q->nfrom_named + 1) * sizeof *c->named);
    if (!c->from || !c->named)
        return eval_fail(c, "out of memory");
    for (size_t i = 0; i < q->nfrom; i++) {
        term_id g = graph_id(c, q->from[i]);
        if (g)
            c->from[c->nfrom++] = g;
    }
    for (size_t i = 0; i < q->nfrom_named; i++) {
        term_id g = graph_id(c, q->from_named[i]);
        if (g)
            c->named[c->nnamed++] = g;
    }
    return 0;
}

static const char *const kind_names[] = {
    "bgp",    "path",  "join",  "leftjoin", "filter",  "union",    "minus",   "graph", "service",
    "extend", "table", "group", "order",    "project", "distinct", "reduced", "slice",
};

static void explain_node(FILE *f, const struct eval_node *n, int depth)
{
    fprintf(f, "%*s%s", depth * 2, "", kind_names[n->a->kind]);
    if (n->a->kind == SPARQL_ALG_BGP)
        fprintf(f, " (%zu triples, est %.0f)", n->a->ntriples, n->est);
    fprintf(f, "  calls=%zu rows=%zu\n", n->calls, n->actual);
    for (size_t i = 0; i < n->a->nargs; i++)
        explain_node(f, n->args[i], depth + 1);
}

/* The variables a SELECT reports: the Project node's. */
static const struct sparql_alg *find_project(const struct sparql_alg *a)
{
    while (a && a->kind != SPARQL_ALG_PROJECT &&
           (a->kind == SPARQL_ALG_SLICE || a->kind == SPARQL_ALG_DISTINCT ||
            a->kind == SPARQL_ALG_REDUCED))
        a = a->args[0];
    return a && a->kind == SPARQL_ALG_PROJECT ? a : NULL;
}

static int write_select(struct eval_ctx *c, const struct sparql_alg *root, struct eval_tbl *t,
                        const struct sparql_query_options *opt, rdf_sink_fn sink, void *ctx,
                        struct error *err)
{
    const struct sparql_alg *pr = find_project(root);
    size_t nv = pr ? pr->nvars : 0;
    const char **names = calloc(nv + 1, sizeof *names);
    int *slots = calloc(nv + 1, sizeof *slots);
    struct term *terms = calloc(nv + 1, sizeof *terms);
    const struct term **cells = calloc(nv + 1, sizeof *cells);
    struct sparql_results *r = NULL;
    int rc = -1;

    if (!names || !slots || !terms || !cells) {
        error_set(err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nv; i++) {
        names[i] = pr->vars[i].value;
        slots[i] = eval_slot(c, names[i]);
    }
    r = sparql_results_new(opt->results, names, nv, sink, ctx, err);
    if (!r)
        goto out;
    for (size_t i = 0; i < t->n; i++) {
        const term_id *row = eval_row(t, i);

        for (size_t k = 0; k < nv; k++) {
            cells[k] = NULL;
            if (slots[k] >= 0 && row[slots[k]] && eval_term(c, row[slots[k]], &terms[k]) == 0)
                cells[k] = &terms[k];
        }
        if (sparql_results_row(r, cells, err) < 0)
            goto out;
    }
    struct sparql_results *done = r;
    r = NULL;
    rc = sparql_results_finish(done, err);
out:
    sparql_results_abort(r);
    free(names);
    free(slots);
    free(terms);
    free(cells);
    return rc;
}

/* Instantiate a template term: 0 ok, 1 unbound / not allowed. */
static int tmpl_term(struct eval_ctx *c, const struct sparql_term *t, const term_id *row,
                     size_t sol, char *bbuf, size_t bsize, struct term *out)
{
    if (t->kind == SPARQL_TERM_VAR) {
        int s = eval_slot(c, t->value);

        if (s < 0 || !row[s] || eval_term(c, row[s], out) < 0)
            return 1;
        return 0;
    }
    if (t->kind == TERM_BLANK) {
        snprintf(bbuf, bsize, "c%zu_%s", sol, t->value[0] == '%' ? t->value + 1 : t->value);
        *out = term_blank(bbuf);
        return 0;
    }
    memset(out, 0, sizeof *out);
    out->kind = (enum term_kind)t->kind;
    out->value = t->value;
    out->len = t->len ? t->len : strlen(t->value);
    out->lang = t->lang;
    out->datatype = t->datatype;
    term_normalise(out);
    return 0;
}

static int write_construct(struct eval_ctx *c, const struct sparql_query *q, struct eval_tbl *t,
                           struct rdf_writer *w, size_t *count, struct error *err)
{
    char b[3][600];

    for (size_t i = 0; i < t->n; i++) {
        const term_id *row = eval_row(t, i);

        for (size_t k = 0; k < q->nconstruct; k++) {
            const struct sparql_triple *tr = &q->construct[k];
            struct term_quad tq;

            memset(&tq, 0, sizeof tq);
            if (tmpl_term(c, &tr->s, row, i, b[0], sizeof b[0], &tq.s) ||
                tmpl_term(c, &tr->p, row, i, b[1], sizeof b[1], &tq.p) ||
                tmpl_term(c, &tr->o, row, i, b[2], sizeof b[2], &tq.o))
                continue;
            if (tq.s.kind == TERM_LITERAL || tq.p.kind != TERM_IRI)
                continue; /* ill-formed triple: skipped (16.2) */
            if (rdf_writer_quad(w, &tq, err) < 0)
                return -1;
            ++*count;
        }
    }
    return 0;
}

/* DESCRIBE: the triples of each resource in the default graph, following
 * blank-node objects (their closure). */
static int describe_node(struct eval_ctx *c, term_id id, struct rdf_writer *w, term_id **seen,
                         size_t *nseen, size_t *cap, size_t *count, struct error *err)
{
    struct eval_gctx g = {EVAL_G_DEFAULT, 0, -1};
    struct store_quad q;
    struct eval_qit *it;

    for (size_t i = 0; i < *nseen; i++)
        if ((*seen)[i] == id)
            return 0;
    if (*nseen == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        term_id *s = realloc(*seen, ncap * sizeof *s);
        if (!s)
            return eval_fail(c, "out of memory");
        *seen = s;
        *cap = ncap;
    }
    (*seen)[(*nseen)++] = id;
    it = eval_qit_open(c, &g, NULL, id, 0, 0);
    if (!it)
        return -1;
    while (eval_qit_next(it, &q)) {
        struct term_quad tq;

        memset(&tq, 0, sizeof tq);
        if (eval_term(c, q.s, &tq.s) < 0 || eval_term(c, q.p, &tq.p) < 0 ||
            eval_term(c, q.o, &tq.o) < 0)
            continue;
        if (rdf_writer_quad(w, &tq, err) < 0) {
            eval_qit_free(it);
            c->failed = 1;
            return -1;
        }
        ++*count;
        if (tq.o.kind == TERM_BLANK && describe_node(c, q.o, w, seen, nseen, cap, count, err) < 0) {
            eval_qit_free(it);
            return -1;
        }
    }
    eval_qit_free(it);
    return c->failed ? -1 : 0;
}

static int write_describe(struct eval_ctx *c, const struct sparql_query *q, struct eval_tbl *t,
                          struct rdf_writer *w, size_t *count, struct error *err)
{
    term_id *seen = NULL;
    size_t nseen = 0, cap = 0;
    int rc = 0;

    if (q->star) {
        for (size_t i = 0; i < t->n && rc == 0; i++)
            for (size_t s = 0; s < c->nvars && rc == 0; s++)
                if (!strchr("_.%", c->vars[s][0]) && eval_row(t, i)[s])
                    rc = describe_node(c, eval_row(t, i)[s], w, &seen, &nseen, &cap, count, err);
    }
    for (size_t k = 0; k < q->ndescribe && rc == 0; k++) {
        const struct sparql_term *d = &q->describe[k];

        if (d->kind == SPARQL_TERM_VAR) {
            int s = eval_slot(c, d->value);
            for (size_t i = 0; s >= 0 && i < t->n && rc == 0; i++)
                if (eval_row(t, i)[s])
                    rc = describe_node(c, eval_row(t, i)[s], w, &seen, &nseen, &cap, count, err);
        } else {
            term_id id = eval_const_id(c, d);
            if (id && !EVAL_IS_EXTRA(id))
                rc = describe_node(c, id, w, &seen, &nseen, &cap, count, err);
        }
    }
    free(seen);
    return rc;
}

int sparql_query_run(const struct store_snapshot *snap, const char *text, size_t len,
                     const struct sparql_query_options *opt, rdf_sink_fn sink, void *ctx,
                     struct sparql_query_info *info, struct error *err)
{
    struct sparql_parse_options po = {0, opt->base};
    struct sparql_ast *ast = NULL;
    struct sparql_algebra *alg = NULL;
    struct eval_ctx c;
    struct eval_node *root;
    struct eval_tbl unit, res;
    struct rdf_writer *w = NULL;
    struct timespec t0;
    int rc = SPARQL_QUERY_ERROR, inited = 0;
    size_t count = 0;

    eval_tbl_init(&unit, 1);
    eval_tbl_init(&res, 1);
    if (info)
        memset(info, 0, sizeof *info);
    error_clear(err);
    if (sparql_parse(text, len, &po, &ast, err) < 0)
        return SPARQL_QUERY_SYNTAX;
    if (ast->is_update || !ast->query) {
        error_set(err, "not a query (use the update interface)");
        rc = SPARQL_QUERY_SYNTAX;
        goto out;
    }
    if (sparql_algebra_from_query(ast, &alg, err) < 0)
        goto out;
    if (eval_ctx_init(&c, snap, err) < 0)
        goto out;
    inited = 1;
    c.has_deadline = opt->limits.has_deadline;
    c.deadline = opt->limits.deadline;
    c.max_memory = opt->limits.max_memory;
    c.cancel = opt->limits.cancel;
    c.env.base = ast->base ? ast->base : opt->base;
    if (setup_dataset(&c, ast->query, opt->dataset) < 0)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    root = eval_compile(&c, alg->root);
    if (!root || eval_analyse_all(&c, &root) < 0) {
        if (!c.failed)
            eval_fail(&c, "out of memory");
        goto out;
    }
    eval_tbl_init(&unit, c.nvars);
    eval_tbl_init(&res, c.nvars);
    {
        term_id *zero = calloc(c.nvars + 1, sizeof *zero);
        int bad = !zero || eval_tbl_push(&c, &unit, zero) < 0;

        free(zero);
        if (bad) {
            eval_fail(&c, "out of memory");
            goto out;
        }
    }
    struct eval_gctx g = {EVAL_G_DEFAULT, 0, -1};
    size_t want = ast->query->form == SPARQL_ASK ? 1 : 0;
    if (opt->limits.max_rows && ast->query->form == SPARQL_SELECT) {
        /* rows reach the result table while they are produced unless a
         * Distinct, Reduced or Slice shrinks it afterwards */
        const struct eval_node *x = root;
        int early = 1;

        while (x->a->kind == SPARQL_ALG_PROJECT || x->a->kind == SPARQL_ALG_ORDER ||
               x->a->kind == SPARQL_ALG_DISTINCT || x->a->kind == SPARQL_ALG_REDUCED ||
               x->a->kind == SPARQL_ALG_SLICE) {
            if (x->a->kind != SPARQL_ALG_PROJECT && x->a->kind != SPARQL_ALG_ORDER)
                early = 0;
            x = x->args[0];
        }
        if (early) {
            c.max_rows = opt->limits.max_rows;
            c.result = &res;
        }
    }
    if (eval_node(&c, root, &g, &unit, &res, want) < 0)
        goto out;
    if (info) {
        info->eval_ms = ms_since(&t0);
        info->form = ast->query->form;
    }
    if (opt->explain)
        explain_node(opt->explain, root, 0);
    if (opt->limits.max_rows && res.n > opt->limits.max_rows && ast->query->form == SPARQL_SELECT) {
        eval_fail(&c, "result row limit of %zu exceeded", opt->limits.max_rows);
        goto out;
    }
    switch (ast->query->form) {
    case SPARQL_SELECT:
        if (write_select(&c, alg->root, &res, opt, sink, ctx, err) < 0)
            goto out;
        count = res.n;
        break;
    case SPARQL_ASK: {
        struct sparql_results *r = sparql_results_new(opt->results, NULL, 0, sink, ctx, err);

        if (!r)
            goto out;
        if (sparql_results_boolean(r, res.n > 0, err) < 0) {
            sparql_results_abort(r);
            goto out;
        }
        if (sparql_results_finish(r, err) < 0)
            goto out;
        break;
    }
    default: {
        enum rdf_syntax syn = opt->graph_syntax ? opt->graph_syntax : RDF_SYNTAX_NTRIPLES;

        w = rdf_writer_new(syn, NULL, NULL, sink, ctx, err);
        if (!w)
            goto out;
        if (ast->query->form == SPARQL_CONSTRUCT
                ? write_construct(&c, ast->query, &res, w, &count, err) < 0
                : write_describe(&c, ast->query, &res, w, &count, err) < 0)
            goto out;
        struct rdf_writer *done = w;
        w = NULL;
        if (rdf_writer_finish(done, err) < 0)
            goto out;
        break;
    }
    }
    if (info)
        info->rows = count;
    rc = SPARQL_QUERY_OK;
out:
    rdf_writer_abort(w);
    if (inited) {
        eval_tbl_free(&c, &unit);
        eval_tbl_free(&c, &res);
        eval_ctx_clear(&c);
    }
    sparql_algebra_free(alg);
    sparql_ast_free(ast);
    return rc;
}
