/* store_librdf.c - the native quad store as a librdf storage (see store_librdf.h).
 *
 * Every factory method translates librdf nodes to term ids and calls the
 * store: reads look terms up (a term the dictionary never saw matches
 * nothing, and the dictionary does not grow), writes intern them under the
 * store's writer lock and commit one batch per call. Streams and iterators
 * own a snapshot and a reference to the storage, so the storage (and a store
 * it owns) outlives them.
 *
 * The method table follows the librdf storage module interface, version 1
 * (rdf_storage_module.h of Redland 1.0.17). */
#include "store_librdf.h"

#include <rdf_storage_module.h>

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- attachments: storage name -> caller's store ----------------------- */

struct attachment {
    char *name;       /* owned copy */
    struct store *st; /* shared: owned by whoever attached it */
    unsigned users;   /* storages alive that use st */
    struct attachment *next;
};

static pthread_mutex_t attach_lock = PTHREAD_MUTEX_INITIALIZER;
static struct attachment *attachments; /* guarded by attach_lock */

static struct attachment *attachment_find(const char *name)
{
    for (struct attachment *a = attachments; a; a = a->next)
        if (!strcmp(a->name, name))
            return a;
    return NULL;
}

int store_librdf_attach(const char *name, struct store *st, struct error *err)
{
    int rc = -1;
    struct attachment *a = NULL;

    if (!name || !*name || !st) {
        error_set(err, "attaching a store to librdf needs a non-empty name and a store");
        return -1;
    }
    pthread_mutex_lock(&attach_lock);
    if (attachment_find(name)) {
        error_set(err, "the librdf storage name '%s' is already attached to a store", name);
        goto out;
    }
    a = calloc(1, sizeof *a);
    if (!a || !(a->name = strdup(name))) {
        error_set(err, "out of memory attaching the librdf storage name '%s'", name);
        goto out;
    }
    a->st = st;
    a->next = attachments;
    attachments = a;
    a = NULL;
    rc = 0;
out:
    pthread_mutex_unlock(&attach_lock);
    if (a)
        free(a->name);
    free(a);
    return rc;
}

int store_librdf_detach(const char *name, struct error *err)
{
    int rc = -1;

    if (!name) {
        error_set(err, "detaching a store from librdf needs its name");
        return -1;
    }
    pthread_mutex_lock(&attach_lock);
    for (struct attachment **pp = &attachments; *pp; pp = &(*pp)->next) {
        struct attachment *a = *pp;
        if (strcmp(a->name, name))
            continue;
        if (a->users) {
            error_set(err, "the librdf storage name '%s' is still used by %u storage(s)", name,
                      a->users);
            goto out;
        }
        *pp = a->next;
        free(a->name);
        free(a);
        rc = 0;
        goto out;
    }
    error_set(err, "no store is attached to the librdf storage name '%s'", name);
out:
    pthread_mutex_unlock(&attach_lock);
    return rc;
}

/* ---- instance ---------------------------------------------------------- */

struct instance {
    struct store *st;
    struct attachment *att; /* NULL when st is owned */
    bool quads;             /* report quads rather than the union graph */
    librdf_world *world;
    /* An open librdf transaction: writes collect here until its commit.
     * librdf uses a storage from one thread at a time, so no lock. */
    struct store_batch *txn; /* owned; NULL outside a transaction */
    bool txn_failed;         /* a write in it ran out of memory */
    void *txn_handle;        /* the caller's, never dereferenced */
};

static struct instance *inst_of(librdf_storage *storage)
{
    return librdf_storage_get_instance(storage);
}

struct store *store_librdf_store(librdf_storage *storage)
{
    struct instance *in = storage ? inst_of(storage) : NULL;
    return in ? in->st : NULL;
}

static void log_error(librdf_world *world, const char *msg)
{
    librdf_log(world, 0, LIBRDF_LOG_ERROR, LIBRDF_FROM_STORAGE, NULL, "%s", msg);
}

/* ---- term conversion --------------------------------------------------- */

