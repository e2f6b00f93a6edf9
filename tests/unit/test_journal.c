/* test_journal.c - the journal of change sets and its quad codec.
 *
 * Run with "--bench [N [REPS]]" (not part of make check) to time encode,
 * append, decode and replay of one N-quad change set (default 1000000, best
 * of 3). */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "journal.h"
#include "journal_codec.h"

/* argv[0], to run this program again as the "other process" */
static const char *self_path;

/* ---- fixtures --------------------------------------------------------- */

struct fixture {
    char dir[256];
    char path[300];
};

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[600];

    if (!d)
        return;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    const char *tmp = getenv("TMPDIR");

    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/journal-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/journal.sqlite", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    remove_dir(f->dir);
    free(f);
    return 0;
}

/* ---- test utilities --------------------------------------------------- */

static struct journal *open_ok(const char *path)
{
    struct journal *j = NULL;
    struct error err;

    error_clear(&err);
    if (journal_open(path, &j, &err))
        fail_msg("journal_open: %s", err.msg);
    assert_non_null(j);
    return j;
}

static int64_t append_ok(struct journal *j, struct changeset *cs)
{
    struct error err;

    error_clear(&err);
    if (journal_append(j, cs, &err))
        fail_msg("journal_append: %s", err.msg);
    return cs->seq;
}

static void assert_term(const struct term *want, const struct term *got)
{
    assert_int_equal(want->kind, got->kind);
    assert_int_equal(want->len, got->len);
    assert_true(term_equal(want, got));
    if (got->kind != TERM_NONE) {
        assert_non_null(got->value);
        assert_int_equal(got->value[got->len], '\0'); /* decoded strings are terminated */
    }
}

static void assert_quads(const struct term_quad *want, size_t n_want, const struct term_quad *got,
                         size_t n_got)
{
    assert_int_equal(n_want, n_got);
    for (size_t i = 0; i < n_want; i++) {
        assert_term(&want[i].s, &got[i].s);
        assert_term(&want[i].p, &got[i].p);
        assert_term(&want[i].o, &got[i].o);
        assert_term(&want[i].g, &got[i].g);
    }
}

static char *read_file_bytes(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n >= 0);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void write_file_bytes(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");

    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sqlite: %s", msg ? msg : "?");
    sqlite3_close(db);
}

/* Opening path must fail with a message containing want (and the path),
 * leaving the file's bytes and the directory's file list unchanged. */
static void assert_open_refused(struct fixture *f, const char *path, const char *want)
{
    struct journal *j = (struct journal *)1;
    struct error err;
    size_t len_before, len_after;
    char *before = read_file_bytes(path, &len_before), *after, side[400];

    error_clear(&err);
    assert_int_equal(journal_open(path, &j, &err), -1);
    assert_null(j);
    if (!strstr(err.msg, want) || !strstr(err.msg, path))
        fail_msg("unexpected message: %s", err.msg);
    after = read_file_bytes(path, &len_after);
    assert_int_equal(len_before, len_after);
    assert_memory_equal(before, after, len_before);
    snprintf(side, sizeof side, "%s-wal", path);
    assert_false(file_exists(side));
    snprintf(side, sizeof side, "%s-shm", path);
    assert_false(file_exists(side));
    snprintf(side, sizeof side, "%s-journal", path);
    assert_false(file_exists(side));
    free(before);
    free(after);
    (void)f;
}

/* Collects replayed change sets (deep-copies what tests look at). */
struct collect {
    int count;
    int64_t seqs[64];
    int abort_at; /* seq whose callback returns 7 */
    const struct term_quad *want;
    size_t n_want;
    const struct term_quad *want_removed;
    size_t n_want_removed;
    char actor[64], graph[256], reason[256], time[32];
    int graph_null, reason_null;
    enum changeset_op op;
};

static int collect_fn(void *ctx, const struct changeset *cs, struct error *err)
{
    struct collect *c = ctx;

    if (c->abort_at && cs->seq == c->abort_at) {
        error_set(err, "stopped by the callback at %lld", (long long)cs->seq);
        return 7;
    }
    if (c->count < 64)
        c->seqs[c->count] = cs->seq;
    c->count++;
    if (c->want)
        assert_quads(c->want, c->n_want, cs->added, cs->n_added);
    if (c->want_removed)
        assert_quads(c->want_removed, c->n_want_removed, cs->removed, cs->n_removed);
    snprintf(c->actor, sizeof c->actor, "%s", cs->actor);
    c->graph_null = cs->graph == NULL;
    snprintf(c->graph, sizeof c->graph, "%s", cs->graph ? cs->graph : "");
    c->reason_null = cs->reason == NULL;
    snprintf(c->reason, sizeof c->reason, "%s", cs->reason ? cs->reason : "");
    snprintf(c->time, sizeof c->time, "%s", cs->time);
    c->op = cs->op;
    return 0;
}

static struct changeset simple_cs(const struct term_quad *q, size_t n)
{
    struct changeset cs;

