/* jsonld-fuzzer.c - libFuzzer entry point for the JSON-LD reader.
 * Remote contexts resolve to nothing (the loader is NULL), so every input
 * is self-contained; errors are expected, crashes and leaks are not. */
#include <stddef.h>
#include <stdint.h>

#include "jsonld.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int no_op(void *ctx, const struct term_quad *q, struct error *err)
{
    (void)ctx;
    (void)q;
    (void)err;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct jsonld_opts opts = {0};
    struct error err;

    opts.base = "http://example.org/doc";
    opts.bnode_prefix = "f";
    (void)jsonld_parse((const char *)data, size, "fuzz", &opts, no_op, NULL, &err);
    opts.processing_mode = "json-ld-1.0";
    opts.rdf_direction = "compound-literal";
    (void)jsonld_parse((const char *)data, size, "fuzz", &opts, no_op, NULL, &err);
    return 0;
}
