/* cmd_export.c - `fundament export`: dump one graph or the whole dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "rdf_io.h"

static int exec_export(int argc, char **argv);

const struct cmd_entry cmd_export_entry = {
    "export",
    "[--data-dir DIR] [--graph IRI] [--format nquads|trig|turtle] [SETTINGS]",
    "write one graph or the whole dataset (bundle + journal) to stdout",
    exec_export,
};

static int write_stdout(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

static const struct rdf_prefix export_prefixes[] = {
    {"rdf", RDF_NS},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", XSD_NS},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dct", "http://purl.org/dc/terms/"},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {NULL, NULL},
};

static int exec_export(int argc, char **argv)
{
    static const char *const opts[] = {"graph", "format", NULL};
    struct cmd_args args;
    struct config cfg;
    struct app app;
    struct error err;
    struct store_snapshot *snap = NULL;
    struct store_iter *it = NULL;
    struct rdf_writer *w = NULL;
    int status = EXIT_USAGE, opened = 0;

    error_clear(&err);
    if (cmd_args_parse(&cmd_export_entry, argc, argv, opts, NULL, 1, &args) < 0)
        return EXIT_USAGE;
    if (args.help) {
        printf("usage: fundament export %s\n\n%s.\n\n"
               "  --graph IRI    only this graph (the default graph: --graph default)\n"
               "  --format FMT   nquads (default), trig, or turtle (graph names dropped)\n\n"
               "Settings:\n", cmd_export_entry.usage, cmd_export_entry.summary);
        config_print_help(stdout);
        cmd_args_free(&args);
        return 0;
    }
    if (args.npositional) {
        fprintf(stderr, "fundament export: unexpected argument '%s'\n", args.positional[0]);
        cmd_usage(&cmd_export_entry);
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    const char *fmt = cmd_args_get(&args, "format");
    enum rdf_syntax syn = fmt ? rdf_syntax_from_name(fmt) : RDF_SYNTAX_NQUADS;
    if (syn != RDF_SYNTAX_NQUADS && syn != RDF_SYNTAX_TRIG && syn != RDF_SYNTAX_TURTLE) {
        fprintf(stderr, "fundament export: format must be nquads, trig or turtle\n");
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    if (cmd_config(&args, &cfg) < 0) {
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    status = 1;
    if (app_open(&app, &cfg, &err) < 0) {
        fprintf(stderr, "fundament export: %s\n", err.msg);
        goto out;
    }
    opened = 1;
    snap = store_acquire(app.store);
    struct store_quad pat = {0, 0, 0, 0};
    const char *graph = cmd_args_get(&args, "graph");
    if (graph && !strcmp(graph, "default")) {
        pat.g = TERM_ID_DEFAULT_GRAPH;
    } else if (graph) {
        struct term g = term_iri(graph);
        pat.g = dict_lookup(store_dict(app.store), &g);
        if (!pat.g) {
            fprintf(stderr, "fundament export: no graph <%s>\n", graph);
            goto out;
        }
    }
    w = rdf_writer_new(syn, NULL, export_prefixes, write_stdout, NULL, &err);
    if (!w)
        goto fail;
    /* GSPO keeps each graph's quads together, which TriG wants */
    it = store_find(snap, &pat, false);
    if (!it) {
        error_set(&err, "out of memory");
        goto fail;
    }
    struct store_quad q;
    struct term_quad tq;
    if (!pat.g) {
        term_id *graphs = NULL;
        long ng = store_graphs(snap, &graphs);
        store_iter_free(it);
        it = NULL;
        for (long gi = -1; gi < ng; gi++) {
            struct store_quad gp = {0, 0, 0, gi < 0 ? TERM_ID_DEFAULT_GRAPH : graphs[gi]};
            struct store_iter *gi_it = store_find(snap, &gp, false);
            while (gi_it && store_iter_next(gi_it, &q))
                if (store_decode_quad(store_dict(app.store), &q, &tq) < 0 ||
                    rdf_writer_quad(w, &tq, &err) < 0) {
                    store_iter_free(gi_it);
                    free(graphs);
                    goto fail;
                }
            store_iter_free(gi_it);
        }
        free(graphs);
    } else {
        while (store_iter_next(it, &q))
            if (store_decode_quad(store_dict(app.store), &q, &tq) < 0 ||
                rdf_writer_quad(w, &tq, &err) < 0)
                goto fail;
    }
    struct rdf_writer *done = w;
    w = NULL;
    if (rdf_writer_finish(done, &err) < 0 || fflush(stdout) != 0)
        goto fail;
    status = 0;
    goto out;
fail:
    fprintf(stderr, "fundament export: %s\n", err.msg[0] ? err.msg : "write failed");
    status = 1;
out:
    rdf_writer_abort(w);
    store_iter_free(it);
    store_release(snap);
    if (opened)
        app_close(&app);
    config_clear(&cfg);
    cmd_args_free(&args);
    return status;
}
