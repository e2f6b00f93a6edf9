/* journal.c - see journal.h and docs/internals/journal.md
 *
 * One SQLite database, one table, one row per change set. Durability and
 * atomicity come from SQLite (WAL, synchronous=FULL); this file adds the
 * identity checks, the exclusive lock, the row checksum and the quad codec. */
#include "journal.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "journal_codec.h"

/* PRAGMA application_id: "FdmJ" read as a big-endian 32-bit integer. */
#define JOURNAL_APPLICATION_ID 0x46646D4A
/* PRAGMA user_version: the schema below. */
#define JOURNAL_SCHEMA_VERSION 1
/* Page size of a new journal (SQLite's maximum). */
#define JOURNAL_PAGE_SIZE 65536
/* Encode buffers larger than this are freed after an append. */
#define JOURNAL_KEEP_BYTES (1024 * 1024)
/* A checkpoint runs when the WAL holds about this much, and the WAL is
 * truncated to this size after it. */
#define JOURNAL_WAL_SIZE_LIMIT (4 * 1024 * 1024)
/* Seed of the row checksum (any fixed value; part of the file format). */
#define JOURNAL_CHECKSUM_SEED 0x6A6F75726E616C31ull /* "journal1" */

static const char journal_schema[] =
    "CREATE TABLE changeset (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  time TEXT NOT NULL,\n"
    "  actor TEXT NOT NULL,\n"
    "  graph TEXT,\n"
    "  op TEXT NOT NULL CHECK (op IN ('add', 'replace', 'delete')),\n"
    "  reason TEXT,\n"
    "  n_added INTEGER NOT NULL,\n"
    "  n_removed INTEGER NOT NULL,\n"
    "  added BLOB NOT NULL,\n"
    "  removed BLOB NOT NULL,\n"
    "  checksum INTEGER NOT NULL\n"
    ")";

struct journal {
    sqlite3 *db;
    char *path;                  /* owned copy, for messages */
    sqlite3_stmt *insert;        /* prepared once */
    sqlite3_stmt *select;        /* replay cursor, prepared once */
    int64_t last_seq;            /* cached: we hold the only write lock */
    int replaying;               /* guards against re-entry from a callback */
    struct journal_buf enc[2];   /* added, removed: reused encode buffers */
    struct journal_quads dec[2]; /* added, removed: reused decode arrays */
    struct journal_buf raw[2];   /* added, removed: blobs read during a replay */
    sqlite3_blob *blob[2];       /* added, removed: open during a replay */
};

const char *changeset_op_name(enum changeset_op op)
{
    switch (op) {
    case CHANGESET_ADD:
        return "add";
    case CHANGESET_REPLACE:
        return "replace";
    case CHANGESET_DELETE:
        return "delete";
    }
    return NULL;
}

static int changeset_op_parse(const char *s, enum changeset_op *op)
{
    static const enum changeset_op ops[] = {CHANGESET_ADD, CHANGESET_REPLACE, CHANGESET_DELETE};

    for (size_t i = 0; s && i < sizeof ops / sizeof ops[0]; i++)
        if (!strcmp(s, changeset_op_name(ops[i]))) {
            *op = ops[i];
            return 0;
        }
    return -1;
}

/* ---- checksum --------------------------------------------------------- */

static uint64_t hash_u64(uint64_t h, uint64_t v)
{
    unsigned char b[8];

    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return journal_hash(h, b, sizeof b);
}

/* NULL and "" differ: NULL hashes as the length UINT64_MAX. */
static uint64_t hash_str(uint64_t h, const char *s)
{
    if (!s)
        return hash_u64(h, UINT64_MAX);
    return journal_hash(h, s, strlen(s));
}

/* The checksum of one row: every column but the checksum itself. */
static uint64_t row_checksum(int64_t seq, const char *time, const char *actor, const char *graph,
                             const char *op, const char *reason, int64_t n_added, int64_t n_removed,
                             const void *added, size_t added_len, const void *removed,
                             size_t removed_len)
{
    uint64_t h = JOURNAL_CHECKSUM_SEED;

    h = hash_u64(h, (uint64_t)seq);
    h = hash_str(h, time);
    h = hash_str(h, actor);
    h = hash_str(h, graph);
    h = hash_str(h, op);
    h = hash_str(h, reason);
    h = hash_u64(h, (uint64_t)n_added);
    h = hash_u64(h, (uint64_t)n_removed);
    h = journal_hash(h, added, added_len);
    return journal_hash(h, removed, removed_len);
}