/* Fill t from n; t's strings are shared with n (valid while n lives).
 * Returns -1 for a node kind that has no RDF term. */
static int node_term(librdf_node *n, struct term *t)
{
    size_t len = 0;

    memset(t, 0, sizeof *t);
    switch (librdf_node_get_type(n)) {
    case LIBRDF_NODE_TYPE_RESOURCE: {
        librdf_uri *u = librdf_node_get_uri(n);
        t->kind = TERM_IRI;
        t->value = (const char *)librdf_uri_as_counted_string(u, &len);
        t->len = len;
        return t->value ? 0 : -1;
    }
    case LIBRDF_NODE_TYPE_BLANK:
        t->kind = TERM_BLANK;
        t->value = (const char *)librdf_node_get_counted_blank_identifier(n, &len);
        t->len = len;
        return t->value ? 0 : -1;
    case LIBRDF_NODE_TYPE_LITERAL: {
        librdf_uri *dt = librdf_node_get_literal_value_datatype_uri(n);
        t->kind = TERM_LITERAL;
        t->value = (const char *)librdf_node_get_literal_value_as_counted_string(n, &len);
        t->len = len;
        t->lang = librdf_node_get_literal_value_language(n);
        t->datatype = dt ? (const char *)librdf_uri_as_string(dt) : NULL;
        term_normalise(t);
        return t->value ? 0 : -1;
    }
    default:
        return -1;
    }
}

/* A new node for t (owned by the caller), or NULL on out-of-memory. */
static librdf_node *term_node(librdf_world *world, const struct term *t)
{
    switch (t->kind) {
    case TERM_IRI:
        return librdf_new_node_from_counted_uri_string(world, (const unsigned char *)t->value,
                                                       t->len);
    case TERM_BLANK:
        return librdf_new_node_from_counted_blank_identifier(world, (const unsigned char *)t->value,
                                                             t->len);
    case TERM_LITERAL: {
        librdf_uri *dt = NULL;
        librdf_node *n;
        if (t->datatype) {
            dt = librdf_new_uri(world, (const unsigned char *)t->datatype);
            if (!dt)
                return NULL;
        }
        /* the node takes its own reference to dt */
        n = librdf_new_node_from_typed_counted_literal(world, (const unsigned char *)t->value,
                                                       t->len, t->lang,
                                                       t->lang ? strlen(t->lang) : 0, dt);
        if (dt)
            librdf_free_uri(dt);
        return n;
    }
    default:
        return NULL;
    }
}

static librdf_node *id_node(librdf_world *world, const struct dict *d, term_id id)
{
    struct term t;
    if (dict_get(d, id, &t) < 0 || t.kind == TERM_NONE)
        return NULL;
    return term_node(world, &t);
}

/* Pattern slot from a node: NULL node is unbound (TERM_ID_NONE). Returns
 * false when the node is a term the dictionary never saw (matches nothing). */
static bool pattern_id(struct dict *d, librdf_node *n, term_id *out)
{
    struct term t;
    *out = TERM_ID_NONE;
    if (!n)
        return true;
    if (node_term(n, &t) < 0)
        return false;
    *out = dict_lookup(d, &t);
    return *out != TERM_ID_NONE;
}

static bool legal_triple(librdf_statement *s)
{
    librdf_node *sub = librdf_statement_get_subject(s);
    librdf_node *pre = librdf_statement_get_predicate(s);
    return sub && pre && librdf_statement_get_object(s) &&
           (librdf_node_is_resource(sub) || librdf_node_is_blank(sub)) &&
           librdf_node_is_resource(pre);
}

static bool legal_context(librdf_node *c)
{
    return !c || librdf_node_is_resource(c) || librdf_node_is_blank(c);
}

/* ---- streams of statements ---------------------------------------------- */

struct stream {
    librdf_storage *storage; /* referenced while the stream lives */
    librdf_world *world;
    struct store_snapshot *snap; /* owned */
    struct store_iter *it;       /* owned */
    bool have;                   /* cur is valid */
    bool with_context;           /* report cur.g as the context */
    struct store_quad cur;
    librdf_statement *stmt; /* owned, built on first get, dropped on next */
    librdf_node *ctx;       /* owned, likewise */
};

