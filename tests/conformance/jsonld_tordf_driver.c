/* jsonld_tordf_driver.c - runs the JSON-LD reader over one file and prints
 * N-Quads, for the W3C toRdf suite and the fuzz corpus replay.
 *
 * usage: jsonld_tordf_driver [--base IRI] [--processing-mode M]
 *            [--rdf-direction D] [--generalized] [--expand-context IRI]
 *            [--quiet] FILE...
 * Prints "error: MESSAGE" on stderr and exits 2 when a file fails. With
 * --quiet nothing is printed (replay mode: several files, errors are fine,
 * only crashes matter). Context IRIs under the W3C test site are served from
 * the local copy of the suite in $FUNDAMENT_SHARED when the file exists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld.h"

#define SUITE_PREFIX "https://w3c.github.io/json-ld-api/tests/"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, r;

    if (!f)
        return NULL;
    for (;;) {
        if (n + 4096 > cap) {
            char *nb;

            cap = cap ? cap * 2 : 65536;
            nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Loader: suite IRIs to local files (caller frees the returned buffer). */
static char *loader(void *ctx, const char *iri, size_t *len)
{
    const char *shared = getenv("FUNDAMENT_SHARED");
    char path[4096];

    (void)ctx;
    if (!shared || strncmp(iri, SUITE_PREFIX, strlen(SUITE_PREFIX)))
        return NULL;
    if (strstr(iri, "..") || strchr(iri, '?') || strchr(iri, '#'))
        return NULL;
    snprintf(path, sizeof path, "%s/w3c/json-ld/%s", shared, iri + strlen(SUITE_PREFIX));
    return read_file(path, len);
}

static void put_escaped(const char *s, size_t len, int iri)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (iri) {
            if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
                printf("\\u%04X", c);
            else
                putchar(c);
            continue;
        }
        switch (c) {
        case '"':
            fputs("\\\"", stdout);
            break;
        case '\\':
            fputs("\\\\", stdout);
            break;
        case '\n':
            fputs("\\n", stdout);
            break;
        case '\r':
            fputs("\\r", stdout);
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                printf("\\u%04X", c);
            else
                putchar(c);
        }
    }
}

static void put_term(const struct term *t)
{
    switch (t->kind) {
    case TERM_IRI:
        putchar('<');
        put_escaped(t->value, t->len, 1);
        putchar('>');
        break;
    case TERM_BLANK:
        printf("_:%.*s", (int)t->len, t->value);
        break;
    case TERM_LITERAL:
        putchar('"');
        put_escaped(t->value, t->len, 0);
        putchar('"');
        if (t->lang)
            printf("@%s", t->lang);
        else if (t->datatype) {
            fputs("^^<", stdout);
            put_escaped(t->datatype, strlen(t->datatype), 1);
            putchar('>');
        }
        break;
    default:
        break;
    }
}

static int print_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    int quiet = *(int *)ctx;

    (void)err;
    if (quiet)
        return 0;
    put_term(&q->s);
    putchar(' ');
    put_term(&q->p);
    putchar(' ');
    put_term(&q->o);
    if (q->g.kind != TERM_NONE) {
        putchar(' ');
        put_term(&q->g);
    }
    fputs(" .\n", stdout);
    return 0;
}

int main(int argc, char **argv)
{
    struct jsonld_opts opts;
    struct error err;
    int i, quiet = 0, rc = 0;

    memset(&opts, 0, sizeof opts);
    opts.loader = loader;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *a = argv[i];

        if (!strcmp(a, "--generalized"))
            opts.produce_generalized_rdf = 1;
        else if (!strcmp(a, "--quiet"))
            quiet = 1;
        else if (i + 1 < argc && !strcmp(a, "--base"))
            opts.base = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--processing-mode"))
            opts.processing_mode = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--rdf-direction"))
            opts.rdf_direction = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--expand-context"))
            opts.expand_context = argv[++i];
        else {
            fprintf(stderr,
                    "usage: %s [--base IRI] [--processing-mode M] [--rdf-direction D] "
                    "[--generalized] [--expand-context IRI] [--quiet] FILE...\n",
                    argv[0]);
            return 1;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "%s: no input file\n", argv[0]);
        return 1;
    }
    for (; i < argc; i++) {
        size_t len = 0;
        char *buf = read_file(argv[i], &len);

        if (!buf) {
            fprintf(stderr, "error: cannot read %s\n", argv[i]);
            rc = 2;
            continue;
        }
        if (jsonld_parse(buf, len, argv[i], &opts, print_quad, &quiet, &err) < 0) {
            if (!quiet)
                fprintf(stderr, "error: %s\n", err.msg);
            rc = quiet ? rc : 2;
        }
        free(buf);
    }
    fflush(stdout);
    return rc;
}
