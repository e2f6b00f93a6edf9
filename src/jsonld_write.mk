# jsonld_write.mk: JSON-LD 1.1 output (fromRdf, compaction, context
# generation) and its tests (see Makefile.am)
libfundament_a_SOURCES += \
	src/jsonld_write.c src/jsonld_write.h \
	src/jsonld_context_gen.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_jsonld_write
TESTS += tests/unit/test_jsonld_write
endif
tests_unit_test_jsonld_write_SOURCES = tests/unit/test_jsonld_write.c
tests_unit_test_jsonld_write_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_jsonld_write_LDADD = $(TEST_LIBS)


TESTS += tests/conformance/jsonld_fromrdf.py
EXTRA_DIST += tests/conformance/jsonld_fromrdf.py
