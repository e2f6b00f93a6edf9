/* test_route.c - the route table and request target checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "route.h"

struct match_case {
    const char *method;
    const char *path;
    enum route_result result;
    int id;            /* route id when found */
    const char *rest;  /* rest when found, NULL when none */
    const char *allow; /* Allow when not allowed */
};

static const struct match_case MATCHES[] = {
    {"GET", "/health", ROUTE_FOUND, ROUTE_ID_HEALTH, NULL, ""},
    {"HEAD", "/health", ROUTE_FOUND, ROUTE_ID_HEALTH, NULL, ""},
    {"POST", "/health", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"DELETE", "/health", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"BREW", "/health", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"get", "/health", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"GET", "/health/", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/healthz", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/Health", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/doc/concept/1", ROUTE_FOUND, ROUTE_ID_DOC, "concept/1", ""},
    {"HEAD", "/doc/x", ROUTE_FOUND, ROUTE_ID_DOC, "x", ""},
    {"GET", "/doc/a/b/c/", ROUTE_FOUND, ROUTE_ID_DOC, "a/b/c/", ""},
    {"PUT", "/doc/x", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"OPTIONS", "/doc/x", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"GET", "/doc/", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/doc", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"POST", "/doc", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/", ROUTE_FOUND, ROUTE_ID_HOME, NULL, ""},
    {"GET", "/index.ttl", ROUTE_FOUND, ROUTE_ID_HOME, "ttl", ""},
    {"GET", "/index", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/id/x", ROUTE_FOUND, ROUTE_ID_ID, "x", ""},
    {"GET", "/id/", ROUTE_NOT_FOUND, 0, NULL, ""},
    {"GET", "/ns/bbc", ROUTE_FOUND, ROUTE_ID_NS, "bbc", ""},
    {"POST", "/ns/bbc", ROUTE_NOT_ALLOWED, 0, NULL, "GET, HEAD"},
    {"POST", "/nothing", ROUTE_NOT_FOUND, 0, NULL, ""},
};

static void test_match_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof MATCHES / sizeof MATCHES[0]; i++) {
        const struct match_case *c = &MATCHES[i];
        struct route_match m;
        enum route_result r = route_match(c->method, c->path, &m);

        if (r != c->result)
            fail_msg("%s %s: result %d, expected %d", c->method, c->path, r, c->result);
        assert_string_equal(m.allow, c->allow);
        if (r == ROUTE_FOUND) {
            assert_non_null(m.route);
            assert_int_equal(m.route->id, c->id);
            if (c->rest)
                assert_string_equal(m.rest, c->rest);
            else
                assert_null(m.rest);
        } else {
            assert_null(m.route);
        }
    }
}

/* Every route of the table is reachable with each of its methods, and
 * every handler id has a route. */
static void test_every_route(void **state)
{
    static const char *const methods[] = {"GET",    "HEAD",  "POST",   "PUT",
                                          "DELETE", "PATCH", "OPTIONS"};
    size_t n;
    const struct route *t = route_table(&n);
    int seen[ROUTE_IDS] = {0};

    (void)state;
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++) {
        char path[256];
        size_t len = strlen(t[i].pattern);

        memcpy(path, t[i].pattern, len + 1);
        if (len && path[len - 1] == '*')
            memcpy(path + len - 1, "x", 2);
        for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
            struct route_match m;
            unsigned bit = route_method_bit(methods[k]);
            unsigned accepted = t[i].methods | (t[i].methods & ROUTE_GET ? ROUTE_HEAD : 0);
            enum route_result r = route_match(methods[k], path, &m);

            assert_true(bit != 0);
            if (accepted & bit) {
                assert_int_equal(r, ROUTE_FOUND);
                assert_ptr_equal(m.route, &t[i]);
                seen[t[i].id] = 1;
            } else {
                assert_int_equal(r, ROUTE_NOT_ALLOWED);
                assert_true(m.allow[0] != '\0');
                assert_non_null(strstr(m.allow, "GET"));
            }
        }
    }
    for (int id = 0; id < ROUTE_IDS; id++)
        assert_int_equal(seen[id], 1);
    assert_int_equal(route_method_bit("FOO"), 0);
}

struct target_case {
    const char *target;
    int status;
    const char *path;  /* decoded path when 0 */
    const char *query; /* query when 0 */
    const char *msg;   /* part of the message when not 0 */
};

