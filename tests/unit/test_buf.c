/* test_buf.c - the bounded byte buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

/* Under AddressSanitizer, let an impossible allocation return NULL (as
 * malloc does) instead of stopping the program. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "allocator_may_return_null=1";
}

static void test_empty(void **state)
{
    struct buf b;
    size_t len = 99;

    (void)state;
    buf_init(&b, 10);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(buf_append(&b, "", 0), 0);
    assert_null(buf_take(&b, &len));
    assert_int_equal(len, 0);
    buf_free(&b);
    buf_free(NULL);
}

static void test_append_and_take(void **state)
{
    struct buf b;
    size_t len;
    char *p;

    (void)state;
    buf_init(&b, 1000);
    assert_int_equal(buf_append(&b, "abc", 3), 0);
    assert_int_equal(buf_append_str(&b, "def"), 0);
    assert_int_equal(buf_appendf(&b, "-%d-%s", 42, "x"), 0);
    assert_int_equal(b.len, 11);
    assert_string_equal(b.data, "abcdef-42-x");
    p = buf_take(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 11);
    assert_string_equal(p, "abcdef-42-x");
    /* The buffer is empty again and keeps its cap. */
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 1000);
    assert_int_equal(buf_append(&b, "z", 1), 0);
    assert_string_equal(b.data, "z");
    free(p);
    buf_free(&b);
}

static void test_binary(void **state)
{
    struct buf b;
    const char bytes[] = {'a', '\0', 'b'};

    (void)state;
    buf_init(&b, 10);
    assert_int_equal(buf_append(&b, bytes, 3), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, bytes, 3);
    assert_int_equal(b.data[3], '\0');
    buf_free(&b);
}

static void test_cap(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 5);
    assert_int_equal(buf_append(&b, "abc", 3), 0);
    /* One byte too many fails and leaves the content as it was. */
    assert_int_equal(buf_append(&b, "def", 3), BUF_TOOBIG);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    assert_int_equal(buf_appendf(&b, "%s", "xyz"), BUF_TOOBIG);
    assert_string_equal(b.data, "abc");
    /* Exactly up to the cap is fine. */
    assert_int_equal(buf_append(&b, "de", 2), 0);
    assert_string_equal(b.data, "abcde");
    assert_int_equal(buf_append(&b, "f", 1), BUF_TOOBIG);
    assert_true(b.alloc <= 6);
    buf_free(&b);
}

static void test_cap_zero(void **state)
{
    struct buf b;

    (void)state;
    buf_init(&b, 0);
    assert_int_equal(buf_append(&b, "a", 1), BUF_TOOBIG);
    assert_null(b.data);
    buf_free(&b);
}

static void test_huge_lengths(void **state)
{
    struct buf b;

    (void)state;
    /* Lengths that would overflow size_t arithmetic fail cleanly. */
    buf_init(&b, SIZE_MAX);
    assert_int_equal(buf_append(&b, "ab", 2), 0);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX), BUF_TOOBIG);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX - 1), BUF_TOOBIG);
    buf_free(&b);
    /* Within the cap but impossible to allocate: no memory. */
    buf_init(&b, SIZE_MAX >> 2);
    assert_int_equal(buf_append(&b, "ab", 2), 0);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX >> 3), BUF_NOMEM);
    assert_string_equal(b.data, "ab");
    assert_int_equal(b.len, 2);
    buf_free(&b);
}

static void test_growth(void **state)
{
    struct buf b;
    char chunk[1000];

    (void)state;
    memset(chunk, 'q', sizeof chunk);
    buf_init(&b, 100000);
    for (int i = 0; i < 100; i++)
        assert_int_equal(buf_append(&b, chunk, sizeof chunk), 0);
    assert_int_equal(b.len, 100000);
    assert_int_equal(b.data[99999], 'q');
    assert_int_equal(b.data[100000], '\0');
    assert_int_equal(buf_append(&b, "q", 1), BUF_TOOBIG);
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(buf_append(&b, "r", 1), 0);
    assert_string_equal(b.data, "r");
    buf_free(&b);
    assert_null(b.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),    cmocka_unit_test(test_append_and_take),
        cmocka_unit_test(test_binary),   cmocka_unit_test(test_cap),
        cmocka_unit_test(test_cap_zero), cmocka_unit_test(test_huge_lengths),
        cmocka_unit_test(test_growth),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
