/* rdf_write.c - streaming writers (see rdf_io.h): raptor's serializers for
 * Turtle, N-Triples, N-Quads and RDF/XML, our own trig_writer.c for TriG and
 * jsonld_write.c for JSON-LD.
 *
 * raptor writes many tiny pieces; they are gathered in a buffer and handed
 * to the sink in blocks of about OUT_BLOCK bytes. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "rdf_io.h"
#include "rdf_io_internal.h"
#ifdef RDF_IO_WITH_JSONLD
#include "jsonld_write.h"
#endif

#define OUT_BLOCK (64 * 1024)

struct rdf_writer {
    enum rdf_syntax syntax;
    struct trig_writer *trig; /* TriG only; owned */
#ifdef RDF_IO_WITH_JSONLD
    struct jsonld_writer *jsonld; /* JSON-LD only; owned */
#endif
    raptor_world *world;      /* from the pool, exclusive until finish */
    raptor_serializer *ser;   /* owned */
    raptor_iostream *io;      /* owned; writes into out */
    rdf_sink_fn sink;
    void *ctx;
    struct rdf_buf out;      /* bytes not yet given to the sink */
    int failed;              /* a sink write or raptor failed */
    struct error first;      /* the first failure */
    struct rdf_buf label[3]; /* blank labels of s, o, g as written */
};

static void writer_fail(struct rdf_writer *w, const char *msg)
{
    if (w->failed)
        return;
    w->failed = 1;
    error_set(&w->first, "%s", msg);
}

static int out_flush(struct rdf_writer *w)
{
    if (w->out.len && !w->failed && w->sink(w->ctx, w->out.p, w->out.len))
        writer_fail(w, "cannot write the output");
    w->out.len = 0;
    return w->failed ? -1 : 0;
}

static int io_write_bytes(void *context, const void *ptr, size_t size, size_t nmemb)
{
    struct rdf_writer *w = context;

    if (w->failed)
        return 0;
    if (rdf_buf_add(&w->out, ptr, size * nmemb)) {
        writer_fail(w, "out of memory");
        return 0;
    }
    if (w->out.len >= OUT_BLOCK && out_flush(w))
        return 0;
    return (int)nmemb;
}

static int io_write_byte(void *context, const int byte)
{
    unsigned char c = (unsigned char)byte;
    return io_write_bytes(context, &c, 1, 1) == 1 ? 0 : 1;
}

static const raptor_iostream_handler io_handler = {
    .version = 2,
    .write_byte = io_write_byte,
    .write_bytes = io_write_bytes,
};

static void on_log(void *user, raptor_log_message *m)
{
    struct rdf_writer *w = user;

    if (m->level >= RAPTOR_LOG_LEVEL_ERROR)
        writer_fail(w, m->text ? m->text : "serializer error");
}

static const char *serializer_name(enum rdf_syntax s)
{
    switch (s) {
    case RDF_SYNTAX_TURTLE:
        return "turtle";
    case RDF_SYNTAX_NTRIPLES:
        return "ntriples";
    case RDF_SYNTAX_NQUADS:
        return "nquads";
    case RDF_SYNTAX_RDFXML:
        /* Plain "rdfxml": "rdfxml-abbrev" nests blank nodes and does not
         * round-trip all of our test data (see docs/internals/rdf_io.md). */
        return "rdfxml";
    default:
        return NULL;
    }
}

static void writer_free(struct rdf_writer *w)
{
    if (w->ser)
        raptor_free_serializer(w->ser);
    if (w->io)
        raptor_free_iostream(w->io);
    rdf_io_world_release(w->world);
    trig_writer_free(w->trig);
#ifdef RDF_IO_WITH_JSONLD
    jsonld_writer_free(w->jsonld);
#endif
    rdf_buf_free(&w->out);
    for (size_t i = 0; i < 3; i++)
        rdf_buf_free(&w->label[i]);
    free(w);
}

struct rdf_writer *rdf_writer_new(enum rdf_syntax syntax, const char *base,
                                  const struct rdf_prefix *prefixes, rdf_sink_fn sink, void *ctx,
                                  struct error *err)
{
    struct rdf_writer *w;
    raptor_uri *base_uri = NULL;
    const char *name;