    memset(&cs, 0, sizeof cs);
    cs.actor = "cli:test";
    cs.op = CHANGESET_ADD;
    cs.added = q;
    cs.n_added = n;
    return cs;
}

static const char lex_nul[] = {'a', '\0', 'b'};

/* Every kind of term, in every position that allows it. */
static void kinds_quads(struct term_quad q[8])
{
    struct term s = term_iri("http://example.org/s");
    struct term p = term_iri("http://example.org/p");
    struct term g = term_iri("http://example.org/graph/1");
    struct term none = {TERM_NONE, NULL, 0, NULL, NULL};
    struct term nul = {TERM_LITERAL, lex_nul, sizeof lex_nul, NULL, NULL};

    q[0] = (struct term_quad){s, p, term_iri("http://example.org/o"), none};
    q[1] = (struct term_quad){term_blank("b0"), p, term_blank("b1"), g};
    q[2] = (struct term_quad){s, p, term_literal("plain", NULL, NULL), none};
    q[3] = (struct term_quad){s, p, term_literal("chat", "fr", NULL), g};
    q[4] = (struct term_quad){s, p, term_literal("42", NULL, XSD_NS "integer"), none};
    q[5] = (struct term_quad){s, p, nul, g};
    q[6] = (struct term_quad){term_iri("http://example.org/\xc3\xa9"
                                       "t\xc3\xa9"),
                              p,
                              term_literal("Gem\xc3\xab"
                                           "ente \xe2\x82\xac \xf0\x9f\x8c\x8d",
                                           "nl-BE", NULL),
                              none};
    q[7] = (struct term_quad){s, p, term_literal("", NULL, NULL), g};
}

/* ---- tests ------------------------------------------------------------ */

static void test_op_name(void **state)
{
    (void)state;
    assert_string_equal(changeset_op_name(CHANGESET_ADD), "add");
    assert_string_equal(changeset_op_name(CHANGESET_REPLACE), "replace");
    assert_string_equal(changeset_op_name(CHANGESET_DELETE), "delete");
    assert_null(changeset_op_name((enum changeset_op)0));
    assert_null(changeset_op_name((enum changeset_op)99));
}

static void test_roundtrip_kinds(void **state)
{
    struct fixture *f = *state;
    struct term_quad q[8], r[2];
    struct journal *j = open_ok(f->path);
    struct changeset cs;
    struct collect c;
    struct error err;

    kinds_quads(q);
    r[0] = q[3];
    r[1] = q[5];
    memset(&cs, 0, sizeof cs);
    cs.actor = "token:42";
    cs.graph = "http://example.org/graph/1";
    cs.op = CHANGESET_REPLACE;
    cs.reason = "nieuwe versie \xe2\x80\x94 2026";
    cs.added = q;
    cs.n_added = 8;
    cs.removed = r;
    cs.n_removed = 2;
    assert_int_equal(append_ok(j, &cs), 1);
    journal_close(j);

    j = open_ok(f->path);
    assert_int_equal(journal_last_seq(j), 1);
    memset(&c, 0, sizeof c);
    c.want = q;
    c.n_want = 8;
    c.want_removed = r;
    c.n_want_removed = 2;
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.actor, "token:42");
    assert_false(c.graph_null);
    assert_string_equal(c.graph, "http://example.org/graph/1");
    assert_string_equal(c.reason, cs.reason);
    assert_string_equal(c.time, cs.time);
    assert_int_equal(c.op, CHANGESET_REPLACE);
    journal_close(j);
}

static void test_empty_changeset(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(NULL, 0);
    struct collect c;
    struct error err;

    cs.op = CHANGESET_DELETE;
    assert_int_equal(append_ok(j, &cs), 1);
    memset(&c, 0, sizeof c);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 1);
    assert_true(c.graph_null);
    assert_true(c.reason_null);
    assert_int_equal(c.op, CHANGESET_DELETE);
    journal_close(j);
}

/* n quads over a realistic mix: shared subjects and predicates, distinct
 * literal objects, a few graphs. Strings live in *pool (caller frees). */
static struct term_quad *make_quads(size_t n, char **pool)
{
    struct term_quad *q = malloc(n * sizeof *q);
    size_t n_subj = n / 10 + 1, stride = 48;
    char *buf = malloc((n_subj + n + 32) * stride);
    char *preds = buf + (n_subj + n) * stride;
    static const char *graphs[3] = {"http://data.example.org/graph/a",
                                    "http://data.example.org/graph/b", NULL};

