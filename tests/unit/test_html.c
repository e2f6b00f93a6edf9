/* test_html.c - HTML pages over a small store: a vocabulary, a concept
 * scheme with a hierarchy, a shapes graph and hostile data. Every page is
 * checked for well-formedness (balanced tags, no block inside inline
 * elements, quoted attributes) besides its content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "app.h"
#include "config.h"
#include "html.h"
#include "store.h"

#define BASE "http://reg.example/"
#define SKOS "<http://www.w3.org/2004/02/skos/core#"
#define RDFS "<http://www.w3.org/2000/01/rdf-schema#"
#define OWL  "<http://www.w3.org/2002/07/owl#"
#define SH   "<http://www.w3.org/ns/shacl#"
#define DCT  "<http://purl.org/dc/terms/"
#define TYPE "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#define RDFL "<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define EX   "<http://example.org/"
#define XSD  "http://www.w3.org/2001/XMLSchema#"

#define G_VOC   "<" BASE "graph/vocab"
#define G_CS    "<" BASE "graph/scheme"
#define G_SHAPE "<" BASE "graph/shapes"
#define G_DATA  "<" BASE "graph/data"

/* Terms in a compact notation: "<iri" (no closing '>'), "_:label", or a
 * literal "text@lang" / "text^^datatype-iri" / "text". */
static struct term t_(const char *s, char *scratch, size_t n)
{
    const char *at, *dt;

    if (s[0] == '_' && s[1] == ':')
        return term_blank(s + 2);
    if (s[0] == '<')
        return term_iri(s + 1);
    snprintf(scratch, n, "%s", s);
    dt = strstr(s, "^^");
    at = strrchr(s, '@');
    if (dt) {
        scratch[dt - s] = '\0';
        return term_literal(scratch, NULL, scratch + (dt - s) + 2);
    }
    if (at && at[1] && !strchr(at, ' ')) {
        scratch[at - s] = '\0';
        return term_literal(scratch, scratch + (at - s) + 1, NULL);
    }
    return term_literal(scratch, NULL, NULL);
}

static struct store_batch *batch;

static void add(struct store *st, const char *s, const char *p, const char *o, const char *g)
{
    char sb[512], pb[512], ob[512], gb[512];
    struct term_quad tq;
    struct store_quad q;

    tq.s = t_(s, sb, sizeof sb);
    tq.p = t_(p, pb, sizeof pb);
    tq.o = t_(o, ob, sizeof ob);
    memset(&tq.g, 0, sizeof tq.g);
    if (g)
        tq.g = t_(g, gb, sizeof gb);
    assert_int_equal(store_intern_quad(st, &tq, &q), 0);
    assert_int_equal(store_batch_add(batch, &q), 0);
}

static void add_term(struct store *st, const char *s, const char *p, struct term o, const char *g)
{
    char sb[512], pb[512], gb[512];
    struct term_quad tq;
    struct store_quad q;

    tq.s = t_(s, sb, sizeof sb);
    tq.p = t_(p, pb, sizeof pb);
    tq.o = o;
    tq.g = t_(g, gb, sizeof gb);
    assert_int_equal(store_intern_quad(st, &tq, &q), 0);
    assert_int_equal(store_batch_add(batch, &q), 0);
}

static void begin(struct store *st)
{
    batch = store_batch_new(st);
    assert_non_null(batch);
}

static void commit(struct store *st)
{
    struct error err;

    assert_int_equal(store_commit(st, batch, &err), 0);
    batch = NULL;
}

/* The test registry. */
static struct store *build(void)
{
    struct store *st = store_new();
    char buf[128];

