/* fn_string.c - the string built-ins of SPARQL 1.1 section 17.4.3 with the
 * XPath functions they use (fn:substring, fn:upper-case, fn:matches,
 * fn:replace, ...). Strings are UTF-8; lengths and positions count
 * characters. Results are allocated in the evaluator's arena. */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sparql/value_impl.h"

static int is_strlit(const struct sparql_value *v)
{
    return v->type == SV_STRING || v->type == SV_LANG;
}

/* Argument compatibility of 17.4.3.1.2: both simple/xsd:string, both with
 * the same language tag, or a tagged first and a simple second. */
static int compatible(const struct sparql_value *a, const struct sparql_value *b)
{
    if (!is_strlit(a) || !is_strlit(b))
        return 0;
    if (b->type == SV_STRING)
        return 1;
    return a->type == SV_LANG && strcasecmp(a->term.lang, b->term.lang) == 0;
}

static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl)
{
    size_t i;

    if (nl == 0)
        return h;
    if (nl > hl)
        return NULL;
    for (i = 0; i + nl <= hl; i++)
        if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

/* A copy of s[0..len) in the arena as a string with lang. */
static int result_string(struct sv_call *c, const char *s, size_t len, const char *lang,
                         struct sparql_value *out)
{
    char *p = sv_alloc(c, len);

    if (!p)
        return -1;
    memcpy(p, s, len);
    p[len] = '\0';
    sv_make_string(out, p, len, lang);
    return 0;
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t i, n = 0;

    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Byte offset of character index k (0-based; k may equal the count). */
static size_t utf8_offset(const char *s, size_t len, size_t k)
{
    size_t i = 0, n = 0;

    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == k)
                return i;
            n++;
        }
        i++;
    }
    return len;
}

int sv_fn_strlen(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0];

    if (!is_strlit(a))
        return 1;
    sv_make_integer(out, (int64_t)utf8_count(a->term.value, a->term.len));
    return 0;
}

/* fn:round: half toward positive infinity. */
static double xround(double x)
{
    double r = floor(x);

    if (x - r >= 0.5)
        r += 1;
    return r;
}

int sv_fn_substr(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0];
    double start, end, n;
    size_t from, to, bf, bt;

    if (!is_strlit(a) || !sv_is_numeric(&c->args[1]) ||
        (c->nargs > 2 && !sv_is_numeric(&c->args[2])))
        return 1;
    n = (double)utf8_count(a->term.value, a->term.len);
    start = xround(sv_to_double(&c->args[1]));
    end = c->nargs > 2 ? start + xround(sv_to_double(&c->args[2])) : INFINITY;
    /* Characters at 1-based positions p with start <= p < end. */
    if (isnan(start) || isnan(end) || end <= 1 || start > n || end <= start) {
        from = to = 0;
    } else {
        from = start < 1 ? 0 : (size_t)(start - 1);
        to = end > n + 1 ? (size_t)n : (size_t)(end - 1);
    }
    bf = utf8_offset(a->term.value, a->term.len, from);
    bt = utf8_offset(a->term.value, a->term.len, to);
    return result_string(c, a->term.value + bf, bt - bf, a->term.lang, out);
}

/* ---- case mapping: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic
 * (simple mappings of the Unicode Character Database). ---- */

static uint32_t to_upper(uint32_t u)
{
    if (u >= 'a' && u <= 'z')
        return u - 32;
    if (u < 0x80)
        return u;
    if ((u >= 0xE0 && u <= 0xFE && u != 0xF7))
        return u - 32;
    if (u == 0xFF)
        return 0x178;
    if (u == 0xB5)
        return 0x39C;
    if (u >= 0x100 && u <= 0x17F) {
        if (u == 0x131)
            return 'I';
        if (u == 0x17F)
            return 'S';
        if ((u >= 0x100 && u <= 0x12F) || (u >= 0x132 && u <= 0x137) || (u >= 0x14A && u <= 0x177))
            return u & 1 ? u - 1 : u;
        if ((u >= 0x139 && u <= 0x148) || (u >= 0x179 && u <= 0x17E))
            return u & 1 ? u : u - 1;
        return u;
    }
    if (u >= 0x3B1 && u <= 0x3CB)
        return u == 0x3C2 ? 0x3A3 : u - 32;
    if (u == 0x3AC)
        return 0x386;
    if (u >= 0x3AD && u <= 0x3AF)
        return u - 37;
    if (u == 0x3CC)
        return 0x38C;
    if (u == 0x3CD || u == 0x3CE)
        return u - 63;
    if (u >= 0x430 && u <= 0x44F)
        return u - 32;
    if (u >= 0x450 && u <= 0x45F)
        return u - 80;
    return u;
}