    assert_non_null(q);
    assert_non_null(buf);
    for (size_t i = 0; i < 20; i++)
        snprintf(preds + i * stride, stride, "http://vocab.example.org/ns#p%zu", i);
    for (size_t i = 0; i < n_subj; i++)
        snprintf(buf + i * stride, stride, "http://data.example.org/id/%zu", i);
    for (size_t i = 0; i < n; i++) {
        char *lex = buf + (n_subj + i) * stride;
        size_t len = (size_t)snprintf(lex, stride, "waarde %zu", i);
        const char *gr = graphs[i % 3];
        q[i].s = term_iri(buf + (i / 10) * stride);
        q[i].p = term_iri(preds + (i % 20) * stride);
        if (i % 4 == 0)
            q[i].o = term_iri(buf + ((i * 7) % n_subj) * stride);
        else if (i % 4 == 1)
            q[i].o = (struct term){TERM_LITERAL, lex, len, "nl", NULL};
        else if (i % 4 == 2)
            q[i].o = (struct term){TERM_LITERAL, lex, len, NULL, XSD_NS "integer"};
        else
            q[i].o = (struct term){TERM_LITERAL, lex, len, NULL, NULL};
        q[i].g = gr ? term_iri(gr) : (struct term){TERM_NONE, NULL, 0, NULL, NULL};
    }
    *pool = buf;
    return q;
}

static void test_large_changeset(void **state)
{
    struct fixture *f = *state;
    const size_t n = 100000;
    char *pool;
    struct term_quad *q = make_quads(n, &pool);
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(q, n);
    struct collect c;
    struct error err;
    char wal[400];
    struct stat st;

    cs.removed = q + n / 2;
    cs.n_removed = n / 2;
    append_ok(j, &cs);
    journal_close(j);
    /* the WAL is checkpointed and removed (or empty) after close */
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_true(stat(wal, &st) != 0 || st.st_size == 0);

    j = open_ok(f->path);
    memset(&c, 0, sizeof c);
    c.want = q;
    c.n_want = n;
    c.want_removed = q + n / 2;
    c.n_want_removed = n / 2;
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 1);
    journal_close(j);
    free(q);
    free(pool);
}

/* Random change sets over a pool of random terms (any bytes in values,
 * empty strings, shared and distinct terms), appended, reopened, replayed. */
struct random_pool {
    struct term terms[200];
    char bytes[200][48];
    char tags[200][16];
};

static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static void random_pool_fill(struct random_pool *rp, unsigned *seed)
{
    static const char *const dts[] = {XSD_NS "integer", XSD_NS "date", "http://example.org/dt"};

    for (int i = 0; i < 200; i++) {
        struct term *t = &rp->terms[i];
        size_t len = rnd(seed) % 40;
        for (size_t k = 0; k < len; k++)
            rp->bytes[i][k] = (char)(rnd(seed) & 0xff);
        rp->bytes[i][len] = '\0';
        t->kind = (enum term_kind)(1 + rnd(seed) % 3);
        t->value = rp->bytes[i];
        t->len = len;
        t->lang = t->datatype = NULL;
        if (t->kind == TERM_LITERAL) {
            unsigned r = rnd(seed) % 4;
            if (r == 1) {
                snprintf(rp->tags[i], sizeof rp->tags[i], "x-%u", rnd(seed) % 50);
                t->lang = rp->tags[i];
            } else if (r >= 2) {
                t->datatype = dts[rnd(seed) % 3];
            }
        }
    }
}

struct random_check {
    struct term_quad *sets[40];
    char *copies[40]; /* 48 bytes per quad: object values copied elsewhere */
    size_t n[40];
    int seen;
};

static int random_check_fn(void *ctx, const struct changeset *cs, struct error *err)
{
    struct random_check *rc = ctx;

    (void)err;
    assert_int_equal(cs->seq, rc->seen + 1);
    assert_quads(rc->sets[rc->seen], rc->n[rc->seen], cs->added, cs->n_added);
    assert_quads(rc->sets[rc->seen], rc->n[rc->seen] / 2, cs->removed, cs->n_removed);
    rc->seen++;
    return 0;
}

static void test_random_roundtrip(void **state)
{
    struct fixture *f = *state;
    struct random_pool *rp = malloc(sizeof *rp);
    struct random_check rc;
    struct journal *j = open_ok(f->path);
    struct error err;
    unsigned seed = 2026;

    assert_non_null(rp);
    random_pool_fill(rp, &seed);
    memset(&rc, 0, sizeof rc);
    for (int c = 0; c < 40; c++) {
        size_t n = rnd(&seed) % 300;
        struct changeset cs;
        rc.sets[c] = malloc((n ? n : 1) * sizeof *rc.sets[c]);
        rc.copies[c] = malloc((n ? n : 1) * 48);
        assert_non_null(rc.sets[c]);
        assert_non_null(rc.copies[c]);
        rc.n[c] = n;
        for (size_t i = 0; i < n; i++) {
            struct term_quad *q = &rc.sets[c][i];
            q->s = rp->terms[rnd(&seed) % 200];
            q->p = rp->terms[rnd(&seed) % 200];
            q->o = rp->terms[rnd(&seed) % 200];
            if (rnd(&seed) % 3)
                q->g = rp->terms[rnd(&seed) % 200];
            else
                q->g = (struct term){TERM_NONE, NULL, 0, NULL, NULL};
            if (rnd(&seed) % 2) { /* an equal term through other pointers */
                char *copy = rc.copies[c] + i * 48;
                memcpy(copy, q->o.value, q->o.len + 1);
                q->o.value = copy;
            }
        }
        cs = simple_cs(rc.sets[c], n);
        cs.removed = rc.sets[c];
        cs.n_removed = n / 2;
        append_ok(j, &cs);
    }
    journal_close(j);
    j = open_ok(f->path);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, random_check_fn, &rc, &err), 0);
    assert_int_equal(rc.seen, 40);
    journal_close(j);
    for (int c = 0; c < 40; c++) {
        free(rc.sets[c]);
        free(rc.copies[c]);
    }
    free(rp);
}