    error_clear(err);
    if (syntax == RDF_SYNTAX_JSONLD) {
#ifdef RDF_IO_WITH_JSONLD
        /* Expanded form, no context: see jsonld_write.h for the others. */
        (void)base;
        (void)prefixes;
        return jsonld_writer_new(sink, ctx, NULL, NULL, JSONLD_FORM_EXPANDED, err);
#else
        error_set(err, "JSON-LD writer not built in");
        return NULL;
#endif
    }
    name = serializer_name(syntax);
    if (!name && syntax != RDF_SYNTAX_TRIG) {
        error_set(err, "cannot write RDF syntax '%s'", rdf_syntax_name(syntax));
        return NULL;
    }
    w = calloc(1, sizeof *w);
    if (!w) {
        error_set(err, "out of memory");
        return NULL;
    }
    w->syntax = syntax;
    w->sink = sink;
    w->ctx = ctx;
    if (syntax == RDF_SYNTAX_TRIG) {
        w->trig = trig_writer_new(prefixes, sink, ctx, err);
        if (!w->trig)
            goto fail;
        return w;
    }

    w->world = rdf_io_world_acquire(err);
    if (!w->world)
        goto fail;
    raptor_world_set_log_handler(w->world, w, on_log);
    w->ser = raptor_new_serializer(w->world, name);
    w->io = raptor_new_iostream_from_handler(w->world, w, &io_handler);
    if (!w->ser || !w->io) {
        error_set(err, "cannot create the %s writer", rdf_syntax_name(syntax));
        goto fail;
    }
    if (base) {
        base_uri = raptor_new_uri(w->world, (const unsigned char *)base);
        if (!base_uri) {
            error_set(err, "invalid base IRI '%s'", base);
            goto fail;
        }
    }
    if (raptor_serializer_start_to_iostream(w->ser, base_uri, w->io) || w->failed) {
        error_set(err, "cannot start the %s writer", rdf_syntax_name(syntax));
        goto fail;
    }
    for (size_t i = 0; prefixes && prefixes[i].prefix; i++) {
        raptor_uri *ns = raptor_new_uri(w->world, (const unsigned char *)prefixes[i].iri);
        if (!ns) {
            error_set(err, "cannot declare prefix '%s'", prefixes[i].prefix);
            goto fail;
        }
        /* Non-zero when the serializer already knows the namespace (rdf:). */
        (void)raptor_serializer_set_namespace(w->ser, ns,
                                              (const unsigned char *)prefixes[i].prefix);
        raptor_free_uri(ns);
    }
    if (base_uri)
        raptor_free_uri(base_uri);
    return w;
fail:
    if (base_uri)
        raptor_free_uri(base_uri);
    writer_free(w);
    return NULL;
}

#ifdef RDF_IO_WITH_JSONLD
struct rdf_writer *rdf_writer_from_jsonld(struct jsonld_writer *jw, struct error *err)
{
    struct rdf_writer *w;

    if (!jw)
        return NULL;
    w = calloc(1, sizeof *w);
    if (!w) {
        jsonld_writer_free(jw);
        error_set(err, "out of memory");
        return NULL;
    }
    w->syntax = RDF_SYNTAX_JSONLD;
    w->jsonld = jw;
    return w;
}
#endif

