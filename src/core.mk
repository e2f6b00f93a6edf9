# core.mk - terms, dictionary, store, configuration, the CLI's shared code.
libfundament_a_SOURCES += \
	src/error.c src/error.h \
	src/term.c src/term.h
