/* app.c - open a registry: data dir, journal, store, bundled content, replay.
 *
 * The store is an index: at start it is rebuilt from the bundled folders
 * (read-only system graphs, one per file) and the journal, in that order. */
#include "app.h"

#include <dirent.h>
#include <malloc.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cache.h"
#include "rdf_io.h"

static const char *const bundle_folders[] = {"vocab", "shapes", "data", NULL};

static int mkdir_p(const char *path, struct error *err)
{
    char buf[4096];
    size_t n = strlen(path);

    if (n == 0 || n >= sizeof buf) {
        error_set(err, "bad data directory '%s'", path);
        return -1;
    }
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            goto fail;
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        goto fail;
    return 0;
fail:
    error_set(err, "cannot create data directory %s: %s", buf, strerror(errno));
    return -1;
}

int app_open_journal(struct config *cfg, struct journal **out, struct error *err)
{
    char path[4096];

    if (mkdir_p(cfg->data_dir, err) < 0)
        return -1;
    snprintf(path, sizeof path, "%s/journal.sqlite", cfg->data_dir);
    return journal_open(path, out, err);
}

/* Graph IRI of a bundled file: {base}graph/bundle/{folder}/{stem}. */
char *app_bundle_graph(const char *base, const char *folder, const char *file)
{
    const char *dot = strrchr(file, '.');
    size_t stem = dot ? (size_t)(dot - file) : strlen(file);
    size_t n = strlen(base) + strlen(folder) + stem + 32;
    char *g = malloc(n);
    if (g)
        snprintf(g, n, "%sgraph/bundle/%s/%.*s", base, folder, (int)stem, file);
    return g;
}

struct add_ctx {
    struct store *store;
    struct store_batch *batch;
};

