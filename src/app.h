/* app.h - what a running fundament holds: settings, store, journal. */
#ifndef FUNDAMENT_APP_H
#define FUNDAMENT_APP_H

#include "config.h"
#include "journal.h"
#include "store.h"

struct cache;

struct app {
    struct config *cfg;       /* shared */
    struct store *store;      /* owned by the app */
    struct journal *journal;  /* owned by the app */
    struct cache *cache;      /* serialized answers; owned; NULL outside serve */
};

/* Open data dir (creating it), journal, store; load the bundle; replay the
 * journal. */
int app_open(struct app *a, struct config *cfg, struct error *err);
void app_close(struct app *a); /* NULL members allowed */

/* The parts of app_open, for commands that need fewer of them. */
int app_open_journal(struct config *cfg, struct journal **out, struct error *err);
int app_load_bundle(struct app *a, struct error *err);
int app_replay(struct app *a, size_t *changesets, struct error *err);

/* Graph IRI of a bundled file: {base}graph/bundle/{folder}/{file stem}.
 * Owned by the caller. */
char *app_bundle_graph(const char *base, const char *folder, const char *file);

#endif
