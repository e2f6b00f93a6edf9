/* value.c - typed interpretation of RDF terms, comparison, equality, the
 * ORDER BY order, effective boolean value, sameTerm and hashing (SPARQL 1.1
 * sections 15.1, 17.2, 17.3; XPath Functions and Operators 3.1 for numbers
 * and dates). See docs/internals/sparql-values.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sparql/value_impl.h"

const char SV_XSD_INTEGER[] = XSD_NS "integer";
const char SV_XSD_DECIMAL[] = XSD_NS "decimal";
const char SV_XSD_FLOAT[] = XSD_NS "float";
const char SV_XSD_DOUBLE[] = XSD_NS "double";
const char SV_XSD_BOOLEAN[] = XSD_NS "boolean";
const char SV_XSD_STRING[] = XSD_NS "string";
const char SV_XSD_DATETIME[] = XSD_NS "dateTime";
const char SV_XSD_DATE[] = XSD_NS "date";
const char SV_XSD_TIME[] = XSD_NS "time";
const char SV_XSD_DAYTIMEDURATION[] = XSD_NS "dayTimeDuration";

#define XSD_NS_LEN (sizeof XSD_NS - 1)

typedef __int128 i128;

/* ---- classification ---- */

/* Range restrictions of the integer types derived from xsd:integer. */
enum int_range {
    R_ANY = 0,
    R_LONG,
    R_INT,
    R_SHORT,
    R_BYTE,
    R_ULONG,
    R_UINT,
    R_USHORT,
    R_UBYTE,
    R_NONNEG,
    R_POS,
    R_NONPOS,
    R_NEG,
};

struct xsd_type {
    const char *local;
    enum sparql_vtype type;
    enum int_range range;
};

static const struct xsd_type XSD_TYPES[] = {
    {"integer", SV_INTEGER, R_ANY},
    {"decimal", SV_DECIMAL, R_ANY},
    {"double", SV_DOUBLE, R_ANY},
    {"float", SV_FLOAT, R_ANY},
    {"boolean", SV_BOOLEAN, R_ANY},
    {"string", SV_STRING, R_ANY},
    {"dateTime", SV_DATETIME, R_ANY},
    {"date", SV_DATE, R_ANY},
    {"time", SV_TIME, R_ANY},
    {"dateTimeStamp", SV_DATETIME, R_ANY},
    {"long", SV_INTEGER, R_LONG},
    {"int", SV_INTEGER, R_INT},
    {"short", SV_INTEGER, R_SHORT},
    {"byte", SV_INTEGER, R_BYTE},
    {"unsignedLong", SV_INTEGER, R_ULONG},
    {"unsignedInt", SV_INTEGER, R_UINT},
    {"unsignedShort", SV_INTEGER, R_USHORT},
    {"unsignedByte", SV_INTEGER, R_UBYTE},
    {"nonNegativeInteger", SV_INTEGER, R_NONNEG},
    {"positiveInteger", SV_INTEGER, R_POS},
    {"nonPositiveInteger", SV_INTEGER, R_NONPOS},
    {"negativeInteger", SV_INTEGER, R_NEG},
};

static const struct xsd_type *xsd_lookup(const char *dt)
{
    size_t i;
    const char *local;

    if (strncmp(dt, XSD_NS, XSD_NS_LEN) != 0)
        return NULL;
    local = dt + XSD_NS_LEN;
    for (i = 0; i < sizeof XSD_TYPES / sizeof XSD_TYPES[0]; i++)
        if (local[0] == XSD_TYPES[i].local[0] && strcmp(local, XSD_TYPES[i].local) == 0)
            return &XSD_TYPES[i];
    return NULL;
}

static int is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void sv_trim(const char **s, size_t *len)
{
    while (*len && is_xml_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_xml_space((*s)[*len - 1]))
        (*len)--;
}

