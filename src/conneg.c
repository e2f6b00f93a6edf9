/* conneg.c - content negotiation (see conneg.h and docs/internals/conneg.md).
 *
 * The Accept grammar is RFC 9110 section 12.5.1:
 *   Accept      = #( media-range [ weight ] )
 *   media-range = ( "*" "/" "*" / ( type "/" "*" ) / ( type "/" subtype ) ) parameters
 *   parameters  = *( OWS ";" OWS [ parameter ] )
 *   weight      = OWS ";" OWS "q=" qvalue
 * The parser works in place on the caller's string: ranges point into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conneg.h"

/* RFC 9110 tchar. */
static int is_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static const char *skip_ows(const char *p)
{
    while (is_ows(*p))
        p++;
    return p;
}

/* Skip to the end of the current list member: the next ',' outside a
 * quoted string, or the end. */
static const char *skip_member(const char *p)
{
    int quoted = 0;

    for (; *p; p++) {
        if (quoted && *p == '\\' && p[1])
            p++;
        else if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == ',')
            break;
    }
    return p;
}

static const char *skip_ows_to(const char *p, const char *end)
{
    while (p < end && is_ows(*p))
        p++;
    return p;
}

/* Lenient parameter value: a token, or any run of visible bytes other than
 * ',', ';' and '"' (e.g. an unquoted IRI, which RFC 9110 would have quoted). */
static const char *scan_value(const char *p)
{
    while ((unsigned char)*p > 0x20 && (unsigned char)*p != 0x7f && *p != ',' && *p != ';' &&
           *p != '"')
        p++;
    return p;
}

static const char *scan_token(const char *p)
{
    while (is_tchar((unsigned char)*p))
        p++;
    return p;
}

/* quoted-string at p (which is '"'): returns the byte after the closing
 * quote, or NULL if unterminated or holding a control byte. *in / *in_len
 * get the inside. */
static const char *scan_quoted(const char *p, const char **in, size_t *in_len)
{
    const char *s = ++p;

    for (; *p && *p != '"'; p++) {
        unsigned char c = (unsigned char)*p;

        if (c == '\\') {
            p++;
            c = (unsigned char)*p;
            if (!c || (c < 0x20 && c != '\t') || c == 0x7f)
                return NULL;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return NULL;
        }
    }
    if (*p != '"')
        return NULL;
    *in = s;
    *in_len = (size_t)(p - s);
    return p + 1;
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ); returns
 * thousandths or -1. n is the value's length. */
static int parse_qvalue(const char *s, size_t n)
{
    int q, scale = 100;
    size_t i;

    if (n == 0 || (s[0] != '0' && s[0] != '1'))
        return -1;
    q = (s[0] - '0') * CONNEG_Q_MAX;
    if (n == 1)
        return q;
    if (s[1] != '.' || n > 5)
        return -1;
    for (i = 2; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        q += (s[i] - '0') * scale;
        scale /= 10;
    }
    return q > CONNEG_Q_MAX ? -1 : q;
}

static int tok_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* Parse one member starting at p (after OWS). Returns 1 and fills r when it
 * is a valid media range, 0 otherwise. */
static int parse_range(const char *p, const char *end, struct conneg_range *r)
{
    const char *t;
    int in_ext = 0;

    memset(r, 0, sizeof(*r));
    r->q = CONNEG_Q_MAX;
    t = scan_token(p);
    if (t == p || *t != '/')
        return 0;
    r->type = p;
    r->type_len = (size_t)(t - p);
    p = t + 1;
    t = scan_token(p);
    if (t == p)
        return 0;
    r->subtype = p;
    r->subtype_len = (size_t)(t - p);
    /* A type wildcard needs a subtype wildcard: "*" "/x" is not a range. */
    if (tok_eq(r->type, r->type_len, "*") && !tok_eq(r->subtype, r->subtype_len, "*"))
        return 0;
    p = t;
    for (;;) {
        const char *name, *val;
        size_t name_len, val_len;
        int quoted;

        p = skip_ows_to(p, end);
        if (p == end)
            return 1;
        if (*p != ';')
            return 0;
        p = skip_ows_to(p + 1, end);
        if (p == end || *p == ';')
            continue; /* empty parameter */
        name = p;
        p = scan_token(p);
        name_len = (size_t)(p - name);
        if (name_len == 0)
            return 0;
        p = skip_ows_to(p, end); /* lenient: "q = 0.5" */
        if (*p != '=')
            return 0;
        p = skip_ows_to(p + 1, end);
        quoted = *p == '"';
        if (quoted) {
            p = scan_quoted(p, &val, &val_len);
            if (!p || p > end)
                return 0;
        } else {
            val = p;
            p = scan_value(p);
            val_len = (size_t)(p - val);
            if (val_len == 0)
                return 0;
        }
        if (in_ext)
            continue; /* accept-ext: syntax checked, value ignored */
        if (tok_eq(name, name_len, "q")) {
            int q = quoted ? -1 : parse_qvalue(val, val_len);

            if (q < 0)
                return 0;
            r->q = (unsigned)q;
            in_ext = 1;
        } else if (tok_eq(name, name_len, "profile")) {
            r->profile = val;
            r->profile_len = val_len;
        } else if (tok_eq(name, name_len, "charset")) {
            r->charset = val;
            r->charset_len = val_len;
        }
    }
}

