/* rdf_io.c - syntax names, the raptor world pool and the parsers (see rdf_io.h).
 *
 * Parsing runs raptor's push parser over chunks that we read ourselves, and
 * hands every statement to the caller as a struct term_quad whose strings
 * point into raptor's own statement (no allocation per quad; blank node
 * labels with a prefix are built in buffers reused from quad to quad). */
#include "autoconfig.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rdf_io.h"
#include "rdf_io_internal.h"

#define READ_CHUNK (64 * 1024)

/* ---- syntax names ------------------------------------------------------ */

struct syntax_info {
    enum rdf_syntax syntax;
    const char *name;   /* CLI name */
    const char *mime;   /* preferred media type */
    const char *ext;    /* preferred file extension */
    const char *raptor; /* raptor parser name, NULL: not parsed by raptor */
};

static const struct syntax_info syntaxes[] = {
    {RDF_SYNTAX_TURTLE, "turtle", "text/turtle", "ttl", "turtle"},
    {RDF_SYNTAX_NTRIPLES, "ntriples", "application/n-triples", "nt", "ntriples"},
    {RDF_SYNTAX_NQUADS, "nquads", "application/n-quads", "nq", "nquads"},
    {RDF_SYNTAX_TRIG, "trig", "application/trig", "trig", "trig"},
    {RDF_SYNTAX_RDFXML, "rdfxml", "application/rdf+xml", "rdf", "rdfxml"},
    {RDF_SYNTAX_JSONLD, "jsonld", "application/ld+json", "jsonld", NULL},
};
#define N_SYNTAXES (sizeof syntaxes / sizeof syntaxes[0])

static const struct syntax_info *syntax_info(enum rdf_syntax s)
{
    for (size_t i = 0; i < N_SYNTAXES; i++)
        if (syntaxes[i].syntax == s)
            return &syntaxes[i];
    return NULL;
}

enum rdf_syntax rdf_syntax_from_name(const char *name)
{
    if (!name)
        return RDF_SYNTAX_UNKNOWN;
    for (size_t i = 0; i < N_SYNTAXES; i++)
        if (!strcmp(name, syntaxes[i].name))
            return syntaxes[i].syntax;
    return RDF_SYNTAX_UNKNOWN;
}

enum rdf_syntax rdf_syntax_from_filename(const char *path)
{
    static const struct {
        const char *ext;
        enum rdf_syntax syntax;
    } exts[] = {
        {"ttl", RDF_SYNTAX_TURTLE}, {"nt", RDF_SYNTAX_NTRIPLES},   {"nq", RDF_SYNTAX_NQUADS},
        {"trig", RDF_SYNTAX_TRIG},  {"rdf", RDF_SYNTAX_RDFXML},    {"owl", RDF_SYNTAX_RDFXML},
        {"xml", RDF_SYNTAX_RDFXML}, {"jsonld", RDF_SYNTAX_JSONLD}, {"json", RDF_SYNTAX_JSONLD},
    };
    const char *slash, *dot;

    if (!path)
        return RDF_SYNTAX_UNKNOWN;
    slash = strrchr(path, '/');
    dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return RDF_SYNTAX_UNKNOWN;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcasecmp(dot + 1, exts[i].ext))
            return exts[i].syntax;
    return RDF_SYNTAX_UNKNOWN;
}

enum rdf_syntax rdf_syntax_from_mime(const char *mime)
{
    /* Older or informal names seen in the wild, besides the registered ones. */
    static const struct {
        const char *mime;
        enum rdf_syntax syntax;
    } aliases[] = {
        {"application/x-turtle", RDF_SYNTAX_TURTLE},
        {"text/x-nquads", RDF_SYNTAX_NQUADS},
        {"application/x-trig", RDF_SYNTAX_TRIG},
    };
    size_t len;

