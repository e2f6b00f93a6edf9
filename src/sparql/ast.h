/* ast.h - the syntax tree of a SPARQL 1.1 query or update request.
 *
 * Produced by sparql_parse (parser.h). Every node and every string of a tree
 * lives in one arena owned by struct sparql_ast: sparql_ast_free releases the
 * whole tree at once, so no node has its own free function and a parse that
 * fails half-way leaks nothing.
 *
 * Terms use the struct term kinds (term.h) plus SPARQL_TERM_VAR. IRIs are
 * stored fully expanded: prefixed names are replaced by their namespace plus
 * local part and relative IRIs are resolved against the BASE (RFC 3986).
 * Numeric literals carry their xsd datatype (integer, decimal, double) and
 * true/false carry xsd:boolean. Blank nodes written [] or produced by
 * collections get a generated label starting with '%', a character that a
 * written label cannot contain, and have anon set. */
#ifndef FUNDAMENT_SPARQL_AST_H
#define FUNDAMENT_SPARQL_AST_H

#include <stddef.h>
#include <stdio.h>

#include "term.h"

#define SPARQL_TERM_VAR   4 /* beside TERM_IRI, TERM_BLANK, TERM_LITERAL */
#define SPARQL_TERM_UNDEF 5 /* UNDEF in a VALUES row */

/* A term or a variable. value: IRI, blank label (no "_:"), lexical form or
 * variable name (no '?'). All strings belong to the tree's arena. */
struct sparql_term {
    int kind; /* TERM_NONE, TERM_IRI, TERM_BLANK, TERM_LITERAL, SPARQL_TERM_VAR/UNDEF */
    char *value;
    size_t len;
    char *lang;     /* literal language tag or NULL */
    char *datatype; /* literal datatype IRI or NULL */
    int anon;       /* blank node from [] or a collection */
    int line, column;
};

/* Property path expressions (SPARQL 1.1 section 9). */
enum sparql_path_kind {
    SPARQL_PATH_IRI = 0,      /* iri */
    SPARQL_PATH_INVERSE,      /* ^args[0] */
    SPARQL_PATH_SEQ,          /* args[0] / args[1] / ... */
    SPARQL_PATH_ALT,          /* args[0] | args[1] | ... */
    SPARQL_PATH_ZERO_OR_MORE, /* args[0]* */
    SPARQL_PATH_ONE_OR_MORE,  /* args[0]+ */
    SPARQL_PATH_ZERO_OR_ONE,  /* args[0]? */
    SPARQL_PATH_NEGATED,      /* !(args...): each arg is IRI or INVERSE(IRI) */
};

struct sparql_path {
    enum sparql_path_kind kind;
    char *iri; /* SPARQL_PATH_IRI */
    struct sparql_path **args;
    size_t nargs;
};

/* A triple pattern, or a quad in an update template. When the predicate is
 * a path other than a single IRI, path is set and p.kind is TERM_NONE. */
struct sparql_triple {
    struct sparql_term s, p, o;
    struct sparql_path *path;
    struct sparql_term g; /* graph of a quad template; TERM_NONE = default */
};

enum sparql_expr_kind {
    SPARQL_EXPR_TERM = 0, /* term (constant or variable) */
    SPARQL_EXPR_OR,
    SPARQL_EXPR_AND,
    SPARQL_EXPR_EQ,
    SPARQL_EXPR_NE,
    SPARQL_EXPR_LT,
    SPARQL_EXPR_GT,
    SPARQL_EXPR_LE,
    SPARQL_EXPR_GE,
    SPARQL_EXPR_IN,     /* args[0] IN (args[1..]) */
    SPARQL_EXPR_NOT_IN, /* args[0] NOT IN (args[1..]) */
    SPARQL_EXPR_ADD,
    SPARQL_EXPR_SUB,
    SPARQL_EXPR_MUL,
    SPARQL_EXPR_DIV,
    SPARQL_EXPR_NOT,        /* !args[0] */
    SPARQL_EXPR_PLUS,       /* +args[0] */
    SPARQL_EXPR_MINUS,      /* -args[0] */
    SPARQL_EXPR_BUILTIN,    /* name(args): a section 17 built-in, name upper case */
    SPARQL_EXPR_FUNCTION,   /* name(args): name is an IRI (cast or extension) */
    SPARQL_EXPR_EXISTS,     /* EXISTS pattern */
    SPARQL_EXPR_NOT_EXISTS, /* NOT EXISTS pattern */
    SPARQL_EXPR_AGGREGATE,  /* name: COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT */
};

