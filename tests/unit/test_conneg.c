/* test_conneg.c - Accept parsing, the choice among offers, extensions and
 * ?format= names, the Link / 406 texts, and a replay of the fuzz corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>

#include <cmocka.h>

#include "conneg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define EXP CONNEG_JSONLD_EXPANDED
#define CMP CONNEG_JSONLD_COMPACTED
#define FLA CONNEG_JSONLD_FLATTENED

static int range_is(const struct conneg_range *r, const char *type, const char *subtype, unsigned q)
{
    return r->type_len == strlen(type) && strncmp(r->type, type, r->type_len) == 0 &&
           r->subtype_len == strlen(subtype) && strncmp(r->subtype, subtype, r->subtype_len) == 0 &&
           r->q == q;
}

static void test_parse_basic(void **state)
{
    struct conneg_accept a;

    (void)state;
    conneg_parse_accept(" text/turtle ; q=0.5 , application/rdf+xml;q=0.123,*/*", &a);
    assert_int_equal(a.n, 3);
    assert_int_equal(a.skipped, 0);
    assert_true(range_is(&a.ranges[0], "text", "turtle", 500));
    assert_true(range_is(&a.ranges[1], "application", "rdf+xml", 123));
    assert_true(range_is(&a.ranges[2], "*", "*", 1000));

    conneg_parse_accept("text/turtle;q=1.000, a/b;q=0, c/d;q=0., e/f;q=1., g/h;q=0.05", &a);
    assert_int_equal(a.n, 5);
    assert_int_equal(a.ranges[0].q, 1000);
    assert_int_equal(a.ranges[1].q, 0);
    assert_int_equal(a.ranges[2].q, 0);
    assert_int_equal(a.ranges[3].q, 1000);
    assert_int_equal(a.ranges[4].q, 50);

    /* Case-insensitive names, kept as sent; lenient spaces around '='. */
    conneg_parse_accept("TEXT/Turtle;Q = 0.25;CharSet=UTF-8", &a);
    assert_int_equal(a.n, 1);
    assert_true(range_is(&a.ranges[0], "TEXT", "Turtle", 250));
    /* charset after q is accept-ext: ignored */
    assert_null(a.ranges[0].charset);
    conneg_parse_accept("text/turtle;CHARSET=utf-8;q=0.25", &a);
    assert_int_equal(a.n, 1);
    assert_non_null(a.ranges[0].charset);
    assert_int_equal(a.ranges[0].charset_len, 5);
}

static void test_parse_bad(void **state)
{
    static const char *const BAD[] = {
        "text/turtle;q=1.5",
        "text/turtle;q=2",
        "text/turtle;q=-1",
        "text/turtle;q=",
        "text/turtle;q=abc",
        "text/turtle;q=0.0001",
        "text/turtle;q=1.001",
        "text/turtle;q=.5",
        "text/turtle;q=\"0.5\"",
        "text",
        "text/",
        "/turtle",
        "*/turtle",
        "text/tur tle",
        "text/turtle;",
        "text/turtle;foo",
        "text/turtle;=x",
        "text/turtle;foo=",
        "text/turtle x",
        "te(t/turtle",
        "application/ld+json;profile=\"abc",
        "\"x\"/y",
        "text/turtle;q=0.5 0",
    };
    struct conneg_accept a;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        conneg_parse_accept(BAD[i], &a);
        /* "text/turtle;" has an empty parameter, which is allowed */
        if (strcmp(BAD[i], "text/turtle;") == 0) {
            assert_int_equal(a.n, 1);
            continue;
        }
        if (a.n != 0)
            fail_msg("'%s' parsed as a range", BAD[i]);
        assert_int_equal(a.skipped, 1);
    }
    /* Bad members are skipped, good ones kept. */
    conneg_parse_accept("text/turtle;q=1.5, application/rdf+xml, garbage, , ,text/html;q=0.1", &a);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.skipped, 2);
    assert_true(range_is(&a.ranges[0], "application", "rdf+xml", 1000));
    assert_true(range_is(&a.ranges[1], "text", "html", 100));

    conneg_parse_accept(NULL, &a);
    assert_int_equal(a.n, 0);
    conneg_parse_accept("", &a);
    assert_int_equal(a.n, 0);
    assert_int_equal(a.skipped, 0);
    conneg_parse_accept(" ,\t, ", &a);
    assert_int_equal(a.n, 0);
    assert_int_equal(a.skipped, 0);
}

