/* cmd_load.c - `fundament load`: add RDF files to a graph through the journal.
 *
 * All files of one invocation form one change set: every file is parsed
 * first; any error leaves the journal untouched (exit 2). The change set is
 * acknowledged on stdout only after the journal committed it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cmd.h"
#include "dict.h"
#include "rdf_io.h"
#include "store.h"

static int exec_load(int argc, char **argv);

const struct cmd_entry cmd_load_entry = {
    "load",
    "[--data-dir DIR] [--graph IRI] [--base IRI] [--format FMT] [--actor NAME] "
    "[--reason TEXT] FILE...",
    "add RDF files to a graph, as one change set of the journal",
    exec_load,
};

/* Quads collected as ids of a private dictionary, which owns the strings. */
struct collect {
    struct dict *dict;
    struct store_quad *q;
    size_t n, cap;
};

static int collect_quad(void *ctx, const struct term_quad *tq, struct error *err)
{
    struct collect *c = ctx;
    struct store_quad q;

    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        struct store_quad *t = realloc(c->q, cap * sizeof *t);
        if (!t)
            goto oom;
        c->q = t;
        c->cap = cap;
    }
    q.s = dict_intern(c->dict, &tq->s);
    q.p = dict_intern(c->dict, &tq->p);
    q.o = dict_intern(c->dict, &tq->o);
    q.g = dict_intern(c->dict, &tq->g);
    if (!q.s || !q.p || !q.o || !q.g)
        goto oom;
    c->q[c->n++] = q;
    return 0;
oom:
    error_set(err, "out of memory while reading");
    return -1;
}

static void load_help(void)
{
    printf("usage: fundament load %s\n\n%s.\n\n", cmd_load_entry.usage, cmd_load_entry.summary);
    printf("  --graph IRI     graph for triples that carry none (default: the default graph);\n"
           "                  N-Quads and TriG keep their own graph names\n"
           "  --base IRI      base for relative IRIs (default: the configured base)\n"
           "  --format FMT    turtle ntriples nquads trig rdfxml jsonld (default: by extension)\n"
           "  --actor NAME    who writes, recorded in the journal (default: cli:$USER)\n"
           "  --reason TEXT   why, recorded in the journal\n\n"
           "Exit status: 0 committed, 1 failure, 2 bad usage or a syntax error (nothing written).\n\n"
           "Settings:\n");
    config_print_help(stdout);
}

static int exec_load(int argc, char **argv)
{
    static const char *const opts[] = {"graph", "format", "actor", "reason", NULL};
    struct cmd_args args;
    struct config cfg;
    struct collect c = {0};
    struct journal *j = NULL;
    struct term_quad *tq = NULL;
    struct error err;
    char actor[256], prefix[64];
    int status = EXIT_USAGE, have_cfg = 0;

    error_clear(&err);
    if (cmd_args_parse(&cmd_load_entry, argc, argv, opts, NULL, 1, &args) < 0)
        return EXIT_USAGE;
    if (args.help) {
        load_help();
        status = 0;
        goto out;
    }
    if (args.npositional == 0) {
        fprintf(stderr, "fundament load: no FILE given\n");
        cmd_usage(&cmd_load_entry);
        goto out;
    }
    if (cmd_config(&args, &cfg) < 0)
        goto out;
    have_cfg = 1;
    const char *fmt = cmd_args_get(&args, "format");
    enum rdf_syntax syntax = RDF_SYNTAX_UNKNOWN;
    if (fmt && (syntax = rdf_syntax_from_name(fmt)) == RDF_SYNTAX_UNKNOWN) {
        fprintf(stderr, "fundament load: unknown format '%s' "
                        "(turtle ntriples nquads trig rdfxml jsonld)\n", fmt);
        goto out;
    }
    const char *graph = cmd_args_get(&args, "graph");
    const char *base = cmd_args_get(&args, "base");
    /* blank nodes of this change set must not meet those of another */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(prefix, sizeof prefix, "c%llx%lx%x-", (unsigned long long)ts.tv_sec,
             (unsigned long)ts.tv_nsec, (unsigned)getpid());

    c.dict = dict_new();
    if (!c.dict)
        goto fail;
    for (size_t i = 0; i < args.npositional; i++) {
        const char *file = args.positional[i];
        struct rdf_parse_opts po = {syntax, base ? base : cfg.base, graph, prefix};
        if (syntax == RDF_SYNTAX_UNKNOWN && rdf_syntax_from_filename(file) == RDF_SYNTAX_UNKNOWN) {
            fprintf(stderr, "fundament load: %s: unknown file type (use --format)\n", file);
            goto out;
        }
        if (rdf_parse_file(file, &po, collect_quad, &c, &err) < 0) {
            fprintf(stderr, "fundament load: %s\n", err.msg);
            goto out; /* syntax error: exit 2, nothing written */
        }
    }

    tq = malloc((c.n ? c.n : 1) * sizeof *tq);
    if (!tq)
        goto fail;
    for (size_t i = 0; i < c.n; i++)
        if (store_decode_quad(c.dict, &c.q[i], &tq[i]) < 0)
            goto fail;
    const char *user = getenv("USER");
    snprintf(actor, sizeof actor, "cli:%s", user ? user : "unknown");
    const char *who = cmd_args_get(&args, "actor");
    struct changeset cs = {
        .actor = who ? who : actor,
        .graph = graph,
        .op = CHANGESET_ADD,
        .reason = cmd_args_get(&args, "reason"),
        .added = tq,
        .n_added = c.n,
    };
    if (app_open_journal(&cfg, &j, &err) < 0 || journal_append(j, &cs, &err) < 0) {
        fprintf(stderr, "fundament load: %s\n", err.msg);
        status = 1;
        goto out;
    }
    printf("committed change set %lld: %zu quads added%s%s%s\n", (long long)cs.seq, c.n,
           graph ? " to <" : "", graph ? graph : "", graph ? ">" : "");
    fflush(stdout);
    status = 0;
    goto out;
fail:
    fprintf(stderr, "fundament load: out of memory\n");
    status = 1;
out:
    journal_close(j);
    free(tq);
    free(c.q);
    dict_free(c.dict);
    if (have_cfg)
        config_clear(&cfg);
    cmd_args_free(&args);
    return status;
}
