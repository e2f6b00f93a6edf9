/* Replays every file of fuzz/corpus/route through the fuzz target (which
 * traps on a broken invariant): found crashes stay fixed. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void test_replay_corpus(void **state)
{
    char dir[4096], path[8192];
    const char *top = getenv("FUNDAMENT_TOP_SRCDIR");
    size_t files = 0;
    struct dirent *de;

    (void)state;
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/route", top ? top : ".");
    DIR *d = opendir(dir);
    assert_non_null(d);
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static uint8_t buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        files++;
    }
    closedir(d);
    assert_true(files >= 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_replay_corpus)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
