/* functions.c - expression evaluation (SPARQL 1.1 section 17): logical
 * operators with the error rules of 17.2, comparisons, arithmetic, the
 * functional forms (BOUND, IF, COALESCE, EXISTS, IN), term, numeric and
 * date built-ins, casts (17.5). String built-ins are in fn_string.c,
 * digests in fn_hash.c. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "sparql/iri.h"
#include "sparql/value_impl.h"

typedef __int128 i128;

static int eval(const struct sparql_expr *e, const struct sparql_expr_env *env,
                struct sparql_value *out, struct error *err);

char *sv_alloc(struct sv_call *c, size_t len)
{
    char *p = c->env->arena ? arena_alloc(c->env->arena, len + 1) : NULL;

    if (!p)
        sv_oom(c);
    return p;
}

int sv_oom(struct sv_call *c)
{
    error_set(c->err, "out of memory while evaluating an expression");
    return -1;
}

static void make_iri(struct sparql_value *out, const char *iri)
{
    memset(out, 0, sizeof *out);
    out->type = SV_IRI;
    out->term.kind = TERM_IRI;
    out->term.value = iri;
    out->term.len = strlen(iri);
}

static int materialise(struct sv_call *c, struct sparql_value *v)
{
    if (!c->env->arena)
        return sv_oom(c);
    if (sparql_value_lexical(v, c->env->arena) < 0)
        return sv_oom(c);
    return 0;
}

/* ---- term functions (17.4.2) ---- */

static int fn_str(struct sv_call *c, struct sparql_value *out)
{
    struct sparql_value v = c->args[0];

    if (v.type == SV_BLANK || v.type == SV_UNBOUND)
        return 1;
    if (materialise(c, &v))
        return -1;
    sv_make_string(out, v.term.value, v.term.len, NULL);
    return 0;
}

static int fn_lang(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];

    if (v->term.kind != TERM_LITERAL)
        return 1;
    if (v->term.lang)
        sv_make_string(out, v->term.lang, strlen(v->term.lang), NULL);
    else
        sv_make_string(out, "", 0, NULL);
    return 0;
}

static int fn_datatype(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];

    if (v->term.kind != TERM_LITERAL)
        return 1;
    if (v->term.lang)
        make_iri(out, RDF_NS "langString");
    else
        make_iri(out, v->term.datatype ? v->term.datatype : SV_XSD_STRING);
    return 0;
}

static int fn_iri(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];
    char *iri;

    if (v->type == SV_IRI) {
        *out = *v;
        return 0;
    }
    if (v->type != SV_STRING)
        return 1;
    if (!c->env->arena)
        return sv_oom(c);
    iri = sparql_iri_resolve(c->env->arena, c->env->base, v->term.value);
    if (!iri)
        return sv_oom(c);
    make_iri(out, iri);
    return 0;
}

static uint64_t fnv(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* BNODE(): prefix + a per-query counter. BNODE(str): prefix + "s" + the
 * solution number + "_" + a 64-bit hash of the string, so the same string
 * gives the same node within one solution and a different one in the
 * next. */
static int fn_bnode(struct sv_call *c, struct sparql_value *out)
{
    const char *prefix = c->env->bnode_prefix ? c->env->bnode_prefix : "b";
    char buf[96];
    char *label;
    int n;

    if (c->nargs == 0) {
        unsigned long k = 0;

        if (c->env->bnode_counter)
            k = ++*c->env->bnode_counter;
        n = snprintf(buf, sizeof buf, "%lu", k);
    } else {
        const struct sparql_value *v = &c->args[0];

        if (v->type != SV_STRING)
            return 1;
        n = snprintf(buf, sizeof buf, "s%lu_%016llx", c->env->solution,
                     (unsigned long long)fnv(v->term.value, v->term.len));
    }
    label = sv_alloc(c, strlen(prefix) + (size_t)n);
    if (!label)
        return -1;
    strcpy(label, prefix);
    strcat(label, buf);
    memset(out, 0, sizeof *out);
    out->type = SV_BLANK;
    out->term.kind = TERM_BLANK;
    out->term.value = label;
    out->term.len = strlen(label);
    return 0;
}

/* BCP 47 shape (SPARQL LANGTAG): letters, then "-" subtags of letters and
 * digits, each 1 to 8 characters. */
static int valid_lang_tag(const char *s, size_t len)
{
    size_t i, run = 0;
    int first = 1;

    for (i = 0; i < len; i++) {
        char ch = s[i];

        if (ch == '-') {
            if (run == 0)
                return 0;
            run = 0;
            first = 0;
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                   (!first && ch >= '0' && ch <= '9')) {
            if (++run > 8)
                return 0;
        } else {
            return 0;
        }
    }
    return run > 0;
}

static int fn_strlang(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0], *l = &c->args[1];

    if (v->type != SV_STRING || l->type != SV_STRING || !valid_lang_tag(l->term.value, l->term.len))
        return 1;
    sv_make_string(out, v->term.value, v->term.len, l->term.value);
    return 0;
}

