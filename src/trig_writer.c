/* trig_writer.c - a small streaming TriG writer (RDF 1.1 TriG, W3C
 * Recommendation 2014-02-25; terms as in RDF 1.1 Turtle).
 *
 * Consecutive quads of one graph share a block: `<g> { ... }` for named
 * graphs, default graph triples at top level. Inside a block consecutive
 * triples with the same subject are joined with ';', with the same subject
 * and predicate with ','. Quads sorted by graph and subject (as a store
 * returns them) thus come out grouped; any order is still correct TriG, as
 * a graph may span several blocks. IRIs are written as prefixed names when
 * a declared namespace matches and the rest is a plain local name, literals
 * always in the short quoted form with escapes. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "rdf_io_internal.h"

#define OUT_BLOCK (64 * 1024)
#define INDENT    "    "

struct trig_writer {
    struct rdf_prefix *prefixes; /* copies; ended by {NULL, NULL}; owned */
    size_t n_prefixes;
    rdf_sink_fn sink;
    void *ctx;
    struct rdf_buf out;    /* pending output */
    struct rdf_buf label;  /* scratch for blank labels */
    int started;           /* a statement is open (needs " .") */
    int in_block;          /* a named graph block is open */
    struct term_quad last; /* s, p, g of the open statement, strings in the bufs below */
    struct rdf_buf last_s, last_p, last_g;
    int failed;
};

static void free_prefixes(struct trig_writer *w)
{
    for (size_t i = 0; i < w->n_prefixes; i++) {
        free((char *)w->prefixes[i].prefix);
        free((char *)w->prefixes[i].iri);
    }
    free(w->prefixes);
}

void trig_writer_free(struct trig_writer *w)
{
    if (!w)
        return;
    free_prefixes(w);
    rdf_buf_free(&w->out);
    rdf_buf_free(&w->label);
    rdf_buf_free(&w->last_s);
    rdf_buf_free(&w->last_p);
    rdf_buf_free(&w->last_g);
    free(w);
}

static int flush(struct trig_writer *w, struct error *err)
{
    if (w->out.len && w->sink(w->ctx, w->out.p, w->out.len)) {
        w->failed = 1;
        error_set(err, "cannot write the output");
        return -1;
    }
    w->out.len = 0;
    return 0;
}

/* ---- Turtle terms ------------------------------------------------------ */

static int add_uchar(struct rdf_buf *b, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    return rdf_buf_add(b, u, sizeof u);
}

/* IRIREF: characters forbidden there are written as \u escapes. */
static int add_iriref(struct rdf_buf *b, const char *iri, size_t len)
{
    size_t start = 0;

    if (rdf_buf_add(b, "<", 1))
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)iri[i];
        if (c > 0x20 && !strchr("<>\"{}|^`\\", c))
            continue;
        if (rdf_buf_add(b, iri + start, i - start) || add_uchar(b, c))
            return -1;
        start = i + 1;
    }
    return rdf_buf_add(b, iri + start, len - start) || rdf_buf_add(b, ">", 1);
}

/* STRING_LITERAL_QUOTE with ECHAR escapes, other controls as \u00XX. */
static int add_string(struct rdf_buf *b, const char *s, size_t len)
{
    size_t start = 0;

    if (rdf_buf_add(b, "\"", 1))
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        default:
            break;
        }
        if (rdf_buf_add(b, s + start, i - start) || (esc ? rdf_buf_adds(b, esc) : add_uchar(b, c)))
            return -1;
        start = i + 1;
    }
    return rdf_buf_add(b, s + start, len - start) || rdf_buf_add(b, "\"", 1);
}

/* A conservative PN_LOCAL: ASCII letters, digits, '_', '-' and inner '.'. */
static int local_name_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_' || (i > 0 && c == '-') || (i > 0 && i + 1 < len && c == '.');
        if (!ok)
            return 0;
    }
    return 1;
}

static int add_iri(struct trig_writer *w, struct rdf_buf *b, const char *iri, size_t len)
{
    const struct rdf_prefix *best = NULL;
    size_t best_len = 0;

    for (size_t i = 0; i < w->n_prefixes; i++) {
        size_t n = strlen(w->prefixes[i].iri);
        if (n > best_len && n <= len && !memcmp(iri, w->prefixes[i].iri, n) &&
            local_name_ok(iri + n, len - n)) {
            best = &w->prefixes[i];
            best_len = n;
        }
    }
    if (!best)
        return add_iriref(b, iri, len);
    return rdf_buf_adds(b, best->prefix) || rdf_buf_add(b, ":", 1) ||
           rdf_buf_add(b, iri + best_len, len - best_len);
}

static int add_term(struct trig_writer *w, struct rdf_buf *b, const struct term *t)
{
    const char *l;
    size_t len;

    switch (t->kind) {
    case TERM_IRI:
        return add_iri(w, b, t->value, t->len);
    case TERM_BLANK:
        l = rdf_io_safe_label(t->value, t->len, &w->label, &len);
        return !l || rdf_buf_add(b, "_:", 2) || rdf_buf_add(b, l, len);
    case TERM_LITERAL:
        if (add_string(b, t->value, t->len))
            return -1;
        if (t->lang)
            return rdf_buf_add(b, "@", 1) || rdf_buf_adds(b, t->lang);
        if (t->datatype && strcmp(t->datatype, XSD_NS "string"))
            return rdf_buf_add(b, "^^", 2) || add_iri(w, b, t->datatype, strlen(t->datatype));
        return 0;
    case TERM_NONE:
    default:
        return -1;
    }
}

