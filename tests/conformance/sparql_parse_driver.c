/* sparql_parse_driver - parses a SPARQL query or update file and prints its
 * syntax tree, or "error: LINE:COLUMN: message" and exits 2.
 *
 * usage: sparql_parse_driver [--update] [--algebra] [--base IRI] [--quiet] [--repeat N] FILE
 * --algebra prints the SPARQL algebra of a query instead of its syntax tree;
 * --quiet prints nothing on success; --repeat parses N times and prints the
 * mean CPU time per parse on stderr (for measurements). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "sparql/algebra.h"
#include "sparql/parser.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;

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
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    struct sparql_parse_options opt = {0};
    struct sparql_ast *ast = NULL;
    struct error err;
    const char *path = NULL;
    int quiet = 0, algebra = 0, rc = 0;
    long repeat = 0, i;
    size_t len = 0;
    char *text;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--update") == 0)
            opt.update = 1;
        else if (strcmp(argv[i], "--algebra") == 0)
            algebra = 1;
        else if (strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else if (strcmp(argv[i], "--base") == 0 && i + 1 < argc)
            opt.base = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = strtol(argv[++i], NULL, 10);
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr,
                "usage: %s [--update] [--algebra] [--base IRI] [--quiet] [--repeat N] FILE\n",
                argv[0]);
        return 1;
    }
    text = read_file(path, &len);
    if (!text) {
        fprintf(stderr, "%s: cannot read %s\n", argv[0], path);
        return 1;
    }
    if (repeat > 0) {
        struct timespec t0, t1;
        double ns;

        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        for (i = 0; i < repeat; i++) {
            if (sparql_parse(text, len, &opt, &ast, &err) == 0)
                sparql_ast_free(ast);
            ast = NULL;
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
             (double)repeat;
        fprintf(stderr, "%s: %zu bytes, %.1f us CPU per parse\n", path, len, ns / 1000.0);
    }
    if (sparql_parse(text, len, &opt, &ast, &err) != 0) {
        printf("error: %s\n", err.msg);
        rc = 2;
    } else if (algebra && ast->query) {
        struct sparql_algebra *alg = NULL;

        if (sparql_algebra_from_query(ast, &alg, &err) != 0) {
            printf("error: %s\n", err.msg);
            rc = 2;
        } else if (!quiet) {
            sparql_algebra_print(alg, stdout);
        }
        sparql_algebra_free(alg);
    } else if (!quiet) {
        sparql_ast_print(ast, stdout);
    }
    sparql_ast_free(ast);
    free(text);
    return rc;
}