static int in_range(i128 x, enum int_range r)
{
    switch (r) {
    case R_ANY:
        return 1;
    case R_LONG:
        return x >= INT64_MIN && x <= INT64_MAX;
    case R_INT:
        return x >= INT32_MIN && x <= INT32_MAX;
    case R_SHORT:
        return x >= INT16_MIN && x <= INT16_MAX;
    case R_BYTE:
        return x >= INT8_MIN && x <= INT8_MAX;
    case R_ULONG:
        return x >= 0 && x <= (i128)UINT64_MAX;
    case R_UINT:
        return x >= 0 && x <= UINT32_MAX;
    case R_USHORT:
        return x >= 0 && x <= UINT16_MAX;
    case R_UBYTE:
        return x >= 0 && x <= UINT8_MAX;
    case R_NONNEG:
        return x >= 0;
    case R_POS:
        return x > 0;
    case R_NONPOS:
        return x <= 0;
    case R_NEG:
        return x < 0;
    }
    return 0;
}

static int parse_integer(const char *s, size_t len, enum int_range r, struct sparql_value *out)
{
    size_t i = 0;
    int neg = 0;
    int64_t m = 0;
    struct sparql_decimal d;

    if (len && (s[0] == '+' || s[0] == '-'))
        neg = s[i++] == '-';
    if (i == len)
        return -1;
    if (len - i <= 18) { /* fast path: fits int64 without overflow checks */
        for (; i < len; i++) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            m = m * 10 + (s[i] - '0');
        }
        if (neg)
            m = -m;
        if (!in_range(m, r))
            return -1;
        out->v.i = m;
        out->big = 0;
        return 0;
    }
    if (sv_dec_parse(s, len, 0, &d) < 0 || !in_range(d.mant, r))
        return -1;
    if (d.mant >= INT64_MIN && d.mant <= INT64_MAX) {
        out->v.i = (int64_t)d.mant;
        out->big = 0;
    } else {
        out->v.d = d;
        out->big = 1;
    }
    return 0;
}

static int parse_double(const char *s, size_t len, double *out)
{
    char buf[64];
    size_t i = 0;
    int digits = 0;

    if ((len == 3 && memcmp(s, "INF", 3) == 0) || (len == 4 && memcmp(s, "+INF", 4) == 0)) {
        *out = INFINITY;
        return 0;
    }
    if (len == 4 && memcmp(s, "-INF", 4) == 0) {
        *out = -INFINITY;
        return 0;
    }
    if (len == 3 && memcmp(s, "NaN", 3) == 0) {
        *out = NAN;
        return 0;
    }
    /* (+|-)? (digits (. digits?)? | . digits) ([eE] (+|-)? digits)? */
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++, digits++;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, digits++;
    }
    if (!digits)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        int ed = 0;

        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++, ed++;
        if (!ed)
            return -1;
    }
    if (i != len)
        return -1;
    if (len < sizeof buf) {
        memcpy(buf, s, len);
        buf[len] = '\0';
        *out = strtod(buf, NULL);
    } else {
        char *tmp = strndup(s, len); /* very long numerals only */

        if (!tmp)
            return -1;
        *out = strtod(tmp, NULL);
        free(tmp);
    }
    return 0;
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (year 0 = 1 BCE),
 * by counting 400-year eras of 146097 days from March 1st. */
