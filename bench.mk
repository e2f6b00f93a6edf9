# bench.mk - `make bench`: figures against a peer measured in the same run.
EXTRA_PROGRAMS += tests/bench/store_bench
tests_bench_store_bench_SOURCES = tests/bench/store_bench.c
tests_bench_store_bench_LDADD = $(FUNDAMENT_LIBS)
CLEANFILES += tests/bench/store_bench
EXTRA_DIST += tests/bench/store.sh tests/bench/oxigraph_store.mjs tests/bench/queries.sh

bench: fundament tests/bench/store_bench
	FUNDAMENT_TOP_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/store.sh
	FUNDAMENT_TOP_BUILDDIR='$(abs_top_builddir)' $(SHELL) $(top_srcdir)/tests/bench/queries.sh
