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