static void test_seq_monotonic(void **state)
{
    struct fixture *f = *state;
    struct term_quad q[8];
    struct changeset cs;
    struct collect c;
    struct error err;

    kinds_quads(q);
    for (int round = 0; round < 3; round++) {
        struct journal *j = open_ok(f->path);
        assert_int_equal(journal_last_seq(j), round * 2);
        cs = simple_cs(q, 8);
        assert_int_equal(append_ok(j, &cs), round * 2 + 1);
        cs = simple_cs(q + round, 1);
        assert_int_equal(append_ok(j, &cs), round * 2 + 2);
        assert_int_equal(journal_last_seq(j), round * 2 + 2);
        journal_close(j);
    }
    {
        struct journal *j = open_ok(f->path);
        memset(&c, 0, sizeof c);
        error_clear(&err);
        assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
        assert_int_equal(c.count, 6);
        for (int i = 0; i < 6; i++)
            assert_int_equal(c.seqs[i], i + 1);
        journal_close(j);
    }
}

static void test_time_format(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(NULL, 0);
    time_t before = time(NULL), after;
    struct tm tm;
    int ms = -1, used = 0;

    append_ok(j, &cs);
    after = time(NULL);
    journal_close(j);
    /* 2026-01-31T12:34:56.789Z */
    assert_int_equal(strlen(cs.time), 24);
    for (int i = 0; i < 24; i++) {
        char ch = cs.time[i];
        switch (i) {
        case 4:
        case 7:
            assert_int_equal(ch, '-');
            break;
        case 10:
            assert_int_equal(ch, 'T');
            break;
        case 13:
        case 16:
            assert_int_equal(ch, ':');
            break;
        case 19:
            assert_int_equal(ch, '.');
            break;
        case 23:
            assert_int_equal(ch, 'Z');
            break;
        default:
            assert_true(ch >= '0' && ch <= '9');
        }
    }
    memset(&tm, 0, sizeof tm);
    assert_non_null(strptime(cs.time, "%Y-%m-%dT%H:%M:%S", &tm));
    assert_int_equal(sscanf(cs.time + 19, ".%3dZ%n", &ms, &used), 1);
    assert_true(ms >= 0 && ms <= 999);
    assert_true(timegm(&tm) >= before && timegm(&tm) <= after);
}

static void test_replay_after(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct term_quad q[8];
    struct collect c;
    struct error err;

    kinds_quads(q);
    for (int i = 0; i < 5; i++) {
        struct changeset cs = simple_cs(q + i, 1);
        append_ok(j, &cs);
    }
    for (int after = -1; after <= 6; after++) {
        int want = after < 0 ? 5 : after >= 5 ? 0 : 5 - after;
        memset(&c, 0, sizeof c);
        error_clear(&err);
        assert_int_equal(journal_replay(j, after, collect_fn, &c, &err), 0);
        assert_int_equal(c.count, want);
        for (int i = 0; i < want; i++)
            assert_int_equal(c.seqs[i], (after < 0 ? 0 : after) + 1 + i);
    }
    journal_close(j);
}

static void test_callback_abort(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct term_quad q[8];
    struct collect c;
    struct error err;

    kinds_quads(q);
    for (int i = 0; i < 4; i++) {
        struct changeset cs = simple_cs(q + i, 1);
        append_ok(j, &cs);
    }
    memset(&c, 0, sizeof c);
    c.abort_at = 3;
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 7);
    assert_int_equal(c.count, 2);
    assert_string_equal(err.msg, "stopped by the callback at 3");
    /* the cursor was reset: a new replay works */
    memset(&c, 0, sizeof c);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 4);
    journal_close(j);
}

static int append_in_callback(void *ctx, const struct changeset *cs, struct error *err)
{
    struct journal *j = ctx;
    struct changeset other = simple_cs(NULL, 0);
    struct error e2;

    (void)cs;
    error_clear(&e2);
    assert_int_equal(journal_append(j, &other, &e2), -1);
    assert_non_null(strstr(e2.msg, "during a replay"));
    assert_int_equal(journal_replay(j, 0, collect_fn, NULL, &e2), -1);
    (void)err;
    return 0;
}

static void test_reentry(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(NULL, 0);
    struct error err;

    append_ok(j, &cs);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, append_in_callback, j, &err), 0);
    assert_int_equal(journal_last_seq(j), 1);
    journal_close(j);
}

static void test_not_a_journal_random(void **state)
{
    struct fixture *f = *state;
    unsigned char bytes[8192];
    unsigned s = 12345;

    for (size_t i = 0; i < sizeof bytes; i++) {
        s = s * 1103515245u + 12345u;
        bytes[i] = (unsigned char)(s >> 16);
    }
    write_file_bytes(f->path, bytes, sizeof bytes);
    assert_open_refused(f, f->path, "not a fundament journal");
}