/* ---- open / close ----------------------------------------------------- */

static void journal_free(struct journal *j)
{
    if (!j)
        return;
    sqlite3_finalize(j->insert);
    sqlite3_finalize(j->select);
    if (j->db)
        sqlite3_close(j->db);
    for (int i = 0; i < 2; i++) {
        sqlite3_blob_close(j->blob[i]);
        journal_buf_free(&j->enc[i]);
        journal_quads_free(&j->dec[i]);
        journal_buf_free(&j->raw[i]);
    }
    free(j->path);
    free(j);
}

/* Message for a failed SQLite call during open, in the user's terms. */
static void open_error(struct journal *j, int rc, const char *what, struct error *err)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        error_set(err, "journal %s is in use by another process", j->path);
        break;
    case SQLITE_NOTADB:
        error_set(err,
                  "%s is not a fundament journal (not an SQLite database); "
                  "the file was left unchanged",
                  j->path);
        break;
    case SQLITE_CORRUPT:
        error_set(err,
                  "journal %s is corrupt (%s); the file was left unchanged: "
                  "restore it from a backup",
                  j->path, sqlite3_errmsg(j->db));
        break;
    default:
        error_set(err, "cannot open journal %s: %s: %s", j->path, what,
                  j->db ? sqlite3_errmsg(j->db) : sqlite3_errstr(rc));
        break;
    }
}

/* Run one statement that returns at most one integer (PRAGMAs). */
static int exec_int(struct journal *j, const char *sql, int64_t *value, struct error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(j->db, sql, -1, &st, NULL);

    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (value)
                *value = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    if (rc != SQLITE_OK)
        open_error(j, rc, sql, err);
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

static int exec_sql(struct journal *j, const char *sql, struct error *err)
{
    int rc = sqlite3_exec(j->db, sql, NULL, NULL, NULL);

    if (rc != SQLITE_OK) {
        open_error(j, rc, sql, err);
        return -1;
    }
    return 0;
}

/* PRAGMA quick_check; its first row is "ok" or the first problem. */
static int quick_check(struct journal *j, struct error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(j->db, "PRAGMA quick_check(1)", -1, &st, NULL);

    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *res = (const char *)sqlite3_column_text(st, 0);
        if (res && !strcmp(res, "ok")) {
            sqlite3_finalize(st);
            return 0;
        }
        error_set(err,
                  "journal %s is corrupt (SQLite quick_check: %s); the file was left "
                  "unchanged: restore it from a backup",
                  j->path, res ? res : "no result");
    } else {
        open_error(j, rc, "quick_check", err);
    }
    sqlite3_finalize(st);
    return -1;
}

/* Refuse a path whose parent directory is missing or that is not a regular
 * file, with a better message than SQLite's "unable to open". Sets *exists. */
static int check_path(const char *path, int *exists, struct error *err)
{
    struct stat st;
    char *dir, *slash;

    if (stat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            error_set(err, "journal %s is not a regular file", path);
            return -1;
        }
        *exists = 1;
        return 0;
    }
    if (errno != ENOENT) {
        error_set(err, "cannot open journal %s: %s", path, strerror(errno));
        return -1;
    }
    *exists = 0;
    dir = strdup(path);
    if (!dir) {
        error_set(err, "out of memory");
        return -1;
    }
    slash = strrchr(dir, '/');
    if (slash) {
        if (slash == dir)
            slash[1] = '\0';
        else
            *slash = '\0';
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            error_set(err, "cannot create journal %s: directory %s does not exist", path, dir);
            free(dir);
            return -1;
        }
    }
    free(dir);
    return 0;
}

