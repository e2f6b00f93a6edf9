/* describe.c - see describe.h */
#include "describe.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The blank nodes seen so far: an open-addressing hash set of ids (0 marks
 * a free slot: TERM_ID_NONE is never a blank node), and the queue of those
 * still to expand. Both grow by doubling. */
struct seen {
    term_id *slots;
    size_t n_slots; /* power of two */
    size_t count;
    term_id *queue;
    size_t head, tail, queue_alloc;
};

static size_t slot_of(term_id id, size_t n_slots)
{
    /* Fibonacci hashing spreads the dense ids over the table. */
    return (size_t)((id * UINT32_C(2654435769)) & (n_slots - 1));
}

static int seen_grow(struct seen *s)
{
    size_t n = s->n_slots ? s->n_slots * 2 : 64;
    term_id *slots = calloc(n, sizeof *slots);

    if (!slots)
        return -1;
    for (size_t i = 0; i < s->n_slots; i++) {
        size_t j;

        if (!s->slots[i])
            continue;
        for (j = slot_of(s->slots[i], n); slots[j]; j = (j + 1) & (n - 1))
            ;
        slots[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
    return 0;
}

/* Add id to the set and the queue unless present. Returns 1 when added,
 * 0 when already seen, -1 when out of memory. */
static int seen_add(struct seen *s, term_id id)
{
    size_t j;

    if ((s->count + 1) * 2 > s->n_slots && seen_grow(s) < 0)
        return -1;
    for (j = slot_of(id, s->n_slots); s->slots[j]; j = (j + 1) & (s->n_slots - 1))
        if (s->slots[j] == id)
            return 0;
    if (s->tail == s->queue_alloc) {
        size_t n = s->queue_alloc ? s->queue_alloc * 2 : 16;
        term_id *q = realloc(s->queue, n * sizeof *q);

        if (!q)
            return -1;
        s->queue = q;
        s->queue_alloc = n;
    }
    s->slots[j] = id;
    s->count++;
    s->queue[s->tail++] = id;
    return 1;
}

long describe_resource(const struct store_snapshot *snap, term_id subject, rdf_quad_fn fn,
                       void *ctx, struct error *err)
{
    struct dict *d = store_snapshot_dict(snap);
    struct seen seen;
    struct store_iter *it = NULL;
    long count = 0;

    memset(&seen, 0, sizeof seen);
    if (subject == TERM_ID_NONE)
        goto out;
    if (seen_add(&seen, subject) < 0)
        goto nomem;
    while (seen.head < seen.tail) {
        struct store_quad pat = {seen.queue[seen.head++], TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE};
        struct store_quad q;

        it = store_find(snap, &pat, true);
        if (!it)
            goto nomem;
        while (store_iter_next(it, &q)) {
            struct term_quad tq;

            if (store_decode_quad(d, &q, &tq) < 0) {
                error_set(err, "describe: quad with an unknown term id");
                count = -1;
                goto out;
            }
            memset(&tq.g, 0, sizeof tq.g);
            tq.g.kind = TERM_NONE;
            if (fn(ctx, &tq, err) != 0) {
                count = -1;
                goto out;
            }
            count++;
            if (dict_kind(d, q.o) == TERM_BLANK && seen_add(&seen, q.o) < 0)
                goto nomem;
        }
        store_iter_free(it);
        it = NULL;
    }
    goto out;
nomem:
    error_set(err, "out of memory while describing a resource");
    count = -1;
out:
    store_iter_free(it);
    free(seen.slots);
    free(seen.queue);
    return count;
}
