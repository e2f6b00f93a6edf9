/* parser.c - SPARQL 1.1 Query and Update parser (see parser.h).
 *
 * Each function reads one production of SPARQL 1.1 Query Language section
 * 19.8; the production number is given in its comment. The parser keeps one
 * token of look-ahead (p->tok).
 *
 * Errors: every node and string is allocated in the tree's arena, so a
 * syntax error, a failed static check or an allocation failure anywhere in
 * the descent jumps straight back to sparql_parse (longjmp), which releases
 * the arena as a whole. Nothing is owned outside the arena while the descent
 * runs, so the jump cannot leak. */
#include "sparql/parser.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sparql/iri.h"
#include "sparql/lexer.h"

#define MAX_DEPTH 400 /* nesting of groups, expressions, paths and lists */

struct label_entry {
    const char *label;
    int scope;
};

/* Blank node label -> scope id (basic graph pattern, template or operation). */
struct label_map {
    struct label_entry *slots;
    size_t cap, n;
};

struct triple_vec {
    struct sparql_triple *v;
    size_t n, cap;
};

struct parser {
    struct arena *a;
    struct sparql_lexer lx;
    struct sparql_token tok; /* the look-ahead */
    struct error *err;
    jmp_buf fail;
    struct sparql_ast *ast;
    size_t prefix_cap;
    int agg_allowed; /* an aggregate may appear in the expression being read */
    int saw_agg;     /* an aggregate was read at the current query level */
    unsigned anon_count;
    int scope;                /* scope id for blank node labels being read */
    int next_scope;           /* last scope id handed out */
    struct label_map *labels; /* where label uses are recorded */
    struct label_map pattern_labels, template_labels;
    struct label_map data_labels; /* INSERT DATA: one space for the request */
    int insert_data;              /* reading the quads of INSERT DATA */
    const char *no_bnodes;        /* set: blank nodes are an error here; names the place */
    const char *no_vars;          /* set: variables are an error here */
    int depth;
};

/* ---- errors and tokens ---- */

static void fail_at(struct parser *p, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));

static void fail_at(struct parser *p, int line, int column, const char *fmt, ...)
{
    char msg[ERROR_MSG_MAX - 32];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    error_set_at(p->err, line, column, "%d:%d: %s", line, column, msg);
    longjmp(p->fail, 1);
}

/* "'text'" of the look-ahead for messages (cut at a line end, 40 bytes). */
static const char *found(struct parser *p, char *buf, size_t size)
{
    size_t n = 0;

    if (p->tok.kind == SPARQL_TOK_EOF)
        return "end of input";
    while (n < p->tok.len && n < 40 && p->tok.start[n] != '\n' && p->tok.start[n] != '\r')
        n++;
    snprintf(buf, size, "'%.*s%s'", (int)n, p->tok.start, n < p->tok.len ? "..." : "");
    return buf;
}

static void expected(struct parser *p, const char *what) __attribute__((noreturn));

static void expected(struct parser *p, const char *what)
{
    char buf[64];

    fail_at(p, p->tok.line, p->tok.column, "expected %s, found %s", what,
            found(p, buf, sizeof buf));
}

static void advance(struct parser *p)
{
    if (sparql_lexer_next(&p->lx, &p->tok, p->err))
        longjmp(p->fail, 1);
}

static void *alloc(struct parser *p, size_t size)
{
    void *m = arena_alloc(p->a, size);

    if (!m)
        fail_at(p, p->tok.line, p->tok.column, "out of memory");
    return m;
}

static char *dup(struct parser *p, const char *s, size_t len)
{
    char *d = arena_strndup(p->a, s, len);

    if (!d)
        fail_at(p, p->tok.line, p->tok.column, "out of memory");
    return d;
}

/* Makes room for one more element of size bytes in an arena array. */
static void *grow(struct parser *p, void *v, size_t n, size_t *cap, size_t size)
{
    void *nv;
    size_t nc;

    if (n < *cap)
        return v;
    /* Large elements (triples) start with room for one: most triples
     * blocks hold one or two. */
    nc = *cap ? *cap * 2 : size > 64 ? 1 : 4;
    nv = alloc(p, nc * size);
    if (n)
        memcpy(nv, v, n * size);
    *cap = nc;
    return nv;
}

#define PUSH(p, arr, n, cap) ((arr) = grow((p), (arr), (n), &(cap), sizeof *(arr)), &(arr)[(n)++])

static void enter(struct parser *p)
{
    if (++p->depth > MAX_DEPTH)
        fail_at(p, p->tok.line, p->tok.column, "nesting deeper than %d levels", MAX_DEPTH);
}

static void leave(struct parser *p)
{
    p->depth--;
}

static int at(struct parser *p, enum sparql_token_kind kind)
{
    return p->tok.kind == kind;
}

static int at_kw(struct parser *p, const char *kw)
{
    return p->tok.kind == SPARQL_TOK_WORD && strcasecmp(p->tok.value, kw) == 0;
}

static int accept(struct parser *p, enum sparql_token_kind kind)
{
    if (p->tok.kind != kind)
        return 0;
    advance(p);
    return 1;
}

static int accept_kw(struct parser *p, const char *kw)
{
    if (!at_kw(p, kw))
        return 0;
    advance(p);
    return 1;
}

static void expect(struct parser *p, enum sparql_token_kind kind)
{
    if (!accept(p, kind))
        expected(p, sparql_token_kind_name(kind));
}

static void expect_kw(struct parser *p, const char *kw)
{
    char what[48];

    if (accept_kw(p, kw))
        return;
    snprintf(what, sizeof what, "'%s'", kw);
    expected(p, what);
}

/* ---- terms ---- */

static void term_here(struct parser *p, struct sparql_term *t, int kind)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->line = p->tok.line;
    t->column = p->tok.column;
}

static int at_iri(struct parser *p)
{
    return at(p, SPARQL_TOK_IRIREF) || at(p, SPARQL_TOK_PNAME_LN) || at(p, SPARQL_TOK_PNAME_NS);
}

static char *resolve(struct parser *p, const char *ref)
{
    char *r = sparql_iri_resolve(p->a, p->ast->base, ref);

    if (!r)
        fail_at(p, p->tok.line, p->tok.column, "out of memory");
    return r;
}

/* iri [136] / PrefixedName [137]: consumes the token, returns the full IRI. */
static char *parse_iri(struct parser *p)
{
    char *iri;
    size_t i;

    if (at(p, SPARQL_TOK_IRIREF)) {
        iri = resolve(p, p->tok.value);
        advance(p);
        return iri;
    }
    if (!at(p, SPARQL_TOK_PNAME_LN) && !at(p, SPARQL_TOK_PNAME_NS))
        expected(p, "an IRI");
    for (i = p->ast->nprefixes; i-- > 0;) {
        struct sparql_prefix *pf = &p->ast->prefixes[i];

        if (strcmp(pf->prefix, p->tok.prefix) == 0) {
            size_t n = strlen(pf->iri);

            iri = alloc(p, n + p->tok.value_len + 1);
            memcpy(iri, pf->iri, n);
            memcpy(iri + n, p->tok.value, p->tok.value_len + 1);
            advance(p);
            return iri;
        }
    }
    fail_at(p, p->tok.line, p->tok.column,
            "undefined prefix '%s:' (declare it with PREFIX %s: <...>)", p->tok.prefix,
            p->tok.prefix);
}

static void iri_term(struct parser *p, struct sparql_term *t)
{
    term_here(p, t, TERM_IRI);
    t->value = parse_iri(p);
    t->len = strlen(t->value);
}

static void const_iri(struct parser *p, struct sparql_term *t, const char *iri)
{
    term_here(p, t, TERM_IRI);
    t->value = (char *)iri; /* a static string: the arena never frees single strings */
    t->len = strlen(iri);
}

static int at_number(struct parser *p)
{
    return at(p, SPARQL_TOK_INTEGER) || at(p, SPARQL_TOK_DECIMAL) || at(p, SPARQL_TOK_DOUBLE);
}

static int at_literal(struct parser *p)
{
    return at(p, SPARQL_TOK_STRING) || at_number(p) || at_kw(p, "true") || at_kw(p, "false");
}

/* RDFLiteral [129] | NumericLiteral [130] | BooleanLiteral [134] */
static void parse_literal(struct parser *p, struct sparql_term *t)
{
    term_here(p, t, TERM_LITERAL);
    if (at(p, SPARQL_TOK_STRING)) {
        t->value = p->tok.value;
        t->len = p->tok.value_len;
        advance(p);
        if (at(p, SPARQL_TOK_LANGTAG)) {
            t->lang = p->tok.value;
            advance(p);
        } else if (accept(p, SPARQL_TOK_HATHAT)) {
            t->datatype = parse_iri(p);
        }
        return;
    }
    if (at_number(p)) {
        t->value = p->tok.value;
        t->len = p->tok.value_len;
        t->datatype = at(p, SPARQL_TOK_INTEGER)   ? XSD_NS "integer"
                      : at(p, SPARQL_TOK_DECIMAL) ? XSD_NS "decimal"
                                                  : XSD_NS "double";
        advance(p);
        return;
    }
    if (at_kw(p, "true") || at_kw(p, "false")) {
        t->value = at_kw(p, "true") ? "true" : "false";
        t->len = strlen(t->value);
        t->datatype = XSD_NS "boolean";
        advance(p);
        return;
    }
    expected(p, "a literal");
}