static void test_parse_params(void **state)
{
    struct conneg_accept a;
    const struct conneg_range *r;

    (void)state;
    conneg_parse_accept("application/ld+json;profile=\"" EXP "\";q=0.9", &a);
    assert_int_equal(a.n, 1);
    r = &a.ranges[0];
    assert_int_equal(r->q, 900);
    assert_int_equal(r->profile_len, strlen(EXP));
    assert_memory_equal(r->profile, EXP, strlen(EXP));

    /* A comma inside a quoted value does not end the member; escapes. */
    conneg_parse_accept("a/b;profile=\"x, y\\\"z\";q=0.5;ext=\"1,2\", c/d", &a);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.ranges[0].q, 500);
    assert_int_equal(a.ranges[0].profile_len, 7);
    assert_true(range_is(&a.ranges[1], "c", "d", 1000));

    /* Token profile; profile after q is an extension and ignored. */
    conneg_parse_accept("a/b;profile=tok, c/d;q=0.5;profile=\"x\"", &a);
    assert_int_equal(a.n, 2);
    assert_int_equal(a.ranges[0].profile_len, 3);
    assert_null(a.ranges[1].profile);

    /* Unknown parameters are accepted and ignored. */
    conneg_parse_accept("application/signed-exchange;v=b3;q=0.7", &a);
    assert_int_equal(a.n, 1);
    assert_int_equal(a.ranges[0].q, 700);
}

static void test_parse_long(void **state)
{
    size_t n = 10000, i, off = 0;
    char *h = malloc(n * 16 + 1);
    struct conneg_accept a;
    struct conneg_choice c;
    size_t no;
    const struct conneg_offer *o = conneg_rdf_offers(&no);

    (void)state;
    assert_non_null(h);
    for (i = 0; i < n; i++)
        off += (size_t)sprintf(h + off, "%sx%zu/y", i ? "," : "", i);
    conneg_parse_accept(h, &a);
    assert_int_equal(a.n, CONNEG_RANGES_MAX);
    assert_int_equal(a.skipped, n - CONNEG_RANGES_MAX);
    /* Ranges beyond the limit do not count: none of these is ours. */
    assert_int_equal(conneg_choose(&a, o, no, &c), -1);

    /* 1 MB of one unterminated quoted string. */
    memset(h, 'a', n * 16);
    memcpy(h, "a/b;p=\"", 7);
    h[n * 16] = '\0';
    conneg_parse_accept(h, &a);
    assert_int_equal(a.n, 0);
    assert_int_equal(a.skipped, 1);
    free(h);
}

struct choice_case {
    const char *what;
    const char *accept;
    enum conneg_format want; /* UNKNOWN: 406 */
    unsigned profiles;
};