    assert_non_null(st);
    begin(st);
    /* vocabulary */
    add(st, "<" BASE "ns/v", TYPE, OWL "Ontology", G_VOC);
    add(st, "<" BASE "ns/v", RDFS "label", "Vocabularium V@nl", G_VOC);
    add(st, "<" BASE "ns/v", RDFS "label", "Vocabulary V@en", G_VOC);
    add(st, "<" BASE "ns/v", DCT "description", "Een klein vocabularium.@nl", G_VOC);
    add(st, "<" BASE "ns/v#Ding", TYPE, OWL "Class", G_VOC);
    add(st, "<" BASE "ns/v#Ding", RDFS "label", "Thing@en", G_VOC);
    add(st, "<" BASE "ns/v#Ding", RDFS "label", "Ding@nl", G_VOC);
    add(st, "<" BASE "ns/v#Ding", SKOS "definition", "Een ding in de wereld.@nl", G_VOC);
    add(st, "<" BASE "ns/v#Ding", RDFS "isDefinedBy", "<" BASE "ns/v", G_VOC);
    add(st, "<" BASE "ns/v#naam", TYPE, OWL "DatatypeProperty", G_VOC);
    add(st, "<" BASE "ns/v#naam", RDFS "label", "naam@nl", G_VOC);
    add(st, "<" BASE "ns/v#naam", RDFS "comment", "De naam van een ding.@nl", G_VOC);
    add(st, "<" BASE "ns/v#Beide", TYPE, OWL "Class", G_VOC);
    add(st, "<" BASE "ns/v#Beide", TYPE, OWL "ObjectProperty", G_VOC);
    /* concept scheme */
    add(st, "<" BASE "id/conceptscheme/S", TYPE, SKOS "ConceptScheme", G_CS);
    add(st, "<" BASE "id/conceptscheme/S", SKOS "prefLabel", "Schema S@nl", G_CS);
    add(st, "<" BASE "id/conceptscheme/S", SKOS "hasTopConcept", "<" BASE "id/concept/S/1", G_CS);
    add(st, "<" BASE "id/concept/S/1", TYPE, SKOS "Concept", G_CS);
    add(st, "<" BASE "id/concept/S/1", SKOS "prefLabel", "One@en", G_CS);
    add(st, "<" BASE "id/concept/S/1", SKOS "prefLabel", "Een@nl", G_CS);
    add(st, "<" BASE "id/concept/S/1", SKOS "notation", "1", G_CS);
    add(st, "<" BASE "id/concept/S/1", SKOS "inScheme", "<" BASE "id/conceptscheme/S", G_CS);
    add(st, "<" BASE "id/concept/S/1", SKOS "topConceptOf", "<" BASE "id/conceptscheme/S", G_CS);
    add(st, "<" BASE "id/concept/S/1.1", TYPE, SKOS "Concept", G_CS);
    add(st, "<" BASE "id/concept/S/1.1", SKOS "prefLabel", "Een punt een@nl", G_CS);
    add(st, "<" BASE "id/concept/S/1.1", SKOS "notation", "1.1", G_CS);
    add(st, "<" BASE "id/concept/S/1.1", SKOS "inScheme", "<" BASE "id/conceptscheme/S", G_CS);
    add(st, "<" BASE "id/concept/S/1.1", SKOS "broader", "<" BASE "id/concept/S/1", G_CS);
    add(st, "<" BASE "id/concept/S/2", TYPE, SKOS "Concept", G_CS);
    add(st, "<" BASE "id/concept/S/2", SKOS "prefLabel", "Two@en", G_CS);
    add(st, "<" BASE "id/concept/S/2", SKOS "notation", "2", G_CS);
    add(st, "<" BASE "id/concept/S/2", SKOS "inScheme", "<" BASE "id/conceptscheme/S", G_CS);
    /* shapes */
    add(st, "<" BASE "doc/ap/x/shacl", TYPE, OWL "Ontology", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl", RDFS "label", "Profiel X@nl", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl", DCT "title", "Applicatieprofiel X@nl", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl", DCT "description", "Regels voor dingen.@nl", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl", DCT "isPartOf", "<" BASE "doc/ap/x", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl#DingShape", TYPE, SH "NodeShape", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl#DingShape", SH "targetClass", "<" BASE "ns/v#Ding", G_SHAPE);
    add(st, "<" BASE "doc/ap/x/shacl#DingShape", SH "property", "_:pnaam", G_SHAPE);
    add(st, "_:pnaam", SH "path", "<" BASE "ns/v#naam", G_SHAPE);
    add(st, "_:pnaam", SH "minCount", "1^^" XSD "integer", G_SHAPE);
    add(st, "_:pnaam", SH "maxCount", "3^^" XSD "integer", G_SHAPE);
    add(st, "_:pnaam", SH "datatype", "<" XSD "string", G_SHAPE);
    add(st, "_:pnaam", SH "message", "Een ding heeft een naam.@nl", G_SHAPE);
    add(st, "_:pnaam", SH "message", "A thing has a name.@en", G_SHAPE);
    add(st, "_:pnaam", SH "pattern", "^[A-Z]<", G_SHAPE);
    add(st, "_:pnaam", SH "maxLength", "50^^" XSD "integer", G_SHAPE);
    add(st, "_:pnaam", SH "in", "_:in1", G_SHAPE);
    add(st, "_:in1", RDFL "first", "Jan", G_SHAPE);
    add(st, "_:in1", RDFL "rest", "_:in2", G_SHAPE);
    add(st, "_:in2", RDFL "first", "Piet", G_SHAPE);
    add(st, "_:in2", RDFL "rest", RDFL "nil", G_SHAPE);
    /* hostile and nested data */
    add_term(st, "<" BASE "id/evil/1", RDFS "label",
             term_literal("<script>alert(1)</script>", "nl", NULL), G_DATA);
    add(st, "<" BASE "id/evil/1", RDFS "seeAlso", "<javascript:alert(1)", G_DATA);
    add(st, "<" BASE "id/evil/1", RDFS "seeAlso", "<http://example.org/a\"onmouseover=\"x", G_DATA);
    add(st, "<" BASE "id/evil/1", EX "quote", "\"quoted\" & 'single' </td>", G_DATA);
    add_term(st, "<" BASE "id/evil/1", EX "lang", term_literal("x", "en\" onclick=\"y", NULL),
             G_DATA);
    add(st, "<" BASE "id/evil/1", EX "ctl", "bell\x07 and bad\xff utf8", G_DATA);
    add(st, "<" BASE "id/evil/1", EX "nested", "_:b1", G_DATA);
    add(st, "_:b1", EX "next", "_:b2", G_DATA);
    add(st, "_:b2", EX "next", "_:b1", G_DATA);
    add(st, "_:b2", EX "val", "diep genest", G_DATA);
    add(st, "<" BASE "id/evil/1", EX "list", "_:l1", G_DATA);
    add(st, "_:l1", RDFL "first", "eerste", G_DATA);
    add(st, "_:l1", RDFL "rest", "_:l2", G_DATA);
    add(st, "_:l2", RDFL "first", "tweede", G_DATA);
    add(st, "_:l2", RDFL "rest", RDFL "nil", G_DATA);
    add(st, "<" BASE "id/evil/1", EX "date", "2026-11-29^^" XSD "date", G_DATA);
    add_term(st, "<" BASE "id/evil/1", EX "nul", (struct term){TERM_LITERAL, "a\0b", 3, NULL, NULL},
             G_DATA);
    add(st, "<" BASE "id/evil/1", EX "same", "<" BASE "id/concept/S/1", G_DATA);
    /* incoming links beyond the cap */
    for (int i = 0; i < 60; i++) {
        snprintf(buf, sizeof buf, "<" BASE "id/thing/%d", i);
        add(st, buf, EX "ref", "<" BASE "id/concept/S/1", G_DATA);
    }
    commit(st);
    return st;
}

/* ------------------------------------------------------------ allocation failures */

/* The test is linked with --wrap for malloc, calloc and realloc: while
 * fail_countdown is positive, the allocation that brings it to zero fails. */
static long fail_countdown;
static bool fail_hit;
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);

