# sparql.mk: sources and tests of this part (see Makefile.am)
libfundament_a_SOURCES += \
	src/sparql/algebra.c src/sparql/algebra.h \
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

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sparql_lexer tests/unit/test_sparql_parser
TESTS += tests/unit/test_sparql_lexer tests/unit/test_sparql_parser
endif
tests_unit_test_sparql_lexer_SOURCES = tests/unit/test_sparql_lexer.c
tests_unit_test_sparql_lexer_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sparql_lexer_LDADD = $(TEST_LIBS)
tests_unit_test_sparql_parser_SOURCES = tests/unit/test_sparql_parser.c
tests_unit_test_sparql_parser_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sparql_parser_LDADD = $(TEST_LIBS)

# libFuzzer target (./configure CC=clang --enable-fuzzing; make check builds
# it). Without fuzzing, make check replays the corpus through the parse driver
# in tests/conformance/sparql_syntax.py.
EXTRA_DIST += fuzz/corpus/sparql fuzz/sparql-fuzzer.c
if ENABLE_FUZZING
check_PROGRAMS += fuzz/sparql-fuzzer
fuzz_sparql_fuzzer_SOURCES = fuzz/sparql-fuzzer.c
fuzz_sparql_fuzzer_LDFLAGS = -fsanitize=fuzzer
fuzz_sparql_fuzzer_LDADD = $(FUNDAMENT_LIBS)
endif
