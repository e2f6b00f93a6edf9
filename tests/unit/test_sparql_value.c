/* test_sparql_value.c - classification of literals, canonical forms, exact
 * decimals, comparison with timezones, ORDER BY order, EBV, hashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sparql/value_impl.h"

static struct sparql_value lit(const char *lex, const char *dt)
{
    struct term t = {TERM_LITERAL, lex, strlen(lex), NULL, dt};
    struct sparql_value v;

    sparql_value_from_term(&t, &v);
    return v;
}

static struct sparql_value xsd(const char *lex, const char *local)
{
    static char dts[64][80];
    static int n;
    char *dt = dts[n++ % 64];

    snprintf(dt, 80, XSD_NS "%s", local);
    return lit(lex, dt);
}

static const char *lex_of(const struct sparql_value *v)
{
    static char out[4][SV_LEX_BUF];
    static int n;
    char buf[SV_LEX_BUF];
    size_t len;
    const char *s = sv_lex(v, buf, &len);
    char *o = out[n++ % 4];

    memcpy(o, s, len);
    o[len] = '\0';
    return o;
}

static void test_classify_integers(void **state)
{
    (void)state;
    assert_int_equal(xsd("42", "integer").type, SV_INTEGER);
    assert_int_equal(xsd(" -7 ", "integer").v.i, -7);
    assert_int_equal(xsd("+007", "integer").v.i, 7);
    assert_int_equal(xsd("abc", "integer").type, SV_OTHER);
    assert_int_equal(xsd("1.0", "integer").type, SV_OTHER);
    assert_int_equal(xsd("", "integer").type, SV_OTHER);
    assert_int_equal(xsd("127", "byte").type, SV_INTEGER);
    assert_int_equal(xsd("128", "byte").type, SV_OTHER);
    assert_int_equal(xsd("-129", "byte").type, SV_OTHER);
    assert_int_equal(xsd("255", "unsignedByte").type, SV_INTEGER);
    assert_int_equal(xsd("-1", "unsignedByte").type, SV_OTHER);
    assert_int_equal(xsd("0", "positiveInteger").type, SV_OTHER);
    assert_int_equal(xsd("0", "nonNegativeInteger").type, SV_INTEGER);
    assert_int_equal(xsd("0", "negativeInteger").type, SV_OTHER);
    assert_int_equal(xsd("18446744073709551615", "unsignedLong").type, SV_INTEGER);
    assert_int_equal(xsd("18446744073709551616", "unsignedLong").type, SV_OTHER);
    assert_int_equal(xsd("9223372036854775808", "long").type, SV_OTHER);
    assert_int_equal(xsd("-9223372036854775808", "long").type, SV_INTEGER);
    assert_int_equal(xsd("2147483648", "int").type, SV_OTHER);
    {
        struct sparql_value big = xsd("123456789012345678901234567890", "integer");

        assert_int_equal(big.type, SV_INTEGER);
        assert_true(big.big);
    }
}

static void test_classify_other(void **state)
{
    struct sparql_value v;

    (void)state;
    v = xsd("1.50", "decimal");
    assert_int_equal(v.type, SV_DECIMAL);
    assert_true(v.v.d.mant == 150 && v.v.d.scale == 2);
    assert_int_equal(xsd(".5", "decimal").type, SV_DECIMAL);
    assert_int_equal(xsd("5.", "decimal").type, SV_DECIMAL);
    assert_int_equal(xsd("1e3", "decimal").type, SV_OTHER);
    assert_int_equal(xsd("1e3", "double").type, SV_DOUBLE);
    assert_int_equal(xsd("INF", "double").type, SV_DOUBLE);
    assert_int_equal(xsd("-INF", "float").type, SV_FLOAT);
    assert_int_equal(xsd("NaN", "double").type, SV_DOUBLE);
    assert_int_equal(xsd("nan", "double").type, SV_OTHER);
    assert_int_equal(xsd("1.5E", "double").type, SV_OTHER);
    assert_int_equal(xsd("true", "boolean").type, SV_BOOLEAN);
    assert_int_equal(xsd("0", "boolean").v.b, 0);
    assert_int_equal(xsd("TRUE", "boolean").type, SV_OTHER);
    assert_int_equal(xsd("2025-02-28", "date").type, SV_DATE);
    assert_int_equal(xsd("2025-02-30", "date").type, SV_OTHER);
    assert_int_equal(xsd("2024-02-29", "date").type, SV_DATE);
    assert_int_equal(xsd("1900-02-29", "date").type, SV_OTHER);
    assert_int_equal(xsd("2025-13-01", "date").type, SV_OTHER);
    assert_int_equal(xsd("2011-01-10T14:45:13.815-05:00", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("2011-01-10T14:45:13Z", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("2011-01-10T14:45:13", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("12011-01-10T14:45:13", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("-0044-03-15T12:00:00", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("123456789-01-01T00:00:00Z", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("1234567890-01-01T00:00:00Z", "dateTime").type, SV_OTHER);
    assert_int_equal(xsd("02011-01-10T14:45:13", "dateTime").type, SV_OTHER);
    assert_int_equal(xsd("2011-01-10T24:00:00", "dateTime").type, SV_DATETIME);
    assert_int_equal(xsd("2011-01-10T24:00:01", "dateTime").type, SV_OTHER);
    assert_int_equal(xsd("2011-01-10T14:45:13+15:00", "dateTime").type, SV_OTHER);
    assert_int_equal(xsd("2011-01-10 14:45:13", "dateTime").type, SV_OTHER);
    assert_int_equal(xsd("14:45:13", "time").type, SV_TIME);
    assert_int_equal(xsd("x", "string").type, SV_STRING);
    assert_int_equal(lit("x", NULL).type, SV_STRING);
    assert_int_equal(lit("x", "http://example.org/dt").type, SV_OTHER);
}

static void test_canonical_forms(void **state)
{
    struct sparql_value a, b, r;

    (void)state;
    a = xsd("0.1", "decimal");
    b = xsd("0.2", "decimal");
    assert_int_equal(sv_arith('+', &a, &b, &r), 0);
    assert_int_equal(r.type, SV_DECIMAL);
    assert_string_equal(lex_of(&r), "0.3");
    a = xsd("1", "integer");
    b = xsd("3", "integer");
    assert_int_equal(sv_arith('/', &a, &b, &r), 0);
    assert_int_equal(r.type, SV_DECIMAL);
    assert_string_equal(lex_of(&r), "0.33333333333333333333");
    b = xsd("2", "integer");
    assert_int_equal(sv_arith('/', &a, &b, &r), 0);
    assert_string_equal(lex_of(&r), "0.5");
    b = xsd("1", "integer");
    assert_int_equal(sv_arith('/', &a, &b, &r), 0);
    assert_string_equal(lex_of(&r), "1.0");
    b = xsd("0", "integer");
    assert_int_equal(sv_arith('/', &a, &b, &r), 1);
    a = xsd("1.0", "double");
    assert_int_equal(sv_arith('/', &a, &b, &r), 0);
    assert_string_equal(lex_of(&r), "INF");
    a = xsd("150", "double");
    b = xsd("2", "integer");
    assert_int_equal(sv_arith('*', &a, &b, &r), 0);
    assert_string_equal(lex_of(&r), "3.0E2");
    a = xsd("0.1", "double");
    assert_string_equal(lex_of(&(struct sparql_value){0}), "");
    sv_make_double(&r, 0.1, 0);
    assert_string_equal(lex_of(&r), "1.0E-1");
    sv_make_double(&r, 1.5, 1);
    assert_string_equal(lex_of(&r), "1.5E0");
    a = xsd("9223372036854775807", "integer");
    b = xsd("1", "integer");
    assert_int_equal(sv_arith('+', &a, &b, &r), 0);
    assert_int_equal(r.type, SV_INTEGER);
    assert_string_equal(lex_of(&r), "9223372036854775808");
    assert_int_equal(sv_arith('-', &r, &b, &a), 0);
    assert_false(a.big);
    assert_string_equal(lex_of(&a), "9223372036854775807");
    a = xsd("2.50", "decimal");
    b = xsd("4", "integer");
    assert_int_equal(sv_arith('*', &a, &b, &r), 0);
    assert_string_equal(lex_of(&r), "10.0");
    a = xsd("-1.25", "decimal");
    assert_string_equal(lex_of(&(struct sparql_value){0}), "");
    sv_to_decimal(&a, &r.v.d);
    sv_make_decimal(&r, &a.v.d);
    assert_string_equal(lex_of(&r), "-1.25");
}

static int cmp(const struct sparql_value *a, const struct sparql_value *b)
{
    int c = 99;

    if (sv_compare(a, b, &c))
        return 99;
    return c;
}

static void test_compare(void **state)
{
    struct sparql_value a, b;
    int eq;

    (void)state;
    a = xsd("1", "integer");
    b = xsd("1.0", "decimal");
    assert_int_equal(cmp(&a, &b), 0);
    b = xsd("1.0e0", "double");
    assert_int_equal(cmp(&a, &b), 0);
    b = xsd("NaN", "double");
    assert_int_equal(cmp(&a, &b), 2);
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 0);
    assert_false(eq);
    a = xsd("2011-01-10T14:45:13Z", "dateTime");
    b = xsd("2011-01-10T09:45:13-05:00", "dateTime");
    assert_int_equal(cmp(&a, &b), 0);
    b = xsd("2011-01-10T14:45:13", "dateTime");
    assert_int_equal(cmp(&a, &b), 99); /* indeterminate */
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 1);
    b = xsd("2011-01-11T14:45:13", "dateTime");
    assert_int_equal(cmp(&a, &b), -1);
    b = xsd("2011-01-09T14:45:13", "dateTime");
    assert_int_equal(cmp(&a, &b), 1);
    a = xsd("2025-02-28", "date");
    b = xsd("2025-03-01", "date");
    assert_int_equal(cmp(&a, &b), -1);
    a = lit("abc", NULL);
    b = lit("abd", XSD_NS "string");
    assert_int_equal(cmp(&a, &b), -1);
    b = xsd("1", "integer");
    assert_int_equal(cmp(&a, &b), 99);
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 0);
    assert_false(eq);
    a = lit("a", "http://example.org/t");
    b = lit("b", "http://example.org/t");
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 1);
    assert_int_equal(sparql_value_equal(&a, &a, &eq), 0);
    assert_true(eq);
    assert_false(sparql_value_same_term(&a, &b));
}

