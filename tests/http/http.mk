# http.mk: sources and tests of this part (see Makefile.am)
TESTS += tests/http/durability.sh
EXTRA_DIST += tests/http/lib.sh tests/http/durability.sh
TESTS += tests/http/server.sh
EXTRA_DIST += tests/http/server.sh
TESTS += tests/cli/load.sh
EXTRA_DIST += tests/cli/load.sh
TESTS += tests/conformance/jsonld_tordf_convert.sh
EXTRA_DIST += tests/conformance/jsonld_tordf_convert.sh
TESTS += tests/http/conneg.py
EXTRA_DIST += tests/http/conneg.py
