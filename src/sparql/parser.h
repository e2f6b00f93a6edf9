/* parser.h - SPARQL 1.1 Query and Update parser.
 *
 * Recursive descent over the grammar of SPARQL 1.1 Query Language section
 * 19.8 (productions [1]-[138]; the terminals are in lexer.h). Besides the
 * grammar it makes the static checks the specifications require (see
 * docs/internals/sparql-parser.md): blank node label scope, no blank nodes in
 * DELETE, no variables in INSERT/DELETE DATA, BIND and SELECT AS scope,
 * grouping of projected variables, where aggregates may appear, VALUES row
 * length. */
#ifndef FUNDAMENT_SPARQL_PARSER_H
#define FUNDAMENT_SPARQL_PARSER_H

#include <stddef.h>

#include "error.h"
#include "sparql/ast.h"

struct sparql_parse_options {
    int update;       /* parse an Update request instead of a Query */
    const char *base; /* base IRI for relative references, or NULL (copied) */
};

/* Parses text (len bytes, UTF-8). On success *out receives a tree the caller
 * owns (free with sparql_ast_free) and 0 is returned. On failure returns -1,
 * *out is NULL and err holds "LINE:COLUMN: message" with err->line and
 * err->column set. */
int sparql_parse(const char *text, size_t len, const struct sparql_parse_options *opt,
                 struct sparql_ast **out, struct error *err);

#endif
