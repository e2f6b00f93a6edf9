/* results.c - SPARQL results writers (see results.h for the specifications
 * followed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/results.h"

struct sparql_results {
    enum sparql_results_format f;
    char **vars;
    size_t nvars;
    rdf_sink_fn sink;
    void *ctx;
    size_t rows;
    int boolean; /* an ASK document was written */
    /* table: buffered cells (owned strings), nvars per row */
    char **cells;
    size_t ncells, capcells;
    /* write buffer */
    char buf[8192];
    size_t len;
    int failed;
};

int sparql_results_format_from_name(const char *name)
{
    static const char *const names[] = {"json", "xml", "csv", "tsv", "table"};

    for (int i = 0; i < 5; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

const char *sparql_results_mime(enum sparql_results_format f)
{
    switch (f) {
    case SPARQL_RESULTS_JSON:
        return "application/sparql-results+json";
    case SPARQL_RESULTS_XML:
        return "application/sparql-results+xml";
    case SPARQL_RESULTS_CSV:
        return "text/csv; charset=utf-8";
    case SPARQL_RESULTS_TSV:
        return "text/tab-separated-values; charset=utf-8";
    default:
        return "text/plain; charset=utf-8";
    }
}

static int flush(struct sparql_results *r)
{
    if (r->len && !r->failed && r->sink(r->ctx, r->buf, r->len) < 0)
        r->failed = 1;
    r->len = 0;
    return r->failed ? -1 : 0;
}

static void put(struct sparql_results *r, const char *s, size_t n)
{
    while (n) {
        size_t k = sizeof r->buf - r->len;

        if (k == 0) {
            flush(r);
            continue;
        }
        if (k > n)
            k = n;
        memcpy(r->buf + r->len, s, k);
        r->len += k;
        s += k;
        n -= k;
    }
}

static void puts_(struct sparql_results *r, const char *s)
{
    put(r, s, strlen(s));
}

static void put_json_str(struct sparql_results *r, const char *s, size_t n)
{
    char esc[8];

    put(r, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];

        switch (ch) {
        case '"':
            puts_(r, "\\\"");
            break;
        case '\\':
            puts_(r, "\\\\");
            break;
        case '\n':
            puts_(r, "\\n");
            break;
        case '\r':
            puts_(r, "\\r");
            break;
        case '\t':
            puts_(r, "\\t");
            break;
        default:
            if (ch < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", ch);
                puts_(r, esc);
            } else {
                put(r, (const char *)&s[i], 1);
            }
        }
    }
    put(r, "\"", 1);
}

static void put_xml(struct sparql_results *r, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<':
            puts_(r, "&lt;");
            break;
        case '>':
            puts_(r, "&gt;");
            break;
        case '&':
            puts_(r, "&amp;");
            break;
        case '"':
            puts_(r, "&quot;");
            break;
        default:
            put(r, &s[i], 1);
        }
    }
}

/* Turtle/N-Triples form of a term (TSV and the table). */
static char *term_text(const struct term *t)
{
    size_t cap =
        t->len * 2 + (t->datatype ? strlen(t->datatype) : 0) + (t->lang ? strlen(t->lang) : 0) + 16;
    char *o = malloc(cap), *p = o;

    if (!o)
        return NULL;
    if (t->kind == TERM_IRI) {
        *p++ = '<';
        memcpy(p, t->value, t->len);
        p += t->len;
        *p++ = '>';
    } else if (t->kind == TERM_BLANK) {
        memcpy(p, "_:", 2);
        memcpy(p + 2, t->value, t->len);
        p += t->len + 2;
    } else {
        *p++ = '"';
        for (size_t i = 0; i < t->len; i++) {
            char ch = t->value[i];
            const char *e = ch == '\t'   ? "\\t"
                            : ch == '\n' ? "\\n"
                            : ch == '\r' ? "\\r"
                            : ch == '"'  ? "\\\""
                            : ch == '\\' ? "\\\\"
                                         : NULL;
            if (e) {
                memcpy(p, e, 2);
                p += 2;
            } else {
                *p++ = ch;
            }
        }
        *p++ = '"';
        if (t->lang) {
            p += sprintf(p, "@%s", t->lang);
        } else if (t->datatype) {
            p += sprintf(p, "^^<%s>", t->datatype);
        }
    }
    *p = 0;
    return o;
}

struct sparql_results *sparql_results_new(enum sparql_results_format f, const char *const *vars,
                                          size_t nvars, rdf_sink_fn sink, void *ctx,
                                          struct error *err)
{
    struct sparql_results *r = calloc(1, sizeof *r);