    if (!mime)
        return RDF_SYNTAX_UNKNOWN;
    while (*mime == ' ' || *mime == '\t')
        mime++;
    len = strcspn(mime, ";");
    while (len && (mime[len - 1] == ' ' || mime[len - 1] == '\t'))
        len--;
    for (size_t i = 0; i < N_SYNTAXES; i++)
        if (strlen(syntaxes[i].mime) == len && !strncasecmp(mime, syntaxes[i].mime, len))
            return syntaxes[i].syntax;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].mime) == len && !strncasecmp(mime, aliases[i].mime, len))
            return aliases[i].syntax;
    return RDF_SYNTAX_UNKNOWN;
}

const char *rdf_syntax_name(enum rdf_syntax s)
{
    const struct syntax_info *i = syntax_info(s);
    return i ? i->name : "unknown";
}

const char *rdf_syntax_mime(enum rdf_syntax s)
{
    const struct syntax_info *i = syntax_info(s);
    return i ? i->mime : "application/octet-stream";
}

const char *rdf_syntax_extension(enum rdf_syntax s)
{
    const struct syntax_info *i = syntax_info(s);
    return i ? i->ext : "bin";
}

/* ---- byte buffers ------------------------------------------------------ */

int rdf_buf_reserve(struct rdf_buf *b, size_t extra)
{
    size_t cap;
    char *p;

    if (b->cap - b->len > extra)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra) {
        if (cap > ((size_t)-1) / 2)
            return -1;
        cap *= 2;
    }
    p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int rdf_buf_add(struct rdf_buf *b, const void *data, size_t len)
{
    if (rdf_buf_reserve(b, len))
        return -1;
    if (len)
        memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

int rdf_buf_adds(struct rdf_buf *b, const char *s)
{
    return rdf_buf_add(b, s, strlen(s));
}

void rdf_buf_free(struct rdf_buf *b)
{
    if (!b)
        return;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- blank node labels as written -------------------------------------- */

static int label_char_ok(unsigned char c, int first)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
        return 1;
    return !first && ((c >= '0' && c <= '9') || c == '-');
}

const char *rdf_io_safe_label(const char *label, size_t len, struct rdf_buf *buf, size_t *out_len)
{
    static const char hex[] = "0123456789abcdef";
    int ok = len > 0 && !(len >= 2 && label[0] == 'z' && label[1] == 'x');

    for (size_t i = 0; ok && i < len; i++)
        ok = label_char_ok((unsigned char)label[i], i == 0);
    if (ok) {
        *out_len = len;
        return label;
    }
    buf->len = 0;
    if (rdf_buf_add(buf, "zx", 2) || rdf_buf_reserve(buf, 2 * len))
        return NULL;
    for (size_t i = 0; i < len; i++) {
        buf->p[buf->len++] = hex[(unsigned char)label[i] >> 4];
        buf->p[buf->len++] = hex[(unsigned char)label[i] & 15];
    }
    buf->p[buf->len] = '\0';
    *out_len = buf->len;
    return buf->p;
}

/* ---- the world pool ---------------------------------------------------- */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static raptor_world **pool; /* idle worlds; owned by the pool */
static size_t pool_idle;    /* entries of pool in use */
static size_t pool_cap;     /* always >= the number of worlds created */
static size_t pool_created;

raptor_world *rdf_io_world_acquire(struct error *err)
{
    raptor_world *w = NULL;

    pthread_mutex_lock(&pool_lock);
    if (pool_idle) {
        w = pool[--pool_idle];
        pthread_mutex_unlock(&pool_lock);
        return w;
    }
    /* Make room first, so that rdf_io_world_release can never fail. */
    if (pool_created == pool_cap) {
        size_t cap = pool_cap ? 2 * pool_cap : 8;
        raptor_world **p = realloc(pool, cap * sizeof *p);
        if (!p) {
            pthread_mutex_unlock(&pool_lock);
            error_set(err, "out of memory");
            return NULL;
        }
        pool = p;
        pool_cap = cap;
    }
    pool_created++;
    pthread_mutex_unlock(&pool_lock);

    w = raptor_new_world();
    if (!w)
        goto fail;
    /* We never fetch over the network, so curl is never initialised, and
     * libxml2's thread-global error handlers are left alone (raptor reports
     * XML errors per parser anyway). */
    raptor_world_set_flag(w, RAPTOR_WORLD_FLAG_WWW_SKIP_INIT_FINISH, 1);
    raptor_world_set_flag(w, RAPTOR_WORLD_FLAG_LIBXML_GENERIC_ERROR_SAVE, 0);
    raptor_world_set_flag(w, RAPTOR_WORLD_FLAG_LIBXML_STRUCTURED_ERROR_SAVE, 0);
    if (raptor_world_open(w))
        goto fail;
    return w;
fail:
    if (w)
        raptor_free_world(w);
    pthread_mutex_lock(&pool_lock);
    pool_created--;
    pthread_mutex_unlock(&pool_lock);
    error_set(err, "cannot initialise the RDF library (out of memory?)");
    return NULL;
}

void rdf_io_world_release(raptor_world *world)
{
    if (!world)
        return;
    /* Handlers point into the caller's stack: clear them. */
    raptor_world_set_log_handler(world, NULL, NULL);
    raptor_world_set_generate_bnodeid_handler(world, NULL, NULL);
    pthread_mutex_lock(&pool_lock);
    pool[pool_idle++] = world;
    pthread_mutex_unlock(&pool_lock);
}

__attribute__((destructor)) static void pool_free_all(void)
{
    pthread_mutex_lock(&pool_lock);
    for (size_t i = 0; i < pool_idle; i++)
        raptor_free_world(pool[i]);
    free(pool);
    pool = NULL;
    pool_idle = pool_cap = pool_created = 0;
    pthread_mutex_unlock(&pool_lock);
}

/* ---- parsing ----------------------------------------------------------- */

/* Generated blank node ids are numbered process-wide, so that two parses
 * never produce the same one. */
static atomic_ulong bnode_counter;

struct parse_ctx {
    raptor_parser *parser;
    int drop_datatype_ref; /* see on_statement */
    const char *name;
    rdf_quad_fn fn;
    void *fn_ctx;
    struct error *err;
    int failed;
    const char *bnode_prefix; /* NULL: none */
    size_t bnode_prefix_len;
    struct term default_graph;
    struct rdf_buf label[3]; /* prefixed labels of s, o, g; reused */
    struct rdf_buf lang;     /* lower-cased language tag; reused */
};

/* raptor hands us user labels (owned; return or free them) and asks for new
 * ones with NULL. Generated ids are "genid<N>"; a user label of the form
 * u*genid... gets one more 'u', so that no user label can equal a generated
 * one and the mapping stays one-to-one. */
static unsigned char *on_generate_bnodeid(void *user, unsigned char *user_id)
{
    char *id;

    (void)user;
    if (user_id) {
        size_t i = strspn((const char *)user_id, "u");
        size_t len;
        if (strncmp((const char *)user_id + i, "genid", 5))
            return user_id;
        len = strlen((const char *)user_id);
        id = malloc(len + 2);
        if (id) {
            id[0] = 'u';
            memcpy(id + 1, user_id, len + 1);
        }
        free(user_id);
        return (unsigned char *)id;
    }
    id = malloc(32);
    if (id)
        snprintf(id, 32, "genid%lu", atomic_fetch_add(&bnode_counter, 1) + 1);
    return (unsigned char *)id;
}

static void on_log(void *user, raptor_log_message *m)
{
    struct parse_ctx *c = user;
    int line, column;
    size_t len;
    const char *text = m->text ? m->text : "syntax error";

    if (m->level < RAPTOR_LOG_LEVEL_ERROR || c->failed)
        return;
    c->failed = 1;
    line = m->locator && m->locator->line > 0 ? m->locator->line : 0;
    column = m->locator && m->locator->column > 0 ? m->locator->column : 0;
    len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
        len--;
    if (line && column)
        error_set_at(c->err, line, column, "%s:%d:%d: %.*s", c->name, line, column, (int)len, text);
    else if (line)
        error_set_at(c->err, line, 0, "%s:%d: %.*s", c->name, line, (int)len, text);
    else
        error_set_at(c->err, 0, 0, "%s: %.*s", c->name, (int)len, text);
    if (c->parser)
        raptor_parser_parse_abort(c->parser);
}

/* Language tags are lower-cased (their value space in RDF 1.1 Concepts
 * section 3.3): raptor's N-Triples and N-Quads parsers do it, the others
 * keep the case as written. NULL on out-of-memory. */
static const char *lower_lang(struct parse_ctx *c, const char *lang, size_t len)
{
    size_t i = 0;

    while (i < len && !(lang[i] >= 'A' && lang[i] <= 'Z'))
        i++;
    if (i == len)
        return lang;
    c->lang.len = 0;
    if (rdf_buf_add(&c->lang, lang, len))
        return NULL;
    for (; i < len; i++)
        if (c->lang.p[i] >= 'A' && c->lang.p[i] <= 'Z')
            c->lang.p[i] = (char)(c->lang.p[i] - 'A' + 'a');
    return c->lang.p;
}

/* Fill t from r; strings stay raptor's except prefixed blank labels. */
static int convert_term(struct parse_ctx *c, const raptor_term *r, struct term *t,
                        struct rdf_buf *label)
{
    size_t len;

    memset(t, 0, sizeof *t);
    switch (r->type) {
    case RAPTOR_TERM_TYPE_URI:
        t->kind = TERM_IRI;
        t->value = (const char *)raptor_uri_as_counted_string(r->value.uri, &len);
        t->len = len;
        return 0;
    case RAPTOR_TERM_TYPE_BLANK:
        t->kind = TERM_BLANK;
        if (!c->bnode_prefix) {
            t->value = (const char *)r->value.blank.string;
            t->len = r->value.blank.string_len;
            return 0;
        }
        label->len = 0;
        if (rdf_buf_add(label, c->bnode_prefix, c->bnode_prefix_len) ||
            rdf_buf_add(label, r->value.blank.string, r->value.blank.string_len))
            return -1;
        t->value = label->p;
        t->len = label->len;
        return 0;
    case RAPTOR_TERM_TYPE_LITERAL:
        t->kind = TERM_LITERAL;
        t->value = r->value.literal.string ? (const char *)r->value.literal.string : "";
        t->len = r->value.literal.string_len;
        /* strlen: raptor's Turtle parser does not always fill language_len. */
        t->lang = r->value.literal.language && *r->value.literal.language
                      ? lower_lang(c, (const char *)r->value.literal.language,
                                   strlen((const char *)r->value.literal.language))
                      : NULL;
        t->datatype = r->value.literal.datatype
                          ? (const char *)raptor_uri_as_string(r->value.literal.datatype)
                          : NULL;
        if (r->value.literal.language && *r->value.literal.language && !t->lang)
            return -1;
        term_normalise(t);
        return 0;
    case RAPTOR_TERM_TYPE_UNKNOWN:
    default:
        return -1;
    }
}

static void on_statement(void *user, raptor_statement *st)
{
    struct parse_ctx *c = user;
    struct term_quad q;

    if (c->failed)
        return;
    if (convert_term(c, st->subject, &q.s, &c->label[0]) ||
        convert_term(c, st->predicate, &q.p, NULL) ||
        convert_term(c, st->object, &q.o, &c->label[1])) {
        error_set(c->err, "%s: out of memory or unknown term", c->name);
        goto fail;
    }
    if (st->graph) {
        if (convert_term(c, st->graph, &q.g, &c->label[2])) {
            error_set(c->err, "%s: out of memory or unknown term", c->name);
            goto fail;
        }
    } else {
        q.g = c->default_graph;
    }
    /* raptor 2.0.15's N-Triples/N-Quads parser keeps one reference to the
     * datatype IRI of every typed literal that it never drops (it creates
     * the IRI, and the literal term takes a copy of it). The term keeps its
     * own reference, so dropping the stray one here is safe; without it
     * every distinct datatype IRI would stay allocated in the pooled world. */
    if (c->drop_datatype_ref && st->object->type == RAPTOR_TERM_TYPE_LITERAL &&
        st->object->value.literal.datatype)
        raptor_free_uri(st->object->value.literal.datatype);
    error_clear(c->err);
    if (c->fn(c->fn_ctx, &q, c->err)) {
        if (!c->err->msg[0])
            error_set(c->err, "%s: stopped by the receiver of the data", c->name);
        goto fail;
    }
    return;
fail:
    c->failed = 1;
    raptor_parser_parse_abort(c->parser);
}

/* raptor said it failed: keep the message already recorded, if any. */
static void parse_failed(struct parse_ctx *c)
{
    if (c->failed)
        return;
    c->failed = 1;
    error_set(c->err, "%s: parse error", c->name);
}

/* Parser input: either a whole buffer, or a stream read in chunks. */
struct parse_input {
    const char *buf;
    size_t len;
    FILE *f;
};

#ifdef RDF_IO_WITH_JSONLD
#include "jsonld.h"

/* Gives the JSON-LD reader's quads the same treatment as raptor's: default
 * graph and lower-cased language tags. */
struct jsonld_relay {
    rdf_quad_fn fn;
    void *ctx;
    struct term default_graph;
    struct rdf_buf lang;
};

static int jsonld_relay_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    struct jsonld_relay *r = ctx;
    struct term_quad copy = *q;

    if (copy.g.kind == TERM_NONE)
        copy.g = r->default_graph;
    if (copy.o.kind == TERM_LITERAL && copy.o.lang) {
        size_t len = strlen(copy.o.lang);
        r->lang.len = 0;
        if (rdf_buf_add(&r->lang, copy.o.lang, len)) {
            error_set(err, "out of memory");
            return -1;
        }
        for (size_t i = 0; i < len; i++)
            if (r->lang.p[i] >= 'A' && r->lang.p[i] <= 'Z')
                r->lang.p[i] = (char)(r->lang.p[i] - 'A' + 'a');
        copy.o.lang = r->lang.p;
    }
    return r->fn(r->ctx, &copy, err);
}

