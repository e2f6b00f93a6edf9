# http.mk - the HTTP server: daemon, routes, handlers, access log.
libfundament_a_SOURCES += \
	src/buf.c src/buf.h \
	src/log.c src/log.h \
	src/route.c src/route.h \
	src/describe.c src/describe.h \
	src/http.c src/http.h \
	src/handlers/health.c \
	src/handlers/doc.c \
	src/handlers/ns.c \
	src/handlers/home.c \
	src/handlers/context.c \
	src/publish.c src/publish.h

check_PROGRAMS += tests/unit/test_buf tests/unit/test_route tests/unit/test_describe \
	tests/unit/test_log
TESTS += tests/unit/test_buf tests/unit/test_route tests/unit/test_describe \
	tests/unit/test_log

tests_unit_test_buf_SOURCES = tests/unit/test_buf.c
tests_unit_test_buf_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_buf_LDADD = $(TEST_LIBS)

tests_unit_test_route_SOURCES = tests/unit/test_route.c
tests_unit_test_route_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_route_LDADD = $(TEST_LIBS)

tests_unit_test_describe_SOURCES = tests/unit/test_describe.c
tests_unit_test_describe_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_describe_LDADD = $(TEST_LIBS)

tests_unit_test_log_SOURCES = tests/unit/test_log.c
tests_unit_test_log_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_log_LDADD = $(TEST_LIBS)

# Request targets and routing under a fuzzer (./configure CC=clang
# --enable-fuzzing); make check replays fuzz/corpus/route.
check_PROGRAMS += tests/unit/test_route_corpus
TESTS += tests/unit/test_route_corpus
tests_unit_test_route_corpus_SOURCES = tests/unit/test_route_corpus.c fuzz/route-fuzzer.c
tests_unit_test_route_corpus_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_route_corpus_LDADD = $(TEST_LIBS)
EXTRA_DIST += fuzz/route-fuzzer.c fuzz/corpus/route
if ENABLE_FUZZING
EXTRA_PROGRAMS += fuzz/route-fuzzer
fuzz_route_fuzzer_SOURCES = fuzz/route-fuzzer.c
fuzz_route_fuzzer_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_route_fuzzer_LDADD = $(FUNDAMENT_LIBS)
endif