static const struct choice_case CHOICES[] = {
    {"no header", NULL, CONNEG_FORMAT_TURTLE, 0},
    {"empty", "", CONNEG_FORMAT_TURTLE, 0},
    {"garbage", "garbage;;;\"", CONNEG_FORMAT_TURTLE, 0},
    {"only invalid q", "text/html;q=2", CONNEG_FORMAT_TURTLE, 0},
    {"curl", "*/*", CONNEG_FORMAT_TURTLE, 0},
    {"Chrome",
     "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
     "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
     CONNEG_FORMAT_HTML, 0},
    {"Firefox",
     "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
     CONNEG_FORMAT_HTML, 0},
    {"Safari", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
     CONNEG_FORMAT_HTML, 0},
    {"old IE style", "image/gif, image/jpeg, */*", CONNEG_FORMAT_TURTLE, 0},
    {"Jena style",
     "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,"
     "application/rdf+xml;q=0.7,*/*;q=0.5",
     CONNEG_FORMAT_TURTLE, 0},
    {"Jena dataset style",
     "application/trig,application/n-quads;q=0.9,application/ld+json;q=0.8,*/*;q=0.5",
     CONNEG_FORMAT_TRIG, 0},
    {"rapper style",
     "application/rdf+xml, text/rdf;q=0.6, application/x-turtle, text/turtle, text/n3;q=0.3, "
     "*/*;q=0.1",
     CONNEG_FORMAT_TURTLE, 0},
    {"rdflib style",
     "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
     "application/n-quads, application/trix, application/trig",
     CONNEG_FORMAT_TURTLE, 0},
    {"RDF/XML only", "application/rdf+xml", CONNEG_FORMAT_RDFXML, 0},
    {"RDF/XML over Turtle", "text/turtle;q=0.8, application/rdf+xml", CONNEG_FORMAT_RDFXML, 0},
    {"N-Triples", "application/n-triples", CONNEG_FORMAT_NTRIPLES, 0},
    {"N-Quads", "application/n-quads", CONNEG_FORMAT_NQUADS, 0},
    {"old Turtle type", "application/x-turtle", CONNEG_FORMAT_TURTLE, 0},
    {"plain JSON", "application/json", CONNEG_FORMAT_JSONLD, 0},
    {"plain XML", "application/xml", CONNEG_FORMAT_RDFXML, 0},
    {"text XML", "text/xml", CONNEG_FORMAT_RDFXML, 0},
    {"upper case", "TEXT/TURTLE", CONNEG_FORMAT_TURTLE, 0},
    {"charset utf-8", "text/turtle;charset=UTF-8", CONNEG_FORMAT_TURTLE, 0},
    {"charset latin-1", "text/turtle;charset=iso-8859-1", CONNEG_FORMAT_UNKNOWN, 0},
    {"JSON-LD", "application/ld+json", CONNEG_FORMAT_JSONLD, 0},
    {"JSON-LD expanded", "application/ld+json;profile=\"" EXP "\"", CONNEG_FORMAT_JSONLD,
     CONNEG_PROFILE_EXPANDED},
    {"JSON-LD compacted token", "application/ld+json;profile=" CMP, CONNEG_FORMAT_JSONLD,
     CONNEG_PROFILE_COMPACTED},
    {"JSON-LD flattened+compacted", "application/ld+json;profile=\"" FLA " " CMP "\"",
     CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_FLATTENED | CONNEG_PROFILE_COMPACTED},
    {"JSON-LD expanded refused, plain wanted",
     "application/ld+json;profile=\"" EXP "\";q=0, application/ld+json", CONNEG_FORMAT_JSONLD, 0},
    {"JSON-LD profile beats plain",
     "application/ld+json;q=0.5, application/ld+json;profile=\"" FLA "\"", CONNEG_FORMAT_JSONLD,
     CONNEG_PROFILE_FLATTENED},
    {"JSON-LD unknown profile", "application/ld+json;profile=\"http://example.org/p\"",
     CONNEG_FORMAT_UNKNOWN, 0},
    {"JSON-LD escaped profile",
     "application/ld+json;profile=\"http://www.w3.org/ns/json-ld\\#expanded\"",
     CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_EXPANDED},
    {"wildcard with a profile", "*/*;profile=\"" EXP "\"", CONNEG_FORMAT_TURTLE, 0},
    {"type wildcard with a profile", "application/*;profile=\"" EXP "\"", CONNEG_FORMAT_NTRIPLES,
     0},
    {"Turtle refused", "text/turtle;q=0", CONNEG_FORMAT_UNKNOWN, 0},
    {"nothing at all", "*/*;q=0", CONNEG_FORMAT_UNKNOWN, 0},
    {"image only", "image/png, image/*;q=0.5", CONNEG_FORMAT_UNKNOWN, 0},
    {"Turtle refused, rest ok", "text/turtle;q=0, */*", CONNEG_FORMAT_NTRIPLES, 0},
    {"wildcard with lower Turtle", "text/turtle;q=0.5, */*;q=0.9", CONNEG_FORMAT_NTRIPLES, 0},
    {"HTML explicit ties win", "text/turtle, text/html", CONNEG_FORMAT_HTML, 0},
    {"HTML explicit, lower q", "text/html;q=0.9, text/turtle", CONNEG_FORMAT_TURTLE, 0},
    {"HTML via text/*", "text/*", CONNEG_FORMAT_TURTLE, 0},
    {"HTML over text/*", "text/*;q=0.5, text/html", CONNEG_FORMAT_HTML, 0},
    {"HTML refused, browser", "text/html;q=0, */*;q=0.8", CONNEG_FORMAT_TURTLE, 0},
    {"most specific wins over order", "*/*;q=0.1, text/turtle;q=0, application/*;q=0.2",
     CONNEG_FORMAT_NTRIPLES, 0},
    {"type wildcard", "application/*", CONNEG_FORMAT_NTRIPLES, 0},
    {"duplicate: first counts",
     "application/n-triples;q=0.2, application/n-triples;q=0.9, "
     "text/turtle;q=0.5",
     CONNEG_FORMAT_TURTLE, 0},
    {"text/n3 is not Turtle", "text/n3", CONNEG_FORMAT_UNKNOWN, 0},
};