void conneg_parse_accept(const char *header, struct conneg_accept *a)
{
    const char *p = header;

    a->n = 0;
    a->skipped = 0;
    if (!p)
        return;
    while (*p) {
        const char *end = skip_member(p);
        const char *s = skip_ows(p);
        const char *e = end;

        while (e > s && is_ows(e[-1]))
            e--;
        if (s < e) {
            if (a->n < CONNEG_RANGES_MAX && parse_range(s, e, &a->ranges[a->n]))
                a->n++;
            else
                a->skipped++;
        }
        p = *end ? end + 1 : end;
    }
}

/* Does the space-separated list in a profile value (backslash escapes
 * allowed) contain iri? */
static int profile_list_has(const char *s, size_t n, const char *iri)
{
    size_t i = 0;

    while (i < n) {
        const char *q = iri;
        int match = 1;

        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i == n)
            break;
        while (i < n && s[i] != ' ' && s[i] != '\t') {
            char c = s[i];

            if (c == '\\' && i + 1 < n)
                c = s[++i];
            if (match && *q == c)
                q++;
            else
                match = 0;
            i++;
        }
        if (match && *q == '\0')
            return 1;
    }
    return 0;
}

static unsigned profile_bits(const struct conneg_range *r)
{
    unsigned bits = 0;

    if (!r || !r->profile)
        return 0;
    if (profile_list_has(r->profile, r->profile_len, CONNEG_JSONLD_EXPANDED))
        bits |= CONNEG_PROFILE_EXPANDED;
    if (profile_list_has(r->profile, r->profile_len, CONNEG_JSONLD_COMPACTED))
        bits |= CONNEG_PROFILE_COMPACTED;
    if (profile_list_has(r->profile, r->profile_len, CONNEG_JSONLD_FLATTENED))
        bits |= CONNEG_PROFILE_FLATTENED;
    return bits;
}

/* Specificity of range r for offer o, whose type is tl bytes long and whose
 * subtype is sub: 0 no match, 1 * / *, 2 type/ *, 3 type/subtype, 4
 * type/subtype with a parameter the offer matches. */
static int range_match(const struct conneg_range *r, const struct conneg_offer *o, size_t tl,
                       const char *sub)
{
    int params = 0;

    if (r->charset) {
        if (!tok_eq(r->charset, r->charset_len, "utf-8"))
            return 0;
        params = 1;
    }
    if (r->type_len == 1 && r->type[0] == '*')
        return 1;
    if (r->type_len != tl || strncasecmp(r->type, o->type, tl) != 0)
        return 0;
    if (r->subtype_len == 1 && r->subtype[0] == '*')
        return 2;
    if (strncasecmp(r->subtype, sub, r->subtype_len) != 0 || sub[r->subtype_len] != '\0')
        return 0;
    if (r->profile) {
        if (!o->profile || !profile_list_has(r->profile, r->profile_len, o->profile))
            return 0;
        params = 1;
    }
    return params ? 4 : 3;
}

int conneg_choose(const struct conneg_accept *a, const struct conneg_offer *offers, size_t n,
                  struct conneg_choice *c)
{
    int best = -1;
    unsigned best_q = 0;
    int best_explicit = 0;
    const struct conneg_range *best_range = NULL;
    int best_spec = 0;
    size_t i, j;

