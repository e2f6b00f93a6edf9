# conneg.mk - content negotiation and the cache of serialized answers.
libfundament_a_SOURCES += \
	src/conneg.c src/conneg.h \
	src/cache.c src/cache.h

check_PROGRAMS += tests/unit/test_conneg tests/unit/test_cache
TESTS += tests/unit/test_conneg tests/unit/test_cache
tests_unit_test_conneg_SOURCES = tests/unit/test_conneg.c fuzz/accept-fuzzer.c
tests_unit_test_conneg_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_conneg_LDADD = $(TEST_LIBS)
tests_unit_test_cache_SOURCES = tests/unit/test_cache.c
tests_unit_test_cache_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_cache_LDADD = $(TEST_LIBS)

# libFuzzer target (./configure CC=clang --enable-fuzzing). make check
# replays fuzz/corpus/accept through the same calls in test_conneg.
EXTRA_DIST += fuzz/accept-fuzzer.c fuzz/corpus/accept
if ENABLE_FUZZING
EXTRA_PROGRAMS += fuzz/accept-fuzzer
fuzz_accept_fuzzer_SOURCES = fuzz/accept-fuzzer.c
fuzz_accept_fuzzer_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_accept_fuzzer_LDADD = $(FUNDAMENT_LIBS)
endif
