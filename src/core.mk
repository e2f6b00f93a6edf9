# core.mk - terms, dictionary, store, configuration, the CLI's shared code.
libfundament_a_SOURCES += \
	src/error.c src/error.h \
	src/term.c src/term.h
libfundament_a_SOURCES += \
	src/dict.c src/dict.h \
	src/store.c src/store.h

check_PROGRAMS += tests/unit/test_dict tests/unit/test_store
TESTS += tests/unit/test_dict tests/unit/test_store
tests_unit_test_dict_SOURCES = tests/unit/test_dict.c
tests_unit_test_dict_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_dict_LDADD = $(TEST_LIBS)
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_store_LDADD = $(TEST_LIBS)
libfundament_a_SOURCES += \
	src/config.c src/config.h \
	src/cmd.c src/cmd.h

check_PROGRAMS += tests/unit/test_config
TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LIBS)
libfundament_a_SOURCES += \
	src/app.c src/app.h \
	src/cmd_load.c src/cmd_export.c src/cmd_rebuild.c src/cmd_serve.c