/* ---- the writer -------------------------------------------------------- */

struct trig_writer *trig_writer_new(const struct rdf_prefix *prefixes, rdf_sink_fn sink, void *ctx,
                                    struct error *err)
{
    struct trig_writer *w = calloc(1, sizeof *w);
    size_t n = 0;

    if (!w)
        goto oom;
    w->sink = sink;
    w->ctx = ctx;
    while (prefixes && prefixes[n].prefix)
        n++;
    w->prefixes = calloc(n + 1, sizeof *w->prefixes);
    if (!w->prefixes)
        goto oom;
    for (size_t i = 0; i < n; i++) {
        w->prefixes[i].prefix = strdup(prefixes[i].prefix);
        w->prefixes[i].iri = strdup(prefixes[i].iri);
        w->n_prefixes++;
        if (!w->prefixes[i].prefix || !w->prefixes[i].iri)
            goto oom;
        if (rdf_buf_adds(&w->out, "@prefix ") || rdf_buf_adds(&w->out, prefixes[i].prefix) ||
            rdf_buf_adds(&w->out, ": ") ||
            add_iriref(&w->out, prefixes[i].iri, strlen(prefixes[i].iri)) ||
            rdf_buf_adds(&w->out, " .\n"))
            goto oom;
    }
    if (n && rdf_buf_adds(&w->out, "\n"))
        goto oom;
    return w;
oom:
    error_set(err, "out of memory");
    trig_writer_free(w);
    return NULL;
}

static int same_term(const struct term *a, const struct term *b)
{
    return term_equal(a, b);
}

/* Remember t with its string copied into buf. */
static int keep_term(struct term *dst, const struct term *t, struct rdf_buf *buf)
{
    buf->len = 0;
    if (rdf_buf_add(buf, t->value ? t->value : "", t->value ? t->len : 0))
        return -1;
    *dst = *t;
    dst->value = buf->p;
    dst->lang = NULL; /* s, p and g are never literals */
    dst->datatype = NULL;
    return 0;
}

int trig_writer_quad(struct trig_writer *w, const struct term_quad *q, struct error *err)
{
    struct rdf_buf *b = &w->out;
    int same_graph, same_s = 0, same_p = 0;

    if (w->failed) {
        error_set(err, "the TriG output already failed");
        return -1;
    }
    if ((q->s.kind != TERM_IRI && q->s.kind != TERM_BLANK) || q->p.kind != TERM_IRI ||
        (q->o.kind != TERM_IRI && q->o.kind != TERM_BLANK && q->o.kind != TERM_LITERAL) ||
        (q->g.kind != TERM_NONE && q->g.kind != TERM_IRI && q->g.kind != TERM_BLANK)) {
        error_set(err, "cannot write a quad with a literal subject, predicate or graph");
        return -1;
    }
    same_graph = w->started && same_term(&q->g, &w->last.g);
    if (same_graph) {
        same_s = same_term(&q->s, &w->last.s);
        same_p = same_s && same_term(&q->p, &w->last.p);
    }
    if (same_p) {
        if (rdf_buf_adds(b, " ,\n" INDENT INDENT))
            goto oom;
    } else if (same_s) {
        if (rdf_buf_adds(b, " ;\n" INDENT))
            goto oom;
    } else {
        if (w->started && rdf_buf_adds(b, " .\n"))
            goto oom;
        if (!same_graph) {
            if (w->in_block && rdf_buf_adds(b, "}\n"))
                goto oom;
            w->in_block = 0;
            if (q->g.kind != TERM_NONE) {
                if (add_term(w, b, &q->g) || rdf_buf_adds(b, " {\n"))
                    goto oom;
                w->in_block = 1;
            }
            if (keep_term(&w->last.g, &q->g, &w->last_g))
                goto oom;
        }
        if ((w->in_block && rdf_buf_adds(b, INDENT)) || add_term(w, b, &q->s) ||
            rdf_buf_add(b, " ", 1))
            goto oom;
    }
    if (!same_p) {
        if (q->p.len == sizeof RDF_NS "type" - 1 && !memcmp(q->p.value, RDF_NS "type", q->p.len)) {
            if (rdf_buf_add(b, "a", 1))
                goto oom;
        } else if (add_term(w, b, &q->p)) {
            goto oom;
        }
        if (rdf_buf_add(b, " ", 1))
            goto oom;
    }
    if (add_term(w, b, &q->o))
        goto oom;
    if (keep_term(&w->last.s, &q->s, &w->last_s) || keep_term(&w->last.p, &q->p, &w->last_p))
        goto oom;
    w->started = 1;
    if (b->len >= OUT_BLOCK)
        return flush(w, err);
    return 0;
oom:
    w->failed = 1;
    error_set(err, "out of memory");
    return -1;
}

int trig_writer_finish(struct trig_writer *w, struct error *err)
{
    int rc = -1;

    if (!w->failed) {
        if ((w->started && rdf_buf_adds(&w->out, " .\n")) ||
            (w->in_block && rdf_buf_adds(&w->out, "}\n"))) {
            error_set(err, "out of memory");
        } else if (flush(w, err) == 0) {
            rc = 0;
        }
    } else {
        error_set(err, "the TriG output failed");
    }
    trig_writer_free(w);
    return rc;
}
