/* term.h - RDF terms and quads as strings (the exchange form between modules).
 *
 * A struct term never owns its strings: whoever fills one says how long the
 * pointers stay valid. Plain literals carry no datatype (RDF 1.1 xsd:string
 * is normalised to NULL by term_normalise), language-tagged literals carry a
 * lang and no datatype. */
#ifndef FUNDAMENT_TERM_H
#define FUNDAMENT_TERM_H

#include <stddef.h>

enum term_kind {
    TERM_NONE = 0, /* absent: the default graph in a quad's graph slot */
    TERM_IRI = 1,
    TERM_BLANK = 2,
    TERM_LITERAL = 3,
};

struct term {
    enum term_kind kind;
    const char *value;    /* IRI, blank label (without "_:") or lexical form */
    size_t len;           /* bytes of value (lexical forms may hold NUL) */
    const char *lang;     /* literal language tag or NULL */
    const char *datatype; /* literal datatype IRI or NULL (plain/lang) */
};

/* A quad; g.kind == TERM_NONE means the default graph. */
struct term_quad {
    struct term s, p, o, g;
};

#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* Term constructors over NUL-terminated strings (shared, not copied). */
struct term term_iri(const char *iri);
struct term term_blank(const char *label);
struct term term_literal(const char *lex, const char *lang, const char *datatype);

/* Drop a redundant xsd:string / rdf:langString datatype. */
void term_normalise(struct term *t);

/* Equality of two terms (kind, value, lang byte for byte, datatype). */
int term_equal(const struct term *a, const struct term *b);

#endif
