/* jsonld_context.c - Context Processing, Create Term Definition and IRI
 * Expansion (JSON-LD 1.1 API sections 4.1, 4.2 and 5.2). Contexts are
 * immutable once built: processing a local context copies the active one. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_internal.h"

/* State of one run of Create Term Definition over a local context. */
struct defining {
    const struct json *local; /* the local context object */
    struct jl_map defined;    /* term -> &DEF_TRUE / &DEF_FALSE */
    const char *base_url;
    const char **remote;
    size_t nremote;
    int protect, override_protected;
};

static int DEF_TRUE, DEF_FALSE;

struct jl_ctx *jl_ctx_new(struct jl *p, const char *base)
{
    struct jl_ctx *c = jl_alloc(p, sizeof *c);

    c->base = base;
    c->orig_base = base;
    return c;
}

const struct jl_term *jl_ctx_term(const struct jl_ctx *c, const char *term)
{
    return jl_map_get(&c->terms, term);
}

static struct jl_ctx *ctx_copy(struct jl *p, const struct jl_ctx *c)
{
    struct jl_ctx *n = jl_alloc(p, sizeof *n);

    *n = *c;
    jl_map_copy(p, &n->terms, &c->terms);
    return n;
}

static void create_term(struct jl *p, struct jl_ctx *active, struct defining *d, const char *term);

static const char *expand_iri_local(struct jl *p, struct jl_ctx *active, const char *value,
                                    int doc_rel, int vocab, struct defining *d)
{
    const struct jl_term *t;
    const char *colon;

    if (!value || jl_is_keyword(value))
        return value;
    if (jl_has_keyword_form(value))
        return NULL;
    if (d && json_get(d->local, value) && jl_map_get(&d->defined, value) != &DEF_TRUE)
        create_term(p, active, d, value);
    t = jl_map_get(&active->terms, value);
    if (t && t->iri && jl_is_keyword(t->iri))
        return t->iri;
    if (vocab && t)
        return t->iri;
    colon = value[0] ? strchr(value + 1, ':') : NULL;
    if (colon) {
        size_t plen = (size_t)(colon - value);
        char *prefix = jl_strndup(p, value, plen);
        const char *suffix = colon + 1;

        if (!strcmp(prefix, "_") || (suffix[0] == '/' && suffix[1] == '/'))
            return value;
        if (d && json_get(d->local, prefix) && jl_map_get(&d->defined, prefix) != &DEF_TRUE)
            create_term(p, active, d, prefix);
        t = jl_map_get(&active->terms, prefix);
        if (t && t->iri && t->prefix)
            return jl_concat(p, t->iri, suffix);
        if (jl_iri_is_absolute(value))
            return value;
    }
    if (vocab && active->vocab)
        return jl_concat(p, active->vocab, value);
    if (doc_rel)
        return jl_iri_resolve(p, active->base, value);
    return value;
}

const char *jl_expand_iri(struct jl *p, const struct jl_ctx *c, const char *value, int doc_rel,
                          int vocab)
{
    /* without a local context nothing is modified */
    return expand_iri_local(p, (struct jl_ctx *)c, value, doc_rel, vocab, NULL);
}

static void load_remote(struct jl *p, const char *iri, const struct json **ctxval)
{
    const struct json *doc = jl_map_get(&p->remote_cache, iri);

    if (!doc) {
        size_t len = 0;
        char *buf = p->opts->loader ? p->opts->loader(p->opts->loader_ctx, iri, &len) : NULL;
        struct error jerr;

        if (!buf)
            jl_fail(p, "loading remote context failed: %s", iri);
        doc = json_parse(p->keep, buf, len, iri, &jerr);
        free(buf);
        if (!doc)
            jl_fail(p, "loading remote context failed: %s: %s", iri, jerr.msg);
        jl_keep_begin(p);
        jl_map_put(p, &p->remote_cache, jl_strdup(p, iri), (void *)doc);
        jl_keep_end(p);
    }
    if (doc->type != JSON_OBJECT || !json_get(doc, "@context"))
        jl_fail(p, "invalid remote context: %s has no @context", iri);
    *ctxval = json_get(doc, "@context");
}