static void test_order_ebv_hash(void **state)
{
    struct sparql_value u = {0}, bl, iri, n1, n2, s, r;
    struct term tb = {TERM_BLANK, "b", 1, NULL, NULL};
    struct term ti = {TERM_IRI, "http://x/", 9, NULL, NULL};
    int b;

    (void)state;
    sparql_value_from_term(&tb, &bl);
    sparql_value_from_term(&ti, &iri);
    n1 = xsd("2", "integer");
    n2 = xsd("10", "decimal");
    s = lit("a", NULL);
    assert_true(sparql_value_order(&u, &bl) < 0);
    assert_true(sparql_value_order(&bl, &iri) < 0);
    assert_true(sparql_value_order(&iri, &n1) < 0);
    assert_true(sparql_value_order(&n1, &n2) < 0);
    assert_true(sparql_value_order(&n2, &n1) > 0);
    assert_true(sparql_value_order(&n1, &s) < 0);
    assert_int_equal(sparql_value_order(&s, &s), 0);
    assert_int_equal(sparql_value_ebv(&n1, &b), 0);
    assert_true(b);
    r = xsd("0.0", "decimal");
    assert_int_equal(sparql_value_ebv(&r, &b), 0);
    assert_false(b);
    r = xsd("abc", "integer");
    assert_int_equal(sparql_value_ebv(&r, &b), 0);
    assert_false(b);
    r = lit("", NULL);
    assert_int_equal(sparql_value_ebv(&r, &b), 0);
    assert_false(b);
    assert_int_equal(sparql_value_ebv(&iri, &b), 1);
    r = xsd("2011-01-10", "date");
    assert_int_equal(sparql_value_ebv(&r, &b), 1);
    /* A computed 3 is the same term as "3"^^xsd:integer and hashes alike. */
    sv_make_integer(&r, 3);
    n1 = xsd("3", "integer");
    assert_true(sparql_value_same_term(&r, &n1));
    assert_true(sparql_value_hash(&r) == sparql_value_hash(&n1));
    n2 = xsd("03", "integer");
    assert_false(sparql_value_same_term(&r, &n2));
    s = lit("a", NULL);
    r = lit("a", XSD_NS "string");
    assert_true(sparql_value_same_term(&s, &r));
    assert_true(sparql_value_hash(&s) == sparql_value_hash(&r));
}

