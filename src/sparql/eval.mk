# eval.mk: the SPARQL evaluator, result writers, the query entry and command
libfundament_a_SOURCES += \
	src/sparql/eval.c src/sparql/eval.h \
	src/sparql/eval_bgp.c src/sparql/eval_path.c src/sparql/eval_group.c \
	src/sparql/plan.c \
	src/sparql/results.c src/sparql/results.h \
	src/sparql/query.c src/sparql/query.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sparql_eval
TESTS += tests/unit/test_sparql_eval
endif
tests_unit_test_sparql_eval_SOURCES = tests/unit/test_sparql_eval.c
tests_unit_test_sparql_eval_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_sparql_eval_LDADD = $(TEST_LIBS)

libfundament_a_SOURCES += src/cmd_query.c

TESTS += tests/conformance/sparql_query.py
EXTRA_DIST += tests/conformance/sparql_query.py
