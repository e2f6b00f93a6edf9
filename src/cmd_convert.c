/* cmd_convert.c - `fundament convert`: from one RDF syntax to another.
 *
 * The whole input is parsed before anything reaches standard output: the
 * writer writes into memory, and the result is printed only when the input
 * parsed completely, so a syntax error never leaves partial output. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "rdf_io.h"

static int cmd_convert(int argc, char **argv);

const struct cmd_entry cmd_convert_entry = {
    "convert",
    "[--from FMT] [--to FMT] [--base IRI] FILE|-",
    "convert RDF between turtle, ntriples, nquads, trig, rdfxml and jsonld",
    cmd_convert,
};

/* Declared in Turtle, TriG and RDF/XML output. */
static const struct rdf_prefix standard_prefixes[] = {
    {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd", "http://www.w3.org/2001/XMLSchema#"},
    {"owl", "http://www.w3.org/2002/07/owl#"},
    {"skos", "http://www.w3.org/2004/02/skos/core#"},
    {"dct", "http://purl.org/dc/terms/"},
    {"sh", "http://www.w3.org/ns/shacl#"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {NULL, NULL},
};

static void help(FILE *f)
{
    fprintf(f, "usage: fundament convert [--from FMT] [--to FMT] [--base IRI] FILE|-\n"
               "\n"
               "Reads FILE (or standard input for '-') and writes it to standard output\n"
               "in another RDF syntax.\n"
               "\n"
               "  --from FMT   input syntax; default: from the file extension\n"
               "               (.ttl .nt .nq .trig .rdf/.owl/.xml .jsonld/.json);\n"
               "               required for standard input\n"
               "  --to FMT     output syntax (default: turtle)\n"
               "  --base IRI   base IRI for relative IRIs (default: the file's file: IRI)\n"
               "  --help       this text\n"
               "\n"
               "FMT is one of: turtle ntriples nquads trig rdfxml jsonld.\n"
               "Graph names are dropped when writing turtle, ntriples or rdfxml.\n"
               "Exit status: 0 done, 1 output failed, 2 bad usage or bad input.\n");
}

/* Sink into a memory stream; ctx is the FILE. */
static int sink_file(void *ctx, const void *buf, size_t len)
{
    return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

struct convert_ctx {
    struct rdf_writer *w;
    int write_failed; /* the writer, not the input, stopped the parse */
};

static int on_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    struct convert_ctx *c = ctx;

    if (rdf_writer_quad(c->w, q, err)) {
        c->write_failed = 1;
        return -1;
    }
    return 0;
}

/* Value of option argv[*i] given as "--opt VALUE" or "--opt=VALUE"; NULL if
 * argv[*i] is not this option. Sets *missing when the value is absent. */
static const char *option_value(int argc, char **argv, int *i, const char *opt, int *missing)
{
    size_t n = strlen(opt);

    if (strncmp(argv[*i], opt, n))
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

static int cmd_convert(int argc, char **argv)
{
    const char *from = NULL, *to = "turtle", *base = NULL, *file = NULL;
    struct rdf_parse_opts opts = {0};
    enum rdf_syntax out_syntax;
    struct rdf_writer *w = NULL;
    struct convert_ctx cc = {NULL, 0};
    struct error err;
    char *mem = NULL;
    size_t mem_len = 0;
    FILE *memf = NULL;
    int status = EXIT_USAGE;

    for (int i = 1; i < argc; i++) {
        const char *v;
        int missing = 0;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            help(stdout);
            return 0;
        }
        if ((v = option_value(argc, argv, &i, "--from", &missing)))
            from = v;
        else if ((v = option_value(argc, argv, &i, "--to", &missing)))
            to = v;
        else if ((v = option_value(argc, argv, &i, "--base", &missing)))
            base = v;
        else if (missing || (argv[i][0] == '-' && argv[i][1] != '\0') || file) {
            fprintf(stderr, "fundament convert: %s '%s'\n",
                    missing                     ? "missing value for"
                    : file && argv[i][0] != '-' ? "unexpected argument"
                                                : "unknown option",
                    argv[i]);
            cmd_usage(&cmd_convert_entry);
            return EXIT_USAGE;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        fprintf(stderr, "fundament convert: no input file\n");
        cmd_usage(&cmd_convert_entry);
        return EXIT_USAGE;
    }
    if (from) {
        opts.syntax = rdf_syntax_from_name(from);
        if (opts.syntax == RDF_SYNTAX_UNKNOWN) {
            fprintf(stderr, "fundament convert: unknown input syntax '%s'\n", from);
            cmd_usage(&cmd_convert_entry);
            return EXIT_USAGE;
        }
    } else {
        opts.syntax = rdf_syntax_from_filename(file);
        if (opts.syntax == RDF_SYNTAX_UNKNOWN) {
            fprintf(stderr, "fundament convert: cannot tell the syntax of '%s': use --from\n",
                    file);
            cmd_usage(&cmd_convert_entry);
            return EXIT_USAGE;
        }
    }
    out_syntax = rdf_syntax_from_name(to);
    if (out_syntax == RDF_SYNTAX_UNKNOWN) {
        fprintf(stderr, "fundament convert: unknown output syntax '%s'\n", to);
        cmd_usage(&cmd_convert_entry);
        return EXIT_USAGE;
    }
    opts.base = base;

    memf = open_memstream(&mem, &mem_len);
    if (!memf) {
        fprintf(stderr, "fundament convert: out of memory\n");
        return 1;
    }
    w = rdf_writer_new(out_syntax, NULL, standard_prefixes, sink_file, memf, &err);
    if (!w) {
        fprintf(stderr, "fundament convert: %s\n", err.msg);
        status = out_syntax == RDF_SYNTAX_JSONLD ? EXIT_USAGE : 1;
        goto out;
    }
    cc.w = w;
    if (rdf_parse_file(file, &opts, on_quad, &cc, &err)) {
        if (cc.write_failed) {
            fprintf(stderr, "fundament convert: %s\n", err.msg);
            status = 1;
        } else {
            fprintf(stderr, "%s\n", err.msg); /* names the input and position */
            status = EXIT_USAGE;
        }
        goto out;
    }
    if (rdf_writer_finish(w, &err)) {
        w = NULL;
        fprintf(stderr, "fundament convert: %s\n", err.msg);
        status = 1;
        goto out;
    }
    w = NULL;
    if (fflush(memf) || ferror(memf)) {
        fprintf(stderr, "fundament convert: out of memory\n");
        status = 1;
        goto out;
    }
    if (fwrite(mem, 1, mem_len, stdout) != mem_len || fflush(stdout)) {
        fprintf(stderr, "fundament convert: cannot write to standard output\n");
        status = 1;
        goto out;
    }
    status = 0;
out:
    rdf_writer_abort(w);
    if (memf)
        fclose(memf);
    free(mem);
    return status;
}
