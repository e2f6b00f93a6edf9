/* route-fuzzer.c - libFuzzer entry point for request targets and routing.
 * The input (cut at the first NUL) is a raw request target: it goes through
 * the target checks and, when accepted, through the route table with every
 * method. Invariants that must hold for any input are checked; a violation
 * traps. make check replays fuzz/corpus/route through this same function
 * (tests/unit/test_route_corpus.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "X"};
    struct route_target t;
    struct error err;
    char *s = malloc(size + 1);

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    memset(&t, 0, sizeof t);
    int status = route_parse_target(s, 4096, &t, &err);
    if (status == 0) {
        const char *p = t.path;
        CHECK(p && p[0] == '/');
        CHECK(!strstr(p, "/../") && !strstr(p, "/./"));
        size_t n = strlen(p);
        CHECK(!(n >= 3 && !strcmp(p + n - 3, "/..")) && !(n >= 2 && !strcmp(p + n - 2, "/.")));
        for (size_t i = 0; i < sizeof methods / sizeof *methods; i++) {
            struct route_match m;
            enum route_result r = route_match(methods[i], p, &m);
            if (r == ROUTE_FOUND) {
                CHECK(m.route != NULL);
                CHECK(!m.rest || (m.rest >= p && m.rest <= p + n));
            } else {
                CHECK(m.route == NULL);
                CHECK(r != ROUTE_NOT_ALLOWED || m.allow[0]);
            }
        }
    } else {
        CHECK(status >= 400 && status < 500);
        CHECK(err.msg[0]);
    }
    route_target_clear(&t);
    free(s);
    return 0;
}
