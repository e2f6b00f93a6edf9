/* html.c - see html.h.
 *
 * A page is written straight into the caller's buffer. Write errors are
 * sticky (struct page.rc): the emitting functions keep going as no-ops after
 * the first failure and the public function reports it once at the end, so
 * the rendering code reads like the page it produces. */
#include "html.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ known terms */

#define SKOS_NS "http://www.w3.org/2004/02/skos/core#"
#define RDFS_NS "http://www.w3.org/2000/01/rdf-schema#"
#define OWL_NS  "http://www.w3.org/2002/07/owl#"
#define DCT_NS  "http://purl.org/dc/terms/"
#define SH_NS   "http://www.w3.org/ns/shacl#"

enum known {
    K_TYPE,
    K_FIRST,
    K_REST,
    K_NIL,
    K_PREFLABEL,
    K_LABEL,
    K_TITLE,
    K_SHNAME,
    K_DEFINITION,
    K_COMMENT,
    K_DESCRIPTION,
    K_SHDESCRIPTION,
    K_CONCEPT,
    K_SCHEME,
    K_INSCHEME,
    K_BROADER,
    K_NARROWER,
    K_TOPCONCEPTOF,
    K_HASTOPCONCEPT,
    K_NOTATION,
    K_ONTOLOGY,
    K_OWLCLASS,
    K_RDFSCLASS,
    K_OBJPROP,
    K_DATAPROP,
    K_ANNPROP,
    K_RDFPROP,
    K_NODESHAPE,
    K_TARGETCLASS,
    K_SHPROPERTY,
    K_PATH,
    K_MINCOUNT,
    K_MAXCOUNT,
    K_DATATYPE,
    K_SHCLASS,
    K_SHNODE,
    K_MESSAGE,
    K_PATTERN,
    K_HASVALUE,
    K_IN,
    K_SUBCLASSOF,
    K_DOMAIN,
    K_RANGE,
    K_DATASET,
    K_MININCL,
    K_MAXINCL,
    K_MINEXCL,
    K_MAXEXCL,
    K_MINLEN,
    K_MAXLEN,
    K_NODEKIND,
    K_UNIQUELANG,
    K_LESSTHAN,
    K_LANGIN,
    K_ISPARTOF,
    K_COUNT
};

static const char *const KNOWN_IRIS[K_COUNT] = {
    [K_TYPE] = RDF_NS "type",
    [K_FIRST] = RDF_NS "first",
    [K_REST] = RDF_NS "rest",
    [K_NIL] = RDF_NS "nil",
    [K_PREFLABEL] = SKOS_NS "prefLabel",
    [K_LABEL] = RDFS_NS "label",
    [K_TITLE] = DCT_NS "title",
    [K_SHNAME] = SH_NS "name",
    [K_DEFINITION] = SKOS_NS "definition",
    [K_COMMENT] = RDFS_NS "comment",
    [K_DESCRIPTION] = DCT_NS "description",
    [K_SHDESCRIPTION] = SH_NS "description",
    [K_CONCEPT] = SKOS_NS "Concept",
    [K_SCHEME] = SKOS_NS "ConceptScheme",
    [K_INSCHEME] = SKOS_NS "inScheme",
    [K_BROADER] = SKOS_NS "broader",
    [K_NARROWER] = SKOS_NS "narrower",
    [K_TOPCONCEPTOF] = SKOS_NS "topConceptOf",
    [K_HASTOPCONCEPT] = SKOS_NS "hasTopConcept",
    [K_NOTATION] = SKOS_NS "notation",
    [K_ONTOLOGY] = OWL_NS "Ontology",
    [K_OWLCLASS] = OWL_NS "Class",
    [K_RDFSCLASS] = RDFS_NS "Class",
    [K_OBJPROP] = OWL_NS "ObjectProperty",
    [K_DATAPROP] = OWL_NS "DatatypeProperty",
    [K_ANNPROP] = OWL_NS "AnnotationProperty",
    [K_RDFPROP] = RDF_NS "Property",
    [K_NODESHAPE] = SH_NS "NodeShape",
    [K_TARGETCLASS] = SH_NS "targetClass",
    [K_SHPROPERTY] = SH_NS "property",
    [K_PATH] = SH_NS "path",
    [K_MINCOUNT] = SH_NS "minCount",
    [K_MAXCOUNT] = SH_NS "maxCount",
    [K_DATATYPE] = SH_NS "datatype",
    [K_SHCLASS] = SH_NS "class",
    [K_SHNODE] = SH_NS "node",
    [K_MESSAGE] = SH_NS "message",
    [K_PATTERN] = SH_NS "pattern",
    [K_HASVALUE] = SH_NS "hasValue",
    [K_IN] = SH_NS "in",
    [K_SUBCLASSOF] = RDFS_NS "subClassOf",
    [K_DOMAIN] = RDFS_NS "domain",
    [K_RANGE] = RDFS_NS "range",
    [K_DATASET] = "http://www.w3.org/ns/dcat#Dataset",
    [K_MININCL] = SH_NS "minInclusive",
    [K_MAXINCL] = SH_NS "maxInclusive",
    [K_MINEXCL] = SH_NS "minExclusive",
    [K_MAXEXCL] = SH_NS "maxExclusive",
    [K_MINLEN] = SH_NS "minLength",
    [K_MAXLEN] = SH_NS "maxLength",
    [K_NODEKIND] = SH_NS "nodeKind",
    [K_UNIQUELANG] = SH_NS "uniqueLang",
    [K_LESSTHAN] = SH_NS "lessThan",
    [K_LANGIN] = SH_NS "languageIn",
    [K_ISPARTOF] = DCT_NS "isPartOf",
};

/* Label and description properties, in order of preference. */
static const enum known LABEL_PROPS[] = {K_PREFLABEL, K_LABEL, K_TITLE, K_SHNAME};
static const enum known DESC_PROPS[] = {K_DEFINITION, K_COMMENT, K_DESCRIPTION, K_SHDESCRIPTION};
/* For documents listed on the home page, their summary comes first. */
static const enum known SUMMARY_PROPS[] = {K_DESCRIPTION, K_DEFINITION, K_COMMENT};

/* Prefixes for naming IRIs that have no label in the store. */
static const struct {
    const char *prefix, *ns;
} PREFIXES[] = {
    {"rdf", RDF_NS},
    {"rdfs", RDFS_NS},
    {"xsd", XSD_NS},
    {"owl", OWL_NS},
    {"skos", SKOS_NS},
    {"dcterms", DCT_NS},
    {"sh", SH_NS},
    {"adms", "http://www.w3.org/ns/adms#"},
    {"dcat", "http://www.w3.org/ns/dcat#"},
    {"vann", "http://purl.org/vocab/vann/"},
    {"foaf", "http://xmlns.com/foaf/0.1/"},
    {"org", "http://www.w3.org/ns/org#"},
    {"prov", "http://www.w3.org/ns/prov#"},
    {"geo", "http://www.opengis.net/ont/geosparql#"},
    {"besluit", "http://data.vlaanderen.be/ns/besluit#"},
};

const struct html_format HTML_FORMATS[] = {
    {"ttl", "text/turtle", "Turtle"},          {"nt", "application/n-triples", "N-Triples"},
    {"rdf", "application/rdf+xml", "RDF/XML"}, {"jsonld", "application/ld+json", "JSON-LD"},
    {"nq", "application/n-quads", "N-Quads"},  {"trig", "application/trig", "TriG"},
};
const size_t HTML_N_FORMATS = sizeof HTML_FORMATS / sizeof HTML_FORMATS[0];

/* Values shown per property of a resource. */
#define VALUES_MAX 200
/* Incoming triples examined for "what refers to this" (counts are exact
 * beyond it, but a property seen only after it is not listed). */
#define INCOMING_SCAN_MAX 10000

/* Deepest nesting of blank nodes rendered inline. */
#define NEST_MAX 12
/* Most items listed in one section (terms of a vocabulary, shapes). */
#define LIST_MAX 2000

/* ------------------------------------------------------------ page state */

struct page {
    const struct store_snapshot *snap;
    struct dict *d;
    const struct html_opts *opts;
    const char *base;
    size_t base_len;
    const char *lang; /* preferred language */
    struct buf *out;
    int rc;                 /* first write / memory failure, 0 while fine */
    term_id k[K_COUNT];     /* ids of the known terms, TERM_ID_NONE if absent */
    term_id nest[NEST_MAX]; /* blank nodes being rendered (cycle check) */
    size_t depth;
    bool inline_only;           /* inside <p> or a heading: no nested tables */
    struct label_cache *labels; /* owned; NULL until the first look-up */
};

/* Labels looked up during one page: an open-addressing table by term id
 * (0 marks a free slot). A link is often shown more than once (a broader
 * concept on every row, a property in every nested node). Failing to grow
 * it is not an error: the label is then looked up again next time. */
struct label_entry {
    term_id id;
    bool found;
    bool anchored;     /* an id attribute was written for this term */
    struct term label; /* shared dictionary strings */
};

struct label_cache {
    struct label_entry *slots;
    size_t n_slots; /* power of two */
    size_t count;
};