static bool fail_now(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0) {
        fail_hit = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n);
void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m);
void *__wrap_calloc(size_t n, size_t m)
{
    return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

/* ------------------------------------------------------------ checks */

static bool is_void(const char *name, size_t n)
{
    static const char *const VOID[] = {"meta", "link", "br", "hr", "img", "input", NULL};

    for (int i = 0; VOID[i]; i++)
        if (strlen(VOID[i]) == n && strncmp(VOID[i], name, n) == 0)
            return true;
    return false;
}

static bool is_block(const char *name, size_t n)
{
    static const char *const BLOCK[] = {"table", "ul", "ol", "p",   "div", "section",
                                        "h1",    "h2", "h3", "nav", NULL};

    for (int i = 0; BLOCK[i]; i++)
        if (strlen(BLOCK[i]) == n && strncmp(BLOCK[i], name, n) == 0)
            return true;
    return false;
}

static bool is_phrasing_parent(const char *name)
{
    return !strcmp(name, "p") || !strcmp(name, "span") || !strcmp(name, "a") ||
           !strcmp(name, "h1") || !strcmp(name, "h2") || !strcmp(name, "h3") ||
           !strcmp(name, "code") || !strcmp(name, "title");
}

/* Balanced tags, quoted attributes, no '<' in text, no block element inside
 * a phrasing one, starts with the doctype. Fails the test with the offset. */
static void check_well_formed(const char *html)
{
    char stack[64][16];
    size_t depth = 0;
    const char *s = html;
    static const char *ids[4096];
    size_t n_ids = 0;

    assert_true(strncmp(html, "<!DOCTYPE html>\n<html lang=\"nl\">", 32) == 0);
    s = strchr(html, '\n') + 1;
    while ((s = strchr(s, '<')) != NULL) {
        const char *name, *end = strchr(s, '>');
        size_t n, quotes = 0;
        bool closing = s[1] == '/';

        assert_non_null(end);
        for (const char *c = s; c < end; c++)
            quotes += *c == '"';
        if (quotes % 2) {
            fprintf(stderr, "odd quotes at %td: %.80s\n", s - html, s);
            fail();
        }
        /* ids are unique */
        for (const char *id = strstr(s, " id=\""); id && id < end; id = NULL) {
            size_t len = strcspn(id + 5, "\"");

            for (size_t i = 0; i < n_ids; i++)
                if (strncmp(ids[i], id + 5, len + 1) == 0) {
                    fprintf(stderr, "duplicate id at %td: %.80s\n", id - html, id);
                    fail();
                }
            assert_true(n_ids < 4096);
            ids[n_ids++] = id + 5;
        }
        name = s + 1 + closing;
        for (n = 0; name[n] >= 'a' && name[n] <= 'z'; n++)
            ;
        while (n && name[n] >= '1' && name[n] <= '6')
            n++;
        if (n == 0 || n >= 16) {
            fprintf(stderr, "bad tag at %td: %.80s\n", s - html, s);
            fail();
        }
        /* <style> holds CSS: skip to its end tag. */
        if (!closing && n == 5 && strncmp(name, "style", 5) == 0) {
            end = strstr(s, "</style>");
            assert_non_null(end);
            s = end + 8;
            continue;
        }
        if (closing) {
            if (depth == 0 || strlen(stack[depth - 1]) != n ||
                strncmp(stack[depth - 1], name, n) != 0) {
                fprintf(stderr, "unbalanced </%.*s> at %td (open: %s)\n", (int)n, name, s - html,
                        depth ? stack[depth - 1] : "-");
                fail();
            }
            depth--;
        } else if (!is_void(name, n)) {
            if (is_block(name, n) && depth && is_phrasing_parent(stack[depth - 1])) {
                fprintf(stderr, "<%.*s> inside <%s> at %td\n", (int)n, name, stack[depth - 1],
                        s - html);
                fail();
            }
            assert_true(depth < 64);
            memcpy(stack[depth], name, n);
            stack[depth++][n] = '\0';
        }
        s = end + 1;
    }
    assert_int_equal(depth, 0);
}

static void contains(const char *html, const char *needle)
{
    if (!strstr(html, needle)) {
        fprintf(stderr, "missing: %s\n", needle);
        fail();
    }
}

static void lacks(const char *html, const char *needle)
{
    if (strstr(html, needle)) {
        fprintf(stderr, "unexpected: %s\n", needle);
        fail();
    }
}

static term_id id_of(struct store *st, const char *iri)
{
    struct term t = term_iri(iri);
    term_id id = dict_lookup(store_dict(st), &t);

    assert_int_not_equal(id, TERM_ID_NONE);
    return id;
}

static const struct html_opts OPTS = {BASE, NULL, NULL, "nl", HTML_FORMATS, 6, 0};

/* Render the page of iri; the caller frees the result. */
static char *render(struct store *st, const char *iri, const struct html_opts *opts)
{
    struct store_snapshot *snap = store_acquire(st);
    struct buf out;
    struct error err;
    char *html;

    buf_init(&out, SIZE_MAX);
    if (html_resource_page(snap, id_of(st, iri), opts ? opts : &OPTS, &out, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        fail();
    }
    store_release(snap);
    html = buf_take(&out, NULL);
    assert_non_null(html);
    check_well_formed(html);
    return html;
}

/* ------------------------------------------------------------ tests */

static void test_escape(void **state)
{
    struct buf b;
    char *s;

    (void)state;
    buf_init(&b, SIZE_MAX);
    assert_int_equal(html_escape(&b, "<a href=\"x\">'&'</a>", strlen("<a href=\"x\">'&'</a>")), 0);
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_reset(&b);
    /* NUL, controls, a lone continuation byte, an overlong form, a
     * surrogate, C1; tab/newline and valid multi-byte text stay. */
    {
        static const char in[] =
            "a\0b\x01\t\n\x80\xC0\xAF\xED\xA0\x80\xC2\x85 \xC3\xA9\xE2\x82\xAC";

        assert_int_equal(html_escape(&b, in, sizeof in - 1), 0);
    }
    assert_string_equal(b.data, "a\xEF\xBF\xBD"
                                "b\xEF\xBF\xBD\t\n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                                "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xC3\xA9\xE2\x82\xAC");
    s = buf_take(&b, NULL);
    free(s);
    /* truncated sequence at the end */
    assert_int_equal(html_escape(&b, "x\xE2\x82", 3), 0);
    assert_string_equal(b.data, "x\xEF\xBF\xBD\xEF\xBF\xBD");
    buf_free(&b);
}

static void test_linkable(void **state)
{
    (void)state;
    assert_true(html_linkable("http://a/"));
    assert_true(html_linkable("HTTPS://a/"));
    assert_true(html_linkable("mailto:a@b"));
    assert_true(html_linkable("urn:isbn:1"));
    assert_false(html_linkable("javascript:alert(1)"));
    assert_false(html_linkable("JavaScript:alert(1)"));
    assert_false(html_linkable("data:text/html,x"));
    assert_false(html_linkable("vbscript:x"));
    assert_false(html_linkable("httpx://a"));
    assert_false(html_linkable(""));
}

static void test_concept(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "id/concept/S/1", NULL);

    contains(h, "<h1>Een</h1>");
    contains(h, "<title>Een \xE2\x80\x93 fundament</title>");
    contains(h, "<code class=\"iri\">" BASE "id/concept/S/1</code>");
    /* type linked with a prefixed name (no label in the store) */
    contains(h, "title=\"http://www.w3.org/2004/02/skos/core#Concept\">skos:Concept</a>");
    /* scheme, narrower (from incoming skos:broader), own links go to /doc/ */
    contains(h, "<a href=\"" BASE "doc/conceptscheme/S\" title=\"" BASE
                "id/conceptscheme/S\">Schema S</a>");
    contains(h, "<th scope=\"row\">Smaller</th><td><a href=\"" BASE "doc/concept/S/1.1\"");
    contains(h, ">Een punt een</a>");
    contains(h, "(topbegrip)");
    /* all labels, with language badges and lang attributes */
    contains(h, "<span class=\"lit\" lang=\"en\">One</span> <span class=\"badge\" "
                "title=\"taal\">en</span>");
    /* incoming links capped with a count */
    contains(h, "<h2>Wat verwijst hiernaar</h2>");
    contains(h, "50 van 60 getoond");
    contains(h, "href=\"" BASE "doc/thing/0\"");
    /* graphs and alternates */
    contains(h, "<h2>Graaf</h2>");
    contains(h, ">scheme</a>");
    contains(h,
             "<link rel=\"alternate\" type=\"text/turtle\" href=\"" BASE "doc/concept/S/1.ttl\">");
    contains(h, "<link rel=\"alternate\" type=\"application/trig\" href=\"" BASE
                "doc/concept/S/1.trig\">");
    contains(h, "<a href=\"" BASE "doc/concept/S/1.jsonld\" type=\"application/ld+json\">"
                "JSON-LD</a>");
    free(h);
}

static void test_concept_broader(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "id/concept/S/1.1", NULL);

    contains(h, "<th scope=\"row\">Breder</th><td><a href=\"" BASE "doc/concept/S/1\"");
    contains(h, "<th scope=\"row\">Plaats</th><td><a href=\"" BASE "doc/concept/S/1\" title=\"" BASE
                "id/concept/S/1\">Een</a> \xE2\x80\xBA <span>Een punt een</span></td>");
    free(h);
    /* English label when no Dutch one; the language is marked */
    h = render(st, BASE "id/concept/S/2", NULL);
    contains(h, "<h1 lang=\"en\">Two</h1>");
    free(h);
}

static void test_scheme(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "id/conceptscheme/S", NULL);
    const char *one = strstr(h, ">Een</a>"), *oneone = strstr(h, ">Een punt een</a>"),
               *two = strstr(h, ">Two</a>");

    contains(h, "<h1>Schema S</h1>");
    contains(h, "3 begrippen, waarvan 1 topbegrippen.");
    contains(h, "<span class=\"badge\">topbegrip</span>");
    /* top concept first, then by notation */
    assert_non_null(one);
    assert_non_null(oneone);
    assert_non_null(two);
    assert_true(one < oneone && oneone < two);
    lacks(h, "?page=");
    contains(h, "<td class=\"lv1\"><a href=\"" BASE "doc/concept/S/1.1\"");
    contains(h, "<td class=\"lv0\"><a href=\"" BASE "doc/concept/S/2\"");
    free(h);
}

