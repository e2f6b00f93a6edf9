/* iri.h - IRI reference resolution (RFC 3986 section 5.2) for SPARQL BASE. */
#ifndef FUNDAMENT_SPARQL_IRI_H
#define FUNDAMENT_SPARQL_IRI_H

#include "sparql/ast.h"

/* Resolves ref against base (either may be relative; base may be NULL).
 * When ref is absolute it is returned with its dot segments removed; when no
 * absolute base is known ref is returned unchanged. The result is allocated
 * in a (owned by the arena); NULL when out of memory. */
char *sparql_iri_resolve(struct arena *a, const char *base, const char *ref);

#endif
