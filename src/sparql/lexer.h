/* lexer.h - SPARQL 1.1 terminals (Query Language section 19.8, [139]-[173]).
 *
 * The input is first passed through sparql_decode_codepoints, which replaces
 * \uXXXX and \UXXXXXXXX everywhere (section 19.2) in a single pass, then the
 * lexer cuts the decoded text into tokens. Keywords are returned as
 * SPARQL_TOK_WORD and compared case-insensitively by the parser (the keyword
 * 'a' is case-sensitive). Token values live in the arena given to
 * sparql_lexer_init; start points into the decoded text. Line and column are
 * 1-based; columns count code points of the text as written when the lexer
 * is given the escape positions (esc), else of the decoded text. */
#ifndef FUNDAMENT_SPARQL_LEXER_H
#define FUNDAMENT_SPARQL_LEXER_H

#include <stddef.h>

#include "error.h"
#include "sparql/ast.h"

enum sparql_token_kind {
    SPARQL_TOK_EOF = 0,
    SPARQL_TOK_IRIREF,   /* value: the IRI between < > */
    SPARQL_TOK_PNAME_NS, /* prefix: before ':' (value "") */
    SPARQL_TOK_PNAME_LN, /* prefix, value: local part with \-escapes removed */
    SPARQL_TOK_BNODE,    /* value: label after "_:" */
    SPARQL_TOK_VAR,      /* value: name without ? or $ */
    SPARQL_TOK_LANGTAG,  /* value: tag without '@' */
    SPARQL_TOK_INTEGER,  /* value: lexical form, sign included */
    SPARQL_TOK_DECIMAL,
    SPARQL_TOK_DOUBLE,
    SPARQL_TOK_STRING, /* value: unescaped contents, value_len bytes */
    SPARQL_TOK_NIL,    /* ( ) */
    SPARQL_TOK_ANON,   /* [ ] */
    SPARQL_TOK_WORD,   /* a keyword or 'a'; value: the word */
    SPARQL_TOK_LBRACE,
    SPARQL_TOK_RBRACE,
    SPARQL_TOK_LPAREN,
    SPARQL_TOK_RPAREN,
    SPARQL_TOK_LBRACKET,
    SPARQL_TOK_RBRACKET,
    SPARQL_TOK_DOT,
    SPARQL_TOK_SEMICOLON,
    SPARQL_TOK_COMMA,
    SPARQL_TOK_STAR,
    SPARQL_TOK_SLASH,
    SPARQL_TOK_PIPE,
    SPARQL_TOK_CARET,
    SPARQL_TOK_HATHAT,
    SPARQL_TOK_QUESTION,
    SPARQL_TOK_PLUS,
    SPARQL_TOK_MINUS,
    SPARQL_TOK_BANG,
    SPARQL_TOK_OR,
    SPARQL_TOK_AND,
    SPARQL_TOK_EQ,
    SPARQL_TOK_NE,
    SPARQL_TOK_LT,
    SPARQL_TOK_GT,
    SPARQL_TOK_LE,
    SPARQL_TOK_GE,
};

struct sparql_token {
    enum sparql_token_kind kind;
    const char *start; /* in the decoded text */
    size_t len;        /* bytes of source text */
    char *value;       /* arena string, see the kinds above; NULL for punctuation */
    size_t value_len;
    char *prefix; /* PNAME_NS / PNAME_LN */
    int line, column;
};

struct sparql_lexer {
    const char *text;
    size_t len;
    size_t pos;
    int line;
    size_t line_start;                /* offset of the current line's first byte */
    size_t col_pos;                   /* position whose column was computed last */
    int col;                          /* its column in the decoded text */
    const struct sparql_escapes *esc; /* NULL, or set after init: shared */
    struct arena *arena;
};

/* Where codepoint escapes stood, so that columns can be given in the text
 * as written: at[i] is the decoded offset of the i-th escape's code point
 * (ascending); extra[i] is how many more columns the escapes before the
 * i-th took than the one code point each became (n + 1 entries). */
struct sparql_escapes {
    size_t *at;
    size_t *extra;
    size_t n;
};

/* Replaces \u and \U escapes by UTF-8 in one pass. *out is malloc'ed (caller
 * frees). When esc is not NULL it receives the escape positions (release
 * with sparql_escapes_free). Fails on a surrogate or out-of-range code
 * point, with a position. */
int sparql_decode_codepoints(const char *in, size_t len, char **out, size_t *out_len,
                             struct sparql_escapes *esc, struct error *err);

/* Frees the arrays of esc (not esc itself). NULL is allowed. */
void sparql_escapes_free(struct sparql_escapes *esc);

/* The lexer reads text (not copied: must outlive it) and allocates token
 * values in arena. */
void sparql_lexer_init(struct sparql_lexer *lx, const char *text, size_t len, struct arena *arena);

/* Reads the next token (SPARQL_TOK_EOF at the end). Returns 0, or -1 with
 * err filled as "LINE:COLUMN: message" and err->line/column set. */
int sparql_lexer_next(struct sparql_lexer *lx, struct sparql_token *tok, struct error *err);

/* A short description for messages: "'{'", "IRI", "end of input", ... */
const char *sparql_token_kind_name(enum sparql_token_kind kind);

#endif