/* Identity and health of an existing, non-empty database. */
static int verify_journal(struct journal *j, struct error *err)
{
    int64_t app_id = 0, version = 0, tables = 0;

    if (exec_int(j, "PRAGMA application_id", &app_id, err) ||
        exec_int(j, "PRAGMA user_version", &version, err))
        return -1;
    if ((uint32_t)app_id != JOURNAL_APPLICATION_ID) {
        error_set(err,
                  "%s is not a fundament journal (SQLite application_id 0x%08" PRIx32
                  ", expected 0x%08x); the file was left unchanged",
                  j->path, (uint32_t)app_id, JOURNAL_APPLICATION_ID);
        return -1;
    }
    if (version > JOURNAL_SCHEMA_VERSION) {
        error_set(err,
                  "journal %s has schema version %" PRId64 ", newer than version %d that this "
                  "fundament understands; use a newer fundament (the file was left unchanged)",
                  j->path, version, JOURNAL_SCHEMA_VERSION);
        return -1;
    }
    if (version < 1) {
        error_set(err,
                  "journal %s has unknown schema version %" PRId64 "; the file was left unchanged",
                  j->path, version);
        return -1;
    }
    if (quick_check(j, err))
        return -1;
    if (exec_int(j,
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'changeset'",
                 &tables, err))
        return -1;
    if (tables != 1) {
        error_set(err, "journal %s is damaged: it has no changeset table", j->path);
        return -1;
    }
    return 0;
}