static void test_choose_matrix(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(CHOICES) / sizeof(CHOICES[0]); i++) {
        const struct choice_case *t = &CHOICES[i];
        unsigned profiles = 99;
        enum conneg_format got = conneg_negotiate_rdf(t->accept, &profiles);

        if (got != t->want || profiles != t->profiles)
            fail_msg("%s: got %s profiles %u, want %s profiles %u", t->what,
                     got ? conneg_format_name(got) : "406", profiles,
                     t->want ? conneg_format_name(t->want) : "406", t->profiles);
    }
}

static void test_choose_details(void **state)
{
    static const struct conneg_offer OFFERS[] = {
        {"a/x", NULL, 1, 0},
        {"a/y", NULL, 2, 0},
        {"b/z", NULL, 3, CONNEG_OFFER_WINS_EXPLICIT_TIES},
    };
    struct conneg_accept a;
    struct conneg_choice c;

    (void)state;
    conneg_parse_accept("a/y;q=0.3, */*;q=0.3", &a);
    assert_int_equal(conneg_choose(&a, OFFERS, 3, &c), 0); /* server order among ties */
    assert_int_equal(c.id, 1);
    assert_int_equal(c.q, 300);
    conneg_parse_accept("a/*;q=0.3, b/z;q=0.3", &a);
    assert_int_equal(conneg_choose(&a, OFFERS, 3, &c), 2);
    assert_int_equal(c.id, 3);
    assert_ptr_equal(c.offer, &OFFERS[2]);
    conneg_parse_accept("b/*", &a);
    assert_int_equal(conneg_choose(&a, OFFERS, 3, &c), 2);
    assert_int_equal(conneg_choose(&a, OFFERS, 0, &c), -1);
    conneg_parse_accept("a/x", &a);
    assert_int_equal(conneg_choose(&a, OFFERS + 1, 2, &c), -1);
    assert_null(c.offer);
    /* no preference: first offer, full weight */
    assert_int_equal(conneg_choose(NULL, OFFERS, 3, &c), 0);
    assert_int_equal(c.q, CONNEG_Q_MAX);
}

