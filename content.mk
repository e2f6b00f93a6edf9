# content.mk: the bundled content (vocabularies, code lists, application
# profiles, data) that `fundament serve` loads as read-only system graphs, its
# generator and its test (see docs/content.md). Every file is listed so that
# `make install` puts it under $(pkgdatadir)/{vocab,shapes,data} and
# `make dist` ships it. tests/content/check-content.sh fails when a bundled
# file is missing from this list.

nobase_dist_pkgdata_DATA = \
	data/fusies-2025.ttl \
	data/gemeenten.ttl \
	data/vip-retributies.ttl \
	shapes/bbc-boeking.ttl \
	shapes/parkeerrecht.ttl \
	shapes/vip-aanvraag.ttl \
	vocab/algemenerekening.ttl \
	vocab/bbc.ttl \
	vocab/beleidsveld.ttl \
	vocab/bestuur.ttl \
	vocab/economischecode.ttl \
	vocab/itemstatus.ttl \
	vocab/parkeerrechtstatus.ttl \
	vocab/parkeerregime.ttl \
	vocab/parkeren.ttl \
	vocab/provincie.ttl \
	vocab/rapporteringstype.ttl \
	vocab/retributieeenheid.ttl \
	vocab/vip.ttl

EXTRA_DIST += \
	scripts/gen-content.py \
	data/sources/README.md \
	data/sources/beleidsvelden.csv \
	data/sources/former-municipalities-2024.csv \
	data/sources/municipalities.csv \
	data/sources/municipality-mergers-2025.csv \
	data/sources/vip-retributies.csv \
	tests/content/check-content.sh

TESTS += tests/content/check-content.sh

# Regenerate the generated files from data/sources/ (see docs/content.md).
content-regen:
	python3 $(srcdir)/scripts/gen-content.py --srcdir $(srcdir)
.PHONY: content-regen