static void test_vocabulary(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "ns/v", NULL);

    contains(h, "<h1>Vocabularium V</h1>");
    contains(h, "<p class=\"description\">Een klein vocabularium.</p>");
    contains(h, "<h2>Klassen</h2>");
    contains(h, "<h2>Eigenschappen</h2>");
    contains(h, "<tr id=\"Ding\"><td><a href=\"" BASE "ns/v#Ding\"");
    contains(h, ">Ding</a></td><td>Een ding in de wereld.</td><td></td></tr>");
    contains(h, "<tr id=\"naam\"><td>");
    /* a term typed both a class and a property: listed twice, one anchor */
    contains(h, "<tr id=\"Beide\"><td>");
    contains(h, "<tr><td><a href=\"" BASE "ns/v#Beide\"");
    contains(h, ">naam</a></td><td>De naam van een ding.</td><td></td><td></td></tr>");
    /* {base}ns/ links stay as they are */
    contains(h, "<a href=\"" BASE "ns/v#Ding\"");
    /* alternates of a vocabulary: the IRI itself plus the extension */
    contains(h, "href=\"" BASE "ns/v.ttl\"");
    free(h);
}

static void test_shapes(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "doc/ap/x/shacl", NULL);

    contains(h, "<h2>Vormen</h2>");
    contains(h, "<h3 id=\"DingShape\"><a href=\"" BASE "doc/ap/x/shacl#DingShape\"");
    contains(h, "<p>Doelklasse: <a href=\"" BASE "ns/v#Ding\"");
    contains(h, "<th scope=\"col\">Pad</th>");
    contains(h, ">naam</a></td><td></td><td>1</td><td>3</td><td>");
    contains(h, ">xsd:string</a>");
    contains(h, "<span>Een ding heeft een naam.</span>");
    contains(h, "<p>lengte tot 50</p>");
    contains(h, "<p>patroon <code>^[A-Z]&lt;</code></p>");
    contains(h, "<div>een van <ol class=\"list\"><li><span class=\"lit\">Jan</span></li><li>"
                "<span class=\"lit\">Piet</span></li></ol></div>");
    free(h);
    /* the profile document, which the shapes graph is part of */
    h = render(st, BASE "doc/ap/x", NULL);
    contains(h, "<h1>Applicatieprofiel X</h1>");
    contains(h, "<p class=\"description\">Regels voor dingen.</p>");
    contains(h, "<p>Vormen in <a href=\"" BASE "doc/ap/x/shacl\"");
    contains(h, "<h3 id=\"DingShape\">");
    contains(h, "href=\"" BASE "doc/ap/x.ttl\"");
    free(h);
    /* the node shape's own page: its table and the nested blank node */
    h = render(st, BASE "doc/ap/x/shacl#DingShape", NULL);
    /* the document of a hash IRI has no fragment */
    contains(h, "href=\"" BASE "doc/ap/x/shacl.ttl\"");
    contains(h, "<h2>Vorm</h2>");
    contains(h, "<table class=\"nested\">");
    contains(h, "Een ding heeft een naam.");
    free(h);
}

