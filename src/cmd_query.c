/* cmd_query.c - `fundament query`: run a SPARQL query over a registry's data
 * directory, or ad hoc over RDF files (--data into the default graph,
 * --named into a graph named file:// + the file's absolute path). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "app.h"
#include "cmd.h"
#include "rdf_io.h"
#include "sparql/query.h"

static int exec_query(int argc, char **argv);

const struct cmd_entry cmd_query_entry = {
    "query",
    "[--data-dir DIR | --data FILE... --named FILE... | --adhoc] "
    "[--results json|xml|csv|tsv|table|turtle|ntriples|nquads|trig|rdfxml|jsonld] "
    "[--timeout SECONDS] [--max-rows N] [--explain] [--repeat N] [SETTINGS] QUERY|@FILE",
    "run a SPARQL 1.1 query over the registry's data or over RDF files",
    exec_query,
};

static int write_stdout(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

static int write_null(void *ctx, const void *buf, size_t len)
{
    (void)ctx;
    (void)buf;
    (void)len;
    return 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 8192;
            char *b = realloc(buf, ncap);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
            cap = ncap;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0)
            break;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* "file://" + absolute path (malloc'd). The path is made absolute against
 * the working directory but symbolic links are kept, so that the name is
 * the one the caller (and a test manifest beside the file) sees. */
static char *file_iri(const char *path)
{
    char cwd[PATH_MAX];
    char *out;
    size_t n;

    if (access(path, R_OK) < 0)
        return NULL;
    if (path[0] == '/') {
        cwd[0] = '\0';
    } else if (!getcwd(cwd, sizeof cwd)) {
        return NULL;
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    n = strlen(cwd) + strlen(path) + 9;
    out = malloc(n);
    if (out)
        snprintf(out, n, "file://%s%s%s", cwd, cwd[0] ? "/" : "", path);
    return out;
}

struct adhoc {
    struct store *st;
    struct store_batch *b;
};

static int adhoc_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    struct adhoc *a = ctx;
    struct store_quad sq;

    if (store_intern_quad(a->st, q, &sq) < 0 || store_batch_add(a->b, &sq) < 0) {
        error_set(err, "out of memory while loading");
        return -1;
    }
    return 0;
}

/* Loads every --data / --named file of args into a fresh store. Returns 0,
 * or -1 (2 in *status for a syntax error). */
