/* test_sparql_lexer.c - SPARQL terminals, escapes, positions, lexer errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sparql/lexer.h"

#define MAX_TOKENS 64

/* Lexes text (after codepoint decoding) into toks; returns the count or -1
 * with err filled. */
struct lexed {
    struct arena *arena;
    char *decoded;
    struct sparql_token toks[MAX_TOKENS];
    int n;
    struct error err;
};

static int lex_all(struct lexed *lx, const char *text)
{
    struct sparql_lexer l;
    size_t len;

    memset(lx, 0, sizeof *lx);
    lx->arena = arena_new();
    assert_non_null(lx->arena);
    if (sparql_decode_codepoints(text, strlen(text), &lx->decoded, &len, NULL, &lx->err))
        return -1;
    sparql_lexer_init(&l, lx->decoded, len, lx->arena);
    for (;;) {
        assert_true(lx->n < MAX_TOKENS);
        if (sparql_lexer_next(&l, &lx->toks[lx->n], &lx->err))
            return -1;
        if (lx->toks[lx->n++].kind == SPARQL_TOK_EOF)
            return lx->n;
    }
}

static void lexed_free(struct lexed *lx)
{
    free(lx->decoded);
    arena_free(lx->arena);
}

static void test_punctuation_and_keywords(void **state)
{
    struct lexed lx;
    static const enum sparql_token_kind want[] = {
        SPARQL_TOK_WORD,     SPARQL_TOK_VAR,      SPARQL_TOK_VAR,    SPARQL_TOK_LBRACE,
        SPARQL_TOK_VAR,      SPARQL_TOK_WORD,     SPARQL_TOK_IRIREF, SPARQL_TOK_SEMICOLON,
        SPARQL_TOK_PNAME_LN, SPARQL_TOK_SLASH,    SPARQL_TOK_CARET,  SPARQL_TOK_PNAME_NS,
        SPARQL_TOK_STAR,     SPARQL_TOK_ANON,     SPARQL_TOK_DOT,    SPARQL_TOK_WORD,
        SPARQL_TOK_LPAREN,   SPARQL_TOK_VAR,      SPARQL_TOK_LE,     SPARQL_TOK_INTEGER,
        SPARQL_TOK_AND,      SPARQL_TOK_VAR,      SPARQL_TOK_NE,     SPARQL_TOK_NIL,
        SPARQL_TOK_OR,       SPARQL_TOK_BANG,     SPARQL_TOK_RPAREN, SPARQL_TOK_RBRACE,
        SPARQL_TOK_HATHAT,   SPARQL_TOK_QUESTION, SPARQL_TOK_PIPE,   SPARQL_TOK_EOF};
    int i, n;

    (void)state;
    n = lex_all(&lx, "select ?x $y { ?x a <http://e/p> ; ex:q/^ex:* [ ] . "
                     "FILTER(?x<=3&&?y!=( )||!) } ^^ ? |");
    assert_int_equal(n, (int)(sizeof want / sizeof want[0]));
    for (i = 0; i < n; i++)
        assert_int_equal(lx.toks[i].kind, want[i]);
    assert_string_equal(lx.toks[0].value, "select");
    assert_string_equal(lx.toks[2].value, "y");
    assert_string_equal(lx.toks[5].value, "a");
    assert_string_equal(lx.toks[6].value, "http://e/p");
    assert_string_equal(lx.toks[8].prefix, "ex");
    assert_string_equal(lx.toks[8].value, "q");
    assert_string_equal(lx.toks[11].prefix, "ex");
    lexed_free(&lx);
}

static void test_prefixed_names(void **state)
{
    struct lexed lx;

    (void)state;
    assert_int_equal(lex_all(&lx, "ex:a\\.b%20c:d ex:x. :1a.b _:b1.x. é:ü"), 8);
    assert_int_equal(lx.toks[0].kind, SPARQL_TOK_PNAME_LN);
    assert_string_equal(lx.toks[0].value, "a.b%20c:d"); /* \. unescaped, %20 kept */
    assert_string_equal(lx.toks[1].value, "x");         /* no trailing '.' */
    assert_int_equal(lx.toks[2].kind, SPARQL_TOK_DOT);
    assert_string_equal(lx.toks[3].prefix, "");
    assert_string_equal(lx.toks[3].value, "1a.b");
    assert_int_equal(lx.toks[4].kind, SPARQL_TOK_BNODE);
    assert_string_equal(lx.toks[4].value, "b1.x");
    assert_int_equal(lx.toks[5].kind, SPARQL_TOK_DOT);
    assert_int_equal(lx.toks[6].kind, SPARQL_TOK_PNAME_LN);
    assert_string_equal(lx.toks[6].prefix, "é");
    assert_string_equal(lx.toks[6].value, "ü");
    lexed_free(&lx);
}