static void page_init(struct page *p, const struct store_snapshot *snap,
                      const struct html_opts *opts, struct buf *out)
{
    memset(p, 0, sizeof *p);
    p->snap = snap;
    p->d = snap ? store_snapshot_dict(snap) : NULL;
    p->opts = opts;
    p->base = opts && opts->base ? opts->base : "";
    p->base_len = strlen(p->base);
    p->lang = opts && opts->lang && *opts->lang ? opts->lang : "nl";
    p->out = out;
    for (int i = 0; i < K_COUNT && p->d; i++) {
        struct term t = term_iri(KNOWN_IRIS[i]);

        p->k[i] = dict_lookup(p->d, &t);
    }
}

static void label_cache_free(struct label_cache *c)
{
    if (c) {
        free(c->slots);
        free(c);
    }
}

static int page_finish(struct page *p, struct error *err)
{
    label_cache_free(p->labels);
    p->labels = NULL;
    if (p->rc == BUF_TOOBIG) {
        error_set(err, "the HTML page is larger than %zu bytes", p->out->cap);
        return -1;
    }
    if (p->rc < 0) {
        error_set(err, "out of memory while writing an HTML page");
        return -1;
    }
    return 0;
}

static void putn(struct page *p, const char *s, size_t n)
{
    if (p->rc == 0)
        p->rc = buf_append(p->out, s, n);
}

static void put(struct page *p, const char *s)
{
    putn(p, s, strlen(s));
}

