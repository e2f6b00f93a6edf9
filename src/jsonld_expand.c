/* jsonld_expand.c - the Expansion algorithm and Value Expansion (JSON-LD 1.1
 * API sections 5.1 and 5.3). Expanded values are new arena objects; input
 * scalars are shared with the parsed document. Frame expansion is not
 * needed for toRdf and is left out; entries are visited in document order
 * (the "ordered" flag is false). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonld_internal.h"

static struct json *expand(struct jl *p, const struct jl_ctx *active, const char *aprop,
                           const struct json *el, const char *base_url, int from_map);

static int is_scalar(const struct json *v)
{
    return v->type == JSON_STRING || v->type == JSON_NUMBER || v->type == JSON_TRUE ||
           v->type == JSON_FALSE;
}

static int has(const struct json *o, const char *k)
{
    return o && o->type == JSON_OBJECT && json_get(o, k) != NULL;
}

static int is_list_object(const struct json *v)
{
    return has(v, "@list");
}

static int is_value_object(const struct json *v)
{
    return has(v, "@value");
}

static int is_graph_object(const struct json *v)
{
    size_t i;

    if (!has(v, "@graph"))
        return 0;
    for (i = 0; i < v->n; i++) {
        const char *k = v->u.members[i].key;

        if (strcmp(k, "@graph") && strcmp(k, "@id") && strcmp(k, "@index") && strcmp(k, "@context"))
            return 0;
    }
    return 1;
}

static struct json *obj1(struct jl *p, const char *k, struct json *v)
{
    struct json *o = jl_new(p, JSON_OBJECT);

    jl_set(p, o, k, v);
    return o;
}

/* Appends v (an array's items, or a single value) to the array arr. */
static void append_all(struct jl *p, struct json *arr, struct json *v)
{
    size_t i;

    if (v->type == JSON_ARRAY)
        for (i = 0; i < v->n; i++)
            jl_push(p, arr, v->u.items[i]);
    else
        jl_push(p, arr, v);
}

/* Appends v (an array's items, or a single value) to the array entry k. */
static void add_values(struct jl *p, struct json *obj, const char *k, struct json *v)
{
    struct json *arr = json_get(obj, k);

    if (!arr) {
        arr = jl_new(p, JSON_ARRAY);
        jl_set(p, obj, k, arr);
    } else if (arr->type != JSON_ARRAY) {
        arr = jl_as_array(p, arr);
        jl_set(p, obj, k, arr);
    }
    append_all(p, arr, v);
}

static const char *expands_to(struct jl *p, const struct jl_ctx *c, const char *key)
{
    return jl_expand_iri(p, c, key, 0, 1);
}

static int key_is(struct jl *p, const struct jl_ctx *c, const char *key, const char *kw)
{
    const char *e = expands_to(p, c, key);

    return e && !strcmp(e, kw);
}

static const struct jl_ctx *apply_scoped(struct jl *p, const struct jl_ctx *active,
                                         const struct jl_term *t, int propagate)
{
    /* property-scoped contexts may override protected terms, type-scoped ones not */
    return jl_process_context(p, active, t->context, t->base_url, NULL, 0, propagate, propagate, 1);
}

static struct json *value_expand(struct jl *p, const struct jl_ctx *active, const char *aprop,
                                 struct json *value)
{
    const struct jl_term *def = aprop ? jl_ctx_term(active, aprop) : NULL;
    const char *type = def ? def->type : NULL;
    struct json *r;

    if (type && value->type == JSON_STRING && (!strcmp(type, "@id") || !strcmp(type, "@vocab"))) {
        const char *iri = jl_expand_iri(p, active, value->u.str, 1, !strcmp(type, "@vocab"));

        return iri ? obj1(p, "@id", jl_str(p, iri)) : NULL;
    }
    r = obj1(p, "@value", value);
    if (type && strcmp(type, "@id") && strcmp(type, "@vocab") && strcmp(type, "@none")) {
        jl_set(p, r, "@type", jl_str(p, type));
    } else if (value->type == JSON_STRING) {
        const char *lang = def && def->has_lang ? def->lang : active->lang;
        const char *dir = def && def->has_dir ? def->dir : active->dir;

        if (lang)
            jl_set(p, r, "@language", jl_str(p, lang));
        if (dir)
            jl_set(p, r, "@direction", jl_str(p, dir));
    }
    return r;
}