struct sparql_pattern;
struct sparql_query;

struct sparql_expr {
    enum sparql_expr_kind kind;
    struct sparql_term term; /* SPARQL_EXPR_TERM */
    const char *name;        /* built-in or aggregate name (upper case, static), function IRI */
    struct sparql_expr **args;
    size_t nargs;
    int distinct;                   /* aggregate or function call with DISTINCT */
    int star;                       /* COUNT(*) */
    char *separator;                /* GROUP_CONCAT separator or NULL (default " ") */
    struct sparql_pattern *pattern; /* EXISTS / NOT EXISTS */
    int line, column;
};

/* VALUES: nrows rows of nvars cells, row-major; an UNDEF cell has kind
 * SPARQL_TERM_UNDEF. */
struct sparql_values {
    struct sparql_term *vars;
    size_t nvars;
    struct sparql_term *cells;
    size_t nrows;
};

enum sparql_pattern_kind {
    SPARQL_PATTERN_GROUP = 0, /* { items... } in written order */
    SPARQL_PATTERN_BGP,       /* triples (one TriplesBlock) */
    SPARQL_PATTERN_OPTIONAL,  /* OPTIONAL items[0] */
    SPARQL_PATTERN_UNION,     /* items[0] UNION items[1] UNION ... */
    SPARQL_PATTERN_MINUS,     /* MINUS items[0] */
    SPARQL_PATTERN_GRAPH,     /* GRAPH term items[0] */
    SPARQL_PATTERN_SERVICE,   /* SERVICE [SILENT] term items[0] */
    SPARQL_PATTERN_FILTER,    /* FILTER expr */
    SPARQL_PATTERN_BIND,      /* BIND (expr AS term) */
    SPARQL_PATTERN_VALUES,    /* VALUES values */
    SPARQL_PATTERN_SUBSELECT, /* { SELECT ... } query */
};

struct sparql_pattern {
    enum sparql_pattern_kind kind;
    struct sparql_pattern **items;
    size_t nitems;
    struct sparql_triple *triples;
    size_t ntriples;
    struct sparql_term term; /* GRAPH / SERVICE name, BIND variable */
    int silent;              /* SERVICE SILENT */
    struct sparql_expr *expr;
    struct sparql_values *values;
    struct sparql_query *query;
    int line, column;
};

enum sparql_query_form {
    SPARQL_SELECT = 0,
    SPARQL_CONSTRUCT,
    SPARQL_ASK,
    SPARQL_DESCRIBE,
};

/* A SELECT item: a variable, or (expr AS var). */
struct sparql_projection {
    struct sparql_term var;
    struct sparql_expr *expr; /* NULL for a plain variable */
};

/* A GROUP BY condition: expr, optionally AS var (var.kind TERM_NONE if not). */
struct sparql_group_key {
    struct sparql_expr *expr;
    struct sparql_term var;
};

struct sparql_order_key {
    struct sparql_expr *expr;
    int descending;
};