static void test_extensions(void **state)
{
    static const struct {
        const char *path;
        enum conneg_format f;
        size_t stem;
    } SPLIT[] = {
        {"concept/1.ttl", CONNEG_FORMAT_TURTLE, 9},
        {"concept/1.nt", CONNEG_FORMAT_NTRIPLES, 9},
        {"x.nq", CONNEG_FORMAT_NQUADS, 1},
        {"a/b.trig", CONNEG_FORMAT_TRIG, 3},
        {"a/b.rdf", CONNEG_FORMAT_RDFXML, 3},
        {"a/b.jsonld", CONNEG_FORMAT_JSONLD, 3},
        {"a/b.html", CONNEG_FORMAT_HTML, 3},
        {"a/b.c.ttl", CONNEG_FORMAT_TURTLE, 5},
        {"concept/1", CONNEG_FORMAT_UNKNOWN, 9},
        {"concept/1.2", CONNEG_FORMAT_UNKNOWN, 11},
        {"concept/.ttl", CONNEG_FORMAT_UNKNOWN, 12},
        {".ttl", CONNEG_FORMAT_UNKNOWN, 4},
        {"a.ttl/b", CONNEG_FORMAT_UNKNOWN, 7},
        {"a/b.TTL", CONNEG_FORMAT_UNKNOWN, 7},
        {"a/b.json", CONNEG_FORMAT_UNKNOWN, 8},
        {"a/b.", CONNEG_FORMAT_UNKNOWN, 4},
        {"", CONNEG_FORMAT_UNKNOWN, 0},
    };
    size_t i, stem;

    (void)state;
    for (i = 0; i < sizeof(SPLIT) / sizeof(SPLIT[0]); i++) {
        enum conneg_format f = conneg_split_extension(SPLIT[i].path, &stem);

        if (f != SPLIT[i].f || stem != SPLIT[i].stem)
            fail_msg("%s: got %d/%zu", SPLIT[i].path, (int)f, stem);
    }
    assert_int_equal(conneg_from_extension(".ttl"), CONNEG_FORMAT_TURTLE);
    assert_int_equal(conneg_from_extension("jsonld"), CONNEG_FORMAT_JSONLD);
    assert_int_equal(conneg_from_extension("owl"), CONNEG_FORMAT_UNKNOWN);
    assert_int_equal(conneg_from_extension(""), CONNEG_FORMAT_UNKNOWN);
    assert_int_equal(conneg_from_extension(NULL), CONNEG_FORMAT_UNKNOWN);
}

static void test_format_param(void **state)
{
    static const struct {
        const char *name;
        enum conneg_format f;
        unsigned profiles;
    } P[] = {
        {"turtle", CONNEG_FORMAT_TURTLE, 0},
        {"TURTLE", CONNEG_FORMAT_TURTLE, 0},
        {"ttl", CONNEG_FORMAT_TURTLE, 0},
        {"ntriples", CONNEG_FORMAT_NTRIPLES, 0},
        {"nquads", CONNEG_FORMAT_NQUADS, 0},
        {"trig", CONNEG_FORMAT_TRIG, 0},
        {"rdfxml", CONNEG_FORMAT_RDFXML, 0},
        {"rdf", CONNEG_FORMAT_RDFXML, 0},
        {"jsonld", CONNEG_FORMAT_JSONLD, 0},
        {"html", CONNEG_FORMAT_HTML, 0},
        {"expanded", CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_EXPANDED},
        {"Compacted", CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_COMPACTED},
        {"flattened", CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_FLATTENED},
        {"json", CONNEG_FORMAT_UNKNOWN, 0},
        {"xml", CONNEG_FORMAT_UNKNOWN, 0},
        {"n3", CONNEG_FORMAT_UNKNOWN, 0},
        {"", CONNEG_FORMAT_UNKNOWN, 0},
        {"turtle ", CONNEG_FORMAT_UNKNOWN, 0},
        {"text/turtle", CONNEG_FORMAT_UNKNOWN, 0},
    };
    size_t i;
    unsigned profiles;

    (void)state;
    for (i = 0; i < sizeof(P) / sizeof(P[0]); i++) {
        enum conneg_format f = conneg_from_format_param(P[i].name, &profiles);

        if (f != P[i].f || profiles != P[i].profiles)
            fail_msg("'%s': got %d/%u", P[i].name, (int)f, profiles);
    }
    assert_int_equal(conneg_from_format_param(NULL, NULL), CONNEG_FORMAT_UNKNOWN);
    assert_int_equal(conneg_from_format_param("expanded", NULL), CONNEG_FORMAT_JSONLD);
}