static void stream_drop_current(struct stream *s)
{
    if (s->stmt)
        librdf_free_statement(s->stmt);
    if (s->ctx)
        librdf_free_node(s->ctx);
    s->stmt = NULL;
    s->ctx = NULL;
}

static int stream_is_end(void *ctx)
{
    return !((struct stream *)ctx)->have;
}

static int stream_next(void *ctx)
{
    struct stream *s = ctx;
    stream_drop_current(s);
    s->have = s->have && store_iter_next(s->it, &s->cur);
    return !s->have;
}

static void *stream_get(void *ctx, int flags)
{
    struct stream *s = ctx;
    const struct dict *d;

    if (!s->have)
        return NULL;
    d = store_snapshot_dict(s->snap);
    if (flags == LIBRDF_ITERATOR_GET_METHOD_GET_CONTEXT) {
        if (!s->with_context || s->cur.g == TERM_ID_DEFAULT_GRAPH)
            return NULL;
        if (!s->ctx)
            s->ctx = id_node(s->world, d, s->cur.g);
        return s->ctx;
    }
    if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT)
        return NULL;
    if (!s->stmt) {
        librdf_node *n[3] = {id_node(s->world, d, s->cur.s), id_node(s->world, d, s->cur.p),
                             id_node(s->world, d, s->cur.o)};
        if (!n[0] || !n[1] || !n[2]) {
            for (int i = 0; i < 3; i++)
                if (n[i])
                    librdf_free_node(n[i]);
            return NULL;
        }
        /* the statement takes ownership of the nodes, even on failure */
        s->stmt = librdf_new_statement_from_nodes(s->world, n[0], n[1], n[2]);
    }
    return s->stmt;
}

static void stream_finished(void *ctx)
{
    struct stream *s = ctx;
    stream_drop_current(s);
    store_iter_free(s->it);
    store_release(s->snap);
    librdf_storage_remove_reference(s->storage);
    free(s);
}

/* A stream over the quads of one snapshot that match pat (ok=false: an
 * empty stream, the pattern named an unknown term). */
static librdf_stream *stream_new(librdf_storage *storage, struct store_snapshot *snap,
                                 const struct store_quad *pat, bool ok, bool distinct,
                                 bool with_context)
{
    struct instance *in = inst_of(storage);
    struct stream *s = calloc(1, sizeof *s);
    librdf_stream *ls;

    if (!s) {
        store_release(snap);
        return NULL;
    }
    s->storage = storage;
    s->world = in->world;
    s->snap = snap;
    s->with_context = with_context;
    librdf_storage_add_reference(storage);
    if (ok) {
        s->it = store_find(snap, pat, distinct);
        if (!s->it) {
            stream_finished(s);
            return NULL;
        }
        s->have = store_iter_next(s->it, &s->cur);
    }
    ls = librdf_new_stream(in->world, s, stream_is_end, stream_next, stream_get, stream_finished);
    if (!ls)
        stream_finished(s);
    return ls;
}

/* Pattern of a statement; false if it names an unknown term. */
static bool statement_pattern(struct dict *d, librdf_statement *st, struct store_quad *pat)
{
    bool ok = true;
    memset(pat, 0, sizeof *pat);
    if (!st)
        return true;
    ok = pattern_id(d, librdf_statement_get_subject(st), &pat->s) && ok;
    ok = pattern_id(d, librdf_statement_get_predicate(st), &pat->p) && ok;
    ok = pattern_id(d, librdf_statement_get_object(st), &pat->o) && ok;
    return ok;
}

