/* store.h - the native quad store: dictionary-encoded, indexed quads.
 *
 * Quads are four term ids (s, p, o, g). Six sorted permutations
 * (SPOG, POSG, OSPG, GSPO, GPOS, GOSP) make every pattern - any combination
 * of bound s, p, o, g - one index range. Readers take an immutable snapshot
 * (a generation) and never block each other or the writer; one writer at a
 * time commits a batch, which publishes generation + 1.
 *
 * In a pattern, TERM_ID_NONE means unbound. For the graph, TERM_ID_NONE means
 * "any graph" and TERM_ID_DEFAULT_GRAPH the default graph only. */
#ifndef FUNDAMENT_STORE_H
#define FUNDAMENT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "dict.h"
#include "error.h"
#include "term.h"

struct store_quad {
    term_id s, p, o, g;
};

enum store_order {
    STORE_SPOG = 0,
    STORE_POSG,
    STORE_OSPG,
    STORE_GSPO,
    STORE_GPOS,
    STORE_GOSP,
    STORE_ORDERS
};

struct store;
struct store_snapshot;
struct store_iter;
struct store_batch;

struct store *store_new(void);
void store_free(struct store *st); /* NULL-safe; no snapshot may be alive */

/* The store's dictionary (shared, lives as long as the store). */
struct dict *store_dict(struct store *st);

/* Current snapshot; owned by the caller, release with store_release. */
struct store_snapshot *store_acquire(struct store *st);
void store_release(struct store_snapshot *snap); /* NULL-safe */
uint64_t store_generation(const struct store_snapshot *snap);
time_t store_time(const struct store_snapshot *snap); /* when it was published */
size_t store_size(const struct store_snapshot *snap); /* quads */
struct dict *store_snapshot_dict(const struct store_snapshot *snap);

/* Exact number of quads matching pattern. */
size_t store_count(const struct store_snapshot *snap, const struct store_quad *pat);

/* Iterate quads matching pattern, in the order of the index chosen for it
 * (store_iter_order tells which). With distinct_triples set and an unbound
 * graph, each (s,p,o) is returned once (RDF merge of all graphs: the union
 * default graph); the g of the returned quad is then one of its graphs.
 * Returns NULL on out-of-memory. The iterator holds its own reference to
 * the snapshot. */
struct store_iter *store_find(const struct store_snapshot *snap,
                              const struct store_quad *pat, bool distinct_triples);
bool store_iter_next(struct store_iter *it, struct store_quad *out);
enum store_order store_iter_order(const struct store_iter *it);
void store_iter_free(struct store_iter *it); /* NULL-safe */

/* Whether a quad (all four bound) is present. */
bool store_contains(const struct store_snapshot *snap, const struct store_quad *q);

/* Graph names in the snapshot (excluding the default graph), ascending id.
 * *out is malloc'd, owned by the caller. Returns count or -1. */
long store_graphs(const struct store_snapshot *snap, term_id **out);

/* Writes. A batch is owned by the writer until store_commit (which frees it)
 * or store_batch_free. Adding a present quad or removing an absent one is a
 * no-op. Removals of a batch apply before its additions. */
struct store_batch *store_batch_new(struct store *st);
int store_batch_add(struct store_batch *b, const struct store_quad *q);
int store_batch_remove(struct store_batch *b, const struct store_quad *q);
size_t store_batch_size(const struct store_batch *b);
/* Make room for that many more additions and removals (an optimisation). */
int store_batch_reserve(struct store_batch *b, size_t adds, size_t removes);
void store_batch_free(struct store_batch *b); /* NULL-safe */
/* Apply and publish a new generation; consumes b in every case. */
int store_commit(struct store *st, struct store_batch *b, struct error *err);

/* Intern a term quad (writer only); returns -1 on out-of-memory. */
int store_intern_quad(struct store *st, const struct term_quad *tq, struct store_quad *out);
/* Decode an id quad into shared term strings; -1 if an id is unknown. */
int store_decode_quad(const struct dict *d, const struct store_quad *q, struct term_quad *out);

/* Serialise writers (recursive): store_commit takes it itself; a caller that
 * must read and then write consistently (journal append, replace a graph)
 * holds it around all of it. */
void store_writer_lock(struct store *st);
void store_writer_unlock(struct store *st);

/* Memory held by indexes and dictionary, for benchmarks. */
size_t store_memory(const struct store_snapshot *snap);

#endif