    memset(c, 0, sizeof(*c));
    if (n == 0)
        return -1;
    if (!a || a->n == 0) {
        c->offer = &offers[0];
        c->id = offers[0].id;
        c->q = CONNEG_Q_MAX;
        return 0;
    }
    for (i = 0; i < n; i++) {
        const struct conneg_range *r = NULL;
        const char *slash = strchr(offers[i].type, '/');
        size_t tl = slash ? (size_t)(slash - offers[i].type) : strlen(offers[i].type);
        const char *sub = slash ? slash + 1 : "";
        int spec = 0, explicit_tie;

        for (j = 0; j < a->n; j++) {
            int s = range_match(&a->ranges[j], &offers[i], tl, sub);

            if (s > spec) {
                spec = s;
                r = &a->ranges[j];
            }
        }
        if (!r || r->q == 0)
            continue;
        explicit_tie = (offers[i].flags & CONNEG_OFFER_WINS_EXPLICIT_TIES) && spec >= 3;
        if (best < 0 || r->q > best_q || (r->q == best_q && explicit_tie && !best_explicit)) {
            best = (int)i;
            best_q = r->q;
            best_explicit = explicit_tie;
            best_range = r;
            best_spec = spec;
        }
    }
    if (best < 0)
        return -1;
    c->offer = &offers[best];
    c->id = offers[best].id;
    c->q = best_q;
    /* Only a range that matched the offer by its profile names forms. */
    c->profiles = best_spec == 4 ? profile_bits(best_range) : 0;
    return best;
}

struct format_info {
    const char *name;
    const char *ext;
    const char *media_type;
    const char *content_type;
    enum rdf_syntax syntax;
};

static const struct format_info FORMATS[CONNEG_FORMATS] = {
    [CONNEG_FORMAT_TURTLE] = {"turtle", "ttl", "text/turtle", "text/turtle; charset=utf-8",
                              RDF_SYNTAX_TURTLE},
    [CONNEG_FORMAT_NTRIPLES] = {"ntriples", "nt", "application/n-triples", "application/n-triples",
                                RDF_SYNTAX_NTRIPLES},
    [CONNEG_FORMAT_NQUADS] = {"nquads", "nq", "application/n-quads", "application/n-quads",
                              RDF_SYNTAX_NQUADS},
    [CONNEG_FORMAT_TRIG] = {"trig", "trig", "application/trig", "application/trig",
                            RDF_SYNTAX_TRIG},
    [CONNEG_FORMAT_RDFXML] = {"rdfxml", "rdf", "application/rdf+xml", "application/rdf+xml",
                              RDF_SYNTAX_RDFXML},
    [CONNEG_FORMAT_JSONLD] = {"jsonld", "jsonld", "application/ld+json", "application/ld+json",
                              RDF_SYNTAX_JSONLD},
    [CONNEG_FORMAT_HTML] = {"html", "html", "text/html", "text/html; charset=utf-8",
                            RDF_SYNTAX_UNKNOWN},
};

static const struct conneg_offer RDF_OFFERS[] = {
    {"text/turtle", NULL, CONNEG_FORMAT_TURTLE, 0},
    {"application/n-triples", NULL, CONNEG_FORMAT_NTRIPLES, 0},
    {"application/n-quads", NULL, CONNEG_FORMAT_NQUADS, 0},
    {"application/trig", NULL, CONNEG_FORMAT_TRIG, 0},
    {"application/rdf+xml", NULL, CONNEG_FORMAT_RDFXML, 0},
    {"application/ld+json", NULL, CONNEG_FORMAT_JSONLD, 0},
    {"application/ld+json", CONNEG_JSONLD_COMPACTED, CONNEG_FORMAT_JSONLD, 0},
    {"application/ld+json", CONNEG_JSONLD_EXPANDED, CONNEG_FORMAT_JSONLD, 0},
    {"application/ld+json", CONNEG_JSONLD_FLATTENED, CONNEG_FORMAT_JSONLD, 0},
    {"text/html", NULL, CONNEG_FORMAT_HTML, CONNEG_OFFER_WINS_EXPLICIT_TIES},
    /* Aliases, after the registered types so that those win ties. */
    {"application/x-turtle", NULL, CONNEG_FORMAT_TURTLE, 0},
    {"application/json", NULL, CONNEG_FORMAT_JSONLD, 0},
    {"application/xml", NULL, CONNEG_FORMAT_RDFXML, 0},
    {"text/xml", NULL, CONNEG_FORMAT_RDFXML, 0},
};

const struct conneg_offer *conneg_rdf_offers(size_t *n)
{
    *n = sizeof(RDF_OFFERS) / sizeof(RDF_OFFERS[0]);
    return RDF_OFFERS;
}

