/* decimal.c - exact xsd:decimal arithmetic on a 128-bit mantissa and the
 * canonical lexical forms of numbers (see value_impl.h). Nothing here
 * allocates. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sparql/value_impl.h"

typedef __int128 i128;

static const i128 POW10[SV_DEC_MAX_SCALE + 1] = {
    (i128)1ULL,
    (i128)10ULL,
    (i128)100ULL,
    (i128)1000ULL,
    (i128)10000ULL,
    (i128)100000ULL,
    (i128)1000000ULL,
    (i128)10000000ULL,
    (i128)100000000ULL,
    (i128)1000000000ULL,
    (i128)10000000000ULL,
    (i128)100000000000ULL,
    (i128)1000000000000ULL,
    (i128)10000000000000ULL,
    (i128)100000000000000ULL,
    (i128)1000000000000000ULL,
    (i128)10000000000000000ULL,
    (i128)100000000000000000ULL,
    (i128)1000000000000000000ULL,
    (i128)10000000000000000000ULL,
    (i128)10000000000000000000ULL * (i128)10ULL,
    (i128)10000000000000000000ULL * (i128)100ULL,
    (i128)10000000000000000000ULL * (i128)1000ULL,
    (i128)10000000000000000000ULL * (i128)10000ULL,
    (i128)10000000000000000000ULL * (i128)100000ULL,
    (i128)10000000000000000000ULL * (i128)1000000ULL,
    (i128)10000000000000000000ULL * (i128)10000000ULL,
    (i128)10000000000000000000ULL * (i128)100000000ULL,
    (i128)10000000000000000000ULL * (i128)1000000000ULL,
    (i128)10000000000000000000ULL * (i128)10000000000ULL,
    (i128)10000000000000000000ULL * (i128)100000000000ULL,
    (i128)10000000000000000000ULL * (i128)1000000000000ULL,
    (i128)10000000000000000000ULL * (i128)10000000000000ULL,
    (i128)10000000000000000000ULL * (i128)100000000000000ULL,
    (i128)10000000000000000000ULL * (i128)1000000000000000ULL,
    (i128)10000000000000000000ULL * (i128)10000000000000000ULL,
    (i128)10000000000000000000ULL * (i128)100000000000000000ULL,
    (i128)10000000000000000000ULL * (i128)1000000000000000000ULL,
    (i128)10000000000000000000ULL * (i128)10000000000000000000ULL,
};

static const i128 *pow10_table(void)
{
    return POW10;
}

static i128 abs128(i128 x)
{
    return x < 0 ? -x : x;
}

void sv_dec_normalise(struct sparql_decimal *d)
{
    if (d->mant == 0) {
        d->scale = 0;
        return;
    }
    while (d->scale > 0 && d->mant % 10 == 0) {
        d->mant /= 10;
        d->scale--;
    }
}

/* mant * 10^k into *out; 1 on overflow. */
static int scale_up(i128 mant, int k, i128 *out)
{
    if (k > SV_DEC_MAX_SCALE)
        return mant != 0;
    return __builtin_mul_overflow(mant, pow10_table()[k], out);
}

/* Brings a and b to one scale (the larger); 1 when that overflows. */
static int align(struct sparql_decimal *a, struct sparql_decimal *b)
{
    if (a->scale == b->scale)
        return 0;
    if (a->scale < b->scale) {
        if (scale_up(a->mant, b->scale - a->scale, &a->mant)) {
            sv_dec_normalise(b);
            if (a->scale > b->scale)
                return align(a, b);
            return 1;
        }
        a->scale = b->scale;
        return 0;
    }
    return align(b, a);
}

int sv_dec_add(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out)
{
    struct sparql_decimal x = *a, y = *b;

    if (align(&x, &y))
        return 1;
    if (__builtin_add_overflow(x.mant, y.mant, &out->mant))
        return 1;
    out->scale = x.scale;
    return 0;
}

int sv_dec_sub(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out)
{
    struct sparql_decimal nb = *b;

    nb.mant = -nb.mant;
    return sv_dec_add(a, &nb, out);
}

/* Divides mant by 10^k rounding half away from zero. */
static i128 round_down_scale(i128 mant, int k)
{
    i128 p, q, r;

    if (k > SV_DEC_MAX_SCALE)
        return 0;
    p = pow10_table()[k];
    q = mant / p;
    r = mant % p;
    if (abs128(r) * 2 >= p)
        q += mant < 0 ? -1 : 1;
    return q;
}

int sv_dec_mul(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out)
{
    struct sparql_decimal x = *a, y = *b;
    i128 m;
    int s;

    if (__builtin_mul_overflow(x.mant, y.mant, &m)) {
        sv_dec_normalise(&x);
        sv_dec_normalise(&y);
        if (__builtin_mul_overflow(x.mant, y.mant, &m))
            return 1;
    }
    s = x.scale + y.scale;
    if (s > SV_DEC_MAX_SCALE) {
        m = round_down_scale(m, s - SV_DEC_MAX_SCALE);
        s = SV_DEC_MAX_SCALE;
    }
    out->mant = m;
    out->scale = s;
    return 0;
}

int sv_dec_div(const struct sparql_decimal *a, const struct sparql_decimal *b,
               struct sparql_decimal *out)
{
    struct sparql_decimal x = *a, y = *b;
    i128 n = 0, q, r;
    int s, e;