int journal_open(const char *path, struct journal **out, struct error *err)
{
    struct journal *j = NULL;
    int exists = 0, rc, in_txn = 0, had_wal = 1;
    int64_t pages = 0;

    if (!out) {
        error_set(err, "journal_open: no result pointer");
        return -1;
    }
    *out = NULL;
    if (!path || !*path) {
        error_set(err, "no journal file given");
        return -1;
    }
    if (check_path(path, &exists, err))
        return -1;
    j = calloc(1, sizeof *j);
    if (!j || !(j->path = strdup(path))) {
        error_set(err, "out of memory opening journal %s", path);
        goto fail;
    }
    {
        char wal[4096];
        struct stat st;
        had_wal =
            snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal || stat(wal, &st) == 0;
    }
    /* An existing file is opened without SQLITE_OPEN_CREATE so that a file
     * deleted meanwhile is not silently recreated empty. */
    rc = sqlite3_open_v2(path, &j->db, SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE),
                         NULL);
    if (rc != SQLITE_OK) {
        open_error(j, rc, "open", err);
        goto fail;
    }
    sqlite3_extended_result_codes(j->db, 1);
    if (sqlite3_db_readonly(j->db, "main") == 1) {
        error_set(err, "cannot open journal %s: no permission to write it", path);
        goto fail;
    }
    /* Exclusive locking mode before the first access: the lock taken by the
     * first transaction is held until close, and the WAL index lives in
     * heap memory (no -shm file). A second opener gets SQLITE_BUSY. */
    if (exec_sql(j, "PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = FULL", err))
        goto fail;
    /* Look before changing anything: a foreign file is only read. The size
     * is read before any write transaction (which would create page 1 of an
     * empty file in memory); the shared lock it takes is kept. */
    if (exec_int(j, "PRAGMA page_count", &pages, err))
        goto fail;
    if (pages == 0) {
        /* Large pages for a new journal: change sets are large blobs held in
         * overflow chains, and a 35 MB blob takes 530 pages instead of 8500
         * (fewer WAL frames and system calls). Only possible before the
         * first write transaction, even one that writes nothing. */
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA page_size = %d", JOURNAL_PAGE_SIZE);
        if (exec_sql(j, sql, err))
            goto fail;
    }
    if (exec_sql(j, "BEGIN EXCLUSIVE", err))
        goto fail;
    in_txn = 1;
    if (pages > 0) {
        if (verify_journal(j, err))
            goto fail;
    } else {
        /* A new (or empty) file: identity and schema in one transaction, so
         * a crash leaves either an empty file or a complete journal. This
         * comes before switching to WAL, which writes the first page. */
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 JOURNAL_APPLICATION_ID, JOURNAL_SCHEMA_VERSION);
        if (exec_sql(j, sql, err) || exec_sql(j, journal_schema, err))
            goto fail;
    }
    if (exec_sql(j, "COMMIT", err))
        goto fail;
    in_txn = 0;
    /* WAL is persistent in the file; for an existing journal this is a no-op. */
    if (exec_sql(j, "PRAGMA journal_mode = WAL", err))
        goto fail;
    {
        /* journal_mode answers with the mode it is in; refuse anything but WAL */
        sqlite3_stmt *st = NULL;
        int wal = 0;
        if (sqlite3_prepare_v2(j->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            wal = !sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal");
        sqlite3_finalize(st);
        if (!wal) {
            error_set(err, "cannot open journal %s: the file system does not support WAL mode",
                      path);
            goto fail;
        }
    }
    {
        char sql[128];
        /* checkpoint when the WAL holds about JOURNAL_WAL_SIZE_LIMIT bytes,
         * and cut it back to that size afterwards */
        snprintf(sql, sizeof sql, "PRAGMA journal_size_limit = %d; PRAGMA wal_autocheckpoint = %d",
                 JOURNAL_WAL_SIZE_LIMIT, JOURNAL_WAL_SIZE_LIMIT / JOURNAL_PAGE_SIZE);
        if (exec_sql(j, sql, err))
            goto fail;
    }
    /* in WAL mode, a write transaction takes the exclusive lock for good */
    if (exec_sql(j, "BEGIN EXCLUSIVE; COMMIT", err))
        goto fail;
    if (exec_int(j, "SELECT coalesce(max(seq), 0) FROM changeset", &j->last_seq, err))
        goto fail;
    rc = sqlite3_prepare_v3(j->db,
                            "INSERT INTO changeset (seq, time, actor, graph, op, reason, "
                            "n_added, n_removed, added, removed, checksum) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            -1, SQLITE_PREPARE_PERSISTENT, &j->insert, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v3(j->db,
                                "SELECT seq, time, actor, graph, op, reason, n_added, "
                                "n_removed, checksum FROM changeset WHERE seq > ? ORDER BY seq",
                                -1, SQLITE_PREPARE_PERSISTENT, &j->select, NULL);
    if (rc != SQLITE_OK) {
        error_set(err, "journal %s is damaged: %s", path, sqlite3_errmsg(j->db));
        goto fail;
    }
    *out = j;
    return 0;
fail:
    if (j && j->db) {
        if (in_txn)
            sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
        /* Leave a file we refused exactly as it was: a WAL that was there
         * before is neither checkpointed nor removed; one that SQLite created
         * while looking is empty, and a normal close removes it. */
        if (had_wal)
            sqlite3_db_config(j->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    }
    journal_free(j);
    return -1;
}

void journal_close(struct journal *j)
{
    if (!j)
        return;
    sqlite3_finalize(j->insert);
    sqlite3_finalize(j->select);
    j->insert = j->select = NULL;
    /* Copy the WAL into the database and truncate it; closing the last
     * connection would checkpoint too, this also empties the -wal file
     * before it is deleted. A failure here loses nothing: the WAL stays
     * and is replayed by SQLite on the next open. */
    sqlite3_exec(j->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    journal_free(j);
}

int64_t journal_last_seq(struct journal *j)
{
    /* HTTP threads read it while the writer appends */
    return j ? __atomic_load_n(&j->last_seq, __ATOMIC_ACQUIRE) : 0;
}

/* ---- append ----------------------------------------------------------- */

/* UTC now as 2026-01-31T12:34:56.789Z. */
static int format_now(char *buf, size_t size)
{
    struct timespec ts;
    struct tm tm;
    char base[24];

    if (clock_gettime(CLOCK_REALTIME, &ts) || !gmtime_r(&ts.tv_sec, &tm) ||
        !strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm))
        return -1;
    return snprintf(buf, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000) < (int)size ? 0 : -1;
}

static int check_quads(const struct term_quad *q, size_t n, const char *what, struct error *err)
{
    if (n && !q) {
        error_set(err, "change set has %zu %s quads but no array", n, what);
        return -1;
    }
    if (n > (size_t)INT64_MAX) {
        error_set(err, "change set has too many %s quads", what);
        return -1;
    }
    return 0;
}

/* Keep small encode buffers for the next append, give large ones back. */
static void release_buffers(struct journal *j)
{
    for (int i = 0; i < 2; i++)
        if (j->enc[i].cap > JOURNAL_KEEP_BYTES)
            journal_buf_free(&j->enc[i]);
}

int journal_append(struct journal *j, struct changeset *cs, struct error *err)
{
    const char *op;
    char now[sizeof cs->time];
    int64_t seq;
    uint64_t sum;
    sqlite3_stmt *st;
    int rc;

    if (!j || !cs) {
        error_set(err, "journal_append: no journal or change set");
        return -1;
    }
    if (j->replaying) {
        error_set(err, "journal %s: cannot append during a replay", j->path);
        return -1;
    }
    op = changeset_op_name(cs->op);
    if (!op) {
        error_set(err, "journal %s: change set has an unknown operation %d", j->path, (int)cs->op);
        return -1;
    }
    if (!cs->actor || !*cs->actor) {
        error_set(err, "journal %s: change set has no actor", j->path);
        return -1;
    }
    if (check_quads(cs->added, cs->n_added, "added", err) ||
        check_quads(cs->removed, cs->n_removed, "removed", err))
        return -1;
    if (journal_codec_encode(cs->added, cs->n_added, &j->enc[0], err) ||
        journal_codec_encode(cs->removed, cs->n_removed, &j->enc[1], err)) {
        char msg[ERROR_MSG_MAX];
        release_buffers(j);
        snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
        error_set(err, "journal %s: change set not written: %s", j->path, msg);
        return -1;
    }
    if (format_now(now, sizeof now)) {
        error_set(err, "journal %s: cannot read the clock", j->path);
        return -1;
    }
    seq = j->last_seq + 1;
    sum = row_checksum(seq, now, cs->actor, cs->graph, op, cs->reason, (int64_t)cs->n_added,
                       (int64_t)cs->n_removed, j->enc[0].data, j->enc[0].len, j->enc[1].data,
                       j->enc[1].len);
    st = j->insert;
    /* The buffers outlive the step: SQLITE_STATIC avoids copying them. One
     * INSERT in autocommit mode is one transaction: when step returns DONE
     * the commit is in the WAL and fsynced (synchronous=FULL). */
    rc = sqlite3_bind_int64(st, 1, seq);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 3, cs->actor, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = cs->graph ? sqlite3_bind_text(st, 4, cs->graph, -1, SQLITE_STATIC)
                       : sqlite3_bind_null(st, 4);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 5, op, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = cs->reason ? sqlite3_bind_text(st, 6, cs->reason, -1, SQLITE_STATIC)
                        : sqlite3_bind_null(st, 6);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 7, (int64_t)cs->n_added);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 8, (int64_t)cs->n_removed);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_blob64(st, 9, j->enc[0].data, j->enc[0].len, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_blob64(st, 10, j->enc[1].data, j->enc[1].len, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 11, (int64_t)sum);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_TOOBIG)
            error_set(err,
                      "journal %s: change set not written: it is too large for one journal "
                      "row (%zu + %zu bytes); split it",
                      j->path, j->enc[0].len, j->enc[1].len);
        else
            error_set(err, "journal %s: change set not written: %s", j->path,
                      sqlite3_errmsg(j->db));
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    release_buffers(j);
    if (rc != SQLITE_OK)
        return -1;
    __atomic_store_n(&j->last_seq, seq, __ATOMIC_RELEASE);
    cs->seq = seq;
    memcpy(cs->time, now, sizeof now);
    return 0;
}