static void test_dates_and_timezones(void **state)
{
    struct sparql_value a, b;
    struct sv_civil c;
    int eq;

    (void)state;
    /* 14 hours apart is still indeterminate, beyond that decided. */
    a = xsd("2011-01-10T00:00:00Z", "dateTime");
    b = xsd("2011-01-10T14:00:00", "dateTime");
    assert_int_equal(cmp(&a, &b), 99);
    b = xsd("2011-01-10T14:00:01", "dateTime");
    assert_int_equal(cmp(&a, &b), -1);
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 0);
    assert_false(eq);
    b = xsd("2011-01-09T09:59:59", "dateTime");
    assert_int_equal(cmp(&a, &b), 1);
    /* Fractions and +14:00. */
    a = xsd("2011-01-10T12:00:00.5+14:00", "dateTime");
    b = xsd("2011-01-09T22:00:00.25Z", "dateTime");
    assert_int_equal(cmp(&a, &b), 1);
    b = xsd("2011-01-09T22:00:00.500Z", "dateTime");
    assert_int_equal(cmp(&a, &b), 0);
    /* Dates are compared by their first instant in their timezone. */
    a = xsd("2011-01-10+05:00", "date");
    b = xsd("2011-01-09Z", "date");
    assert_int_equal(cmp(&a, &b), 1);
    b = xsd("2011-01-10", "date");
    assert_int_equal(cmp(&a, &b), 99);
    a = xsd("12:00:00", "time");
    b = xsd("11:59:59.999", "time");
    assert_int_equal(cmp(&a, &b), 1);
    /* dateTime and date are different value spaces. */
    a = xsd("2011-01-10T00:00:00Z", "dateTime");
    b = xsd("2011-01-10Z", "date");
    assert_int_equal(cmp(&a, &b), 99);
    assert_int_equal(sparql_value_equal(&a, &b, &eq), 0);
    assert_false(eq);
    /* Civil fields in the value's own timezone, also before year 1. */
    a = xsd("2011-12-31T23:59:59.125-05:00", "dateTime");
    sv_civil_from_value(&a, &c);
    assert_true(c.year == 2011 && c.month == 12 && c.day == 31 && c.hour == 23 && c.minute == 59 &&
                c.second == 59 && c.nanos == 125000000);
    a = xsd("-0001-03-01T00:00:00", "dateTime");
    sv_civil_from_value(&a, &c);
    assert_true(c.year == -1 && c.month == 3 && c.day == 1);
    a = xsd("0000-02-29", "date"); /* year 0 is a leap year */
    assert_int_equal(a.type, SV_DATE);
    sv_civil_from_value(&a, &c);
    assert_true(c.year == 0 && c.month == 2 && c.day == 29);
    /* Order: dates without timezone taken as UTC, total and antisymmetric. */
    a = xsd("2011-01-10T00:00:00Z", "dateTime");
    b = xsd("2011-01-10T00:00:00", "dateTime");
    assert_true(sparql_value_order(&a, &b) > 0);
    assert_true(sparql_value_order(&b, &a) < 0);
}

