/* html.h - the HTML view of the registry: server-rendered pages for people
 * browsing definitions (a resource, the home page, an error).
 *
 * Pages are valid HTML5 in UTF-8 with lang="nl", one small inline stylesheet
 * and no script. Every string that comes from data is escaped for its
 * context; an IRI becomes a link only with an http, https, mailto or urn
 * scheme (anything else is shown as text). Links to the registry's own
 * things go to their document: {base}id/X -> {base}doc/X; other IRIs under
 * the base ({base}ns/..., {base}doc/..., {base}graph/...) are kept as they
 * are. See docs/internals/html.md. */
#ifndef FUNDAMENT_HTML_H
#define FUNDAMENT_HTML_H

#include <stddef.h>

#include "buf.h"
#include "dict.h"
#include "error.h"
#include "store.h"

/* One alternate format of a document: linked as {doc_url}.{ext}. */
struct html_format {
    const char *ext;        /* "ttl" (without the dot) */
    const char *media_type; /* "text/turtle" */
    const char *label;      /* "Turtle" */
};

/* What a page needs to know about the request. All strings are shared with
 * the caller and read during the call only. */
struct html_opts {
    const char *base;                  /* the registry's base IRI, ending in '/' */
    const char *doc_url;               /* URL of this document without extension, or NULL */
    const char *path;                  /* request path (for ?page= links), or NULL */
    const char *lang;                  /* preferred language of labels; NULL means "nl" */
    const struct html_format *formats; /* alternates to link, may be NULL */
    size_t n_formats;
    unsigned page; /* 1-based page of long lists (?page=N); 0 means 1 */
};

/* Rows of a long list (the concepts of a scheme) per page. */
#define HTML_PAGE_SIZE 200
/* Subjects shown per property among the incoming links. */
#define HTML_INCOMING_MAX 50

/* The formats fundament serves, in the order they are offered (static). */
extern const struct html_format HTML_FORMATS[];
extern const size_t HTML_N_FORMATS;

/* The page of the resource subject: appended to out. Returns 0, or -1 with
 * err set (out of memory, or out's cap reached); out may then hold part of a
 * page and should be reset by the caller. */
int html_resource_page(const struct store_snapshot *snap, term_id subject,
                       const struct html_opts *opts, struct buf *out, struct error *err);

/* The registry's home page: counts, vocabularies, code lists, application
 * profiles. Same return convention. */
int html_home_page(const struct store_snapshot *snap, const struct html_opts *opts, struct buf *out,
                   struct error *err);

/* A page for an error status (404, 406, ...) with message (plain text,
 * escaped here). opts may be NULL (then no link home). */
int html_error_page(int status, const char *message, const struct html_opts *opts, struct buf *out,
                    struct error *err);

/* Escape n bytes of text for HTML text and attribute values alike
 * (& < > " ' become references; invalid UTF-8, NUL and control characters
 * other than tab and line breaks become U+FFFD). Returns 0 or a buf error. */
int html_escape(struct buf *out, const char *s, size_t n);

/* The label language for an Accept-Language header (RFC 9110 12.5.4):
 * "nl" or "en", whichever the client weighs higher; "nl" when it names
 * neither or when the header is NULL. Static string. */
const char *html_pick_lang(const char *accept_language);

/* The page number of a ?page= argument: 1..1000000, or 0 (meaning the
 * first page) for NULL, empty, non-digits or a larger number. */
unsigned html_page_param(const char *s);

/* 1 if iri may be the target of a link (http, https, mailto, urn). */
int html_linkable(const char *iri);

#endif