static const struct target_case TARGETS[] = {
    {"/health", 0, "/health", NULL, NULL},
    {"/doc/a%20b?x=1&y=%2F", 0, "/doc/a b", "x=1&y=%2F", NULL},
    {"/doc/caf%C3%A9", 0, "/doc/caf\xc3\xa9", NULL, NULL},
    {"/doc/caf\xc3\xa9", 0, "/doc/caf\xc3\xa9", NULL, NULL},
    {"/doc/a.b/..c/c..", 0, "/doc/a.b/..c/c..", NULL, NULL},
    {"/doc/x?", 0, "/doc/x", "", NULL},
    {"/doc/%7e", 0, "/doc/~", NULL, NULL},
    {"/doc/../etc/passwd", 400, NULL, NULL, "'..' segment"},
    {"/doc/..", 400, NULL, NULL, "'..' segment"},
    {"/..", 400, NULL, NULL, "'..' segment"},
    {"/doc/./x", 400, NULL, NULL, "'.' segment"},
    {"/doc/%2E%2E/x", 400, NULL, NULL, "'..' segment"},
    {"/doc/.%2e", 400, NULL, NULL, "'..' segment"},
    {"/doc/a%2Fb", 400, NULL, NULL, "encoded slash"},
    {"/doc/a%2fb", 400, NULL, NULL, "encoded slash"},
    {"/doc/a%00b", 400, NULL, NULL, "NUL"},
    {"/doc/x?q=%00", 400, NULL, NULL, "NUL"},
    {"/doc/a%", 400, NULL, NULL, "percent-encoding"},
    {"/doc/a%4", 400, NULL, NULL, "percent-encoding"},
    {"/doc/a%zz", 400, NULL, NULL, "percent-encoding"},
    {"/doc/x?q=%G0", 400, NULL, NULL, "percent-encoding"},
    {"/doc/%C3", 400, NULL, NULL, "UTF-8"},
    {"/doc/%C0%AF", 400, NULL, NULL, "UTF-8"},
    {"/doc/%ED%A0%80", 400, NULL, NULL, "UTF-8"},
    {"/doc/\x01", 400, NULL, NULL, "control byte"},
    {"/doc/a b", 400, NULL, NULL, "control byte"},
    {"/doc/x#frag", 400, NULL, NULL, "'#'"},
    {"doc/x", 400, NULL, NULL, "starting with '/'"},
    {"*", 400, NULL, NULL, "starting with '/'"},
    {"http://example.org/doc/x", 0, "/doc/x", NULL, NULL},
    {"HTTPS://example.org:8443/doc/x?a", 0, "/doc/x", "a", NULL},
    {"http://example.org", 400, NULL, NULL, "starting with '/'"},
    {"http://example.org?x", 400, NULL, NULL, "starting with '/'"},
    {"http://example.org/doc/%2F", 400, NULL, NULL, "encoded slash"},
    {"ftp://example.org/doc/x", 400, NULL, NULL, "starting with '/'"},
    {"", 400, NULL, NULL, "starting with '/'"},
};

static void test_targets(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof TARGETS / sizeof TARGETS[0]; i++) {
        const struct target_case *c = &TARGETS[i];
        struct route_target t;
        struct error err;
        int status;

        error_clear(&err);
        status = route_parse_target(c->target, 4096, &t, &err);
        if (status != c->status)
            fail_msg("case %zu: status %d, expected %d (%s)", i, status, c->status, err.msg);
        if (status == 0) {
            assert_string_equal(t.path, c->path);
            if (c->query)
                assert_string_equal(t.query, c->query);
            else
                assert_null(t.query);
            assert_non_null(strstr(c->target, t.raw_path));
        } else {
            assert_null(t.path);
            assert_null(t.raw_path);
            if (!strstr(err.msg, c->msg))
                fail_msg("case %zu: message '%s' lacks '%s'", i, err.msg, c->msg);
        }
        route_target_clear(&t);
    }
    route_target_clear(NULL);
}

static void test_target_length(void **state)
{
    struct route_target t;
    struct error err;
    char target[5001];

    (void)state;
    memset(target, 'a', sizeof target - 1);
    target[0] = '/';
    target[sizeof target - 1] = '\0';
    assert_int_equal(route_parse_target(target, 4096, &t, &err), 414);
    assert_non_null(strstr(err.msg, "5000 bytes"));
    assert_non_null(strstr(err.msg, "max-path"));
    assert_null(t.path);
    /* Exactly the limit is fine. */
    target[4096] = '\0';
    assert_int_equal(route_parse_target(target, 4096, &t, &err), 0);
    assert_int_equal(strlen(t.path), 4096);
    route_target_clear(&t);
    /* The query counts too. */
    memcpy(target, "/x?", 3);
    assert_int_equal(route_parse_target(target, 4095, &t, &err), 414);
}

static void test_raw_offset(void **state)
{
    struct route_target t;
    struct error err;

    (void)state;
    assert_int_equal(route_parse_target("/%64oc/a%20b", 4096, &t, &err), 0);
    assert_string_equal(t.path, "/doc/a b");
    /* "/doc/" is 5 decoded bytes, 7 raw ones. */
    assert_string_equal(t.raw_path + route_raw_offset(t.raw_path, 5), "a%20b");
    assert_int_equal(route_raw_offset(t.raw_path, 0), 0);
    assert_int_equal(route_raw_offset(t.raw_path, strlen(t.path)), strlen(t.raw_path));
    route_target_clear(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_table), cmocka_unit_test(test_every_route),
        cmocka_unit_test(test_targets),     cmocka_unit_test(test_target_length),
        cmocka_unit_test(test_raw_offset),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