static int adhoc_load(const struct cmd_args *args, struct store *st, int *status, struct error *err)
{
    struct adhoc a = {st, store_batch_new(st)};
    unsigned nfile = 0;

    if (!a.b) {
        error_set(err, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < args->n; i++) {
        int named = !strcmp(args->names[i], "named");
        char *gname = NULL, *base = NULL, prefix[32];

        if (!named && strcmp(args->names[i], "data"))
            continue;
        base = file_iri(args->values[i]);
        if (!base) {
            error_set(err, "cannot read %s", args->values[i]);
            store_batch_free(a.b);
            return -1;
        }
        if (named)
            gname = base;
        /* blank nodes of different files are different nodes */
        snprintf(prefix, sizeof prefix, "f%u_", ++nfile);
        struct rdf_parse_opts o = {RDF_SYNTAX_UNKNOWN, base, gname, prefix};
        int rc = rdf_parse_file(args->values[i], &o, adhoc_quad, &a, err);
        free(base);
        if (rc < 0) {
            *status = EXIT_USAGE;
            store_batch_free(a.b);
            return -1;
        }
    }
    return store_commit(st, a.b, err);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void query_help(void)
{
    printf("usage: fundament query %s\n\n%s.\n\n", cmd_query_entry.usage, cmd_query_entry.summary);
    printf("  QUERY | @FILE    the query text, or @ and a file holding it (its base IRI is\n"
           "                   file:// + the file's absolute path)\n"
           "  --data FILE      ad hoc: load FILE into the default graph (repeatable)\n"
           "  --named FILE     ad hoc: load FILE into graph file://ABSOLUTE-PATH (repeatable)\n"
           "  --adhoc          ad hoc over the --data/--named files only (also when none given)\n"
           "  --results FMT    json xml csv tsv table (SELECT/ASK, default json);\n"
           "                   ntriples turtle nquads trig rdfxml jsonld (CONSTRUCT/DESCRIBE,\n"
           "                   default ntriples)\n"
           "  --timeout SEC    stop the evaluation after SEC seconds (exit 1)\n"
           "  --max-rows N     fail when a SELECT has more than N results\n"
           "  --explain        write the plan with estimated and actual rows to stderr\n"
           "  --repeat N       evaluate N times; the evaluation time goes to stderr\n\n"
           "With a data directory the default graph is the union of all graphs; ad hoc it is\n"
           "the default graph of the files given with --data.\n"
           "Exit status: 0 ok, 1 failure (limit, I/O), 2 bad usage or a syntax error.\n\n"
           "Settings:\n");
    config_print_help(stdout);
}

static int exec_query(int argc, char **argv)
{
    static const char *const opts[] = {"data",     "named",  "results", "timeout",
                                       "max-rows", "repeat", NULL};
    static const char *const flags[] = {"explain", "adhoc", NULL};
    struct cmd_args args;
    struct config cfg;
    struct app app;
    struct error err;
    struct store *adhoc_store = NULL;
    struct store_snapshot *snap = NULL;
    char *text = NULL, *base = NULL;
    double *times = NULL;
    size_t len = 0;
    int status = EXIT_USAGE, opened = 0, have_cfg = 0, adhoc = 0;

    error_clear(&err);
    if (cmd_args_parse(&cmd_query_entry, argc, argv, opts, flags, 1, &args) < 0)
        return EXIT_USAGE;
    if (args.help) {
        query_help();
        status = 0;
        goto out;
    }
    if (args.npositional != 1) {
        fprintf(stderr, "fundament query: give exactly one QUERY or @FILE\n");
        cmd_usage(&cmd_query_entry);
        goto out;
    }
    struct sparql_query_options o;
    memset(&o, 0, sizeof o);
    const char *fmt = cmd_args_get(&args, "results");
    if (fmt) {
        int rf = sparql_results_format_from_name(fmt);
        if (rf >= 0)
            o.results = (enum sparql_results_format)rf;
        else if ((o.graph_syntax = rdf_syntax_from_name(fmt)) == RDF_SYNTAX_UNKNOWN) {
            fprintf(stderr, "fundament query: unknown results format '%s'\n", fmt);
            goto out;
        }
    }
    const char *v;
    if ((v = cmd_args_get(&args, "timeout"))) {
        char *end;
        double sec = strtod(v, &end);
        if (*end || sec <= 0) {
            fprintf(stderr, "fundament query: --timeout needs a positive number of seconds\n");
            goto out;
        }
        o.limits.has_deadline = 1;
        /* the deadline is set just before evaluation, below */
        o.limits.deadline.tv_sec = (time_t)sec;
        o.limits.deadline.tv_nsec = (long)((sec - (double)(time_t)sec) * 1e9);
    }
    if ((v = cmd_args_get(&args, "max-rows"))) {
        char *end;
        long long n = strtoll(v, &end, 10);
        if (*end || n <= 0) {
            fprintf(stderr, "fundament query: --max-rows needs a positive number\n");
            goto out;
        }
        o.limits.max_rows = (size_t)n;
    }
    long repeat = 1;
    if ((v = cmd_args_get(&args, "repeat"))) {
        repeat = strtol(v, NULL, 10);
        if (repeat < 1 || repeat > 100000) {
            fprintf(stderr, "fundament query: --repeat needs a number from 1\n");
            goto out;
        }
    }
    const char *q = args.positional[0];
    if (q[0] == '@') {
        text = read_file(q + 1, &len);
        if (!text) {
            fprintf(stderr, "fundament query: cannot read %s\n", q + 1);
            goto out;
        }
        base = file_iri(q + 1);
    } else {
        text = strdup(q);
        if (!text)
            goto out;
        len = strlen(text);
    }
    o.base = base;
    for (size_t i = 0; i < args.n; i++)
        adhoc |= !strcmp(args.names[i], "data") || !strcmp(args.names[i], "named") ||
                 !strcmp(args.names[i], "adhoc");
    status = 1;
    if (adhoc) {
        o.dataset = SPARQL_DATASET_DEFAULT;
        adhoc_store = store_new();
        if (!adhoc_store) {
            fprintf(stderr, "fundament query: out of memory\n");
            goto out;
        }
        if (adhoc_load(&args, adhoc_store, &status, &err) < 0) {
            fprintf(stderr, "fundament query: %s\n", err.msg);
            goto out;
        }
        snap = store_acquire(adhoc_store);
    } else {
        if (cmd_config(&args, &cfg) < 0) {
            status = EXIT_USAGE;
            goto out;
        }
        have_cfg = 1;
        if (app_open(&app, &cfg, &err) < 0) {
            fprintf(stderr, "fundament query: %s\n", err.msg);
            goto out;
        }
        opened = 1;
        o.dataset = SPARQL_DATASET_UNION;
        snap = store_acquire(app.store);
    }
    times = calloc((size_t)repeat, sizeof *times);
    if (!times)
        goto out;
    struct timespec budget = o.limits.deadline;
    size_t rows = 0;
    for (long r = 0; r < repeat; r++) {
        struct sparql_query_info info;
        struct timespec t0;

        if (o.limits.has_deadline) {
            clock_gettime(CLOCK_MONOTONIC, &t0);
            o.limits.deadline.tv_sec = t0.tv_sec + budget.tv_sec;
            o.limits.deadline.tv_nsec = t0.tv_nsec + budget.tv_nsec;
            if (o.limits.deadline.tv_nsec >= 1000000000L) {
                o.limits.deadline.tv_sec++;
                o.limits.deadline.tv_nsec -= 1000000000L;
            }
        }
        o.explain = (args.n && cmd_args_get(&args, "explain") && r == 0) ? stderr : NULL;
        int rc = sparql_query_run(snap, text, len, &o, r == 0 ? write_stdout : write_null, NULL,
                                  &info, &err);
        if (rc == SPARQL_QUERY_SYNTAX) {
            fprintf(stderr, "fundament query: %s\n", err.msg);
            status = EXIT_USAGE;
            goto out;
        }
        if (rc < 0) {
            fflush(stdout);
            fprintf(stderr, "fundament query: %s\n", err.msg);
            goto out;
        }
        times[r] = info.eval_ms;
        rows = info.rows;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "fundament query: write failed\n");
        goto out;
    }
    if (repeat > 1) {
        qsort(times, (size_t)repeat, sizeof *times, cmp_double);
        fprintf(stderr, "query: %ld runs, evaluation median %.3f ms, min %.3f ms, %zu rows\n",
                repeat, times[repeat / 2], times[0], rows);
    }
    status = 0;
out:
    free(times);
    store_release(snap);
    store_free(adhoc_store);
    if (opened)
        app_close(&app);
    if (have_cfg)
        config_clear(&cfg);
    free(text);
    free(base);
    cmd_args_free(&args);
    return status;
}