/* JSON-LD needs the whole document: read it, then hand it over. */
static int parse_jsonld(const struct parse_input *in, const char *name, const char *base_default,
                        const struct rdf_parse_opts *opts, rdf_quad_fn fn, void *ctx,
                        struct error *err)
{
    struct jsonld_relay relay = {fn, ctx, {0}, {0}};
    struct jsonld_opts jo = {0};
    struct rdf_buf doc = {0};
    unsigned char *base_str = NULL;
    const char *buf = in->buf;
    size_t len = in->len;
    int rc = -1;

    if (in->f) {
        for (;;) {
            size_t n;
            if (rdf_buf_reserve(&doc, READ_CHUNK)) {
                error_set(err, "%s: out of memory", name);
                goto out;
            }
            n = fread(doc.p + doc.len, 1, READ_CHUNK, in->f);
            doc.len += n;
            if (n == 0)
                break;
        }
        if (ferror(in->f)) {
            error_set(err, "%s: read error: %s", name, strerror(errno));
            goto out;
        }
        doc.p[doc.len] = '\0'; /* room left by rdf_buf_reserve */
        buf = doc.p;
        len = doc.len;
    }
    if (opts && opts->default_graph)
        relay.default_graph = term_iri(opts->default_graph);
    if (opts && opts->base) {
        jo.base = opts->base;
    } else {
        base_str = raptor_uri_filename_to_uri_string(base_default);
        if (!base_str) {
            error_set(err, "%s: out of memory", name);
            goto out;
        }
        jo.base = (const char *)base_str;
    }
    jo.bnode_prefix = opts ? opts->bnode_prefix : NULL;
    rc = jsonld_parse(buf, len, name, &jo, jsonld_relay_quad, &relay, err);
out:
    raptor_free_memory(base_str);
    rdf_buf_free(&doc);
    rdf_buf_free(&relay.lang);
    return rc;
}
#endif