int64_t sv_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 0000-01-01 is day -719528 from 1970-01-01. */
#define DAYS_0000_TO_1970 719528

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int digits_n(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0, k;

    if (*i + (size_t)n > len)
        return -1;
    for (k = 0; k < n; k++) {
        char c = s[*i + (size_t)k];

        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *i += (size_t)n;
    *out = v;
    return 0;
}

static int parse_tz(const char *s, size_t len, size_t *i, struct sparql_value *v)
{
    int hh, mm, neg;

    v->v.dt.has_tz = 0;
    v->v.dt.tz_minutes = 0;
    if (*i == len)
        return 0;
    if (s[*i] == 'Z') {
        (*i)++;
        v->v.dt.has_tz = 1;
        return 0;
    }
    if (s[*i] != '+' && s[*i] != '-')
        return -1;
    neg = s[(*i)++] == '-';
    if (digits_n(s, len, i, 2, &hh) || *i >= len || s[(*i)++] != ':' || digits_n(s, len, i, 2, &mm))
        return -1;
    if (hh > 14 || mm > 59 || (hh == 14 && mm != 0))
        return -1;
    v->v.dt.has_tz = 1;
    v->v.dt.tz_minutes = (int16_t)((neg ? -1 : 1) * (hh * 60 + mm));
    return 0;
}

static int parse_date_part(const char *s, size_t len, size_t *i, int64_t *y, int *m, int *d)
{
    int neg = 0, nd = 0;
    int64_t year = 0;

    if (*i < len && s[*i] == '-') {
        neg = 1;
        (*i)++;
    }
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (nd >= 9) /* keeps seconds within int64 */
            return -1;
        year = year * 10 + (s[*i] - '0');
        nd++;
        (*i)++;
    }
    if (nd < 4 || (nd > 4 && s[*i - (size_t)nd] == '0'))
        return -1;
    *y = neg ? -year : year;
    if (*i >= len || s[(*i)++] != '-' || digits_n(s, len, i, 2, m) || *i >= len ||
        s[(*i)++] != '-' || digits_n(s, len, i, 2, d))
        return -1;
    if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

static int parse_time_part(const char *s, size_t len, size_t *i, int64_t *secs, int32_t *nanos)
{
    int h, mi, sec, nd = 0;
    int32_t ns = 0;

    if (digits_n(s, len, i, 2, &h) || *i >= len || s[(*i)++] != ':' ||
        digits_n(s, len, i, 2, &mi) || *i >= len || s[(*i)++] != ':' ||
        digits_n(s, len, i, 2, &sec))
        return -1;
    if (*i < len && s[*i] == '.') {
        (*i)++;
        while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
            if (nd < 9)
                ns = ns * 10 + (s[*i] - '0');
            nd++;
            (*i)++;
        }
        if (!nd)
            return -1;
        for (; nd < 9; nd++)
            ns *= 10;
    }
    if (mi > 59 || sec > 59 || h > 24 || (h == 24 && (mi || sec || ns)))
        return -1;
    *secs = (int64_t)h * 3600 + mi * 60 + sec;
    *nanos = ns;
    return 0;
}

int sv_parse_datetime(const char *s, size_t len, enum sparql_vtype type, struct sparql_value *v)
{
    size_t i = 0;
    int64_t y = 0, secs = 0;
    int m = 1, d = 1;
    int32_t ns = 0;

    if (type != SV_TIME && parse_date_part(s, len, &i, &y, &m, &d))
        return -1;
    if (type == SV_DATETIME && (i >= len || s[i++] != 'T'))
        return -1;
    if (type != SV_DATE && parse_time_part(s, len, &i, &secs, &ns))
        return -1;
    if (parse_tz(s, len, &i, v) || i != len)
        return -1;
    if (type != SV_TIME)
        secs += (sv_days_from_civil(y, m, d) + DAYS_0000_TO_1970) * 86400;
    if (v->v.dt.has_tz)
        secs -= (int64_t)v->v.dt.tz_minutes * 60;
    v->v.dt.secs = secs;
    v->v.dt.nanos = ns;
    return 0;
}

void sv_civil_from_value(const struct sparql_value *v, struct sv_civil *c)
{
    int64_t local = v->v.dt.secs, days, rem;

    if (v->v.dt.has_tz)
        local += (int64_t)v->v.dt.tz_minutes * 60;
    days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    rem = local - days * 86400;
    memset(c, 0, sizeof *c);
    if (v->type != SV_TIME)
        civil_from_days(days - DAYS_0000_TO_1970, &c->year, &c->month, &c->day);
    c->hour = (int)(rem / 3600);
    c->minute = (int)(rem / 60 % 60);
    c->second = (int)(rem % 60);
    c->nanos = v->v.dt.nanos;
}

/* ---- from terms ---- */

