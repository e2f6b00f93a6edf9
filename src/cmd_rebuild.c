/* cmd_rebuild.c - `fundament rebuild`: rebuild the store from the journal
 * alone and report what it holds; proves the journal is the truth. */
#include <stdio.h>
#include <time.h>

#include "app.h"
#include "cmd.h"

static int exec_rebuild(int argc, char **argv);

const struct cmd_entry cmd_rebuild_entry = {
    "rebuild",
    "[--data-dir DIR] [SETTINGS]",
    "rebuild the store from the bundled content and the journal, and report it",
    exec_rebuild,
};

static double since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int exec_rebuild(int argc, char **argv)
{
    struct cmd_args args;
    struct config cfg;
    struct app app = {0};
    struct error err;
    struct timespec t0;
    size_t changesets = 0;
    int status = 1;

    error_clear(&err);
    if (cmd_args_parse(&cmd_rebuild_entry, argc, argv, NULL, NULL, 1, &args) < 0)
        return EXIT_USAGE;
    if (args.help) {
        printf("usage: fundament rebuild %s\n\n%s.\n\nSettings:\n", cmd_rebuild_entry.usage,
               cmd_rebuild_entry.summary);
        config_print_help(stdout);
        cmd_args_free(&args);
        return 0;
    }
    if (args.npositional) {
        fprintf(stderr, "fundament rebuild: unexpected argument '%s'\n", args.positional[0]);
        cmd_usage(&cmd_rebuild_entry);
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    if (cmd_config(&args, &cfg) < 0) {
        cmd_args_free(&args);
        return EXIT_USAGE;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    app.cfg = &cfg;
    if (app_open_journal(&cfg, &app.journal, &err) < 0 || !(app.store = store_new()) ||
        app_load_bundle(&app, &err) < 0) {
        fprintf(stderr, "fundament rebuild: %s\n", err.msg[0] ? err.msg : "out of memory");
        goto out;
    }
    struct store_snapshot *s = store_acquire(app.store);
    size_t bundle = store_size(s);
    store_release(s);
    double tb = since(&t0);
    if (app_replay(&app, &changesets, &err) < 0) {
        fprintf(stderr, "fundament rebuild: %s\n", err.msg);
        goto out;
    }
    s = store_acquire(app.store);
    printf("bundle: %zu quads in %.2f s\n"
           "journal: %zu change sets up to seq %lld\n"
           "store: %zu quads, generation %llu, %zu terms, %.1f MiB, %.1f bytes/quad\n"
           "rebuilt in %.2f s\n",
           bundle, tb, changesets, (long long)journal_last_seq(app.journal), store_size(s),
           (unsigned long long)store_generation(s), dict_count(store_dict(app.store)),
           (double)store_memory(s) / 1048576.0,
           store_size(s) ? (double)store_memory(s) / (double)store_size(s) : 0.0, since(&t0));
    store_release(s);
    status = 0;
out:
    app_close(&app);
    config_clear(&cfg);
    cmd_args_free(&args);
    return status;
}