static librdf_stream *find_in(librdf_storage *storage, librdf_statement *st, librdf_node *context)
{
    struct instance *in = inst_of(storage);
    struct store_snapshot *snap = store_acquire(in->st);
    struct dict *d;
    struct store_quad pat;
    bool ok;

    if (!snap)
        return NULL;
    d = store_snapshot_dict(snap);
    ok = statement_pattern(d, st, &pat);
    if (context) {
        term_id g;
        ok = pattern_id(d, context, &g) && ok;
        pat.g = g;
        return stream_new(storage, snap, &pat, ok, false, true);
    }
    return stream_new(storage, snap, &pat, ok, !in->quads, in->quads);
}

static librdf_stream *lr_find_statements(librdf_storage *storage, librdf_statement *st)
{
    return find_in(storage, st, NULL);
}

static librdf_stream *lr_find_statements_in_context(librdf_storage *storage, librdf_statement *st,
                                                    librdf_node *context)
{
    return find_in(storage, st, context);
}

static librdf_stream *lr_serialise(librdf_storage *storage)
{
    return find_in(storage, NULL, NULL);
}

static librdf_stream *lr_context_serialise(librdf_storage *storage, librdf_node *context)
{
    return find_in(storage, NULL, context);
}

/* ---- size and contains --------------------------------------------------- */

static int lr_size(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    struct store_snapshot *snap = store_acquire(in->st);
    size_t n = 0;
    term_id *graphs = NULL;
    long ngraphs;

    if (!snap)
        return -1;
    ngraphs = in->quads ? 0 : store_graphs(snap, &graphs);
    free(graphs);
    if (ngraphs < 0) {
        n = SIZE_MAX;
    } else if (ngraphs == 0) {
        n = store_size(snap); /* quads, or one graph only: no duplicates */
    } else {
        /* the union of several graphs: count distinct triples */
        struct store_quad pat = {0, 0, 0, 0}, q;
        struct store_iter *it = store_find(snap, &pat, true);
        if (!it)
            n = SIZE_MAX;
        while (it && store_iter_next(it, &q))
            n++;
        store_iter_free(it);
    }
    store_release(snap);
    if (n == SIZE_MAX)
        return -1;
    return n > INT_MAX ? INT_MAX : (int)n;
}

static int lr_contains_statement(librdf_storage *storage, librdf_statement *st)
{
    struct instance *in = inst_of(storage);
    struct store_snapshot *snap = store_acquire(in->st);
    struct store_quad pat;
    int found;

    if (!snap)
        return 0;
    found = statement_pattern(store_snapshot_dict(snap), st, &pat) && pat.s && pat.p && pat.o &&
            store_count(snap, &pat) > 0;
    store_release(snap);
    return found;
}

/* ---- contexts ------------------------------------------------------------ */

struct ctx_iter {
    librdf_storage *storage; /* referenced while the iterator lives */
    librdf_world *world;
    struct store_snapshot *snap; /* owned */
    term_id *ids;                /* owned: IRI-named graphs only */
    long n, i;
    librdf_node *cur; /* owned, built on first get */
};

static int ctx_is_end(void *ctx)
{
    struct ctx_iter *c = ctx;
    return c->i >= c->n;
}

static int ctx_next(void *ctx)
{
    struct ctx_iter *c = ctx;
    if (c->cur)
        librdf_free_node(c->cur);
    c->cur = NULL;
    if (c->i < c->n)
        c->i++;
    return c->i >= c->n;
}

static void *ctx_get(void *ctx, int flags)
{
    struct ctx_iter *c = ctx;
    if (flags != LIBRDF_ITERATOR_GET_METHOD_GET_OBJECT || c->i >= c->n)
        return NULL;
    if (!c->cur)
        c->cur = id_node(c->world, store_snapshot_dict(c->snap), c->ids[c->i]);
    return c->cur;
}

static void ctx_finished(void *ctx)
{
    struct ctx_iter *c = ctx;
    if (c->cur)
        librdf_free_node(c->cur);
    free(c->ids);
    store_release(c->snap);
    librdf_storage_remove_reference(c->storage);
    free(c);
}

/* Named graphs as context nodes. Only IRI-named graphs are listed: librdf's
 * query bridge turns every context into a URI (a blank graph name, which a
 * TriG load can create, stays reachable through find_statements_in_context). */