static void classify_literal(struct sparql_value *out)
{
    const struct term *t = &out->term;
    const struct xsd_type *x;
    const char *s = t->value;
    size_t len = t->len;

    if (t->lang) {
        out->type = SV_LANG;
        return;
    }
    if (!t->datatype) {
        out->type = SV_STRING;
        return;
    }
    x = xsd_lookup(t->datatype);
    out->type = SV_OTHER;
    if (!x) {
        if (strcmp(t->datatype, RDF_NS "langString") == 0)
            out->type = SV_OTHER; /* a langString without a tag is ill-formed */
        return;
    }
    if (x->type == SV_STRING) {
        out->type = SV_STRING;
        return;
    }
    sv_trim(&s, &len);
    switch (x->type) {
    case SV_INTEGER:
        if (parse_integer(s, len, x->range, out) == 0)
            out->type = SV_INTEGER;
        break;
    case SV_DECIMAL:
        if (sv_dec_parse(s, len, 1, &out->v.d) == 0)
            out->type = SV_DECIMAL;
        break;
    case SV_FLOAT:
    case SV_DOUBLE:
        if (parse_double(s, len, &out->v.f) == 0) {
            if (x->type == SV_FLOAT)
                out->v.f = (float)out->v.f;
            out->type = x->type;
        }
        break;
    case SV_BOOLEAN:
        if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1')) {
            out->type = SV_BOOLEAN;
            out->v.b = 1;
        } else if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0')) {
            out->type = SV_BOOLEAN;
            out->v.b = 0;
        }
        break;
    case SV_DATETIME:
    case SV_DATE:
    case SV_TIME:
        if (sv_parse_datetime(s, len, x->type, out) == 0) {
            out->type = x->type;
            if (!out->v.dt.has_tz && strcmp(x->local, "dateTimeStamp") == 0)
                out->type = SV_OTHER; /* dateTimeStamp requires a timezone */
        }
        break;
    default:
        break;
    }
}

void sparql_value_from_term(const struct term *t, struct sparql_value *out)
{
    memset(out, 0, sizeof *out);
    out->term = *t;
    switch (t->kind) {
    case TERM_IRI:
        out->type = SV_IRI;
        break;
    case TERM_BLANK:
        out->type = SV_BLANK;
        break;
    case TERM_LITERAL:
        classify_literal(out);
        break;
    default:
        out->type = SV_UNBOUND;
        break;
    }
}

/* ---- constructors and lexical forms ---- */

static void make_literal(struct sparql_value *out, enum sparql_vtype type, const char *dt)
{
    memset(out, 0, sizeof *out);
    out->type = type;
    out->term.kind = TERM_LITERAL;
    out->term.datatype = dt;
}

void sv_make_integer(struct sparql_value *out, int64_t i)
{
    make_literal(out, SV_INTEGER, SV_XSD_INTEGER);
    out->v.i = i;
}

void sv_make_big_integer(struct sparql_value *out, const struct sparql_decimal *d)
{
    struct sparql_decimal x = *d;

    if (x.scale > 0) {
        sv_dec_normalise(&x);
        while (x.scale > 0) { /* truncation toward zero */
            x.mant /= 10;
            x.scale--;
        }
    }
    if (x.mant >= INT64_MIN && x.mant <= INT64_MAX) {
        sv_make_integer(out, (int64_t)x.mant);
        return;
    }
    make_literal(out, SV_INTEGER, SV_XSD_INTEGER);
    out->v.d = x;
    out->big = 1;
}

void sv_make_decimal(struct sparql_value *out, const struct sparql_decimal *d)
{
    make_literal(out, SV_DECIMAL, SV_XSD_DECIMAL);
    out->v.d = *d;
}

void sv_make_double(struct sparql_value *out, double f, int is_float)
{
    make_literal(out, is_float ? SV_FLOAT : SV_DOUBLE, is_float ? SV_XSD_FLOAT : SV_XSD_DOUBLE);
    out->v.f = is_float ? (float)f : f;
}

void sv_make_boolean(struct sparql_value *out, int b)
{
    make_literal(out, SV_BOOLEAN, SV_XSD_BOOLEAN);
    out->v.b = b != 0;
    out->term.value = b ? "true" : "false";
    out->term.len = b ? 4 : 5;
}