/* ---- replay ----------------------------------------------------------- */

/* Read column k (0 added, 1 removed) of row seq into j->raw[k]. The blobs
 * are read with SQLite's incremental I/O into buffers reused for the whole
 * replay, rather than as result columns, which SQLite would allocate afresh
 * for every row: for a 35 MB blob that is 35 MB of new pages each time. */
static int read_blob(struct journal *j, int k, int64_t seq, struct error *err)
{
    static const char *const column[2] = {"added", "removed"};
    struct journal_buf *b = &j->raw[k];
    int rc, len = 0;

    if (!j->blob[k])
        rc = sqlite3_blob_open(j->db, "main", "changeset", column[k], seq, 0, &j->blob[k]);
    else
        rc = sqlite3_blob_reopen(j->blob[k], seq);
    if (rc == SQLITE_OK) {
        len = sqlite3_blob_bytes(j->blob[k]);
        b->len = 0;
        if (journal_buf_reserve(b, len ? (size_t)len : 1))
            rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK && len)
        rc = sqlite3_blob_read(j->blob[k], b->data, len, 0);
    if (rc != SQLITE_OK) {
        error_set(err, "journal %s: cannot read the %s quads of change set %" PRId64 ": %s",
                  j->path, column[k], seq,
                  rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(j->db));
        /* a failed handle is aborted for good: start afresh next time */
        sqlite3_blob_close(j->blob[k]);
        j->blob[k] = NULL;
        return -1;
    }
    b->len = (size_t)len;
    return 0;
}