static librdf_iterator *lr_get_contexts(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    struct ctx_iter *c = calloc(1, sizeof *c);
    librdf_iterator *it;

    if (!c)
        return NULL;
    c->storage = storage;
    c->world = in->world;
    librdf_storage_add_reference(storage);
    c->snap = store_acquire(in->st);
    c->n = c->snap ? store_graphs(c->snap, &c->ids) : -1;
    if (c->n < 0) {
        c->n = 0;
        ctx_finished(c);
        return NULL;
    }
    long m = 0;
    for (long i = 0; i < c->n; i++)
        if (dict_kind(store_snapshot_dict(c->snap), c->ids[i]) == TERM_IRI)
            c->ids[m++] = c->ids[i];
    c->n = m;
    it = librdf_new_iterator(in->world, c, ctx_is_end, ctx_next, ctx_get, ctx_finished);
    if (!it)
        ctx_finished(c);
    return it;
}

static librdf_node *lr_get_feature(librdf_storage *storage, librdf_uri *feature)
{
    const char *f = feature ? (const char *)librdf_uri_as_string(feature) : NULL;
    if (f && !strcmp(f, LIBRDF_MODEL_FEATURE_CONTEXTS))
        return librdf_new_node_from_typed_literal(inst_of(storage)->world,
                                                  (const unsigned char *)"1", NULL, NULL);
    return NULL;
}

/* ---- writes -------------------------------------------------------------- */

/* One librdf call's changes: collected under the writer lock, committed
 * once - or, inside a transaction, added to the transaction's batch. */
struct writer {
    struct instance *in;
    struct store_batch *b; /* owned until commit, or the transaction's */
    bool remove, in_txn;
    int rc;
};

static int writer_begin(struct writer *w, struct instance *in, bool remove)
{
    w->in = in;
    w->remove = remove;
    w->rc = 0;
    w->in_txn = in->txn != NULL;
    store_writer_lock(in->st);
    w->b = w->in_txn ? in->txn : store_batch_new(in->st);
    if (!w->b) {
        store_writer_unlock(in->st);
        log_error(in->world, "out of memory starting a write to the fundament store");
        return -1;
    }
    return 0;
}

/* Add or remove one triple in a graph (NULL context: the default graph).
 * Illegal statements are skipped, as librdf does for streams; the return
 * value is 1 for them, -1 on out-of-memory. */
static int writer_put(struct writer *w, librdf_node *context, librdf_statement *st)
{
    struct dict *d = store_dict(w->in->st);
    librdf_node *n[4] = {librdf_statement_get_subject(st), librdf_statement_get_predicate(st),
                         librdf_statement_get_object(st), context};
    term_id id[4] = {0, 0, 0, TERM_ID_DEFAULT_GRAPH};

    if (!legal_triple(st) || !legal_context(context))
        return 1;
    for (int i = 0; i < 4; i++) {
        struct term t;
        if (!n[i])
            continue;
        if (node_term(n[i], &t) < 0)
            return 1;
        if (w->remove) {
            id[i] = dict_lookup(d, &t);
            if (id[i] == TERM_ID_NONE)
                return 0; /* never seen: nothing to remove */
        } else {
            id[i] = dict_intern(d, &t);
            if (id[i] == TERM_ID_NONE)
                goto oom;
        }
    }
    struct store_quad q = {id[0], id[1], id[2], id[3]};
    if ((w->remove ? store_batch_remove(w->b, &q) : store_batch_add(w->b, &q)) < 0)
        goto oom;
    return 0;
oom:
    w->rc = -1;
    return -1;
}

