/* sparql-fuzzer - libFuzzer target: every input is parsed as a query and as
 * an update request; either may fail, neither may crash, leak or read out of
 * bounds. Seed corpus: fuzz/corpus/sparql/. */
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sparql/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sparql_parse_options opt = {0, "http://fuzz.example/base/"};
    struct sparql_ast *ast = NULL;
    struct error err;

    if (sparql_parse((const char *)data, size, &opt, &ast, &err) == 0) {
        FILE *devnull = fopen("/dev/null", "w");

        if (devnull) {
            sparql_ast_print(ast, devnull);
            fclose(devnull);
        }
    }
    sparql_ast_free(ast);
    opt.update = 1;
    ast = NULL;
    if (sparql_parse((const char *)data, size, &opt, &ast, &err) == 0)
        sparql_ast_free(ast);
    return 0;
}