static int add_quad(void *ctx, const struct term_quad *q, struct error *err)
{
    struct add_ctx *a = ctx;
    struct store_quad sq;

    if (store_intern_quad(a->store, q, &sq) < 0 || store_batch_add(a->batch, &sq) < 0) {
        error_set(err, "out of memory while loading");
        return -1;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load one bundled folder into the batch, files in name order. */
static int load_folder(struct app *a, const char *folder, struct add_ctx *ctx, struct error *err)
{
    char dir[4096], path[4096 + 512], prefix[600];
    char **names = NULL;
    size_t n = 0;
    int rc = -1;
    struct dirent *de;

    snprintf(dir, sizeof dir, "%s/%s", a->cfg->bundle_dir, folder);
    DIR *d = opendir(dir);
    if (!d)
        return 0; /* a bundle may lack a folder */
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || rdf_syntax_from_filename(de->d_name) == RDF_SYNTAX_UNKNOWN)
            continue;
        char **t = realloc(names, (n + 1) * sizeof *t);
        if (!t || !(t[n] = strdup(de->d_name))) {
            names = t ? t : names;
            error_set(err, "out of memory");
            goto out;
        }
        names = t;
        n++;
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *graph = app_bundle_graph(a->cfg->base, folder, names[i]);
        if (!graph) {
            error_set(err, "out of memory");
            goto out;
        }
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(prefix, sizeof prefix, "bundle-%s-%s-", folder, names[i]);
        struct rdf_parse_opts opts = {RDF_SYNTAX_UNKNOWN, a->cfg->base, graph, prefix};
        int r = rdf_parse_file(path, &opts, add_quad, ctx, err);
        free(graph);
        if (r < 0)
            goto out;
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

int app_load_bundle(struct app *a, struct error *err)
{
    struct add_ctx ctx = {a->store, store_batch_new(a->store)};

    if (!ctx.batch) {
        error_set(err, "out of memory");
        return -1;
    }
    if (!a->cfg->bundle_dir) {
        store_batch_free(ctx.batch);
        return 0;
    }
    for (size_t i = 0; bundle_folders[i]; i++)
        if (load_folder(a, bundle_folders[i], &ctx, err) < 0) {
            store_batch_free(ctx.batch);
            return -1;
        }
    return store_commit(a->store, ctx.batch, err);
}

/* Replay: consecutive change sets that only add share one batch; a change
 * set that removes is committed on its own, in order. */
struct replay_ctx {
    struct app *app;
    struct store_batch *batch;
    size_t changesets, quads;
    /* A change set's terms come from its own term table: equal terms share
     * their string pointer, so remembering pointer -> id interns each
     * distinct term once instead of hashing its bytes for every quad. */
    struct memo_slot {
        const char *value;
        term_id id;
    } *memo;
    size_t memo_cap, memo_used;
};

static int memo_reset(struct replay_ctx *r)
{
    if (!r->memo) {
        r->memo_cap = 1 << 16;
        if (!(r->memo = calloc(r->memo_cap, sizeof *r->memo)))
            return -1;
    } else {
        memset(r->memo, 0, r->memo_cap * sizeof *r->memo);
    }
    r->memo_used = 0;
    return 0;
}

static size_t memo_slot(const struct replay_ctx *r, const char *value)
{
    size_t mask = r->memo_cap - 1;
    uintptr_t h = (uintptr_t)value * 0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h >> 20) & mask;
    while (r->memo[i].value && r->memo[i].value != value)
        i = (i + 1) & mask;
    return i;
}

/* Double the table when half full (sized by distinct terms, not quads). */
static void memo_grow(struct replay_ctx *r)
{
    struct memo_slot *old = r->memo;
    size_t n = r->memo_cap;
    struct memo_slot *t = calloc(n * 2, sizeof *t);
    if (!t)
        return; /* keep the full table: lookups still work, no new entries */
    r->memo = t;
    r->memo_cap = n * 2;
    for (size_t i = 0; i < n; i++)
        if (old[i].value)
            r->memo[memo_slot(r, old[i].value)] = old[i];
    free(old);
}

static term_id memo_intern(struct replay_ctx *r, const struct term *t)
{
    if (t->kind == TERM_NONE)
        return TERM_ID_DEFAULT_GRAPH;
    size_t i = memo_slot(r, t->value);
    if (r->memo[i].value)
        return r->memo[i].id;
    term_id id = dict_intern(store_dict(r->app->store), t);
    if (!id)
        return id;
    if ((r->memo_used + 1) * 2 > r->memo_cap) {
        memo_grow(r);
        i = memo_slot(r, t->value);
    }
    if ((r->memo_used + 1) * 2 <= r->memo_cap) {
        r->memo[i].value = t->value;
        r->memo[i].id = id;
        r->memo_used++;
    }
    return id;
}

static int memo_quad(struct replay_ctx *r, const struct term_quad *tq, struct store_quad *q)
{
    q->s = memo_intern(r, &tq->s);
    q->p = memo_intern(r, &tq->p);
    q->o = memo_intern(r, &tq->o);
    q->g = memo_intern(r, &tq->g);
    return q->s && q->p && q->o && q->g ? 0 : -1;
}

static int flush(struct replay_ctx *r, struct error *err)
{
    if (!r->batch || store_batch_size(r->batch) == 0)
        return 0;
    struct store_batch *b = r->batch;
    r->batch = NULL;
    return store_commit(r->app->store, b, err);
}

static int replay_one(void *ctx, const struct changeset *cs, struct error *err)
{
    struct replay_ctx *r = ctx;
    struct store_quad q;

    if (cs->n_removed && flush(r, err) < 0)
        return -1;
    if (!r->batch && !(r->batch = store_batch_new(r->app->store)))
        goto oom;
    if (memo_reset(r) < 0 || store_batch_reserve(r->batch, cs->n_added, cs->n_removed) < 0)
        goto oom;
    for (size_t i = 0; i < cs->n_removed; i++)
        if (memo_quad(r, &cs->removed[i], &q) < 0 || store_batch_remove(r->batch, &q) < 0)
            goto oom;
    for (size_t i = 0; i < cs->n_added; i++)
        if (memo_quad(r, &cs->added[i], &q) < 0 || store_batch_add(r->batch, &q) < 0)
            goto oom;
    r->changesets++;
    r->quads += cs->n_added + cs->n_removed;
    if (cs->n_removed)
        return flush(r, err);
    return 0;
oom:
    error_set(err, "out of memory replaying change set %lld", (long long)cs->seq);
    return -1;
}

int app_replay(struct app *a, size_t *changesets, struct error *err)
{
    struct replay_ctx r = {a, NULL, 0, 0, NULL, 0, 0};
    int rc = journal_replay(a->journal, 0, replay_one, &r, err);
    if (rc == 0)
        rc = flush(&r, err);
    store_batch_free(r.batch);
    free(r.memo);
    if (changesets)
        *changesets = r.changesets;
    return rc;
}

int app_open(struct app *a, struct config *cfg, struct error *err)
{
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    if (app_open_journal(cfg, &a->journal, err) < 0)
        goto fail;
    if (!(a->store = store_new())) {
        error_set(err, "out of memory");
        goto fail;
    }
    if (app_load_bundle(a, err) < 0 || app_replay(a, NULL, err) < 0)
        goto fail;
    /* start-up parsed, decoded and sorted far more than the store keeps:
     * hand the freed heap back instead of holding it for the process's life */
    malloc_trim(0);
    return 0;
fail:
    app_close(a);
    return -1;
}

void app_close(struct app *a)
{
    cache_free(a->cache);
    a->cache = NULL;
    journal_close(a->journal);
    store_free(a->store);
    a->journal = NULL;
    a->store = NULL;
}