static int parse_common(const struct parse_input *in, const char *name, const char *base_default,
                        const struct rdf_parse_opts *opts, rdf_quad_fn fn, void *ctx,
                        struct error *err)
{
    struct parse_ctx c;
    raptor_world *world = NULL;
    raptor_uri *base = NULL;
    unsigned char *base_str = NULL;
    char *chunk = NULL;
    enum rdf_syntax syntax = opts ? opts->syntax : RDF_SYNTAX_UNKNOWN;
    const struct syntax_info *si;
    int rc = -1;

    memset(&c, 0, sizeof c);
    c.name = name;
    c.fn = fn;
    c.fn_ctx = ctx;
    c.err = err;
    if (opts && opts->bnode_prefix && *opts->bnode_prefix) {
        c.bnode_prefix = opts->bnode_prefix;
        c.bnode_prefix_len = strlen(opts->bnode_prefix);
    }
    if (opts && opts->default_graph)
        c.default_graph = term_iri(opts->default_graph);
    error_clear(err);

    if (syntax == RDF_SYNTAX_UNKNOWN)
        syntax = rdf_syntax_from_filename(name);
    si = syntax_info(syntax);
    if (!si) {
        error_set(err, "%s: unknown RDF syntax (give it, or use a known file extension)", name);
        goto out;
    }
    if (syntax == RDF_SYNTAX_JSONLD) {
        /* JSON-LD is read by jsonld_parse() (jsonld.h), not by raptor. The
         * bridge below is compiled once that module is part of the build
         * (define RDF_IO_WITH_JSONLD). */
#ifdef RDF_IO_WITH_JSONLD
        rc = parse_jsonld(in, name, base_default, opts, fn, ctx, err);
#else
        error_set(err, "%s: JSON-LD reader not built in", name);
#endif
        goto out;
    }