static int fn_strdt(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0], *d = &c->args[1];
    struct term t;

    if (v->type != SV_STRING || d->type != SV_IRI)
        return 1;
    t.kind = TERM_LITERAL;
    t.value = v->term.value;
    t.len = v->term.len;
    t.lang = NULL;
    t.datatype = strcmp(d->term.value, SV_XSD_STRING) == 0 ? NULL : d->term.value;
    sparql_value_from_term(&t, out);
    return 0;
}

static int random_bytes(unsigned char *b, size_t n)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = getrandom(b + got, n - got, 0);

        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

static int uuid_string(struct sv_call *c, const char *prefix, const char **out, size_t *len)
{
    unsigned char b[16];
    size_t pl = strlen(prefix), i, o;
    char *p;

    if (random_bytes(b, sizeof b) < 0) {
        error_set(c->err, "no random numbers for UUID()");
        return -1;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 (RFC 4122 4.4) */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    p = sv_alloc(c, pl + 36);
    if (!p)
        return -1;
    memcpy(p, prefix, pl);
    o = pl;
    for (i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            p[o++] = '-';
        o += (size_t)sprintf(p + o, "%02x", b[i]);
    }
    *out = p;
    *len = o;
    return 0;
}

static int fn_uuid(struct sv_call *c, struct sparql_value *out)
{
    const char *s;
    size_t len;

    if (uuid_string(c, "urn:uuid:", &s, &len))
        return -1;
    make_iri(out, s);
    return 0;
}

static int fn_struuid(struct sv_call *c, struct sparql_value *out)
{
    const char *s;
    size_t len;

    if (uuid_string(c, "", &s, &len))
        return -1;
    sv_make_string(out, s, len, NULL);
    return 0;
}

static int fn_sameterm(struct sv_call *c, struct sparql_value *out)
{
    sv_make_boolean(out, sparql_value_same_term(&c->args[0], &c->args[1]));
    return 0;
}

static int fn_isiri(struct sv_call *c, struct sparql_value *out)
{
    sv_make_boolean(out, c->args[0].type == SV_IRI);
    return 0;
}

static int fn_isblank(struct sv_call *c, struct sparql_value *out)
{
    sv_make_boolean(out, c->args[0].type == SV_BLANK);
    return 0;
}

static int fn_isliteral(struct sv_call *c, struct sparql_value *out)
{
    sv_make_boolean(out, c->args[0].term.kind == TERM_LITERAL);
    return 0;
}

static int fn_isnumeric(struct sv_call *c, struct sparql_value *out)
{
    sv_make_boolean(out, sv_is_numeric(&c->args[0]));
    return 0;
}

/* ---- numeric functions (17.4.4) ---- */

static i128 pow10_128(int k)
{
    i128 p = 1;

    while (k-- > 0)
        p *= 10;
    return p;
}

/* mode: 'f' floor, 'c' ceiling, 'r' round half up (fn:round). */
static void dec_round(const struct sparql_decimal *d, int mode, struct sparql_decimal *out)
{
    i128 p = pow10_128(d->scale), q = d->mant / p, r = d->mant % p;

    if (r != 0) {
        if (mode == 'f' && r < 0)
            q--;
        else if (mode == 'c' && r > 0)
            q++;
        else if (mode == 'r' && (r > 0 ? 2 * r >= p : -2 * r > p))
            q += r > 0 ? 1 : -1;
    }
    out->mant = q;
    out->scale = 0;
}

static int round_common(struct sv_call *c, struct sparql_value *out, int mode)
{
    const struct sparql_value *v = &c->args[0];
    struct sparql_decimal d;
    double f;

    switch (v->type) {
    case SV_INTEGER:
        *out = *v;
        if (!v->big)
            sv_make_integer(out, v->v.i);
        else
            sv_make_big_integer(out, &v->v.d);
        return 0;
    case SV_DECIMAL:
        dec_round(&v->v.d, mode, &d);
        sv_make_decimal(out, &d);
        return 0;
    case SV_FLOAT:
    case SV_DOUBLE:
        f = v->v.f;
        if (mode == 'f')
            f = floor(f);
        else if (mode == 'c')
            f = ceil(f);
        else if (isfinite(f))
            f = copysign(f - floor(f) >= 0.5 ? floor(f) + 1 : floor(f), f);
        sv_make_double(out, f, v->type == SV_FLOAT);
        return 0;
    default:
        return 1;
    }
}

static int fn_floor(struct sv_call *c, struct sparql_value *out)
{
    return round_common(c, out, 'f');
}

static int fn_ceil(struct sv_call *c, struct sparql_value *out)
{
    return round_common(c, out, 'c');
}

static int fn_round(struct sv_call *c, struct sparql_value *out)
{
    return round_common(c, out, 'r');
}

static int negate(const struct sparql_value *v, struct sparql_value *out)
{
    struct sparql_decimal d;

    switch (v->type) {
    case SV_INTEGER:
        if (!v->big && v->v.i != INT64_MIN) {
            sv_make_integer(out, -v->v.i);
        } else {
            sv_to_decimal(v, &d);
            d.mant = -d.mant;
            sv_make_big_integer(out, &d);
        }
        return 0;
    case SV_DECIMAL:
        d = v->v.d;
        d.mant = -d.mant;
        sv_make_decimal(out, &d);
        return 0;
    case SV_FLOAT:
    case SV_DOUBLE:
        sv_make_double(out, -v->v.f, v->type == SV_FLOAT);
        return 0;
    default:
        return 1;
    }
}

static int fn_abs(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];

    if (!sv_is_numeric(v))
        return 1;
    if ((v->type == SV_INTEGER && (v->big ? v->v.d.mant < 0 : v->v.i < 0)) ||
        (v->type == SV_DECIMAL && v->v.d.mant < 0) ||
        ((v->type == SV_FLOAT || v->type == SV_DOUBLE) && signbit(v->v.f)))
        return negate(v, out);
    *out = *v; /* already non-negative */
    return 0;
}

