# store_librdf.mk: sources and tests of this part (see Makefile.am)
# The native store as a Redland (librdf) storage: "fundament".
libfundament_a_SOURCES += \
	src/store_librdf.c src/store_librdf.h

check_PROGRAMS += tests/unit/test_store_librdf
TESTS += tests/unit/test_store_librdf
tests_unit_test_store_librdf_SOURCES = tests/unit/test_store_librdf.c
tests_unit_test_store_librdf_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_store_librdf_LDADD = $(TEST_LIBS)
EXTRA_DIST += tests/unit/store_librdf.supp
