/* store_librdf.h - the native quad store as a Redland (librdf) storage.
 *
 * store_librdf_register() adds a storage factory named "fundament" to a
 * librdf world. A storage made with
 *
 *     librdf_new_storage(world, "fundament", name, options)
 *
 * is a view of a struct store: librdf models over it read and write the
 * store's quads, and rasqal queries run over it through librdf_query.
 *
 * Which store: if `name` was attached with store_librdf_attach(), the
 * storage uses that store (shared, not owned; the attachment counts it as a
 * user until the storage is freed). Otherwise the storage creates a fresh,
 * empty store that it owns and frees when the storage is freed.
 *
 * Graphs: the default graph is "no context" in librdf; each named graph is a
 * context whose node is the graph name. By default find_statements,
 * serialise, size and contains see the union of all graphs as one RDF graph:
 * a triple present in several graphs counts and appears once, and its stream
 * context is NULL (the RDF merge that SPARQL uses for a union default
 * graph). With the option `quads='yes'` the storage instead reports every
 * quad: a triple appears once per graph carrying its context, and size is
 * the number of quads. Context calls (find_statements_in_context,
 * context_serialise, ...) always work on one graph.
 *
 * Writes: each librdf call that writes (add, add a stream, remove, the same
 * in a context, remove a whole context) is one batch and one commit on the
 * store; inside a librdf transaction (librdf_model_transaction_start ...
 * _commit) all writes are one batch, committed at the end - the way to bulk
 * load, since librdf parsers add statement by statement.
 *
 * Reads: each stream or iterator holds one snapshot from creation to its
 * free, so a long iteration sees one generation.
 *
 * docs/internals/store_librdf.md says which librdf and rasqal features work
 * over the storage. */
#ifndef FUNDAMENT_STORE_LIBRDF_H
#define FUNDAMENT_STORE_LIBRDF_H

#include <redland.h>

#include "error.h"
#include "store.h"

#define STORE_LIBRDF_FACTORY "fundament"

/* Register the "fundament" factory in world (once per world).
 * Returns 0, or -1 if librdf refused (already registered, out of memory). */
int store_librdf_register(librdf_world *world);

/* Make storages created with this name use st. The name is copied; st stays
 * owned by the caller and must outlive every storage that uses it (detach
 * refuses while one does). Fails if the name is already attached.
 * Thread-safe: the attachment table has its own lock. */
int store_librdf_attach(const char *name, struct store *st, struct error *err);

/* Remove an attachment. Fails if the name is unknown or a storage created
 * with it is still alive. */
int store_librdf_detach(const char *name, struct error *err);

/* The store behind a storage of the "fundament" factory (shared: owned by
 * the storage or by whoever attached it). storage must come from this
 * factory. */
struct store *store_librdf_store(librdf_storage *storage);

#endif
