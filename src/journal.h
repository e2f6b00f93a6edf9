/* journal.h - the durable, append-only journal of change sets.
 *
 * The journal is the truth; the store is an index rebuilt from it. Each
 * accepted write is one change set, committed (SQLite, WAL, synchronous=FULL)
 * before it is applied to the store and before it is acknowledged.
 * File layout, codec and durability argument: docs/internals/journal.md.
 *
 * A struct journal is not thread-safe: callers serialise all calls on one
 * journal (the store's writer lock). */
#ifndef FUNDAMENT_JOURNAL_H
#define FUNDAMENT_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "term.h"

enum changeset_op {
    CHANGESET_ADD = 1,     /* quads added to a graph */
    CHANGESET_REPLACE = 2, /* a graph's content replaced (removed = old content) */
    CHANGESET_DELETE = 3,  /* quads or a whole graph removed */
};

struct changeset {
    int64_t seq;          /* assigned by journal_append, 1, 2, 3, ... */
    char time[32];        /* UTC "2026-01-31T12:34:56.789Z", assigned by journal_append */
    const char *actor;    /* who wrote (token id, "cli:user", ...); required */
    const char *graph;    /* target graph IRI, NULL for the default graph */
    enum changeset_op op;
    const char *reason;   /* free text, may be NULL */
    const struct term_quad *added;
    size_t n_added;
    const struct term_quad *removed;
    size_t n_removed;
};

struct journal;

/* Open (creating if absent; its directory must exist) the journal file at
 * path and lock it for this process until journal_close. A file that is not
 * a journal, is corrupt, or has a newer schema fails with a clear message; it
 * is never truncated or rewritten. A journal open elsewhere fails with
 * "journal PATH is in use by another process". *out is owned by the caller
 * (journal_close). */
int journal_open(const char *path, struct journal **out, struct error *err);
void journal_close(struct journal *j); /* NULL-safe; checkpoints cleanly */

/* Append cs durably: returns 0 only after the commit is on disk, and fills
 * cs->seq and cs->time. On failure nothing is written. The quads and strings
 * are only read during the call. Not allowed from a replay callback. */
int journal_append(struct journal *j, struct changeset *cs, struct error *err);

/* Highest committed sequence number (0 when empty). */
int64_t journal_last_seq(struct journal *j);

/* Call fn for each change set with seq > after, in order, one change set in
 * memory at a time. The change set and every string it points to are valid
 * only during the call. A non-zero return from fn stops the replay and is
 * returned (fn fills err). A missing, corrupt (checksum) or undecodable change
 * set stops the replay with -1 and a message naming the file and its seq. */
typedef int (*journal_replay_fn)(void *ctx, const struct changeset *cs, struct error *err);
int journal_replay(struct journal *j, int64_t after, journal_replay_fn fn, void *ctx,
                   struct error *err);

/* "add", "replace", "delete" (static strings); NULL for an unknown op. */
const char *changeset_op_name(enum changeset_op op);

#endif
