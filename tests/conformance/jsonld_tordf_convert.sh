#!/bin/sh
# The W3C JSON-LD 1.1 toRdf suite through the product's own command line:
# `fundament convert --from jsonld --to nquads`. Tests that need options the
# command does not take, or the suite's remote contexts (never fetched), are
# skipped with their reason; the driver-based run covers those.
JSONLD_TORDF_CMD="$FUNDAMENT convert --from jsonld --to nquads --base {base} {file}"
export JSONLD_TORDF_CMD
exec /usr/bin/python3 "${FUNDAMENT_TOP_SRCDIR:-.}/tests/conformance/jsonld_tordf.py"
