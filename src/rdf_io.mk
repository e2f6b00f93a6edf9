# rdf_io.mk: RDF syntaxes in and out (raptor2 plus our TriG writer), and the
# `convert` subcommand.
libfundament_a_SOURCES += \
	src/rdf_io.c src/rdf_io.h src/rdf_io_internal.h \
	src/rdf_write.c src/trig_writer.c
fundament_SOURCES += src/cmd_convert.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_rdf_io
TESTS += tests/unit/test_rdf_io
endif
tests_unit_test_rdf_io_SOURCES = tests/unit/test_rdf_io.c
tests_unit_test_rdf_io_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_rdf_io_LDADD = $(TEST_LIBS)

TESTS += tests/cli/convert.sh
EXTRA_DIST += tests/cli/convert.sh