static void test_numbers(void **state)
{
    struct lexed lx;
    static const enum sparql_token_kind want[] = {
        SPARQL_TOK_INTEGER, SPARQL_TOK_DECIMAL, SPARQL_TOK_DOUBLE,  SPARQL_TOK_DOUBLE,
        SPARQL_TOK_INTEGER, SPARQL_TOK_DECIMAL, SPARQL_TOK_INTEGER, SPARQL_TOK_DOT,
        SPARQL_TOK_DOUBLE,  SPARQL_TOK_MINUS,   SPARQL_TOK_VAR,     SPARQL_TOK_EOF};
    int i;

    (void)state;
    assert_int_equal(lex_all(&lx, "12 1.5 1e3 .5E-2 +7 -.5 3. 1.e2 - ?x"), 12);
    for (i = 0; i < 12; i++)
        assert_int_equal(lx.toks[i].kind, want[i]);
    assert_string_equal(lx.toks[4].value, "+7");
    assert_string_equal(lx.toks[5].value, "-.5");
    assert_string_equal(lx.toks[8].value, "1.e2");
    lexed_free(&lx);
}

static void test_strings_and_escapes(void **state)
{
    struct lexed lx;

    (void)state;
    assert_int_equal(lex_all(&lx, "'a\\tb' \"q\\\"\" '''x\n'y''' \"\"\"\"\"\"@en-BE \"\\u00E9\""),
                     7);
    assert_string_equal(lx.toks[0].value, "a\tb");
    assert_string_equal(lx.toks[1].value, "q\"");
    assert_string_equal(lx.toks[2].value, "x\n'y");
    assert_int_equal(lx.toks[3].kind, SPARQL_TOK_STRING);
    assert_int_equal(lx.toks[3].value_len, 0);
    assert_int_equal(lx.toks[4].kind, SPARQL_TOK_LANGTAG);
    assert_string_equal(lx.toks[4].value, "en-BE");
    assert_string_equal(lx.toks[5].value, "\xC3\xA9");
    /* The long string spanned a line: later tokens are on line 2. */
    assert_int_equal(lx.toks[3].line, 2);
    lexed_free(&lx);
}

static void test_codepoint_escapes(void **state)
{
    struct lexed lx;

    (void)state;
    /* \u escapes are decoded before tokenizing, everywhere. */
    assert_int_equal(lex_all(&lx, "\\u003Fv <\\U00000068ttp://e/>"), 3);
    assert_int_equal(lx.toks[0].kind, SPARQL_TOK_VAR);
    assert_string_equal(lx.toks[0].value, "v");
    assert_string_equal(lx.toks[1].value, "http://e/");
    lexed_free(&lx);
    /* One pass only: an escape that produces a backslash is not re-read. */
    assert_int_equal(lex_all(&lx, "?s ?p \\u005cu0031"), -1);
    assert_string_equal(lx.err.msg, "1:7: unexpected character '\\'");
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "'\\uD800'"), -1);
    assert_int_equal(lx.err.line, 1);
    assert_int_equal(lx.err.column, 2);
    lexed_free(&lx);
}

static void test_positions(void **state)
{
    struct lexed lx;

    (void)state;
    assert_int_equal(lex_all(&lx, "SELECT *\n# comment\n  WHERE { \"é\" ?x }"), 8);
    assert_int_equal(lx.toks[0].line, 1);
    assert_int_equal(lx.toks[0].column, 1);
    assert_int_equal(lx.toks[1].column, 8);
    assert_int_equal(lx.toks[2].line, 3);
    assert_int_equal(lx.toks[2].column, 3);
    assert_int_equal(lx.toks[4].column, 11);
    assert_int_equal(lx.toks[5].column, 15); /* columns count code points */
    lexed_free(&lx);
}

static void test_iri_versus_less_than(void **state)
{
    struct lexed lx;

    (void)state;
    assert_int_equal(lex_all(&lx, "?a < ?b <x> ?c<?d"), 8);
    assert_int_equal(lx.toks[1].kind, SPARQL_TOK_LT);
    assert_int_equal(lx.toks[3].kind, SPARQL_TOK_IRIREF);
    assert_int_equal(lx.toks[5].kind, SPARQL_TOK_LT);
    lexed_free(&lx);
}

static void test_errors(void **state)
{
    struct lexed lx;

    (void)state;
    assert_int_equal(lex_all(&lx, "ASK {\n  \"abc\n\" }"), -1);
    assert_string_equal(lx.err.msg, "2:7: line break in a short string literal "
                                    "(use \\n or a \"\"\"long string\"\"\")");
    assert_int_equal(lx.err.line, 2);
    assert_int_equal(lx.err.column, 7);
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "ASK { 'a\\q' }"), -1);
    assert_int_equal(lx.err.column, 9);
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "ASK { ?x ~ }"), -1);
    assert_string_equal(lx.err.msg, "1:10: unexpected character '~'");
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "'open"), -1);
    assert_string_equal(lx.err.msg, "1:1: unterminated string literal");
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "ex:a%2"), -1);
    lexed_free(&lx);
    assert_int_equal(lex_all(&lx, "a & b"), -1);
    lexed_free(&lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_punctuation_and_keywords),
        cmocka_unit_test(test_prefixed_names),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_strings_and_escapes),
        cmocka_unit_test(test_codepoint_escapes),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_iri_versus_less_than),
        cmocka_unit_test(test_errors),
    };

    return cmocka_run_group_tests_name("sparql_lexer", tests, NULL, NULL);
}
