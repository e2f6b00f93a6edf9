# journal.mk - the durable journal of change sets (SQLite) and its quad codec.
libfundament_a_SOURCES += \
	src/journal.c src/journal.h \
	src/journal_codec.c src/journal_codec.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_journal
TESTS += tests/unit/test_journal
tests_unit_test_journal_SOURCES = tests/unit/test_journal.c
tests_unit_test_journal_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_journal_LDADD = $(TEST_LIBS)
endif