/* Per-thread xorshift64* seeded from the kernel. */
static double next_random(void)
{
    static _Thread_local uint64_t s;

    if (s == 0) {
        if (random_bytes((unsigned char *)&s, sizeof s) < 0 || s == 0)
            s = 0x9e3779b97f4a7c15ULL ^ (uint64_t)(uintptr_t)&s;
    }
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return (double)((s * 0x2545f4914f6cdd1dULL) >> 11) / 9007199254740992.0;
}

static int fn_rand(struct sv_call *c, struct sparql_value *out)
{
    (void)c;
    sv_make_double(out, next_random(), 0);
    return 0;
}

/* ---- dates and times (17.4.5) ---- */

static int fn_now(struct sv_call *c, struct sparql_value *out)
{
    struct sparql_value v;
    struct sv_civil cv;
    char buf[64], *p;
    int n;

    memset(&v, 0, sizeof v);
    v.type = SV_DATETIME;
    v.v.dt.secs = (int64_t)c->env->now.tv_sec + (int64_t)719528 * 86400;
    v.v.dt.nanos = (int32_t)(c->env->now.tv_nsec / 1000000 * 1000000);
    v.v.dt.has_tz = 1;
    sv_civil_from_value(&v, &cv);
    n = snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)cv.year,
                 cv.month, cv.day, cv.hour, cv.minute, cv.second, (int)(cv.nanos / 1000000));
    p = sv_alloc(c, (size_t)n);
    if (!p)
        return -1;
    memcpy(p, buf, (size_t)n + 1);
    v.term.kind = TERM_LITERAL;
    v.term.value = p;
    v.term.len = (size_t)n;
    v.term.datatype = SV_XSD_DATETIME;
    *out = v;
    return 0;
}

/* which: 'Y' 'M' 'D' 'h' 'm' 's' */
static int date_part(struct sv_call *c, struct sparql_value *out, int which)
{
    const struct sparql_value *v = &c->args[0];
    struct sv_civil cv;
    struct sparql_decimal d;
    int date_ok = which == 'Y' || which == 'M' || which == 'D';

    if (!(v->type == SV_DATETIME || (date_ok && v->type == SV_DATE) ||
          (!date_ok && v->type == SV_TIME)))
        return 1;
    sv_civil_from_value(v, &cv);
    switch (which) {
    case 'Y':
        sv_make_integer(out, cv.year);
        break;
    case 'M':
        sv_make_integer(out, cv.month);
        break;
    case 'D':
        sv_make_integer(out, cv.day);
        break;
    case 'h':
        sv_make_integer(out, cv.hour);
        break;
    case 'm':
        sv_make_integer(out, cv.minute);
        break;
    default:
        d.mant = (i128)cv.second * 1000000000 + cv.nanos;
        d.scale = 9;
        sv_dec_normalise(&d);
        sv_make_decimal(out, &d);
        break;
    }
    return 0;
}