static void test_decide(void **state)
{
    static const struct {
        enum conneg_format ext;
        const char *format, *accept;
        enum conneg_format want;
        unsigned profiles;
    } D[] = {
        {CONNEG_FORMAT_UNKNOWN, NULL, NULL, CONNEG_FORMAT_TURTLE, 0},
        {CONNEG_FORMAT_UNKNOWN, NULL, "text/html", CONNEG_FORMAT_HTML, 0},
        {CONNEG_FORMAT_UNKNOWN, NULL, "image/png", CONNEG_FORMAT_UNKNOWN, 0},
        {CONNEG_FORMAT_UNKNOWN, "nt", "text/html", CONNEG_FORMAT_NTRIPLES, 0},
        {CONNEG_FORMAT_UNKNOWN, "flattened", "image/png", CONNEG_FORMAT_JSONLD,
         CONNEG_PROFILE_FLATTENED},
        {CONNEG_FORMAT_UNKNOWN, "yaml", "text/turtle", CONNEG_FORMAT_UNKNOWN, 0},
        {CONNEG_FORMAT_UNKNOWN, "", NULL, CONNEG_FORMAT_UNKNOWN, 0},
        {CONNEG_FORMAT_TRIG, NULL, "text/html", CONNEG_FORMAT_TRIG, 0},
        {CONNEG_FORMAT_TRIG, "yaml", "image/png", CONNEG_FORMAT_TRIG, 0},
        {CONNEG_FORMAT_TRIG, "expanded", NULL, CONNEG_FORMAT_TRIG, 0},
        {CONNEG_FORMAT_JSONLD, "expanded", NULL, CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_EXPANDED},
        {CONNEG_FORMAT_JSONLD, "turtle", NULL, CONNEG_FORMAT_JSONLD, 0},
        {CONNEG_FORMAT_JSONLD, NULL, "application/ld+json;profile=\"" EXP "\"",
         CONNEG_FORMAT_JSONLD, 0},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(D) / sizeof(D[0]); i++) {
        unsigned profiles = 99;
        enum conneg_format f = conneg_decide(D[i].ext, D[i].format, D[i].accept, &profiles);

        if (f != D[i].want || profiles != D[i].profiles)
            fail_msg("case %zu: got %d/%u", i, (int)f, profiles);
    }
    assert_int_equal(conneg_decide(CONNEG_FORMAT_UNKNOWN, NULL, NULL, NULL), CONNEG_FORMAT_TURTLE);
}

static void test_format_strings(void **state)
{
    int f;

    (void)state;
    for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++) {
        enum conneg_format cf = (enum conneg_format)f;

        assert_int_equal(conneg_from_format_param(conneg_format_name(cf), NULL), cf);
        assert_int_equal(conneg_from_extension(conneg_format_extension(cf)), cf);
        assert_int_equal(strncmp(conneg_content_type(cf, 0), conneg_format_media_type(cf),
                                 strlen(conneg_format_media_type(cf))),
                         0);
        if (cf != CONNEG_FORMAT_HTML)
            assert_int_equal(rdf_syntax_from_mime(conneg_format_media_type(cf)),
                             conneg_format_syntax(cf));
    }
    assert_null(conneg_format_name(CONNEG_FORMAT_UNKNOWN));
    assert_null(conneg_content_type(CONNEG_FORMATS, 0));
    assert_int_equal(conneg_format_syntax(CONNEG_FORMAT_HTML), RDF_SYNTAX_UNKNOWN);
    assert_string_equal(conneg_content_type(CONNEG_FORMAT_TURTLE, 0), "text/turtle; charset=utf-8");
    assert_string_equal(conneg_content_type(CONNEG_FORMAT_JSONLD, CONNEG_PROFILE_EXPANDED),
                        "application/ld+json; profile=\"" EXP "\"");
    assert_string_equal(conneg_content_type(CONNEG_FORMAT_JSONLD,
                                            CONNEG_PROFILE_FLATTENED | CONNEG_PROFILE_COMPACTED),
                        "application/ld+json; profile=\"" FLA " " CMP "\"");
    assert_string_equal(conneg_vary(), "Accept");
    assert_null(conneg_profile_name(0));
    assert_string_equal(conneg_profile_name(CONNEG_PROFILE_EXPANDED), "expanded");
    assert_string_equal(conneg_profile_name(CONNEG_PROFILE_FLATTENED | CONNEG_PROFILE_COMPACTED),
                        "flattened+compacted");
}

