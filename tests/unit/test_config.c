/* Unit tests for settings: defaults, values, environment, files, precedence. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd.h"
#include "config.h"

static void test_defaults_and_finish(void **state)
{
    struct config c;
    struct error err;

    config_init(&c);
    assert_string_equal(c.bind, "127.0.0.1");
    assert_int_equal(c.port, 8080);
    assert_int_equal(c.max_body, 16u << 20);
    assert_int_equal(config_finish(&c, &err), 0);
    assert_string_equal(c.base, "http://127.0.0.1:8080/");
    config_clear(&c);
}

static void test_values_and_errors(void **state)
{
    struct config c;
    struct error err;

    config_init(&c);
    assert_int_equal(config_set(&c, "max-body", "64K", &err), 0);
    assert_int_equal(c.max_body, 65536);
    assert_int_equal(config_set(&c, "conn-memory", "2MiB", &err), 0);
    assert_int_equal(c.conn_memory, 2u << 20);
    assert_int_equal(config_set(&c, "port", "70000", &err), -1);
    assert_non_null(strstr(err.msg, "port"));
    assert_int_equal(config_set(&c, "threads", "-1", &err), -1);
    assert_int_equal(config_set(&c, "max-body", "12Q", &err), -1);
    assert_int_equal(config_set(&c, "nonsense", "1", &err), -1);
    assert_non_null(strstr(err.msg, "unknown setting 'nonsense'"));
    assert_int_equal(config_set(&c, "base", "https://data.example.be", &err), 0);
    assert_int_equal(config_finish(&c, &err), 0);
    assert_string_equal(c.base, "https://data.example.be/");
    assert_int_equal(config_set(&c, "base", "ftp://x/", &err), 0);
    assert_int_equal(config_finish(&c, &err), -1);
    config_clear(&c);
}

static void test_file_env_and_precedence(void **state)
{
    char path[] = "/tmp/fundament-config-XXXXXX";
    int fd = mkstemp(path);
    const char text[] = "# a comment\nport = 9000\n data-dir = /srv/f \nthreads=2\n";
    struct cmd_args args;
    struct config c;
    char *argv[] = {"serve", "--port", "9100", "--config", path, NULL};
    static const struct cmd_entry e = {"serve", "", "", NULL};

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    setenv("FUNDAMENT_THREADS", "7", 1);
    setenv("FUNDAMENT_BIND", "::1", 1);
    assert_int_equal(cmd_args_parse(&e, 5, argv, NULL, NULL, 1, &args), 0);
    assert_int_equal(cmd_config(&args, &c), 0);
    assert_int_equal(c.port, 9100);            /* flag beats file */
    assert_string_equal(c.data_dir, "/srv/f"); /* file */
    assert_int_equal(c.threads, 2);            /* file beats environment */
    assert_string_equal(c.bind, "::1");        /* environment */
    assert_string_equal(c.base, "http://[::1]:9100/");
    config_clear(&c);
    cmd_args_free(&args);
    unsetenv("FUNDAMENT_THREADS");
    unsetenv("FUNDAMENT_BIND");

    struct error err;
    FILE *f = fopen(path, "w");
    fputs("port = 1\nbogus line\n", f);
    fclose(f);
    config_init(&c);
    assert_int_equal(config_from_file(&c, path, &err), -1);
    assert_int_equal(err.line, 2);
    config_clear(&c);
    unlink(path);
    config_init(&c);
    assert_int_equal(config_from_file(&c, path, &err), -1);
    assert_non_null(strstr(err.msg, "cannot read config file"));
    config_clear(&c);
}

static void test_unknown_option_rejected(void **state)
{
    struct cmd_args args;
    static const struct cmd_entry e = {"load", "", "", NULL};
    static const char *const opts[] = {"graph", NULL};
    char *bad[] = {"load", "--frobnicate", "x", NULL};
    char *good[] = {"load", "--graph=http://g/", "--data-dir", "d", "a.ttl", "b.nq", NULL};
    char *missing[] = {"load", "--graph", NULL};

    assert_int_equal(cmd_args_parse(&e, 3, bad, opts, NULL, 1, &args), -1);
    cmd_args_free(&args);
    assert_int_equal(cmd_args_parse(&e, 2, missing, opts, NULL, 1, &args), -1);
    cmd_args_free(&args);
    assert_int_equal(cmd_args_parse(&e, 6, good, opts, NULL, 1, &args), 0);
    assert_string_equal(cmd_args_get(&args, "graph"), "http://g/");
    assert_string_equal(cmd_args_get(&args, "data-dir"), "d");
    assert_int_equal(args.npositional, 2);
    assert_string_equal(args.positional[1], "b.nq");
    cmd_args_free(&args);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_finish),
        cmocka_unit_test(test_values_and_errors),
        cmocka_unit_test(test_file_env_and_precedence),
        cmocka_unit_test(test_unknown_option_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
