/* jsonld-fuzzer.c - libFuzzer entry point for the JSON-LD reader.
 * The loader answers every context IRI with the input itself, so remote
 * context handling (caching, @import, recursion limits) is exercised too;
 * errors are expected, crashes, leaks and hangs are not. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
    const uint8_t *data;
    size_t size;
};

static char *self_loader(void *ctx, const char *iri, size_t *len)
{
    const struct input *in = ctx;
    char *copy = malloc(in->size ? in->size : 1);

    (void)iri;
    if (!copy)
        return NULL;
    memcpy(copy, in->data, in->size);
    *len = in->size;
    return copy;
}

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
    struct input in = {data, size};
    struct error err;

    opts.base = "http://example.org/doc";
    opts.bnode_prefix = "f";
    (void)jsonld_parse((const char *)data, size, "fuzz", &opts, no_op, NULL, &err);
    opts.loader = self_loader;
    opts.loader_ctx = &in;
    opts.rdf_direction = "compound-literal";
    opts.produce_generalized_rdf = 1;
    (void)jsonld_parse((const char *)data, size, "fuzz", &opts, no_op, NULL, &err);
    opts.processing_mode = "json-ld-1.0";
    opts.rdf_direction = "i18n-datatype";
    (void)jsonld_parse((const char *)data, size, "fuzz", &opts, no_op, NULL, &err);
    return 0;
}