static void test_link_and_406(void **state)
{
    struct error err;
    char *s;
    size_t n;
    const struct conneg_offer *o = conneg_rdf_offers(&n);

    (void)state;
    s = conneg_link_header("https://data.example.be/doc/concept/1", &err);
    assert_non_null(s);
    assert_string_equal(
        s, "<https://data.example.be/doc/concept/1.ttl>; rel=\"alternate\"; type=\"text/turtle\", "
           "<https://data.example.be/doc/concept/1.nt>; rel=\"alternate\"; "
           "type=\"application/n-triples\", "
           "<https://data.example.be/doc/concept/1.nq>; rel=\"alternate\"; "
           "type=\"application/n-quads\", "
           "<https://data.example.be/doc/concept/1.trig>; rel=\"alternate\"; "
           "type=\"application/trig\", "
           "<https://data.example.be/doc/concept/1.rdf>; rel=\"alternate\"; "
           "type=\"application/rdf+xml\", "
           "<https://data.example.be/doc/concept/1.jsonld>; rel=\"alternate\"; "
           "type=\"application/ld+json\", "
           "<https://data.example.be/doc/concept/1.html>; rel=\"alternate\"; type=\"text/html\"");
    free(s);
    assert_null(conneg_link_header("http://x/a>b", &err));
    assert_non_null(strstr(err.msg, "0x3e"));
    assert_null(conneg_link_header("http://x/a b", &err));
    assert_null(conneg_link_header("", &err));

    s = conneg_406_body(o, n, 1, &err);
    assert_non_null(s);
    assert_non_null(strstr(s, "\n  text/turtle\n"));
    assert_non_null(strstr(s, "\n  application/ld+json;profile=\"" EXP "\"\n"));
    assert_non_null(strstr(s, "\n  application/json\n"));
    assert_non_null(strstr(s, "\n  turtle (.ttl)\n"));
    assert_non_null(strstr(s, "expanded, compacted, flattened"));
    assert_null(strstr(strstr(s, "text/turtle") + 1, "\n  text/turtle\n")); /* each once */
    assert_int_equal(s[strlen(s) - 1], '\n');
    free(s);
    s = conneg_406_body(o, 2, 0, &err);
    assert_non_null(s);
    assert_null(strstr(s, "format"));
    free(s);
}

/* Every file of the committed fuzz corpus through the fuzz entry point. */
static void test_corpus_replay(void **state)
{
    const char *top = getenv("FUNDAMENT_TOP_SRCDIR");
    char dir[4096], path[8192];
    DIR *d;
    struct dirent *e;
    int files = 0;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/fuzz/corpus/accept", top ? top : FUNDAMENT_SRCDIR);
    d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    while ((e = readdir(d)) != NULL) {
        FILE *f;
        char *data;
        long len;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        f = fopen(path, "rb");
        assert_non_null(f);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        len = ftell(f);
        assert_true(len >= 0);
        rewind(f);
        data = malloc((size_t)len + 1);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)len);
        free(data);
        files++;
    }
    closedir(d);
    assert_true(files >= 10);
}

/* Not a test of correctness: prints the CPU time of parse + choose. */
static void test_timing(void **state)
{
    static const char *const H[] = {
        "*/*",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
        "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
        "application/ld+json;profile=\"" FLA " " CMP "\"",
    };
    size_t i, k, rounds = 200000;
    volatile int sink = 0;

    (void)state;
    for (i = 0; i < sizeof(H) / sizeof(H[0]); i++) {
        struct timespec t0, t1;
        double ns;

        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        for (k = 0; k < rounds; k++)
            sink += (int)conneg_negotiate_rdf(H[i], NULL);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
        ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
             (double)rounds;
        printf("# parse+choose %.0f ns: %.60s\n", ns, H[i]);
    }
    (void)sink;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_basic),   cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_parse_params),  cmocka_unit_test(test_parse_long),
        cmocka_unit_test(test_choose_matrix), cmocka_unit_test(test_choose_details),
        cmocka_unit_test(test_extensions),    cmocka_unit_test(test_format_param),
        cmocka_unit_test(test_decide),        cmocka_unit_test(test_format_strings),
        cmocka_unit_test(test_link_and_406),  cmocka_unit_test(test_corpus_replay),
        cmocka_unit_test(test_timing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
