/* json.c - see json.h */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

/* The arena is a chain of blocks, newest first; small requests are cut
 * from the current standard block (cur), big ones get a block of their own.
 * Released standard blocks wait in a spare list for reuse. */
#define ARENA_BLOCK (64 * 1024)

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    max_align_t data[];
};

struct json_arena {
    struct arena_block *head, *cur, *spare;
    size_t total;
};

struct json_arena *json_arena_new(void)
{
    return calloc(1, sizeof(struct json_arena));
}

static void free_chain(struct arena_block *b)
{
    struct arena_block *next;

    for (; b; b = next) {
        next = b->next;
        free(b);
    }
}

void json_arena_free(struct json_arena *a)
{
    if (!a)
        return;
    free_chain(a->head);
    free_chain(a->spare);
    free(a);
}

static struct arena_block *new_block(struct json_arena *a, size_t bsize)
{
    struct arena_block *b;

    if (bsize == ARENA_BLOCK && a->spare) {
        b = a->spare;
        a->spare = b->next;
    } else {
        b = malloc(sizeof *b + bsize);
        if (!b)
            return NULL;
        b->size = bsize;
    }
    b->used = 0;
    b->next = a->head;
    a->head = b;
    return b;
}

static void *arena_alloc_raw(struct json_arena *a, size_t size);

void *json_arena_alloc(struct json_arena *a, size_t size)
{
    void *p = arena_alloc_raw(a, size);

    if (p)
        memset(p, 0, size);
    return p;
}