static void test_decimal_arithmetic(void **state)
{
    struct sparql_decimal a, b, r;
    char buf[SV_LEX_BUF];

    (void)state;
    assert_int_equal(sv_dec_parse("12345678901234567890.123456789",
                                  sizeof "12345678901234567890.123456789" - 1, 1, &a),
                     0);
    assert_int_equal(sv_dec_parse("-0.000000001", sizeof "-0.000000001" - 1, 1, &b), 0);
    assert_int_equal(sv_dec_add(&a, &b, &r), 0);
    sv_dec_format(&r, 0, buf);
    assert_string_equal(buf, "12345678901234567890.123456788");
    assert_int_equal(sv_dec_mul(&a, &b, &r), 0);
    sv_dec_format(&r, 0, buf);
    assert_string_equal(buf, "-12345678901.234567890123456789");
    assert_true(sv_dec_cmp(&a, &b) > 0);
    assert_true(sv_dec_cmp(&b, &a) < 0);
    assert_int_equal(sv_dec_parse("10", sizeof "10" - 1, 1, &a), 0);
    assert_int_equal(sv_dec_parse("4", sizeof "4" - 1, 1, &b), 0);
    assert_int_equal(sv_dec_div(&a, &b, &r), 0);
    sv_dec_format(&r, 0, buf);
    assert_string_equal(buf, "2.5");
    assert_int_equal(sv_dec_parse("0", sizeof "0" - 1, 1, &b), 0);
    assert_int_equal(sv_dec_div(&a, &b, &r), 1);
    assert_int_equal(sv_dec_parse("-2", sizeof "-2" - 1, 1, &a), 0);
    assert_int_equal(sv_dec_parse("3", sizeof "3" - 1, 1, &b), 0);
    assert_int_equal(sv_dec_div(&a, &b, &r), 0);
    sv_dec_format(&r, 0, buf);
    assert_string_equal(buf, "-0.66666666666666666667");
    /* 38 digits fit, 39 integer digits do not. */
    assert_int_equal(sv_dec_parse("12345678901234567890123456789012345678",
                                  sizeof "12345678901234567890123456789012345678" - 1, 0, &a),
                     0);
    assert_int_equal(sv_dec_parse("1234567890123456789012345678901234567890",
                                  sizeof "1234567890123456789012345678901234567890" - 1, 0, &a),
                     -1);
    assert_int_equal(sv_dec_parse("99999999999999999999999999999999999999",
                                  sizeof "99999999999999999999999999999999999999" - 1, 0, &a),
                     0);
    assert_int_equal(sv_dec_add(&a, &a, &r), 1); /* overflow is an error, not a wrap */
    assert_int_equal(sv_dec_parse("1.", sizeof "1." - 1, 1, &a), 0);
    assert_int_equal(sv_dec_parse(".", sizeof "." - 1, 1, &a), -1);
    assert_int_equal(sv_dec_parse("1.2.3", sizeof "1.2.3" - 1, 1, &a), -1);
    assert_int_equal(sv_dec_parse("1.5", sizeof "1.5" - 1, 0, &a), -1);
}