static void test_not_a_journal_text(void **state)
{
    struct fixture *f = *state;
    const char text[] = "# notes\nthis is not a journal\n";

    write_file_bytes(f->path, text, sizeof text - 1);
    assert_open_refused(f, f->path, "not a fundament journal");
}

static void test_not_a_journal_other_sqlite(void **state)
{
    struct fixture *f = *state;

    sql_exec(f->path, "CREATE TABLE notes (x TEXT)");
    assert_open_refused(f, f->path, "not a fundament journal");
}

static void test_not_a_journal_empty_sqlite(void **state)
{
    struct fixture *f = *state;

    /* a valid database with a header page and nothing else */
    sql_exec(f->path, "PRAGMA user_version = 3");
    assert_open_refused(f, f->path, "not a fundament journal");
}

/* An empty file (a crash right after it was created) becomes a journal. */
static void test_empty_file_is_new(void **state)
{
    struct fixture *f = *state;
    struct journal *j;
    struct changeset cs = simple_cs(NULL, 0);
    sqlite3 *db;
    sqlite3_stmt *st;

    write_file_bytes(f->path, "", 0);
    j = open_ok(f->path);
    assert_int_equal(journal_last_seq(j), 0);
    assert_int_equal(append_ok(j, &cs), 1);
    journal_close(j);
    /* identity, WAL and page size as documented */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT application_id, user_version, journal_mode, "
                           "page_size FROM pragma_application_id, "
                           "pragma_user_version, pragma_journal_mode, pragma_page_size",
                           -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 0x46646D4A);
    assert_int_equal(sqlite3_column_int64(st, 1), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "wal");
    assert_int_equal(sqlite3_column_int64(st, 3), 65536);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_newer_schema(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(NULL, 0);

    append_ok(j, &cs);
    journal_close(j);
    sql_exec(f->path, "PRAGMA user_version = 99");
    assert_open_refused(f, f->path, "newer");
}

static void test_truncated_journal(void **state)
{
    struct fixture *f = *state;
    char *pool, *bytes;
    struct term_quad *q = make_quads(20000, &pool);
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(q, 20000);
    size_t len;

    append_ok(j, &cs);
    journal_close(j);
    free(q);
    free(pool);
    bytes = read_file_bytes(f->path, &len);
    assert_true(len > 3 * 65536);
    write_file_bytes(f->path, bytes, len / 2);
    free(bytes);
    assert_open_refused(f, f->path, "corrupt");
}

static void test_corrupt_page(void **state)
{
    struct fixture *f = *state;
    char *pool, *bytes;
    struct term_quad *q = make_quads(20000, &pool);
    struct journal *j = open_ok(f->path);
    struct changeset cs = simple_cs(q, 20000);
    size_t len;

    append_ok(j, &cs);
    journal_close(j);
    free(q);
    free(pool);
    /* garbage over the start of the b-tree page after the first one (the
     * journal's pages are 64 KiB) */
    bytes = read_file_bytes(f->path, &len);
    assert_true(len > 3 * 65536);
    memset(bytes + 65536, 0xA5, 4096 * 2);
    write_file_bytes(f->path, bytes, len);
    free(bytes);
    assert_open_refused(f, f->path, "corrupt");
}

static void test_corrupt_blob(void **state)
{
    struct fixture *f = *state;
    struct term_quad q[8];
    struct journal *j = open_ok(f->path);
    struct collect c;
    struct error err;
    sqlite3 *db;
    sqlite3_stmt *st;
    unsigned char *blob;
    int len;

    kinds_quads(q);
    for (int i = 0; i < 3; i++) {
        struct changeset cs = simple_cs(q, 8);
        append_ok(j, &cs);
    }
    journal_close(j);

    /* flip one byte in the middle of change set 2's added blob */
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT added FROM changeset WHERE seq = 2", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    len = sqlite3_column_bytes(st, 0);
    blob = malloc((size_t)len);
    assert_non_null(blob);
    memcpy(blob, sqlite3_column_blob(st, 0), (size_t)len);
    sqlite3_finalize(st);
    blob[len / 2] ^= 0x20;
    assert_int_equal(
        sqlite3_prepare_v2(db, "UPDATE changeset SET added = ? WHERE seq = 2", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_blob(st, 1, blob, len, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(blob);

    j = open_ok(f->path);
    memset(&c, 0, sizeof c);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), -1);
    assert_int_equal(c.count, 1);
    if (!strstr(err.msg, "change set 2 fails its checksum") || !strstr(err.msg, f->path))
        fail_msg("unexpected message: %s", err.msg);
    /* after the bad one, a replay past it still works */
    memset(&c, 0, sizeof c);
    assert_int_equal(journal_replay(j, 2, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 1);
    journal_close(j);
}

static void test_missing_changeset(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct collect c;
    struct error err;

    for (int i = 0; i < 3; i++) {
        struct changeset cs = simple_cs(NULL, 0);
        append_ok(j, &cs);
    }
    journal_close(j);
    sql_exec(f->path, "DELETE FROM changeset WHERE seq = 2");
    j = open_ok(f->path);
    memset(&c, 0, sizeof c);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), -1);
    assert_int_equal(c.count, 1);
    if (!strstr(err.msg, "change set 2 is missing"))
        fail_msg("unexpected message: %s", err.msg);
    journal_close(j);
}