void sv_make_string(struct sparql_value *out, const char *s, size_t len, const char *lang)
{
    memset(out, 0, sizeof *out);
    out->type = lang ? SV_LANG : SV_STRING;
    out->term.kind = TERM_LITERAL;
    out->term.value = s;
    out->term.len = len;
    out->term.lang = lang;
}

const char *sv_lex(const struct sparql_value *v, char *buf, size_t *len)
{
    struct sparql_decimal d;

    if (v->term.value || v->term.kind != TERM_LITERAL) {
        *len = v->term.len;
        return v->term.value ? v->term.value : "";
    }
    switch (v->type) {
    case SV_INTEGER:
        if (v->big) {
            *len = sv_dec_format(&v->v.d, 1, buf);
        } else {
            d.mant = v->v.i;
            d.scale = 0;
            *len = sv_dec_format(&d, 1, buf);
        }
        break;
    case SV_DECIMAL:
        *len = sv_dec_format(&v->v.d, 0, buf);
        break;
    case SV_FLOAT:
    case SV_DOUBLE:
        *len = sv_double_format(v->v.f, v->type == SV_FLOAT, buf);
        break;
    case SV_BOOLEAN:
        strcpy(buf, v->v.b ? "true" : "false");
        *len = strlen(buf);
        break;
    default:
        buf[0] = '\0';
        *len = 0;
        break;
    }
    return buf;
}

int sparql_value_lexical(struct sparql_value *v, struct arena *arena)
{
    char buf[SV_LEX_BUF];
    size_t len;
    const char *s;
    char *copy;

    if (v->term.value || v->term.kind != TERM_LITERAL)
        return 0;
    s = sv_lex(v, buf, &len);
    copy = arena_strndup(arena, s, len);
    if (!copy)
        return -1;
    v->term.value = copy;
    v->term.len = len;
    return 0;
}

/* ---- numbers ---- */

int sv_is_numeric(const struct sparql_value *v)
{
    return v->type == SV_INTEGER || v->type == SV_DECIMAL || v->type == SV_FLOAT ||
           v->type == SV_DOUBLE;
}

void sv_to_decimal(const struct sparql_value *v, struct sparql_decimal *out)
{
    if (v->type == SV_DECIMAL || (v->type == SV_INTEGER && v->big)) {
        *out = v->v.d;
    } else {
        out->mant = v->v.i;
        out->scale = 0;
    }
}

double sv_to_double(const struct sparql_value *v)
{
    struct sparql_decimal d;

    switch (v->type) {
    case SV_FLOAT:
    case SV_DOUBLE:
        return v->v.f;
    case SV_INTEGER:
        if (!v->big)
            return (double)v->v.i;
        /* fall through */
    case SV_DECIMAL:
        sv_to_decimal(v, &d);
        return sv_dec_to_double(&d);
    default:
        return NAN;
    }
}

static int num_rank(enum sparql_vtype t)
{
    switch (t) {
    case SV_INTEGER:
        return 0;
    case SV_DECIMAL:
        return 1;
    case SV_FLOAT:
        return 2;
    default:
        return 3;
    }
}

int sv_arith(int op, const struct sparql_value *a, const struct sparql_value *b,
             struct sparql_value *out)
{
    int rank;
    struct sparql_decimal x, y, r;
    int64_t i;
    int overflow = 0;

