/* accept-fuzzer.c - libFuzzer entry point for Accept parsing and choosing.
 * The input is taken as an Accept header (cut at the first NUL) and also as
 * a ?format= value and a path with an extension. Invariants that must hold
 * for any input are checked; a violation traps. make check replays
 * fuzz/corpus/accept through this same function (tests/unit/test_conneg.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conneg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            __builtin_trap();                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct conneg_accept a;
    struct conneg_choice c;
    const struct conneg_offer *offers;
    size_t n, i, stem;
    unsigned profiles;
    char *s = malloc(size + 1);
    int idx;
    enum conneg_format f;

    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    conneg_parse_accept(s, &a);
    CHECK(a.n <= CONNEG_RANGES_MAX);
    for (i = 0; i < a.n; i++) {
        const struct conneg_range *r = &a.ranges[i];

        CHECK(r->q <= CONNEG_Q_MAX);
        CHECK(r->type >= s && r->type + r->type_len <= s + size && r->type_len > 0);
        CHECK(r->subtype >= s && r->subtype + r->subtype_len <= s + size);
        CHECK(!r->profile || (r->profile >= s && r->profile + r->profile_len <= s + size));
    }
    offers = conneg_rdf_offers(&n);
    idx = conneg_choose(&a, offers, n, &c);
    CHECK(idx >= -1 && idx < (int)n);
    if (idx >= 0) {
        CHECK(c.offer == &offers[idx] && c.q > 0 && c.q <= CONNEG_Q_MAX);
        CHECK(c.id > CONNEG_FORMAT_UNKNOWN && c.id < CONNEG_FORMATS);
        CHECK(conneg_content_type((enum conneg_format)c.id, c.profiles) != NULL);
        CHECK(c.id == CONNEG_FORMAT_JSONLD || c.profiles == 0);
        CHECK(c.profiles == 0 || c.offer->profile != NULL);
    } else {
        CHECK(a.n > 0); /* no preference always gets the default */
    }
    /* Choosing among a single offer must agree with the full list on
     * whether that offer is acceptable at all. */
    for (i = 0; i < n; i++) {
        struct conneg_choice one;

        if (conneg_choose(&a, &offers[i], 1, &one) == 0)
            CHECK(one.q > 0);
    }

    f = conneg_from_format_param(s, &profiles);
    CHECK(f >= CONNEG_FORMAT_UNKNOWN && f < CONNEG_FORMATS);
    CHECK(f == CONNEG_FORMAT_JSONLD || profiles == 0);
    f = conneg_split_extension(s, &stem);
    CHECK(stem <= strlen(s));
    CHECK(f == CONNEG_FORMAT_UNKNOWN || s[stem] == '.');
    free(s);
    return 0;
}
