/* cmd_serve.c - `fundament serve`: the HTTP server over the embedded store. */
#include <stdio.h>
#include <time.h>

#include "app.h"
#include "cache.h"
#include "cmd.h"
#include "http.h"

static int exec_serve(int argc, char **argv);

const struct cmd_entry cmd_serve_entry = {
    "serve",
    "[--port N] [--bind ADDR] [--data-dir DIR] [--base IRI] [--config FILE] [SETTINGS]",
    "serve the registry over HTTP (bundled content + journal)",
    exec_serve,
};

static int exec_serve(int argc, char **argv)
{
    struct cmd_args args;
    struct config cfg;
    struct app app;
    struct error err;
    struct timespec t0, t1;
    int status = EXIT_USAGE;

    error_clear(&err);
    if (cmd_args_parse(&cmd_serve_entry, argc, argv, NULL, NULL, 1, &args) < 0)
        return EXIT_USAGE;
    if (args.help) {
        printf("usage: fundament serve %s\n\n%s.\n\nSettings:\n", cmd_serve_entry.usage,
               cmd_serve_entry.summary);
        config_print_help(stdout);
        cmd_args_free(&args);
        return 0;
    }
    if (args.npositional) {
        fprintf(stderr, "fundament serve: unexpected argument '%s'\n", args.positional[0]);
        cmd_usage(&cmd_serve_entry);
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    if (cmd_config(&args, &cfg) < 0) {
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (app_open(&app, &cfg, &err) < 0) {
        fprintf(stderr, "fundament serve: %s\n", err.msg);
        status = 1;
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct store_snapshot *snap = store_acquire(app.store);
    fprintf(stderr, "fundament: %zu quads (journal at change set %lld) ready in %.2f s; base %s\n",
            store_size(snap), (long long)journal_last_seq(app.journal),
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, cfg.base);
    store_release(snap);
    if (!(app.cache = cache_new(cfg.cache_size, &err))) {
        fprintf(stderr, "fundament serve: %s\n", err.msg);
        app_close(&app);
        status = 1;
        goto out;
    }
    status = http_serve(&app, &err) < 0 ? 1 : 0;
    if (status)
        fprintf(stderr, "fundament serve: %s\n", err.msg);
    app_close(&app);
out:
    config_clear(&cfg);
    cmd_args_free(&args);
    return status;
}
