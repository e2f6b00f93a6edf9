/* ast.c - arena, free and printer of the SPARQL syntax tree (see ast.h). */
#include "sparql/ast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

struct arena_block {
    struct arena_block *next;
    size_t used, size;
    max_align_t data[]; /* size bytes */
};

struct arena {
    struct arena_block *head;
};

struct arena *arena_new(void)
{
    return calloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
    struct arena_block *b, *next;

    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_block *b = a->head;
    size_t align = sizeof(max_align_t);
    void *p;

    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    if (!b || b->size - b->used < size) {
        size_t bs = size > ARENA_BLOCK ? size : ARENA_BLOCK;

        b = malloc(sizeof *b + bs);
        if (!b)
            return NULL;
        b->size = bs;
        b->used = 0;
        /* A block bigger than the default goes behind the head so the space
         * left in the head block is not wasted. */
        if (a->head && bs > ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);

    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void sparql_ast_free(struct sparql_ast *ast)
{
    struct arena *a;

    if (!ast)
        return;
    a = ast->arena; /* the ast itself lives in its arena */
    arena_free(a);
}

/* ---- printer ---- */

static void indent(FILE *out, int depth)
{
    /* Indentation stops growing at a depth where it no longer helps the
     * reader, so that printing a long chain stays linear. */
    fprintf(out, "\n%*s", (depth < 40 ? depth : 40) * 2, "");
}

void sparql_print_string(FILE *out, const char *s, size_t len)
{
    size_t i;

    fputc('"', out);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (c < 0x20)
                fprintf(out, "\\u%04X", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

void sparql_print_term(FILE *out, const struct sparql_term *t)
{
    switch (t->kind) {
    case TERM_IRI:
        fprintf(out, "<%s>", t->value);
        break;
    case TERM_BLANK:
        fprintf(out, "_:%s", t->value);
        break;
    case TERM_LITERAL:
        sparql_print_string(out, t->value, t->len);
        if (t->lang)
            fprintf(out, "@%s", t->lang);
        else if (t->datatype)
            fprintf(out, "^^<%s>", t->datatype);
        break;
    case SPARQL_TERM_VAR:
        fprintf(out, "?%s", t->value);
        break;
    case SPARQL_TERM_UNDEF:
        fputs("UNDEF", out);
        break;
    default:
        fputs("NONE", out);
        break;
    }
}

static void print_path(FILE *out, const struct sparql_path *p)
{
    static const char *const names[] = {"iri",   "inv",   "seq",   "alt",
                                        "path*", "path+", "path?", "notoneof"};
    size_t i;

    if (p->kind == SPARQL_PATH_IRI) {
        fprintf(out, "<%s>", p->iri);
        return;
    }
    fprintf(out, "(%s", names[p->kind]);
    for (i = 0; i < p->nargs; i++) {
        fputc(' ', out);
        print_path(out, p->args[i]);
    }
    fputc(')', out);
}

static void print_triple(FILE *out, const struct sparql_triple *t)
{
    fputs(t->g.kind != TERM_NONE ? "(quad " : "(triple ", out);
    if (t->g.kind != TERM_NONE) {
        sparql_print_term(out, &t->g);
        fputc(' ', out);
    }
    sparql_print_term(out, &t->s);
    fputc(' ', out);
    if (t->path)
        print_path(out, t->path);
    else
        sparql_print_term(out, &t->p);
    fputc(' ', out);
    sparql_print_term(out, &t->o);
    fputc(')', out);
}

static void print_pattern(FILE *out, const struct sparql_pattern *p, int depth);
static void print_query(FILE *out, const struct sparql_query *q, int depth);

static void print_expr(FILE *out, const struct sparql_expr *e, int depth)
{
    static const char *const ops[] = {
        "term", "||", "&&", "=", "!=", "<", ">",    "<=",       ">=",     "in",        "notin", "+",
        "-",    "*",  "/",  "!", "+",  "-", "call", "function", "exists", "notexists", "agg"};
    size_t i;

    switch (e->kind) {
    case SPARQL_EXPR_TERM:
        sparql_print_term(out, &e->term);
        return;
    case SPARQL_EXPR_BUILTIN:
        fprintf(out, "(%s", e->name);
        break;
    case SPARQL_EXPR_FUNCTION:
        fprintf(out, "(<%s>", e->name);
        break;
    case SPARQL_EXPR_AGGREGATE:
        fprintf(out, "(%s", e->name);
        if (e->star)
            fputs(" *", out);
        break;
    default:
        fprintf(out, "(%s", ops[e->kind]);
        break;
    }
    if (e->distinct)
        fputs(" distinct", out);
    for (i = 0; i < e->nargs; i++) {
        fputc(' ', out);
        print_expr(out, e->args[i], depth);
    }
    if (e->separator) {
        fputs(" (separator ", out);
        sparql_print_string(out, e->separator, strlen(e->separator));
        fputc(')', out);
    }
    if (e->pattern) {
        indent(out, depth + 1);
        print_pattern(out, e->pattern, depth + 1);
    }
    fputc(')', out);
}

static void print_values(FILE *out, const struct sparql_values *v, int depth)
{
    size_t r, c;

    fputs("(values (", out);
    for (c = 0; c < v->nvars; c++) {
        if (c)
            fputc(' ', out);
        sparql_print_term(out, &v->vars[c]);
    }
    fputc(')', out);
    for (r = 0; r < v->nrows; r++) {
        indent(out, depth + 1);
        fputs("(row", out);
        for (c = 0; c < v->nvars; c++) {
            fputc(' ', out);
            sparql_print_term(out, &v->cells[r * v->nvars + c]);
        }
        fputc(')', out);
    }
    fputc(')', out);
}

static void print_pattern(FILE *out, const struct sparql_pattern *p, int depth)
{
    static const char *const names[] = {"group", "bgp",    "optional", "union",
                                        "minus", "graph",  "service",  "filter",
                                        "bind",  "values", "subquery"};
    size_t i;

    if (p->kind == SPARQL_PATTERN_VALUES) {
        print_values(out, p->values, depth);
        return;
    }
    fprintf(out, "(%s", names[p->kind]);
    if (p->kind == SPARQL_PATTERN_SERVICE && p->silent)
        fputs(" silent", out);
    if (p->kind == SPARQL_PATTERN_GRAPH || p->kind == SPARQL_PATTERN_SERVICE ||
        p->kind == SPARQL_PATTERN_BIND) {
        fputc(' ', out);
        sparql_print_term(out, &p->term);
    }
    if (p->expr) {
        fputc(' ', out);
        print_expr(out, p->expr, depth);
    }
    for (i = 0; i < p->ntriples; i++) {
        indent(out, depth + 1);
        print_triple(out, &p->triples[i]);
    }
    for (i = 0; i < p->nitems; i++) {
        indent(out, depth + 1);
        print_pattern(out, p->items[i], depth + 1);
    }
    if (p->query) {
        indent(out, depth + 1);
        print_query(out, p->query, depth + 1);
    }
    fputc(')', out);
}

static void print_triples(FILE *out, const char *name, const struct sparql_triple *t, size_t n,
                          int depth)
{
    size_t i;

    indent(out, depth);
    fprintf(out, "(%s", name);
    for (i = 0; i < n; i++) {
        indent(out, depth + 1);
        print_triple(out, &t[i]);
    }
    fputc(')', out);
}

static void print_query(FILE *out, const struct sparql_query *q, int depth)
{
    static const char *const forms[] = {"select", "construct", "ask", "describe"};
    size_t i;

    fprintf(out, "(%s", forms[q->form]);
    if (q->distinct)
        fputs(" distinct", out);
    if (q->reduced)
        fputs(" reduced", out);
    if (q->star)
        fputs(" *", out);
    if (q->nprojections) {
        indent(out, depth + 1);
        fputs("(project", out);
        for (i = 0; i < q->nprojections; i++) {
            fputc(' ', out);
            if (q->projections[i].expr) {
                fputs("(as ", out);
                sparql_print_term(out, &q->projections[i].var);
                fputc(' ', out);
                print_expr(out, q->projections[i].expr, depth + 1);
                fputc(')', out);
            } else {
                sparql_print_term(out, &q->projections[i].var);
            }
        }
        fputc(')', out);
    }
    if (q->form == SPARQL_CONSTRUCT)
        print_triples(out, "template", q->construct, q->nconstruct, depth + 1);
    if (q->ndescribe) {
        indent(out, depth + 1);
        fputs("(describe", out);
        for (i = 0; i < q->ndescribe; i++) {
            fputc(' ', out);
            sparql_print_term(out, &q->describe[i]);
        }
        fputc(')', out);
    }
    for (i = 0; i < q->nfrom; i++) {
        indent(out, depth + 1);
        fprintf(out, "(from <%s>)", q->from[i]);
    }
    for (i = 0; i < q->nfrom_named; i++) {
        indent(out, depth + 1);
        fprintf(out, "(from-named <%s>)", q->from_named[i]);
    }
    if (q->where) {
        indent(out, depth + 1);
        fputs("(where ", out);
        print_pattern(out, q->where, depth + 1);
        fputc(')', out);
    }
    if (q->ngroup_by) {
        indent(out, depth + 1);
        fputs("(group-by", out);
        for (i = 0; i < q->ngroup_by; i++) {
            fputc(' ', out);
            if (q->group_by[i].var.kind != TERM_NONE) {
                fputs("(as ", out);
                sparql_print_term(out, &q->group_by[i].var);
                fputc(' ', out);
                print_expr(out, q->group_by[i].expr, depth + 1);
                fputc(')', out);
            } else {
                print_expr(out, q->group_by[i].expr, depth + 1);
            }
        }
        fputc(')', out);
    }
    if (q->nhaving) {
        indent(out, depth + 1);
        fputs("(having", out);
        for (i = 0; i < q->nhaving; i++) {
            fputc(' ', out);
            print_expr(out, q->having[i], depth + 1);
        }
        fputc(')', out);
    }
    if (q->norder_by) {
        indent(out, depth + 1);
        fputs("(order-by", out);
        for (i = 0; i < q->norder_by; i++) {
            fputs(q->order_by[i].descending ? " (desc " : " (asc ", out);
            print_expr(out, q->order_by[i].expr, depth + 1);
            fputc(')', out);
        }
        fputc(')', out);
    }
    if (q->limit >= 0) {
        indent(out, depth + 1);
        fprintf(out, "(limit %lld)", q->limit);
    }
    if (q->offset >= 0) {
        indent(out, depth + 1);
        fprintf(out, "(offset %lld)", q->offset);
    }
    if (q->values) {
        indent(out, depth + 1);
        print_values(out, q->values, depth + 1);
    }
    fputc(')', out);
}

static void print_graph_ref(FILE *out, const char *role, const struct sparql_graph_ref *g)
{
    static const char *const names[] = {"none", "iri", "default", "named", "all"};

    if (g->kind == SPARQL_GRAPH_NONE)
        return;
    if (g->kind == SPARQL_GRAPH_IRI)
        fprintf(out, " (%s <%s>)", role, g->iri);
    else
        fprintf(out, " (%s %s)", role, names[g->kind]);
}

static void print_op(FILE *out, const struct sparql_update_op *op)
{
    static const char *const names[] = {"load",        "clear",        "drop",  "create",
                                        "add",         "move",         "copy",  "insert-data",
                                        "delete-data", "delete-where", "modify"};
    size_t i;

    fprintf(out, "(%s", names[op->kind]);
    if (op->silent)
        fputs(" silent", out);
    if (op->source)
        fprintf(out, " <%s>", op->source);
    print_graph_ref(out, "from", &op->from);
    print_graph_ref(out, "graph", &op->target);
    if (op->with)
        fprintf(out, " (with <%s>)", op->with);
    for (i = 0; i < op->nusing; i++)
        fprintf(out, " (using <%s>)", op->using[i]);
    for (i = 0; i < op->nusing_named; i++)
        fprintf(out, " (using-named <%s>)", op->using_named[i]);
    if (op->kind == SPARQL_UPDATE_DELETE_DATA || op->kind == SPARQL_UPDATE_DELETE_WHERE ||
        op->has_delete)
        print_triples(out, "delete", op->delete_quads, op->ndelete, 1);
    if (op->kind == SPARQL_UPDATE_INSERT_DATA || op->has_insert)
        print_triples(out, "insert", op->insert_quads, op->ninsert, 1);
    if (op->where) {
        indent(out, 1);
        fputs("(where ", out);
        print_pattern(out, op->where, 1);
        fputc(')', out);
    }
    fputc(')', out);
}

int sparql_ast_print(const struct sparql_ast *ast, FILE *out)
{
    size_t i;

    if (ast->base)
        fprintf(out, "(base <%s>)\n", ast->base);
    for (i = 0; i < ast->nprefixes; i++)
        fprintf(out, "(prefix %s: <%s>)\n", ast->prefixes[i].prefix, ast->prefixes[i].iri);
    if (ast->is_update) {
        fprintf(out, "(update");
        for (i = 0; i < ast->nops; i++) {
            indent(out, 0);
            print_op(out, &ast->ops[i]);
        }
        fputs(")\n", out);
    } else if (ast->query) {
        print_query(out, ast->query, 0);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