static int fn_year(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 'Y');
}
static int fn_month(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 'M');
}
static int fn_day(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 'D');
}
static int fn_hours(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 'h');
}
static int fn_minutes(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 'm');
}
static int fn_seconds(struct sv_call *c, struct sparql_value *out)
{
    return date_part(c, out, 's');
}

static int is_temporal(const struct sparql_value *v)
{
    return v->type == SV_DATETIME || v->type == SV_DATE || v->type == SV_TIME;
}

/* xsd:dayTimeDuration of the timezone: "PT0S", "-PT5H", "PT5H30M". */
static int fn_timezone(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];
    char buf[32], *p;
    int m, n = 0;

    if (!is_temporal(v) || !v->v.dt.has_tz)
        return 1;
    m = v->v.dt.tz_minutes;
    if (m == 0) {
        n = snprintf(buf, sizeof buf, "PT0S");
    } else {
        n = snprintf(buf, sizeof buf, "%sPT", m < 0 ? "-" : "");
        if (m < 0)
            m = -m;
        if (m / 60)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%dH", m / 60);
        if (m % 60)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "%dM", m % 60);
    }
    p = sv_alloc(c, (size_t)n);
    if (!p)
        return -1;
    memcpy(p, buf, (size_t)n + 1);
    memset(out, 0, sizeof *out);
    out->type = SV_OTHER;
    out->term.kind = TERM_LITERAL;
    out->term.value = p;
    out->term.len = (size_t)n;
    out->term.datatype = SV_XSD_DAYTIMEDURATION;
    return 0;
}

/* TZ: the timezone as written ("Z", "-05:00"), "" without one. */
static int fn_tz(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *v = &c->args[0];
    const char *s = v->term.value;
    size_t len = v->term.len;
    char *p;

    if (!is_temporal(v))
        return 1;
    if (!v->v.dt.has_tz || !s) {
        sv_make_string(out, "", 0, NULL);
        return 0;
    }
    sv_trim(&s, &len);
    if (len && s[len - 1] == 'Z') {
        sv_make_string(out, "Z", 1, NULL);
        return 0;
    }
    if (len < 6)
        return 1;
    p = sv_alloc(c, 6);
    if (!p)
        return -1;
    memcpy(p, s + len - 6, 6);
    p[6] = '\0';
    sv_make_string(out, p, 6, NULL);
    return 0;
}

/* ---- casts (17.5) ---- */

/* The value of lexical form s, len as datatype dt, when valid. */
static int cast_from_string(struct sv_call *c, const char *s, size_t len, const char *dt,
                            enum sparql_vtype want, struct sparql_value *out)
{
    struct term t = {TERM_LITERAL, s, len, NULL, dt};
    char *copy;

    sv_trim(&t.value, &t.len);
    sparql_value_from_term(&t, out);
    if (out->type != want)
        return 1;
    if (want != SV_DATETIME && want != SV_DATE && want != SV_TIME) {
        out->term.value = NULL; /* canonical form */
        out->term.len = 0;
    } else if (t.len != len) { /* keep the trimmed form NUL-terminated */
        copy = sv_alloc(c, t.len);
        if (!copy)
            return -1;
        memcpy(copy, t.value, t.len);
        copy[t.len] = '\0';
        out->term.value = copy;
    }
    return 0;
}

/* An exact decimal from a finite double (its shortest round-trip digits). */
static int decimal_from_double(double f, struct sparql_decimal *out)
{
    char buf[SV_LEX_BUF], digits[40];
    const char *e;
    size_t i, nd = 0;
    int exp10, scale, neg = f < 0;

    if (!isfinite(f))
        return 1;
    sv_double_format(f, 0, buf);
    e = strchr(buf, 'E');
    exp10 = atoi(e + 1);
    for (i = 0; buf + i < e; i++)
        if (buf[i] >= '0' && buf[i] <= '9')
            digits[nd++] = buf[i];
    /* value = digits * 10^(exp10 - (nd - 1)) */
    scale = (int)nd - 1 - exp10;
    if (scale > SV_DEC_MAX_SCALE) {
        int drop = scale - SV_DEC_MAX_SCALE;

        nd = (size_t)drop >= nd ? 0 : nd - (size_t)drop;
        scale = SV_DEC_MAX_SCALE;
    }
    if (nd == 0) {
        out->mant = 0;
        out->scale = 0;
        return 0;
    }
    if (sv_dec_parse(digits, nd, 0, out) < 0)
        return 1;
    if (scale < 0) {
        i128 m;

        if (-scale > SV_DEC_MAX_SCALE || __builtin_mul_overflow(out->mant, pow10_128(-scale), &m))
            return 1;
        out->mant = m;
        scale = 0;
    }
    out->scale = scale;
    if (neg)
        out->mant = -out->mant;
    sv_dec_normalise(out);
    return 0;
}

