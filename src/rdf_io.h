/* rdf_io.h - reading and writing RDF syntaxes (raptor2, plus our JSON-LD and
 * TriG writer), as streams of term quads. */
#ifndef FUNDAMENT_RDF_IO_H
#define FUNDAMENT_RDF_IO_H

#include <stddef.h>

#include "error.h"
#include "term.h"

enum rdf_syntax {
    RDF_SYNTAX_UNKNOWN = 0,
    RDF_SYNTAX_TURTLE,
    RDF_SYNTAX_NTRIPLES,
    RDF_SYNTAX_NQUADS,
    RDF_SYNTAX_TRIG,
    RDF_SYNTAX_RDFXML,
    RDF_SYNTAX_JSONLD,
};

/* Names are a CLI contract: turtle ntriples nquads trig rdfxml jsonld. */
enum rdf_syntax rdf_syntax_from_name(const char *name);
/* By extension: .ttl .nt .nq .trig .rdf/.owl/.xml .jsonld/.json */
enum rdf_syntax rdf_syntax_from_filename(const char *path);
/* By media type (parameters ignored). */
enum rdf_syntax rdf_syntax_from_mime(const char *mime);
const char *rdf_syntax_name(enum rdf_syntax s);
const char *rdf_syntax_mime(enum rdf_syntax s);
const char *rdf_syntax_extension(enum rdf_syntax s); /* "ttl", ... */

/* Called once per parsed quad; the quad's strings are valid only during the
 * call. Non-zero return aborts the parse (its error is passed through). */
typedef int (*rdf_quad_fn)(void *ctx, const struct term_quad *q, struct error *err);

struct rdf_parse_opts {
    enum rdf_syntax syntax;     /* UNKNOWN: guess from the file name */
    const char *base;           /* base IRI for relative IRIs (NULL: file: URI) */
    const char *default_graph;  /* graph for triples without one (NULL: default graph) */
    const char *bnode_prefix;   /* prefix added to every blank node label, NULL: none */
};

/* Parse a whole file / buffer. On a syntax error returns -1 with err->msg
 * "FILE:LINE:COLUMN: message" and err->line/column set. name is used in
 * messages (the file name, or "-" / "<request body>"). */
int rdf_parse_file(const char *path, const struct rdf_parse_opts *opts, rdf_quad_fn fn,
                   void *ctx, struct error *err);
int rdf_parse_buffer(const char *buf, size_t len, const char *name,
                     const struct rdf_parse_opts *opts, rdf_quad_fn fn, void *ctx,
                     struct error *err);

/* Writes bytes somewhere; returns 0 or -1. */
typedef int (*rdf_sink_fn)(void *ctx, const void *buf, size_t len);

struct rdf_prefix {
    const char *prefix; /* "skos" */
    const char *iri;    /* "http://www.w3.org/2004/02/skos/core#" */
};

struct rdf_writer;

/* A streaming writer. prefixes is an array ended by {NULL, NULL} (may be
 * NULL); used by Turtle, TriG and RDF/XML. Syntaxes without graphs
 * (Turtle, N-Triples, RDF/XML) drop the graph of each quad. */
struct rdf_writer *rdf_writer_new(enum rdf_syntax syntax, const char *base,
                                  const struct rdf_prefix *prefixes, rdf_sink_fn sink,
                                  void *ctx, struct error *err);
int rdf_writer_quad(struct rdf_writer *w, const struct term_quad *q, struct error *err);
/* Flush and free the writer; returns -1 if any write failed. */
int rdf_writer_finish(struct rdf_writer *w, struct error *err);
void rdf_writer_abort(struct rdf_writer *w); /* NULL-safe, discards */

#endif