static void parse_var(struct parser *p, struct sparql_term *t)
{
    if (!at(p, SPARQL_TOK_VAR))
        expected(p, "a variable");
    if (p->no_vars)
        fail_at(p, p->tok.line, p->tok.column, "variable ?%s is not allowed in %s", p->tok.value,
                p->no_vars);
    term_here(p, t, SPARQL_TERM_VAR);
    t->value = p->tok.value;
    t->len = p->tok.value_len;
    advance(p);
}

static size_t label_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* The entry of name in m, inserted with scope if absent (*added set). */
static struct label_entry *map_get(struct parser *p, struct label_map *m, const char *name,
                                   int scope, int *added)
{
    size_t i;

    if (m->n * 2 >= m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 16, k;
        struct label_entry *ns = alloc(p, nc * sizeof *ns);

        for (k = 0; k < m->cap; k++) {
            if (!m->slots[k].label)
                continue;
            i = label_hash(m->slots[k].label) & (nc - 1);
            while (ns[i].label)
                i = (i + 1) & (nc - 1);
            ns[i] = m->slots[k];
        }
        m->slots = ns;
        m->cap = nc;
    }
    i = label_hash(name) & (m->cap - 1);
    while (m->slots[i].label) {
        if (strcmp(m->slots[i].label, name) == 0) {
            *added = 0;
            return &m->slots[i];
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->slots[i].label = name;
    m->slots[i].scope = scope;
    m->n++;
    *added = 1;
    return &m->slots[i];
}

static int map_has(const struct label_map *m, const char *name)
{
    size_t i;

    if (!m->cap)
        return 0;
    for (i = label_hash(name) & (m->cap - 1); m->slots[i].label; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->slots[i].label, name) == 0)
            return 1;
    return 0;
}

/* Records a use of label in the current scope; fails if the label was used
 * in another basic graph pattern, or in another INSERT DATA operation. */
static void note_label(struct parser *p, const char *label, int line, int column)
{
    int added;
    struct label_entry *e = map_get(p, p->labels, label, p->scope, &added);

    if (!added && e->scope != p->scope)
        fail_at(p, line, column, "blank node label _:%s is already used in another %s", label,
                p->labels == &p->data_labels ? "INSERT DATA operation of this request"
                                             : "basic graph pattern");
}

static void check_bnode_allowed(struct parser *p)
{
    if (p->no_bnodes)
        fail_at(p, p->tok.line, p->tok.column, "blank nodes are not allowed in %s", p->no_bnodes);
}

static void new_anon(struct parser *p, struct sparql_term *t)
{
    char buf[32];
    int n;

    check_bnode_allowed(p);
    term_here(p, t, TERM_BLANK);
    n = snprintf(buf, sizeof buf, "%%b%u", ++p->anon_count);
    t->value = dup(p, buf, (size_t)n);
    t->len = (size_t)n;
    t->anon = 1;
}

/* VarOrTerm [106] / GraphTerm [109] (NIL and ANON included). */
static void var_or_term(struct parser *p, struct sparql_term *t)
{
    if (at(p, SPARQL_TOK_VAR)) {
        parse_var(p, t);
    } else if (at_iri(p)) {
        iri_term(p, t);
    } else if (at_literal(p)) {
        parse_literal(p, t);
    } else if (at(p, SPARQL_TOK_BNODE)) {
        check_bnode_allowed(p);
        term_here(p, t, TERM_BLANK);
        t->value = p->tok.value;
        t->len = p->tok.value_len;
        note_label(p, t->value, t->line, t->column);
        advance(p);
    } else if (at(p, SPARQL_TOK_ANON)) {
        new_anon(p, t);
        advance(p);
    } else if (at(p, SPARQL_TOK_NIL)) {
        const_iri(p, t, RDF_NS "nil");
        advance(p);
    } else {
        expected(p, "a variable or an RDF term");
    }
}

/* VarOrIri [107] */
static void var_or_iri(struct parser *p, struct sparql_term *t)
{
    if (at(p, SPARQL_TOK_VAR))
        parse_var(p, t);
    else if (at_iri(p))
        iri_term(p, t);
    else
        expected(p, "a variable or an IRI");
}

/* ---- property paths [88]-[96] ---- */

static struct sparql_path *new_path(struct parser *p, enum sparql_path_kind kind)
{
    struct sparql_path *path = alloc(p, sizeof *path);

    path->kind = kind;
    return path;
}

static struct sparql_path *path_unary(struct parser *p, enum sparql_path_kind kind,
                                      struct sparql_path *arg)
{
    struct sparql_path *path = new_path(p, kind);

    path->args = alloc(p, sizeof *path->args);
    path->args[0] = arg;
    path->nargs = 1;
    return path;
}

static int at_a(struct parser *p)
{
    return p->tok.kind == SPARQL_TOK_WORD && strcmp(p->tok.value, "a") == 0;
}

static struct sparql_path *path_iri(struct parser *p)
{
    struct sparql_path *path = new_path(p, SPARQL_PATH_IRI);

    if (at_a(p)) {
        path->iri = RDF_NS "type";
        advance(p);
    } else if (at_iri(p)) {
        path->iri = parse_iri(p);
    } else {
        expected(p, "an IRI or 'a' in the property path");
    }
    return path;
}

/* PathOneInPropertySet [96] */
static struct sparql_path *path_one_in_set(struct parser *p)
{
    if (accept(p, SPARQL_TOK_CARET))
        return path_unary(p, SPARQL_PATH_INVERSE, path_iri(p));
    return path_iri(p);
}

static struct sparql_path *parse_path(struct parser *p);

/* PathPrimary [94] with PathNegatedPropertySet [95] */
static struct sparql_path *path_primary(struct parser *p)
{
    struct sparql_path *path;

    if (accept(p, SPARQL_TOK_BANG)) {
        size_t cap = 0;

        path = new_path(p, SPARQL_PATH_NEGATED);
        if (accept(p, SPARQL_TOK_NIL))
            return path;
        if (accept(p, SPARQL_TOK_LPAREN)) {
            do {
                *PUSH(p, path->args, path->nargs, cap) = path_one_in_set(p);
            } while (accept(p, SPARQL_TOK_PIPE));
            expect(p, SPARQL_TOK_RPAREN);
        } else {
            *PUSH(p, path->args, path->nargs, cap) = path_one_in_set(p);
        }
        return path;
    }
    if (accept(p, SPARQL_TOK_LPAREN)) {
        path = parse_path(p);
        expect(p, SPARQL_TOK_RPAREN);
        return path;
    }
    return path_iri(p);
}

/* PathElt [91] / PathEltOrInverse [92] / PathMod [93] */
static struct sparql_path *path_elt_or_inverse(struct parser *p)
{
    int inverse = accept(p, SPARQL_TOK_CARET);
    struct sparql_path *path = path_primary(p);

    if (accept(p, SPARQL_TOK_QUESTION))
        path = path_unary(p, SPARQL_PATH_ZERO_OR_ONE, path);
    else if (accept(p, SPARQL_TOK_STAR))
        path = path_unary(p, SPARQL_PATH_ZERO_OR_MORE, path);
    else if (accept(p, SPARQL_TOK_PLUS))
        path = path_unary(p, SPARQL_PATH_ONE_OR_MORE, path);
    return inverse ? path_unary(p, SPARQL_PATH_INVERSE, path) : path;
}

/* PathSequence [90] */
static struct sparql_path *path_sequence(struct parser *p)
{
    struct sparql_path *first = path_elt_or_inverse(p), *seq;
    size_t cap = 0;

    if (!at(p, SPARQL_TOK_SLASH))
        return first;
    seq = new_path(p, SPARQL_PATH_SEQ);
    *PUSH(p, seq->args, seq->nargs, cap) = first;
    while (accept(p, SPARQL_TOK_SLASH))
        *PUSH(p, seq->args, seq->nargs, cap) = path_elt_or_inverse(p);
    return seq;
}

/* Path [88] / PathAlternative [89] */
static struct sparql_path *parse_path(struct parser *p)
{
    struct sparql_path *first, *alt;
    size_t cap = 0;

    enter(p);
    first = path_sequence(p);
    if (!at(p, SPARQL_TOK_PIPE)) {
        leave(p);
        return first;
    }
    alt = new_path(p, SPARQL_PATH_ALT);
    *PUSH(p, alt->args, alt->nargs, cap) = first;
    while (accept(p, SPARQL_TOK_PIPE))
        *PUSH(p, alt->args, alt->nargs, cap) = path_sequence(p);
    leave(p);
    return alt;
}

/* ---- triples [75]-[105] ---- */

static void emit(struct parser *p, struct triple_vec *tv, const struct sparql_term *s,
                 const struct sparql_term *pred, struct sparql_path *path,
                 const struct sparql_term *o)
{
    struct sparql_triple *t = PUSH(p, tv->v, tv->n, tv->cap);

    memset(t, 0, sizeof *t);
    t->s = *s;
    if (path)
        t->path = path;
    else
        t->p = *pred;
    t->o = *o;
}

static int at_triples_start(struct parser *p)
{
    switch (p->tok.kind) {
    case SPARQL_TOK_VAR:
    case SPARQL_TOK_IRIREF:
    case SPARQL_TOK_PNAME_LN:
    case SPARQL_TOK_PNAME_NS:
    case SPARQL_TOK_BNODE:
    case SPARQL_TOK_STRING:
    case SPARQL_TOK_INTEGER:
    case SPARQL_TOK_DECIMAL:
    case SPARQL_TOK_DOUBLE:
    case SPARQL_TOK_NIL:
    case SPARQL_TOK_ANON:
    case SPARQL_TOK_LBRACKET:
    case SPARQL_TOK_LPAREN:
        return 1;
    default:
        return at_kw(p, "true") || at_kw(p, "false");
    }
}

static int at_verb(struct parser *p, int paths)
{
    if (at(p, SPARQL_TOK_VAR) || at_iri(p) || at_a(p))
        return 1;
    return paths && (at(p, SPARQL_TOK_CARET) || at(p, SPARQL_TOK_BANG) || at(p, SPARQL_TOK_LPAREN));
}

static void property_list_not_empty(struct parser *p, struct triple_vec *tv,
                                    const struct sparql_term *s, int paths);

/* TriplesNode [98] / BlankNodePropertyList [99] / Collection [102] (and
 * their Path forms): emits the node's triples, *out receives the node. */
static void triples_node(struct parser *p, struct triple_vec *tv, int paths,
                         struct sparql_term *out);

/* GraphNode [104] / GraphNodePath [105] */
static void graph_node(struct parser *p, struct triple_vec *tv, int paths, struct sparql_term *o)
{
    if (at(p, SPARQL_TOK_LBRACKET) || at(p, SPARQL_TOK_LPAREN))
        triples_node(p, tv, paths, o);
    else
        var_or_term(p, o);
}

static void triples_node(struct parser *p, struct triple_vec *tv, int paths,
                         struct sparql_term *out)
{
    enter(p);
    if (at(p, SPARQL_TOK_LBRACKET)) {
        new_anon(p, out);
        advance(p);
        property_list_not_empty(p, tv, out, paths);
        expect(p, SPARQL_TOK_RBRACKET);
    } else {
        struct sparql_term cur, first, rest, nil, node, next;

        expect(p, SPARQL_TOK_LPAREN);
        new_anon(p, &cur);
        *out = cur;
        const_iri(p, &first, RDF_NS "first");
        const_iri(p, &rest, RDF_NS "rest");
        const_iri(p, &nil, RDF_NS "nil");
        for (;;) {
            graph_node(p, tv, paths, &node);
            emit(p, tv, &cur, &first, NULL, &node);
            if (accept(p, SPARQL_TOK_RPAREN)) {
                emit(p, tv, &cur, &rest, NULL, &nil);
                break;
            }
            new_anon(p, &next);
            emit(p, tv, &cur, &rest, NULL, &next);
            cur = next;
        }
    }
    leave(p);
}

/* Verb [78] / VerbPath [84] / VerbSimple [85] */
static void parse_verb(struct parser *p, int paths, struct sparql_term *pred,
                       struct sparql_path **path)
{
    *path = NULL;
    if (at(p, SPARQL_TOK_VAR)) {
        parse_var(p, pred);
    } else if (at_a(p)) {
        const_iri(p, pred, RDF_NS "type");
        advance(p);
    } else if (paths && at_verb(p, paths)) {
        struct sparql_path *pp;

        term_here(p, pred, TERM_NONE);
        pp = parse_path(p);
        if (pp->kind == SPARQL_PATH_IRI) {
            pred->kind = TERM_IRI;
            pred->value = pp->iri;
            pred->len = strlen(pp->iri);
        } else {
            *path = pp;
        }
    } else if (at_iri(p)) {
        iri_term(p, pred);
    } else {
        expected(p, paths ? "a predicate (IRI, variable, 'a' or property path)"
                          : "a predicate (IRI, variable or 'a')");
    }
}

/* PropertyListNotEmpty [77] / PropertyListPathNotEmpty [83] with ObjectList
 * [79] / ObjectListPath [86]. */
static void property_list_not_empty(struct parser *p, struct triple_vec *tv,
                                    const struct sparql_term *s, int paths)
{
    for (;;) {
        struct sparql_term pred, o;
        struct sparql_path *path;

        parse_verb(p, paths, &pred, &path);
        do {
            graph_node(p, tv, paths, &o);
            emit(p, tv, s, &pred, path, &o);
        } while (accept(p, SPARQL_TOK_COMMA));
        if (!at(p, SPARQL_TOK_SEMICOLON))
            break;
        while (accept(p, SPARQL_TOK_SEMICOLON))
            ;
        if (!at_verb(p, paths))
            break;
    }
}

/* TriplesSameSubject [75] / TriplesSameSubjectPath [81] */
static void triples_same_subject(struct parser *p, struct triple_vec *tv, int paths)
{
    struct sparql_term s;

    if (at(p, SPARQL_TOK_LBRACKET) || at(p, SPARQL_TOK_LPAREN)) {
        triples_node(p, tv, paths, &s);
        if (at_verb(p, paths))
            property_list_not_empty(p, tv, &s, paths);
        return;
    }
    var_or_term(p, &s);
    property_list_not_empty(p, tv, &s, paths);
}

/* TriplesTemplate [52] (also TriplesBlock [55] when paths is set): returns
 * 1 when it ended with a '.', which lets other triples follow. */
static int triples_template(struct parser *p, struct triple_vec *tv, int paths)
{
    for (;;) {
        triples_same_subject(p, tv, paths);
        if (!accept(p, SPARQL_TOK_DOT))
            return 0;
        if (!at_triples_start(p))
            return 1;
    }
}

/* ---- expressions [110]-[128] ---- */

struct builtin {
    const char *name;
    int min, max; /* argument count; max -1: any */
};

/* BuiltInCall [121], section 17.4 */
static const struct builtin BUILTINS[] = {
    {"ABS", 1, 1},         {"BNODE", 0, 1},
    {"BOUND", 1, 1},       {"CEIL", 1, 1},
    {"COALESCE", 0, -1},   {"CONCAT", 0, -1},
    {"CONTAINS", 2, 2},    {"DATATYPE", 1, 1},
    {"DAY", 1, 1},         {"ENCODE_FOR_URI", 1, 1},
    {"FLOOR", 1, 1},       {"HOURS", 1, 1},
    {"IF", 3, 3},          {"IRI", 1, 1},
    {"ISBLANK", 1, 1},     {"ISIRI", 1, 1},
    {"ISLITERAL", 1, 1},   {"ISNUMERIC", 1, 1},
    {"ISURI", 1, 1},       {"LANG", 1, 1},
    {"LANGMATCHES", 2, 2}, {"LCASE", 1, 1},
    {"MD5", 1, 1},         {"MINUTES", 1, 1},
    {"MONTH", 1, 1},       {"NOW", 0, 0},
    {"RAND", 0, 0},        {"REGEX", 2, 3},
    {"REPLACE", 3, 4},     {"ROUND", 1, 1},
    {"SAMETERM", 2, 2},    {"SECONDS", 1, 1},
    {"SHA1", 1, 1},        {"SHA256", 1, 1},
    {"SHA384", 1, 1},      {"SHA512", 1, 1},
    {"STR", 1, 1},         {"STRAFTER", 2, 2},
    {"STRBEFORE", 2, 2},   {"STRDT", 2, 2},
    {"STRENDS", 2, 2},     {"STRLANG", 2, 2},
    {"STRLEN", 1, 1},      {"STRSTARTS", 2, 2},
    {"STRUUID", 0, 0},     {"SUBSTR", 2, 3},
    {"TIMEZONE", 1, 1},    {"TZ", 1, 1},
    {"UCASE", 1, 1},       {"URI", 1, 1},
    {"UUID", 0, 0},        {"YEAR", 1, 1},
};

/* Aggregate [127] */
static const char *const AGGREGATES[] = {"AVG", "COUNT",  "GROUP_CONCAT", "MAX",
                                         "MIN", "SAMPLE", "SUM"};

static const struct builtin *find_builtin(const char *word)
{
    size_t i;

    for (i = 0; i < sizeof BUILTINS / sizeof BUILTINS[0]; i++)
        if (strcasecmp(BUILTINS[i].name, word) == 0)
            return &BUILTINS[i];
    return NULL;
}

static const char *find_aggregate(const char *word)
{
    size_t i;

    for (i = 0; i < sizeof AGGREGATES / sizeof AGGREGATES[0]; i++)
        if (strcasecmp(AGGREGATES[i], word) == 0)
            return AGGREGATES[i];
    return NULL;
}

static int at_builtin(struct parser *p)
{
    return p->tok.kind == SPARQL_TOK_WORD &&
           (find_builtin(p->tok.value) || find_aggregate(p->tok.value) || at_kw(p, "EXISTS") ||
            at_kw(p, "NOT"));
}

static struct sparql_expr *new_expr(struct parser *p, enum sparql_expr_kind kind)
{
    struct sparql_expr *e = alloc(p, sizeof *e);

    e->kind = kind;
    e->line = p->tok.line;
    e->column = p->tok.column;
    return e;
}

static void add_arg(struct parser *p, struct sparql_expr *e, size_t *cap, struct sparql_expr *arg)
{
    *PUSH(p, e->args, e->nargs, *cap) = arg;
}

static struct sparql_expr *binop(struct parser *p, enum sparql_expr_kind kind,
                                 struct sparql_expr *l, struct sparql_expr *r)
{
    struct sparql_expr *e = alloc(p, sizeof *e);

    e->kind = kind;
    e->line = l->line;
    e->column = l->column;
    e->args = alloc(p, 2 * sizeof *e->args);
    e->args[0] = l;
    e->args[1] = r;
    e->nargs = 2;
    return e;
}

static struct sparql_expr *parse_expression(struct parser *p);
static struct sparql_pattern *group_graph_pattern(struct parser *p);

/* '(' Expression (',' Expression)* ')' or NIL, appended to e->args. */
static void arg_list(struct parser *p, struct sparql_expr *e, size_t *cap, int distinct_ok)
{
    if (accept(p, SPARQL_TOK_NIL))
        return;
    expect(p, SPARQL_TOK_LPAREN);
    if (distinct_ok && accept_kw(p, "DISTINCT"))
        e->distinct = 1;
    do {
        add_arg(p, e, cap, parse_expression(p));
    } while (accept(p, SPARQL_TOK_COMMA));
    expect(p, SPARQL_TOK_RPAREN);
}

/* Aggregate [127] */
static struct sparql_expr *aggregate(struct parser *p, const char *name)
{
    struct sparql_expr *e = new_expr(p, SPARQL_EXPR_AGGREGATE);
    int saved = p->agg_allowed;
    size_t cap = 0;

    if (!p->agg_allowed)
        fail_at(p, p->tok.line, p->tok.column,
                "aggregate %s is not allowed here (only in SELECT expressions, HAVING and "
                "ORDER BY, and not inside another aggregate)",
                name);
    e->name = name;
    advance(p);
    expect(p, SPARQL_TOK_LPAREN);
    if (accept_kw(p, "DISTINCT"))
        e->distinct = 1;
    p->agg_allowed = 0;
    if (strcmp(name, "COUNT") == 0 && accept(p, SPARQL_TOK_STAR)) {
        e->star = 1;
    } else {
        add_arg(p, e, &cap, parse_expression(p));
    }
    if (strcmp(name, "GROUP_CONCAT") == 0 && accept(p, SPARQL_TOK_SEMICOLON)) {
        expect_kw(p, "SEPARATOR");
        expect(p, SPARQL_TOK_EQ);
        if (!at(p, SPARQL_TOK_STRING))
            expected(p, "a string literal");
        e->separator = p->tok.value;
        advance(p);
    }
    expect(p, SPARQL_TOK_RPAREN);
    p->agg_allowed = saved;
    p->saw_agg = 1;
    return e;
}

/* BuiltInCall [121] including Aggregate, EXISTS and NOT EXISTS. */
static struct sparql_expr *builtin_call(struct parser *p)
{
    const struct builtin *b;
    const char *agg;
    struct sparql_expr *e;
    size_t cap = 0;

    if (p->tok.kind == SPARQL_TOK_WORD && (agg = find_aggregate(p->tok.value)))
        return aggregate(p, agg);
    if (at_kw(p, "EXISTS") || at_kw(p, "NOT")) {
        e = new_expr(p, at_kw(p, "NOT") ? SPARQL_EXPR_NOT_EXISTS : SPARQL_EXPR_EXISTS);
        if (accept_kw(p, "NOT"))
            expect_kw(p, "EXISTS");
        else
            advance(p);
        e->pattern = group_graph_pattern(p);
        return e;
    }
    if (p->tok.kind != SPARQL_TOK_WORD || !(b = find_builtin(p->tok.value)))
        expected(p, "a built-in function");
    e = new_expr(p, SPARQL_EXPR_BUILTIN);
    e->name = b->name;
    advance(p);
    if (!at(p, SPARQL_TOK_NIL) && !at(p, SPARQL_TOK_LPAREN))
        expected(p, "'(' after the function name");
    arg_list(p, e, &cap, 0);
    if ((int)e->nargs < b->min || (b->max >= 0 && (int)e->nargs > b->max)) {
        if (b->min == b->max)
            fail_at(p, e->line, e->column, "%s takes %d argument%s, found %zu", b->name, b->min,
                    b->min == 1 ? "" : "s", e->nargs);
        fail_at(p, e->line, e->column, "%s takes %d to %d arguments, found %zu", b->name, b->min,
                b->max, e->nargs);
    }
    if (strcmp(b->name, "BOUND") == 0 &&
        !(e->args[0]->kind == SPARQL_EXPR_TERM && e->args[0]->term.kind == SPARQL_TERM_VAR))
        fail_at(p, e->args[0]->line, e->args[0]->column, "BOUND takes a variable");
    return e;
}

/* iriOrFunction [128] / FunctionCall [70]; require_call: the IRI must be
 * followed by an argument list. */
static struct sparql_expr *iri_or_function(struct parser *p, int require_call)
{
    struct sparql_expr *e = new_expr(p, SPARQL_EXPR_TERM);
    size_t cap = 0;

    iri_term(p, &e->term);
    if (at(p, SPARQL_TOK_NIL) || at(p, SPARQL_TOK_LPAREN)) {
        e->kind = SPARQL_EXPR_FUNCTION;
        e->name = e->term.value;
        memset(&e->term, 0, sizeof e->term);
        arg_list(p, e, &cap, 1);
    } else if (require_call) {
        expected(p, "'(' after the function IRI");
    }
    return e;
}

/* PrimaryExpression [119] */
static struct sparql_expr *primary(struct parser *p)
{
    struct sparql_expr *e;

    if (accept(p, SPARQL_TOK_LPAREN)) {
        e = parse_expression(p);
        expect(p, SPARQL_TOK_RPAREN);
        return e;
    }
    if (at_literal(p)) {
        e = new_expr(p, SPARQL_EXPR_TERM);
        parse_literal(p, &e->term);
        return e;
    }
    if (at(p, SPARQL_TOK_VAR)) {
        e = new_expr(p, SPARQL_EXPR_TERM);
        parse_var(p, &e->term);
        return e;
    }
    if (at_iri(p))
        return iri_or_function(p, 0);
    if (at_builtin(p))
        return builtin_call(p);
    expected(p, "an expression");
}

/* UnaryExpression [118] */
static struct sparql_expr *unary(struct parser *p)
{
    enum sparql_expr_kind kind;
    struct sparql_expr *e;
    size_t cap = 0;

    if (at(p, SPARQL_TOK_BANG))
        kind = SPARQL_EXPR_NOT;
    else if (at(p, SPARQL_TOK_PLUS))
        kind = SPARQL_EXPR_PLUS;
    else if (at(p, SPARQL_TOK_MINUS))
        kind = SPARQL_EXPR_MINUS;
    else
        return primary(p);
    e = new_expr(p, kind);
    advance(p);
    add_arg(p, e, &cap, primary(p));
    return e;
}

/* MultiplicativeExpression [117] */
static struct sparql_expr *multiplicative(struct parser *p)
{
    struct sparql_expr *l = unary(p);

    for (;;) {
        if (accept(p, SPARQL_TOK_STAR))
            l = binop(p, SPARQL_EXPR_MUL, l, unary(p));
        else if (accept(p, SPARQL_TOK_SLASH))
            l = binop(p, SPARQL_EXPR_DIV, l, unary(p));
        else
            return l;
    }
}

/* AdditiveExpression [116]: "?a +1" lexes as ?a and the signed literal +1,
 * which the grammar reads as an addition. */
static struct sparql_expr *additive(struct parser *p)
{
    struct sparql_expr *l = multiplicative(p), *r;

    for (;;) {
        if (accept(p, SPARQL_TOK_PLUS)) {
            l = binop(p, SPARQL_EXPR_ADD, l, multiplicative(p));
        } else if (accept(p, SPARQL_TOK_MINUS)) {
            l = binop(p, SPARQL_EXPR_SUB, l, multiplicative(p));
        } else if (at_number(p) && (p->tok.value[0] == '+' || p->tok.value[0] == '-')) {
            enum sparql_expr_kind kind = p->tok.value[0] == '+' ? SPARQL_EXPR_ADD : SPARQL_EXPR_SUB;

            r = new_expr(p, SPARQL_EXPR_TERM);
            parse_literal(p, &r->term);
            r->term.value++; /* the sign became the operator */
            r->term.len--;
            for (;;) {
                if (accept(p, SPARQL_TOK_STAR))
                    r = binop(p, SPARQL_EXPR_MUL, r, unary(p));
                else if (accept(p, SPARQL_TOK_SLASH))
                    r = binop(p, SPARQL_EXPR_DIV, r, unary(p));
                else
                    break;
            }
            l = binop(p, kind, l, r);
        } else {
            return l;
        }
    }
}

/* RelationalExpression [114] */
static struct sparql_expr *relational(struct parser *p)
{
    struct sparql_expr *l = additive(p), *e;
    enum sparql_expr_kind kind;
    size_t cap = 0;

    switch (p->tok.kind) {
    case SPARQL_TOK_EQ:
        kind = SPARQL_EXPR_EQ;
        break;
    case SPARQL_TOK_NE:
        kind = SPARQL_EXPR_NE;
        break;
    case SPARQL_TOK_LT:
        kind = SPARQL_EXPR_LT;
        break;
    case SPARQL_TOK_GT:
        kind = SPARQL_EXPR_GT;
        break;
    case SPARQL_TOK_LE:
        kind = SPARQL_EXPR_LE;
        break;
    case SPARQL_TOK_GE:
        kind = SPARQL_EXPR_GE;
        break;
    default:
        if (at_kw(p, "IN") || at_kw(p, "NOT")) {
            e = new_expr(p, at_kw(p, "IN") ? SPARQL_EXPR_IN : SPARQL_EXPR_NOT_IN);
            if (accept_kw(p, "NOT"))
                expect_kw(p, "IN");
            else
                advance(p);
            add_arg(p, e, &cap, l);
            if (!at(p, SPARQL_TOK_NIL) && !at(p, SPARQL_TOK_LPAREN))
                expected(p, "'(' after IN");
            arg_list(p, e, &cap, 0);
            return e;
        }
        return l;
    }
    advance(p);
    return binop(p, kind, l, additive(p));
}

/* ConditionalAndExpression [112] */
static struct sparql_expr *conditional_and(struct parser *p)
{
    struct sparql_expr *l = relational(p);

    while (accept(p, SPARQL_TOK_AND))
        l = binop(p, SPARQL_EXPR_AND, l, relational(p));
    return l;
}

/* Expression [110] / ConditionalOrExpression [111] */
static struct sparql_expr *parse_expression(struct parser *p)
{
    struct sparql_expr *l;

    enter(p);
    l = conditional_and(p);
    while (accept(p, SPARQL_TOK_OR))
        l = binop(p, SPARQL_EXPR_OR, l, conditional_and(p));
    leave(p);
    return l;
}

/* Constraint [69]: BrackettedExpression | BuiltInCall | FunctionCall */
static struct sparql_expr *constraint(struct parser *p)
{
    struct sparql_expr *e;

    if (accept(p, SPARQL_TOK_LPAREN)) {
        e = parse_expression(p);
        expect(p, SPARQL_TOK_RPAREN);
        return e;
    }
    if (at_builtin(p))
        return builtin_call(p);
    if (at_iri(p))
        return iri_or_function(p, 1);
    expected(p, "'(', a built-in call or a function call");
}

/* ---- scope ---- */

static int is_var(const struct sparql_term *t, const char *name)
{
    return t->kind == SPARQL_TERM_VAR && strcmp(t->value, name) == 0;
}

static void add_var(struct parser *p, struct label_map *vars, const struct sparql_term *t)
{
    int added;

    if (t->kind == SPARQL_TERM_VAR)
        map_get(p, vars, t->value, 0, &added);
}

/* Adds the variables in scope of pattern pt (section 18.2.1) to vars. */
static void pattern_vars(struct parser *p, const struct sparql_pattern *pt, struct label_map *vars)
{
    size_t i;

    switch (pt->kind) {
    case SPARQL_PATTERN_BGP:
        for (i = 0; i < pt->ntriples; i++) {
            add_var(p, vars, &pt->triples[i].s);
            add_var(p, vars, &pt->triples[i].p);
            add_var(p, vars, &pt->triples[i].o);
        }
        return;
    case SPARQL_PATTERN_MINUS:
    case SPARQL_PATTERN_FILTER:
        return;
    case SPARQL_PATTERN_BIND:
        add_var(p, vars, &pt->term);
        return;
    case SPARQL_PATTERN_VALUES:
        for (i = 0; i < pt->values->nvars; i++)
            add_var(p, vars, &pt->values->vars[i]);
        return;
    case SPARQL_PATTERN_SUBSELECT:
        if (pt->query->star) {
            pattern_vars(p, pt->query->where, vars);
            return;
        }
        for (i = 0; i < pt->query->nprojections; i++)
            add_var(p, vars, &pt->query->projections[i].var);
        return;
    case SPARQL_PATTERN_GRAPH:
    case SPARQL_PATTERN_SERVICE:
        add_var(p, vars, &pt->term); /* fall through */
    default:
        for (i = 0; i < pt->nitems; i++)
            pattern_vars(p, pt->items[i], vars);
        return;
    }
}

/* ---- graph patterns [53]-[68] ---- */

static struct sparql_pattern *new_pattern(struct parser *p, enum sparql_pattern_kind kind)
{
    struct sparql_pattern *pt = alloc(p, sizeof *pt);

    pt->kind = kind;
    pt->line = p->tok.line;
    pt->column = p->tok.column;
    return pt;
}

static void add_item(struct parser *p, struct sparql_pattern *pt, size_t *cap,
                     struct sparql_pattern *item)
{
    *PUSH(p, pt->items, pt->nitems, *cap) = item;
}

static struct sparql_pattern *with_group(struct parser *p, struct sparql_pattern *pt)
{
    size_t cap = 0;

    add_item(p, pt, &cap, group_graph_pattern(p));
    return pt;
}

/* DataBlockValue [65] */
static void data_block_value(struct parser *p, struct sparql_term *t)
{
    if (at_kw(p, "UNDEF")) {
        term_here(p, t, SPARQL_TERM_UNDEF);
        advance(p);
    } else if (at_iri(p)) {
        iri_term(p, t);
    } else if (at_literal(p)) {
        parse_literal(p, t);
    } else {
        expected(p, "an IRI, a literal or UNDEF");
    }
}

/* DataBlock [62] with InlineDataOneVar [63] and InlineDataFull [64]. */
static struct sparql_values *data_block(struct parser *p)
{
    struct sparql_values *v = alloc(p, sizeof *v);
    size_t vcap = 0, ccap = 0, ncells = 0;
    const char *saved = p->no_vars;

    p->no_vars = NULL;
    if (at(p, SPARQL_TOK_VAR)) {
        /* InlineDataOneVar: one cell per row. */
        parse_var(p, PUSH(p, v->vars, v->nvars, vcap));
        expect(p, SPARQL_TOK_LBRACE);
        while (!accept(p, SPARQL_TOK_RBRACE)) {
            data_block_value(p, PUSH(p, v->cells, ncells, ccap));
            v->nrows++;
        }
    } else {
        if (!accept(p, SPARQL_TOK_NIL)) {
            if (!accept(p, SPARQL_TOK_LPAREN))
                expected(p, "a variable or '(' after VALUES");
            while (!accept(p, SPARQL_TOK_RPAREN))
                parse_var(p, PUSH(p, v->vars, v->nvars, vcap));
        }
        expect(p, SPARQL_TOK_LBRACE);
        while (!accept(p, SPARQL_TOK_RBRACE)) {
            int line = p->tok.line, column = p->tok.column;
            size_t before = ncells;

            if (!accept(p, SPARQL_TOK_NIL)) {
                if (!accept(p, SPARQL_TOK_LPAREN))
                    expected(p, "'(' to start a row of VALUES or '}'");
                while (!accept(p, SPARQL_TOK_RPAREN))
                    data_block_value(p, PUSH(p, v->cells, ncells, ccap));
            }
            if (ncells - before != v->nvars)
                fail_at(p, line, column,
                        "VALUES row has %zu value%s but %zu variable%s are declared",
                        ncells - before, ncells - before == 1 ? "" : "s", v->nvars,
                        v->nvars == 1 ? "" : "s");
            v->nrows++;
        }
    }
    p->no_vars = saved;
    return v;
}

static struct sparql_query *sub_select(struct parser *p);

/* GraphPatternNotTriples [56]; NULL when the look-ahead starts none. */
static struct sparql_pattern *graph_pattern_not_triples(struct parser *p)
{
    struct sparql_pattern *pt;

    if (at(p, SPARQL_TOK_LBRACE)) {
        /* GroupOrUnionGraphPattern [67] */
        struct sparql_pattern *g = group_graph_pattern(p);
        size_t cap = 0;

        if (!at_kw(p, "UNION"))
            return g;
        pt = new_pattern(p, SPARQL_PATTERN_UNION);
        pt->line = g->line;
        pt->column = g->column;
        add_item(p, pt, &cap, g);
        while (accept_kw(p, "UNION"))
            add_item(p, pt, &cap, group_graph_pattern(p));
        return pt;
    }
    if (at_kw(p, "OPTIONAL")) {
        pt = new_pattern(p, SPARQL_PATTERN_OPTIONAL);
        advance(p);
        return with_group(p, pt);
    }
    if (at_kw(p, "MINUS")) {
        pt = new_pattern(p, SPARQL_PATTERN_MINUS);
        advance(p);
        return with_group(p, pt);
    }
    if (at_kw(p, "GRAPH")) {
        pt = new_pattern(p, SPARQL_PATTERN_GRAPH);
        advance(p);
        var_or_iri(p, &pt->term);
        return with_group(p, pt);
    }
    if (at_kw(p, "SERVICE")) {
        pt = new_pattern(p, SPARQL_PATTERN_SERVICE);
        advance(p);
        pt->silent = accept_kw(p, "SILENT");
        var_or_iri(p, &pt->term);
        return with_group(p, pt);
    }
    if (at_kw(p, "FILTER")) {
        int saved = p->agg_allowed;

        pt = new_pattern(p, SPARQL_PATTERN_FILTER);
        advance(p);
        p->agg_allowed = 0;
        pt->expr = constraint(p);
        p->agg_allowed = saved;
        return pt;
    }
    if (at_kw(p, "BIND")) {
        int saved = p->agg_allowed;

        pt = new_pattern(p, SPARQL_PATTERN_BIND);
        advance(p);
        expect(p, SPARQL_TOK_LPAREN);
        p->agg_allowed = 0;
        pt->expr = parse_expression(p);
        p->agg_allowed = saved;
        expect_kw(p, "AS");
        parse_var(p, &pt->term);
        expect(p, SPARQL_TOK_RPAREN);
        return pt;
    }
    if (at_kw(p, "VALUES")) {
        pt = new_pattern(p, SPARQL_PATTERN_VALUES);
        advance(p);
        pt->values = data_block(p);
        return pt;
    }
    return NULL;
}

/* GroupGraphPattern [53] / GroupGraphPatternSub [54] / TriplesBlock [55] */
static struct sparql_pattern *group_graph_pattern(struct parser *p)
{
    struct sparql_pattern *g, *item;
    size_t cap = 0;
    int bgp_open = 0, bgp_scope = 0, need_sep = 0;
    struct label_map in_scope = {0};
    size_t scanned = 0;

    enter(p);
    g = new_pattern(p, SPARQL_PATTERN_GROUP);
    expect(p, SPARQL_TOK_LBRACE);
    if (at_kw(p, "SELECT")) {
        item = new_pattern(p, SPARQL_PATTERN_SUBSELECT);
        item->query = sub_select(p);
        add_item(p, g, &cap, item);
        expect(p, SPARQL_TOK_RBRACE);
        leave(p);
        return g;
    }
    for (;;) {
        if (at_triples_start(p) && !need_sep) {
            struct triple_vec tv = {0};
            struct label_map *saved_labels = p->labels;

            /* Triples blocks separated only by FILTERs form one basic graph
             * pattern; anything else starts a new one (section 18.2.2). */
            if (!bgp_open) {
                bgp_scope = ++p->next_scope;
                bgp_open = 1;
            }
            item = new_pattern(p, SPARQL_PATTERN_BGP);
            p->scope = bgp_scope;
            p->labels = &p->pattern_labels;
            need_sep = !triples_template(p, &tv, 1);
            p->labels = saved_labels;
            item->triples = tv.v;
            item->ntriples = tv.n;
            add_item(p, g, &cap, item);
            continue;
        }
        if (at(p, SPARQL_TOK_RBRACE))
            break;
        item = graph_pattern_not_triples(p);
        if (!item)
            expected(p, need_sep ? "'.', '}' or a graph pattern" : "'}' or a triple pattern");
        if (item->kind == SPARQL_PATTERN_BIND) {
            /* The variables of the items before the BIND, collected lazily. */
            for (; scanned < g->nitems; scanned++)
                pattern_vars(p, g->items[scanned], &in_scope);
            if (map_has(&in_scope, item->term.value))
                fail_at(p, item->term.line, item->term.column,
                        "BIND: variable ?%s is already in scope in this group (section "
                        "18.2.1); bind a new variable",
                        item->term.value);
        }
        if (item->kind != SPARQL_PATTERN_FILTER)
            bgp_open = 0;
        add_item(p, g, &cap, item);
        need_sep = 0;
        accept(p, SPARQL_TOK_DOT);
    }
    advance(p);
    leave(p);
    return g;
}

/* ---- queries [1]-[31] ---- */

static void add_prefix(struct parser *p, const char *prefix, char *iri)
{
    struct sparql_prefix *pf = PUSH(p, p->ast->prefixes, p->ast->nprefixes, p->prefix_cap);

    pf->prefix = (char *)prefix;
    pf->iri = iri;
}

/* Prologue [4] with BaseDecl [5] and PrefixDecl [6] */
static void prologue(struct parser *p)
{
    for (;;) {
        if (accept_kw(p, "BASE")) {
            if (!at(p, SPARQL_TOK_IRIREF))
                expected(p, "an IRI in <> after BASE");
            p->ast->base = resolve(p, p->tok.value);
            advance(p);
        } else if (accept_kw(p, "PREFIX")) {
            const char *prefix;

            if (!at(p, SPARQL_TOK_PNAME_NS))
                expected(p, "a prefix name ending in ':' after PREFIX");
            prefix = p->tok.prefix;
            advance(p);
            if (!at(p, SPARQL_TOK_IRIREF))
                expected(p, "an IRI in <> after the prefix name");
            add_prefix(p, prefix, resolve(p, p->tok.value));
            advance(p);
        } else {
            return;
        }
    }
}

static struct sparql_query *new_query(struct parser *p, enum sparql_query_form form)
{
    struct sparql_query *q = alloc(p, sizeof *q);

    q->form = form;
    q->limit = -1;
    q->offset = -1;
    return q;
}

/* SelectClause [9] */
static void select_clause(struct parser *p, struct sparql_query *q)
{
    size_t cap = 0;

    expect_kw(p, "SELECT");
    if (accept_kw(p, "DISTINCT"))
        q->distinct = 1;
    else if (accept_kw(p, "REDUCED"))
        q->reduced = 1;
    if (accept(p, SPARQL_TOK_STAR)) {
        q->star = 1;
        return;
    }
    while (at(p, SPARQL_TOK_VAR) || at(p, SPARQL_TOK_LPAREN)) {
        struct sparql_projection *pr = PUSH(p, q->projections, q->nprojections, cap);

        memset(pr, 0, sizeof *pr);
        if (at(p, SPARQL_TOK_VAR)) {
            parse_var(p, &pr->var);
            continue;
        }
        advance(p);
        p->agg_allowed = 1;
        pr->expr = parse_expression(p);
        p->agg_allowed = 0;
        expect_kw(p, "AS");
        parse_var(p, &pr->var);
        expect(p, SPARQL_TOK_RPAREN);
    }
    if (!q->nprojections)
        expected(p, "'*', a variable or '(' expression AS variable ')'");
}

/* DatasetClause [13]-[16] */
static void dataset_clauses(struct parser *p, struct sparql_query *q)
{
    size_t cap = 0, ncap = 0;

    while (accept_kw(p, "FROM")) {
        if (accept_kw(p, "NAMED"))
            *PUSH(p, q->from_named, q->nfrom_named, ncap) = parse_iri(p);
        else
            *PUSH(p, q->from, q->nfrom, cap) = parse_iri(p);
    }
}

/* WhereClause [17] */
static void where_clause(struct parser *p, struct sparql_query *q)
{
    accept_kw(p, "WHERE");
    if (!at(p, SPARQL_TOK_LBRACE))
        expected(p, "'{' to start the WHERE clause");
    q->where = group_graph_pattern(p);
}

static long long parse_count(struct parser *p, const char *what)
{
    long long v = 0;
    const char *s;

    if (!at(p, SPARQL_TOK_INTEGER) || p->tok.value[0] == '+' || p->tok.value[0] == '-')
        expected(p, what);
    for (s = p->tok.value; *s; s++) {
        if (v > (0x7fffffffffffffffLL - 9) / 10)
            fail_at(p, p->tok.line, p->tok.column, "%s is too large", p->tok.value);
        v = v * 10 + (*s - '0');
    }
    advance(p);
    return v;
}

/* SolutionModifier [18] with GroupClause [19], HavingClause [21],
 * OrderClause [23] and LimitOffsetClauses [25]. */
static void solution_modifier(struct parser *p, struct sparql_query *q)
{
    size_t cap = 0;

    if (accept_kw(p, "GROUP")) {
        expect_kw(p, "BY");
        p->agg_allowed = 0;
        do {
            struct sparql_group_key *k = PUSH(p, q->group_by, q->ngroup_by, cap);

            memset(k, 0, sizeof *k);
            if (at(p, SPARQL_TOK_VAR)) {
                k->expr = new_expr(p, SPARQL_EXPR_TERM);
                parse_var(p, &k->expr->term);
            } else if (accept(p, SPARQL_TOK_LPAREN)) {
                k->expr = parse_expression(p);
                if (accept_kw(p, "AS"))
                    parse_var(p, &k->var);
                expect(p, SPARQL_TOK_RPAREN);
            } else if (at_builtin(p)) {
                k->expr = builtin_call(p);
            } else if (at_iri(p)) {
                k->expr = iri_or_function(p, 1);
            } else {
                expected(p, "a variable, '(' expression ')' or a function call after GROUP BY");
            }
        } while (at(p, SPARQL_TOK_VAR) || at(p, SPARQL_TOK_LPAREN) || at_builtin(p) || at_iri(p));
    }
    if (accept_kw(p, "HAVING")) {
        cap = 0;
        p->agg_allowed = 1;
        do {
            *PUSH(p, q->having, q->nhaving, cap) = constraint(p);
        } while (at(p, SPARQL_TOK_LPAREN) || at_builtin(p) || at_iri(p));
        p->agg_allowed = 0;
    }
    if (accept_kw(p, "ORDER")) {
        expect_kw(p, "BY");
        cap = 0;
        p->agg_allowed = 1;
        do {
            struct sparql_order_key *k = PUSH(p, q->order_by, q->norder_by, cap);

            memset(k, 0, sizeof *k);
            if (at_kw(p, "ASC") || at_kw(p, "DESC")) {
                k->descending = at_kw(p, "DESC");
                advance(p);
                if (!accept(p, SPARQL_TOK_LPAREN))
                    expected(p, "'(' after ASC or DESC");
                k->expr = parse_expression(p);
                expect(p, SPARQL_TOK_RPAREN);
            } else if (at(p, SPARQL_TOK_VAR)) {
                k->expr = new_expr(p, SPARQL_EXPR_TERM);
                parse_var(p, &k->expr->term);
            } else {
                k->expr = constraint(p);
            }
        } while (at(p, SPARQL_TOK_VAR) || at(p, SPARQL_TOK_LPAREN) || at_builtin(p) || at_iri(p) ||
                 at_kw(p, "ASC") || at_kw(p, "DESC"));
        p->agg_allowed = 0;
    }
    if (accept_kw(p, "LIMIT")) {
        q->limit = parse_count(p, "an integer after LIMIT");
        if (accept_kw(p, "OFFSET"))
            q->offset = parse_count(p, "an integer after OFFSET");
    } else if (accept_kw(p, "OFFSET")) {
        q->offset = parse_count(p, "an integer after OFFSET");
        if (accept_kw(p, "LIMIT"))
            q->limit = parse_count(p, "an integer after LIMIT");
    }
}

static int is_grouped(const struct sparql_query *q, const char *name)
{
    size_t i;

    for (i = 0; i < q->ngroup_by; i++) {
        const struct sparql_group_key *k = &q->group_by[i];

        if (k->var.kind == SPARQL_TERM_VAR) {
            if (strcmp(k->var.value, name) == 0)
                return 1;
        } else if (k->expr->kind == SPARQL_EXPR_TERM && is_var(&k->expr->term, name)) {
            return 1;
        }
    }
    return 0;
}

/* Every variable of e outside aggregates must be grouped or an earlier
 * SELECT alias (section 18.2.4.1). */
static void check_grouped_expr(struct parser *p, const struct sparql_query *q,
                               const struct sparql_expr *e, size_t upto)
{
    size_t i;

    if (e->kind == SPARQL_EXPR_AGGREGATE || e->kind == SPARQL_EXPR_EXISTS ||
        e->kind == SPARQL_EXPR_NOT_EXISTS)
        return;
    if (e->kind == SPARQL_EXPR_TERM) {
        if (e->term.kind != SPARQL_TERM_VAR || is_grouped(q, e->term.value))
            return;
        for (i = 0; i < upto; i++)
            if (q->projections[i].expr && is_var(&q->projections[i].var, e->term.value))
                return;
        fail_at(p, e->term.line, e->term.column,
                "variable ?%s is used outside an aggregate but is not in GROUP BY", e->term.value);
    }
    for (i = 0; i < e->nargs; i++)
        check_grouped_expr(p, q, e->args[i], upto);
}

/* Static checks of a SELECT once it is read: AS scope (section 18.2.1) and
 * grouping (section 18.2.4.1). */
static void check_select(struct parser *p, const struct sparql_query *q, int aggregated, int line,
                         int column)
{
    struct label_map where_vars = {0}, projected = {0};
    size_t i;
    int added;

    for (i = 0; i < q->nprojections; i++) {
        const struct sparql_projection *pr = &q->projections[i];

        if (!pr->expr) {
            map_get(p, &projected, pr->var.value, 0, &added);
            continue;
        }
        if (!where_vars.cap && q->where)
            pattern_vars(p, q->where, &where_vars);
        if (map_has(&where_vars, pr->var.value))
            fail_at(p, pr->var.line, pr->var.column,
                    "variable ?%s of (... AS ?%s) is already in scope in the WHERE clause",
                    pr->var.value, pr->var.value);
        map_get(p, &projected, pr->var.value, 0, &added);
        if (!added)
            fail_at(p, pr->var.line, pr->var.column,
                    "variable ?%s is already projected by this SELECT", pr->var.value);
    }
    if (!aggregated && !q->ngroup_by)
        return;
    if (q->star)
        fail_at(p, line, column,
                "SELECT * is not allowed with GROUP BY or aggregates; "
                "name the grouped variables");
    for (i = 0; i < q->nprojections; i++) {
        const struct sparql_projection *pr = &q->projections[i];

        if (pr->expr)
            check_grouped_expr(p, q, pr->expr, i);
        else if (!is_grouped(q, pr->var.value))
            fail_at(p, pr->var.line, pr->var.column,
                    "variable ?%s is projected but neither grouped nor aggregated "
                    "(add it to GROUP BY)",
                    pr->var.value);
    }
}

/* SelectQuery [7] (top is set) or SubSelect [8]. */
static struct sparql_query *select_query(struct parser *p, int top)
{
    struct sparql_query *q = new_query(p, SPARQL_SELECT);
    int saved_agg = p->saw_agg, line = p->tok.line, column = p->tok.column, aggregated;

    p->saw_agg = 0;
    select_clause(p, q);
    if (top)
        dataset_clauses(p, q);
    where_clause(p, q);
    solution_modifier(p, q);
    aggregated = p->saw_agg;
    if (!top && accept_kw(p, "VALUES"))
        q->values = data_block(p);
    check_select(p, q, aggregated, line, column);
    p->saw_agg = saved_agg;
    return q;
}

static struct sparql_query *sub_select(struct parser *p)
{
    return select_query(p, 0);
}

/* ConstructTemplate [73] */
static void construct_template(struct parser *p, struct sparql_query *q)
{
    struct triple_vec tv = {0};
    struct label_map *saved = p->labels;

    expect(p, SPARQL_TOK_LBRACE);
    p->labels = &p->template_labels;
    p->scope = ++p->next_scope;
    if (at_triples_start(p))
        triples_template(p, &tv, 0);
    p->labels = saved;
    expect(p, SPARQL_TOK_RBRACE);
    q->construct = tv.v;
    q->nconstruct = tv.n;
}

/* QueryUnit [1] / Query [2] */
static struct sparql_query *parse_query(struct parser *p)
{
    struct sparql_query *q;

    prologue(p);
    if (at_kw(p, "SELECT")) {
        q = select_query(p, 1);
    } else if (accept_kw(p, "CONSTRUCT")) {
        q = new_query(p, SPARQL_CONSTRUCT);
        if (at(p, SPARQL_TOK_LBRACE)) {
            construct_template(p, q);
            dataset_clauses(p, q);
            where_clause(p, q);
        } else {
            /* CONSTRUCT WHERE { template }: the template is the pattern. */
            struct triple_vec tv = {0};
            struct sparql_pattern *bgp;
            size_t cap = 0;

            dataset_clauses(p, q);
            expect_kw(p, "WHERE");
            q->where = new_pattern(p, SPARQL_PATTERN_GROUP);
            expect(p, SPARQL_TOK_LBRACE);
            bgp = new_pattern(p, SPARQL_PATTERN_BGP);
            p->labels = &p->pattern_labels;
            p->scope = ++p->next_scope;
            if (at_triples_start(p))
                triples_template(p, &tv, 0);
            expect(p, SPARQL_TOK_RBRACE);
            bgp->triples = tv.v;
            bgp->ntriples = tv.n;
            add_item(p, q->where, &cap, bgp);
            q->construct = tv.v;
            q->nconstruct = tv.n;
        }
        solution_modifier(p, q);
    } else if (accept_kw(p, "DESCRIBE")) {
        size_t cap = 0;

        q = new_query(p, SPARQL_DESCRIBE);
        if (accept(p, SPARQL_TOK_STAR)) {
            q->star = 1;
        } else {
            do {
                var_or_iri(p, PUSH(p, q->describe, q->ndescribe, cap));
            } while (at(p, SPARQL_TOK_VAR) || at_iri(p));
        }
        dataset_clauses(p, q);
        if (at_kw(p, "WHERE") || at(p, SPARQL_TOK_LBRACE))
            where_clause(p, q);
        solution_modifier(p, q);
    } else if (accept_kw(p, "ASK")) {
        q = new_query(p, SPARQL_ASK);
        dataset_clauses(p, q);
        where_clause(p, q);
        solution_modifier(p, q);
    } else {
        expected(p, "SELECT, CONSTRUCT, DESCRIBE or ASK");
    }
    if (accept_kw(p, "VALUES"))
        q->values = data_block(p);
    if (!at(p, SPARQL_TOK_EOF))
        expected(p, "end of the query");
    return q;
}

/* ---- update [29]-[52] ---- */

/* GraphRef [46] after GRAPH */
static char *graph_ref(struct parser *p)
{
    expect_kw(p, "GRAPH");
    return parse_iri(p);
}

/* GraphRefAll [47] */
static void graph_ref_all(struct parser *p, struct sparql_graph_ref *g)
{
    if (accept_kw(p, "DEFAULT")) {
        g->kind = SPARQL_GRAPH_DEFAULT;
    } else if (accept_kw(p, "NAMED")) {
        g->kind = SPARQL_GRAPH_NAMED;
    } else if (accept_kw(p, "ALL")) {
        g->kind = SPARQL_GRAPH_ALL;
    } else if (at_kw(p, "GRAPH")) {
        g->kind = SPARQL_GRAPH_IRI;
        g->iri = graph_ref(p);
    } else {
        expected(p, "GRAPH <iri>, DEFAULT, NAMED or ALL");
    }
}

/* GraphOrDefault [45] */
static void graph_or_default(struct parser *p, struct sparql_graph_ref *g)
{
    if (accept_kw(p, "DEFAULT")) {
        g->kind = SPARQL_GRAPH_DEFAULT;
        return;
    }
    accept_kw(p, "GRAPH");
    g->kind = SPARQL_GRAPH_IRI;
    if (!at_iri(p))
        expected(p, "DEFAULT or a graph IRI");
    g->iri = parse_iri(p);
}

/* QuadPattern [48] / QuadData [49] / Quads [50] / QuadsNotTriples [51] */
static void quads(struct parser *p, struct triple_vec *tv)
{
    int need_sep = 0;
    struct label_map *saved = p->labels;

    p->labels = p->insert_data ? &p->data_labels : &p->template_labels;
    expect(p, SPARQL_TOK_LBRACE);
    for (;;) {
        if (at_triples_start(p) && !need_sep) {
            need_sep = !triples_template(p, tv, 0);
        } else if (at_kw(p, "GRAPH")) {
            struct sparql_term g;
            size_t first = tv->n, i;

            advance(p);
            var_or_iri(p, &g);
            expect(p, SPARQL_TOK_LBRACE);
            if (at_triples_start(p))
                triples_template(p, tv, 0);
            expect(p, SPARQL_TOK_RBRACE);
            for (i = first; i < tv->n; i++)
                tv->v[i].g = g;
            accept(p, SPARQL_TOK_DOT);
            need_sep = 0;
        } else if (at(p, SPARQL_TOK_RBRACE)) {
            break;
        } else {
            expected(p, need_sep ? "'.', GRAPH or '}'" : "a triple, GRAPH or '}'");
        }
    }
    advance(p);
    p->labels = saved;
}

/* Modify [41] after the templates: UsingClause [44]* WHERE GroupGraphPattern */
static void modify_rest(struct parser *p, struct sparql_update_op *op)
{
    size_t cap = 0, ncap = 0;

    p->no_bnodes = NULL;
    while (accept_kw(p, "USING")) {
        if (accept_kw(p, "NAMED"))
            *PUSH(p, op->using_named, op->nusing_named, ncap) = parse_iri(p);
        else
            *PUSH(p, op->using, op->nusing, cap) = parse_iri(p);
    }
    expect_kw(p, "WHERE");
    if (!at(p, SPARQL_TOK_LBRACE))
        expected(p, "'{' after WHERE");
    op->where = group_graph_pattern(p);
}

static void template_into(struct parser *p, struct sparql_triple **v, size_t *n)
{
    struct triple_vec tv = {0};

    quads(p, &tv);
    *v = tv.v;
    *n = tv.n;
}

/* Update1 [30] */
static void update_op(struct parser *p, struct sparql_update_op *op)
{
    memset(op, 0, sizeof *op);
    op->line = p->tok.line;
    op->column = p->tok.column;
    /* Blank node labels: the templates and the WHERE clause of each
     * operation have their own label space (a template makes new blank nodes
     * each time it is used); INSERT DATA labels are one space for the whole
     * request, so no two INSERT DATA operations share a label (Query 19.6). */
    memset(&p->template_labels, 0, sizeof p->template_labels);
    memset(&p->pattern_labels, 0, sizeof p->pattern_labels);
    p->scope = ++p->next_scope;
    if (accept_kw(p, "LOAD")) {
        op->kind = SPARQL_UPDATE_LOAD;
        op->silent = accept_kw(p, "SILENT");
        op->source = parse_iri(p);
        if (accept_kw(p, "INTO")) {
            op->target.kind = SPARQL_GRAPH_IRI;
            op->target.iri = graph_ref(p);
        }
    } else if (at_kw(p, "CLEAR") || at_kw(p, "DROP")) {
        op->kind = at_kw(p, "CLEAR") ? SPARQL_UPDATE_CLEAR : SPARQL_UPDATE_DROP;
        advance(p);
        op->silent = accept_kw(p, "SILENT");
        graph_ref_all(p, &op->target);
    } else if (accept_kw(p, "CREATE")) {
        op->kind = SPARQL_UPDATE_CREATE;
        op->silent = accept_kw(p, "SILENT");
        op->target.kind = SPARQL_GRAPH_IRI;
        op->target.iri = graph_ref(p);
    } else if (at_kw(p, "ADD") || at_kw(p, "MOVE") || at_kw(p, "COPY")) {
        op->kind = at_kw(p, "ADD")    ? SPARQL_UPDATE_ADD
                   : at_kw(p, "MOVE") ? SPARQL_UPDATE_MOVE
                                      : SPARQL_UPDATE_COPY;
        advance(p);
        op->silent = accept_kw(p, "SILENT");
        graph_or_default(p, &op->from);
        expect_kw(p, "TO");
        graph_or_default(p, &op->target);
    } else if (accept_kw(p, "INSERT")) {
        if (accept_kw(p, "DATA")) {
            op->kind = SPARQL_UPDATE_INSERT_DATA;
            p->no_vars = "INSERT DATA";
            p->insert_data = 1;
            template_into(p, &op->insert_quads, &op->ninsert);
            p->insert_data = 0;
            p->no_vars = NULL;
        } else {
            op->kind = SPARQL_UPDATE_MODIFY;
            op->has_insert = 1;
            template_into(p, &op->insert_quads, &op->ninsert);
            modify_rest(p, op);
        }
    } else if (accept_kw(p, "DELETE")) {
        if (accept_kw(p, "DATA")) {
            op->kind = SPARQL_UPDATE_DELETE_DATA;
            p->no_vars = "DELETE DATA";
            p->no_bnodes = "DELETE DATA";
            template_into(p, &op->delete_quads, &op->ndelete);
            p->no_vars = NULL;
            p->no_bnodes = NULL;
        } else if (accept_kw(p, "WHERE")) {
            op->kind = SPARQL_UPDATE_DELETE_WHERE;
            p->no_bnodes = "DELETE WHERE";
            template_into(p, &op->delete_quads, &op->ndelete);
            p->no_bnodes = NULL;
        } else {
            op->kind = SPARQL_UPDATE_MODIFY;
            op->has_delete = 1;
            p->no_bnodes = "a DELETE template";
            template_into(p, &op->delete_quads, &op->ndelete);
            p->no_bnodes = NULL;
            if (accept_kw(p, "INSERT")) {
                op->has_insert = 1;
                template_into(p, &op->insert_quads, &op->ninsert);
            }
            modify_rest(p, op);
        }
    } else if (accept_kw(p, "WITH")) {
        op->kind = SPARQL_UPDATE_MODIFY;
        op->with = parse_iri(p);
        if (accept_kw(p, "DELETE")) {
            op->has_delete = 1;
            p->no_bnodes = "a DELETE template";
            template_into(p, &op->delete_quads, &op->ndelete);
            p->no_bnodes = NULL;
            if (accept_kw(p, "INSERT")) {
                op->has_insert = 1;
                template_into(p, &op->insert_quads, &op->ninsert);
            }
        } else if (accept_kw(p, "INSERT")) {
            op->has_insert = 1;
            template_into(p, &op->insert_quads, &op->ninsert);
        } else {
            expected(p, "DELETE or INSERT after WITH <iri>");
        }
        modify_rest(p, op);
    } else {
        expected(p, "an update operation (INSERT, DELETE, WITH, LOAD, CLEAR, DROP, CREATE, "
                    "ADD, MOVE or COPY)");
    }
}

/* UpdateUnit [3] / Update [29] */
static void parse_update(struct parser *p)
{
    size_t cap = 0;

    for (;;) {
        prologue(p);
        if (at(p, SPARQL_TOK_EOF))
            return;
        update_op(p, PUSH(p, p->ast->ops, p->ast->nops, cap));
        if (accept(p, SPARQL_TOK_SEMICOLON))
            continue;
        if (!at(p, SPARQL_TOK_EOF))
            expected(p, "';' or end of the update request");
        return;
    }
}

int sparql_parse(const char *text, size_t len, const struct sparql_parse_options *opt,
                 struct sparql_ast **out, struct error *err)
{
    struct parser p;
    struct arena *a;
    char *decoded = NULL;
    struct sparql_escapes esc = {0};
    size_t dlen = 0;

    *out = NULL;
    error_clear(err);
    memset(&p, 0, sizeof p);
    a = arena_new();
    if (!a) {
        error_set(err, "out of memory");
        return -1;
    }
    p.a = a;
    p.err = err;
    p.labels = &p.pattern_labels;
    p.ast = arena_alloc(a, sizeof *p.ast);
    if (!p.ast) {
        error_set(err, "out of memory");
        goto fail;
    }
    p.ast->arena = a;
    p.ast->is_update = opt && opt->update;
    if (opt && opt->base && !(p.ast->base = arena_strndup(a, opt->base, strlen(opt->base)))) {
        error_set(err, "out of memory");
        goto fail;
    }
    if (sparql_decode_codepoints(text, len, &decoded, &dlen, &esc, err))
        goto fail;
    if (setjmp(p.fail))
        goto fail;
    sparql_lexer_init(&p.lx, decoded, dlen, a);
    p.lx.esc = &esc;
    advance(&p);
    if (p.ast->is_update)
        parse_update(&p);
    else
        p.ast->query = parse_query(&p);
    free(decoded);
    sparql_escapes_free(&esc);
    *out = p.ast;
    return 0;
fail:
    free(decoded);
    sparql_escapes_free(&esc);
    arena_free(a);
    return -1;
}
