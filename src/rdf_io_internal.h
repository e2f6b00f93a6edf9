/* rdf_io_internal.h - shared between rdf_io.c, rdf_write.c and trig_writer.c;
 * not part of the public interface (that is rdf_io.h). */
#ifndef FUNDAMENT_RDF_IO_INTERNAL_H
#define FUNDAMENT_RDF_IO_INTERNAL_H

#include <raptor2.h>
#include <stddef.h>

#include "rdf_io.h"

/* A growable byte buffer; owns p. Zero-initialise, free with rdf_buf_free. */
struct rdf_buf {
    char *p;
    size_t len;
    size_t cap;
};

int rdf_buf_reserve(struct rdf_buf *b, size_t extra);
int rdf_buf_add(struct rdf_buf *b, const void *data, size_t len);
int rdf_buf_adds(struct rdf_buf *b, const char *s);
void rdf_buf_free(struct rdf_buf *b);

/* raptor worlds come from a process-wide pool: a caller gets one for its own
 * exclusive use and gives it back. Worlds are only freed at process exit,
 * because raptor_free_world() calls libxml2's xmlCleanupParser(), which is not
 * safe while another thread parses XML. Returns NULL (err set) on failure. */
raptor_world *rdf_io_world_acquire(struct error *err);
void rdf_io_world_release(raptor_world *world); /* NULL-safe */

/* Blank node labels as written: labels that are XML NCNames and Turtle
 * labels alike (ASCII letter or '_' first, then letters, digits, '_', '-')
 * and do not start with "zx" are kept; any other label is written as "zx"
 * followed by the hex of its bytes, so that the mapping stays one-to-one.
 * Returns a pointer to label or into buf (valid until buf changes), NULL on
 * out-of-memory; *out_len gets its length. */
const char *rdf_io_safe_label(const char *label, size_t len, struct rdf_buf *buf, size_t *out_len);

/* Our TriG writer (raptor 2.0.15 has none). Same contract as rdf_writer. */
struct trig_writer;
struct trig_writer *trig_writer_new(const struct rdf_prefix *prefixes, rdf_sink_fn sink, void *ctx,
                                    struct error *err);
int trig_writer_quad(struct trig_writer *w, const struct term_quad *q, struct error *err);
int trig_writer_finish(struct trig_writer *w, struct error *err); /* flushes, frees */
void trig_writer_free(struct trig_writer *w);                     /* NULL-safe, discards */

#endif