/* Commit (or drop, after a failure) and release the writer lock. */
static int writer_end(struct writer *w)
{
    struct error err;
    error_clear(&err);
    if (w->in_txn) {
        if (w->rc < 0) {
            w->in->txn_failed = true;
            log_error(w->in->world, "out of memory writing to the fundament store; the "
                                    "transaction will be rolled back");
        }
    } else if (w->rc < 0) {
        store_batch_free(w->b);
        log_error(w->in->world, "out of memory writing to the fundament store");
    } else if (store_commit(w->in->st, w->b, &err) < 0) {
        log_error(w->in->world, err.msg);
        w->rc = -1;
    }
    w->b = NULL;
    store_writer_unlock(w->in->st);
    return w->rc < 0 ? 1 : 0;
}

static int write_one(librdf_storage *storage, librdf_node *context, librdf_statement *st,
                     bool remove)
{
    struct writer w;
    int put;

    if (writer_begin(&w, inst_of(storage), remove) < 0)
        return 1;
    put = writer_put(&w, context, st);
    if (writer_end(&w))
        return 1;
    return put > 0 ? 1 : 0; /* illegal statement: librdf's ">0" */
}

static int write_stream(librdf_storage *storage, librdf_node *context, librdf_stream *stream)
{
    struct writer w;

    if (!legal_context(context) || writer_begin(&w, inst_of(storage), false) < 0)
        return 1;
    for (; !librdf_stream_end(stream); librdf_stream_next(stream)) {
        librdf_statement *st = librdf_stream_get_object(stream);
        if (!st || writer_put(&w, context, st) < 0) {
            w.rc = -1;
            break;
        }
    }
    return writer_end(&w);
}

static int lr_add_statement(librdf_storage *storage, librdf_statement *st)
{
    return write_one(storage, NULL, st, false);
}

static int lr_add_statements(librdf_storage *storage, librdf_stream *stream)
{
    return write_stream(storage, NULL, stream);
}

static int lr_remove_statement(librdf_storage *storage, librdf_statement *st)
{
    return write_one(storage, NULL, st, true);
}

static int lr_context_add_statement(librdf_storage *storage, librdf_node *context,
                                    librdf_statement *st)
{
    return write_one(storage, context, st, false);
}

static int lr_context_add_statements(librdf_storage *storage, librdf_node *context,
                                     librdf_stream *stream)
{
    return write_stream(storage, context, stream);
}

static int lr_context_remove_statement(librdf_storage *storage, librdf_node *context,
                                       librdf_statement *st)
{
    return write_one(storage, context, st, true);
}

/* Empty one graph (NULL: the default graph) in one batch. The snapshot is
 * read under the writer lock so that no commit slips in between. */
static int lr_context_remove_statements(librdf_storage *storage, librdf_node *context)
{
    struct writer w;
    struct store_snapshot *snap = NULL;
    struct store_iter *it = NULL;
    struct store_quad pat = {0, 0, 0, TERM_ID_DEFAULT_GRAPH}, q;

    if (writer_begin(&w, inst_of(storage), true) < 0)
        return 1;
    snap = store_acquire(w.in->st);
    if (!snap || (context && !pattern_id(store_snapshot_dict(snap), context, &pat.g)))
        goto done; /* unknown graph: nothing to remove */
    it = store_find(snap, &pat, false);
    if (!it)
        w.rc = -1;
    while (it && store_iter_next(it, &q))
        if (store_batch_remove(w.b, &q) < 0) {
            w.rc = -1;
            break;
        }
done:
    store_iter_free(it);
    store_release(snap);
    return writer_end(&w);
}

/* ---- transactions --------------------------------------------------------- */

/* Writes between start and commit are one batch, one commit; readers (this
 * storage's streams included) see none of them before the commit. Within a
 * transaction removals apply before additions, as in any store batch. */
static int lr_transaction_start(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    if (in->txn) {
        log_error(in->world, "a transaction is already open on this fundament storage");
        return 1;
    }
    in->txn = store_batch_new(in->st);
    if (!in->txn) {
        log_error(in->world, "out of memory starting a transaction on the fundament store");
        return 1;
    }
    in->txn_failed = false;
    in->txn_handle = NULL;
    return 0;
}

static int lr_transaction_start_with_handle(librdf_storage *storage, void *handle)
{
    if (lr_transaction_start(storage))
        return 1;
    inst_of(storage)->txn_handle = handle;
    return 0;
}

