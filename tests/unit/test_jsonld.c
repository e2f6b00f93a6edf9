/* test_jsonld.c - unit tests of the JSON-LD reader: context processing,
 * IRI expansion and resolution, list conversion, number forms, error codes
 * and positions of JSON syntax errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>

#include "jsonld.h"
#include "jsonld_internal.h"

/* Collected output: one line per quad, "S P O [G]" in N-Quads-like form. */
struct out {
    char buf[8192];
    size_t n;
    int count;
    int abort_after; /* >0: fail on that quad */
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->n + n + 1 >= sizeof o->buf)
        return;
    memcpy(o->buf + o->n, s, n);
    o->n += n;
    o->buf[o->n] = '\0';
}

static void put_term(struct out *o, const struct term *t)
{
    char tmp[1024];

    switch (t->kind) {
    case TERM_IRI:
        snprintf(tmp, sizeof tmp, "<%.*s>", (int)t->len, t->value);
        break;
    case TERM_BLANK:
        snprintf(tmp, sizeof tmp, "_:%.*s", (int)t->len, t->value);
        break;
    case TERM_LITERAL:
        if (t->lang)
            snprintf(tmp, sizeof tmp, "\"%.*s\"@%s", (int)t->len, t->value, t->lang);
        else if (t->datatype)
            snprintf(tmp, sizeof tmp, "\"%.*s\"^^<%s>", (int)t->len, t->value, t->datatype);
        else
            snprintf(tmp, sizeof tmp, "\"%.*s\"", (int)t->len, t->value);
        break;
    default:
        return;
    }
    put(o, tmp, strlen(tmp));
}

static int collect(void *ctx, const struct term_quad *q, struct error *err)
{
    struct out *o = ctx;

    o->count++;
    if (o->abort_after && o->count >= o->abort_after) {
        error_set(err, "sink refused quad %d", o->count);
        return -1;
    }
    put_term(o, &q->s);
    put(o, " ", 1);
    put_term(o, &q->p);
    put(o, " ", 1);
    put_term(o, &q->o);
    if (q->g.kind != TERM_NONE) {
        put(o, " ", 1);
        put_term(o, &q->g);
    }
    put(o, "\n", 1);
    return 0;
}

static const char *loader_doc;

static char *test_loader(void *ctx, const char *iri, size_t *len)
{
    (void)ctx;
    if (!loader_doc || strcmp(iri, "http://example.org/ctx.jsonld"))
        return NULL;
    *len = strlen(loader_doc);
    return strdup(loader_doc);
}

static int run(const char *doc, struct out *o, struct error *err, const char *mode)
{
    struct jsonld_opts opts;

    memset(&opts, 0, sizeof opts);
    opts.base = "http://example.org/base/doc.jsonld";
    opts.processing_mode = mode;
    opts.loader = test_loader;
    memset(o, 0, sizeof *o);
    return jsonld_parse(doc, strlen(doc), "test.jsonld", &opts, collect, o, err);
}

