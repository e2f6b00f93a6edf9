/* buf.h - a bounded, growable byte buffer.
 *
 * A struct buf holds up to `cap` bytes. An append that would go beyond the
 * cap, or that cannot get memory, fails without touching what the buffer
 * already holds, so the caller can answer "too large" (413) or "out of
 * memory" (500) and still free the buffer normally. The bytes are always
 * followed by a NUL (not counted in len) so text can be read in place.
 *
 * Ownership: the buffer owns `data` until buf_take hands it to the caller,
 * which then frees it with free(). buf_free releases what the buffer still
 * owns and leaves it empty and reusable. */
#ifndef FUNDAMENT_BUF_H
#define FUNDAMENT_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* Return values of the append functions (both < 0). */
#define BUF_NOMEM  (-1) /* no memory: the content is unchanged */
#define BUF_TOOBIG (-2) /* the cap would be exceeded: the content is unchanged */

struct buf {
    char *data;   /* owned; NULL while nothing was ever appended */
    size_t len;   /* bytes held, <= cap */
    size_t alloc; /* bytes allocated (len + 1 <= alloc) */
    size_t cap;   /* hard limit on len */
};

/* An empty buffer that will hold at most cap bytes. Allocates nothing. */
void buf_init(struct buf *b, size_t cap);

/* Append n bytes. Returns 0, BUF_NOMEM or BUF_TOOBIG. */
int buf_append(struct buf *b, const void *data, size_t n);
int buf_append_str(struct buf *b, const char *s);
/* printf-style append; same return values. */
int buf_appendf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vappendf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Hand the bytes to the caller: returns the malloc'd, NUL-terminated data
 * (owned by the caller, free() it) and stores its length in *len (len may be
 * NULL). Returns NULL with *len = 0 when the buffer is empty. The buffer is
 * left empty with the same cap. */
char *buf_take(struct buf *b, size_t *len);

/* Drop the content but keep the memory for reuse. */
void buf_reset(struct buf *b);

/* Free what the buffer owns; it stays usable (empty, same cap). NULL-safe. */
void buf_free(struct buf *b);

#endif