    if (y.mant == 0)
        return 1;
    sv_dec_normalise(&x);
    sv_dec_normalise(&y);
    /* x/y = X * 10^(S + sy - sx) / Y at scale S. */
    s = x.scale > SV_DIV_SCALE ? x.scale : SV_DIV_SCALE;
    for (;;) {
        e = s + y.scale - x.scale;
        if (e < 0)
            return 1;
        if (!scale_up(x.mant, e, &n))
            break;
        if (s == 0)
            return 1;
        s--;
    }
    q = n / y.mant;
    r = n % y.mant;
    if (abs128(r) * 2 >= abs128(y.mant))
        q += (n < 0) != (y.mant < 0) ? -1 : 1;
    out->mant = q;
    out->scale = s;
    sv_dec_normalise(out);
    sv_dec_min_scale1(out);
    return 0;
}

void sv_dec_min_scale1(struct sparql_decimal *d)
{
    i128 m;

    if (d->scale == 0 && !__builtin_mul_overflow(d->mant, (i128)10, &m)) {
        d->mant = m;
        d->scale = 1;
    }
}

int sv_dec_cmp(const struct sparql_decimal *a, const struct sparql_decimal *b)
{
    struct sparql_decimal x = *a, y = *b;

    if ((x.mant < 0) != (y.mant < 0) || x.mant == 0 || y.mant == 0)
        return (x.mant > y.mant) - (x.mant < y.mant);
    if (align(&x, &y)) {
        /* Cannot overflow for values both within 38 digits unless their
         * magnitudes differ a lot: the one with more integer digits wins. */
        double fx = sv_dec_to_double(a), fy = sv_dec_to_double(b);
        return (fx > fy) - (fx < fy);
    }
    return (x.mant > y.mant) - (x.mant < y.mant);
}

double sv_dec_to_double(const struct sparql_decimal *d)
{
    char buf[SV_LEX_BUF];

    if (d->scale == 0 && d->mant >= -((i128)1 << 53) && d->mant <= ((i128)1 << 53))
        return (double)d->mant;
    /* Through the decimal string: correctly rounded by strtod. */
    sv_dec_format(d, 0, buf);
    return strtod(buf, NULL);
}

/* Digits of |m| into buf (no NUL), returns the count. */
static size_t digits128(i128 m, char *buf)
{
    char tmp[48];
    size_t n = 0, i;
    unsigned __int128 u = m < 0 ? (unsigned __int128)(-(m + 1)) + 1 : (unsigned __int128)m;

    while (u > UINT64_MAX) {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    }
    {
        uint64_t w = (uint64_t)u; /* 64-bit divisions for the rest */

        do {
            tmp[n++] = (char)('0' + (int)(w % 10));
            w /= 10;
        } while (w);
    }
    for (i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}

size_t sv_dec_format(const struct sparql_decimal *d, int as_integer, char *buf)
{
    struct sparql_decimal x = *d;
    char dig[48];
    size_t nd, len = 0, i;

    sv_dec_normalise(&x);
    if (as_integer && x.scale > 0) {
        x.mant = x.mant / pow10_table()[x.scale]; /* truncation (xsd:integer cast) */
        x.scale = 0;
    }
    nd = digits128(x.mant, dig);
    if (x.mant < 0)
        buf[len++] = '-';
    if ((size_t)x.scale >= nd) {
        buf[len++] = '0';
        buf[len++] = '.';
        for (i = nd; i < (size_t)x.scale; i++)
            buf[len++] = '0';
        memcpy(buf + len, dig, nd);
        len += nd;
    } else {
        memcpy(buf + len, dig, nd - (size_t)x.scale);
        len += nd - (size_t)x.scale;
        if (x.scale > 0) {
            buf[len++] = '.';
            memcpy(buf + len, dig + nd - (size_t)x.scale, (size_t)x.scale);
            len += (size_t)x.scale;
        } else if (!as_integer && d->scale > 0) {
            buf[len++] = '.'; /* an integral value computed with a fraction */
            buf[len++] = '0';
        }
    }
    buf[len] = '\0';
    return len;
}

int sv_dec_parse(const char *s, size_t len, int allow_point, struct sparql_decimal *out)
{
    const i128 limit = (((i128)1 << 126) - 1) / 5; /* keeps mant * 10 + 9 < 2^127 */
    size_t i = 0;
    int neg = 0, ndigits = 0, point = 0;
    i128 m = 0;
    int scale = 0;

    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];

        if (c == '.' && allow_point && !point) {
            point = 1;
            continue;
        }
        if (c < '0' || c > '9')
            return -1;
        ndigits++;
        if (point) {
            if (scale >= SV_DEC_MAX_SCALE || m > limit)
                continue; /* digits beyond 38 places are dropped */
            scale++;
        } else if (m > limit) {
            return -1; /* more than 38 integer digits */
        }
        m = m * 10 + (c - '0');
    }
    if (ndigits == 0)
        return -1;
    out->mant = neg ? -m : m;
    out->scale = scale;
    return 0;
}

size_t sv_double_format(double f, int is_float, char *buf)
{
    char tmp[40], *e;
    int p, exp10;
    size_t len = 0, n;

    if (isnan(f))
        return (size_t)sprintf(buf, "NaN");
    if (isinf(f))
        return (size_t)sprintf(buf, f < 0 ? "-INF" : "INF");
    if (f == 0)
        return (size_t)sprintf(buf, signbit(f) ? "-0.0E0" : "0.0E0");
    /* Shortest digits that read back to the same number. */
    for (p = 1; p <= 17; p++) {
        snprintf(tmp, sizeof tmp, "%.*e", p - 1, f);
        if (is_float ? (float)strtod(tmp, NULL) == (float)f : strtod(tmp, NULL) == f)
            break;
    }
    e = strchr(tmp, 'e');
    exp10 = atoi(e + 1);
    *e = '\0';
    n = strlen(tmp);
    memcpy(buf, tmp, n);
    len = n;
    if (!strchr(tmp, '.')) {
        buf[len++] = '.';
        buf[len++] = '0';
    }
    len += (size_t)sprintf(buf + len, "E%d", exp10);
    return len;
}