    world = rdf_io_world_acquire(err);
    if (!world)
        goto out;
    raptor_world_set_log_handler(world, &c, on_log);
    raptor_world_set_generate_bnodeid_handler(world, NULL, on_generate_bnodeid);
    c.parser = raptor_new_parser(world, si->raptor);
    if (!c.parser) {
        error_set(err, "%s: cannot create the %s parser", name, si->name);
        goto out;
    }
    /* Nothing but the bytes we feed: no network, no other files, no
     * external XML entities. */
    raptor_parser_set_option(c.parser, RAPTOR_OPTION_NO_NET, NULL, 1);
    raptor_parser_set_option(c.parser, RAPTOR_OPTION_NO_FILE, NULL, 1);
    raptor_parser_set_option(c.parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL, 0);
    raptor_parser_set_statement_handler(c.parser, &c, on_statement);
    /* Only the release we checked (see on_statement). */
    c.drop_datatype_ref = raptor_version_decimal == 20015 &&
                          (syntax == RDF_SYNTAX_NTRIPLES || syntax == RDF_SYNTAX_NQUADS);

    if (opts && opts->base) {
        base = raptor_new_uri(world, (const unsigned char *)opts->base);
    } else {
        base_str = raptor_uri_filename_to_uri_string(base_default);
        if (base_str)
            base = raptor_new_uri(world, base_str);
    }
    if (!base) {
        error_set(err, "%s: invalid base IRI", name);
        goto out;
    }
    if (raptor_parser_parse_start(c.parser, base)) {
        if (!c.failed)
            error_set(err, "%s: cannot start the %s parser", name, si->name);
        goto out;
    }