static uint32_t to_lower(uint32_t u)
{
    if (u >= 'A' && u <= 'Z')
        return u + 32;
    if (u < 0x80)
        return u;
    if (u >= 0xC0 && u <= 0xDE && u != 0xD7)
        return u + 32;
    if (u == 0x178)
        return 0xFF;
    if (u >= 0x100 && u <= 0x17F) {
        if (u == 0x130)
            return 'i';
        if ((u >= 0x100 && u <= 0x12F) || (u >= 0x132 && u <= 0x137) || (u >= 0x14A && u <= 0x177))
            return u & 1 ? u : u + 1;
        if ((u >= 0x139 && u <= 0x148) || (u >= 0x179 && u <= 0x17E))
            return u & 1 ? u + 1 : u;
        return u;
    }
    if (u >= 0x391 && u <= 0x3AB && u != 0x3A2)
        return u + 32;
    if (u == 0x386)
        return 0x3AC;
    if (u >= 0x388 && u <= 0x38A)
        return u + 37;
    if (u == 0x38C)
        return 0x3CC;
    if (u == 0x38E || u == 0x38F)
        return u + 63;
    if (u >= 0x410 && u <= 0x42F)
        return u + 32;
    if (u >= 0x400 && u <= 0x40F)
        return u + 80;
    return u;
}

/* Decodes one UTF-8 sequence of at most 3 bytes; *n its length. Returns
 * 0xFFFFFFFF (pass the byte through) for anything else. */
static uint32_t utf8_decode(const unsigned char *s, size_t len, size_t *n)
{
    if (s[0] < 0x80) {
        *n = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && len >= 2 && (s[1] & 0xC0) == 0x80) {
        *n = 2;
        return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    *n = 1;
    return 0xFFFFFFFFu;
}

static int map_case(struct sv_call *c, struct sparql_value *out, uint32_t (*map)(uint32_t))
{
    const struct sparql_value *a = &c->args[0];
    const unsigned char *s = (const unsigned char *)a->term.value;
    size_t i = 0, o = 0, n;
    char *p;

    if (!is_strlit(a))
        return 1;
    /* Every mapping keeps or shortens the encoded length. */
    p = sv_alloc(c, a->term.len);
    if (!p)
        return -1;
    while (i < a->term.len) {
        uint32_t u = utf8_decode(s + i, a->term.len - i, &n);

        if (u == 0xFFFFFFFFu) {
            p[o++] = (char)s[i];
        } else {
            u = map(u);
            if (u < 0x80) {
                p[o++] = (char)u;
            } else {
                p[o++] = (char)(0xC0 | (u >> 6));
                p[o++] = (char)(0x80 | (u & 0x3F));
            }
        }
        i += n;
    }
    p[o] = '\0';
    sv_make_string(out, p, o, a->term.lang);
    return 0;
}

int sv_fn_ucase(struct sv_call *c, struct sparql_value *out)
{
    return map_case(c, out, to_upper);
}

int sv_fn_lcase(struct sv_call *c, struct sparql_value *out)
{
    return map_case(c, out, to_lower);
}

int sv_fn_strstarts(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0], *b = &c->args[1];

    if (!compatible(a, b))
        return 1;
    sv_make_boolean(out, b->term.len <= a->term.len &&
                             memcmp(a->term.value, b->term.value, b->term.len) == 0);
    return 0;
}

