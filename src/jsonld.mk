# jsonld.mk: the JSON-LD 1.1 reader (toRdf) and its tests (see Makefile.am)
libfundament_a_SOURCES += \
	src/json.c src/json.h \
	src/jsonld.c src/jsonld.h src/jsonld_internal.h \
	src/jsonld_iri.c \
	src/jsonld_context.c \
	src/jsonld_expand.c \
	src/jsonld_tordf.c

check_PROGRAMS += tests/conformance/jsonld_tordf_driver
tests_conformance_jsonld_tordf_driver_SOURCES = tests/conformance/jsonld_tordf_driver.c
tests_conformance_jsonld_tordf_driver_CFLAGS = $(TEST_CFLAGS)
tests_conformance_jsonld_tordf_driver_LDADD = $(TEST_LIBS)

TESTS += tests/conformance/jsonld_tordf.py
EXTRA_DIST += tests/conformance/jsonld_tordf.py

check_PROGRAMS += tests/unit/test_jsonld
TESTS += tests/unit/test_jsonld
tests_unit_test_jsonld_SOURCES = tests/unit/test_jsonld.c
tests_unit_test_jsonld_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_jsonld_LDADD = $(TEST_LIBS)

# libFuzzer target (clang): ./configure --enable-fuzzing CC=clang
if ENABLE_FUZZING
EXTRA_PROGRAMS += fuzz/jsonld-fuzzer
fuzz_jsonld_fuzzer_SOURCES = fuzz/jsonld-fuzzer.c
fuzz_jsonld_fuzzer_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
fuzz_jsonld_fuzzer_LDADD = $(FUNDAMENT_LIBS)
endif
EXTRA_DIST += fuzz/jsonld-fuzzer.c fuzz/corpus/jsonld
