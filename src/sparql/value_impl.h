/* value_impl.h - helpers shared by value.c, functions.c, aggregate.c and
 * fn_*.c (not part of the module's interface; see value.h).
 *
 * A computed value may be "lazy": term.kind is TERM_LITERAL, term.value is
 * NULL and term.datatype is one of the static XSD_* strings below; its
 * lexical form is the canonical form of its typed value and is written only
 * when someone needs it (sparql_value_lexical, or into a stack buffer by
 * sv_lex for comparisons and hashing). */
#ifndef FUNDAMENT_SPARQL_VALUE_IMPL_H
#define FUNDAMENT_SPARQL_VALUE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "sparql/value.h"

extern const char SV_XSD_INTEGER[];
extern const char SV_XSD_DECIMAL[];
extern const char SV_XSD_FLOAT[];
extern const char SV_XSD_DOUBLE[];
extern const char SV_XSD_BOOLEAN[];
extern const char SV_XSD_STRING[];
extern const char SV_XSD_DATETIME[];
extern const char SV_XSD_DATE[];
extern const char SV_XSD_TIME[];
extern const char SV_XSD_DAYTIMEDURATION[];

#define SV_DEC_MAX_SCALE 38
/* Digits after the point of a non-terminating decimal quotient. */
#define SV_DIV_SCALE 20
/* Room for any canonical numeric or boolean lexical form. */
#define SV_LEX_BUF 80

/* Decimal arithmetic: 0 on success, 1 when the result does not fit (the
 * caller raises a SPARQL error). */
int sv_dec_add(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out);
int sv_dec_sub(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out);
int sv_dec_mul(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out);
/* 1 also for division by zero. */
int sv_dec_div(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out);
int sv_dec_cmp(const struct sparql_decimal *a, const struct sparql_decimal *b);
double sv_dec_to_double(const struct sparql_decimal *d);
void sv_dec_normalise(struct sparql_decimal *d); /* strip trailing zeros */
/* Makes an integral value with scale 0 carry one fractional digit (2 ->
 * 2.0), unless that overflows. */
void sv_dec_min_scale1(struct sparql_decimal *d);
/* Writes the canonical form: trailing zeros dropped, "2.0" for an integral
 * value with a scale above 0, "2" for one with scale 0 or as_integer. */
size_t sv_dec_format(const struct sparql_decimal *d, int as_integer, char *buf);
/* Parses an xsd:decimal (allow_point) or xsd:integer lexical form without
 * surrounding blanks; 0 or -1. */
int sv_dec_parse(const char *s, size_t len, int allow_point, struct sparql_decimal *out);
/* Canonical XSD double/float form ("1.0E0", "-INF", "NaN"). */
size_t sv_double_format(double f, int is_float, char *buf);

/* Numeric view of a value: the value as a decimal (SV_INTEGER/SV_DECIMAL). */
void sv_to_decimal(const struct sparql_value *v, struct sparql_decimal *out);
double sv_to_double(const struct sparql_value *v);
int sv_is_numeric(const struct sparql_value *v);

/* Result constructors (lazy lexical form, no allocation). */
void sv_make_integer(struct sparql_value *out, int64_t i);
void sv_make_decimal(struct sparql_value *out, const struct sparql_decimal *d);
void sv_make_big_integer(struct sparql_value *out, const struct sparql_decimal *d);
void sv_make_double(struct sparql_value *out, double f, int is_float);
void sv_make_boolean(struct sparql_value *out, int b);
/* A simple (lang NULL) or language-tagged string over shared bytes. */
void sv_make_string(struct sparql_value *out, const char *s, size_t len, const char *lang);

/* Lexical form of v: its term's, or the canonical form written into buf
 * (SV_LEX_BUF bytes) for a lazy value. */
const char *sv_lex(const struct sparql_value *v, char *buf, size_t *len);

/* Arithmetic with promotion (17.3, XPath op:numeric-*): 0 or 1 on error. */
int sv_arith(int op, const struct sparql_value *a, const struct sparql_value *b,
             struct sparql_value *out);
/* Value comparison for < > <= >=, and = when both are comparable: 0 with
 * *cmp (-1/0/1, or 2 for "unordered": NaN), 1 on a type error. */
int sv_compare(const struct sparql_value *a, const struct sparql_value *b, int *cmp);

/* Date/time: civil fields from a value's local time. */
struct sv_civil {
    int64_t year;
    int month, day, hour, minute, second;
    int32_t nanos;
};
void sv_civil_from_value(const struct sparql_value *v, struct sv_civil *c);
int64_t sv_days_from_civil(int64_t y, int m, int d);
/* Parses an xsd:dateTime (type SV_DATETIME), xsd:date or xsd:time lexical
 * form into v->v.dt; 0 or -1. */
int sv_parse_datetime(const char *s, size_t len, enum sparql_vtype type, struct sparql_value *v);

/* Trims XML whitespace from both ends. */
void sv_trim(const char **s, size_t *len);

/* ---- built-in functions (functions.c, fn_string.c, fn_hash.c) ---- */

/* One call of a strict built-in: its arguments are already evaluated. */
struct sv_call {
    const struct sparql_expr *e;
    const struct sparql_expr_env *env;
    struct sparql_value *args;
    size_t nargs;
    struct error *err;
};

/* A built-in: 0 with *out, 1 on a SPARQL error, -1 on a hard failure. */
typedef int (*sv_fn)(struct sv_call *c, struct sparql_value *out);

/* len + 1 bytes in the arena, or NULL with err set (out of memory). */
char *sv_alloc(struct sv_call *c, size_t len);
int sv_oom(struct sv_call *c); /* sets err, returns -1 */

int sv_fn_strlen(struct sv_call *c, struct sparql_value *out);
int sv_fn_substr(struct sv_call *c, struct sparql_value *out);
int sv_fn_ucase(struct sv_call *c, struct sparql_value *out);
int sv_fn_lcase(struct sv_call *c, struct sparql_value *out);
int sv_fn_strstarts(struct sv_call *c, struct sparql_value *out);
int sv_fn_strends(struct sv_call *c, struct sparql_value *out);
int sv_fn_contains(struct sv_call *c, struct sparql_value *out);
int sv_fn_strbefore(struct sv_call *c, struct sparql_value *out);
int sv_fn_strafter(struct sv_call *c, struct sparql_value *out);
int sv_fn_encode_for_uri(struct sv_call *c, struct sparql_value *out);
int sv_fn_concat(struct sv_call *c, struct sparql_value *out);
int sv_fn_langmatches(struct sv_call *c, struct sparql_value *out);
int sv_fn_regex(struct sv_call *c, struct sparql_value *out);
int sv_fn_replace(struct sv_call *c, struct sparql_value *out);
int sv_fn_md5(struct sv_call *c, struct sparql_value *out);
int sv_fn_sha1(struct sv_call *c, struct sparql_value *out);
int sv_fn_sha256(struct sv_call *c, struct sparql_value *out);
int sv_fn_sha384(struct sv_call *c, struct sparql_value *out);
int sv_fn_sha512(struct sv_call *c, struct sparql_value *out);

/* Digests (fn_hash.c; RFC 1321, FIPS 180-4). */
void sv_md5(const void *data, size_t len, unsigned char out[16]);
void sv_sha1(const void *data, size_t len, unsigned char out[20]);
void sv_sha256(const void *data, size_t len, unsigned char out[32]);
void sv_sha384(const void *data, size_t len, unsigned char out[48]);
void sv_sha512(const void *data, size_t len, unsigned char out[64]);

#endif