static void test_in_use(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path), *j2 = NULL;
    struct changeset cs = simple_cs(NULL, 0);
    struct error err;
    pid_t pid;
    int status = 0;

    append_ok(j, &cs);
    /* same process, second handle */
    error_clear(&err);
    assert_int_equal(journal_open(f->path, &j2, &err), -1);
    assert_null(j2);
    if (!strstr(err.msg, "is in use by another process") || !strstr(err.msg, f->path))
        fail_msg("unexpected message: %s", err.msg);
    /* another process */
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* a fresh program image: nothing inherited to leak or to share */
        execl(self_path, self_path, "--try-open", f->path, (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    /* the holder still works, and after close the file opens again */
    append_ok(j, &cs);
    journal_close(j);
    j = open_ok(f->path);
    assert_int_equal(journal_last_seq(j), 2);
    journal_close(j);
}

/* A process that dies right after journal_append returned: the change set
 * is in the WAL, and the next open sees it. */
static void test_crash_after_append(void **state)
{
    struct fixture *f = *state;
    struct journal *j;
    struct collect c;
    struct error err;
    char wal[400];
    struct stat st;
    pid_t pid;
    int status = 0;

    j = open_ok(f->path);
    journal_close(j);
    fflush(NULL);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        execl(self_path, self_path, "--append-and-die", f->path, (char *)NULL);
        _exit(127);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    assert_int_equal(stat(wal, &st), 0);
    assert_true(st.st_size > 0);

    j = open_ok(f->path);
    assert_int_equal(journal_last_seq(j), 1);
    memset(&c, 0, sizeof c);
    error_clear(&err);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 1);
    assert_string_equal(c.actor, "cli:crash");
    journal_close(j);
    assert_true(stat(wal, &st) != 0 || st.st_size == 0);
}

static void test_bad_input(void **state)
{
    struct fixture *f = *state;
    struct journal *j = open_ok(f->path);
    struct term_quad q[8], bad[2];
    struct changeset cs;
    struct collect c;
    struct error err;

    kinds_quads(q);
    bad[0] = q[0];
    bad[1] = q[1];
    bad[1].p = (struct term){TERM_NONE, NULL, 0, NULL, NULL};
    cs = simple_cs(bad, 2);
    error_clear(&err);
    assert_int_equal(journal_append(j, &cs, &err), -1);
    if (!strstr(err.msg, "quad 2: the predicate is absent"))
        fail_msg("unexpected message: %s", err.msg);
    assert_int_equal(cs.seq, 0);

    cs = simple_cs(q, 1);
    cs.op = (enum changeset_op)9;
    assert_int_equal(journal_append(j, &cs, &err), -1);
    cs = simple_cs(q, 1);
    cs.actor = NULL;
    assert_int_equal(journal_append(j, &cs, &err), -1);
    cs = simple_cs(NULL, 3);
    assert_int_equal(journal_append(j, &cs, &err), -1);

    /* nothing was written */
    assert_int_equal(journal_last_seq(j), 0);
    memset(&c, 0, sizeof c);
    assert_int_equal(journal_replay(j, 0, collect_fn, &c, &err), 0);
    assert_int_equal(c.count, 0);
    cs = simple_cs(q, 2);
    assert_int_equal(append_ok(j, &cs), 1);
    journal_close(j);
}

static void test_null_safety(void **state)
{
    struct fixture *f = *state;
    struct journal *j = (struct journal *)1;
    struct changeset cs = simple_cs(NULL, 0);
    struct error err;
    char path[400];

    journal_close(NULL);
    assert_int_equal(journal_last_seq(NULL), 0);
    error_clear(&err);
    assert_int_equal(journal_append(NULL, &cs, &err), -1);
    assert_int_equal(journal_replay(NULL, 0, collect_fn, NULL, &err), -1);
    assert_int_equal(journal_open(NULL, &j, &err), -1);
    assert_null(j);
    snprintf(path, sizeof path, "%s/missing/journal.sqlite", f->dir);
    assert_int_equal(journal_open(path, &j, &err), -1);
    if (!strstr(err.msg, "does not exist"))
        fail_msg("unexpected message: %s", err.msg);
    assert_int_equal(journal_open(f->dir, &j, &err), -1);
    assert_non_null(strstr(err.msg, "not a regular file"));
    if (geteuid() != 0) { /* root may write anyway */
        struct journal *jr = open_ok(f->path);
        journal_close(jr);
        assert_int_equal(chmod(f->path, 0444), 0);
        assert_int_equal(journal_open(f->path, &j, &err), -1);
        assert_non_null(strstr(err.msg, "no permission to write"));
        assert_int_equal(chmod(f->path, 0644), 0);
    }
    /* NULL err is allowed everywhere */
    assert_int_equal(journal_open(path, &j, NULL), -1);
    j = open_ok(f->path);
    assert_int_equal(journal_append(j, NULL, NULL), -1);
    assert_int_equal(journal_replay(j, 0, NULL, NULL, NULL), -1);
    journal_close(j);
    journal_buf_free(NULL);
    journal_quads_free(NULL);
}