enum conneg_format conneg_negotiate_rdf(const char *accept, unsigned *profiles)
{
    struct conneg_accept a;
    struct conneg_choice c;
    size_t n;
    const struct conneg_offer *o = conneg_rdf_offers(&n);

    conneg_parse_accept(accept, &a);
    if (conneg_choose(&a, o, n, &c) < 0) {
        if (profiles)
            *profiles = 0;
        return CONNEG_FORMAT_UNKNOWN;
    }
    if (profiles)
        *profiles = c.profiles;
    return (enum conneg_format)c.id;
}

static int format_ok(enum conneg_format f)
{
    return f > CONNEG_FORMAT_UNKNOWN && f < CONNEG_FORMATS;
}

enum conneg_format conneg_decide(enum conneg_format ext, const char *format_param,
                                 const char *accept, unsigned *profiles)
{
    unsigned bits = 0;
    enum conneg_format f;

    if (format_ok(ext)) {
        if (format_param && ext == CONNEG_FORMAT_JSONLD &&
            conneg_from_format_param(format_param, &bits) != CONNEG_FORMAT_JSONLD)
            bits = 0;
        f = ext;
    } else if (format_param) {
        f = conneg_from_format_param(format_param, &bits);
    } else {
        f = conneg_negotiate_rdf(accept, &bits);
    }
    if (profiles)
        *profiles = bits;
    return f;
}

enum conneg_format conneg_from_extension(const char *ext)
{
    int f;

    if (!ext)
        return CONNEG_FORMAT_UNKNOWN;
    if (*ext == '.')
        ext++;
    for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
        if (strcmp(ext, FORMATS[f].ext) == 0)
            return (enum conneg_format)f;
    return CONNEG_FORMAT_UNKNOWN;
}

enum conneg_format conneg_split_extension(const char *path, size_t *stem_len)
{
    size_t n = strlen(path);
    const char *seg = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    enum conneg_format f;

    *stem_len = n;
    seg = seg ? seg + 1 : path;
    if (!dot || dot <= seg) /* no dot in the last segment, or ".ttl" alone */
        return CONNEG_FORMAT_UNKNOWN;
    f = conneg_from_extension(dot + 1);
    if (f != CONNEG_FORMAT_UNKNOWN)
        *stem_len = (size_t)(dot - path);
    return f;
}

enum conneg_format conneg_from_format_param(const char *name, unsigned *profiles)
{
    static const struct {
        const char *name;
        unsigned bits;
    } JSONLD_FORMS[] = {
        {"expanded", CONNEG_PROFILE_EXPANDED},
        {"compacted", CONNEG_PROFILE_COMPACTED},
        {"flattened", CONNEG_PROFILE_FLATTENED},
    };
    size_t i;
    int f;

    if (profiles)
        *profiles = 0;
    if (!name)
        return CONNEG_FORMAT_UNKNOWN;
    for (i = 0; i < sizeof(JSONLD_FORMS) / sizeof(JSONLD_FORMS[0]); i++) {
        if (strcasecmp(name, JSONLD_FORMS[i].name) == 0) {
            if (profiles)
                *profiles = JSONLD_FORMS[i].bits;
            return CONNEG_FORMAT_JSONLD;
        }
    }
    for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
        if (strcasecmp(name, FORMATS[f].name) == 0 || strcasecmp(name, FORMATS[f].ext) == 0)
            return (enum conneg_format)f;
    return CONNEG_FORMAT_UNKNOWN;
}

const char *conneg_format_name(enum conneg_format f)
{
    return format_ok(f) ? FORMATS[f].name : NULL;
}

const char *conneg_format_extension(enum conneg_format f)
{
    return format_ok(f) ? FORMATS[f].ext : NULL;
}

const char *conneg_format_media_type(enum conneg_format f)
{
    return format_ok(f) ? FORMATS[f].media_type : NULL;
}

const char *conneg_content_type(enum conneg_format f, unsigned profiles)
{
    /* Indexed by the profile bits; the order inside the parameter follows
     * the JSON-LD spec's example ("flattened compacted"). */
#define P_ "application/ld+json; profile=\""
    static const char *const JSONLD[8] = {
        "application/ld+json",
        P_ CONNEG_JSONLD_EXPANDED "\"",
        P_ CONNEG_JSONLD_COMPACTED "\"",
        P_ CONNEG_JSONLD_EXPANDED " " CONNEG_JSONLD_COMPACTED "\"",
        P_ CONNEG_JSONLD_FLATTENED "\"",
        P_ CONNEG_JSONLD_FLATTENED " " CONNEG_JSONLD_EXPANDED "\"",
        P_ CONNEG_JSONLD_FLATTENED " " CONNEG_JSONLD_COMPACTED "\"",
        P_ CONNEG_JSONLD_FLATTENED " " CONNEG_JSONLD_EXPANDED " " CONNEG_JSONLD_COMPACTED "\"",
    };
#undef P_
    if (!format_ok(f))
        return NULL;
    if (f == CONNEG_FORMAT_JSONLD)
        return JSONLD[profiles & 7u];
    return FORMATS[f].content_type;
}