/* Casting a number to xs:string (XPath 3.1 19.1.2.2): integral decimals
 * without a point, doubles and floats from 1e-6 to 1e6 in decimal
 * notation, others in the canonical E form. */
static int number_to_string(struct sv_call *c, const struct sparql_value *v,
                            struct sparql_value *out)
{
    char buf[SV_LEX_BUF];
    struct sparql_decimal d;
    size_t len = 0;
    char *p;
    int as_decimal = 1;

    if (v->type == SV_FLOAT || v->type == SV_DOUBLE) {
        double f = v->v.f;

        if (v->type == SV_FLOAT) { /* the float's own shortest digits */
            sv_double_format(f, 1, buf);
            f = strtod(buf, NULL);
        }
        if (f == 0) {
            d.mant = 0;
            d.scale = 0;
        } else if (!(fabs(f) >= 1e-6 && fabs(f) < 1e6) || decimal_from_double(f, &d)) {
            as_decimal = 0;
        }
        if (f == 0 && signbit(f)) {
            len = (size_t)sprintf(buf, "-0");
            as_decimal = -1;
        }
    } else {
        sv_to_decimal(v, &d);
    }
    if (as_decimal > 0) {
        sv_dec_normalise(&d);
        len = sv_dec_format(&d, d.scale == 0, buf);
    } else if (as_decimal == 0) {
        len = sv_double_format(v->v.f, v->type == SV_FLOAT, buf);
    }
    p = sv_alloc(c, len);
    if (!p)
        return -1;
    memcpy(p, buf, len + 1);
    sv_make_string(out, p, len, NULL);
    return 0;
}

static int cast(const char *local, const struct sparql_value *v, struct sv_call *c,
                struct sparql_value *out)
{
    struct sparql_decimal d;
    struct sparql_value tmp;
    enum sparql_vtype want;
    const char *dt;
    int rc;

    if (v->type == SV_UNBOUND || v->type == SV_BLANK)
        return 1;
    if (strcmp(local, "string") == 0) {
        if (sv_is_numeric(v))
            return number_to_string(c, v, out);
        tmp = *v;
        if (v->type == SV_BOOLEAN)
            tmp.term.value = NULL; /* canonical form */
        if (materialise(c, &tmp))
            return -1;
        sv_make_string(out, tmp.term.value, tmp.term.len, NULL);
        return 0;
    }
    if (v->type == SV_IRI || v->type == SV_LANG)
        return 1;
    if (strcmp(local, "boolean") == 0) {
        if (v->type == SV_BOOLEAN) {
            sv_make_boolean(out, v->v.b);
        } else if (sv_is_numeric(v)) {
            double f = sv_to_double(v);

            sv_make_boolean(out, !(f == 0 || isnan(f)));
        } else if (v->type == SV_STRING) {
            return cast_from_string(c, v->term.value, v->term.len, SV_XSD_BOOLEAN, SV_BOOLEAN, out);
        } else {
            return 1;
        }
        return 0;
    }
    if (strcmp(local, "integer") == 0 || strcmp(local, "decimal") == 0) {
        int is_int = local[0] == 'i';

        switch (v->type) {
        case SV_BOOLEAN:
            d.mant = v->v.b;
            d.scale = 0;
            break;
        case SV_INTEGER:
        case SV_DECIMAL:
            sv_to_decimal(v, &d);
            break;
        case SV_FLOAT:
        case SV_DOUBLE:
            if (decimal_from_double(v->v.f, &d))
                return 1;
            break;
        case SV_STRING:
            rc = cast_from_string(c, v->term.value, v->term.len,
                                  is_int ? SV_XSD_INTEGER : SV_XSD_DECIMAL,
                                  is_int ? SV_INTEGER : SV_DECIMAL, out);
            if (rc == 0 && !is_int)
                sv_dec_min_scale1(&out->v.d);
            return rc;
        default:
            return 1;
        }
        if (is_int) {
            sv_make_big_integer(out, &d); /* truncates toward zero */
        } else {
            sv_dec_min_scale1(&d); /* 1 -> "1.0" */
            sv_make_decimal(out, &d);
        }
        return 0;
    }
    if (strcmp(local, "float") == 0 || strcmp(local, "double") == 0) {
        int is_float = local[0] == 'f';

        if (v->type == SV_BOOLEAN)
            sv_make_double(out, v->v.b, is_float);
        else if (sv_is_numeric(v))
            sv_make_double(out, sv_to_double(v), is_float);
        else if (v->type == SV_STRING)
            return cast_from_string(c, v->term.value, v->term.len,
                                    is_float ? SV_XSD_FLOAT : SV_XSD_DOUBLE,
                                    is_float ? SV_FLOAT : SV_DOUBLE, out);
        else
            return 1;
        return 0;
    }
    if (strcmp(local, "dateTime") == 0) {
        want = SV_DATETIME;
        dt = SV_XSD_DATETIME;
    } else if (strcmp(local, "date") == 0) {
        want = SV_DATE;
        dt = SV_XSD_DATE;
    } else if (strcmp(local, "time") == 0) {
        want = SV_TIME;
        dt = SV_XSD_TIME;
    } else {
        return 1;
    }
    if (v->type == want) {
        *out = *v;
        out->id = 0;
        out->term.datatype = dt;
        return 0;
    }
    if (v->type != SV_STRING)
        return 1;
    return cast_from_string(c, v->term.value, v->term.len, dt, want, out);
}