    if (!sv_is_numeric(a) || !sv_is_numeric(b))
        return 1;
    rank = num_rank(a->type) > num_rank(b->type) ? num_rank(a->type) : num_rank(b->type);
    if (rank >= 2) {
        double fa = sv_to_double(a), fb = sv_to_double(b), f;

        if (rank == 2) {
            fa = (float)fa;
            fb = (float)fb;
        }
        switch (op) {
        case '+':
            f = fa + fb;
            break;
        case '-':
            f = fa - fb;
            break;
        case '*':
            f = fa * fb;
            break;
        default:
            f = fa / fb;
            break;
        }
        sv_make_double(out, f, rank == 2);
        return 0;
    }
    if (rank == 0 && op != '/' && !a->big && !b->big) {
        switch (op) {
        case '+':
            overflow = __builtin_add_overflow(a->v.i, b->v.i, &i);
            break;
        case '-':
            overflow = __builtin_sub_overflow(a->v.i, b->v.i, &i);
            break;
        default:
            overflow = __builtin_mul_overflow(a->v.i, b->v.i, &i);
            break;
        }
        if (!overflow) {
            sv_make_integer(out, i);
            return 0;
        }
    }
    sv_to_decimal(a, &x);
    sv_to_decimal(b, &y);
    switch (op) {
    case '+':
        overflow = sv_dec_add(&x, &y, &r);
        break;
    case '-':
        overflow = sv_dec_sub(&x, &y, &r);
        break;
    case '*':
        overflow = sv_dec_mul(&x, &y, &r);
        break;
    default:
        overflow = sv_dec_div(&x, &y, &r);
        break;
    }
    if (overflow)
        return 1;
    if (rank == 0 && op != '/')
        sv_make_big_integer(out, &r);
    else
        sv_make_decimal(out, &r);
    return 0;
}

/* ---- comparison ---- */

static int cmp_bytes(const char *a, size_t la, const char *b, size_t lb)
{
    int c = memcmp(a, b, la < lb ? la : lb);

    if (c)
        return c < 0 ? -1 : 1;
    return (la > lb) - (la < lb);
}

/* XPath 3.1 10.4 with an implicit timezone that may be anything from -14:00
 * to +14:00: comparing a value with a timezone and one without is
 * indeterminate (3) when they lie within 14 hours of each other. */
static int cmp_datetime(const struct sparql_value *a, const struct sparql_value *b)
{
    int64_t as = a->v.dt.secs, bs = b->v.dt.secs;
    int32_t an = a->v.dt.nanos, bn = b->v.dt.nanos;
    const int64_t w = 14 * 3600;

    if (a->v.dt.has_tz == b->v.dt.has_tz) {
        if (as != bs)
            return as < bs ? -1 : 1;
        return (an > bn) - (an < bn);
    }
    if (!a->v.dt.has_tz) {
        /* a local: its UTC instant lies in [as - 14h, as + 14h]. */
        if (as + w < bs || (as + w == bs && an < bn))
            return -1;
        if (as - w > bs || (as - w == bs && an > bn))
            return 1;
        return 3;
    }
    if (bs + w < as || (bs + w == as && bn < an))
        return 1;
    if (bs - w > as || (bs - w == as && bn > an))
        return -1;
    return 3;
}

int sv_compare(const struct sparql_value *a, const struct sparql_value *b, int *cmp)
{
    char ba[SV_LEX_BUF], bb[SV_LEX_BUF];
    const char *sa, *sb;
    size_t la, lb;

    if (sv_is_numeric(a) && sv_is_numeric(b)) {
        int ra = num_rank(a->type), rb = num_rank(b->type);

        if (ra >= 2 || rb >= 2) {
            double fa = sv_to_double(a), fb = sv_to_double(b);

            if (isnan(fa) || isnan(fb))
                *cmp = 2;
            else
                *cmp = (fa > fb) - (fa < fb);
        } else if (!a->big && !b->big && a->type == SV_INTEGER && b->type == SV_INTEGER) {
            *cmp = (a->v.i > b->v.i) - (a->v.i < b->v.i);
        } else {
            struct sparql_decimal x, y;

            sv_to_decimal(a, &x);
            sv_to_decimal(b, &y);
            *cmp = sv_dec_cmp(&x, &y);
        }
        return 0;
    }
    if (a->type != b->type)
        return 1;
    switch (a->type) {
    case SV_STRING:
        sa = sv_lex(a, ba, &la);
        sb = sv_lex(b, bb, &lb);
        *cmp = cmp_bytes(sa, la, sb, lb);
        return 0;
    case SV_BOOLEAN:
        *cmp = (a->v.b > b->v.b) - (a->v.b < b->v.b);
        return 0;
    case SV_DATETIME:
    case SV_DATE:
    case SV_TIME:
        *cmp = cmp_datetime(a, b);
        return *cmp == 3;
    default:
        return 1;
    }
}

