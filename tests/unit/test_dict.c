/* Unit tests for the term dictionary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dict.h"

static void test_reserved_ids(void **state)
{
    struct dict *d = dict_new();
    struct term t, none = {0};

    assert_non_null(d);
    assert_int_equal(dict_intern(d, &none), TERM_ID_DEFAULT_GRAPH);
    assert_int_equal(dict_get(d, TERM_ID_DEFAULT_GRAPH, &t), 0);
    assert_int_equal(t.kind, TERM_NONE);
    assert_int_equal(dict_get(d, TERM_ID_NONE, &t), -1);
    assert_int_equal(dict_get(d, 12345, &t), -1);
    dict_free(d);
    dict_free(NULL);
}

static void test_kinds_are_distinct(void **state)
{
    struct dict *d = dict_new();
    struct term iri = term_iri("http://x/a");
    struct term bn = term_blank("http://x/a");
    struct term plain = term_literal("http://x/a", NULL, NULL);
    struct term lang = term_literal("http://x/a", "nl", NULL);
    struct term lang2 = term_literal("http://x/a", "nl-BE", NULL);
    struct term typed = term_literal("http://x/a", NULL, "http://x/dt");
    struct term str = term_literal("http://x/a", NULL, XSD_NS "string");
    term_id ids[6];
    struct term *ts[6] = {&iri, &bn, &plain, &lang, &lang2, &typed};

    for (int i = 0; i < 6; i++)
        ids[i] = dict_intern(d, ts[i]);
    for (int i = 0; i < 6; i++) {
        assert_true(ids[i] > TERM_ID_DEFAULT_GRAPH);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(ids[i], ids[j]);
        assert_int_equal(dict_intern(d, ts[i]), ids[i]);
        assert_int_equal(dict_lookup(d, ts[i]), ids[i]);
    }
    /* xsd:string is the plain literal */
    assert_int_equal(dict_intern(d, &str), ids[2]);

    struct term out;
    assert_int_equal(dict_get(d, ids[5], &out), 0);
    assert_int_equal(out.kind, TERM_LITERAL);
    assert_string_equal(out.value, "http://x/a");
    assert_string_equal(out.datatype, "http://x/dt");
    assert_null(out.lang);
    assert_int_equal(dict_get(d, ids[4], &out), 0);
    assert_string_equal(out.lang, "nl-BE");
    assert_null(out.datatype);
    assert_int_equal(dict_kind(d, ids[1]), TERM_BLANK);
    dict_free(d);
}

static void test_nul_in_lexical_form(void **state)
{
    struct dict *d = dict_new();
    struct term a = {TERM_LITERAL, "a\0b", 3, NULL, NULL};
    struct term b = {TERM_LITERAL, "a\0c", 3, NULL, NULL};
    struct term out;

    term_id ia = dict_intern(d, &a), ib = dict_intern(d, &b);
    assert_int_not_equal(ia, ib);
    assert_int_equal(dict_get(d, ib, &out), 0);
    assert_int_equal(out.len, 3);
    assert_memory_equal(out.value, "a\0c", 3);
    dict_free(d);
}

static void test_many_terms_survive_growth(void **state)
{
    struct dict *d = dict_new();
    char buf[64];
    enum { N = 200000 };

    for (int i = 0; i < N; i++) {
        snprintf(buf, sizeof buf, "http://example.org/id/%d", i);
        struct term t = term_iri(buf);
        assert_int_equal(dict_intern(d, &t), (term_id)(i + 2));
    }
    assert_int_equal(dict_count(d), N + 2);
    for (int i = 0; i < N; i += 997) {
        struct term t, out;
        snprintf(buf, sizeof buf, "http://example.org/id/%d", i);
        t = term_iri(buf);
        assert_int_equal(dict_lookup(d, &t), (term_id)(i + 2));
        assert_int_equal(dict_get(d, (term_id)(i + 2), &out), 0);
        assert_string_equal(out.value, buf);
    }
    struct term missing = term_iri("http://example.org/none");
    assert_int_equal(dict_lookup(d, &missing), TERM_ID_NONE);
    assert_true(dict_memory(d) > 0);
    dict_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reserved_ids),
        cmocka_unit_test(test_kinds_are_distinct),
        cmocka_unit_test(test_nul_in_lexical_form),
        cmocka_unit_test(test_many_terms_survive_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