/* Decode and check the current row of j->select into cs. */
static int read_row(struct journal *j, int64_t expect, struct changeset *cs, struct error *err)
{
    sqlite3_stmt *st = j->select;
    int64_t seq = sqlite3_column_int64(st, 0);
    const char *time = (const char *)sqlite3_column_text(st, 1);
    const char *actor = (const char *)sqlite3_column_text(st, 2);
    const char *graph = (const char *)sqlite3_column_text(st, 3);
    const char *op = (const char *)sqlite3_column_text(st, 4);
    const char *reason = (const char *)sqlite3_column_text(st, 5);
    int64_t n_added = sqlite3_column_int64(st, 6);
    int64_t n_removed = sqlite3_column_int64(st, 7);
    uint64_t sum = (uint64_t)sqlite3_column_int64(st, 8);
    const void *added, *removed;
    size_t added_len, removed_len;
    struct error derr;

    if (seq != expect) {
        error_set(err,
                  "journal %s is incomplete: change set %" PRId64 " is missing (the next one "
                  "is %" PRId64 ")",
                  j->path, expect, seq);
        return -1;
    }
    if (sqlite3_errcode(j->db) == SQLITE_NOMEM) {
        error_set(err, "journal %s: out of memory reading change set %" PRId64, j->path, seq);
        return -1;
    }
    if (read_blob(j, 0, seq, err) || read_blob(j, 1, seq, err))
        return -1;
    added = j->raw[0].data;
    added_len = j->raw[0].len;
    removed = j->raw[1].data;
    removed_len = j->raw[1].len;
    if (row_checksum(seq, time, actor, graph, op, reason, n_added, n_removed, added, added_len,
                     removed, removed_len) != sum) {
        error_set(err,
                  "journal %s is corrupt: change set %" PRId64 " fails its checksum; "
                  "restore the journal from a backup",
                  j->path, seq);
        return -1;
    }
    if (!time || strlen(time) >= sizeof cs->time || !actor || changeset_op_parse(op, &cs->op)) {
        error_set(err, "journal %s is corrupt: change set %" PRId64 " has invalid header fields",
                  j->path, seq);
        return -1;
    }
    error_clear(&derr);
    if (journal_codec_decode(added, added_len, &j->dec[0], &derr) ||
        journal_codec_decode(removed, removed_len, &j->dec[1], &derr)) {
        error_set(err, "journal %s is corrupt: change set %" PRId64 ": %s", j->path, seq, derr.msg);
        return -1;
    }
    if ((uint64_t)n_added != j->dec[0].n_quads || (uint64_t)n_removed != j->dec[1].n_quads) {
        error_set(err, "journal %s is corrupt: change set %" PRId64 " has wrong quad counts",
                  j->path, seq);
        return -1;
    }
    cs->seq = seq;
    memcpy(cs->time, time, strlen(time) + 1);
    cs->actor = actor;
    cs->graph = graph;
    cs->reason = reason;
    cs->added = j->dec[0].quads;
    cs->n_added = j->dec[0].n_quads;
    cs->removed = j->dec[1].quads;
    cs->n_removed = j->dec[1].n_quads;
    return 0;
}

int journal_replay(struct journal *j, int64_t after, journal_replay_fn fn, void *ctx,
                   struct error *err)
{
    sqlite3_stmt *st;
    int64_t expect;
    int rc, ret = 0;

    if (!j || !fn) {
        error_set(err, "journal_replay: no journal or callback");
        return -1;
    }
    if (j->replaying) {
        error_set(err, "journal %s: replay is already running", j->path);
        return -1;
    }
    if (after < 0)
        after = 0;
    st = j->select;
    if (sqlite3_bind_int64(st, 1, after) != SQLITE_OK) {
        error_set(err, "journal %s: %s", j->path, sqlite3_errmsg(j->db));
        return -1;
    }
    j->replaying = 1;
    expect = after + 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct changeset cs;
        memset(&cs, 0, sizeof cs);
        if (read_row(j, expect, &cs, err)) {
            ret = -1;
            break;
        }
        ret = fn(ctx, &cs, err);
        if (ret)
            break;
        expect++;
    }
    if (!ret && rc != SQLITE_DONE) {
        error_set(err, "journal %s: cannot read change set %" PRId64 ": %s", j->path, expect,
                  sqlite3_errmsg(j->db));
        ret = -1;
    }
    sqlite3_reset(st);
    j->replaying = 0;
    /* the blob handles, buffers and decode arrays served this replay; a
     * server keeps its journal open for its lifetime and should not hold them */
    for (int i = 0; i < 2; i++) {
        sqlite3_blob_close(j->blob[i]);
        j->blob[i] = NULL;
        journal_buf_free(&j->raw[i]);
        journal_quads_free(&j->dec[i]);
    }
    return ret;
}
