/* lexer.c - SPARQL 1.1 terminals (see lexer.h). The productions named in the
 * comments are those of SPARQL 1.1 Query Language, section 19.8. */
#include "sparql/lexer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ---- */

/* Decodes one code point at s (n bytes left). Returns its byte length, or 0
 * for an invalid or truncated sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c;
    size_t len, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        c = s[0] & 0x1F;
        len = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        c = s[0] & 0x0F;
        len = 3;
    } else if ((s[0] & 0xF8) == 0xF0) {
        c = s[0] & 0x07;
        len = 4;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
        c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static size_t utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- character classes ([164]-[169]) ---- */

static int is_pn_chars_base(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
           (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
           (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
           (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
           (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
           (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static int is_pn_chars_u(uint32_t c)
{
    return c == '_' || is_pn_chars_base(c);
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static int is_pn_chars(uint32_t c)
{
    return is_pn_chars_u(c) || c == '-' || is_digit(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x203F && c <= 0x2040);
}

static int is_varname_char(uint32_t c)
{
    return is_pn_chars_u(c) || is_digit(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x203F && c <= 0x2040);
}

static int is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* ---- codepoint escapes (section 19.2) ---- */

void sparql_escapes_free(struct sparql_escapes *esc)
{
    if (!esc)
        return;
    free(esc->at);
    free(esc->extra);
    esc->at = esc->extra = NULL;
    esc->n = 0;
}

/* Records an escape of width columns whose code point lands at offset o. */
static int note_escape(struct sparql_escapes *esc, size_t *cap, size_t o, size_t width)
{
    if (esc->n + 1 >= *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        size_t *at = realloc(esc->at, nc * sizeof *at), *extra;

        if (!at)
            return -1;
        esc->at = at;
        extra = realloc(esc->extra, (nc + 1) * sizeof *extra);
        if (!extra)
            return -1;
        if (!esc->extra)
            extra[0] = 0;
        esc->extra = extra;
        *cap = nc;
    }
    esc->at[esc->n] = o;
    esc->extra[esc->n + 1] = esc->extra[esc->n] + width - 1;
    esc->n++;
    return 0;
}

int sparql_decode_codepoints(const char *in, size_t len, char **out, size_t *out_len,
                             struct sparql_escapes *esc, struct error *err)
{
    char *buf;
    size_t i, o = 0, cap = 0;
    int line = 1;
    size_t line_start = 0;

    if (esc)
        memset(esc, 0, sizeof *esc);

    /* Decoding never makes the text longer: \uXXXX (6 bytes) gives at most
     * 3 bytes and \UXXXXXXXX (10 bytes) at most 4. */
    buf = malloc(len + 1);
    if (!buf) {
        error_set(err, "out of memory");
        return -1;
    }
    for (i = 0; i < len;) {
        if (in[i] == '\n') {
            line++;
            line_start = i + 1;
        }
        if (in[i] == '\\' && i + 1 < len && (in[i + 1] == 'u' || in[i + 1] == 'U')) {
            size_t digits = in[i + 1] == 'u' ? 4 : 8, k;
            uint32_t c = 0;

            if (i + 2 + digits <= len) {
                for (k = 0; k < digits; k++) {
                    int h = hexval((unsigned char)in[i + 2 + k]);

                    if (h < 0)
                        break;
                    c = (c << 4) | (uint32_t)h;
                }
                if (k == digits) {
                    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
                        error_set_at(err, line, (int)(i - line_start) + 1,
                                     "%d:%d: escape %.*s is not a valid code point", line,
                                     (int)(i - line_start) + 1, (int)(digits + 2), in + i);
                        free(buf);
                        sparql_escapes_free(esc);
                        return -1;
                    }
                    if (esc && note_escape(esc, &cap, o, 2 + digits)) {
                        error_set(err, "out of memory");
                        free(buf);
                        sparql_escapes_free(esc);
                        return -1;
                    }
                    o += utf8_encode(c, buf + o);
                    i += 2 + digits;
                    continue;
                }
            }
        } else if (in[i] == '\\' && i + 1 < len && in[i + 1] == '\\') {
            /* An escaped backslash: keep both so "\\u0041" stays as written. */
            buf[o++] = in[i++];
        }
        buf[o++] = in[i++];
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return 0;
}

/* ---- lexer ---- */

void sparql_lexer_init(struct sparql_lexer *lx, const char *text, size_t len, struct arena *arena)
{
    lx->text = text;
    lx->len = len;
    lx->pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        lx->pos = 3; /* a byte order mark is not part of the query */
    lx->line = 1;
    lx->line_start = lx->pos;
    lx->col_pos = 0;
    lx->col = 1;
    lx->esc = NULL;
    lx->arena = arena;
}

/* The first escape at a decoded offset >= pos. */
static size_t escape_index(const struct sparql_escapes *esc, size_t pos)
{
    size_t lo = 0, hi = esc->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (esc->at[mid] < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Column of pos on the current line. Counting resumes from the last token's
 * position so a long line costs linear time, not quadratic; escapes between
 * the line start and pos add the columns they took in the written text. */
static int column_of(struct sparql_lexer *lx, size_t pos)
{
    size_t i = lx->line_start;
    int col = 1;

    if (lx->col_pos >= lx->line_start && lx->col_pos <= pos && lx->col_pos > 0) {
        i = lx->col_pos;
        col = lx->col;
    }
    for (; i < pos; i++)
        if (((unsigned char)lx->text[i] & 0xC0) != 0x80)
            col++;
    lx->col_pos = pos;
    lx->col = col;
    if (lx->esc && lx->esc->n) {
        size_t a = escape_index(lx->esc, lx->line_start), b = escape_index(lx->esc, pos);

        col += (int)(lx->esc->extra[b] - lx->esc->extra[a]);
    }
    return col;
}

static int lex_error(struct sparql_lexer *lx, size_t pos, struct error *err, const char *what)
{
    int col = column_of(lx, pos);

    error_set_at(err, lx->line, col, "%d:%d: %s", lx->line, col, what);
    return -1;
}

static int oom(struct sparql_lexer *lx, size_t pos, struct error *err)
{
    return lex_error(lx, pos, err, "out of memory");
}

/* Code point at p (0 at the end); *n receives its byte length (0 if invalid). */
static uint32_t peek_cp(const struct sparql_lexer *lx, size_t p, size_t *n)
{
    uint32_t c = 0;

    if (p >= lx->len) {
        *n = 0;
        return 0;
    }
    *n = utf8_decode((const unsigned char *)lx->text + p, lx->len - p, &c);
    return *n ? c : 0;
}

static int byte_at(const struct sparql_lexer *lx, size_t p)
{
    return p < lx->len ? (unsigned char)lx->text[p] : -1;
}

/* Skips white space and comments, counting lines. */
static void skip_space(struct sparql_lexer *lx)
{
    while (lx->pos < lx->len) {
        char c = lx->text[lx->pos];

        if (c == '\n') {
            lx->pos++;
            lx->line++;
            lx->line_start = lx->pos;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            lx->pos++;
        } else if (c == '#') {
            while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
                lx->pos++;
        } else {
            break;
        }
    }
}

/* Length of the exponent [155] at p, or 0. */
static size_t exponent_len(const struct sparql_lexer *lx, size_t p)
{
    size_t q = p;

    if (byte_at(lx, q) != 'e' && byte_at(lx, q) != 'E')
        return 0;
    q++;
    if (byte_at(lx, q) == '+' || byte_at(lx, q) == '-')
        q++;
    if (!is_digit((uint32_t)byte_at(lx, q)))
        return 0;
    while (is_digit((uint32_t)byte_at(lx, q)))
        q++;
    return q - p;
}

/* INTEGER, DECIMAL, DOUBLE and their signed forms ([146]-[154]). */
static int lex_number(struct sparql_lexer *lx, struct sparql_token *tok, struct error *err)
{
    size_t p = lx->pos, digits = 0, e;

    if (byte_at(lx, p) == '+' || byte_at(lx, p) == '-')
        p++;
    while (is_digit((uint32_t)byte_at(lx, p))) {
        p++;
        digits++;
    }
    tok->kind = SPARQL_TOK_INTEGER;
    if (byte_at(lx, p) == '.' && is_digit((uint32_t)byte_at(lx, p + 1))) {
        p++;
        while (is_digit((uint32_t)byte_at(lx, p)))
            p++;
        tok->kind = SPARQL_TOK_DECIMAL;
        if ((e = exponent_len(lx, p))) {
            p += e;
            tok->kind = SPARQL_TOK_DOUBLE;
        }
    } else if (digits && byte_at(lx, p) == '.' && (e = exponent_len(lx, p + 1))) {
        p += 1 + e;
        tok->kind = SPARQL_TOK_DOUBLE;
    } else if (digits && (e = exponent_len(lx, p))) {
        p += e;
        tok->kind = SPARQL_TOK_DOUBLE;
    }
    tok->value = arena_strndup(lx->arena, lx->text + lx->pos, p - lx->pos);
    if (!tok->value)
        return oom(lx, lx->pos, err);
    tok->value_len = p - lx->pos;
    lx->pos = p;
    return 0;
}

/* STRING_LITERAL1/2 and the LONG forms with ECHAR ([156]-[160]). */
static int lex_string(struct sparql_lexer *lx, struct sparql_token *tok, struct error *err)
{
    char q = lx->text[lx->pos];
    int is_long = byte_at(lx, lx->pos + 1) == q && byte_at(lx, lx->pos + 2) == q;
    size_t p = lx->pos + (is_long ? 3 : 1), o = 0;
    char *buf;

    /* Find the closing quote first: the contents are at most that long. */
    {
        size_t e = p;

        while (e < lx->len) {
            if (lx->text[e] == '\\') {
                e += 2;
                continue;
            }
            if (lx->text[e] == q &&
                (!is_long || (byte_at(lx, e + 1) == q && byte_at(lx, e + 2) == q)))
                break;
            if (!is_long && (lx->text[e] == '\n' || lx->text[e] == '\r'))
                break;
            e++;
        }
        buf = arena_alloc(lx->arena, (e < lx->len ? e : lx->len) - p + 1);
    }
    if (!buf)
        return oom(lx, lx->pos, err);
    for (;;) {
        int c = byte_at(lx, p);

        if (c < 0)
            return lex_error(lx, lx->pos, err, "unterminated string literal");
        if (c == q) {
            if (!is_long)
                break;
            if (byte_at(lx, p + 1) == q && byte_at(lx, p + 2) == q)
                break;
            buf[o++] = (char)c;
            p++;
            continue;
        }
        if (!is_long && (c == '\n' || c == '\r'))
            return lex_error(lx, p, err,
                             "line break in a short string literal "
                             "(use \\n or a \"\"\"long string\"\"\")");
        if (c == '\\') {
            int d = byte_at(lx, p + 1);
            char r;

            switch (d) {
            case 't':
                r = '\t';
                break;
            case 'b':
                r = '\b';
                break;
            case 'n':
                r = '\n';
                break;
            case 'r':
                r = '\r';
                break;
            case 'f':
                r = '\f';
                break;
            case '\\':
                r = '\\';
                break;
            case '"':
                r = '"';
                break;
            case '\'':
                r = '\'';
                break;
            default:
                return lex_error(lx, p, err,
                                 "invalid escape in string literal (expected one of "
                                 "\\t \\b \\n \\r \\f \\\\ \\\" \\')");
            }
            buf[o++] = r;
            p += 2;
            continue;
        }
        if (c == '\n') {
            lx->line++;
            lx->line_start = p + 1;
        }
        buf[o++] = (char)c;
        p++;
    }
    buf[o] = '\0';
    tok->kind = SPARQL_TOK_STRING;
    tok->value = buf;
    tok->value_len = o;
    lx->pos = p + (is_long ? 3 : 1);
    return 0;
}

/* PN_LOCAL [169] at lx->pos (after the ':'); fills tok->value. */
static int lex_local(struct sparql_lexer *lx, struct sparql_token *tok, struct error *err)
{
    size_t p = lx->pos, end = p, vlen = 0, o = 0, n, e = p;
    char *buf;
    int first = 1;

    /* An upper bound of the local part: it cannot go past the first ASCII
     * byte that is neither a name character nor an escape. */
    while (e < lx->len && ((unsigned char)lx->text[e] >= 0x80 || strchr("_.-%:\\", lx->text[e]) ||
                           (lx->text[e] >= '0' && lx->text[e] <= '9') ||
                           ((lx->text[e] | 0x20) >= 'a' && (lx->text[e] | 0x20) <= 'z')))
        e += lx->text[e] == '\\' ? 2 : 1;
    buf = arena_alloc(lx->arena, (e < lx->len ? e : lx->len) - p + 1);
    if (!buf)
        return oom(lx, p, err);
    for (;;) {
        uint32_t c = peek_cp(lx, p, &n);

        if (c == '%') {
            if (hexval(byte_at(lx, p + 1)) < 0 || hexval(byte_at(lx, p + 2)) < 0)
                return lex_error(lx, p, err,
                                 "'%' in a prefixed name must be followed by two "
                                 "hex digits");
            memcpy(buf + o, lx->text + p, 3);
            o += 3;
            p += 3;
        } else if (c == '\\') {
            int d = byte_at(lx, p + 1);

            if (d <= 0 || !strchr("_~.-!$&'()*+,;=/?#@%", d))
                return lex_error(lx, p, err,
                                 "invalid escape in prefixed name (expected \\ "
                                 "followed by one of _~.-!$&'()*+,;=/?#@%)");
            buf[o++] = (char)d;
            p += 2;
        } else if (n && (is_pn_chars(c) || c == ':' || (c == '.' && !first)) &&
                   !(first && c == '-') &&
                   !(first &&
                     (c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)))) {
            memcpy(buf + o, lx->text + p, n);
            o += n;
            p += n;
            if (c == '.') {
                first = 0;
                continue; /* a local name may not end with '.' */
            }
        } else {
            break;
        }
        first = 0;
        end = p;
        vlen = o;
    }
    buf[vlen] = '\0';
    tok->value = buf;
    tok->value_len = vlen;
    lx->pos = end;
    return 0;
}

/* Length in bytes of a PN_PREFIX [168] at p (0 if none). */
static size_t prefix_len(const struct sparql_lexer *lx, size_t p)
{
    size_t q = p, end = p, n;
    uint32_t c = peek_cp(lx, q, &n);

    if (!n || !is_pn_chars_base(c))
        return 0;
    q += n;
    end = q;
    for (;;) {
        c = peek_cp(lx, q, &n);
        if (!n || !(is_pn_chars(c) || c == '.'))
            break;
        q += n;
        if (c != '.')
            end = q;
    }
    return end - p;
}

int sparql_lexer_next(struct sparql_lexer *lx, struct sparql_token *tok, struct error *err)
{
    size_t p, n;
    int c, d;
    uint32_t cp;

    skip_space(lx);
    memset(tok, 0, sizeof *tok);
    tok->line = lx->line;
    tok->column = column_of(lx, lx->pos);
    tok->start = lx->text + lx->pos;
    p = lx->pos;
    if (p >= lx->len) {
        tok->kind = SPARQL_TOK_EOF;
        return 0;
    }
    c = (unsigned char)lx->text[p];
    d = byte_at(lx, p + 1);
    switch (c) {
    case '<': {
        /* IRIREF [139] if a '>' closes it before any character an IRI cannot
         * hold; otherwise the operator. */
        size_t q = p + 1;

        while (q < lx->len) {
            unsigned char b = (unsigned char)lx->text[q];

            if (b <= 0x20 || strchr("<>\"{}|^`\\", b))
                break;
            q++;
        }
        if (byte_at(lx, q) == '>') {
            tok->kind = SPARQL_TOK_IRIREF;
            tok->value = arena_strndup(lx->arena, lx->text + p + 1, q - p - 1);
            if (!tok->value)
                return oom(lx, p, err);
            tok->value_len = q - p - 1;
            lx->pos = q + 1;
            break;
        }
        tok->kind = d == '=' ? SPARQL_TOK_LE : SPARQL_TOK_LT;
        lx->pos += d == '=' ? 2 : 1;
        break;
    }
    case '>':
        tok->kind = d == '=' ? SPARQL_TOK_GE : SPARQL_TOK_GT;
        lx->pos += d == '=' ? 2 : 1;
        break;
    case '?':
    case '$': {
        size_t q = p + 1;

        cp = peek_cp(lx, q, &n);
        if (!n || !(is_pn_chars_u(cp) || is_digit(cp))) {
            if (c == '?') {
                tok->kind = SPARQL_TOK_QUESTION;
                lx->pos++;
                break;
            }
            return lex_error(lx, p, err, "expected a variable name after '$'");
        }
        while (n && is_varname_char(cp)) {
            q += n;
            cp = peek_cp(lx, q, &n);
        }
        tok->kind = SPARQL_TOK_VAR;
        tok->value = arena_strndup(lx->arena, lx->text + p + 1, q - p - 1);
        if (!tok->value)
            return oom(lx, p, err);
        tok->value_len = q - p - 1;
        lx->pos = q;
        break;
    }
    case '_': {
        size_t q = p + 2, end;

        if (d != ':')
            return lex_error(lx, p, err, "expected ':' after '_' (blank node label _:name)");
        cp = peek_cp(lx, q, &n);
        if (!n || !(is_pn_chars_u(cp) || is_digit(cp)))
            return lex_error(lx, p, err, "expected a blank node label after '_:'");
        q += n;
        end = q;
        for (;;) {
            cp = peek_cp(lx, q, &n);
            if (!n || !(is_pn_chars(cp) || cp == '.'))
                break;
            q += n;
            if (cp != '.')
                end = q;
        }
        tok->kind = SPARQL_TOK_BNODE;
        tok->value = arena_strndup(lx->arena, lx->text + p + 2, end - p - 2);
        if (!tok->value)
            return oom(lx, p, err);
        tok->value_len = end - p - 2;
        lx->pos = end;
        break;
    }
    case '"':
    case '\'':
        if (lex_string(lx, tok, err))
            return -1;
        break;
    case '@': {
        size_t q = p + 1;

        if (!((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z')))
            return lex_error(lx, p, err, "expected a language tag after '@'");
        while ((byte_at(lx, q) | 0x20) >= 'a' && (byte_at(lx, q) | 0x20) <= 'z')
            q++;
        while (byte_at(lx, q) == '-') {
            size_t r = q + 1;

            while (((byte_at(lx, r) | 0x20) >= 'a' && (byte_at(lx, r) | 0x20) <= 'z') ||
                   is_digit((uint32_t)byte_at(lx, r)))
                r++;
            if (r == q + 1)
                break;
            q = r;
        }
        tok->kind = SPARQL_TOK_LANGTAG;
        tok->value = arena_strndup(lx->arena, lx->text + p + 1, q - p - 1);
        if (!tok->value)
            return oom(lx, p, err);
        tok->value_len = q - p - 1;
        lx->pos = q;
        break;
    }
    case '(':
    case '[': {
        size_t q = p + 1;

        /* White space and comments may stand between the brackets. */
        while (q < lx->len && (is_ws(lx->text[q]) || lx->text[q] == '#')) {
            if (lx->text[q] == '#')
                while (q < lx->len && lx->text[q] != '\n')
                    q++;
            else
                q++;
        }
        if (byte_at(lx, q) == (c == '(' ? ')' : ']')) {
            /* NIL [161] / ANON [163]; count the lines skipped inside. */
            size_t r;

            for (r = p + 1; r < q; r++)
                if (lx->text[r] == '\n') {
                    lx->line++;
                    lx->line_start = r + 1;
                }
            tok->kind = c == '(' ? SPARQL_TOK_NIL : SPARQL_TOK_ANON;
            lx->pos = q + 1;
        } else {
            tok->kind = c == '(' ? SPARQL_TOK_LPAREN : SPARQL_TOK_LBRACKET;
            lx->pos++;
        }
        break;
    }
    case '{':
        tok->kind = SPARQL_TOK_LBRACE;
        lx->pos++;
        break;
    case '}':
        tok->kind = SPARQL_TOK_RBRACE;
        lx->pos++;
        break;
    case ')':
        tok->kind = SPARQL_TOK_RPAREN;
        lx->pos++;
        break;
    case ']':
        tok->kind = SPARQL_TOK_RBRACKET;
        lx->pos++;
        break;
    case ';':
        tok->kind = SPARQL_TOK_SEMICOLON;
        lx->pos++;
        break;
    case ',':
        tok->kind = SPARQL_TOK_COMMA;
        lx->pos++;
        break;
    case '*':
        tok->kind = SPARQL_TOK_STAR;
        lx->pos++;
        break;
    case '/':
        tok->kind = SPARQL_TOK_SLASH;
        lx->pos++;
        break;
    case '=':
        tok->kind = SPARQL_TOK_EQ;
        lx->pos++;
        break;
    case '^':
        tok->kind = d == '^' ? SPARQL_TOK_HATHAT : SPARQL_TOK_CARET;
        lx->pos += d == '^' ? 2 : 1;
        break;
    case '|':
        tok->kind = d == '|' ? SPARQL_TOK_OR : SPARQL_TOK_PIPE;
        lx->pos += d == '|' ? 2 : 1;
        break;
    case '&':
        if (d != '&')
            return lex_error(lx, p, err, "expected '&&' (a single '&' is not an operator)");
        tok->kind = SPARQL_TOK_AND;
        lx->pos += 2;
        break;
    case '!':
        tok->kind = d == '=' ? SPARQL_TOK_NE : SPARQL_TOK_BANG;
        lx->pos += d == '=' ? 2 : 1;
        break;
    case '+':
    case '-':
        if (is_digit((uint32_t)d) || (d == '.' && is_digit((uint32_t)byte_at(lx, p + 2)))) {
            if (lex_number(lx, tok, err))
                return -1;
            break;
        }
        tok->kind = c == '+' ? SPARQL_TOK_PLUS : SPARQL_TOK_MINUS;
        lx->pos++;
        break;
    case '.':
        if (is_digit((uint32_t)d)) {
            if (lex_number(lx, tok, err))
                return -1;
            break;
        }
        tok->kind = SPARQL_TOK_DOT;
        lx->pos++;
        break;
    case ':':
        tok->kind = SPARQL_TOK_PNAME_NS;
        tok->prefix = arena_strndup(lx->arena, "", 0);
        if (!tok->prefix)
            return oom(lx, p, err);
        lx->pos++;
        if (lex_local(lx, tok, err))
            return -1;
        if (tok->value_len)
            tok->kind = SPARQL_TOK_PNAME_LN;
        break;
    default:
        if (is_digit((uint32_t)c)) {
            if (lex_number(lx, tok, err))
                return -1;
            break;
        }
        {
            size_t plen = prefix_len(lx, p), q;

            if (plen && byte_at(lx, p + plen) == ':') {
                tok->kind = SPARQL_TOK_PNAME_NS;
                tok->prefix = arena_strndup(lx->arena, lx->text + p, plen);
                if (!tok->prefix)
                    return oom(lx, p, err);
                lx->pos = p + plen + 1;
                if (lex_local(lx, tok, err))
                    return -1;
                if (tok->value_len)
                    tok->kind = SPARQL_TOK_PNAME_LN;
                break;
            }
            /* A keyword: ASCII letters, digits and '_' (GROUP_CONCAT, SHA256). */
            q = p;
            while (q < lx->len &&
                   ((lx->text[q] >= 'a' && lx->text[q] <= 'z') ||
                    (lx->text[q] >= 'A' && lx->text[q] <= 'Z') ||
                    (q > p && (is_digit((uint32_t)lx->text[q]) || lx->text[q] == '_'))))
                q++;
            if (q == p) {
                char msg[64];

                cp = peek_cp(lx, p, &n);
                if (!n)
                    return lex_error(lx, p, err, "invalid UTF-8 byte in the query");
                if (cp >= 0x20 && cp < 0x7F)
                    snprintf(msg, sizeof msg, "unexpected character '%c'", (int)cp);
                else
                    snprintf(msg, sizeof msg, "unexpected character U+%04X", (unsigned)cp);
                return lex_error(lx, p, err, msg);
            }
            tok->kind = SPARQL_TOK_WORD;
            tok->value = arena_strndup(lx->arena, lx->text + p, q - p);
            if (!tok->value)
                return oom(lx, p, err);
            tok->value_len = q - p;
            lx->pos = q;
        }
        break;
    }
    tok->len = lx->pos - p;
    return 0;
}

const char *sparql_token_kind_name(enum sparql_token_kind kind)
{
    static const char *const names[] = {"end of input",
                                        "IRI",
                                        "prefix name",
                                        "prefixed name",
                                        "blank node label",
                                        "variable",
                                        "language tag",
                                        "integer",
                                        "decimal",
                                        "double",
                                        "string literal",
                                        "'()'",
                                        "'[]'",
                                        "keyword",
                                        "'{'",
                                        "'}'",
                                        "'('",
                                        "')'",
                                        "'['",
                                        "']'",
                                        "'.'",
                                        "';'",
                                        "','",
                                        "'*'",
                                        "'/'",
                                        "'|'",
                                        "'^'",
                                        "'^^'",
                                        "'?'",
                                        "'+'",
                                        "'-'",
                                        "'!'",
                                        "'||'",
                                        "'&&'",
                                        "'='",
                                        "'!='",
                                        "'<'",
                                        "'>'",
                                        "'<='",
                                        "'>='"};

    if ((size_t)kind < sizeof names / sizeof names[0])
        return names[kind];
    return "token";
}