    if (in->f) {
        chunk = malloc(READ_CHUNK);
        if (!chunk) {
            error_set(err, "%s: out of memory", name);
            goto out;
        }
        while (!c.failed) {
            size_t n = fread(chunk, 1, READ_CHUNK, in->f);
            if (n == 0) {
                if (ferror(in->f)) {
                    error_set(err, "%s: read error: %s", name, strerror(errno));
                    goto out;
                }
                break;
            }
            if (raptor_parser_parse_chunk(c.parser, (unsigned char *)chunk, n, 0))
                parse_failed(&c);
        }
    } else if (in->len) {
        if (raptor_parser_parse_chunk(c.parser, (const unsigned char *)in->buf, in->len, 0))
            parse_failed(&c);
    }
    if (!c.failed && raptor_parser_parse_chunk(c.parser, NULL, 0, 1))
        parse_failed(&c);
    if (!c.failed)
        rc = 0;
out:
    free(chunk);
    if (base)
        raptor_free_uri(base);
    raptor_free_memory(base_str);
    if (c.parser)
        raptor_free_parser(c.parser);
    rdf_io_world_release(world);
    for (size_t i = 0; i < 3; i++)
        rdf_buf_free(&c.label[i]);
    rdf_buf_free(&c.lang);
    return rc;
}

