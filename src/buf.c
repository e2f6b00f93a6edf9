/* buf.c - see buf.h */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MIN_ALLOC 64

void buf_init(struct buf *b, size_t cap)
{
    b->data = NULL;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
}

/* Make room for n more bytes plus the NUL. */
static int buf_reserve(struct buf *b, size_t n)
{
    size_t need, want;
    char *p;

    if (n > b->cap || b->len > b->cap - n)
        return BUF_TOOBIG;
    need = b->len + n + 1; /* cannot overflow: len + n <= cap < SIZE_MAX */
    if (need <= b->alloc)
        return 0;
    want = b->alloc ? b->alloc : BUF_MIN_ALLOC;
    while (want < need)
        want = want > SIZE_MAX / 2 ? need : want * 2;
    /* Never allocate (much) beyond what the cap allows. */
    if (b->cap < SIZE_MAX && want > b->cap + 1)
        want = b->cap + 1;
    p = realloc(b->data, want);
    if (!p)
        return BUF_NOMEM;
    b->data = p;
    b->alloc = want;
    return 0;
}

int buf_append(struct buf *b, const void *data, size_t n)
{
    int rc;

    if (n == 0)
        return 0;
    rc = buf_reserve(b, n);
    if (rc < 0)
        return rc;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_append_str(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_vappendf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n, rc;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return BUF_NOMEM;
    rc = buf_reserve(b, (size_t)n);
    if (rc < 0)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_appendf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = buf_vappendf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *buf_take(struct buf *b, size_t *len)
{
    char *p = b->len ? b->data : NULL;

    if (len)
        *len = b->len;
    if (!p)
        free(b->data);
    buf_init(b, b->cap);
    return p;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    buf_init(b, b->cap);
}
