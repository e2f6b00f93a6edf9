/* term.c - see term.h */
#include "term.h"

#include <string.h>

struct term term_iri(const char *iri)
{
    struct term t = {TERM_IRI, iri, strlen(iri), NULL, NULL};
    return t;
}

struct term term_blank(const char *label)
{
    struct term t = {TERM_BLANK, label, strlen(label), NULL, NULL};
    return t;
}

struct term term_literal(const char *lex, const char *lang, const char *datatype)
{
    struct term t = {TERM_LITERAL, lex, strlen(lex), lang, datatype};
    term_normalise(&t);
    return t;
}

void term_normalise(struct term *t)
{
    if (t->kind != TERM_LITERAL)
        return;
    if (t->lang && !*t->lang)
        t->lang = NULL;
    if (t->datatype &&
        (!strcmp(t->datatype, XSD_NS "string") ||
         (t->lang && !strcmp(t->datatype, RDF_NS "langString"))))
        t->datatype = NULL;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

int term_equal(const struct term *a, const struct term *b)
{
    if (a->kind != b->kind || a->len != b->len)
        return 0;
    if (a->len && memcmp(a->value, b->value, a->len))
        return 0;
    if (a->kind != TERM_LITERAL)
        return 1;
    if ((a->lang == NULL) != (b->lang == NULL))
        return 0;
    if (a->lang && strcmp(a->lang, b->lang))
        return 0;
    return str_eq(a->datatype, b->datatype);
}