/* Every truncation fails; every single-byte change either fails or decodes
 * to something; nothing reads outside the blob (ASan/valgrind watch). */
static void test_codec_corruption(void **state)
{
    struct term_quad q[8];
    struct journal_buf b = {NULL, 0, 0};
    struct journal_quads out;
    struct error err;
    unsigned char *copy;

    (void)state;
    memset(&out, 0, sizeof out);
    kinds_quads(q);
    assert_int_equal(journal_codec_encode(q, 8, &b, &err), 0);
    assert_int_equal(journal_codec_decode(b.data, b.len, &out, &err), 0);
    assert_quads(q, 8, out.quads, out.n_quads);
    for (size_t len = 0; len < b.len; len++) {
        copy = malloc(len ? len : 1);
        assert_non_null(copy);
        memcpy(copy, b.data, len);
        assert_int_equal(journal_codec_decode(copy, len, &out, &err), -1);
        free(copy);
    }
    for (size_t i = 0; i < b.len; i++) {
        static const unsigned char flips[] = {0x01, 0x80, 0xff, 0x7f, 0x20};
        for (size_t k = 0; k < sizeof flips; k++) {
            copy = malloc(b.len);
            assert_non_null(copy);
            memcpy(copy, b.data, b.len);
            copy[i] ^= flips[k];
            if (journal_codec_decode(copy, b.len, &out, &err) == 0)
                for (size_t x = 0; x < out.n_quads; x++) /* touch every term */
                    assert_true(out.quads[x].s.kind != TERM_NONE &&
                                (out.quads[x].o.len == 0 ||
                                 out.quads[x].o.value[out.quads[x].o.len] == '\0'));
            free(copy);
        }
    }
    /* random bodies behind a plausible header */
    {
        unsigned seed = 7;
        for (int round = 0; round < 3000; round++) {
            size_t len = 4 + round % 200;
            copy = malloc(len);
            assert_non_null(copy);
            for (size_t i = 0; i < len; i++) {
                seed = seed * 1103515245u + 12345u;
                copy[i] = (unsigned char)(seed >> 16);
            }
            copy[0] = JOURNAL_CODEC_VERSION;
            copy[1] = (unsigned char)(round % 5);
            copy[2] = (unsigned char)(round % 3);
            if (round % 2) /* mostly valid term flags */
                copy[3] = (unsigned char)(1 + round % 3);
            (void)journal_codec_decode(copy, len, &out, &err);
            free(copy);
        }
    }
    /* huge counts in the header are refused before allocating */
    {
        unsigned char hdr[] = {JOURNAL_CODEC_VERSION, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0, 0, 0};
        assert_int_equal(journal_codec_decode(hdr, sizeof hdr, &out, &err), -1);
    }
    journal_buf_free(&b);
    journal_quads_free(&out);
}

static void test_hash(void **state)
{
    unsigned char a[40];

    (void)state;
    memset(a, 'x', sizeof a);
    uint64_t h0 = journal_hash(1, a, sizeof a);
    assert_int_equal(h0, journal_hash(1, a, sizeof a));
    assert_int_not_equal(h0, journal_hash(2, a, sizeof a));
    assert_int_not_equal(h0, journal_hash(1, a, sizeof a - 1));
    for (size_t i = 0; i < sizeof a; i++) {
        a[i] ^= 1;
        assert_int_not_equal(h0, journal_hash(1, a, sizeof a));
        a[i] ^= 1;
    }
    assert_int_not_equal(journal_hash(0, NULL, 0), journal_hash(0, "", 1));
}

/* ---- timing (not a test) ---------------------------------------------- */

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int count_fn(void *ctx, const struct changeset *cs, struct error *err)
{
    (void)err;
    *(size_t *)ctx += cs->n_added;
    return 0;
}

/* Best (lowest) wall-clock and CPU time of a step over the repetitions:
 * CPU time leaves out waiting for the disk and for other processes. */
struct timing {
    double wall, cpu;
};