static int lr_transaction_rollback(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    if (!in->txn)
        return 1;
    store_batch_free(in->txn);
    in->txn = NULL;
    in->txn_handle = NULL;
    return 0;
}

static int lr_transaction_commit(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    struct store_batch *b = in->txn;
    struct error err;

    if (!b)
        return 1;
    if (in->txn_failed) {
        lr_transaction_rollback(storage);
        return 1;
    }
    in->txn = NULL;
    in->txn_handle = NULL;
    error_clear(&err);
    if (store_commit(in->st, b, &err) < 0) {
        log_error(in->world, err.msg);
        return 1;
    }
    return 0;
}

static void *lr_transaction_get_handle(librdf_storage *storage)
{
    return inst_of(storage)->txn_handle;
}

/* ---- lifecycle ----------------------------------------------------------- */

static int lr_init(librdf_storage *storage, const char *name, librdf_hash *options)
{
    struct instance *in = calloc(1, sizeof *in);
    int quads = options ? librdf_hash_get_as_boolean(options, "quads") : -1;

    /* the options hash is handed to the storage: free it in every case */
    if (options)
        librdf_free_hash(options);
    if (!in)
        return 1;
    in->world = librdf_storage_get_world(storage);
    in->quads = quads > 0;
    if (name) {
        pthread_mutex_lock(&attach_lock);
        in->att = attachment_find(name);
        if (in->att) {
            in->att->users++;
            in->st = in->att->st;
        }
        pthread_mutex_unlock(&attach_lock);
    }
    if (!in->st && !(in->st = store_new())) {
        free(in);
        log_error(librdf_storage_get_world(storage),
                  "out of memory creating a fundament store for librdf");
        return 1;
    }
    librdf_storage_set_instance(storage, in);
    return 0;
}

static void lr_terminate(librdf_storage *storage)
{
    struct instance *in = inst_of(storage);
    if (!in)
        return;
    store_batch_free(in->txn); /* an open transaction is rolled back */
    if (in->att) {
        pthread_mutex_lock(&attach_lock);
        in->att->users--;
        pthread_mutex_unlock(&attach_lock);
    } else {
        store_free(in->st);
    }
    free(in);
    librdf_storage_set_instance(storage, NULL);
}

static int lr_open(librdf_storage *storage, librdf_model *model)
{
    return 0;
}

static int lr_close(librdf_storage *storage)
{
    return 0;
}

static void lr_factory(librdf_storage_factory *f)
{
    f->version = LIBRDF_STORAGE_INTERFACE_VERSION;
    f->init = lr_init;
    f->terminate = lr_terminate;
    f->open = lr_open;
    f->close = lr_close;
    f->size = lr_size;
    f->add_statement = lr_add_statement;
    f->add_statements = lr_add_statements;
    f->remove_statement = lr_remove_statement;
    f->contains_statement = lr_contains_statement;
    f->serialise = lr_serialise;
    f->find_statements = lr_find_statements;
    f->context_add_statement = lr_context_add_statement;
    f->context_add_statements = lr_context_add_statements;
    f->context_remove_statement = lr_context_remove_statement;
    f->context_remove_statements = lr_context_remove_statements;
    f->context_serialise = lr_context_serialise;
    f->find_statements_in_context = lr_find_statements_in_context;
    f->get_contexts = lr_get_contexts;
    f->get_feature = lr_get_feature;
    f->transaction_start = lr_transaction_start;
    f->transaction_start_with_handle = lr_transaction_start_with_handle;
    f->transaction_commit = lr_transaction_commit;
    f->transaction_rollback = lr_transaction_rollback;
    f->transaction_get_handle = lr_transaction_get_handle;
}

int store_librdf_register(librdf_world *world)
{
    if (!world)
        return -1;
    return librdf_storage_register_factory(world, STORE_LIBRDF_FACTORY,
                                           "fundament native quad store", lr_factory)
               ? -1
               : 0;
}