    if (!r || !(r->vars = calloc(nvars + 1, sizeof *r->vars)))
        goto oom;
    r->f = f;
    r->sink = sink;
    r->ctx = ctx;
    r->nvars = nvars;
    for (size_t i = 0; i < nvars; i++)
        if (!(r->vars[i] = strdup(vars[i])))
            goto oom;
    switch (f) {
    case SPARQL_RESULTS_JSON:
        puts_(r, "{\"head\":{\"vars\":[");
        for (size_t i = 0; i < nvars; i++) {
            if (i)
                puts_(r, ",");
            put_json_str(r, vars[i], strlen(vars[i]));
        }
        puts_(r, "]}");
        break;
    case SPARQL_RESULTS_XML:
        puts_(r,
              "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
              "<head>\n");
        for (size_t i = 0; i < nvars; i++) {
            puts_(r, "  <variable name=\"");
            put_xml(r, vars[i], strlen(vars[i]));
            puts_(r, "\"/>\n");
        }
        puts_(r, "</head>\n");
        break;
    case SPARQL_RESULTS_CSV:
    case SPARQL_RESULTS_TSV:
        for (size_t i = 0; i < nvars; i++) {
            if (i)
                puts_(r, f == SPARQL_RESULTS_CSV ? "," : "\t");
            if (f == SPARQL_RESULTS_TSV)
                puts_(r, "?");
            puts_(r, vars[i]);
        }
        puts_(r, f == SPARQL_RESULTS_CSV ? "\r\n" : "\n");
        break;
    default:
        break;
    }
    return r;
oom:
    error_set(err, "out of memory");
    sparql_results_abort(r);
    return NULL;
}

static void row_start(struct sparql_results *r)
{
    if (r->f == SPARQL_RESULTS_JSON)
        puts_(r, r->rows ? ",\n{" : ",\"results\":{\"bindings\":[\n{");
    else if (r->f == SPARQL_RESULTS_XML)
        puts_(r, r->rows ? "  <result>\n" : "<results>\n  <result>\n");
}

static int table_push(struct sparql_results *r, char *s)
{
    if (r->ncells == r->capcells) {
        size_t ncap = r->capcells ? r->capcells * 2 : 64;
        char **c = realloc(r->cells, ncap * sizeof *c);

        if (!c) {
            free(s);
            return -1;
        }
        r->cells = c;
        r->capcells = ncap;
    }
    r->cells[r->ncells++] = s;
    return 0;
}

int sparql_results_row(struct sparql_results *r, const struct term *const *cells, struct error *err)
{
    int first = 1;

    row_start(r);
    for (size_t i = 0; i < r->nvars; i++) {
        const struct term *t = cells[i];

        switch (r->f) {
        case SPARQL_RESULTS_JSON:
            if (!t)
                break;
            if (!first)
                puts_(r, ",");
            first = 0;
            put_json_str(r, r->vars[i], strlen(r->vars[i]));
            puts_(r, ":{\"type\":");
            puts_(r, t->kind == TERM_IRI     ? "\"uri\""
                     : t->kind == TERM_BLANK ? "\"bnode\""
                                             : "\"literal\"");
            puts_(r, ",\"value\":");
            put_json_str(r, t->value, t->len);
            if (t->kind == TERM_LITERAL && t->lang) {
                puts_(r, ",\"xml:lang\":");
                put_json_str(r, t->lang, strlen(t->lang));
            } else if (t->kind == TERM_LITERAL && t->datatype) {
                puts_(r, ",\"datatype\":");
                put_json_str(r, t->datatype, strlen(t->datatype));
            }
            puts_(r, "}");
            break;
        case SPARQL_RESULTS_XML:
            if (!t)
                break;
            puts_(r, "    <binding name=\"");
            put_xml(r, r->vars[i], strlen(r->vars[i]));
            puts_(r, "\">");
            if (t->kind == TERM_IRI) {
                puts_(r, "<uri>");
                put_xml(r, t->value, t->len);
                puts_(r, "</uri>");
            } else if (t->kind == TERM_BLANK) {
                puts_(r, "<bnode>");
                put_xml(r, t->value, t->len);
                puts_(r, "</bnode>");
            } else {
                puts_(r, "<literal");
                if (t->lang) {
                    puts_(r, " xml:lang=\"");
                    put_xml(r, t->lang, strlen(t->lang));
                    puts_(r, "\"");
                } else if (t->datatype) {
                    puts_(r, " datatype=\"");
                    put_xml(r, t->datatype, strlen(t->datatype));
                    puts_(r, "\"");
                }
                puts_(r, ">");
                put_xml(r, t->value, t->len);
                puts_(r, "</literal>");
            }
            puts_(r, "</binding>\n");
            break;
        case SPARQL_RESULTS_CSV:
            if (i)
                puts_(r, ",");
            if (!t)
                break;
            if (t->kind == TERM_BLANK)
                puts_(r, "_:");
            if (t->len && strpbrk(t->value, "\",\r\n") && t->kind == TERM_LITERAL) {
                puts_(r, "\"");
                for (size_t k = 0; k < t->len; k++) {
                    if (t->value[k] == '"')
                        puts_(r, "\"");
                    put(r, &t->value[k], 1);
                }
                puts_(r, "\"");
            } else {
                put(r, t->value, t->len);
            }
            break;
        case SPARQL_RESULTS_TSV:
        case SPARQL_RESULTS_TABLE: {
            char *s = t ? term_text(t) : strdup("");

            if (!s)
                goto oom;
            if (r->f == SPARQL_RESULTS_TABLE) {
                if (table_push(r, s) < 0)
                    goto oom;
                break;
            }
            if (i)
                puts_(r, "\t");
            puts_(r, s);
            free(s);
            break;
        }
        }
    }
    if (r->f == SPARQL_RESULTS_JSON)
        puts_(r, "}");
    else if (r->f == SPARQL_RESULTS_XML)
        puts_(r, "  </result>\n");
    else if (r->f == SPARQL_RESULTS_CSV)
        puts_(r, "\r\n");
    else if (r->f == SPARQL_RESULTS_TSV)
        puts_(r, "\n");
    r->rows++;
    if (r->failed) {
        error_set(err, "write failed");
        return -1;
    }
    return 0;
oom:
    error_set(err, "out of memory");
    return -1;
}