/* Properties over a pool of mixed terms: ORDER BY is a total order
 * (antisymmetric, transitive), sameTerm implies equal hashes and '='. */
static void test_order_properties(void **state)
{
    static const char *const lex[] = {"1",
                                      "01",
                                      "1.0",
                                      "1e0",
                                      "-2",
                                      "NaN",
                                      "INF",
                                      "abc",
                                      "",
                                      "true",
                                      "0",
                                      "2011-01-10T14:45:13Z",
                                      "2011-01-10T14:45:13",
                                      "2011-01-10",
                                      "12:00:00"};
    static const char *const dts[] = {
        NULL,           XSD_NS "integer",      XSD_NS "decimal",  XSD_NS "double",
        XSD_NS "float", XSD_NS "boolean",      XSD_NS "dateTime", XSD_NS "date",
        XSD_NS "time",  "http://example.org/t"};
    struct sparql_value pool[256];
    size_t n = 0, i, j, k;

    (void)state;
    for (i = 0; i < sizeof lex / sizeof lex[0]; i++)
        for (j = 0; j < sizeof dts / sizeof dts[0]; j++)
            pool[n++] = lit(lex[i], dts[j]);
    {
        struct term en = {TERM_LITERAL, "abc", 3, "en", NULL};
        struct term iri = {TERM_IRI, "http://x/", 9, NULL, NULL};
        struct term bn = {TERM_BLANK, "b", 1, NULL, NULL};

        sparql_value_from_term(&en, &pool[n++]);
        sparql_value_from_term(&iri, &pool[n++]);
        sparql_value_from_term(&bn, &pool[n++]);
        sv_make_integer(&pool[n++], 1);
        sv_make_double(&pool[n++], 1.0, 0);
        memset(&pool[n++], 0, sizeof pool[0]); /* unbound */
    }
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            int ab = sparql_value_order(&pool[i], &pool[j]);
            int ba = sparql_value_order(&pool[j], &pool[i]);
            int eq;

            assert_true((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
            if (ab == 0 && i != j && pool[i].type != SV_UNBOUND)
                assert_true(sparql_value_same_term(&pool[i], &pool[j]));
            if (sparql_value_same_term(&pool[i], &pool[j])) {
                assert_true(sparql_value_hash(&pool[i]) == sparql_value_hash(&pool[j]));
                if (pool[i].type != SV_UNBOUND &&
                    !(sv_is_numeric(&pool[i]) &&
                      sv_to_double(&pool[i]) != sv_to_double(&pool[i]))) {
                    assert_int_equal(sparql_value_equal(&pool[i], &pool[j], &eq), 0);
                    assert_true(eq);
                }
            }
        }
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++)
            for (k = 0; k < n; k++)
                if (sparql_value_order(&pool[i], &pool[j]) < 0 &&
                    sparql_value_order(&pool[j], &pool[k]) < 0)
                    assert_true(sparql_value_order(&pool[i], &pool[k]) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_integers),  cmocka_unit_test(test_classify_other),
        cmocka_unit_test(test_canonical_forms),    cmocka_unit_test(test_compare),
        cmocka_unit_test(test_order_ebv_hash),     cmocka_unit_test(test_dates_and_timezones),
        cmocka_unit_test(test_decimal_arithmetic), cmocka_unit_test(test_order_properties),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
