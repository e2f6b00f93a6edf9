/* test_log.c - access log lines: format, escaping, long targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"

/* Write entries to a fresh file and read it back (malloc'd). */
static char *log_lines(const struct log_access *e, size_t n)
{
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[4096];
    int fd;
    struct log *l;
    struct error err;
    char *text = calloc(1, 65536);
    FILE *f;

    snprintf(path, sizeof path, "%s/fundament-test-log.XXXXXX", dir);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(log_open(path, &l, &err), 0);
    for (size_t i = 0; i < n; i++)
        log_access(l, &e[i]);
    log_close(l);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_true(fread(text, 1, 65535, f) > 0);
    fclose(f);
    unlink(path);
    return text;
}

static void test_format(void **state)
{
    struct log_access e = {"127.0.0.1", "GET", "/doc/x?a=1", 200, 1532, 0.84, "ok"};
    char *text = log_lines(&e, 1);
    char day[16];

    (void)state;
    /* 2026-01-31T09:15:02.114Z 127.0.0.1 GET /doc/x?a=1 200 1532 0.84 ok */
    assert_int_equal(sscanf(text, "%10s", day), 1);
    assert_int_equal(strlen(day), 10);
    assert_int_equal(text[10], 'T');
    assert_int_equal(text[23], 'Z');
    assert_string_equal(text + 24, " 127.0.0.1 GET /doc/x?a=1 200 1532 0.84 ok\n");
    free(text);
}

static void test_escaping_and_missing(void **state)
{
    struct log_access e[2] = {
        {"::1", "GET", "/a b\n\\\x7f\xc3\xa9", 400, 10, 1.5, "ok"},
        {"-", NULL, NULL, 0, 0, 0.0, "timeout"},
    };
    char *text = log_lines(e, 2);
    char *second = strchr(text, '\n') + 1;

    (void)state;
    assert_non_null(strstr(text, " ::1 GET /a\\x20b\\x0A\\x5C\\x7F\\xC3\\xA9 400 10 1.50 ok\n"));
    assert_string_equal(second + 24, " - - - 0 0 0.00 timeout\n");
    free(text);
}

static void test_long_target(void **state)
{
    char *target = malloc(20001);
    struct log_access e = {"127.0.0.1", "GET", target, 414, 0, 0.1, "ok"};
    char *text;
    char *nl;

    (void)state;
    memset(target, 'a', 20000);
    target[0] = '/';
    target[20000] = '\0';
    text = log_lines(&e, 1);
    nl = strchr(text, '\n');
    assert_non_null(nl);
    assert_true(nl - text < 8192);
    assert_non_null(strstr(text, "aaa... 414 0 0.10 ok\n"));
    free(text);
    free(target);
}

static void test_open_failure(void **state)
{
    struct log *l = (struct log *)1;
    struct error err;

    (void)state;
    assert_int_equal(log_open("/nonexistent-dir/x/access.log", &l, &err), -1);
    assert_null(l);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x/access.log"));
    /* NULL and "-" are stderr, never closed. */
    assert_int_equal(log_open(NULL, &l, &err), 0);
    log_close(l);
    assert_int_equal(log_open("-", &l, &err), 0);
    log_close(l);
    log_close(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_escaping_and_missing),
        cmocka_unit_test(test_long_target),
        cmocka_unit_test(test_open_failure),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
