/* json.h - a small JSON value tree over yajl, allocated from an arena.
 *
 * Objects keep their member order and numbers keep their exact lexical
 * form (JSON-LD needs both). Every value, string and array belongs to the
 * arena it was built in and is freed only with the arena: callers never
 * free single values. Strings are NUL-terminated and also carry a length
 * (JSON strings may contain U+0000). */
#ifndef FUNDAMENT_JSON_H
#define FUNDAMENT_JSON_H

#include <stddef.h>

#include "error.h"

enum json_type {
    JSON_NULL = 0,
    JSON_FALSE,
    JSON_TRUE,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
};

struct json_member {
    const char *key; /* NUL-terminated; owned by the arena */
    size_t keylen;
    struct json *val;
};

struct json {
    enum json_type type;
    size_t n;   /* string/number length, array item count, object member count */
    size_t cap; /* allocated slots of items/members (growable values) */
    union {
        const char *str;             /* JSON_STRING, JSON_NUMBER (lexical form) */
        struct json **items;         /* JSON_ARRAY */
        struct json_member *members; /* JSON_OBJECT */
    } u;
};

/* Depth limit for nested arrays/objects: deeper input is rejected so that
 * the recursive algorithms over the tree have a bounded stack. */
#define JSON_MAX_DEPTH 256

struct json_arena;

struct json_arena *json_arena_new(void);
void json_arena_free(struct json_arena *a); /* NULL-safe */
/* 16-byte aligned, zeroed memory owned by the arena; NULL on out-of-memory. */
void *json_arena_alloc(struct json_arena *a, size_t size);
/* Bytes currently handed out (for measurements). */
size_t json_arena_used(const struct json_arena *a);
char *json_arena_strndup(struct json_arena *a, const char *s, size_t n);

/* A position in an arena: json_arena_release frees (for reuse) everything
 * allocated after the matching json_arena_mark, so a long document can be
 * processed piece by piece in bounded memory. */
struct json_arena_mark {
    void *head, *cur;
    size_t cur_used, total;
};
void json_arena_mark(const struct json_arena *a, struct json_arena_mark *m);
void json_arena_release(struct json_arena *a, const struct json_arena_mark *m);

/* Parse one JSON text. Returns the root (owned by the arena) or NULL with
 * err->msg "NAME:LINE:COLUMN: JSON syntax error: ..." and line/column set. */
struct json *json_parse(struct json_arena *a, const char *buf, size_t len, const char *name,
                        struct error *err);

/* Member lookup (first match) or NULL; NULL/non-object o is allowed. */
struct json *json_get(const struct json *o, const char *key);

/* Number classification: 1 if the lexical form has no fraction/exponent. */
int json_number_is_integer_form(const struct json *v);

/* Structural equality (numbers compared by value). */
int json_equal(const struct json *a, const struct json *b);

#endif