static char *lower(struct jl *p, const char *s)
{
    char *d = jl_strdup(p, s), *c;

    for (c = d; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return d;
}

static struct json *expand_language_map(struct jl *p, const struct jl_ctx *active,
                                        const struct jl_term *def, const struct json *value)
{
    struct json *ev = jl_new(p, JSON_ARRAY);
    const char *dir = def->has_dir ? def->dir : active->dir;
    size_t i, j;

    for (i = 0; i < value->n; i++) {
        const char *lang = value->u.members[i].key;
        struct json *lv = jl_as_array(p, value->u.members[i].val);
        const char *el = expands_to(p, active, lang);
        int none = !strcmp(lang, "@none") || (el && !strcmp(el, "@none"));

        for (j = 0; j < lv->n; j++) {
            struct json *item = lv->u.items[j], *v;

            if (item->type == JSON_NULL)
                continue;
            if (item->type != JSON_STRING)
                jl_fail(p, "invalid language map value");
            v = obj1(p, "@value", item);
            if (!none)
                jl_set(p, v, "@language", jl_str(p, lower(p, lang)));
            if (dir)
                jl_set(p, v, "@direction", jl_str(p, dir));
            jl_push(p, ev, v);
        }
    }
    return ev;
}

static struct json *expand_index_map(struct jl *p, const struct jl_ctx *active, const char *key,
                                     const struct jl_term *def, const struct json *value,
                                     const char *base_url)
{
    struct json *ev = jl_new(p, JSON_ARRAY);
    const char *index_key = def->index ? def->index : "@index";
    unsigned cont = def->container;
    size_t i, j;

    for (i = 0; i < value->n; i++) {
        const char *index = value->u.members[i].key;
        const struct jl_ctx *map_ctx = active;
        const char *eidx = expands_to(p, active, index);
        int none = eidx && !strcmp(eidx, "@none");
        struct json *iv;

        if (cont & JL_C_TYPE) {
            const struct jl_ctx *prev = active->previous ? active->previous : active;
            const struct jl_term *it = jl_ctx_term(prev, index);

            if (it && it->has_context)
                map_ctx = jl_process_context(p, prev, it->context, it->base_url, NULL, 0, 0, 1, 1);
        }
        iv = expand(p, map_ctx, key, jl_as_array(p, value->u.members[i].val), base_url, 1);
        if (!iv)
            continue;
        iv = jl_as_array(p, iv);
        for (j = 0; j < iv->n; j++) {
            struct json *item = iv->u.items[j];

            if ((cont & JL_C_GRAPH) && !is_graph_object(item)) {
                item = obj1(p, "@graph", jl_as_array(p, item));
            }
            if ((cont & JL_C_INDEX) && strcmp(index_key, "@index") && !none) {
                struct json *re = value_expand(p, active, index_key, jl_str(p, index));
                const char *eik = expands_to(p, active, index_key);
                struct json *vals = jl_new(p, JSON_ARRAY), *old;

                if (item->type != JSON_OBJECT || is_value_object(item))
                    jl_fail(p, "invalid value object: property-valued index on a value");
                if (eik && re) {
                    jl_push(p, vals, re);
                    old = json_get(item, eik);
                    if (old)
                        append_all(p, vals, old);
                    jl_set(p, item, eik, vals);
                }
            } else if ((cont & JL_C_INDEX) && !has(item, "@index") && !none) {
                if (item->type == JSON_OBJECT)
                    jl_set(p, item, "@index", jl_str(p, index));
            } else if ((cont & JL_C_ID) && !has(item, "@id") && !none) {
                const char *id = jl_expand_iri(p, active, index, 1, 0);

                if (item->type == JSON_OBJECT && id)
                    jl_set(p, item, "@id", jl_str(p, id));
            } else if ((cont & JL_C_TYPE) && !none) {
                struct json *types = jl_new(p, JSON_ARRAY), *old = json_get(item, "@type");

                if (item->type == JSON_OBJECT && eidx) {
                    jl_push(p, types, jl_str(p, eidx));
                    if (old)
                        append_all(p, types, old);
                    jl_set(p, item, "@type", types);
                }
            }
            jl_push(p, ev, item);
        }
    }
    return ev;
}

static int is_node_object(const struct json *v)
{
    return v->type == JSON_OBJECT && !has(v, "@value") && !has(v, "@list") && !has(v, "@set");
}

static void expand_entries(struct jl *p, const struct jl_ctx *active, const struct jl_ctx *tsc,
                           const char *aprop, const struct json *el, struct json *result,
                           const char *input_type, const char *base_url);

static void expand_keyword(struct jl *p, const struct jl_ctx *active, const struct jl_ctx *tsc,
                           const char *aprop, const char *key, const char *ep, struct json *value,
                           struct json *result, struct json *nests, const char *input_type,
                           const char *base_url)
{
    struct json *ev = NULL, *existing = json_get(result, ep);
    size_t i, j;

    if (aprop && !strcmp(aprop, "@reverse"))
        jl_fail(p, "invalid reverse property map: keyword %s", ep);
    if (existing && (p->mode10 || (strcmp(ep, "@included") && strcmp(ep, "@type"))))
        jl_fail(p, "colliding keywords: %s", ep);
    if (!strcmp(ep, "@id")) {
        const char *id;

        if (value->type != JSON_STRING)
            jl_fail(p, "invalid @id value");
        id = jl_expand_iri(p, active, value->u.str, 1, 0);
        /* an ignored (keyword-like) @id stays null: the node is then dropped */
        ev = id ? jl_str(p, id) : jl_new(p, JSON_NULL);
    } else if (!strcmp(ep, "@type")) {
        struct json *arr = jl_as_array(p, value);

        for (i = 0; i < arr->n; i++)
            if (arr->u.items[i]->type != JSON_STRING)
                jl_fail(p, "invalid type value");
        ev = jl_new(p, JSON_ARRAY);
        if (existing)
            append_all(p, ev, existing);
        for (i = 0; i < arr->n; i++) {
            const char *t = jl_expand_iri(p, tsc, arr->u.items[i]->u.str, 1, 1);

            if (t)
                jl_push(p, ev, jl_str(p, t));
        }
        if (value->type != JSON_ARRAY && !existing && ev->n == 1)
            ev = ev->u.items[0];
    } else if (!strcmp(ep, "@graph")) {
        ev = expand(p, active, "@graph", value, base_url, 0);
        ev = jl_as_array(p, ev);
    } else if (!strcmp(ep, "@included")) {
        if (p->mode10)
            return;
        ev = jl_as_array(p, expand(p, active, "@included", value, base_url, 0));
        for (i = 0; i < ev->n; i++)
            if (!is_node_object(ev->u.items[i]))
                jl_fail(p, "invalid @included value");
        if (existing) {
            struct json *all = jl_new(p, JSON_ARRAY);

            append_all(p, all, existing);
            append_all(p, all, ev);
            ev = all;
        }
    } else if (!strcmp(ep, "@value")) {
        if (input_type && !strcmp(input_type, "@json")) {
            if (p->mode10)
                jl_fail(p, "invalid value object value");
            ev = value;
        } else if (value->type != JSON_NULL && !is_scalar(value)) {
            jl_fail(p, "invalid value object value");
        } else {
            ev = value;
        }
    } else if (!strcmp(ep, "@language")) {
        if (value->type != JSON_STRING)
            jl_fail(p, "invalid language-tagged string");
        ev = jl_str(p, lower(p, value->u.str));
    } else if (!strcmp(ep, "@direction")) {
        if (p->mode10)
            return;
        if (value->type != JSON_STRING ||
            (strcmp(value->u.str, "ltr") && strcmp(value->u.str, "rtl")))
            jl_fail(p, "invalid base direction");
        ev = value;
    } else if (!strcmp(ep, "@index")) {
        if (value->type != JSON_STRING)
            jl_fail(p, "invalid @index value");
        ev = value;
    } else if (!strcmp(ep, "@list")) {
        if (!aprop || !strcmp(aprop, "@graph"))
            return;
        ev = jl_as_array(p, expand(p, active, aprop, value, base_url, 0));
    } else if (!strcmp(ep, "@set")) {
        ev = expand(p, active, aprop, value, base_url, 0);
        if (!ev)
            ev = jl_new(p, JSON_ARRAY);
    } else if (!strcmp(ep, "@reverse")) {
        struct json *rv, *rmap;

        if (value->type != JSON_OBJECT)
            jl_fail(p, "invalid @reverse value");
        rv = expand(p, active, "@reverse", value, base_url, 0);
        if (!rv || rv->type != JSON_OBJECT)
            return;
        for (i = 0; i < rv->n; i++) {
            const char *prop = rv->u.members[i].key;
            struct json *items = rv->u.members[i].val;

            if (!strcmp(prop, "@reverse")) {
                for (j = 0; j < items->n; j++)
                    add_values(p, result, items->u.members[j].key, items->u.members[j].val);
                continue;
            }
            rmap = json_get(result, "@reverse");
            if (!rmap) {
                rmap = jl_new(p, JSON_OBJECT);
                jl_set(p, result, "@reverse", rmap);
            }
            items = jl_as_array(p, items);
            for (j = 0; j < items->n; j++) {
                if (is_value_object(items->u.items[j]) || is_list_object(items->u.items[j]))
                    jl_fail(p, "invalid reverse property value");
                add_values(p, rmap, prop, items->u.items[j]);
            }
        }
        return;
    } else if (!strcmp(ep, "@nest")) {
        jl_push(p, nests, jl_str(p, key));
        return;
    } else {
        return; /* framing keywords and others carry no data here */
    }
    if (ev)
        jl_set(p, result, ep, ev);
}

static void expand_entries(struct jl *p, const struct jl_ctx *active, const struct jl_ctx *tsc,
                           const char *aprop, const struct json *el, struct json *result,
                           const char *input_type, const char *base_url)
{
    struct json *nests = jl_new(p, JSON_ARRAY);
    size_t i, j, k;

    for (i = 0; i < el->n; i++) {
        const char *key = el->u.members[i].key;
        struct json *value = el->u.members[i].val, *ev;
        const struct jl_term *def;
        const char *ep;
        unsigned cont;

        if (!strcmp(key, "@context"))
            continue;
        ep = expands_to(p, active, key);
        if (!ep || (!strchr(ep, ':') && !jl_is_keyword(ep)))
            continue;
        if (jl_is_keyword(ep)) {
            expand_keyword(p, active, tsc, aprop, key, ep, value, result, nests, input_type,
                           base_url);
            continue;
        }
        def = jl_ctx_term(active, key);
        cont = def ? def->container : 0;
        if (def && def->type && !strcmp(def->type, "@json")) {
            ev = obj1(p, "@value", value);
            jl_set(p, ev, "@type", jl_str(p, "@json"));
        } else if ((cont & JL_C_LANGUAGE) && value->type == JSON_OBJECT) {
            ev = expand_language_map(p, active, def, value);
        } else if ((cont & (JL_C_INDEX | JL_C_TYPE | JL_C_ID)) && value->type == JSON_OBJECT) {
            ev = expand_index_map(p, active, key, def, value, base_url);
        } else {
            ev = expand(p, active, key, value, base_url, 0);
        }
        if (!ev)
            continue;
        if ((cont & JL_C_LIST) && !is_list_object(ev))
            ev = obj1(p, "@list", jl_as_array(p, ev));
        if ((cont & JL_C_GRAPH) && !(cont & (JL_C_ID | JL_C_INDEX))) {
            struct json *arr = jl_as_array(p, ev), *g = jl_new(p, JSON_ARRAY);

            for (j = 0; j < arr->n; j++)
                jl_push(p, g, obj1(p, "@graph", jl_as_array(p, arr->u.items[j])));
            ev = g;
        }
        if (def && def->reverse) {
            struct json *rmap = json_get(result, "@reverse"), *arr = jl_as_array(p, ev);

            if (!rmap) {
                rmap = jl_new(p, JSON_OBJECT);
                jl_set(p, result, "@reverse", rmap);
            }
            for (j = 0; j < arr->n; j++) {
                if (is_value_object(arr->u.items[j]) || is_list_object(arr->u.items[j]))
                    jl_fail(p, "invalid reverse property value");
                add_values(p, rmap, ep, arr->u.items[j]);
            }
        } else {
            add_values(p, result, ep, ev);
        }
    }
    for (i = 0; i < nests->n; i++) {
        const char *nk = nests->u.items[i]->u.str;
        struct json *nvs = jl_as_array(p, json_get(el, nk));
        const struct jl_term *nt = jl_ctx_term(active, nk);
        const struct jl_ctx *nctx = active;

        if (nt && nt->has_context)
            nctx = apply_scoped(p, active, nt, 1);
        for (j = 0; j < nvs->n; j++) {
            const struct json *nv = nvs->u.items[j];

            if (nv->type != JSON_OBJECT)
                jl_fail(p, "invalid @nest value");
            for (k = 0; k < nv->n; k++)
                if (key_is(p, nctx, nv->u.members[k].key, "@value"))
                    jl_fail(p, "invalid @nest value: value object");
            expand_entries(p, nctx, tsc, nk, nv, result, input_type, base_url);
        }
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static struct json *expand_object(struct jl *p, const struct jl_ctx *active, const char *aprop,
                                  const struct json *el, const char *base_url, int from_map)
{
    const struct jl_term *pdef = aprop ? jl_ctx_term(active, aprop) : NULL;
    const struct jl_ctx *tsc;
    const struct json *v;
    struct json *result;
    const char *input_type = NULL;
    const char **tkeys;
    size_t i, j, nt = 0;

    if (active->previous && !from_map) {
        int revert = 1;

        for (i = 0; i < el->n && revert; i++)
            if (key_is(p, active, el->u.members[i].key, "@value"))
                revert = 0;
        if (el->n == 1 && key_is(p, active, el->u.members[0].key, "@id"))
            revert = 0;
        if (revert)
            active = active->previous;
    }
    if (pdef && pdef->has_context)
        active = apply_scoped(p, active, pdef, 1);
    if ((v = json_get(el, "@context")))
        active = jl_process_context(p, active, v, base_url, NULL, 0, 0, 1, 1);
    tsc = active;
    tkeys = jl_alloc(p, (el->n + 1) * sizeof *tkeys);
    for (i = 0; i < el->n; i++)
        if (key_is(p, active, el->u.members[i].key, "@type"))
            tkeys[nt++] = el->u.members[i].key;
    qsort(tkeys, nt, sizeof *tkeys, cmp_str);
    for (i = 0; i < nt; i++) {
        struct json *vals = jl_as_array(p, json_get(el, tkeys[i]));
        const char **terms = jl_alloc(p, (vals->n + 1) * sizeof *terms);
        size_t n = 0;

        for (j = 0; j < vals->n; j++)
            if (vals->u.items[j]->type == JSON_STRING)
                terms[n++] = vals->u.items[j]->u.str;
        qsort(terms, n, sizeof *terms, cmp_str);
        for (j = 0; j < n; j++) {
            const struct jl_term *t = jl_ctx_term(tsc, terms[j]);

            if (t && t->has_context)
                active = apply_scoped(p, active, t, 0);
        }
    }
    if (nt) {
        struct json *vals = jl_as_array(p, json_get(el, tkeys[0]));

        if (vals->n && vals->u.items[vals->n - 1]->type == JSON_STRING)
            input_type = jl_expand_iri(p, active, vals->u.items[vals->n - 1]->u.str, 0, 1);
    }
    result = jl_new(p, JSON_OBJECT);
    expand_entries(p, active, tsc, aprop, el, result, input_type, base_url);

    if ((v = json_get(result, "@value"))) {
        const struct json *t = json_get(result, "@type");

        for (i = 0; i < result->n; i++) {
            const char *k = result->u.members[i].key;

            if (strcmp(k, "@direction") && strcmp(k, "@index") && strcmp(k, "@language") &&
                strcmp(k, "@type") && strcmp(k, "@value"))
                jl_fail(p, "invalid value object: unexpected %s", k);
        }
        if (t && (has(result, "@language") || has(result, "@direction")))
            jl_fail(p, "invalid value object: @type with @language or @direction");
        if (t && t->type == JSON_STRING && !strcmp(t->u.str, "@json")) {
            /* any JSON value */
        } else if (v->type == JSON_NULL) {
            return NULL;
        } else if (v->type != JSON_STRING && has(result, "@language")) {
            jl_fail(p, "invalid language-tagged value");
        } else if (t && (t->type != JSON_STRING || !jl_iri_well_formed(t->u.str))) {
            jl_fail(p, "invalid typed value");
        }
    } else if ((v = json_get(result, "@type")) && v->type != JSON_ARRAY) {
        jl_set(p, result, "@type", jl_as_array(p, (struct json *)v));
    } else if (has(result, "@set") || has(result, "@list")) {
        if (result->n > 2 || (result->n == 2 && !has(result, "@index")))
            jl_fail(p, "invalid set or list object");
        if ((v = json_get(result, "@set")))
            return (struct json *)v;
    }
    if (result->n == 1 && has(result, "@language"))
        return NULL;
    if (!aprop || !strcmp(aprop, "@graph")) {
        if (result->n == 0 || has(result, "@value") || has(result, "@list"))
            return NULL;
        if (result->n == 1 && has(result, "@id"))
            return NULL;
    }
    return result;
}

static struct json *expand(struct jl *p, const struct jl_ctx *active, const char *aprop,
                           const struct json *el, const char *base_url, int from_map)
{
    const struct jl_term *pdef;
    struct json *result, *e;
    size_t i, j;

    if (!el || el->type == JSON_NULL)
        return NULL;
    pdef = aprop ? jl_ctx_term(active, aprop) : NULL;
    if (is_scalar(el)) {
        if (!aprop || !strcmp(aprop, "@graph"))
            return NULL;
        if (pdef && pdef->has_context)
            active = apply_scoped(p, active, pdef, 1);
        return value_expand(p, active, aprop, (struct json *)el);
    }
    if (el->type == JSON_ARRAY) {
        result = jl_new(p, JSON_ARRAY);
        for (i = 0; i < el->n; i++) {
            e = expand(p, active, aprop, el->u.items[i], base_url, from_map);
            if (!e)
                continue;
            if (pdef && (pdef->container & JL_C_LIST) && e->type == JSON_ARRAY)
                e = obj1(p, "@list", e);
            if (e->type == JSON_ARRAY)
                for (j = 0; j < e->n; j++)
                    jl_push(p, result, e->u.items[j]);
            else
                jl_push(p, result, e);
        }
        return result;
    }
    return expand_object(p, active, aprop, el, base_url, from_map);
}

/* Expands and converts one top-level piece, then frees its working memory. */
static void expand_piece(struct jl *p, const struct jl_ctx *ctx, const char *aprop,
                         const struct json *item, const char *base, int named, const char *graph)
{
    struct json_arena_mark m;

    json_arena_mark(p->work, &m);
    jl_to_rdf_graph(p, expand(p, ctx, aprop, item, base, 0), named, graph);
    json_arena_release(p->work, &m);
}

/* {"@context": ..., "@id": ..., "@graph": [...]} with nothing else: the
 * graph's nodes can be converted one by one. Returns 0 for other shapes. */
static int stream_graph(struct jl *p, const struct jl_ctx *ctx, const struct json *doc,
                        const char *base)
{
    const struct jl_ctx *c = ctx;
    const struct json *v, *graph = NULL, *id = NULL;
    const char *graph_id = NULL;
    size_t i;

    if ((v = json_get(doc, "@context")))
        c = jl_process_context(p, ctx, v, base, NULL, 0, 0, 1, 1);
    for (i = 0; i < doc->n; i++) {
        const char *k = doc->u.members[i].key;
        const char *e;

        if (!strcmp(k, "@context"))
            continue;
        e = expands_to(p, c, k);
        if (e && !strcmp(e, "@graph") && !graph)
            graph = doc->u.members[i].val;
        else if (e && !strcmp(e, "@id") && !id && doc->u.members[i].val->type == JSON_STRING)
            id = doc->u.members[i].val;
        else
            return 0;
    }
    if (!graph)
        return 0;
    if (id)
        graph_id = jl_expand_iri(p, c, id->u.str, 1, 0);
    if (graph->type != JSON_ARRAY) {
        expand_piece(p, c, "@graph", graph, base, id != NULL, graph_id);
        return 1;
    }
    for (i = 0; i < graph->n; i++)
        expand_piece(p, c, "@graph", graph->u.items[i], base, id != NULL, graph_id);
    return 1;
}

void jl_expand_to_rdf(struct jl *p, const struct json *doc)
{
    const char *base = p->opts->base ? jl_strdup(p, p->opts->base) : NULL;
    struct jl_ctx *initial = jl_ctx_new(p, base);
    const struct jl_ctx *ctx = initial;
    struct json *r;
    size_t i;

    if (p->opts->expand_context) {
        struct json *wrapper = jl_new(p, JSON_ARRAY);

        jl_push(p, wrapper, jl_str(p, jl_strdup(p, p->opts->expand_context)));
        ctx = jl_process_context(p, initial, wrapper, base, NULL, 0, 0, 1, 1);
    }
    if (doc->type == JSON_ARRAY) {
        for (i = 0; i < doc->n; i++)
            expand_piece(p, ctx, NULL, doc->u.items[i], base, 0, NULL);
        return;
    }
    if (doc->type == JSON_OBJECT && !ctx->previous && stream_graph(p, ctx, doc, base))
        return;
    r = expand(p, ctx, NULL, doc, base, 0);
    if (r && r->type == JSON_OBJECT && r->n == 1 && has(r, "@graph"))
        r = json_get(r, "@graph");
    jl_to_rdf(p, r);
}