/* A new raptor term for t (owned by the caller), NULL on failure. */
static raptor_term *make_term(struct rdf_writer *w, const struct term *t, struct rdf_buf *label)
{
    raptor_uri *dt = NULL;
    raptor_term *r;
    const char *l;
    size_t len;

    switch (t->kind) {
    case TERM_IRI:
        return raptor_new_term_from_counted_uri_string(w->world, (const unsigned char *)t->value,
                                                       t->len);
    case TERM_BLANK:
        l = rdf_io_safe_label(t->value, t->len, label, &len);
        return l ? raptor_new_term_from_counted_blank(w->world, (const unsigned char *)l, len)
                 : NULL;
    case TERM_LITERAL:
        if (t->lang && strlen(t->lang) > 255)
            return NULL;
        if (t->datatype && !t->lang) {
            dt = raptor_new_uri(w->world, (const unsigned char *)t->datatype);
            if (!dt)
                return NULL;
        }
        r = raptor_new_term_from_counted_literal(
            w->world, (const unsigned char *)(t->len ? t->value : ""), t->len, dt,
            (const unsigned char *)t->lang, t->lang ? (unsigned char)strlen(t->lang) : 0);
        if (dt)
            raptor_free_uri(dt);
        return r;
    case TERM_NONE:
    default:
        return NULL;
    }
}

int rdf_writer_quad(struct rdf_writer *w, const struct term_quad *q, struct error *err)
{
    raptor_statement st;
    int rc = -1;

    if (w->trig)
        return trig_writer_quad(w->trig, q, err);
#ifdef RDF_IO_WITH_JSONLD
    if (w->jsonld)
        return jsonld_writer_add(w->jsonld, q, err);
#endif
    if (w->failed) {
        error_set(err, "%s", w->first.msg);
        return -1;
    }
    if ((q->s.kind != TERM_IRI && q->s.kind != TERM_BLANK) || q->p.kind != TERM_IRI ||
        q->o.kind == TERM_NONE ||
        (q->g.kind != TERM_NONE && q->g.kind != TERM_IRI && q->g.kind != TERM_BLANK)) {
        error_set(err, "cannot write a quad with a %s subject, %s predicate or %s graph",
                  q->s.kind == TERM_LITERAL ? "literal" : "valid",
                  q->p.kind == TERM_IRI ? "IRI" : "non-IRI",
                  q->g.kind == TERM_LITERAL ? "literal" : "valid");
        return -1;
    }
    raptor_statement_init(&st, w->world);
    st.subject = make_term(w, &q->s, &w->label[0]);
    st.predicate = make_term(w, &q->p, NULL);
    st.object = make_term(w, &q->o, &w->label[1]);
    if (q->g.kind != TERM_NONE && w->syntax == RDF_SYNTAX_NQUADS)
        st.graph = make_term(w, &q->g, &w->label[2]);
    if (!st.subject || !st.predicate || !st.object ||
        (q->g.kind != TERM_NONE && w->syntax == RDF_SYNTAX_NQUADS && !st.graph)) {
        error_set(err, "cannot convert a term for writing (out of memory or bad language tag)");
        goto out;
    }
    if (raptor_serializer_serialize_statement(w->ser, &st) && !w->failed)
        writer_fail(w, "cannot write a statement");
    if (w->failed) {
        error_set(err, "%s", w->first.msg);
        goto out;
    }
    rc = 0;
out:
    raptor_statement_clear(&st);
    return rc;
}

int rdf_writer_finish(struct rdf_writer *w, struct error *err)
{
    int rc = -1;

    if (!w) {
        error_set(err, "no writer");
        return -1;
    }
    if (w->trig) {
        rc = trig_writer_finish(w->trig, err);
        w->trig = NULL;
        writer_free(w);
        return rc;
    }
#ifdef RDF_IO_WITH_JSONLD
    if (w->jsonld) {
        rc = jsonld_writer_finish(w->jsonld, err);
        w->jsonld = NULL;
        writer_free(w);
        return rc;
    }
#endif
    if (!w->failed && raptor_serializer_serialize_end(w->ser) && !w->failed)
        writer_fail(w, "cannot finish the output");
    /* Freeing the serializer may still write (nothing is expected). */
    raptor_free_serializer(w->ser);
    w->ser = NULL;
    raptor_free_iostream(w->io);
    w->io = NULL;
    if (out_flush(w) == 0 && !w->failed)
        rc = 0;
    else
        error_set(err, "%s", w->first.msg);
    writer_free(w);
    return rc;
}

void rdf_writer_abort(struct rdf_writer *w)
{
    if (!w)
        return;
    w->failed = 1; /* nothing more reaches the sink */
    writer_free(w);
}