/* Some raptor parsers (Turtle, TriG, RDF/XML) report a line but no column.
 * Recover one from the text of that line: the token the message quotes
 * ("... at 'X'"), else the last non-blank character, where the parser gave
 * up at the latest. Columns count characters (UTF-8 code points), from 1. */
static void add_column(struct error *err, const char *name, const char *line, size_t len)
{
    const char *msg, *tok = NULL, *at;
    size_t col = 0, toklen = 0, pos = len;
    char rest[ERROR_MSG_MAX];

    if (!err || err->line <= 0 || err->column > 0)
        return;
    at = strstr(err->msg, " at '");
    if (at) {
        tok = at + 5;
        const char *end = strchr(tok, '\'');
        toklen = end ? (size_t)(end - tok) : 0;
    }
    if (toklen) {
        for (size_t i = 0; i + toklen <= len; i++)
            if (!memcmp(line + i, tok, toklen)) {
                pos = i;
                break;
            }
    }
    if (pos == len) {
        while (pos > 0 && (line[pos - 1] == ' ' || line[pos - 1] == '\t' ||
                           line[pos - 1] == '\r'))
            pos--;
        if (pos > 0)
            pos--;
    }
    for (size_t i = 0; i <= pos && i < len; i++)
        if (((unsigned char)line[i] & 0xC0) != 0x80)
            col++;
    if (!col)
        col = 1;
    /* "NAME:LINE: text" becomes "NAME:LINE:COL: text" */
    size_t prefix = strlen(name);
    msg = err->msg + prefix;
    if (strncmp(err->msg, name, prefix) || *msg != ':')
        return;
    msg = strchr(msg + 1, ':');
    if (!msg)
        return;
    snprintf(rest, sizeof rest, "%s", msg + 1);
    error_set_at(err, err->line, (int)col, "%s:%d:%zu:%s", name, err->line, col, rest);
}

/* The text of line n (1-based) of a buffer. */
static void add_column_buffer(struct error *err, const char *name, const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    for (int n = 1; p < end && n < (err ? err->line : 0); n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    add_column(err, name, p, nl ? (size_t)(nl - p) : (size_t)(end - p));
}

static void add_column_file(struct error *err, const char *path)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = 0;
    FILE *f;

    if (!err || err->line <= 0 || err->column > 0 || !(f = fopen(path, "rb")))
        return;
    for (int i = 0; i < err->line && (n = getline(&line, &cap, f)) >= 0; i++)
        ;
    if (n >= 0 && line) {
        if (n && line[n - 1] == '\n')
            n--;
        add_column(err, path, line, (size_t)n);
    }
    free(line);
    fclose(f);
}

int rdf_parse_file(const char *path, const struct rdf_parse_opts *opts, rdf_quad_fn fn, void *ctx,
                   struct error *err)
{
    struct parse_input in = {NULL, 0, NULL};
    int is_stdin = !strcmp(path, "-");
    int rc;

    if (is_stdin && (!opts || opts->syntax == RDF_SYNTAX_UNKNOWN)) {
        error_clear(err);
        error_set(err, "-: the syntax of standard input must be given");
        return -1;
    }
    in.f = is_stdin ? stdin : fopen(path, "rb");
    if (!in.f) {
        error_clear(err);
        error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    rc = parse_common(&in, path, path, opts, fn, ctx, err);
    if (!is_stdin)
        fclose(in.f);
    if (rc < 0 && !is_stdin)
        add_column_file(err, path);
    return rc;
}

int rdf_parse_buffer(const char *buf, size_t len, const char *name,
                     const struct rdf_parse_opts *opts, rdf_quad_fn fn, void *ctx,
                     struct error *err)
{
    struct parse_input in = {buf, len, NULL};

    if (!name)
        name = "<buffer>";
    int rc = parse_common(&in, name, name, opts, fn, ctx, err);
    if (rc < 0)
        add_column_buffer(err, name, buf, len);
    return rc;
}