int sv_fn_strends(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0], *b = &c->args[1];

    if (!compatible(a, b))
        return 1;
    sv_make_boolean(out,
                    b->term.len <= a->term.len && memcmp(a->term.value + a->term.len - b->term.len,
                                                         b->term.value, b->term.len) == 0);
    return 0;
}

int sv_fn_contains(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0], *b = &c->args[1];

    if (!compatible(a, b))
        return 1;
    sv_make_boolean(out,
                    find_bytes(a->term.value, a->term.len, b->term.value, b->term.len) != NULL);
    return 0;
}

int sv_fn_strbefore(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0], *b = &c->args[1];
    const char *at;

    if (!compatible(a, b))
        return 1;
    at = find_bytes(a->term.value, a->term.len, b->term.value, b->term.len);
    if (!at) {
        sv_make_string(out, "", 0, NULL);
        return 0;
    }
    return result_string(c, a->term.value, (size_t)(at - a->term.value), a->term.lang, out);
}

int sv_fn_strafter(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *a = &c->args[0], *b = &c->args[1];
    const char *at;
    size_t off;

    if (!compatible(a, b))
        return 1;
    at = find_bytes(a->term.value, a->term.len, b->term.value, b->term.len);
    if (!at) {
        sv_make_string(out, "", 0, NULL);
        return 0;
    }
    off = (size_t)(at - a->term.value) + b->term.len;
    return result_string(c, a->term.value + off, a->term.len - off, a->term.lang, out);
}

int sv_fn_encode_for_uri(struct sv_call *c, struct sparql_value *out)
{
    static const char hex[] = "0123456789ABCDEF";
    const struct sparql_value *a = &c->args[0];
    size_t i, o = 0;
    char *p;

    if (!is_strlit(a))
        return 1;
    p = sv_alloc(c, a->term.len * 3);
    if (!p)
        return -1;
    for (i = 0; i < a->term.len; i++) {
        unsigned char ch = (unsigned char)a->term.value[i];

        /* RFC 3986 unreserved characters stay. */
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            p[o++] = (char)ch;
        } else {
            p[o++] = '%';
            p[o++] = hex[ch >> 4];
            p[o++] = hex[ch & 15];
        }
    }
    p[o] = '\0';
    sv_make_string(out, p, o, NULL);
    return 0;
}

int sv_fn_concat(struct sv_call *c, struct sparql_value *out)
{
    size_t i, len = 0, o = 0;
    const char *lang = NULL;
    int same_lang = 1;
    char *p;

    for (i = 0; i < c->nargs; i++) {
        const struct sparql_value *a = &c->args[i];

        if (!is_strlit(a))
            return 1;
        len += a->term.len;
        if (i == 0)
            lang = a->term.lang;
        else if (!lang || !a->term.lang || strcasecmp(lang, a->term.lang) != 0)
            same_lang = 0;
    }
    p = sv_alloc(c, len);
    if (!p)
        return -1;
    for (i = 0; i < c->nargs; i++) {
        if (c->args[i].term.len)
            memcpy(p + o, c->args[i].term.value, c->args[i].term.len);
        o += c->args[i].term.len;
    }
    p[o] = '\0';
    sv_make_string(out, p, o, c->nargs && same_lang ? lang : NULL);
    return 0;
}

/* RFC 4647 3.3.1 basic filtering. */
int sv_fn_langmatches(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *t = &c->args[0], *r = &c->args[1];
    size_t rl = r->term.len;

    if (t->type != SV_STRING || r->type != SV_STRING)
        return 1;
    if (rl == 1 && r->term.value[0] == '*') {
        sv_make_boolean(out, t->term.len > 0);
        return 0;
    }
    sv_make_boolean(out, rl > 0 && t->term.len >= rl &&
                             strncasecmp(t->term.value, r->term.value, rl) == 0 &&
                             (t->term.len == rl || t->term.value[rl] == '-'));
    return 0;
}

/* ---- regular expressions (PCRE2 with UTF) ---- */

/* Compiled patterns are cached per thread by pattern text and flags, so a
 * constant pattern compiles once per thread however many rows it sees. */
#define RX_CACHE 16

struct rx_entry {
    char *pattern;
    size_t len;
    uint32_t options;
    pcre2_code *code;
    pcre2_match_data *md;
};

