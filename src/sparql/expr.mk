# expr.mk - SPARQL values, expressions, built-in functions and aggregates
libfundament_a_SOURCES += \
	src/sparql/value.c src/sparql/value.h src/sparql/value_impl.h \
	src/sparql/value_id.c \
	src/sparql/decimal.c \
	src/sparql/functions.c src/sparql/fn_string.c src/sparql/fn_hash.c \
	src/sparql/aggregate.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sparql_value
TESTS += tests/unit/test_sparql_value
endif
tests_unit_test_sparql_value_SOURCES = tests/unit/test_sparql_value.c
tests_unit_test_sparql_value_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sparql_value_LDADD = $(TEST_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sparql_functions
TESTS += tests/unit/test_sparql_functions
endif
tests_unit_test_sparql_functions_SOURCES = tests/unit/test_sparql_functions.c
tests_unit_test_sparql_functions_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sparql_functions_LDADD = $(TEST_LIBS)
