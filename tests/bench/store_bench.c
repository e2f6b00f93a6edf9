/* store_bench.c - start-up, memory and pattern-lookup figures of the store.
 *
 * store_bench --data-dir DIR [--bundle DIR] [--sample N] [--sample-out FILE]
 * Opens the registry as `fundament serve` does (bundle + journal replay),
 * then times four lookups on a random sample of quads: all quads of a
 * subject, subject+predicate, predicate+object, and one graph's contents,
 * each result fully decoded to strings. Prints "name value unit" lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "cmd.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kb(void)
{
    char line[256];
    long kb = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kb = atol(line + 6);
    if (f)
        fclose(f);
    return kb;
}

/* Iterate a pattern and decode every result; returns rows. */
static size_t run(const struct store_snapshot *snap, struct dict *d, const struct store_quad *pat)
{
    struct store_iter *it = store_find(snap, pat, false);
    struct store_quad q;
    struct term_quad tq;
    size_t n = 0;
    while (it && store_iter_next(it, &q))
        n += store_decode_quad(d, &q, &tq) == 0 && tq.s.value[0] != '\x01';
    store_iter_free(it);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void write_term(FILE *f, const struct term *t)
{
    switch (t->kind) {
    case TERM_IRI: fprintf(f, "<%s>", t->value); break;
    case TERM_BLANK: fprintf(f, "_:%s", t->value); break;
    case TERM_LITERAL:
        fputc('"', f);
        for (size_t i = 0; i < t->len; i++) {
            char c = t->value[i];
            if (c == '"' || c == '\\')
                fputc('\\', f);
            if (c == '\n')
                fputs("\\n", f);
            else if (c == '\r')
                fputs("\\r", f);
            else
                fputc(c, f);
        }
        fputc('"', f);
        if (t->lang)
            fprintf(f, "@%s", t->lang);
        else if (t->datatype)
            fprintf(f, "^^<%s>", t->datatype);
        break;
    default: break;
    }
}

int main(int argc, char **argv)
{
    static const struct cmd_entry e = {"store_bench", "--data-dir DIR [--sample N] "
                                       "[--sample-out FILE]", "store figures", NULL};
    static const char *const opts[] = {"sample", "sample-out", NULL};
    struct cmd_args args;
    struct config cfg;
    struct app app;
    struct error err;

    if (cmd_args_parse(&e, argc, argv, opts, NULL, 1, &args) < 0 || cmd_config(&args, &cfg) < 0)
        return 2;
    const char *s = cmd_args_get(&args, "sample");
    size_t nsample = s ? (size_t)atol(s) : 1000;
    long rss0 = rss_kb();
    double t0 = now();
    if (app_open(&app, &cfg, &err) < 0) {
        fprintf(stderr, "store_bench: %s\n", err.msg);
        return 1;
    }
    double startup = now() - t0;
    struct store_snapshot *snap = store_acquire(app.store);
    struct dict *d = store_dict(app.store);
    size_t n = store_size(snap);
    printf("quads %zu count\n", n);
    printf("startup %.3f s\n", startup);
    printf("rss_per_quad %.1f B\n", n ? (double)(rss_kb() - rss0) * 1024.0 / (double)n : 0.0);
    printf("store_per_quad %.1f B\n", n ? (double)store_memory(snap) / (double)n : 0.0);
    printf("dict_per_quad %.1f B\n", n ? (double)dict_memory(d) / (double)n : 0.0);

    /* a random sample of quads (reservoir over a full scan), from named graphs */
    struct store_quad *sample = calloc(nsample, sizeof *sample), q, all = {0};
    size_t seen = 0;
    srand(42);
    struct store_iter *it = store_find(snap, &all, false);
    double ts = now();
    while (store_iter_next(it, &q)) {
        if (q.g == TERM_ID_DEFAULT_GRAPH)
            continue;
        size_t r = seen < nsample ? seen : (size_t)(((double)rand() / RAND_MAX) * (double)seen);
        if (r < nsample)
            sample[r] = q;
        seen++;
    }
    double scan = now() - ts;
    store_iter_free(it);
    printf("full_scan %.1f ns/quad\n", n ? scan * 1e9 / (double)n : 0.0);
    if (seen < nsample)
        nsample = seen;

    const char *out = cmd_args_get(&args, "sample-out");
    if (out) {
        FILE *f = fopen(out, "w");
        for (size_t i = 0; f && i < nsample; i++) {
            struct term_quad tq;
            store_decode_quad(d, &sample[i], &tq);
            write_term(f, &tq.s);
            fputc(' ', f);
            write_term(f, &tq.p);
            fputc(' ', f);
            write_term(f, &tq.o);
            fputc(' ', f);
            write_term(f, &tq.g);
            fputs(" .\n", f);
        }
        if (f)
            fclose(f);
    }
    static const char *const names[] = {"subject", "subject_predicate", "predicate_object",
                                         "graph"};
    double *lat = calloc(nsample ? nsample : 1, sizeof *lat);
    for (int kind = 0; kind < 4; kind++) {
        size_t rows = 0, reps = kind >= 2 ? (nsample < 20 ? nsample : 20) : nsample;
        for (size_t i = 0; i < reps; i++) {
            struct store_quad pat = {0};
            if (kind == 0)
                pat.s = sample[i].s;
            else if (kind == 1)
                pat.s = sample[i].s, pat.p = sample[i].p;
            else if (kind == 2)
                pat.p = sample[i].p, pat.o = sample[i].o;
            else
                pat.g = sample[i].g;
            /* a lookup resolves its terms from strings first, as a request does */
            struct term_quad tq;
            store_decode_quad(d, &sample[i], &tq);
            double a = now();
            if (pat.s)
                pat.s = dict_lookup(d, &tq.s);
            if (pat.p)
                pat.p = dict_lookup(d, &tq.p);
            if (pat.o)
                pat.o = dict_lookup(d, &tq.o);
            if (pat.g)
                pat.g = dict_lookup(d, &tq.g);
            rows += run(snap, d, &pat);
            lat[i] = now() - a;
        }
        qsort(lat, reps, sizeof *lat, cmp_double);
        printf("lookup_%s_median %.2f us\n", names[kind], reps ? lat[reps / 2] * 1e6 : 0.0);
        printf("lookup_%s_rows %.1f rows\n", names[kind], reps ? (double)rows / (double)reps : 0.0);
    }
    free(lat);
    free(sample);
    store_release(snap);
    app_close(&app);
    config_clear(&cfg);
    cmd_args_free(&args);
    return 0;
}
