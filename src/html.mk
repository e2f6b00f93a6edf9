# html.mk - the HTML view of the registry (pages for browsers) and its tests.
libfundament_a_SOURCES += src/html.c src/html.h

check_PROGRAMS += tests/unit/test_html
TESTS += tests/unit/test_html
tests_unit_test_html_SOURCES = tests/unit/test_html.c
tests_unit_test_html_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_html_LDADD = $(TEST_LIBS)
# Allocation failures are injected by wrapping the allocator.
tests_unit_test_html_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