/* ---- dispatch ---- */

struct builtin {
    const char *name;
    sv_fn fn;
};

/* Sorted by name (strcmp) for bsearch. */
static const struct builtin BUILTINS[] = {
    {"ABS", fn_abs},
    {"BNODE", fn_bnode},
    {"CEIL", fn_ceil},
    {"CONCAT", sv_fn_concat},
    {"CONTAINS", sv_fn_contains},
    {"DATATYPE", fn_datatype},
    {"DAY", fn_day},
    {"ENCODE_FOR_URI", sv_fn_encode_for_uri},
    {"FLOOR", fn_floor},
    {"HOURS", fn_hours},
    {"IRI", fn_iri},
    {"ISBLANK", fn_isblank},
    {"ISIRI", fn_isiri},
    {"ISLITERAL", fn_isliteral},
    {"ISNUMERIC", fn_isnumeric},
    {"ISURI", fn_isiri},
    {"LANG", fn_lang},
    {"LANGMATCHES", sv_fn_langmatches},
    {"LCASE", sv_fn_lcase},
    {"MD5", sv_fn_md5},
    {"MINUTES", fn_minutes},
    {"MONTH", fn_month},
    {"NOW", fn_now},
    {"RAND", fn_rand},
    {"REGEX", sv_fn_regex},
    {"REPLACE", sv_fn_replace},
    {"ROUND", fn_round},
    {"SAMETERM", fn_sameterm},
    {"SECONDS", fn_seconds},
    {"SHA1", sv_fn_sha1},
    {"SHA256", sv_fn_sha256},
    {"SHA384", sv_fn_sha384},
    {"SHA512", sv_fn_sha512},
    {"STR", fn_str},
    {"STRAFTER", sv_fn_strafter},
    {"STRBEFORE", sv_fn_strbefore},
    {"STRDT", fn_strdt},
    {"STRENDS", sv_fn_strends},
    {"STRLANG", fn_strlang},
    {"STRLEN", sv_fn_strlen},
    {"STRSTARTS", sv_fn_strstarts},
    {"STRUUID", fn_struuid},
    {"SUBSTR", sv_fn_substr},
    {"TIMEZONE", fn_timezone},
    {"TZ", fn_tz},
    {"UCASE", sv_fn_ucase},
    {"URI", fn_iri},
    {"UUID", fn_uuid},
    {"YEAR", fn_year},
};

static int builtin_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const struct builtin *)elem)->name);
}

static const struct builtin *find_builtin(const char *name)
{
    return bsearch(name, BUILTINS, sizeof BUILTINS / sizeof BUILTINS[0], sizeof BUILTINS[0],
                   builtin_cmp);
}

/* Evaluates every argument then calls fn; an argument error is the call's
 * error. */
