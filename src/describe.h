/* describe.h - the description of a resource: what a /doc/ page shows.
 *
 * The description of subject S is every triple with subject S in any graph
 * (each (s, p, o) once, however many graphs hold it) plus the blank-node
 * closure: the triples of every blank node reachable from S through
 * objects, recursively. Each blank node is expanded once, so cycles end. */
#ifndef FUNDAMENT_DESCRIBE_H
#define FUNDAMENT_DESCRIBE_H

#include "dict.h"
#include "error.h"
#include "rdf_io.h"
#include "store.h"

/* Call fn once per triple of the description of subject, S's own triples
 * first, then those of its blank nodes breadth-first. The quad passed to fn
 * has no graph (g.kind == TERM_NONE); its strings are the dictionary's
 * (shared, valid as long as the store). Returns the number of triples, or
 * -1 with err set (out of memory, or fn's failure passed through). */
long describe_resource(const struct store_snapshot *snap, term_id subject, rdf_quad_fn fn,
                       void *ctx, struct error *err);

#endif
