/* conneg.h - HTTP content negotiation: the Accept header (RFC 9110
 * section 12.5.1), choosing among the server's offers, file extensions and
 * ?format= names, and the Vary / Link / 406 texts that go with them.
 *
 * Nothing here allocates except the functions that return a string for the
 * caller (conneg_link_header, conneg_406_body). Parsing never fails: parts
 * of an Accept header that cannot be parsed are skipped, and a header with
 * nothing usable means "no preference". See docs/internals/conneg.md. */
#ifndef FUNDAMENT_CONNEG_H
#define FUNDAMENT_CONNEG_H

#include <stddef.h>

#include "error.h"
#include "rdf_io.h"

/* Ranges kept from one Accept header; later ones are ignored. */
#define CONNEG_RANGES_MAX 64
/* Weights are kept in thousandths: q=0.5 is 500. */
#define CONNEG_Q_MAX 1000

/* The JSON-LD profiles (JSON-LD 1.1, section 9 / IANA registration). */
#define CONNEG_JSONLD_NS        "http://www.w3.org/ns/json-ld#"
#define CONNEG_JSONLD_EXPANDED  "http://www.w3.org/ns/json-ld#expanded"
#define CONNEG_JSONLD_COMPACTED "http://www.w3.org/ns/json-ld#compacted"
#define CONNEG_JSONLD_FLATTENED "http://www.w3.org/ns/json-ld#flattened"

/* Bits for the JSON-LD profiles a client asked for (several may be combined
 * in one profile parameter, e.g. flattened + compacted). */
#define CONNEG_PROFILE_EXPANDED  0x1u
#define CONNEG_PROFILE_COMPACTED 0x2u
#define CONNEG_PROFILE_FLATTENED 0x4u

/* One media range of an Accept header. The pointers point into the header
 * string given to conneg_parse_accept (borrowed: the header must outlive
 * the struct); strings are not NUL-terminated, use the lengths. */
struct conneg_range {
    const char *type; /* "text", or "*" */
    size_t type_len;
    const char *subtype; /* "turtle", or "*" */
    size_t subtype_len;
    /* The profile parameter's value, quotes removed, backslash escapes
     * kept; NULL when absent. */
    const char *profile;
    size_t profile_len;
    const char *charset; /* charset parameter, NULL when absent */
    size_t charset_len;
    unsigned q; /* 0..CONNEG_Q_MAX; 0 means "not acceptable" */
};

struct conneg_accept {
    struct conneg_range ranges[CONNEG_RANGES_MAX];
    size_t n;       /* ranges kept */
    size_t skipped; /* list members that could not be parsed (or beyond the max) */
};

/* Parse an Accept header value (NULL for an absent header). Never fails:
 * unparseable members are skipped; a.n == 0 afterwards means "no preference"
 * (absent, empty or entirely unparseable header). Type, subtype and
 * parameter names are case-insensitive; parameter values are kept as sent.
 * Only the profile and charset parameters are kept; parameters after q
 * (accept-ext) are ignored. A member whose q is not a valid qvalue
 * ("0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]) is skipped. */
void conneg_parse_accept(const char *header, struct conneg_accept *a);

/* Offer flag: when a range names this offer's type exactly (not through
 * a wildcard), the offer wins ties of equal weight against offers earlier
 * in the list. Used for text/html so that browsers get HTML. */
#define CONNEG_OFFER_WINS_EXPLICIT_TIES 0x1u

/* What the server can answer with. */
struct conneg_offer {
    const char *type;    /* lower-case "type/subtype" */
    const char *profile; /* one profile IRI this offer produces, or NULL */
    int id;              /* caller's id (e.g. enum conneg_format) */
    unsigned flags;      /* CONNEG_OFFER_* */
};

struct conneg_choice {
    const struct conneg_offer *offer; /* shared: points into the offers given */
    int id;                           /* offer->id */
    unsigned q;                       /* weight the offer got, 1..CONNEG_Q_MAX */
    unsigned profiles;                /* CONNEG_PROFILE_* bits named by the deciding range */
};

/* Choose among n offers (the server's order of preference). Each offer gets
 * the weight of the most specific range that matches it: type/subtype with
 * a parameter that the offer matches (profile, charset) > type/subtype >
 * type/ * > * / *; among equally specific ranges the first in the header counts.
 * A range with a profile parameter matches only an offer whose profile is one
 * of the space-separated IRIs in it; a charset other than utf-8 matches
 * nothing. The highest weight wins; ties go to a CONNEG_OFFER_WINS_EXPLICIT_TIES
 * offer that was named explicitly, then to the earlier offer. Returns the
 * index of the chosen offer and fills *c, or -1 when nothing is acceptable
 * (every offer has weight 0 or matches no range: answer 406). With no
 * preference (a->n == 0 or a == NULL) the first offer is chosen with q=1. */