struct sparql_query {
    enum sparql_query_form form;
    int distinct, reduced;
    int star; /* SELECT * or DESCRIBE * */
    struct sparql_projection *projections;
    size_t nprojections;
    struct sparql_triple *construct; /* CONSTRUCT template (also for WHERE shorthand) */
    size_t nconstruct;
    struct sparql_term *describe; /* DESCRIBE terms */
    size_t ndescribe;
    char **from, **from_named; /* dataset clause IRIs */
    size_t nfrom, nfrom_named;
    struct sparql_pattern *where; /* a GROUP; NULL for DESCRIBE without WHERE */
    struct sparql_group_key *group_by;
    size_t ngroup_by;
    struct sparql_expr **having;
    size_t nhaving;
    struct sparql_order_key *order_by;
    size_t norder_by;
    long long limit, offset;      /* -1 when absent */
    struct sparql_values *values; /* trailing VALUES or NULL */
};

enum sparql_update_kind {
    SPARQL_UPDATE_LOAD = 0,
    SPARQL_UPDATE_CLEAR,
    SPARQL_UPDATE_DROP,
    SPARQL_UPDATE_CREATE,
    SPARQL_UPDATE_ADD,
    SPARQL_UPDATE_MOVE,
    SPARQL_UPDATE_COPY,
    SPARQL_UPDATE_INSERT_DATA,
    SPARQL_UPDATE_DELETE_DATA,
    SPARQL_UPDATE_DELETE_WHERE,
    SPARQL_UPDATE_MODIFY, /* [WITH] DELETE {} INSERT {} [USING] WHERE {} */
};

enum sparql_graph_ref_kind {
    SPARQL_GRAPH_NONE = 0, /* absent */
    SPARQL_GRAPH_IRI,
    SPARQL_GRAPH_DEFAULT,
    SPARQL_GRAPH_NAMED,
    SPARQL_GRAPH_ALL,
};

struct sparql_graph_ref {
    enum sparql_graph_ref_kind kind;
    char *iri; /* SPARQL_GRAPH_IRI */
};

struct sparql_update_op {
    enum sparql_update_kind kind;
    int silent;
    char *source;                       /* LOAD: the document IRI */
    struct sparql_graph_ref target;     /* LOAD INTO, CLEAR/DROP/CREATE, ADD/MOVE/COPY TO */
    struct sparql_graph_ref from;       /* ADD/MOVE/COPY source */
    char *with;                         /* MODIFY: WITH iri or NULL */
    struct sparql_triple *delete_quads; /* DELETE DATA/WHERE, DELETE template */
    size_t ndelete;
    struct sparql_triple *insert_quads; /* INSERT DATA, INSERT template */
    size_t ninsert;
    int has_delete, has_insert; /* MODIFY: which templates were written */
    char **using, **using_named;
    size_t nusing, nusing_named;
    struct sparql_pattern *where; /* MODIFY WHERE (a GROUP) */
    int line, column;
};

struct sparql_prefix {
    char *prefix; /* without ':' */
    char *iri;
};

struct arena;

struct sparql_ast {
    struct arena *arena; /* owns every node and string below */
    int is_update;
    char *base;                     /* the last BASE in effect, or the given base, or NULL */
    struct sparql_prefix *prefixes; /* every PREFIX declared, in order */
    size_t nprefixes;
    struct sparql_query *query;   /* a query */
    struct sparql_update_op *ops; /* an update request (maybe zero operations) */
    size_t nops;
};

/* Releases the tree and everything it points to. NULL is allowed. */
void sparql_ast_free(struct sparql_ast *ast);

/* Writes the tree as an S-expression (one node a line, indented). Returns 0
 * or -1 on a write error. */
int sparql_ast_print(const struct sparql_ast *ast, FILE *out);

/* Arena used by the parser: blocks of memory released together. */
struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory of size bytes or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
/* Copy of len bytes plus a NUL, or NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* A string as a quoted, escaped literal, and a term in SPARQL syntax
 * (shared by the tree and algebra printers). */
void sparql_print_string(FILE *out, const char *s, size_t len);
void sparql_print_term(FILE *out, const struct sparql_term *t);

#endif