static void test_hostile(void **state)
{
    struct store *st = *state;
    char *h = render(st, BASE "id/evil/1", NULL);

    lacks(h, "<script");
    contains(h, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    contains(h, "<title>&lt;script&gt;alert(1)&lt;/script&gt; \xE2\x80\x93");
    lacks(h, "href=\"javascript");
    contains(h, "<span class=\"iri\" title=\"javascript:alert(1)\">javascript:alert(1)</span>");
    contains(h, "href=\"http://example.org/a&quot;onmouseover=&quot;x\"");
    lacks(h, "\"onmouseover");
    contains(h, "&quot;quoted&quot; &amp; &#39;single&#39; &lt;/td&gt;");
    /* a language tag cannot leave its attribute */
    lacks(h, "\" onclick");
    contains(h, "<span class=\"lit\">x</span> <span class=\"badge\" title=\"taal\">"
                "en&quot; onclick=&quot;y</span>");
    contains(h, "bell\xEF\xBF\xBD and bad\xEF\xBF\xBD utf8");
    contains(h, "a\xEF\xBF\xBD"
                "b</span>");
    /* nested blank nodes, cycle cut, lists in order */
    contains(h, "<table class=\"nested\">");
    contains(h, "diep genest");
    contains(h, "(kringverwijzing)");
    contains(h, "<ol class=\"list\"><li><span class=\"lit\">eerste</span></li><li>"
                "<span class=\"lit\">tweede</span></li></ol>");
    contains(h, "title=\"http://www.w3.org/2001/XMLSchema#date\">xsd:date</span>");
    /* a label of a linked resource */
    contains(h, "title=\"" BASE "id/concept/S/1\">Een</a>");
    free(h);
}

static void test_paging(void **state)
{
    struct store *st = store_new();
    struct html_opts o = OPTS;
    char s[128], lab[64], note[64];
    char *h;
    struct timespec t0, t1;
    double ms;
    struct store_snapshot *snap;
    struct buf out;
    struct error err;

    (void)state;
    begin(st);
    add(st, "<" BASE "id/conceptscheme/Big", TYPE, SKOS "ConceptScheme", G_CS);
    add(st, "<" BASE "id/conceptscheme/Big", SKOS "prefLabel", "Groot@nl", G_CS);
    for (int i = 0; i < 450; i++) {
        snprintf(s, sizeof s, "<" BASE "id/concept/Big/%d", i);
        snprintf(lab, sizeof lab, "Begrip %d@nl", i);
        snprintf(note, sizeof note, "%d", i);
        add(st, s, TYPE, SKOS "Concept", G_CS);
        add(st, s, SKOS "prefLabel", lab, G_CS);
        add(st, s, SKOS "notation", note, G_CS);
        add(st, s, SKOS "inScheme", "<" BASE "id/conceptscheme/Big", G_CS);
        if (i >= 10)
            add(st, s, SKOS "broader", "<" BASE "id/concept/Big/0", G_CS);
        else
            add(st, s, SKOS "topConceptOf", "<" BASE "id/conceptscheme/Big", G_CS);
    }
    commit(st);
    o.path = "/doc/conceptscheme/Big";
    o.page = 2;
    h = render(st, BASE "id/conceptscheme/Big", &o);
    contains(h, "450 begrippen, waarvan 10 topbegrippen.");
    contains(h, "<a href=\"/doc/conceptscheme/Big?page=1\">1</a>");
    contains(h, "<span aria-current=\"page\">2</span>");
    contains(h, "<a href=\"/doc/conceptscheme/Big?page=3\">3</a>");
    /* hierarchy order: 0, its narrower 10..449, then the tops 1..9; page 2
     * holds rows 200..399, the concepts 209..408 */
    contains(h, ">Begrip 209</a></td><td><a");
    contains(h, ">Begrip 408</a></td><td><a");
    lacks(h, ">Begrip 208</a></td><td><a");
    lacks(h, ">Begrip 409</a></td><td><a");
    free(h);

    /* timing: one page of 200 concepts (all 450 are sorted for it) */
    o.page = 1;
    snap = store_acquire(st);
    buf_init(&out, SIZE_MAX);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int i = 0; i < 50; i++) {
        buf_reset(&out);
        assert_int_equal(
            html_resource_page(snap, id_of(st, BASE "id/conceptscheme/Big"), &o, &out, &err), 0);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    ms = ((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / 50;
    printf("# scheme page of 200 of 450 concepts: %.3f ms CPU, %zu bytes\n", ms, out.len);
    buf_free(&out);
    store_release(snap);
    store_free(st);
}

/* Many values of one property and many incoming links are cut. */
static void test_caps(void **state)
{
    struct store *st = store_new();
    char sb[128], ob[128];
    char *h;

    (void)state;
    begin(st);
    for (int i = 0; i < 250; i++) {
        snprintf(ob, sizeof ob, "v%d", i);
        add(st, "<" BASE "id/many", EX "v", ob, G_DATA);
    }
    for (int i = 0; i < 10050; i++) {
        snprintf(sb, sizeof sb, "<" BASE "id/in/%d", i);
        add(st, sb, EX "r", "<" BASE "id/many", G_DATA);
    }
    add(st, "<" BASE "id/in/late", EX "late", "<" BASE "id/many", G_DATA);
    commit(st);
    h = render(st, BASE "id/many", NULL);
    contains(h, "<p class=\"count\">200 van 250 getoond</p>");
    contains(h, "<p class=\"count\">50 van 10050 getoond</p>");
    contains(h, "Alleen de eerste 10000 verwijzingen zijn doorzocht");
    lacks(h, "late</a>");
    free(h);
    store_free(st);
}

static void test_page_param(void **state)
{
    (void)state;
    assert_int_equal(html_page_param(NULL), 0);
    assert_int_equal(html_page_param(""), 0);
    assert_int_equal(html_page_param("3"), 3);
    assert_int_equal(html_page_param("1000000"), 1000000);
    assert_int_equal(html_page_param("1000001"), 0);
    assert_int_equal(html_page_param("99999999999999999999999"), 0);
    assert_int_equal(html_page_param("-1"), 0);
    assert_int_equal(html_page_param("2x"), 0);
    assert_int_equal(html_page_param(" 2"), 0);
}

static void test_pick_lang(void **state)
{
    (void)state;
    assert_string_equal(html_pick_lang(NULL), "nl");
    assert_string_equal(html_pick_lang(""), "nl");
    assert_string_equal(html_pick_lang("fr"), "nl");
    assert_string_equal(html_pick_lang("en"), "en");
    assert_string_equal(html_pick_lang("en-GB,en;q=0.9,nl;q=0.8"), "en");
    assert_string_equal(html_pick_lang("nl-BE, nl;q=0.9, en;q=0.8"), "nl");
    assert_string_equal(html_pick_lang("fr;q=1, EN;q=0.5, nl;q=0.3"), "en");
    assert_string_equal(html_pick_lang("enx, nl;q=0.1"), "nl");
    assert_string_equal(html_pick_lang("*;q=0.5, en;q=0"), "nl");
}

static void test_timing_resource(void **state)
{
    struct store *st = store_new();
    struct store_snapshot *snap;
    char p[128], o[128];
    struct buf out;
    struct error err;
    struct timespec t0, t1;
    double us;
    const int rounds = 2000;

    (void)state;
    begin(st);
    for (int i = 0; i < 50; i++) {
        snprintf(p, sizeof p, "<" BASE "ns/v#p%d", i);
        snprintf(o, sizeof o, "waarde %d@nl", i);
        add(st, "<" BASE "id/r/1", p, o, G_DATA);
        add(st, p + 0, RDFS "label", o, G_VOC);
        snprintf(o, sizeof o, "<" BASE "id/r/%d", i + 2);
        add(st, "<" BASE "id/r/1", p, o, G_DATA);
    }
    commit(st);
    snap = store_acquire(st);
    buf_init(&out, SIZE_MAX);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int i = 0; i < rounds; i++) {
        buf_reset(&out);
        assert_int_equal(html_resource_page(snap, id_of(st, BASE "id/r/1"), &OPTS, &out, &err), 0);
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    us = ((t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3) / rounds;
    printf("# resource page with 50 properties (100 values): %.1f us CPU, %zu bytes\n", us,
           out.len);
    check_well_formed(out.data);
    buf_free(&out);
    store_release(snap);
    store_free(st);
}

static void test_home(void **state)
{
    struct store *st = *state;
    struct store_snapshot *snap = store_acquire(st);
    struct buf out;
    struct error err;

    buf_init(&out, SIZE_MAX);
    assert_int_equal(html_home_page(snap, &OPTS, &out, &err), 0);
    check_well_formed(out.data);
    contains(out.data, "<h2>Vocabularia</h2>");
    contains(out.data, "<a href=\"" BASE "ns/v\" title=\"" BASE "ns/v\">Vocabularium V</a>");
    contains(out.data, "<h2>Codelijsten</h2>");
    contains(out.data, ">Schema S</a></td><td></td><td>3</td>");
    contains(out.data, "<h2>Applicatieprofielen</h2>");
    contains(out.data, ">Profiel X</a></td><td>Regels voor dingen.</td><td>1</td>");
    contains(out.data, " grafen.</p>");
    lacks(out.data, "<link rel=\"alternate\"");
    buf_free(&out);
    store_release(snap);
}

static void test_error_page(void **state)
{
    struct buf out;
    struct error err;

    (void)state;
    buf_init(&out, SIZE_MAX);
    assert_int_equal(
        html_error_page(404, "no description of <" BASE "id/x?<script>>", &OPTS, &out, &err), 0);
    check_well_formed(out.data);
    contains(out.data, "<title>404 Niet gevonden \xE2\x80\x93 fundament</title>");
    contains(out.data, "no description of &lt;" BASE "id/x?&lt;script&gt;&gt;");
    contains(out.data, "<a href=\"" BASE "\">Naar de startpagina");
    buf_reset(&out);
    assert_int_equal(html_error_page(406, NULL, NULL, &out, &err), 0);
    check_well_formed(out.data);
    contains(out.data, "<h1>406 Geen passend formaat</h1>");
    buf_free(&out);
}

static void test_cap(void **state)
{
    struct store *st = *state;
    struct store_snapshot *snap = store_acquire(st);
    struct buf out;
    struct error err;

    buf_init(&out, 1000);
    assert_int_equal(html_resource_page(snap, id_of(st, BASE "id/concept/S/1"), &OPTS, &out, &err),
                     -1);
    contains(err.msg, "larger than 1000 bytes");
    buf_free(&out);
    store_release(snap);
}

/* Every IRI subject of the bundled content (vocab/, shapes/, data/) gets a
 * well-formed page; so does the home page of the bundle. */
static void test_bundle(void **state)
{
    const char *top = getenv("FUNDAMENT_TOP_SRCDIR");
    struct config cfg;
    struct app a = {0};
    struct error err;
    struct store_snapshot *snap;
    struct store_iter *it;
    struct store_quad pat = {0, 0, 0, 0}, q;
    struct html_opts o = OPTS;
    struct buf out;
    bool *iris;
    size_t pages = 0, bytes = 0;
    struct timespec t0, t1;
    double ms;

    (void)state;
    if (!top)
        skip();
    config_init(&cfg);
    assert_int_equal(config_set(&cfg, "base", "https://data.example.be/", &err), 0);
    assert_int_equal(config_set(&cfg, "bundle", top, &err), 0);
    assert_int_equal(config_finish(&cfg, &err), 0);
    a.cfg = &cfg;
    a.store = store_new();
    assert_non_null(a.store);
    if (app_load_bundle(&a, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        fail();
    }
    snap = store_acquire(a.store);
    o.base = cfg.base;
    o.path = "/doc/x";
    buf_init(&out, SIZE_MAX);
    assert_int_equal(html_home_page(snap, &o, &out, &err), 0);
    check_well_formed(out.data);
    contains(out.data, ">Beleidsveld</a>");
    contains(out.data, ">Applicatieprofiel parkeerrecht (SHACL)</a>");
    /* every IRI in subject or object position: things, terms, external
     * classes, documents only linked to (application profiles) */
    it = store_find(snap, &pat, true);
    assert_non_null(it);
    iris = calloc(dict_count(store_snapshot_dict(snap)) + 1, 1);
    assert_non_null(iris);
    while (store_iter_next(it, &q)) {
        iris[q.s] = dict_kind(store_snapshot_dict(snap), q.s) == TERM_IRI;
        iris[q.o] = dict_kind(store_snapshot_dict(snap), q.o) == TERM_IRI;
    }
    store_iter_free(it);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (term_id id = 1; id <= dict_count(store_snapshot_dict(snap)); id++) {
        if (!iris[id])
            continue;
        buf_reset(&out);
        if (html_resource_page(snap, id, &o, &out, &err) != 0) {
            fprintf(stderr, "%s\n", err.msg);
            fail();
        }
        check_well_formed(out.data);
        pages++;
        bytes += out.len;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("# bundle: %zu resource pages, %zu bytes, %.1f ms in all (CPU time, checks "
           "included)\n",
           pages, bytes, ms);
    assert_true(pages > 500);
    free(iris);
    buf_free(&out);
    store_release(snap);
    app_close(&a);
    config_clear(&cfg);
}

/* Fail the 1st, 2nd, ... allocation of a page until one renders without a
 * failure: every failed run returns -1 with a message (no crash, no leak:
 * run under valgrind or ASan), and a run is either complete or failed. */
static void test_out_of_memory(void **state)
{
    struct store *st = *state;
    struct store_snapshot *snap = store_acquire(st);
    const char *iris[] = {BASE "id/concept/S/1", BASE "id/conceptscheme/S", BASE "ns/v",
                          BASE "doc/ap/x/shacl", BASE "id/evil/1",          NULL};
    struct buf out;
    struct error err;
    size_t failures = 0;

    for (int k = 0; iris[k] || k == 5; k++) {
        for (long n = 1;; n++) {
            int rc;

            buf_init(&out, SIZE_MAX);
            error_clear(&err);
            fail_hit = false;
            fail_countdown = n;
            rc = iris[k] ? html_resource_page(snap, id_of(st, iris[k]), &OPTS, &out, &err)
                         : html_home_page(snap, &OPTS, &out, &err);
            fail_countdown = 0;
            if (!fail_hit) {
                assert_int_equal(rc, 0);
                check_well_formed(out.data);
                buf_free(&out);
                break;
            }
            if (rc != 0) {
                assert_true(strstr(err.msg, "out of memory") != NULL);
                failures++;
            } else {
                check_well_formed(out.data);
            }
            buf_free(&out);
        }
        if (!iris[k])
            break;
    }
    printf("# %zu allocation failures reported cleanly\n", failures);
    assert_true(failures > 50);
    store_release(snap);
}

static int setup(void **state)
{
    *state = build();
    return 0;
}

static int teardown(void **state)
{
    store_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_linkable),
        cmocka_unit_test(test_concept),
        cmocka_unit_test(test_concept_broader),
        cmocka_unit_test(test_scheme),
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_home),
        cmocka_unit_test(test_error_page),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_page_param),
        cmocka_unit_test(test_pick_lang),
        cmocka_unit_test(test_timing_resource),
        cmocka_unit_test(test_bundle),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