struct rx_cache {
    struct rx_entry e[RX_CACHE];
    unsigned next;
};

static pthread_key_t rx_key;
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;
static int rx_key_ok;

static void rx_entry_clear(struct rx_entry *x)
{
    free(x->pattern);
    pcre2_match_data_free(x->md);
    pcre2_code_free(x->code);
    memset(x, 0, sizeof *x);
}

static void rx_cache_free(void *p)
{
    struct rx_cache *c = p;
    int i;

    for (i = 0; i < RX_CACHE; i++)
        rx_entry_clear(&c->e[i]);
    free(c);
}

static void rx_init(void)
{
    rx_key_ok = pthread_key_create(&rx_key, rx_cache_free) == 0;
}

/* Flags of fn:matches: 0 with *options, 1 on an unknown flag. */
static int rx_flags(const struct sparql_value *f, uint32_t *options)
{
    size_t i;

    *options = PCRE2_UTF;
    if (!f)
        return 0;
    if (f->type != SV_STRING)
        return 1;
    for (i = 0; i < f->term.len; i++) {
        switch (f->term.value[i]) {
        case 'i':
            *options |= PCRE2_CASELESS;
            break;
        case 'm':
            *options |= PCRE2_MULTILINE;
            break;
        case 's':
            *options |= PCRE2_DOTALL;
            break;
        case 'x':
            *options |= PCRE2_EXTENDED;
            break;
        case 'q':
            *options |= PCRE2_LITERAL;
            break;
        default:
            return 1;
        }
    }
    return 0;
}

/* The cached entry for (pattern, options): 0, 1 for an invalid pattern, -1
 * when out of memory. */
static int rx_get(struct sv_call *c, const struct sparql_value *pat, uint32_t options,
                  struct rx_entry **out)
{
    struct rx_cache *cache;
    struct rx_entry *x;
    int i, errcode;
    PCRE2_SIZE erroff;
    uint32_t compile_opts = options;

    /* With q the other flags but i have no effect (and PCRE2 rejects them). */
    if (compile_opts & PCRE2_LITERAL)
        compile_opts &= ~(uint32_t)(PCRE2_MULTILINE | PCRE2_DOTALL | PCRE2_EXTENDED);

    pthread_once(&rx_once, rx_init);
    if (!rx_key_ok)
        return sv_oom(c);
    cache = pthread_getspecific(rx_key);
    if (!cache) {
        cache = calloc(1, sizeof *cache);
        if (!cache || pthread_setspecific(rx_key, cache) != 0) {
            free(cache);
            return sv_oom(c);
        }
    }
    for (i = 0; i < RX_CACHE; i++) {
        x = &cache->e[i];
        if (x->code && x->options == options && x->len == pat->term.len &&
            memcmp(x->pattern, pat->term.value, x->len) == 0) {
            *out = x;
            return 0;
        }
    }
    x = &cache->e[cache->next];
    cache->next = (cache->next + 1) % RX_CACHE;
    rx_entry_clear(x);
    x->code = pcre2_compile((PCRE2_SPTR)pat->term.value, pat->term.len, compile_opts, &errcode,
                            &erroff, NULL);
    if (!x->code)
        return errcode == PCRE2_ERROR_NOMEMORY ? sv_oom(c) : 1;
    x->md = pcre2_match_data_create_from_pattern(x->code, NULL);
    x->pattern = malloc(pat->term.len + 1);
    if (!x->md || !x->pattern) {
        rx_entry_clear(x);
        return sv_oom(c);
    }
    memcpy(x->pattern, pat->term.value, pat->term.len);
    x->len = pat->term.len;
    x->options = options;
    *out = x;
    return 0;
}