static int call_strict(const struct sparql_expr *e, const struct sparql_expr_env *env, sv_fn fn,
                       const char *cast_local, struct sparql_value *out, struct error *err)
{
    struct sparql_value local[4], *args = local;
    struct sv_call c;
    size_t i;
    int rc = 0;

    if (e->nargs > 4) {
        args = malloc(e->nargs * sizeof *args);
        if (!args) {
            error_set(err, "out of memory while evaluating an expression");
            return -1;
        }
    }
    for (i = 0; i < e->nargs && rc == 0; i++)
        rc = eval(e->args[i], env, &args[i], err);
    if (rc == 0) {
        c.e = e;
        c.env = env;
        c.args = args;
        c.nargs = e->nargs;
        c.err = err;
        if (cast_local)
            rc = e->nargs == 1 ? cast(cast_local, &args[0], &c, out) : 1;
        else
            rc = fn(&c, out);
    }
    if (args != local)
        free(args);
    return rc;
}

static int eval_ebv(const struct sparql_expr *e, const struct sparql_expr_env *env, int *b,
                    struct error *err)
{
    struct sparql_value v;
    int rc = eval(e, env, &v, err);

    if (rc)
        return rc;
    return sparql_value_ebv(&v, b);
}

static int eval_logical(const struct sparql_expr *e, const struct sparql_expr_env *env,
                        struct sparql_value *out, struct error *err)
{
    int is_or = e->kind == SPARQL_EXPR_OR, a, b, ra, rb;

    ra = eval_ebv(e->args[0], env, &a, err);
    if (ra < 0)
        return -1;
    if (ra == 0 && a == is_or) { /* true || x, false && x */
        sv_make_boolean(out, a);
        return 0;
    }
    rb = eval_ebv(e->args[1], env, &b, err);
    if (rb < 0)
        return -1;
    if (rb == 0 && b == is_or) {
        sv_make_boolean(out, b);
        return 0;
    }
    if (ra || rb)
        return 1;
    sv_make_boolean(out, !is_or);
    return 0;
}

static int eval_compare(const struct sparql_expr *e, const struct sparql_expr_env *env,
                        struct sparql_value *out, struct error *err)
{
    struct sparql_value a, b;
    int rc, c, r;

    if ((rc = eval(e->args[0], env, &a, err)) || (rc = eval(e->args[1], env, &b, err)))
        return rc;
    switch (e->kind) {
    case SPARQL_EXPR_EQ:
    case SPARQL_EXPR_NE:
        if (sparql_value_equal(&a, &b, &r))
            return 1;
        sv_make_boolean(out, e->kind == SPARQL_EXPR_EQ ? r : !r);
        return 0;
    default:
        break;
    }
    if (sv_compare(&a, &b, &c))
        return 1;
    if (c == 2) { /* NaN: every ordering comparison is false */
        sv_make_boolean(out, 0);
        return 0;
    }
    switch (e->kind) {
    case SPARQL_EXPR_LT:
        r = c < 0;
        break;
    case SPARQL_EXPR_GT:
        r = c > 0;
        break;
    case SPARQL_EXPR_LE:
        r = c <= 0;
        break;
    default:
        r = c >= 0;
        break;
    }
    sv_make_boolean(out, r);
    return 0;
}

/* IN / NOT IN (17.4.1.9): true as soon as one member is equal; otherwise an
 * error if any comparison raised one. */
static int eval_in(const struct sparql_expr *e, const struct sparql_expr_env *env,
                   struct sparql_value *out, struct error *err)
{
    struct sparql_value a, b;
    int rc, eq, errored = 0;
    size_t i;

    if ((rc = eval(e->args[0], env, &a, err)))
        return rc;
    for (i = 1; i < e->nargs; i++) {
        rc = eval(e->args[i], env, &b, err);
        if (rc < 0)
            return -1;
        if (rc || sparql_value_equal(&a, &b, &eq)) {
            errored = 1;
            continue;
        }
        if (eq) {
            sv_make_boolean(out, e->kind == SPARQL_EXPR_IN);
            return 0;
        }
    }
    if (errored)
        return 1;
    sv_make_boolean(out, e->kind != SPARQL_EXPR_IN);
    return 0;
}

static int eval_term(const struct sparql_expr *e, const struct sparql_expr_env *env,
                     struct sparql_value *out)
{
    struct term t;

    if (e->term.kind == SPARQL_TERM_VAR) {
        if (!env->lookup || env->lookup(env->ctx, e->term.value, out) != 0)
            return 1;
        return out->type == SV_UNBOUND;
    }
    if (e->term.kind != TERM_IRI && e->term.kind != TERM_BLANK && e->term.kind != TERM_LITERAL)
        return 1;
    t.kind = (enum term_kind)e->term.kind;
    t.value = e->term.value;
    t.len = e->term.len;
    t.lang = e->term.lang;
    t.datatype = e->term.datatype;
    term_normalise(&t);
    sparql_value_from_term(&t, out);
    return 0;
}