static void timing_start(double t[2])
{
    t[0] = clock_s(CLOCK_MONOTONIC);
    t[1] = clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static void timing_stop(const double t[2], struct timing *best)
{
    double wall = clock_s(CLOCK_MONOTONIC) - t[0], cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - t[1];
    if (best->wall == 0 || wall < best->wall)
        best->wall = wall;
    if (best->cpu == 0 || cpu < best->cpu)
        best->cpu = cpu;
}

static void timing_print(const char *what, const struct timing *t, size_t n)
{
    printf("%-28s wall %6.3f s %6.2f M quads/s   cpu %6.3f s %6.2f M quads/s\n", what, t->wall,
           (double)n / t->wall / 1e6, t->cpu, (double)n / t->cpu / 1e6);
}

static int bench(size_t n, int reps)
{
    struct fixture *f = NULL;
    char *pool;
    struct term_quad *q = make_quads(n, &pool);
    struct journal_buf b = {NULL, 0, 0};
    struct journal_quads out;
    struct journal *j;
    struct changeset cs = simple_cs(q, n);
    struct error err;
    struct timing enc_cold = {0, 0}, enc_warm = {0, 0}, dec_cold = {0, 0}, dec_warm = {0, 0};
    struct timing app = {0, 0}, opn = {0, 0}, rep = {0, 0}, small_app = {0, 0};
    double t[2];

    memset(&out, 0, sizeof out);
    for (int r = 0; r < reps; r++) {
        /* cold: fresh buffers; warm: reused buffers, as in journal_append/replay */
        journal_buf_free(&b);
        journal_quads_free(&out);
        timing_start(t);
        if (journal_codec_encode(q, n, &b, &err))
            return 1;
        timing_stop(t, &enc_cold);
        timing_start(t);
        if (journal_codec_encode(q, n, &b, &err))
            return 1;
        timing_stop(t, &enc_warm);
        timing_start(t);
        if (journal_codec_decode(b.data, b.len, &out, &err))
            return 1;
        timing_stop(t, &dec_cold);
        timing_start(t);
        if (journal_codec_decode(b.data, b.len, &out, &err))
            return 1;
        timing_stop(t, &dec_warm);

        size_t seen = 0;
        if (setup((void **)&f) || journal_open(f->path, &j, &err))
            return 1;
        timing_start(t);
        if (journal_append(j, &cs, &err)) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        timing_stop(t, &app);
        journal_close(j);
        timing_start(t);
        if (journal_open(f->path, &j, &err))
            return 1;
        timing_stop(t, &opn);
        timing_start(t);
        if (journal_replay(j, 0, count_fn, &seen, &err) || seen != n)
            return 1;
        timing_stop(t, &rep);
        journal_close(j);
        teardown((void **)&f);
    }
    {
        /* latency of small durable appends: mostly the fsyncs */
        struct changeset small = simple_cs(q, 10);
        const int k = 50;
        if (setup((void **)&f) || journal_open(f->path, &j, &err))
            return 1;
        timing_start(t);
        for (int i = 0; i < k; i++)
            if (journal_append(j, &small, &err))
                return 1;
        timing_stop(t, &small_app);
        journal_close(j);
        teardown((void **)&f);
        small_app.wall /= k;
        small_app.cpu /= k;
    }
    printf("%zu quads, blob %zu bytes (%.1f bytes/quad), best of %d\n", n, b.len,
           (double)b.len / (double)n, reps);
    timing_print("encode (fresh buffers)", &enc_cold, n);
    timing_print("encode (reused buffers)", &enc_warm, n);
    timing_print("decode (fresh arrays)", &dec_cold, n);
    timing_print("decode (reused arrays)", &dec_warm, n);
    timing_print("append (encode+write+fsync)", &app, n);
    printf("%-28s wall %6.3f s   cpu %6.3f s\n", "open (incl. quick_check)", opn.wall, opn.cpu);
    printf("%-28s wall %6.2f ms  cpu %6.2f ms (mean of 50)\n", "append of 10 quads",
           small_app.wall * 1e3, small_app.cpu * 1e3);
    timing_print("replay (read+check+decode)", &rep, n);
    journal_buf_free(&b);
    journal_quads_free(&out);
    free(q);
    free(pool);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_op_name),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_codec_corruption),
        cmocka_unit_test_setup_teardown(test_roundtrip_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_changeset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_changeset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seq_monotonic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_after, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reentry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal_other_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_journal_empty_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file_is_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_corrupt_blob, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_changeset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_in_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crash_after_append, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_null_safety, setup, teardown),
    };

    self_path = argv[0];
    if (argc > 2 && !strcmp(argv[1], "--try-open")) {
        /* used by test_in_use: exit 0 when the journal is refused as in use */
        struct journal *j = NULL;
        struct error err;
        int rc = journal_open(argv[2], &j, &err);
        journal_close(j);
        return rc == -1 && strstr(err.msg, "is in use by another process") ? 0 : 1;
    }
    if (argc > 2 && !strcmp(argv[1], "--append-and-die")) {
        /* used by test_crash_after_append: append, then exit without closing */
        struct journal *j = NULL;
        struct error err;
        struct term_quad q[8];
        struct changeset cs;
        kinds_quads(q);
        cs = simple_cs(q, 8);
        cs.actor = "cli:crash";
        if (journal_open(argv[2], &j, &err) || journal_append(j, &cs, &err))
            return 1;
        _exit(0);
    }
    if (argc > 1 && !strcmp(argv[1], "--bench"))
        return bench(argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 1000000,
                     argc > 3 ? atoi(argv[3]) : 3);
    return cmocka_run_group_tests_name("journal", tests, NULL, NULL);
}