static int any_protected(const struct jl_ctx *c)
{
    size_t i;

    for (i = 0; i < c->terms.cap; i++) {
        const struct jl_term *t = c->terms.vals[i];

        if (c->terms.keys[i] && t && t->protect)
            return 1;
    }
    return 0;
}

static int is_string(const struct json *v)
{
    return v && v->type == JSON_STRING;
}

static char *lower(struct jl *p, const char *s)
{
    char *d = jl_strdup(p, s), *c;

    for (c = d; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return d;
}

struct jl_ctx *jl_process_context(struct jl *p, const struct jl_ctx *active,
                                  const struct json *local, const char *base_url,
                                  const char **remote, size_t nremote, int override_protected,
                                  int propagate, int validate_scoped)
{
    struct jl_ctx *result = ctx_copy(p, active);
    const struct json *prop = json_get(local, "@propagate");
    size_t i, count;
    struct json *const *items;
    const struct json *single = local;

    if (++p->ctx_depth > JL_MAX_CTX_DEPTH)
        jl_fail(p, "context overflow: contexts nested more than %d deep", JL_MAX_CTX_DEPTH);
    if (prop && prop->type != JSON_TRUE && prop->type != JSON_FALSE)
        jl_fail(p, "invalid @propagate value");
    if (prop)
        propagate = prop->type == JSON_TRUE;
    if (!propagate && !result->previous)
        result->previous = active;
    if (local && local->type == JSON_ARRAY) {
        items = local->u.items;
        count = local->n;
    } else {
        items = (struct json *const *)&single;
        count = 1;
    }
    for (i = 0; i < count; i++) {
        const struct json *ctx = items[i];
        const struct json *v;
        struct defining d;
        size_t k;

        if (!ctx || ctx->type == JSON_NULL) {
            const struct jl_ctx *prev = result->previous;

            if (!override_protected && any_protected(result))
                jl_fail(p, "invalid context nullification");
            result = jl_ctx_new(p, active->orig_base);
            if (!propagate)
                result->previous = prev;
            continue;
        }
        if (ctx->type == JSON_STRING) {
            const char *iri = jl_iri_resolve(p, base_url, ctx->u.str);
            const struct json *loaded;
            const char **rem;
            size_t j, skip = 0;

            if (!jl_iri_is_absolute(iri))
                jl_fail(p, "loading remote context failed: %s", iri);
            for (j = 0; j < nremote; j++)
                if (!strcmp(remote[j], iri))
                    skip = 1;
            if (!validate_scoped && skip)
                continue;
            if (nremote >= JL_MAX_REMOTE)
                jl_fail(p, "context overflow: %s", iri);
            rem = jl_alloc(p, (nremote + 1) * sizeof *rem);
            for (j = 0; j < nremote; j++)
                rem[j] = remote[j];
            rem[nremote] = iri;
            load_remote(p, iri, &loaded);
            result =
                jl_process_context(p, result, loaded, iri, rem, nremote + 1, 0, 1, validate_scoped);
            continue;
        }
        if (ctx->type != JSON_OBJECT)
            jl_fail(p, "invalid local context");
        if ((v = json_get(ctx, "@version"))) {
            if (v->type != JSON_NUMBER || strtod(v->u.str, NULL) != 1.1)
                jl_fail(p, "invalid @version value");
            if (p->mode10)
                jl_fail(p, "processing mode conflict");
        }
        if ((v = json_get(ctx, "@import"))) {
            const char *iri;
            const struct json *imp;
            struct json *merged;

            if (p->mode10)
                jl_fail(p, "invalid context entry: @import");
            if (!is_string(v))
                jl_fail(p, "invalid @import value");
            iri = jl_iri_resolve(p, base_url, v->u.str);
            load_remote(p, iri, &imp);
            if (imp->type != JSON_OBJECT)
                jl_fail(p, "invalid remote context: %s", iri);
            if (json_get(imp, "@import"))
                jl_fail(p, "invalid context entry: @import in imported context");
            merged = jl_new(p, JSON_OBJECT);
            for (k = 0; k < imp->n; k++)
                jl_set(p, merged, imp->u.members[k].key, imp->u.members[k].val);
            for (k = 0; k < ctx->n; k++)
                jl_set(p, merged, ctx->u.members[k].key, ctx->u.members[k].val);
            ctx = merged;
        }
        if ((v = json_get(ctx, "@base")) && nremote == 0) {
            if (v->type == JSON_NULL)
                result->base = NULL;
            else if (!is_string(v))
                jl_fail(p, "invalid base IRI");
            else if (jl_iri_is_absolute(v->u.str))
                result->base = v->u.str;
            else if (result->base)
                result->base = jl_iri_resolve(p, result->base, v->u.str);
            else
                jl_fail(p, "invalid base IRI: %s", v->u.str);
        }
        if ((v = json_get(ctx, "@vocab"))) {
            if (v->type == JSON_NULL) {
                result->vocab = NULL;
            } else if (!is_string(v)) {
                jl_fail(p, "invalid vocab mapping");
            } else {
                const char *e;

                if (p->mode10 && !jl_iri_is_absolute(v->u.str) && strncmp(v->u.str, "_:", 2))
                    jl_fail(p, "invalid vocab mapping: %s", v->u.str);
                e = expand_iri_local(p, result, v->u.str, 1, 1, NULL);
                if (!e || (!jl_iri_is_absolute(e) && strncmp(e, "_:", 2)))
                    jl_fail(p, "invalid vocab mapping: %s", v->u.str);
                result->vocab = e;
            }
        }
        if ((v = json_get(ctx, "@language"))) {
            if (v->type == JSON_NULL)
                result->lang = NULL;
            else if (!is_string(v))
                jl_fail(p, "invalid default language");
            else
                result->lang = lower(p, v->u.str);
        }
        if ((v = json_get(ctx, "@direction"))) {
            if (p->mode10)
                jl_fail(p, "invalid context entry: @direction");
            if (v->type == JSON_NULL)
                result->dir = NULL;
            else if (is_string(v) && (!strcmp(v->u.str, "ltr") || !strcmp(v->u.str, "rtl")))
                result->dir = v->u.str;
            else
                jl_fail(p, "invalid base direction");
        }
        if ((v = json_get(ctx, "@propagate"))) {
            if (p->mode10)
                jl_fail(p, "invalid context entry: @propagate");
            if (v->type != JSON_TRUE && v->type != JSON_FALSE)
                jl_fail(p, "invalid @propagate value");
        }
        memset(&d, 0, sizeof d);
        d.local = ctx;
        d.base_url = base_url;
        d.remote = remote;
        d.nremote = nremote;
        d.override_protected = override_protected;
        v = json_get(ctx, "@protected");
        if (v && v->type != JSON_TRUE && v->type != JSON_FALSE)
            jl_fail(p, "invalid @protected value");
        d.protect = v && v->type == JSON_TRUE;
        for (k = 0; k < ctx->n; k++) {
            const char *key = ctx->u.members[k].key;

            if (!strcmp(key, "@base") || !strcmp(key, "@direction") || !strcmp(key, "@import") ||
                !strcmp(key, "@language") || !strcmp(key, "@propagate") ||
                !strcmp(key, "@protected") || !strcmp(key, "@version") || !strcmp(key, "@vocab"))
                continue;
            create_term(p, result, &d, key);
        }
    }
    p->ctx_depth--;
    return result;
}

static int gen_delim(char c)
{
    return c && strchr(":/?#[]@", c) != NULL;
}

static unsigned container_bit(const char *s)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"@list", JL_C_LIST},         {"@set", JL_C_SET},
                 {"@index", JL_C_INDEX},       {"@id", JL_C_ID},
                 {"@language", JL_C_LANGUAGE}, {"@type", JL_C_TYPE},
                 {"@graph", JL_C_GRAPH},       {NULL, 0}};
    size_t i;

    for (i = 0; names[i].name; i++)
        if (!strcmp(s, names[i].name))
            return names[i].bit;
    return 0;
}