int sparql_results_boolean(struct sparql_results *r, int value, struct error *err)
{
    r->boolean = 1;
    switch (r->f) {
    case SPARQL_RESULTS_JSON:
        r->len = 0; /* no vars head for ASK */
        puts_(r, value ? "{\"head\":{},\"boolean\":true}\n" : "{\"head\":{},\"boolean\":false}\n");
        break;
    case SPARQL_RESULTS_XML:
        r->len = 0;
        puts_(r,
              "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
              "<head/>\n");
        puts_(r, value ? "<boolean>true</boolean>\n</sparql>\n"
                       : "<boolean>false</boolean>\n</sparql>\n");
        break;
    default:
        r->len = 0;
        puts_(r, value ? "true\n" : "false\n");
        break;
    }
    if (flush(r) < 0) {
        error_set(err, "write failed");
        return -1;
    }
    return 0;
}

static size_t utf8_width(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void pad(struct sparql_results *r, const char *s, size_t w)
{
    puts_(r, s);
    for (size_t k = utf8_width(s); k < w; k++)
        puts_(r, " ");
}

static void table_write(struct sparql_results *r)
{
    size_t *w = calloc(r->nvars + 1, sizeof *w);

    if (!w) {
        r->failed = 1;
        return;
    }
    for (size_t i = 0; i < r->nvars; i++)
        w[i] = utf8_width(r->vars[i]) + 1;
    for (size_t k = 0; k < r->ncells; k++) {
        size_t x = utf8_width(r->cells[k]);
        if (x > w[k % r->nvars])
            w[k % r->nvars] = x;
    }
    for (size_t i = 0; i < r->nvars; i++) {
        char name[1024];

        snprintf(name, sizeof name, "?%s", r->vars[i]);
        puts_(r, i ? " | " : "");
        pad(r, name, w[i]);
    }
    puts_(r, "\n");
    for (size_t i = 0; i < r->nvars; i++) {
        puts_(r, i ? "-+-" : "");
        for (size_t k = 0; k < w[i]; k++)
            puts_(r, "-");
    }
    puts_(r, "\n");
    for (size_t k = 0; k < r->ncells; k++) {
        puts_(r, k % r->nvars ? " | " : "");
        pad(r, r->cells[k], w[k % r->nvars]);
        if (k % r->nvars == r->nvars - 1)
            puts_(r, "\n");
    }
    char tail[64];
    snprintf(tail, sizeof tail, "(%zu row%s)\n", r->rows, r->rows == 1 ? "" : "s");
    puts_(r, tail);
    free(w);
}

int sparql_results_finish(struct sparql_results *r, struct error *err)
{
    int rc;

    if (!r->boolean) {
        switch (r->f) {
        case SPARQL_RESULTS_JSON:
            puts_(r, r->rows ? "\n]}}\n" : ",\"results\":{\"bindings\":[]}}\n");
            break;
        case SPARQL_RESULTS_XML:
            puts_(r, r->rows ? "</results>\n</sparql>\n" : "<results>\n</results>\n</sparql>\n");
            break;
        case SPARQL_RESULTS_TABLE:
            table_write(r);
            break;
        default:
            break;
        }
    }
    rc = flush(r);
    if (rc < 0)
        error_set(err, "write failed");
    sparql_results_abort(r);
    return rc;
}

void sparql_results_abort(struct sparql_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nvars && r->vars; i++)
        free(r->vars[i]);
    free(r->vars);
    for (size_t i = 0; i < r->ncells; i++)
        free(r->cells[i]);
    free(r->cells);
    free(r);
}