int conneg_choose(const struct conneg_accept *a, const struct conneg_offer *offers, size_t n,
                  struct conneg_choice *c);

/* The representations of an RDF document. */
enum conneg_format {
    CONNEG_FORMAT_UNKNOWN = 0,
    CONNEG_FORMAT_TURTLE,
    CONNEG_FORMAT_NTRIPLES,
    CONNEG_FORMAT_NQUADS,
    CONNEG_FORMAT_TRIG,
    CONNEG_FORMAT_RDFXML,
    CONNEG_FORMAT_JSONLD,
    CONNEG_FORMAT_HTML,
    CONNEG_FORMATS
};

/* The standard offers for an RDF document (shared, static), ids are enum
 * conneg_format: Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD (plain,
 * then its three profiles), HTML (wins explicit ties), then the aliases
 * application/x-turtle, application/json (JSON-LD), application/xml and
 * text/xml (RDF/XML). */
const struct conneg_offer *conneg_rdf_offers(size_t *n);

/* Parse + choose among the standard offers: the format, or
 * CONNEG_FORMAT_UNKNOWN when nothing is acceptable (406). *profiles gets the
 * JSON-LD profile bits (may be NULL). */
enum conneg_format conneg_negotiate_rdf(const char *accept, unsigned *profiles);

/* "ttl" (with or without the dot, case-sensitive) -> format; UNKNOWN for
 * anything else. Extensions: ttl nt nq trig rdf jsonld html. */
enum conneg_format conneg_from_extension(const char *ext);
/* If the last segment of path ends in a known extension, return its format
 * and set *stem_len to the length of path without ".ext"; otherwise return
 * UNKNOWN and set *stem_len = strlen(path). A segment that is only an
 * extension (".ttl") does not count. */
enum conneg_format conneg_split_extension(const char *path, size_t *stem_len);
/* ?format= value (case-insensitive): turtle ntriples nquads trig rdfxml
 * jsonld html, and expanded / compacted / flattened (JSON-LD with that
 * profile, bit in *profiles, which may be NULL; set to 0 otherwise). Also
 * accepts the extensions (ttl, nt, ...). UNKNOWN for anything else. */
enum conneg_format conneg_from_format_param(const char *name, unsigned *profiles);

/* The format of a document request, by precedence: the path's extension
 * (ext, UNKNOWN when none), then ?format= (format_param, NULL when absent),
 * then Accept (NULL when absent). With an extension, ?format= only adds a
 * JSON-LD form to .jsonld and is otherwise ignored. An unknown ?format=
 * value, or an Accept that allows none of the RDF offers, gives UNKNOWN
 * (answer 406 with conneg_406_body). *profiles (may be NULL) gets the
 * JSON-LD profile bits. */
enum conneg_format conneg_decide(enum conneg_format ext, const char *format_param,
                                 const char *accept, unsigned *profiles);

/* Static strings about a format; NULL for UNKNOWN. */
const char *conneg_format_name(enum conneg_format f);       /* "turtle" */
const char *conneg_format_extension(enum conneg_format f);  /* "ttl" */
const char *conneg_format_media_type(enum conneg_format f); /* "text/turtle" */
/* Content-Type header value, e.g. "text/turtle; charset=utf-8"; for JSON-LD
 * with profile bits, "application/ld+json; profile=\"...\"". */
const char *conneg_content_type(enum conneg_format f, unsigned profiles);
/* Short name of a set of JSON-LD profile bits, for cache keys and logs:
 * NULL for 0, else "expanded", "compacted", "flattened",
 * "flattened+compacted", ... (static). */
const char *conneg_profile_name(unsigned profiles);
/* The rdf_io syntax (RDF_SYNTAX_UNKNOWN for HTML and UNKNOWN). */
enum rdf_syntax conneg_format_syntax(enum conneg_format f);

/* Value of the Vary header for negotiated responses: "Accept" (static). */
const char *conneg_vary(void);

/* Link header value naming every format of the document at doc_url:
 * <doc_url.ttl>; rel="alternate"; type="text/turtle", ... (one entry per
 * format, in the offer order). doc_url is the document URL without
 * extension; it must not contain '<', '>', '"', spaces or control bytes.
 * Returns a malloc'd string owned by the caller, or NULL with err set. */
char *conneg_link_header(const char *doc_url, struct error *err);

/* text/plain body of a 406: the media types of offers (each once) and,
 * with formats != 0, the ?format= names and extensions. malloc'd, owned by
 * the caller; NULL with err set when out of memory. */
char *conneg_406_body(const struct conneg_offer *offers, size_t n, int formats, struct error *err);

#endif
