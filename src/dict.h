/* dict.h - the term dictionary: every RDF term gets a 32-bit id.
 *
 * Ids are dense (1, 2, 3, ...) in order of first appearance and never reused.
 * The dictionary only grows: one writer interns terms (under the store's
 * writer lock), any number of readers decode ids concurrently without a lock.
 * A decoded term's strings are shared and stay valid for the dictionary's
 * lifetime. Lexical forms are kept exactly as given. */
#ifndef FUNDAMENT_DICT_H
#define FUNDAMENT_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "term.h"

typedef uint32_t term_id;

#define TERM_ID_NONE ((term_id)0) /* unbound / absent */
/* The default graph has a reserved id so that quads always carry a graph. */
#define TERM_ID_DEFAULT_GRAPH ((term_id)1)

struct dict;

struct dict *dict_new(void);
void dict_free(struct dict *d); /* NULL-safe */

/* Id of t, adding it if new. Returns TERM_ID_NONE on out-of-memory.
 * TERM_NONE maps to TERM_ID_DEFAULT_GRAPH. Single writer only. */
term_id dict_intern(struct dict *d, const struct term *t);

/* Id of t or TERM_ID_NONE if the dictionary has never seen it.
 * Safe concurrently with dict_intern. */
term_id dict_lookup(struct dict *d, const struct term *t);

/* Decode id into *out (shared strings). Returns -1 for an unknown id.
 * TERM_ID_DEFAULT_GRAPH decodes to kind TERM_NONE. Lock-free. */
int dict_get(const struct dict *d, term_id id, struct term *out);

/* Kind of an id without decoding strings (TERM_NONE if unknown). */
enum term_kind dict_kind(const struct dict *d, term_id id);

size_t dict_count(const struct dict *d);  /* ids handed out, incl. reserved */
size_t dict_memory(const struct dict *d); /* bytes held */

#endif
