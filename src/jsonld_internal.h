/* jsonld_internal.h - shared state of the JSON-LD reader's parts.
 *
 * Memory: everything a parse creates (the JSON tree, contexts, term
 * definitions, the expanded document, generated labels) lives in one arena
 * owned by struct jl and freed at the end of jsonld_parse. Errors: a failing
 * step calls jl_fail, which fills the caller's struct error and longjmps back
 * to jsonld_parse; this is safe because nothing between the two owns memory
 * outside the arena (the yajl handle and loader buffers are released before
 * any call that can fail). */
#ifndef FUNDAMENT_JSONLD_INTERNAL_H
#define FUNDAMENT_JSONLD_INTERNAL_H

#include <setjmp.h>
#include <stddef.h>

#include "json.h"
#include "jsonld.h"

/* Container mapping bits. */
#define JL_C_LIST     0x01u
#define JL_C_SET      0x02u
#define JL_C_INDEX    0x04u
#define JL_C_LANGUAGE 0x08u
#define JL_C_ID       0x10u
#define JL_C_TYPE     0x20u
#define JL_C_GRAPH    0x40u

/* Limit of nested remote contexts (JSON-LD "context overflow"). */
#define JL_MAX_REMOTE 32
/* Limit of nested context processing (scoped inside remote inside ...),
 * which bounds the stack. */
#define JL_MAX_CTX_DEPTH 64

/* Open-addressing map from string to pointer; NULL values mean "absent",
 * so removal just stores NULL. Keys and arrays are arena memory. */
struct jl_map {
    size_t cap, n;
    const char **keys;
    void **vals;
};

struct jl_term {
    const char *iri; /* NULL: the term is mapped to null */
    const char *type;
    const char *lang; /* meaningful when has_lang; NULL is a null mapping */
    const char *dir;  /* meaningful when has_dir */
    const char *index;
    const char *nest;
    const struct json *context; /* scoped context, when has_context */
    const char *base_url;       /* base URL of the scoped context */
    unsigned container;
    int has_lang, has_dir, has_context;
    int reverse, prefix, protect;
};

struct jl_ctx {
    struct jl_map terms;           /* term -> struct jl_term */
    const char *base;              /* NULL: no base IRI */
    const char *orig_base;         /* document base */
    const char *vocab;             /* NULL: none */
    const char *lang;              /* default language or NULL */
    const char *dir;               /* default base direction or NULL */
    const struct jl_ctx *previous; /* set by non-propagated contexts */
};

struct jl {
    struct json_arena *arena; /* working memory, released after each top-level node */
    struct json_arena *keep;  /* what outlives a node: labels, loaded contexts */
    struct json_arena *work;  /* the working arena (arena is keep in between) */
    jmp_buf jmp;
    struct error *err;
    const struct jsonld_opts *opts;
    const char *name;
    int mode10;                 /* processing mode json-ld-1.0 */
    int ctx_depth;              /* nesting of jl_process_context */
    struct jl_map remote_cache; /* context IRI -> loaded document (struct json) */
    /* toRdf */
    struct jl_map bnodes; /* document label -> generated label */
    unsigned long bnode_next;
    rdf_quad_fn fn;
    void *fn_ctx;
};

/* Failing: formats the message and longjmps to jsonld_parse. */
_Noreturn void jl_fail(struct jl *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void *jl_alloc(struct jl *p, size_t size); /* never NULL (fails instead) */
char *jl_strndup(struct jl *p, const char *s, size_t n);
char *jl_strdup(struct jl *p, const char *s);
char *jl_concat(struct jl *p, const char *a, const char *b);

/* Maps. */
void *jl_map_get(const struct jl_map *m, const char *key);
void jl_map_put(struct jl *p, struct jl_map *m, const char *key, void *val);
void jl_map_copy(struct jl *p, struct jl_map *dst, const struct jl_map *src);

/* JSON values built during expansion (owned by the arena). */
struct json *jl_new(struct jl *p, enum json_type t);
struct json *jl_str(struct jl *p, const char *s);
void jl_push(struct jl *p, struct json *arr, struct json *v);
void jl_set(struct jl *p, struct json *obj, const char *key, struct json *v);
struct json *jl_as_array(struct jl *p, struct json *v);
int jl_is_keyword(const char *s);
int jl_has_keyword_form(const char *s);

/* IRIs (jsonld_iri.c). */
int jl_iri_is_absolute(const char *s); /* has a scheme */
int jl_iri_well_formed(const char *s); /* absolute and no forbidden characters */
/* RFC 3986 section 5.2 resolution; base may be NULL (ref returned). */
char *jl_iri_resolve(struct jl *p, const char *base, const char *ref);

/* Context processing (jsonld_context.c). */
struct jl_ctx *jl_ctx_new(struct jl *p, const char *base);
const struct jl_term *jl_ctx_term(const struct jl_ctx *c, const char *term);
struct jl_ctx *jl_process_context(struct jl *p, const struct jl_ctx *active,
                                  const struct json *local, const char *base_url,
                                  const char **remote, size_t nremote, int override_protected,
                                  int propagate, int validate_scoped);
/* IRI expansion without a local context; returns NULL for a null mapping. */
const char *jl_expand_iri(struct jl *p, const struct jl_ctx *c, const char *value, int doc_rel,
                          int vocab);

/* Allocation from p->keep: between jl_keep_begin and jl_keep_end p->arena
 * is the keep arena. */
void jl_keep_begin(struct jl *p);
void jl_keep_end(struct jl *p);

/* Expansion (jsonld_expand.c): expands the document and passes it to
 * jl_to_rdf, one top-level node at a time when the document's shape allows
 * it (an array, or an object with only @context, @graph and @id). */
void jl_expand_to_rdf(struct jl *p, const struct json *doc);

/* Deserialisation to RDF (jsonld_tordf.c) of an expanded value (an array
 * of node objects, one node object, or NULL). */
void jl_to_rdf(struct jl *p, const struct json *expanded);
/* The same into one graph: named 0 is the default graph, otherwise graph is
 * the graph's node identifier (NULL or not well-formed: nothing is emitted
 * into it, nested graphs still are). */
void jl_to_rdf_graph(struct jl *p, const struct json *expanded, int named, const char *graph);
/* JSON canonicalisation (RFC 8785) of v into an arena string. */
char *jl_jcs(struct jl *p, const struct json *v, size_t *len);
/* Canonical xsd:double lexical form ("1.1E0") into out (>= 32 bytes). */
void jl_double_canonical(double d, char *out, size_t outlen);

#endif