/* Parses doc and checks the exact output (quads in emission order). */
static void expect_quads(const char *doc, const char *expected)
{
    struct out o;
    struct error err;
    int rc = run(doc, &o, &err, NULL);

    if (rc)
        print_error("unexpected error: %s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(o.buf, expected);
}

static void expect_error(const char *doc, const char *mode, const char *code)
{
    struct out o;
    struct error err;
    int rc = run(doc, &o, &err, mode);

    if (rc != -1)
        print_error("no error for %s\n", doc);
    assert_int_equal(rc, -1);
    if (!strstr(err.msg, code))
        print_error("message \"%s\" lacks \"%s\"\n", err.msg, code);
    assert_non_null(strstr(err.msg, code));
}

/* ---- IRI resolution: RFC 3986 section 5.4 ---- */

static void test_iri_resolution(void **state)
{
    static const char *const cases[][2] = {
        {"g:h", "g:h"},
        {"g", "http://a/b/c/g"},
        {"./g", "http://a/b/c/g"},
        {"g/", "http://a/b/c/g/"},
        {"/g", "http://a/g"},
        {"//g", "http://g"},
        {"?y", "http://a/b/c/d;p?y"},
        {"g?y", "http://a/b/c/g?y"},
        {"#s", "http://a/b/c/d;p?q#s"},
        {"g#s", "http://a/b/c/g#s"},
        {"g?y#s", "http://a/b/c/g?y#s"},
        {";x", "http://a/b/c/;x"},
        {"g;x", "http://a/b/c/g;x"},
        {"", "http://a/b/c/d;p?q"},
        {".", "http://a/b/c/"},
        {"./", "http://a/b/c/"},
        {"..", "http://a/b/"},
        {"../", "http://a/b/"},
        {"../g", "http://a/b/g"},
        {"../..", "http://a/"},
        {"../../", "http://a/"},
        {"../../g", "http://a/g"},
        {"../../../g", "http://a/g"},
        {"../../../../g", "http://a/g"},
        {"/./g", "http://a/g"},
        {"/../g", "http://a/g"},
        {"g.", "http://a/b/c/g."},
        {".g", "http://a/b/c/.g"},
        {"g..", "http://a/b/c/g.."},
        {"..g", "http://a/b/c/..g"},
        {"./../g", "http://a/b/g"},
        {"./g/.", "http://a/b/c/g/"},
        {"g/./h", "http://a/b/c/g/h"},
        {"g/../h", "http://a/b/c/h"},
        {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
        {"g;x=1/../y", "http://a/b/c/y"},
        {"g?y/./x", "http://a/b/c/g?y/./x"},
        {"g#s/../x", "http://a/b/c/g#s/../x"},
    };
    struct jl p;
    size_t i;

    (void)state;
    memset(&p, 0, sizeof p);
    p.arena = json_arena_new();
    assert_non_null(p.arena);
    if (setjmp(p.jmp))
        fail_msg("out of memory");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *r = jl_iri_resolve(&p, "http://a/b/c/d;p?q", cases[i][0]);

        if (strcmp(r, cases[i][1]))
            print_error("resolve(%s) = %s, want %s\n", cases[i][0], r, cases[i][1]);
        assert_string_equal(r, cases[i][1]);
    }
    /* base without a path, and no base at all */
    assert_string_equal(jl_iri_resolve(&p, "http://a", "b"), "http://a/b");
    assert_string_equal(jl_iri_resolve(&p, NULL, "b"), "b");
    assert_true(jl_iri_well_formed("http://a/b#c"));
    assert_false(jl_iri_well_formed("http://a/b#c#d"));
    assert_false(jl_iri_well_formed("http://a/ b"));
    assert_false(jl_iri_well_formed("rel/ative"));
    json_arena_free(p.arena);
}

/* ---- context processing and IRI expansion ---- */

static void test_context_terms(void **state)
{
    (void)state;
    expect_quads("{\"@context\": {\"ex\": \"http://ex.org/\", \"name\": \"ex:name\","
                 " \"knows\": {\"@id\": \"ex:knows\", \"@type\": \"@id\"}},"
                 " \"@id\": \"ex:a\", \"name\": \"A\", \"knows\": \"b\"}",
                 "<http://ex.org/a> <http://ex.org/name> \"A\"\n"
                 "<http://ex.org/a> <http://ex.org/knows> <http://example.org/base/b>\n");
}

static void test_context_vocab_base_language(void **state)
{
    (void)state;
    expect_quads("{\"@context\": {\"@vocab\": \"http://v.org/\", \"@base\": \"http://b.org/x/\","
                 " \"@language\": \"NL-be\"}, \"@id\": \"../y\", \"label\": \"hallo\","
                 " \"n\": {\"@value\": \"x\", \"@language\": \"EN\"}}",
                 "<http://b.org/y> <http://v.org/label> \"hallo\"@nl-be\n"
                 "<http://b.org/y> <http://v.org/n> \"x\"@en\n");
    /* relative @vocab resolves against the base (1.1) */
    expect_quads("{\"@context\": {\"@vocab\": \"v#\"}, \"@id\": \"s\", \"p\": \"o\"}",
                 "<http://example.org/base/s> <http://example.org/base/v#p> \"o\"\n");
}

static void test_context_scoped_and_alias(void **state)
{
    (void)state;
    /* keyword aliases, a type-scoped context that does not propagate */
    expect_quads("{\"@context\": {\"@vocab\": \"http://v/\", \"id\": \"@id\", \"type\": \"@type\","
                 " \"T\": {\"@context\": {\"p\": \"http://scoped/p\"}}},"
                 " \"id\": \"http://s\", \"type\": \"T\", \"p\": 1,"
                 " \"child\": {\"p\": 2}}",
                 "<http://s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://v/T>\n"
                 "<http://s> <http://scoped/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                 "_:b0 <http://v/p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                 "<http://s> <http://v/child> _:b0\n");
}

static void test_remote_context(void **state)
{
    (void)state;
    loader_doc = "{\"@context\": {\"n\": \"http://remote/n\"}}";
    expect_quads("{\"@context\": \"http://example.org/ctx.jsonld\", \"@id\": \"http://s\","
                 " \"n\": \"v\"}",
                 "<http://s> <http://remote/n> \"v\"\n");
    /* relative context IRI resolves against the document base */
    expect_error("{\"@context\": \"nope.jsonld\", \"n\": 1}", NULL,
                 "loading remote context failed: http://example.org/base/nope.jsonld");
    loader_doc = "{\"@context\": ";
    expect_error("{\"@context\": \"http://example.org/ctx.jsonld\"}", NULL,
                 "loading remote context failed");
    loader_doc = "{\"x\": 1}";
    expect_error("{\"@context\": \"http://example.org/ctx.jsonld\"}", NULL,
                 "invalid remote context");
    loader_doc = "{\"@context\": \"http://example.org/ctx.jsonld\"}";
    expect_error("{\"@context\": \"http://example.org/ctx.jsonld\"}", NULL, "context overflow");
    loader_doc = NULL;
}

/* ---- lists ---- */

static void test_list_conversion(void **state)
{
    (void)state;
    expect_quads(
        "{\"@id\": \"http://s\", \"http://p\": {\"@list\": [\"a\", {\"@id\": \"http://o\"}]}}",
        "_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"a\"\n"
        "_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:b1\n"
        "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <http://o>\n"
        "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>\n"
        "<http://s> <http://p> _:b0\n");
    expect_quads("{\"@id\": \"http://s\", \"http://p\": {\"@list\": []}}",
                 "<http://s> <http://p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>\n");
    /* list of lists through a @list container */
    expect_quads("{\"@context\": {\"l\": {\"@id\": \"http://p\", \"@container\": \"@list\"}},"
                 " \"@id\": \"http://s\", \"l\": [[1]]}",
                 "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
                 "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                 "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>\n"
                 "_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:b1\n"
                 "_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
                 "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>\n"
                 "<http://s> <http://p> _:b0\n");
}

/* ---- numbers ---- */

static void check_number(const char *json, const char *lex, const char *dt)
{
    char doc[256], want[512];

    snprintf(doc, sizeof doc, "{\"@id\": \"http://s\", \"http://p\": %s}", json);
    snprintf(want, sizeof want, "<http://s> <http://p> \"%s\"^^<" XSD_NS "%s>\n", lex, dt);
    expect_quads(doc, want);
}

static void test_numbers(void **state)
{
    char buf[64];

    (void)state;
    check_number("10", "10", "integer");
    check_number("-0", "0", "integer");
    check_number("1.0", "1", "integer");
    check_number("1e3", "1000", "integer");
    check_number("9007199254740993", "9007199254740993", "integer");
    check_number("9223372036854775807", "9223372036854775807", "integer");
    check_number("-9223372036854775808", "-9223372036854775808", "integer");
    check_number("9223372036854775808", "9.223372036854776E18", "double");
    check_number("1e20", "1.0E20", "double");
    check_number("123456789012345678901234", "1.234567890123457E23", "double");
    check_number("1.1", "1.1E0", "double");
    check_number("0.5", "5.0E-1", "double");
    check_number("-1.5e-3", "-1.5E-3", "double");
    check_number("true", "true", "boolean");
    check_number("1e400", "INF", "double");
    check_number("-1e400", "-INF", "double");
    check_number("{\"@value\": 5, \"@type\": \"" XSD_NS "double\"}", "5.0E0", "double");
    jl_double_canonical(0.0, buf, sizeof buf);
    assert_string_equal(buf, "0.0E0");
    jl_double_canonical(1e21, buf, sizeof buf);
    assert_string_equal(buf, "1.0E21");
}

static void test_json_literal(void **state)
{
    (void)state;
    expect_quads("{\"@context\": {\"j\": {\"@id\": \"http://j\", \"@type\": \"@json\"}},"
                 " \"@id\": \"http://s\", \"j\": {\"b\": [1.0, 1e30, \"x\\u0001\"], \"a\": null}}",
                 "<http://s> <http://j> \"{\"a\":null,\"b\":[1,1e+30,\"x\\u0001\"]}\"^^<"
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>\n");
}

static void test_direction(void **state)
{
    struct jsonld_opts opts;
    struct out o;
    struct error err;
    const char *doc = "{\"@id\": \"http://s\", \"http://p\": {\"@value\": \"x\", "
                      "\"@language\": \"en\", \"@direction\": \"rtl\"}}";

    (void)state;
    memset(&opts, 0, sizeof opts);
    memset(&o, 0, sizeof o);
    opts.rdf_direction = "i18n-datatype";
    assert_int_equal(jsonld_parse(doc, strlen(doc), "t", &opts, collect, &o, &err), 0);
    assert_string_equal(o.buf,
                        "<http://s> <http://p> \"x\"^^<https://www.w3.org/ns/i18n#en_rtl>\n");
    memset(&o, 0, sizeof o);
    opts.rdf_direction = "compound-literal";
    opts.bnode_prefix = "x";
    assert_int_equal(jsonld_parse(doc, strlen(doc), "t", &opts, collect, &o, &err), 0);
    assert_string_equal(o.buf,
                        "_:xb0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> \"x\"\n"
                        "_:xb0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#language> \"en\"\n"
                        "_:xb0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#direction> \"rtl\"\n"
                        "<http://s> <http://p> _:xb0\n");
}

static void test_graphs_and_reverse(void **state)
{
    (void)state;
    expect_quads("{\"@id\": \"http://g\", \"@graph\": [{\"@id\": \"http://s\", \"http://p\": 1}],"
                 " \"@reverse\": {\"http://r\": {\"@id\": \"http://o\"}}}",
                 "<http://o> <http://r> <http://g>\n"
                 "<http://s> <http://p> \"1\"^^<" XSD_NS "integer> <http://g>\n");
}

static void test_streamed_top_level(void **state)
{
    (void)state;
    /* the three shapes converted node by node, and one that is not */
    expect_quads("[{\"@id\": \"http://a\", \"http://p\": 1}, {\"@id\": \"http://b\", "
                 "\"http://p\": 2}]",
                 "<http://a> <http://p> \"1\"^^<" XSD_NS "integer>\n"
                 "<http://b> <http://p> \"2\"^^<" XSD_NS "integer>\n");
    expect_quads("{\"@context\": {\"g\": \"@graph\"}, \"g\": [{\"@id\": \"http://a\", "
                 "\"http://p\": true}]}",
                 "<http://a> <http://p> \"true\"^^<" XSD_NS "boolean>\n");
    expect_quads("{\"@id\": \"_:g\", \"@graph\": [{\"@id\": \"http://a\", \"http://p\": \"x\"}]}",
                 "<http://a> <http://p> \"x\" _:b0\n");
    expect_quads("{\"@id\": \"rel\", \"@context\": {\"@base\": null}, \"@graph\": "
                 "[{\"@id\": \"http://a\", \"http://p\": \"x\"}]}",
                 "");
    expect_quads("{\"@id\": \"http://g\", \"http://q\": 1, \"@graph\": {\"@id\": \"http://a\", "
                 "\"http://p\": \"x\"}}",
                 "<http://g> <http://q> \"1\"^^<" XSD_NS "integer>\n"
                 "<http://a> <http://p> \"x\" <http://g>\n");
    expect_error("{\"@id\": 5, \"@graph\": []}", NULL, "invalid @id value");
}

/* ---- errors ---- */

static void test_error_codes(void **state)
{
    (void)state;
    expect_error("{\"@id\": 5}", NULL, "invalid @id value");
    expect_error("{\"@context\": {\"id\": \"@id\"}, \"id\": \"http://a\", \"@id\": \"http://b\"}",
                 NULL, "colliding keywords");
    expect_error("{\"@context\": {\"t\": 5}}", NULL, "invalid term definition");
    expect_error("{\"@context\": {\"a\": \"b:x\", \"b\": \"a:y\"}}", NULL, "cyclic IRI mapping");
    expect_error("{\"@context\": {\"@id\": \"http://x\"}}", NULL, "keyword redefinition");
    expect_error("{\"@context\": {\"@protected\": true, \"a\": \"http://a\"},"
                 " \"http://p\": {\"@context\": {\"a\": \"http://b\"}, \"a\": 1}}",
                 NULL, "protected term redefinition");
    expect_error("{\"@context\": [{\"@protected\": true, \"a\": \"http://a\"}, null]}", NULL,
                 "invalid context nullification");
    expect_error("{\"@context\": {\"@version\": 1.1}}", "json-ld-1.0", "processing mode conflict");
    expect_error("{\"@context\": {\"a\": {\"@id\": \"http://a\", \"@container\": \"@bogus\"}}}",
                 NULL, "invalid container mapping");
    expect_error("{\"http://p\": {\"@value\": \"x\", \"@type\": \"http://t\", \"@language\": "
                 "\"en\"}}",
                 NULL, "invalid value object");
    expect_error("{\"http://p\": {\"@value\": 1, \"@language\": \"en\"}}", NULL,
                 "invalid language-tagged value");
    expect_error("{\"@context\": 5}", NULL, "invalid local context");
    expect_error("{\"@type\": 5}", NULL, "invalid type value");
    expect_error("{\"@context\": {\"@vocab\": 5}}", NULL, "invalid vocab mapping");
    expect_error("{\"http://p\": {\"@list\": [1], \"http://x\": 2}}", NULL,
                 "invalid set or list object");
}

static void test_json_syntax_position(void **state)
{
    struct out o;
    struct error err;

    (void)state;
    assert_int_equal(run("{\n  \"a\": 1,\n  \"b\" 2\n}", &o, &err, NULL), -1);
    assert_int_equal(err.line, 3);
    assert_true(err.column >= 6 && err.column <= 8);
    assert_non_null(strstr(err.msg, "test.jsonld:3:"));
    assert_int_equal(run("[1, 2", &o, &err, NULL), -1);
    assert_int_equal(err.line, 1);
    assert_int_equal(run("", &o, &err, NULL), -1);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_int_equal(run("{\"a\": \"\xff\"}", &o, &err, NULL), -1);
    assert_int_equal(err.line, 1);
}

static void test_deep_nesting(void **state)
{
    char *doc = malloc(20001);
    struct out o;
    struct error err;
    int i;

    (void)state;
    assert_non_null(doc);
    for (i = 0; i < 10000; i++) {
        doc[i] = '[';
        doc[19999 - i] = ']';
    }
    doc[20000] = '\0';
    assert_int_equal(run(doc, &o, &err, NULL), -1);
    assert_non_null(strstr(err.msg, "nesting"));
    free(doc);
}

static void test_sink_abort(void **state)
{
    struct jsonld_opts opts;
    struct out o;
    struct error err;
    const char *doc = "{\"@id\": \"http://s\", \"http://p\": [1, 2, 3]}";

    (void)state;
    memset(&opts, 0, sizeof opts);
    memset(&o, 0, sizeof o);
    o.abort_after = 2;
    assert_int_equal(jsonld_parse(doc, strlen(doc), "t", &opts, collect, &o, &err), -1);
    assert_string_equal(err.msg, "sink refused quad 2");
}

static int no_op(void *ctx, const struct term_quad *q, struct error *err)
{
    (void)ctx;
    (void)q;
    (void)err;
    return 0;
}

/* Replays the fuzz corpus: every seed must parse or fail cleanly. */
static void test_fuzz_corpus_replay(void **state)
{
    const char *dir = FUNDAMENT_SRCDIR "/fuzz/corpus/jsonld";
    DIR *d = opendir(dir);
    struct dirent *e;
    int files = 0;

    (void)state;
    if (!d)
        skip();
    while ((e = readdir(d))) {
        char path[4096], *buf;
        FILE *f;
        long len;
        struct jsonld_opts opts;
        struct error err;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        f = fopen(path, "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t)len + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
        fclose(f);
        memset(&opts, 0, sizeof opts);
        opts.base = "http://example.org/";
        opts.bnode_prefix = "f";
        (void)jsonld_parse(buf, (size_t)len, e->d_name, &opts, no_op, NULL, &err);
        free(buf);
        files++;
    }
    closedir(d);
    assert_true(files > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iri_resolution),
        cmocka_unit_test(test_context_terms),
        cmocka_unit_test(test_context_vocab_base_language),
        cmocka_unit_test(test_context_scoped_and_alias),
        cmocka_unit_test(test_remote_context),
        cmocka_unit_test(test_list_conversion),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_json_literal),
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_graphs_and_reverse),
        cmocka_unit_test(test_streamed_top_level),
        cmocka_unit_test(test_error_codes),
        cmocka_unit_test(test_json_syntax_position),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_sink_abort),
        cmocka_unit_test(test_fuzz_corpus_replay),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