static void putf(struct page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct page *p, const char *fmt, ...)
{
    va_list ap;

    if (p->rc)
        return;
    va_start(ap, fmt);
    p->rc = buf_vappendf(p->out, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------ escaping */

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Bytes of the well-formed UTF-8 sequence at s (n > 0 bytes left, s[0] >=
 * 0x80), or 0 if it is not one (RFC 3629, table 3-7 of Unicode). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;

    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

int html_escape(struct buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, start = 0;
    int rc;

    while (i < n) {
        unsigned char c;
        const char *rep = NULL;
        size_t len = 1;

        /* Fast path: printable ASCII other than the five special bytes. */
        while (i < n && u[i] >= 0x20 && u[i] < 0x7F && u[i] != '&' && u[i] != '<' && u[i] != '>' &&
               u[i] != '"' && u[i] != '\'')
            i++;
        if (i == n)
            break;
        c = u[i];
        if (c < 0x80) {
            switch (c) {
            case '&':
                rep = "&amp;";
                break;
            case '<':
                rep = "&lt;";
                break;
            case '>':
                rep = "&gt;";
                break;
            case '"':
                rep = "&quot;";
                break;
            case '\'':
                rep = "&#39;";
                break;
            case '\t':
            case '\n':
                break;
            case '\r': /* a lone CR is a line break to HTML: keep it simple */
                rep = "\n";
                break;
            default:
                if (c < 0x20 || c == 0x7F)
                    rep = REPLACEMENT;
            }
        } else {
            len = utf8_len(u + i, n - i);
            if (len == 0) {
                rep = REPLACEMENT;
                len = 1;
            } else if (c == 0xC2 && u[i + 1] < 0xA0) {
                rep = REPLACEMENT; /* C1 controls */
            }
        }
        if (rep) {
            if ((rc = buf_append(out, s + start, i - start)) < 0 ||
                (rc = buf_append_str(out, rep)) < 0)
                return rc;
            start = i + len;
        }
        i += len;
    }
    return buf_append(out, s + start, i - start);
}

static void escn(struct page *p, const char *s, size_t n)
{
    if (p->rc == 0)
        p->rc = html_escape(p->out, s, n);
}

static void esc(struct page *p, const char *s)
{
    escn(p, s, strlen(s));
}

/* A qvalue ("0", "0.5", "1.000"), without strtod: the locale must not
 * matter. Anything else counts as 0. */
static double qvalue(const char *s)
{
    double v, scale = 0.1;

    if (*s != '0' && *s != '1')
        return 0;
    v = *s++ - '0';
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
            v += (*s - '0') * scale;
    return v > 1 ? 1 : v;
}

const char *html_pick_lang(const char *accept_language)
{
    static const char *const LANGS[] = {"nl", "en"};
    const char *best = "nl", *s = accept_language;
    double best_q = 0;

    while (s && *s) {
        const char *end = strchr(s, ','), *semi, *q;
        size_t len;
        double qv = 1;

        if (!end)
            end = s + strlen(s);
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        semi = memchr(s, ';', (size_t)(end - s));
        len = (size_t)((semi ? semi : end) - s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (semi && (q = strstr(semi, "q=")) != NULL && q < end)
            qv = qvalue(q + 2);
        for (size_t i = 0; i < sizeof LANGS / sizeof LANGS[0]; i++)
            if (len >= 2 && strncasecmp(s, LANGS[i], 2) == 0 && (len == 2 || s[2] == '-') &&
                qv > best_q) {
                best = LANGS[i];
                best_q = qv;
            }
        s = *end ? end + 1 : end;
    }
    return best;
}

unsigned html_page_param(const char *s)
{
    unsigned long v = 0;

    if (!s || !*s)
        return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 1000000)
            return 0;
    }
    return (unsigned)v;
}

int html_linkable(const char *iri)
{
    static const char *const SCHEMES[] = {"http:", "https:", "mailto:", "urn:"};

    for (size_t i = 0; i < sizeof SCHEMES / sizeof SCHEMES[0]; i++)
        if (strncasecmp(iri, SCHEMES[i], strlen(SCHEMES[i])) == 0)
            return 1;
    return 0;
}

/* The href of an IRI (escaped, for inside quotes): {base}id/X -> doc/X. */
static void put_href(struct page *p, const char *iri)
{
    if (p->base_len && strncmp(iri, p->base, p->base_len) == 0 &&
        strncmp(iri + p->base_len, "id/", 3) == 0) {
        esc(p, p->base);
        put(p, "doc/");
        esc(p, iri + p->base_len + 3);
        return;
    }
    esc(p, iri);
}

/* ------------------------------------------------------------ store look-ups */

static struct store_iter *find(const struct page *p, term_id s, term_id pr, term_id o)
{
    struct store_quad pat = {s, pr, o, TERM_ID_NONE};

    return store_find(p->snap, &pat, true);
}

static void nomem(struct page *p)
{
    if (p->rc == 0)
        p->rc = BUF_NOMEM;
}

/* Does lang tag a match wanted (case-insensitive, "nl-BE" matches "nl")? */
static bool lang_match(const char *tag, const char *wanted)
{
    size_t n = strlen(wanted);

    return tag && strncasecmp(tag, wanted, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

/* Rank of a literal as a label: preferred language 4, English 3, no
 * language 2, any other 1. */
static int lang_rank(const struct page *p, const struct term *t)
{
    if (!t->lang || !*t->lang)
        return 2;
    if (lang_match(t->lang, p->lang))
        return 4;
    return lang_match(t->lang, "en") ? 3 : 1;
}

/* The best literal of s among the properties props (earlier properties win
 * among equal languages). *out gets shared dictionary strings. Returns 1
 * when found, 0 if not. */
static int best_literal(struct page *p, term_id s, const enum known *props, size_t n,
                        struct term *out)
{
    int best = 0;

    if (s == TERM_ID_NONE)
        return 0;
    for (size_t i = 0; i < n && best < 4; i++) {
        struct store_iter *it;
        struct store_quad q;

        if (p->k[props[i]] == TERM_ID_NONE)
            continue;
        it = find(p, s, p->k[props[i]], TERM_ID_NONE);
        if (!it) {
            nomem(p);
            return 0;
        }
        while (store_iter_next(it, &q)) {
            struct term t;
            int r;

            if (dict_kind(p->d, q.o) != TERM_LITERAL || dict_get(p->d, q.o, &t) < 0)
                continue;
            r = lang_rank(p, &t);
            if (r > best) {
                best = r;
                *out = t;
                if (r == 4)
                    break;
            }
        }
        store_iter_free(it);
    }
    return best > 0;
}

static size_t label_slot(term_id id, size_t n_slots)
{
    return (size_t)((id * UINT32_C(2654435769)) & (n_slots - 1));
}

/* The slot of id in the cache (free or holding id), growing the table when
 * half full; NULL when there is no table and none can be had. */
static struct label_entry *label_cache_slot(struct page *p, term_id id)
{
    struct label_cache *c = p->labels;
    size_t j;

    if (!c) {
        c = p->labels = calloc(1, sizeof *c);
        if (!c)
            return NULL;
    }
    if ((c->count + 1) * 2 > c->n_slots) {
        size_t n = c->n_slots ? c->n_slots * 2 : 256;
        struct label_entry *slots = calloc(n, sizeof *slots);

        if (!slots)
            return NULL;
        for (size_t i = 0; i < c->n_slots; i++) {
            if (!c->slots[i].id)
                continue;
            for (j = label_slot(c->slots[i].id, n); slots[j].id; j = (j + 1) & (n - 1))
                ;
            slots[j] = c->slots[i];
        }
        free(c->slots);
        c->slots = slots;
        c->n_slots = n;
    }
    for (j = label_slot(id, c->n_slots); c->slots[j].id && c->slots[j].id != id;
         j = (j + 1) & (c->n_slots - 1))
        ;
    return &c->slots[j];
}

static int label_of(struct page *p, term_id s, struct term *out)
{
    struct label_entry *e = s ? label_cache_slot(p, s) : NULL;
    int found;

    if (e && e->id == s) {
        if (e->found)
            *out = e->label;
        return e->found;
    }
    found = best_literal(p, s, LABEL_PROPS, sizeof LABEL_PROPS / sizeof LABEL_PROPS[0], out);
    if (e && p->rc == 0) {
        e->id = s;
        e->found = found;
        if (found)
            e->label = *out;
        p->labels->count++;
    }
    return found;
}

static int desc_of(struct page *p, term_id s, struct term *out)
{
    return best_literal(p, s, DESC_PROPS, sizeof DESC_PROPS / sizeof DESC_PROPS[0], out);
}

/* First object of (s, pr), TERM_ID_NONE if none. */
static term_id first_object(struct page *p, term_id s, enum known pr)
{
    struct store_iter *it;
    struct store_quad q;
    term_id o = TERM_ID_NONE;

    if (s == TERM_ID_NONE || p->k[pr] == TERM_ID_NONE)
        return TERM_ID_NONE;
    it = find(p, s, p->k[pr], TERM_ID_NONE);
    if (!it) {
        nomem(p);
        return TERM_ID_NONE;
    }
    if (store_iter_next(it, &q))
        o = q.o;
    store_iter_free(it);
    return o;
}

static bool has_type(struct page *p, term_id s, enum known type)
{
    struct store_quad pat = {s, p->k[K_TYPE], p->k[type], TERM_ID_NONE};

    if (s == TERM_ID_NONE || pat.p == TERM_ID_NONE || pat.o == TERM_ID_NONE)
        return false;
    return store_count(p->snap, &pat) > 0;
}

/* A growable list of term ids. */
struct ids {
    term_id *v;
    size_t n, alloc;
};

static void ids_push(struct page *p, struct ids *l, term_id id)
{
    if (l->n == l->alloc) {
        size_t n = l->alloc ? l->alloc * 2 : 16;
        term_id *v = realloc(l->v, n * sizeof *v);

        if (!v) {
            nomem(p);
            return;
        }
        l->v = v;
        l->alloc = n;
    }
    l->v[l->n++] = id;
}

static int id_cmp(const void *a, const void *b)
{
    term_id x = *(const term_id *)a, y = *(const term_id *)b;

    return (x > y) - (x < y);
}

/* Sort and drop duplicates. */
static void ids_unique(struct ids *l)
{
    size_t j = 0;

    if (l->n < 2)
        return;
    qsort(l->v, l->n, sizeof *l->v, id_cmp);
    for (size_t i = 1; i < l->n; i++)
        if (l->v[i] != l->v[j])
            l->v[++j] = l->v[i];
    l->n = j + 1;
}

static bool ids_has(const struct ids *sorted, term_id id)
{
    return sorted->n && bsearch(&id, sorted->v, sorted->n, sizeof id, id_cmp) != NULL;
}

/* Objects of (s, pr) (dir 0) or subjects of (?, pr, s) (dir 1), appended
 * to l, at most max of them. */
static void collect(struct page *p, struct ids *l, term_id s, enum known pr, int dir, size_t max)
{
    struct store_iter *it;
    struct store_quad q;

    if (s == TERM_ID_NONE || p->k[pr] == TERM_ID_NONE)
        return;
    it = dir ? find(p, TERM_ID_NONE, p->k[pr], s) : find(p, s, p->k[pr], TERM_ID_NONE);
    if (!it) {
        nomem(p);
        return;
    }
    while (l->n < max && store_iter_next(it, &q))
        ids_push(p, l, dir ? q.s : q.o);
    store_iter_free(it);
}

/* ------------------------------------------------------------ sorting by name */

/* An item of a list shown to people: ordered by notation, then label. */
struct item {
    term_id id;
    struct term label, notation; /* kind TERM_NONE when absent */
    bool top;
};

/* Compare byte strings with runs of digits compared as numbers. */
static int natural_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t i = 0, j = 0;

    while (i < na && j < nb) {
        if (isdigit((unsigned char)a[i]) && isdigit((unsigned char)b[j])) {
            size_t si, sj;

            while (i < na && a[i] == '0')
                i++;
            while (j < nb && b[j] == '0')
                j++;
            for (si = i; i < na && isdigit((unsigned char)a[i]); i++)
                ;
            for (sj = j; j < nb && isdigit((unsigned char)b[j]); j++)
                ;
            if (i - si != j - sj)
                return i - si < j - sj ? -1 : 1;
            int c = memcmp(a + si, b + sj, i - si);
            if (c)
                return c;
            continue;
        }
        if (a[i] != b[j])
            return (unsigned char)a[i] < (unsigned char)b[j] ? -1 : 1;
        i++;
        j++;
    }
    return (na - i > nb - j) - (na - i < nb - j);
}

static int item_cmp(const void *va, const void *vb)
{
    const struct item *a = va, *b = vb;
    int c;

    if (a->top != b->top)
        return a->top ? -1 : 1;
    if (a->notation.kind && b->notation.kind) {
        c = natural_cmp(a->notation.value, a->notation.len, b->notation.value, b->notation.len);
        if (c)
            return c;
    } else if (a->notation.kind != b->notation.kind) {
        return a->notation.kind ? -1 : 1;
    }
    if (a->label.kind && b->label.kind) {
        c = natural_cmp(a->label.value, a->label.len, b->label.value, b->label.len);
        if (c)
            return c;
    } else if (a->label.kind != b->label.kind) {
        return a->label.kind ? -1 : 1;
    }
    return id_cmp(&a->id, &b->id);
}

/* Items for ids (labels and notations looked up), sorted. NULL if empty
 * or out of memory (p->rc tells). Owned by the caller. */
static struct item *items_of(struct page *p, const term_id *ids, size_t n, const struct ids *tops)
{
    struct item *v;

    if (n == 0)
        return NULL;
    v = calloc(n, sizeof *v);
    if (!v) {
        nomem(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        term_id no;

        v[i].id = ids[i];
        v[i].top = tops && ids_has(tops, ids[i]);
        if (!label_of(p, ids[i], &v[i].label))
            v[i].label.kind = TERM_NONE;
        no = first_object(p, ids[i], K_NOTATION);
        if (no == TERM_ID_NONE || dict_get(p->d, no, &v[i].notation) < 0 ||
            v[i].notation.kind != TERM_LITERAL)
            v[i].notation.kind = TERM_NONE;
    }
    qsort(v, n, sizeof *v, item_cmp);
    return v;
}

/* ------------------------------------------------------------ terms */

/* Short name of an IRI with no label: a known prefix, or the part after the
 * last '#' or '/', or the whole IRI. */
static void put_short_name(struct page *p, const char *iri)
{
    const char *hash, *slash, *local;

    for (size_t i = 0; i < sizeof PREFIXES / sizeof PREFIXES[0]; i++) {
        size_t n = strlen(PREFIXES[i].ns);

        if (strncmp(iri, PREFIXES[i].ns, n) == 0 && iri[n]) {
            put(p, PREFIXES[i].prefix);
            put(p, ":");
            esc(p, iri + n);
            return;
        }
    }
    hash = strrchr(iri, '#');
    slash = strrchr(iri, '/');
    local = hash && hash[1] ? hash + 1 : slash && slash[1] ? slash + 1 : iri;
    esc(p, local);
}

/* lang="..." for a literal whose language differs from the page's. */
static void put_lang_attr(struct page *p, const struct term *t)
{
    /* Only a well-formed tag (letters, digits, '-'; BCP 47) is worth an
     * attribute; the badge still shows whatever the literal holds. */
    if (t->kind != TERM_LITERAL || !t->lang || !*t->lang ||
        t->lang[strspn(t->lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")])
        return;
    if (!lang_match(t->lang, "nl")) {
        put(p, " lang=\"");
        esc(p, t->lang);
        put(p, "\"");
    }
}

/* A link to the IRI id shown by its label (or short name); not a link when
 * its scheme is not allowed. */
static void put_iri_link(struct page *p, term_id id, const char *iri)
{
    struct term label;
    bool has_label = label_of(p, id, &label);

    if (html_linkable(iri)) {
        put(p, "<a href=\"");
        put_href(p, iri);
        put(p, "\" title=\"");
        esc(p, iri);
        put(p, "\"");
        if (has_label)
            put_lang_attr(p, &label);
        put(p, ">");
    } else {
        put(p, "<span class=\"iri\" title=\"");
        esc(p, iri);
        put(p, "\">");
    }
    if (has_label)
        escn(p, label.value, label.len);
    else if (html_linkable(iri))
        put_short_name(p, iri);
    else
        esc(p, iri); /* the whole IRI, as text */
    put(p, html_linkable(iri) ? "</a>" : "</span>");
}

static void put_literal(struct page *p, const struct term *t)
{
    put(p, "<span class=\"lit\"");
    put_lang_attr(p, t);
    put(p, ">");
    escn(p, t->value, t->len);
    put(p, "</span>");
    if (t->lang && *t->lang) {
        put(p, " <span class=\"badge\" title=\"taal\">");
        esc(p, t->lang);
        put(p, "</span>");
    } else if (t->datatype) {
        put(p, " <span class=\"badge\" title=\"");
        esc(p, t->datatype);
        put(p, "\">");
        put_short_name(p, t->datatype);
        put(p, "</span>");
    }
}

static void put_value(struct page *p, term_id id);

/* The values of one property: inline when one, a list when more. */
static void put_values(struct page *p, const term_id *v, size_t n)
{
    if (n == 1) {
        put_value(p, v[0]);
        return;
    }
    put(p, "<ul class=\"values\">");
    for (size_t i = 0; i < n; i++) {
        put(p, "<li>");
        put_value(p, v[i]);
        put(p, "</li>");
    }
    put(p, "</ul>");
}

static void put_property_name(struct page *p, term_id pr)
{
    struct term t;

    if (dict_get(p->d, pr, &t) < 0 || t.kind != TERM_IRI)
        put(p, "?");
    else
        put_iri_link(p, pr, t.value);
}

/* Rows "property | values" of subject s (its triples grouped by property)
 * into an open <tbody>. */
static void put_property_rows(struct page *p, term_id s)
{
    struct store_iter *it = find(p, s, TERM_ID_NONE, TERM_ID_NONE);
    struct store_quad q;
    struct ids vals = {0};
    term_id cur = TERM_ID_NONE;
    size_t count = 0;
    bool more;

    if (!it) {
        nomem(p);
        return;
    }
    do {
        more = store_iter_next(it, &q);
        if (cur != TERM_ID_NONE && (!more || q.p != cur)) {
            put(p, "<tr><th scope=\"row\">");
            put_property_name(p, cur);
            put(p, "</th><td>");
            put_values(p, vals.v, vals.n);
            if (count > vals.n)
                putf(p, "<p class=\"count\">%zu van %zu getoond</p>", vals.n, count);
            put(p, "</td></tr>\n");
            vals.n = 0;
            count = 0;
        }
        if (more) {
            cur = q.p;
            if (count++ < VALUES_MAX)
                ids_push(p, &vals, q.o);
        }
    } while (more && p->rc == 0);
    store_iter_free(it);
    free(vals.v);
}

/* An RDF collection starting at blank node id, as an ordered list; returns
 * false if id is not a well-formed list head (then nothing is written). */
static bool put_list(struct page *p, term_id id)
{
    struct ids items = {0};
    term_id node = id;
    size_t guard = 0;

    if (p->k[K_FIRST] == TERM_ID_NONE || p->k[K_REST] == TERM_ID_NONE ||
        p->k[K_NIL] == TERM_ID_NONE)
        return false;
    while (node != p->k[K_NIL]) {
        struct store_quad pat = {node, TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE};
        term_id first, rest;

        /* A list node holds exactly rdf:first and rdf:rest (a cycle or a
         * longer list than LIST_MAX is shown as plain nodes). */
        if (dict_kind(p->d, node) != TERM_BLANK || ++guard > LIST_MAX ||
            store_count(p->snap, &pat) != 2)
            break;
        first = first_object(p, node, K_FIRST);
        rest = first_object(p, node, K_REST);
        if (first == TERM_ID_NONE || rest == TERM_ID_NONE)
            break;
        ids_push(p, &items, first);
        node = rest;
    }
    if (node != p->k[K_NIL]) {
        free(items.v);
        return false;
    }
    put(p, "<ol class=\"list\">");
    for (size_t i = 0; i < items.n; i++) {
        put(p, "<li>");
        put_value(p, items.v[i]);
        put(p, "</li>");
    }
    put(p, "</ol>");
    free(items.v);
    return true;
}

/* A blank node: its triples as a nested table, once per path (cycle-safe,
 * depth-limited). */
static void put_blank(struct page *p, term_id id)
{
    for (size_t i = 0; i < p->depth; i++)
        if (p->nest[i] == id) {
            put(p, "<span class=\"note\">(kringverwijzing)</span>");
            return;
        }
    if (p->inline_only) {
        put(p, "<span class=\"note\">(anoniem knooppunt)</span>");
        return;
    }
    if (p->depth == NEST_MAX) {
        put(p, "<span class=\"note\">(te diep genest)</span>");
        return;
    }
    p->nest[p->depth++] = id;
    if (!put_list(p, id)) {
        struct store_quad pat = {id, TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE};

        if (store_count(p->snap, &pat) == 0) {
            put(p, "<span class=\"note\">(anoniem knooppunt)</span>");
        } else {
            put(p, "<table class=\"nested\"><tbody>");
            put_property_rows(p, id);
            put(p, "</tbody></table>");
        }
    }
    p->depth--;
}

static void put_value(struct page *p, term_id id)
{
    struct term t;

    if (dict_get(p->d, id, &t) < 0) {
        put(p, "?");
        return;
    }
    switch (t.kind) {
    case TERM_IRI:
        put_iri_link(p, id, t.value);
        break;
    case TERM_BLANK:
        put_blank(p, id);
        break;
    case TERM_LITERAL:
        put_literal(p, &t);
        break;
    default:
        put(p, "<span class=\"note\">(standaardgraaf)</span>");
    }
}

/* Links of a list of ids, comma-separated, items sorted by name. */
static void put_links(struct page *p, struct ids *l)
{
    struct item *v;

    bool was = p->inline_only;

    ids_unique(l);
    v = items_of(p, l->v, l->n, NULL);
    p->inline_only = true;
    for (size_t i = 0; v && i < l->n; i++) {
        if (i)
            put(p, ", ");
        put_value(p, v[i].id);
    }
    p->inline_only = was;
    free(v);
}

/* ------------------------------------------------------------ page frame */

static const char STYLE[] =
    "body{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}"
    "header,main,footer{max-width:70rem;margin:0 auto;padding:0 1rem}"
    "header{border-bottom:1px solid #ccc}header a{color:#1a1a1a;font-weight:bold}"
    "a{color:#0b4f8a}a:focus{outline:2px solid #0b4f8a}"
    "h1{font-size:1.8rem;margin:.8rem 0 .3rem}h2{font-size:1.3rem;margin-top:1.6rem}"
    "code.iri{user-select:all;word-break:break-all;background:#f2f2f2;padding:.1rem .3rem}"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0}"
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid "
    "#ddd}"
    "th[scope=row]{width:14rem;font-weight:600}"
    "table.nested{border-left:3px solid #ccc;margin:0}"
    "table.nested th,table.nested td{border-bottom:none;padding:.1rem .4rem}"
    "ul.values{margin:0;padding-left:1.1rem}ol.list{margin:0;padding-left:1.6rem}"
    ".lit{white-space:pre-line}"
    ".badge{font-size:.8rem;color:#444;background:#eee;border-radius:3px;padding:0 .3rem}"
    ".note,.count{color:#555}.iri{word-break:break-all}"
    "nav.pages a,nav.pages span{margin-right:.6rem}"
    ".lv1{padding-left:1.7rem}.lv2{padding-left:3.2rem}.lv3{padding-left:4.7rem}"
    ".lv4{padding-left:6.2rem}.lv5{padding-left:7.7rem}.lv6{padding-left:9.2rem}"
    "footer{border-top:1px solid #ccc;margin-top:2rem;color:#555}";

static void put_alternate_href(struct page *p, const char *doc, const struct html_format *f)
{
    esc(p, doc);
    put(p, ".");
    esc(p, f->ext);
}

/* <!DOCTYPE> to <main>: title (escaped here), alternates of doc (escaped
 * URL without extension, may be NULL). */
static void page_begin(struct page *p, const char *title, size_t title_len, const char *doc)
{
    const struct html_opts *o = p->opts;

    put(p, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>");
    escn(p, title, title_len);
    put(p, " \xE2\x80\x93 fundament</title>\n");
    for (size_t i = 0; doc && o && o->formats && i < o->n_formats; i++) {
        put(p, "<link rel=\"alternate\" type=\"");
        esc(p, o->formats[i].media_type);
        put(p, "\" href=\"");
        put_alternate_href(p, doc, &o->formats[i]);
        put(p, "\">\n");
    }
    put(p, "<style>");
    put(p, STYLE);
    put(p, "</style>\n</head>\n<body>\n<header><p><a href=\"");
    esc(p, *p->base ? p->base : "/");
    put(p, "\">fundament</a> \xC2\xB7 register van definities</p></header>\n<main>\n");
}

/* The formats section, </main> and the rest. */
static void page_end(struct page *p, const char *doc)
{
    const struct html_opts *o = p->opts;

    if (doc && o && o->formats && o->n_formats) {
        put(p, "<section>\n<h2>Formaten</h2>\n<ul>");
        for (size_t i = 0; i < o->n_formats; i++) {
            put(p, "<li><a href=\"");
            put_alternate_href(p, doc, &o->formats[i]);
            put(p, "\" type=\"");
            esc(p, o->formats[i].media_type);
            put(p, "\">");
            esc(p, o->formats[i].label);
            put(p, "</a></li>");
        }
        put(p, "</ul>\n</section>\n");
    }
    put(p, "</main>\n<footer><p>Gegenereerd door fundament uit de gegevens van het register."
           "</p></footer>\n</body>\n</html>\n");
}

/* ------------------------------------------------------------ resource page */

/* Deepest indentation level of the concept list (CSS classes lv0..lv6). */
#define LEVEL_MAX 6

/* The concepts of a scheme in hierarchy order: each root (top concept or
 * concept without a broader one in the scheme) followed depth-first by its
 * narrower concepts, siblings by notation then label. A concept with
 * several broader ones is listed under the first; concepts only reachable
 * through a cycle come last, at level 0. */
struct tree {
    struct item *v; /* sorted items (owned) */
    size_t n;
    size_t *parent;  /* index in v of the broader concept, or SIZE_MAX */
    size_t *order;   /* indexes into v, hierarchy order */
    unsigned *level; /* depth of each entry of order */
};

static void tree_free(struct tree *t)
{
    free(t->v);
    free(t->parent);
    free(t->order);
    free(t->level);
}

/* Build the tree of the concepts `all` (sorted ids) with tops (sorted ids). */
static int tree_build(struct page *p, struct tree *t, const struct ids *all, const struct ids *tops)
{
    size_t n = all->n, *pos = NULL, *first = NULL, *kids = NULL, *stack = NULL, no = 0;
    unsigned *sdepth = NULL;
    bool *seen = NULL;
    int ret = -1;

    memset(t, 0, sizeof *t);
    t->n = n;
    t->v = items_of(p, all->v, n, tops);
    t->parent = malloc(n * sizeof *t->parent);
    t->order = malloc(n * sizeof *t->order);
    t->level = malloc(n * sizeof *t->level);
    pos = malloc(n * sizeof *pos);
    first = calloc(n + 1, sizeof *first);
    kids = malloc(n * sizeof *kids);
    stack = malloc(n * sizeof *stack);
    sdepth = malloc(n * sizeof *sdepth);
    seen = calloc(n, sizeof *seen);
    if (!t->v || !t->parent || !t->order || !t->level || !pos || !first || !kids || !stack ||
        !sdepth || !seen) {
        nomem(p);
        goto out;
    }
    /* pos: sorted-id rank -> index in v */
    for (size_t i = 0; i < n; i++) {
        term_id *hit = bsearch(&t->v[i].id, all->v, n, sizeof(term_id), id_cmp);

        pos[hit - all->v] = i;
    }
    for (size_t i = 0; i < n; i++) {
        term_id b = t->v[i].top ? TERM_ID_NONE : first_object(p, t->v[i].id, K_BROADER);
        term_id *hit = b ? bsearch(&b, all->v, n, sizeof(term_id), id_cmp) : NULL;

        t->parent[i] = hit && pos[hit - all->v] != i ? pos[hit - all->v] : SIZE_MAX;
        if (t->parent[i] != SIZE_MAX)
            first[t->parent[i] + 1]++;
    }
    /* children of i are kids[first[i] .. first[i+1]), in sorted order */
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    memcpy(pos, first, n * sizeof *pos); /* pos is now the fill cursor */
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != SIZE_MAX)
            kids[pos[t->parent[i]]++] = i;
    for (int pass = 0; pass < 2; pass++)
        for (size_t r = 0; r < n; r++) {
            size_t top = 0;

            /* pass 0: the roots; pass 1: whatever a cycle kept unreached */
            if (seen[r] || (pass == 0 && t->parent[r] != SIZE_MAX))
                continue;
            stack[top] = r;
            sdepth[top++] = 0;
            seen[r] = true;
            while (top) {
                size_t i = stack[--top];
                unsigned d = sdepth[top];

                t->order[no] = i;
                t->level[no++] = d;
                for (size_t k = first[i + 1]; k-- > first[i];)
                    if (!seen[kids[k]]) {
                        seen[kids[k]] = true;
                        stack[top] = kids[k];
                        sdepth[top++] = d + 1;
                    }
            }
        }
    ret = 0;
out:
    free(pos);
    free(first);
    free(kids);
    free(stack);
    free(sdepth);
    free(seen);
    return ret;
}

/* Rows from..to of the tree: notation, label (indented by level), broader. */
static void put_concept_table(struct page *p, const struct tree *t, size_t from, size_t to)
{
    put(p, "<table>\n<thead><tr><th scope=\"col\">Notatie</th><th scope=\"col\">Begrip</th>"
           "<th scope=\"col\">Breder begrip</th></tr></thead>\n<tbody>\n");
    for (size_t r = from; r < to && p->rc == 0; r++) {
        const struct item *it = &t->v[t->order[r]];
        size_t parent = t->parent[t->order[r]];

        put(p, "<tr><td>");
        if (it->notation.kind)
            escn(p, it->notation.value, it->notation.len);
        putf(p, "</td><td class=\"lv%u\">",
             t->level[r] < LEVEL_MAX ? t->level[r] : (unsigned)LEVEL_MAX);
        put_value(p, it->id);
        if (it->top)
            put(p, " <span class=\"badge\">topbegrip</span>");
        put(p, "</td><td>");
        if (parent != SIZE_MAX)
            put_value(p, t->v[parent].id);
        put(p, "</td></tr>\n");
    }
    put(p, "</tbody>\n</table>\n");
}

/* The chain of broader concepts from the top down to s (cycle-safe). */
static void put_breadcrumb(struct page *p, term_id s, const struct term *label)
{
    term_id chain[20];
    size_t n = 0;
    term_id cur = s;

    while (n < sizeof chain / sizeof chain[0]) {
        term_id b = first_object(p, cur, K_BROADER);
        bool loop = b == s;

        for (size_t i = 0; i < n && !loop; i++)
            loop = chain[i] == b;
        if (b == TERM_ID_NONE || loop)
            break;
        chain[n++] = cur = b;
    }
    if (n == 0)
        return;
    put(p, "<tr><th scope=\"row\">Plaats</th><td>");
    p->inline_only = true;
    while (n--) {
        put_value(p, chain[n]);
        put(p, " \xE2\x80\xBA ");
    }
    p->inline_only = false;
    if (label) {
        put(p, "<span");
        put_lang_attr(p, label);
        put(p, ">");
        escn(p, label->value, label->len);
        put(p, "</span>");
    } else {
        put(p, "<span class=\"note\">(dit begrip)</span>");
    }
    put(p, "</td></tr>\n");
}

static void put_concept_section(struct page *p, term_id s, const struct term *label)
{
    struct ids schemes = {0}, broader = {0}, narrower = {0};
    term_id notation = first_object(p, s, K_NOTATION);

    collect(p, &schemes, s, K_INSCHEME, 0, LIST_MAX);
    collect(p, &schemes, s, K_TOPCONCEPTOF, 0, LIST_MAX);
    collect(p, &broader, s, K_BROADER, 0, LIST_MAX);
    collect(p, &broader, s, K_NARROWER, 1, LIST_MAX);
    collect(p, &narrower, s, K_NARROWER, 0, LIST_MAX);
    collect(p, &narrower, s, K_BROADER, 1, LIST_MAX);
    put(p, "<section>\n<h2>Begrip</h2>\n<table><tbody>\n");
    if (schemes.n) {
        put(p, "<tr><th scope=\"row\">Begrippenlijst</th><td>");
        put_links(p, &schemes);
        put(p, "</td></tr>\n");
    }
    if (notation != TERM_ID_NONE) {
        put(p, "<tr><th scope=\"row\">Notatie</th><td>");
        put_value(p, notation);
        put(p, "</td></tr>\n");
    }
    put_breadcrumb(p, s, label);
    put(p, "<tr><th scope=\"row\">Breder</th><td>");
    if (broader.n)
        put_links(p, &broader);
    else
        put(p, "<span class=\"note\">(topbegrip)</span>");
    put(p, "</td></tr>\n<tr><th scope=\"row\">Smaller</th><td>");
    if (narrower.n)
        put_links(p, &narrower);
    else
        put(p, "<span class=\"note\">(geen)</span>");
    put(p, "</td></tr>\n</tbody></table>\n</section>\n");
    free(schemes.v);
    free(broader.v);
    free(narrower.v);
}

static void put_scheme_section(struct page *p, term_id s)
{
    struct ids tops = {0}, all = {0};
    struct tree t;
    size_t page = p->opts && p->opts->page ? p->opts->page : 1, pages, from, to;

    collect(p, &tops, s, K_HASTOPCONCEPT, 0, SIZE_MAX);
    collect(p, &tops, s, K_TOPCONCEPTOF, 1, SIZE_MAX);
    ids_unique(&tops);
    for (size_t i = 0; i < tops.n; i++)
        ids_push(p, &all, tops.v[i]);
    collect(p, &all, s, K_INSCHEME, 1, SIZE_MAX);
    ids_unique(&all);
    put(p, "<section>\n<h2>Begrippen</h2>\n");
    if (all.n == 0 || p->rc) {
        put(p, "<p class=\"note\">Deze lijst heeft geen begrippen.</p>\n</section>\n");
        goto out;
    }
    pages = (all.n + HTML_PAGE_SIZE - 1) / HTML_PAGE_SIZE;
    if (page > pages)
        page = pages;
    putf(p, "<p class=\"count\">%zu begrippen, waarvan %zu topbegrippen.</p>\n", all.n, tops.n);
    if (tree_build(p, &t, &all, &tops) == 0) {
        from = (page - 1) * HTML_PAGE_SIZE;
        to = from + HTML_PAGE_SIZE < all.n ? from + HTML_PAGE_SIZE : all.n;
        put_concept_table(p, &t, from, to);
    }
    tree_free(&t);
    if (pages > 1) {
        const char *path = p->opts && p->opts->path ? p->opts->path : "";

        put(p, "<nav class=\"pages\" aria-label=\"Pagina's\"><p>Pagina ");
        for (size_t i = 1; i <= pages; i++) {
            if (i == page) {
                putf(p, "<span aria-current=\"page\">%zu</span>", i);
                continue;
            }
            put(p, "<a href=\"");
            esc(p, path);
            putf(p, "?page=%zu\">%zu</a>", i, i);
        }
        put(p, "</p></nav>\n");
    }
    put(p, "</section>\n");
out:
    free(tops.v);
    free(all.v);
}

/* Literal values of (s, pr) as text, joined by ", ". */
static void put_objects(struct page *p, term_id s, enum known pr)
{
    struct ids l = {0};

    collect(p, &l, s, pr, 0, LIST_MAX);
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            put(p, ", ");
        put_value(p, l.v[i]);
    }
    free(l.v);
}

/* The lexical form of a literal id as plain text (nothing for NONE). */
static void put_lexical(struct page *p, term_id id)
{
    struct term t;

    if (id == TERM_ID_NONE || dict_get(p->d, id, &t) < 0)
        return;
    if (t.kind == TERM_LITERAL)
        escn(p, t.value, t.len);
    else
        put_value(p, id);
}

/* Further SHACL Core constraints of a property shape, one per line: the
 * value ranges and lengths, the node kind, unique languages, sh:lessThan,
 * sh:pattern, sh:hasValue, sh:in and sh:languageIn. */
static void put_constraints(struct page *p, term_id ps)
{
    static const struct {
        enum known k;
        const char *text; /* Dutch, static */
    } SIMPLE[] = {
        {K_MININCL, "minstens"},
        {K_MINEXCL, "groter dan"},
        {K_MAXINCL, "hoogstens"},
        {K_MAXEXCL, "kleiner dan"},
        {K_MINLEN, "lengte vanaf"},
        {K_MAXLEN, "lengte tot"},
        {K_NODEKIND, "soort knoop"},
        {K_UNIQUELANG, "unieke taal"},
        {K_LESSTHAN, "kleiner dan de waarde van"},
    };
    term_id pattern = first_object(p, ps, K_PATTERN), in = first_object(p, ps, K_IN);
    term_id langs = first_object(p, ps, K_LANGIN);
    struct ids values = {0};

    for (size_t i = 0; i < sizeof SIMPLE / sizeof SIMPLE[0]; i++) {
        term_id o = first_object(p, ps, SIMPLE[i].k);

        if (o == TERM_ID_NONE)
            continue;
        put(p, "<p>");
        put(p, SIMPLE[i].text);
        put(p, " ");
        p->inline_only = true;
        put_lexical(p, o);
        p->inline_only = false;
        put(p, "</p>");
    }
    if (langs != TERM_ID_NONE) {
        put(p, "<div>taal een van ");
        put_value(p, langs);
        put(p, "</div>");
    }

    if (pattern != TERM_ID_NONE) {
        put(p, "<p>patroon <code>");
        put_lexical(p, pattern);
        put(p, "</code></p>");
    }
    collect(p, &values, ps, K_HASVALUE, 0, LIST_MAX);
    if (values.n) {
        put(p, "<p>waarde ");
        put_links(p, &values);
        put(p, "</p>");
    }
    if (in != TERM_ID_NONE) {
        put(p, "<div>een van ");
        put_value(p, in);
        put(p, "</div>");
    }
    free(values.v);
}

/* The fragment of iri if iri is doc + '#' + fragment, else NULL. */
static const char *fragment_in(const char *iri, const char *doc)
{
    size_t n = doc ? strlen(doc) : 0;

    if (n && strncmp(iri, doc, n) == 0 && iri[n] == '#' && iri[n + 1])
        return iri + n + 1;
    return NULL;
}

/* id="fragment" for a term of the document doc (its links land there). */
static void put_anchor(struct page *p, term_id id, const char *doc)
{
    struct term t;
    const char *frag;

    if (dict_get(p->d, id, &t) < 0 || t.kind != TERM_IRI)
        return;
    frag = fragment_in(t.value, doc);
    if (frag && !strpbrk(frag, " \t\n\f\r")) {
        struct term label;
        struct label_entry *e;

        /* Once per page: a term typed both a class and a property, or a
         * shape listed twice, must not give two elements the same id. The
         * look-up puts the term in the label cache, which remembers it. */
        label_of(p, id, &label);
        e = label_cache_slot(p, id);
        if (!e || e->id != id || e->anchored)
            return;
        e->anchored = true;
        put(p, " id=\"");
        esc(p, frag);
        put(p, "\"");
    }
}

/* A node shape: target classes and a table of its property shapes. */
static void put_shape(struct page *p, term_id shape, const char *h, const char *doc)
{
    struct ids props = {0};
    struct term t;

    if (strcmp(h, "h2") == 0) {
        put(p, "<h2>Vorm</h2>\n");
    } else {
        putf(p, "<%s", h);
        put_anchor(p, shape, doc);
        put(p, ">");
        p->inline_only = true;
        put_value(p, shape);
        p->inline_only = false;
        putf(p, "</%s>\n", h);
    }
    if (desc_of(p, shape, &t) && strcmp(h, "h2")) {
        put(p, "<p");
        put_lang_attr(p, &t);
        put(p, ">");
        escn(p, t.value, t.len);
        put(p, "</p>\n");
    }
    if (first_object(p, shape, K_TARGETCLASS) != TERM_ID_NONE) {
        put(p, "<p>Doelklasse: ");
        p->inline_only = true;
        put_objects(p, shape, K_TARGETCLASS);
        p->inline_only = false;
        put(p, "</p>\n");
    }
    collect(p, &props, shape, K_SHPROPERTY, 0, LIST_MAX);
    if (props.n == 0) {
        free(props.v);
        return;
    }
    put(p, "<table>\n<thead><tr><th scope=\"col\">Pad</th><th scope=\"col\">Naam</th>"
           "<th scope=\"col\">Min</th><th scope=\"col\">Max</th>"
           "<th scope=\"col\">Type</th><th scope=\"col\">Verder</th>"
           "<th scope=\"col\">Boodschap</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < props.n && p->rc == 0; i++) {
        term_id ps = props.v[i], path = first_object(p, ps, K_PATH);
        static const enum known MSG[] = {K_MESSAGE};
        static const enum known NAME[] = {K_SHNAME};

        put(p, "<tr><td>");
        if (path != TERM_ID_NONE)
            put_value(p, path);
        else
            put_value(p, ps);
        put(p, "</td><td>");
        if (best_literal(p, ps, NAME, 1, &t)) {
            put(p, "<span");
            put_lang_attr(p, &t);
            put(p, ">");
            escn(p, t.value, t.len);
            put(p, "</span>");
        }
        put(p, "</td><td>");
        put_lexical(p, first_object(p, ps, K_MINCOUNT));
        put(p, "</td><td>");
        put_lexical(p, first_object(p, ps, K_MAXCOUNT));
        put(p, "</td><td>");
        put_objects(p, ps, K_DATATYPE);
        put_objects(p, ps, K_SHCLASS);
        if (first_object(p, ps, K_SHNODE) != TERM_ID_NONE) {
            put(p, "vorm ");
            put_objects(p, ps, K_SHNODE);
        }
        put(p, "</td><td>");
        put_constraints(p, ps);
        put(p, "</td><td>");
        if (best_literal(p, ps, MSG, 1, &t)) {
            put(p, "<span");
            put_lang_attr(p, &t);
            put(p, ">");
            escn(p, t.value, t.len);
            put(p, "</span>");
        }
        put(p, "</td></tr>\n");
    }
    put(p, "</tbody>\n</table>\n");
    free(props.v);
}

/* Graphs holding triples of s (default graph as TERM_ID_DEFAULT_GRAPH). */
static void graphs_of(struct page *p, term_id s, struct ids *out)
{
    struct store_quad pat = {s, TERM_ID_NONE, TERM_ID_NONE, TERM_ID_NONE}, q;
    struct store_iter *it = store_find(p->snap, &pat, false);

    if (!it) {
        nomem(p);
        return;
    }
    while (store_iter_next(it, &q)) {
        bool seen = false;

        for (size_t i = 0; i < out->n && !seen; i++)
            seen = out->v[i] == q.g;
        if (!seen)
            ids_push(p, out, q.g);
    }
    store_iter_free(it);
    ids_unique(out);
}

/* Terms defined in the graphs of an ontology, grouped by kind. */
static void put_ontology_section(struct page *p, term_id s)
{
    static const struct {
        enum known type;
        int group;
    } KINDS[] = {
        {K_OWLCLASS, 0}, {K_RDFSCLASS, 0}, {K_OBJPROP, 1},   {K_DATAPROP, 1},
        {K_ANNPROP, 1},  {K_RDFPROP, 1},   {K_NODESHAPE, 2},
    };
    static const char *const TITLES[] = {"Klassen", "Eigenschappen", "Vormen"};
    struct ids graphs = {0}, groups[3] = {{0}};
    struct term self;
    const char *doc;

    if (dict_get(p->d, s, &self) < 0)
        return;
    doc = self.kind == TERM_IRI ? self.value : NULL;
    graphs_of(p, s, &graphs);
    for (size_t g = 0; g < graphs.n; g++)
        for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
            struct store_quad pat = {TERM_ID_NONE, p->k[K_TYPE], p->k[KINDS[k].type], graphs.v[g]},
                              q;
            struct store_iter *it;
            struct ids *l = &groups[KINDS[k].group];

            if (pat.p == TERM_ID_NONE || pat.o == TERM_ID_NONE)
                continue;
            it = store_find(p->snap, &pat, false);
            if (!it) {
                nomem(p);
                continue;
            }
            while (l->n < LIST_MAX && store_iter_next(it, &q))
                if (q.s != s)
                    ids_push(p, l, q.s);
            store_iter_free(it);
        }
    for (int g = 0; g < 3; g++) {
        struct item *v;

        ids_unique(&groups[g]);
        if (groups[g].n == 0)
            continue;
        v = items_of(p, groups[g].v, groups[g].n, NULL);
        if (!v)
            continue;
        putf(p, "<section>\n<h2>%s</h2>\n", TITLES[g]);
        if (g == 2) {
            for (size_t i = 0; i < groups[g].n; i++)
                put_shape(p, v[i].id, "h3", doc);
        } else {
            put(p, "<table>\n<thead><tr><th scope=\"col\">Term</th>"
                   "<th scope=\"col\">Definitie</th>");
            put(p, g == 0 ? "<th scope=\"col\">Subklasse van</th>"
                          : "<th scope=\"col\">Domein</th><th scope=\"col\">Bereik</th>");
            put(p, "</tr></thead>\n<tbody>\n");
            for (size_t i = 0; i < groups[g].n && p->rc == 0; i++) {
                struct term t;

                put(p, "<tr");
                put_anchor(p, v[i].id, doc);
                put(p, "><td>");
                put_value(p, v[i].id);
                put(p, "</td><td");
                if (desc_of(p, v[i].id, &t)) {
                    put_lang_attr(p, &t);
                    put(p, ">");
                    escn(p, t.value, t.len);
                } else {
                    put(p, ">");
                }
                put(p, "</td><td>");
                if (g == 0) {
                    put_objects(p, v[i].id, K_SUBCLASSOF);
                } else {
                    put_objects(p, v[i].id, K_DOMAIN);
                    put(p, "</td><td>");
                    put_objects(p, v[i].id, K_RANGE);
                }
                put(p, "</td></tr>\n");
            }
            put(p, "</tbody>\n</table>\n");
        }
        put(p, "</section>\n");
        free(v);
    }
    for (int g = 0; g < 3; g++)
        free(groups[g].v);
    free(graphs.v);
}

/* Incoming links: per property, up to HTML_INCOMING_MAX subjects and a count. */
struct incoming {
    term_id p;
    size_t count;
    struct ids subjects;
};

static void put_incoming(struct page *p, term_id s)
{
    struct store_iter *it = find(p, TERM_ID_NONE, TERM_ID_NONE, s);
    struct incoming *groups = NULL;
    size_t n = 0, alloc = 0, scanned = 0;
    struct store_quad q;
    bool cut = false;

    if (!it) {
        nomem(p);
        return;
    }
    while (p->rc == 0 && store_iter_next(it, &q)) {
        size_t i;

        if (scanned++ == INCOMING_SCAN_MAX) {
            cut = true;
            break;
        }
        for (i = 0; i < n && groups[i].p != q.p; i++)
            ;
        if (i == n) {
            if (n == alloc) {
                size_t na = alloc ? alloc * 2 : 8;
                struct incoming *g = realloc(groups, na * sizeof *g);

                if (!g) {
                    nomem(p);
                    break;
                }
                groups = g;
                alloc = na;
            }
            memset(&groups[n], 0, sizeof groups[n]);
            groups[n++].p = q.p;
        }
        groups[i].count++;
        if (groups[i].subjects.n < HTML_INCOMING_MAX)
            ids_push(p, &groups[i].subjects, q.s);
    }
    store_iter_free(it);
    /* Past the scan limit, count each property's triples by its index range
     * (quads: a triple held by two graphs counts twice). */
    for (size_t i = 0; cut && i < n; i++) {
        struct store_quad pat = {TERM_ID_NONE, groups[i].p, s, TERM_ID_NONE};

        groups[i].count = store_count(p->snap, &pat);
    }
    if (n) {
        put(p, "<section>\n<h2>Wat verwijst hiernaar</h2>\n<table>\n<thead><tr>"
               "<th scope=\"col\">Eigenschap</th><th scope=\"col\">Onderwerp</th></tr></thead>\n"
               "<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            put(p, "<tr><th scope=\"row\">");
            put_property_name(p, groups[i].p);
            put(p, "</th><td>");
            put_values(p, groups[i].subjects.v, groups[i].subjects.n);
            if (groups[i].count > groups[i].subjects.n)
                putf(p, "<p class=\"count\">%zu van %zu getoond</p>", groups[i].subjects.n,
                     groups[i].count);
            put(p, "</td></tr>\n");
        }
        put(p, "</tbody>\n</table>\n");
        if (cut)
            putf(p,
                 "<p class=\"note\">Alleen de eerste %d verwijzingen zijn doorzocht: er "
                 "kunnen nog andere eigenschappen naar verwijzen.</p>\n",
                 INCOMING_SCAN_MAX);
        put(p, "</section>\n");
    }
    for (size_t i = 0; i < n; i++)
        free(groups[i].subjects.v);
    free(groups);
}

static void put_graphs(struct page *p, term_id s)
{
    struct ids graphs = {0};

    graphs_of(p, s, &graphs);
    if (graphs.n) {
        put(p, "<section>\n<h2>Graaf</h2>\n<ul>");
        for (size_t i = 0; i < graphs.n; i++) {
            put(p, "<li>");
            put_value(p, graphs.v[i]);
            put(p, "</li>");
        }
        put(p, "</ul>\n</section>\n");
    }
    free(graphs.v);
}

/* The ontology that is part of s (an application profile document such as
 * {base}doc/applicatieprofiel/X, whose shapes graph says dcterms:isPartOf
 * it), or TERM_ID_NONE. */
static term_id profile_part(struct page *p, term_id s)
{
    struct ids parts = {0};
    term_id found = TERM_ID_NONE;

    collect(p, &parts, s, K_ISPARTOF, 1, LIST_MAX);
    ids_unique(&parts);
    for (size_t i = 0; i < parts.n && !found; i++)
        if (has_type(p, parts.v[i], K_ONTOLOGY))
            found = parts.v[i];
    free(parts.v);
    return found;
}

int html_resource_page(const struct store_snapshot *snap, term_id subject,
                       const struct html_opts *opts, struct buf *out, struct error *err)
{
    static const enum known PART_TITLE[] = {K_TITLE, K_LABEL, K_PREFLABEL};
    struct page p;
    struct term st, label, desc;
    struct ids types = {0};
    char *doc = NULL;
    term_id part = TERM_ID_NONE;
    bool has_label, has_desc;

    page_init(&p, snap, opts, out);
    if (!snap || dict_get(p.d, subject, &st) < 0 ||
        (st.kind != TERM_IRI && st.kind != TERM_BLANK)) {
        error_set(err, "html: no such resource");
        return -1;
    }
    has_label = label_of(&p, subject, &label);
    has_desc = desc_of(&p, subject, &desc);
    if (!has_type(&p, subject, K_ONTOLOGY))
        part = profile_part(&p, subject);
    if (part && !has_label)
        has_label = best_literal(&p, part, PART_TITLE, 3, &label);
    if (part && !has_desc)
        has_desc = best_literal(&p, part, SUMMARY_PROPS,
                                sizeof SUMMARY_PROPS / sizeof SUMMARY_PROPS[0], &desc);
    if (opts && opts->doc_url) {
        doc = strdup(opts->doc_url);
    } else if (st.kind == TERM_IRI && html_linkable(st.value)) {
        /* The link target of the subject, unescaped: {base}id/X -> doc/X. */
        struct buf b;

        buf_init(&b, SIZE_MAX);
        if (p.base_len && strncmp(st.value, p.base, p.base_len) == 0 &&
            strncmp(st.value + p.base_len, "id/", 3) == 0)
            buf_appendf(&b, "%sdoc/%s", p.base, st.value + p.base_len + 3);
        else
            buf_append_str(&b, st.value);
        doc = buf_take(&b, NULL);
        /* The document of a hash IRI is the IRI without its fragment. */
        if (doc && strchr(doc, '#'))
            *strchr(doc, '#') = '\0';
    }
    if (!doc && ((opts && opts->doc_url) || st.kind == TERM_IRI))
        nomem(&p);
    if (has_label)
        page_begin(&p, label.value, label.len, doc);
    else
        page_begin(&p, st.value, st.len, doc);

    put(&p, "<h1");
    if (has_label) {
        put_lang_attr(&p, &label);
        put(&p, ">");
        escn(&p, label.value, label.len);
    } else {
        put(&p, ">");
        if (st.kind == TERM_IRI)
            put_short_name(&p, st.value);
        else
            escn(&p, st.value, st.len);
    }
    put(&p, "</h1>\n");
    if (st.kind == TERM_IRI) {
        put(&p, "<p>IRI: <code class=\"iri\">");
        escn(&p, st.value, st.len);
        put(&p, "</code></p>\n");
    }
    collect(&p, &types, subject, K_TYPE, 0, LIST_MAX);
    if (types.n) {
        put(&p, "<p>Type: ");
        put_links(&p, &types);
        put(&p, "</p>\n");
    }
    if (has_desc) {
        put(&p, "<p class=\"description\"");
        put_lang_attr(&p, &desc);
        put(&p, ">");
        escn(&p, desc.value, desc.len);
        put(&p, "</p>\n");
    }

    if (has_type(&p, subject, K_CONCEPT) || first_object(&p, subject, K_INSCHEME))
        put_concept_section(&p, subject, has_label ? &label : NULL);
    if (has_type(&p, subject, K_SCHEME))
        put_scheme_section(&p, subject);
    if (has_type(&p, subject, K_ONTOLOGY))
        put_ontology_section(&p, subject);
    if (part) {
        put(&p, "<p>Vormen in ");
        put_value(&p, part);
        put(&p, ".</p>\n");
        put_ontology_section(&p, part);
    }
    if (has_type(&p, subject, K_NODESHAPE)) {
        put(&p, "<section>\n");
        put_shape(&p, subject, "h2", NULL);
        put(&p, "</section>\n");
    }

    put(&p, "<section>\n<h2>Kenmerken</h2>\n<table>\n<thead><tr>"
            "<th scope=\"col\">Eigenschap</th><th scope=\"col\">Waarde</th></tr></thead>\n"
            "<tbody>\n");
    put_property_rows(&p, subject);
    put(&p, "</tbody>\n</table>\n</section>\n");
    put_incoming(&p, subject);
    put_graphs(&p, subject);
    page_end(&p, doc);
    free(types.v);
    free(doc);
    return page_finish(&p, err);
}

/* ------------------------------------------------------------ home page */

/* Graph of the first (s, rdf:type, type) quad, TERM_ID_NONE if none. */
static term_id graph_of_type(struct page *p, term_id s, enum known type)
{
    struct store_quad pat = {s, p->k[K_TYPE], p->k[type], TERM_ID_NONE}, q;
    struct store_iter *it;
    term_id g = TERM_ID_NONE;

    if (pat.p == TERM_ID_NONE || pat.o == TERM_ID_NONE)
        return TERM_ID_NONE;
    it = store_find(p->snap, &pat, false);
    if (!it) {
        nomem(p);
        return TERM_ID_NONE;
    }
    if (store_iter_next(it, &q))
        g = q.g;
    store_iter_free(it);
    return g;
}

/* Number of node shapes in graph g. */
static size_t shapes_in(struct page *p, term_id g)
{
    struct store_quad pat = {TERM_ID_NONE, p->k[K_TYPE], p->k[K_NODESHAPE], g};

    if (pat.p == TERM_ID_NONE || pat.o == TERM_ID_NONE || g == TERM_ID_NONE)
        return 0;
    return store_count(p->snap, &pat);
}

static void put_term_table(struct page *p, const char *h2, const char *count_col,
                           const struct item *v, const size_t *counts, size_t n)
{
    static const size_t N_SUMMARY = sizeof SUMMARY_PROPS / sizeof SUMMARY_PROPS[0];

    putf(p,
         "<section>\n<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">Naam</th>"
         "<th scope=\"col\">Beschrijving</th>",
         h2);
    if (count_col)
        putf(p, "<th scope=\"col\">%s</th>", count_col);
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n && p->rc == 0; i++) {
        struct term t;

        put(p, "<tr><td>");
        put_value(p, v[i].id);
        put(p, "</td><td");
        if (best_literal(p, v[i].id, SUMMARY_PROPS, N_SUMMARY, &t)) {
            put_lang_attr(p, &t);
            put(p, ">");
            escn(p, t.value, t.len);
        } else {
            put(p, ">");
        }
        put(p, "</td>");
        if (count_col)
            putf(p, "<td>%zu</td>", counts[i]);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table>\n</section>\n");
}

int html_home_page(const struct store_snapshot *snap, const struct html_opts *opts, struct buf *out,
                   struct error *err)
{
    struct page p;
    struct ids onto = {0}, vocabs = {0}, profiles = {0}, schemes = {0}, datasets = {0};
    struct item *v = NULL;
    size_t *counts = NULL;
    term_id *graphs = NULL;
    long n_graphs;

    if (!snap) {
        error_set(err, "html: no store");
        return -1;
    }
    page_init(&p, snap, opts, out);
    n_graphs = store_graphs(snap, &graphs);
    if (n_graphs < 0)
        nomem(&p);
    page_begin(&p, "Register", 8, NULL);
    put(&p, "<h1>Register van definities</h1>\n<p>Vocabularia, codelijsten en "
            "applicatieprofielen van de lokale besturen, als linked data.</p>\n");
    putf(&p, "<p class=\"count\">%zu quads in %ld grafen.</p>\n", store_size(snap),
         n_graphs < 0 ? 0L : n_graphs);

    collect(&p, &onto, p.k[K_ONTOLOGY], K_TYPE, 1, SIZE_MAX);
    ids_unique(&onto);
    for (size_t i = 0; i < onto.n; i++) {
        term_id g = graph_of_type(&p, onto.v[i], K_ONTOLOGY);

        ids_push(&p, shapes_in(&p, g) ? &profiles : &vocabs, onto.v[i]);
    }
    collect(&p, &schemes, p.k[K_SCHEME], K_TYPE, 1, SIZE_MAX);
    ids_unique(&schemes);

    if (vocabs.n && (v = items_of(&p, vocabs.v, vocabs.n, NULL))) {
        put_term_table(&p, "Vocabularia", NULL, v, NULL, vocabs.n);
        free(v);
    }
    if (schemes.n && (v = items_of(&p, schemes.v, schemes.n, NULL))) {
        counts = calloc(schemes.n, sizeof *counts);
        if (!counts) {
            nomem(&p);
        } else {
            for (size_t i = 0; i < schemes.n; i++) {
                struct store_quad pat = {TERM_ID_NONE, p.k[K_INSCHEME], v[i].id, TERM_ID_NONE};

                counts[i] = pat.p ? store_count(snap, &pat) : 0;
            }
            put_term_table(&p, "Codelijsten", "Begrippen", v, counts, schemes.n);
        }
        free(v);
        free(counts);
    }
    if (profiles.n && (v = items_of(&p, profiles.v, profiles.n, NULL))) {
        counts = calloc(profiles.n, sizeof *counts);
        if (!counts) {
            nomem(&p);
        } else {
            for (size_t i = 0; i < profiles.n; i++)
                counts[i] = shapes_in(&p, graph_of_type(&p, v[i].id, K_ONTOLOGY));
            put_term_table(&p, "Applicatieprofielen", "Vormen", v, counts, profiles.n);
        }
        free(v);
        free(counts);
    }
    collect(&p, &datasets, p.k[K_DATASET], K_TYPE, 1, SIZE_MAX);
    ids_unique(&datasets);
    if (datasets.n && (v = items_of(&p, datasets.v, datasets.n, NULL))) {
        put_term_table(&p, "Datasets", NULL, v, NULL, datasets.n);
        free(v);
    }
    page_end(&p, NULL);
    free(datasets.v);
    free(graphs);
    free(onto.v);
    free(vocabs.v);
    free(profiles.v);
    free(schemes.v);
    return page_finish(&p, err);
}

/* ------------------------------------------------------------ error page */

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Ongeldige vraag";
    case 404:
        return "Niet gevonden";
    case 405:
        return "Methode niet toegestaan";
    case 406:
        return "Geen passend formaat";
    case 413:
        return "Te groot";
    case 500:
        return "Interne fout";
    case 503:
        return "Niet beschikbaar";
    default:
        return "Fout";
    }
}

int html_error_page(int status, const char *message, const struct html_opts *opts, struct buf *out,
                    struct error *err)
{
    struct page p;
    char title[64];
    int n;

    page_init(&p, NULL, opts, out);
    n = snprintf(title, sizeof title, "%d %s", status, status_title(status));
    page_begin(&p, title, (size_t)n < sizeof title ? (size_t)n : sizeof title - 1, NULL);
    put(&p, "<h1>");
    esc(&p, title);
    put(&p, "</h1>\n");
    if (message) {
        put(&p, "<p>");
        esc(&p, message);
        put(&p, "</p>\n");
    }
    put(&p, "<p><a href=\"");
    esc(&p, *p.base ? p.base : "/");
    put(&p, "\">Naar de startpagina van het register</a></p>\n");
    page_end(&p, NULL);
    return page_finish(&p, err);
}