const char *conneg_profile_name(unsigned profiles)
{
    /* Indexed by the bits, in the order of conneg_content_type. */
    static const char *const NAMES[8] = {
        NULL,        "expanded",           "compacted",           "expanded+compacted",
        "flattened", "flattened+expanded", "flattened+compacted", "flattened+expanded+compacted",
    };

    return NAMES[profiles & 7u];
}

enum rdf_syntax conneg_format_syntax(enum conneg_format f)
{
    return format_ok(f) ? FORMATS[f].syntax : RDF_SYNTAX_UNKNOWN;
}

const char *conneg_vary(void)
{
    return "Accept";
}

#define LINK_MID "; rel=\"alternate\"; type=\""

char *conneg_link_header(const char *doc_url, struct error *err)
{
    size_t ul, len = 0, off = 0;
    const char *p;
    char *out;
    int f;

    if (!doc_url || !*doc_url) {
        error_set(err, "no document URL for the Link header");
        return NULL;
    }
    for (p = doc_url; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"') {
            error_set(err, "the document URL holds a byte (0x%02x) not allowed in a Link header",
                      c);
            return NULL;
        }
    }
    ul = (size_t)(p - doc_url);
    for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
        len += 2 + 1 + ul + 1 + strlen(FORMATS[f].ext) + 1 + strlen(LINK_MID) +
               strlen(FORMATS[f].media_type) + 1;
    out = malloc(len + 1);
    if (!out) {
        error_set(err, "out of memory");
        return NULL;
    }
    for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
        off += (size_t)snprintf(out + off, len + 1 - off, "%s<%s.%s>" LINK_MID "%s\"",
                                off ? ", " : "", doc_url, FORMATS[f].ext, FORMATS[f].media_type);
    return out;
}

char *conneg_406_body(const struct conneg_offer *offers, size_t n, int formats, struct error *err)
{
    static const char HEAD[] = "None of the media types in the Accept header is available "
                               "here. Supported media types:\n";
    static const char FHEAD[] = "Or choose with ?format=NAME or a file extension:\n";
    size_t len = sizeof(HEAD), i, j, off;
    char *out;
    int f;

    for (i = 0; i < n; i++)
        len += 2 + strlen(offers[i].type) +
               (offers[i].profile ? 11 + strlen(offers[i].profile) : 0) + 1;
    if (formats)
        for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
            len += sizeof(FHEAD) + 2 + strlen(FORMATS[f].name) + 3 + strlen(FORMATS[f].ext) + 2;
    if (formats)
        len += 64; /* the JSON-LD forms line */
    out = malloc(len);
    if (!out) {
        error_set(err, "out of memory");
        return NULL;
    }
    off = (size_t)snprintf(out, len, "%s", HEAD);
    for (i = 0; i < n; i++) {
        int dup = 0;

        for (j = 0; j < i && !dup; j++)
            dup = strcmp(offers[j].type, offers[i].type) == 0 &&
                  (offers[j].profile == offers[i].profile ||
                   (offers[j].profile && offers[i].profile &&
                    strcmp(offers[j].profile, offers[i].profile) == 0));
        if (dup)
            continue;
        if (offers[i].profile)
            off += (size_t)snprintf(out + off, len - off, "  %s;profile=\"%s\"\n", offers[i].type,
                                    offers[i].profile);
        else
            off += (size_t)snprintf(out + off, len - off, "  %s\n", offers[i].type);
    }
    if (formats) {
        off += (size_t)snprintf(out + off, len - off, "%s", FHEAD);
        for (f = CONNEG_FORMAT_TURTLE; f < CONNEG_FORMATS; f++)
            off += (size_t)snprintf(out + off, len - off, "  %s (.%s)\n", FORMATS[f].name,
                                    FORMATS[f].ext);
        off += (size_t)snprintf(out + off, len - off,
                                "  expanded, compacted, flattened (JSON-LD forms)\n");
    }
    (void)off;
    return out;
}