int sv_fn_regex(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *t = &c->args[0], *pat = &c->args[1];
    struct rx_entry *x;
    uint32_t options;
    int rc;

    if (!is_strlit(t) || pat->type != SV_STRING ||
        rx_flags(c->nargs > 2 ? &c->args[2] : NULL, &options))
        return 1;
    rc = rx_get(c, pat, options, &x);
    if (rc)
        return rc;
    rc = pcre2_match(x->code, (PCRE2_SPTR)t->term.value, t->term.len, 0, 0, x->md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH) {
        sv_make_boolean(out, 0);
        return 0;
    }
    if (rc < 0)
        return 1; /* invalid UTF-8 subject, match limit */
    sv_make_boolean(out, 1);
    return 0;
}

/* A growing output buffer (malloc: freed before returning). */
struct buf {
    char *p;
    size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *p;

        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

/* Appends the replacement with $N group references (fn:replace). 0, 1 for
 * an invalid replacement string, -1 when out of memory. */
static int append_replacement(struct buf *b, const char *subj, const struct sparql_value *r,
                              const PCRE2_SIZE *ov, uint32_t ngroups, int literal)
{
    const char *s = r->term.value;
    size_t i = 0, n = r->term.len;

    if (literal)
        return buf_add(b, s, n);
    while (i < n) {
        if (s[i] == '\\') {
            if (i + 1 >= n || (s[i + 1] != '\\' && s[i + 1] != '$'))
                return 1;
            if (buf_add(b, s + i + 1, 1))
                return -1;
            i += 2;
        } else if (s[i] == '$') {
            uint32_t g = 0;

            i++;
            if (i >= n || s[i] < '0' || s[i] > '9')
                return 1;
            /* Greedy digits while they name an existing group. */
            g = (uint32_t)(s[i++] - '0');
            while (i < n && s[i] >= '0' && s[i] <= '9' && g * 10 + (uint32_t)(s[i] - '0') < ngroups)
                g = g * 10 + (uint32_t)(s[i++] - '0');
            if (g < ngroups && ov[2 * g] != PCRE2_UNSET &&
                buf_add(b, subj + ov[2 * g], ov[2 * g + 1] - ov[2 * g]))
                return -1;
        } else {
            size_t j = i;

            while (j < n && s[j] != '\\' && s[j] != '$')
                j++;
            if (buf_add(b, s + i, j - i))
                return -1;
            i = j;
        }
    }
    return 0;
}

int sv_fn_replace(struct sv_call *c, struct sparql_value *out)
{
    const struct sparql_value *t = &c->args[0], *pat = &c->args[1], *rep = &c->args[2];
    struct rx_entry *x;
    struct buf b = {NULL, 0, 0};
    uint32_t options, ngroups;
    PCRE2_SIZE off = 0, *ov;
    int rc, ret = 1;

    if (!is_strlit(t) || pat->type != SV_STRING || rep->type != SV_STRING ||
        rx_flags(c->nargs > 3 ? &c->args[3] : NULL, &options))
        return 1;
    rc = rx_get(c, pat, options, &x);
    if (rc)
        return rc;
    /* A pattern that matches the empty string is an error (FORX0003). */
    rc = pcre2_match(x->code, (PCRE2_SPTR) "", 0, 0, 0, x->md, NULL);
    if (rc >= 0)
        return 1;
    if (pcre2_pattern_info(x->code, PCRE2_INFO_CAPTURECOUNT, &ngroups) != 0)
        return 1;
    ngroups++; /* group 0 is the whole match */
    ov = pcre2_get_ovector_pointer(x->md);
    for (;;) {
        rc = pcre2_match(x->code, (PCRE2_SPTR)t->term.value, t->term.len, off, 0, x->md, NULL);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            goto out;
        if (buf_add(&b, t->term.value + off, ov[0] - off))
            goto oom;
        rc =
            append_replacement(&b, t->term.value, rep, ov, ngroups, (options & PCRE2_LITERAL) != 0);
        if (rc < 0)
            goto oom;
        if (rc > 0)
            goto out;
        off = ov[1] > off ? ov[1] : off + 1;
        if (off > t->term.len)
            break;
    }
    if (off < t->term.len && buf_add(&b, t->term.value + off, t->term.len - off))
        goto oom;
    ret = result_string(c, b.p ? b.p : "", b.len, t->term.lang, out);
    goto out;
oom:
    ret = sv_oom(c);
out:
    free(b.p);
    return ret;
}
