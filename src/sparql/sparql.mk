# sparql.mk: sources and tests of this part (see Makefile.am)
libfundament_a_SOURCES += \
	src/sparql/ast.c src/sparql/ast.h \
	src/sparql/iri.c src/sparql/iri.h \
	src/sparql/lexer.c src/sparql/lexer.h \
	src/sparql/parser.c src/sparql/parser.h

check_PROGRAMS += tests/conformance/sparql_parse_driver
tests_conformance_sparql_parse_driver_SOURCES = tests/conformance/sparql_parse_driver.c
tests_conformance_sparql_parse_driver_CFLAGS = $(TEST_CFLAGS)
tests_conformance_sparql_parse_driver_LDADD = $(TEST_LIBS)

TESTS += tests/conformance/sparql_syntax.py
EXTRA_DIST += tests/conformance/sparql_syntax.py