static unsigned parse_container(struct jl *p, const struct json *v)
{
    unsigned c = 0, b;
    size_t i;

    if (v->type == JSON_NULL)
        return 0;
    if (is_string(v)) {
        c = container_bit(v->u.str);
        if (!c)
            jl_fail(p, "invalid container mapping: %s", v->u.str);
        if (p->mode10 && (c & (JL_C_GRAPH | JL_C_ID | JL_C_TYPE)))
            jl_fail(p, "invalid container mapping: %s in json-ld-1.0", v->u.str);
        return c;
    }
    if (v->type != JSON_ARRAY || p->mode10)
        jl_fail(p, "invalid container mapping");
    for (i = 0; i < v->n; i++) {
        if (!is_string(v->u.items[i]) || !(b = container_bit(v->u.items[i]->u.str)))
            jl_fail(p, "invalid container mapping");
        if (c & b)
            jl_fail(p, "invalid container mapping: duplicate %s", v->u.items[i]->u.str);
        c |= b;
    }
    /* allowed combinations */
    if (c & JL_C_LIST) {
        if (c != JL_C_LIST)
            jl_fail(p, "invalid container mapping: @list cannot be combined");
    } else if (c & JL_C_GRAPH) {
        unsigned rest = c & ~(JL_C_GRAPH | JL_C_SET);

        if (rest && rest != JL_C_ID && rest != JL_C_INDEX)
            jl_fail(p, "invalid container mapping");
    } else if (c & JL_C_SET) {
        unsigned rest = c & ~JL_C_SET;

        if (rest && rest != JL_C_INDEX && rest != JL_C_ID && rest != JL_C_TYPE &&
            rest != JL_C_LANGUAGE)
            jl_fail(p, "invalid container mapping");
    } else if (v->n > 1) {
        jl_fail(p, "invalid container mapping");
    }
    return c;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

static int term_same(const struct jl_term *a, const struct jl_term *b)
{
    return str_eq(a->iri, b->iri) && str_eq(a->type, b->type) && a->has_lang == b->has_lang &&
           str_eq(a->lang, b->lang) && a->has_dir == b->has_dir && str_eq(a->dir, b->dir) &&
           str_eq(a->index, b->index) && str_eq(a->nest, b->nest) && a->container == b->container &&
           a->reverse == b->reverse && a->prefix == b->prefix && a->has_context == b->has_context &&
           (!a->has_context || json_equal(a->context, b->context));
}

/* Processes a scoped context once at definition time so that its errors
 * surface as "invalid scoped context"; the result is discarded. */
static void validate_scoped(struct jl *p, struct jl_ctx *active, const struct json *v,
                            struct defining *d)
{
    struct error *saved = p->err;
    struct error tmp;
    jmp_buf outer;

    error_clear(&tmp);
    memcpy(outer, p->jmp, sizeof outer);
    p->err = &tmp;
    if (setjmp(p->jmp)) {
        memcpy(p->jmp, outer, sizeof outer);
        p->err = saved;
        if (strstr(tmp.msg, "out of memory") || strstr(tmp.msg, "loading remote") ||
            strstr(tmp.msg, "context overflow"))
            jl_fail(p, "%s", tmp.msg);
        jl_fail(p, "invalid scoped context: %s", tmp.msg);
    }
    jl_process_context(p, active, v, d->base_url, d->remote, d->nremote, 1, 1, 0);
    memcpy(p->jmp, outer, sizeof outer);
    p->err = saved;
}

/* The @index entry of a term definition (property-valued indexes). */
static void index_mapping(struct jl *p, struct jl_ctx *active, struct defining *d,
                          const char *term, const struct json *value, struct jl_term *def)
{
    const struct json *v = json_get(value, "@index");
    const char *e;

    if (!v)
        return;
    if (p->mode10 || !(def->container & JL_C_INDEX))
        jl_fail(p, "invalid term definition: @index without @index container");
    if (!is_string(v))
        jl_fail(p, "invalid term definition: @index of %s", term);
    e = expand_iri_local(p, active, v->u.str, 0, 1, d);
    if (!e || !jl_iri_is_absolute(e))
        jl_fail(p, "invalid term definition: @index %s", v->u.str);
    def->index = v->u.str;
}

static const char *const term_keys[] = {"@id",        "@reverse",   "@container", "@context",
                                        "@direction", "@index",     "@language",  "@nest",
                                        "@prefix",    "@protected", "@type",      NULL};

static void create_term(struct jl *p, struct jl_ctx *active, struct defining *d, const char *term)
{
    void *state = jl_map_get(&d->defined, term);
    const struct json *value, *v, *idv = NULL;
    const struct jl_term *previous;
    struct jl_term *def;
    int simple = 0;
    size_t i, j;
    const char *colon;

    if (state == &DEF_TRUE)
        return;
    if (state == &DEF_FALSE)
        jl_fail(p, "cyclic IRI mapping: %s", term);
    if (!*term)
        jl_fail(p, "invalid term definition: empty term");
    jl_map_put(p, &d->defined, term, &DEF_FALSE);
    value = json_get(d->local, term);
    if (!strcmp(term, "@type")) {
        int ok = !p->mode10 && value && value->type == JSON_OBJECT && value->n > 0;

        for (i = 0; ok && i < value->n; i++) {
            const struct json_member *m = &value->u.members[i];

            if (!strcmp(m->key, "@container"))
                ok = is_string(m->val) && !strcmp(m->val->u.str, "@set");
            else if (strcmp(m->key, "@protected"))
                ok = 0;
        }
        if (!ok)
            jl_fail(p, "keyword redefinition: @type");
    } else if (jl_is_keyword(term)) {
        jl_fail(p, "keyword redefinition: %s", term);
    } else if (jl_has_keyword_form(term)) {
        /* reserved for future keywords: ignored */
        jl_map_put(p, &d->defined, term, &DEF_TRUE);
        return;
    }
    previous = jl_map_get(&active->terms, term);
    jl_map_put(p, &active->terms, term, NULL);
    if (value->type == JSON_NULL) {
        static const struct json null_id = {JSON_NULL, 0, 0, {NULL}};

        value = NULL;
        idv = &null_id;
    } else if (is_string(value)) {
        simple = 1;
    } else if (value->type != JSON_OBJECT) {
        jl_fail(p, "invalid term definition: %s", term);
    }
    if ((v = json_get(value, "@prefix")) && (p->mode10 || strchr(term, ':') || strchr(term, '/')))
        jl_fail(p, "invalid term definition: @prefix on %s", term);
    def = jl_alloc(p, sizeof *def);
    if (value)
        idv = simple ? value : json_get(value, "@id");
    if ((v = json_get(value, "@protected"))) {
        if (p->mode10)
            jl_fail(p, "invalid term definition: @protected in json-ld-1.0");
        if (v->type != JSON_TRUE && v->type != JSON_FALSE)
            jl_fail(p, "invalid @protected value");
        def->protect = v->type == JSON_TRUE;
    } else {
        def->protect = d->protect;
    }
    if ((v = json_get(value, "@type"))) {
        const char *t;

        if (!is_string(v))
            jl_fail(p, "invalid type mapping: %s", term);
        t = expand_iri_local(p, active, v->u.str, 0, 1, d);
        if (p->mode10 && t && (!strcmp(t, "@json") || !strcmp(t, "@none")))
            jl_fail(p, "invalid type mapping: %s", t);
        if (!t || (strcmp(t, "@id") && strcmp(t, "@json") && strcmp(t, "@none") &&
                   strcmp(t, "@vocab") && !jl_iri_is_absolute(t)))
            jl_fail(p, "invalid type mapping: %s", v->u.str);
        def->type = t;
    }
    if ((v = json_get(value, "@reverse"))) {
        const char *iri;
        const struct json *c;

        if (json_get(value, "@id") || json_get(value, "@nest"))
            jl_fail(p, "invalid reverse property: %s", term);
        if (!is_string(v))
            jl_fail(p, "invalid IRI mapping: @reverse of %s", term);
        if (jl_has_keyword_form(v->u.str)) {
            jl_map_put(p, &d->defined, term, &DEF_TRUE);
            return;
        }
        iri = expand_iri_local(p, active, v->u.str, 0, 1, d);
        if (!iri || (!jl_iri_is_absolute(iri) && strncmp(iri, "_:", 2)))
            jl_fail(p, "invalid IRI mapping: %s", v->u.str);
        def->iri = iri;
        if ((c = json_get(value, "@container"))) {
            if (c->type == JSON_NULL)
                def->container = 0;
            else if (is_string(c) && !strcmp(c->u.str, "@set"))
                def->container = JL_C_SET;
            else if (is_string(c) && !strcmp(c->u.str, "@index"))
                def->container = JL_C_INDEX;
            else
                jl_fail(p, "invalid reverse property: container of %s", term);
        }
        def->reverse = 1;
        index_mapping(p, active, d, term, value, def);
        for (i = 0; i < value->n; i++) {
            for (j = 0; term_keys[j]; j++)
                if (!strcmp(value->u.members[i].key, term_keys[j]))
                    break;
            if (!term_keys[j])
                jl_fail(p, "invalid term definition: %s has entry %s", term,
                        value->u.members[i].key);
        }
        goto done;
    }
    colon = strchr(term + 1, ':');
    if (idv && !(is_string(idv) && !strcmp(idv->u.str, term))) {
        if (idv->type == JSON_NULL) {
            def->iri = NULL;
        } else {
            const char *iri;

            if (!is_string(idv))
                jl_fail(p, "invalid IRI mapping: %s", term);
            if (!jl_is_keyword(idv->u.str) && jl_has_keyword_form(idv->u.str)) {
                jl_map_put(p, &d->defined, term, &DEF_TRUE);
                return;
            }
            iri = expand_iri_local(p, active, idv->u.str, 0, 1, d);
            if (!iri || (!jl_is_keyword(iri) && !jl_iri_is_absolute(iri) && strncmp(iri, "_:", 2)))
                jl_fail(p, "invalid IRI mapping: %s", idv->u.str);
            if (!strcmp(iri, "@context"))
                jl_fail(p, "invalid keyword alias: @context");
            def->iri = iri;
            if ((colon && colon[1]) || strchr(term, '/')) {
                const char *again;

                jl_map_put(p, &d->defined, term, &DEF_TRUE);
                again = expand_iri_local(p, active, term, 0, 1, d);
                if (!again || strcmp(again, iri))
                    jl_fail(p, "invalid IRI mapping: %s does not expand to %s", term, iri);
            }
            if (!strchr(term, ':') && !strchr(term, '/') && simple &&
                ((iri[0] && gen_delim(iri[strlen(iri) - 1])) || !strncmp(iri, "_:", 2)))
                def->prefix = 1;
        }
    } else if (colon) {
        size_t plen = (size_t)(colon - term);
        char *prefix = jl_strndup(p, term, plen);
        const struct jl_term *pt;

        if (json_get(d->local, prefix))
            create_term(p, active, d, prefix);
        pt = jl_map_get(&active->terms, prefix);
        if (pt && pt->iri)
            def->iri = jl_concat(p, pt->iri, colon + 1);
        else
            def->iri = term;
    } else if (strchr(term, '/')) {
        const char *iri = expand_iri_local(p, active, term, 0, 1, d);

        if (!iri || !jl_iri_is_absolute(iri))
            jl_fail(p, "invalid IRI mapping: %s", term);
        def->iri = iri;
    } else if (!strcmp(term, "@type")) {
        def->iri = "@type";
    } else if (active->vocab) {
        def->iri = jl_concat(p, active->vocab, term);
    } else {
        jl_fail(p, "invalid IRI mapping: %s (no @vocab)", term);
    }
    if ((v = json_get(value, "@container"))) {
        def->container = parse_container(p, v);
        if (def->container & JL_C_TYPE) {
            if (!def->type)
                def->type = "@id";
            else if (strcmp(def->type, "@id") && strcmp(def->type, "@vocab"))
                jl_fail(p, "invalid type mapping: %s with @type container", def->type);
        }
    }
    index_mapping(p, active, d, term, value, def);
    if ((v = json_get(value, "@context"))) {
        if (p->mode10)
            jl_fail(p, "invalid term definition: scoped context in json-ld-1.0");
        validate_scoped(p, active, v, d);
        def->has_context = 1;
        def->context = v;
        def->base_url = d->base_url;
    }
    if ((v = json_get(value, "@language")) && !json_get(value, "@type")) {
        if (v->type != JSON_NULL && !is_string(v))
            jl_fail(p, "invalid language mapping: %s", term);
        def->has_lang = 1;
        def->lang = v->type == JSON_NULL ? NULL : lower(p, v->u.str);
    }
    if ((v = json_get(value, "@direction")) && !json_get(value, "@type")) {
        if (v->type != JSON_NULL &&
            !(is_string(v) && (!strcmp(v->u.str, "ltr") || !strcmp(v->u.str, "rtl"))))
            jl_fail(p, "invalid base direction: %s", term);
        def->has_dir = 1;
        def->dir = v->type == JSON_NULL ? NULL : v->u.str;
    }
    if ((v = json_get(value, "@nest"))) {
        if (p->mode10)
            jl_fail(p, "invalid term definition: @nest in json-ld-1.0");
        if (!is_string(v) || (jl_is_keyword(v->u.str) && strcmp(v->u.str, "@nest")))
            jl_fail(p, "invalid @nest value: %s", term);
        def->nest = v->u.str;
    }
    if ((v = json_get(value, "@prefix"))) {
        if (p->mode10 || strchr(term, ':') || strchr(term, '/'))
            jl_fail(p, "invalid term definition: @prefix on %s", term);
        if (v->type != JSON_TRUE && v->type != JSON_FALSE)
            jl_fail(p, "invalid @prefix value: %s", term);
        def->prefix = v->type == JSON_TRUE;
        if (def->prefix && def->iri && jl_is_keyword(def->iri))
            jl_fail(p, "invalid term definition: keyword %s as prefix", def->iri);
    }
    if (value && !simple) {
        for (i = 0; i < value->n; i++) {
            for (j = 0; term_keys[j]; j++)
                if (!strcmp(value->u.members[i].key, term_keys[j]))
                    break;
            if (!term_keys[j])
                jl_fail(p, "invalid term definition: %s has entry %s", term,
                        value->u.members[i].key);
        }
    }
done:
    if (!d->override_protected && previous && previous->protect) {
        if (!term_same(def, previous))
            jl_fail(p, "protected term redefinition: %s", term);
        def = (struct jl_term *)previous;
    }
    jl_map_put(p, &active->terms, term, def);
    jl_map_put(p, &d->defined, term, &DEF_TRUE);
}