static int lang_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcasecmp(a, b) == 0;
}

static int datatype_eq(const char *a, const char *b)
{
    if (a && strcmp(a, SV_XSD_STRING) == 0)
        a = NULL;
    if (b && strcmp(b, SV_XSD_STRING) == 0)
        b = NULL;
    if (!a || !b)
        return a == b;
    return a == b || strcmp(a, b) == 0;
}

int sparql_value_same_term(const struct sparql_value *a, const struct sparql_value *b)
{
    char ba[SV_LEX_BUF], bb[SV_LEX_BUF];
    const char *sa, *sb;
    size_t la, lb;

    if (a->id && b->id)
        return a->id == b->id;
    if (a->term.kind != b->term.kind)
        return 0;
    if (a->term.kind == TERM_LITERAL &&
        (!lang_eq(a->term.lang, b->term.lang) || !datatype_eq(a->term.datatype, b->term.datatype)))
        return 0;
    sa = sv_lex(a, ba, &la);
    sb = sv_lex(b, bb, &lb);
    return la == lb && memcmp(sa, sb, la) == 0;
}

int sparql_value_equal(const struct sparql_value *a, const struct sparql_value *b, int *out)
{
    int c;
    char ba[SV_LEX_BUF], bb[SV_LEX_BUF];
    const char *sa, *sb;
    size_t la, lb;

    if (a->type == SV_UNBOUND || b->type == SV_UNBOUND)
        return 1;
    if (a->type == SV_IRI || a->type == SV_BLANK || b->type == SV_IRI || b->type == SV_BLANK) {
        *out = sparql_value_same_term(a, b);
        return 0;
    }
    if (a->type == SV_OTHER || b->type == SV_OTHER) {
        /* RDFterm-equal: two literals of unknown meaning that differ may
         * still denote the same value. */
        if (sparql_value_same_term(a, b)) {
            *out = 1;
            return 0;
        }
        return 1;
    }
    if (a->type == SV_LANG || b->type == SV_LANG) {
        if (a->type != b->type) {
            *out = 0;
            return 0;
        }
        sa = sv_lex(a, ba, &la);
        sb = sv_lex(b, bb, &lb);
        *out = lang_eq(a->term.lang, b->term.lang) && la == lb && memcmp(sa, sb, la) == 0;
        return 0;
    }
    if (sv_compare(a, b, &c) == 0) {
        *out = c == 0;
        return 0;
    }
    if ((a->type == b->type) || (sv_is_numeric(a) && sv_is_numeric(b)))
        return 1; /* indeterminate dateTime comparison */
    *out = 0;     /* different known value spaces never hold equal values */
    return 0;
}

int sparql_value_ebv(const struct sparql_value *v, int *out)
{
    switch (v->type) {
    case SV_BOOLEAN:
        *out = v->v.b;
        return 0;
    case SV_STRING:
    case SV_LANG:
        *out = v->term.len > 0;
        return 0;
    case SV_INTEGER:
        *out = v->big ? v->v.d.mant != 0 : v->v.i != 0;
        return 0;
    case SV_DECIMAL:
        *out = v->v.d.mant != 0;
        return 0;
    case SV_FLOAT:
    case SV_DOUBLE:
        *out = !(isnan(v->v.f) || v->v.f == 0);
        return 0;
    case SV_OTHER: {
        /* An ill-typed boolean or number has EBV false (17.2.2). */
        const struct xsd_type *x = v->term.datatype ? xsd_lookup(v->term.datatype) : NULL;

        if (x && (x->type == SV_BOOLEAN || x->type == SV_INTEGER || x->type == SV_DECIMAL ||
                  x->type == SV_FLOAT || x->type == SV_DOUBLE)) {
            *out = 0;
            return 0;
        }
        return 1;
    }
    default:
        return 1;
    }
}

/* ---- ORDER BY ---- */