/* Uninitialised memory, for callers that overwrite all of it. */
static void *arena_alloc_raw(struct json_arena *a, size_t size)
{
    struct arena_block *b = a->cur;
    void *p;

    if (size > SIZE_MAX / 2)
        return NULL;
    size = size ? (size + 15) & ~(size_t)15 : 16;
    if (size > ARENA_BLOCK / 4) {
        b = new_block(a, size);
        if (!b)
            return NULL;
    } else if (!b || b->size - b->used < size) {
        b = new_block(a, ARENA_BLOCK);
        if (!b)
            return NULL;
        a->cur = b;
    }
    p = (char *)b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

void json_arena_mark(const struct json_arena *a, struct json_arena_mark *m)
{
    m->head = a->head;
    m->cur = a->cur;
    m->cur_used = a->cur ? a->cur->used : 0;
    m->total = a->total;
}

void json_arena_release(struct json_arena *a, const struct json_arena_mark *m)
{
    while (a->head && a->head != m->head) {
        struct arena_block *b = a->head;

        a->head = b->next;
        if (b->size == ARENA_BLOCK) {
            b->next = a->spare;
            a->spare = b;
        } else {
            free(b);
        }
    }
    a->cur = m->cur;
    if (a->cur)
        a->cur->used = m->cur_used;
    a->total = m->total;
}

size_t json_arena_used(const struct json_arena *a)
{
    return a ? a->total : 0;
}

char *json_arena_strndup(struct json_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_raw(a, n + 1);

    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Parser state: a scratch stack of members shared by all open containers
 * (each frame remembers where its members start), copied into an exact-size
 * arena array when the container closes. */
struct frame {
    size_t start;
    int is_object;
    const char *key; /* pending key (objects) */
    size_t keylen;
};

struct builder {
    struct json_arena *a;
    struct json_member *stack;
    size_t n, cap;
    struct frame frames[JSON_MAX_DEPTH + 1];
    int depth;
    struct json *root;
    int too_deep;
};

static int add_value(struct builder *b, struct json *v)
{
    struct frame *f;

    if (b->depth == 0) {
        b->root = v;
        return 1;
    }
    f = &b->frames[b->depth - 1];
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        struct json_member *s = realloc(b->stack, cap * sizeof *s);

        if (!s)
            return 0;
        b->stack = s;
        b->cap = cap;
    }
    b->stack[b->n].key = f->is_object ? f->key : NULL;
    b->stack[b->n].keylen = f->is_object ? f->keylen : 0;
    b->stack[b->n].val = v;
    b->n++;
    return 1;
}

static struct json *new_value(struct builder *b, enum json_type t)
{
    struct json *v = json_arena_alloc(b->a, sizeof *v);

    if (v)
        v->type = t;
    return v;
}

static int cb_null(void *ctx)
{
    struct builder *b = ctx;
    struct json *v = new_value(b, JSON_NULL);

    return v && add_value(b, v);
}

static int cb_boolean(void *ctx, int val)
{
    struct builder *b = ctx;
    struct json *v = new_value(b, val ? JSON_TRUE : JSON_FALSE);

    return v && add_value(b, v);
}

static int cb_number(void *ctx, const char *s, size_t len)
{
    struct builder *b = ctx;
    struct json *v = new_value(b, JSON_NUMBER);

    if (!v || !(v->u.str = json_arena_strndup(b->a, s, len)))
        return 0;
    v->n = len;
    return add_value(b, v);
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
    struct builder *b = ctx;
    struct json *v = new_value(b, JSON_STRING);

    if (!v || !(v->u.str = json_arena_strndup(b->a, (const char *)s, len)))
        return 0;
    v->n = len;
    return add_value(b, v);
}

static int open_frame(struct builder *b, int is_object)
{
    if (b->depth >= JSON_MAX_DEPTH) {
        b->too_deep = 1;
        return 0;
    }
    b->frames[b->depth].start = b->n;
    b->frames[b->depth].is_object = is_object;
    b->frames[b->depth].key = NULL;
    b->frames[b->depth].keylen = 0;
    b->depth++;
    return 1;
}

static int close_frame(struct builder *b)
{
    struct frame *f = &b->frames[b->depth - 1];
    size_t count = b->n - f->start, i;
    struct json *v = new_value(b, f->is_object ? JSON_OBJECT : JSON_ARRAY);

    if (!v)
        return 0;
    v->n = v->cap = count;
    if (f->is_object) {
        if (count) {
            v->u.members = arena_alloc_raw(b->a, count * sizeof *v->u.members);
            if (!v->u.members)
                return 0;
            memcpy(v->u.members, b->stack + f->start, count * sizeof *v->u.members);
        }
    } else if (count) {
        v->u.items = arena_alloc_raw(b->a, count * sizeof *v->u.items);
        if (!v->u.items)
            return 0;
        for (i = 0; i < count; i++)
            v->u.items[i] = b->stack[f->start + i].val;
    }
    b->n = f->start;
    b->depth--;
    return add_value(b, v);
}

static int cb_start_map(void *ctx)
{
    return open_frame(ctx, 1);
}

static int cb_map_key(void *ctx, const unsigned char *s, size_t len)
{
    struct builder *b = ctx;
    struct frame *f = &b->frames[b->depth - 1];

    f->key = json_arena_strndup(b->a, (const char *)s, len);
    f->keylen = len;
    return f->key != NULL;
}

static int cb_end(void *ctx)
{
    return close_frame(ctx);
}

static int cb_start_array(void *ctx)
{
    return open_frame(ctx, 0);
}

static const yajl_callbacks callbacks = {
    cb_null,      cb_boolean, NULL,   NULL,           cb_number, cb_string,
    cb_start_map, cb_map_key, cb_end, cb_start_array, cb_end,
};

/* Line and column (1-based, column in bytes) of byte offset off. */
static void position(const char *buf, size_t len, size_t off, int *line, int *col)
{
    size_t i, ls = 0;
    int l = 1;

    if (off > len)
        off = len;
    for (i = 0; i < off; i++) {
        if (buf[i] == '\n') {
            l++;
            ls = i + 1;
        }
    }
    *line = l;
    *col = (int)(off - ls) + 1;
}

struct json *json_parse(struct json_arena *a, const char *buf, size_t len, const char *name,
                        struct error *err)
{
    struct builder *b = calloc(1, sizeof *b);
    yajl_handle h = NULL;
    yajl_status st;
    struct json *root = NULL;
    int line, col;

    if (!b) {
        error_set(err, "%s: out of memory", name);
        return NULL;
    }
    b->a = a;
    h = yajl_alloc(&callbacks, NULL, b);
    if (!h) {
        error_set(err, "%s: out of memory", name);
        goto out;
    }
    st = yajl_parse(h, (const unsigned char *)buf, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(h);
    if (st == yajl_status_ok && b->root) {
        root = b->root;
        goto out;
    }
    position(buf, len, yajl_get_bytes_consumed(h), &line, &col);
    if (st == yajl_status_client_canceled) {
        if (b->too_deep)
            error_set_at(err, line, col, "%s:%d:%d: JSON syntax error: nesting deeper than %d",
                         name, line, col, JSON_MAX_DEPTH);
        else
            error_set_at(err, line, col, "%s:%d:%d: out of memory", name, line, col);
    } else if (st == yajl_status_ok) {
        error_set_at(err, line, col, "%s:%d:%d: JSON syntax error: empty document", name, line,
                     col);
    } else {
        unsigned char *m = yajl_get_error(h, 0, (const unsigned char *)buf, len);
        char *nl;

        if (m && (nl = strchr((char *)m, '\n')))
            *nl = '\0';
        error_set_at(err, line, col, "%s:%d:%d: JSON syntax error: %s", name, line, col,
                     m ? (const char *)m : "invalid JSON");
        if (m)
            yajl_free_error(h, m);
    }
out:
    if (h)
        yajl_free(h);
    free(b->stack);
    free(b);
    return root;
}

struct json *json_get(const struct json *o, const char *key)
{
    size_t i;

    if (!o || o->type != JSON_OBJECT)
        return NULL;
    for (i = 0; i < o->n; i++)
        if (!strcmp(o->u.members[i].key, key))
            return o->u.members[i].val;
    return NULL;
}

int json_number_is_integer_form(const struct json *v)
{
    return v->type == JSON_NUMBER && !strpbrk(v->u.str, ".eE");
}

int json_equal(const struct json *a, const struct json *b)
{
    size_t i;

    if (a == b)
        return 1;
    if (!a || !b || a->type != b->type)
        return 0;
    switch (a->type) {
    case JSON_NUMBER:
        return strtod(a->u.str, NULL) == strtod(b->u.str, NULL);
    case JSON_STRING:
        return a->n == b->n && !memcmp(a->u.str, b->u.str, a->n);
    case JSON_ARRAY:
        if (a->n != b->n)
            return 0;
        for (i = 0; i < a->n; i++)
            if (!json_equal(a->u.items[i], b->u.items[i]))
                return 0;
        return 1;
    case JSON_OBJECT:
        if (a->n != b->n)
            return 0;
        for (i = 0; i < a->n; i++)
            if (!json_equal(a->u.members[i].val, json_get(b, a->u.members[i].key)))
                return 0;
        return 1;
    default:
        return 1;
    }
}