static int eval(const struct sparql_expr *e, const struct sparql_expr_env *env,
                struct sparql_value *out, struct error *err)
{
    struct sparql_value a, b;
    const struct builtin *bi;
    int rc, r;
    size_t i;

    switch (e->kind) {
    case SPARQL_EXPR_TERM:
        return eval_term(e, env, out);
    case SPARQL_EXPR_OR:
    case SPARQL_EXPR_AND:
        return eval_logical(e, env, out, err);
    case SPARQL_EXPR_EQ:
    case SPARQL_EXPR_NE:
    case SPARQL_EXPR_LT:
    case SPARQL_EXPR_GT:
    case SPARQL_EXPR_LE:
    case SPARQL_EXPR_GE:
        return eval_compare(e, env, out, err);
    case SPARQL_EXPR_IN:
    case SPARQL_EXPR_NOT_IN:
        return eval_in(e, env, out, err);
    case SPARQL_EXPR_ADD:
    case SPARQL_EXPR_SUB:
    case SPARQL_EXPR_MUL:
    case SPARQL_EXPR_DIV:
        if ((rc = eval(e->args[0], env, &a, err)) || (rc = eval(e->args[1], env, &b, err)))
            return rc;
        return sv_arith(e->kind == SPARQL_EXPR_ADD   ? '+'
                        : e->kind == SPARQL_EXPR_SUB ? '-'
                        : e->kind == SPARQL_EXPR_MUL ? '*'
                                                     : '/',
                        &a, &b, out);
    case SPARQL_EXPR_NOT:
        if ((rc = eval_ebv(e->args[0], env, &r, err)))
            return rc;
        sv_make_boolean(out, !r);
        return 0;
    case SPARQL_EXPR_PLUS:
        if ((rc = eval(e->args[0], env, &a, err)))
            return rc;
        if (!sv_is_numeric(&a))
            return 1;
        *out = a;
        return 0;
    case SPARQL_EXPR_MINUS:
        if ((rc = eval(e->args[0], env, &a, err)))
            return rc;
        return negate(&a, out);
    case SPARQL_EXPR_EXISTS:
    case SPARQL_EXPR_NOT_EXISTS:
        if (!env->exists) {
            error_set(err, "EXISTS is not available here");
            return -1;
        }
        if (env->exists(env->ctx, e->pattern, &r, err) < 0)
            return -1;
        sv_make_boolean(out, e->kind == SPARQL_EXPR_EXISTS ? r : !r);
        return 0;
    case SPARQL_EXPR_FUNCTION:
        if (e->name && strncmp(e->name, XSD_NS, sizeof XSD_NS - 1) == 0)
            return call_strict(e, env, NULL, e->name + sizeof XSD_NS - 1, out, err);
        return 1; /* unknown function */
    case SPARQL_EXPR_AGGREGATE:
        return 1;
    case SPARQL_EXPR_BUILTIN:
        break;
    }
    /* Functional forms: not every argument is evaluated. */
    if (strcmp(e->name, "BOUND") == 0) {
        rc = eval(e->args[0], env, &a, err);
        if (rc < 0)
            return -1;
        sv_make_boolean(out, rc == 0);
        return 0;
    }
    if (strcmp(e->name, "IF") == 0) {
        if ((rc = eval_ebv(e->args[0], env, &r, err)))
            return rc;
        return eval(e->args[r ? 1 : 2], env, out, err);
    }
    if (strcmp(e->name, "COALESCE") == 0) {
        for (i = 0; i < e->nargs; i++) {
            rc = eval(e->args[i], env, out, err);
            if (rc <= 0)
                return rc;
        }
        return 1;
    }
    bi = find_builtin(e->name);
    if (!bi)
        return 1;
    return call_strict(e, env, bi->fn, NULL, out, err);
}

int sparql_expr_eval_lazy(const struct sparql_expr *e, const struct sparql_expr_env *env,
                          struct sparql_value *out, struct error *err)
{
    return eval(e, env, out, err);
}

int sparql_expr_eval(const struct sparql_expr *e, const struct sparql_expr_env *env,
                     struct sparql_value *out, struct error *err)
{
    int rc = eval(e, env, out, err);

    if (rc == 0 && !out->term.value && out->term.kind == TERM_LITERAL) {
        if (!env->arena || sparql_value_lexical(out, env->arena) < 0) {
            error_set(err, "out of memory while evaluating an expression");
            return -1;
        }
    }
    return rc;
}
