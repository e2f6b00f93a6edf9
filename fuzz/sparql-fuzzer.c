/* sparql-fuzzer - libFuzzer target: every input is parsed as a query and as
 * an update request; a query that parses is printed, translated to the
 * algebra and printed again. Either parse may fail; nothing may crash, leak
 * or read out of bounds. Seed corpus: fuzz/corpus/sparql/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "sparql/algebra.h"
#include "sparql/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink; /* /dev/null, opened once for the whole run */
    struct sparql_parse_options opt = {0, "http://fuzz.example/base/"};
    struct sparql_ast *ast = NULL;
    struct sparql_algebra *alg = NULL;
    struct error err;

    if (!sink)
        sink = fopen("/dev/null", "w");
    if (sparql_parse((const char *)data, size, &opt, &ast, &err) == 0 && sink) {
        sparql_ast_print(ast, sink);
        if (sparql_algebra_from_query(ast, &alg, &err) == 0)
            sparql_algebra_print(alg, sink);
        sparql_algebra_free(alg);
    }
    sparql_ast_free(ast);
    opt.update = 1;
    ast = NULL;
    if (sparql_parse((const char *)data, size, &opt, &ast, &err) == 0 && sink)
        sparql_ast_print(ast, sink);
    sparql_ast_free(ast);
    return 0;
}