static int order_rank(const struct sparql_value *v)
{
    switch (v->type) {
    case SV_UNBOUND:
        return 0;
    case SV_BLANK:
        return 1;
    case SV_IRI:
        return 2;
    case SV_INTEGER:
    case SV_DECIMAL:
    case SV_FLOAT:
    case SV_DOUBLE:
        return 3;
    case SV_STRING:
        return 4;
    case SV_LANG:
        return 5;
    case SV_BOOLEAN:
        return 6;
    case SV_DATETIME:
        return 7;
    case SV_DATE:
        return 8;
    case SV_TIME:
        return 9;
    default:
        return 10;
    }
}

static int cmp_str0(const char *a, const char *b)
{
    int c;

    if (!a || !b)
        return (a != NULL) - (b != NULL);
    c = strcmp(a, b);
    return (c > 0) - (c < 0);
}

int sparql_value_order(const struct sparql_value *a, const struct sparql_value *b)
{
    int ra = order_rank(a), rb = order_rank(b), c;
    char ba[SV_LEX_BUF], bb[SV_LEX_BUF];
    const char *sa, *sb;
    size_t la, lb;

    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == 0)
        return 0;
    switch (a->type) {
    case SV_INTEGER:
    case SV_DECIMAL:
    case SV_FLOAT:
    case SV_DOUBLE: {
        int na = sv_to_double(a) != sv_to_double(a), nb = sv_to_double(b) != sv_to_double(b);

        if (na || nb) { /* NaN first */
            if (na != nb)
                return na ? -1 : 1;
            break;
        }
        sv_compare(a, b, &c);
        if (c)
            return c;
        break;
    }
    case SV_BOOLEAN:
        if (a->v.b != b->v.b)
            return a->v.b < b->v.b ? -1 : 1;
        break;
    case SV_DATETIME:
    case SV_DATE:
    case SV_TIME: {
        /* Total order: local values compared as if UTC, ties: without
         * timezone first. */
        int64_t as = a->v.dt.secs, bs = b->v.dt.secs;

        if (as != bs)
            return as < bs ? -1 : 1;
        if (a->v.dt.nanos != b->v.dt.nanos)
            return a->v.dt.nanos < b->v.dt.nanos ? -1 : 1;
        if (a->v.dt.has_tz != b->v.dt.has_tz)
            return a->v.dt.has_tz ? 1 : -1;
        break;
    }
    case SV_LANG:
        c = a->term.lang && b->term.lang ? strcasecmp(a->term.lang, b->term.lang) : 0;
        if (c)
            return c < 0 ? -1 : 1;
        break;
    default:
        break;
    }
    sa = sv_lex(a, ba, &la);
    sb = sv_lex(b, bb, &lb);
    c = cmp_bytes(sa, la, sb, lb);
    if (c)
        return c;
    if (a->term.kind == TERM_LITERAL) {
        c = cmp_str0(a->term.datatype, b->term.datatype);
        if (c && !datatype_eq(a->term.datatype, b->term.datatype))
            return c;
        if (a->term.lang && b->term.lang)
            return cmp_str0(a->term.lang, b->term.lang);
    }
    return 0;
}

/* ---- hashing ---- */

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL; /* FNV-1a */
    }
    return h;
}

uint64_t sparql_value_hash(const struct sparql_value *v)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    char buf[SV_LEX_BUF];
    const char *s;
    size_t len, i;
    unsigned char kind = (unsigned char)v->term.kind;

    h = mix(h, &kind, 1);
    s = sv_lex(v, buf, &len);
    h = mix(h, s, len);
    if (v->term.kind == TERM_LITERAL) {
        if (v->term.datatype && strcmp(v->term.datatype, SV_XSD_STRING) != 0)
            h = mix(h, v->term.datatype, strlen(v->term.datatype));
        if (v->term.lang) {
            for (i = 0; v->term.lang[i]; i++) {
                unsigned char c = (unsigned char)v->term.lang[i];

                if (c >= 'A' && c <= 'Z')
                    c = (unsigned char)(c + 32);
                h = mix(h, &c, 1);
            }
        }
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}
