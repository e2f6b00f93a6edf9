/* app.h - what a running fundament holds: settings, store, journal. */
#ifndef FUNDAMENT_APP_H
#define FUNDAMENT_APP_H

#include "config.h"
#include "journal.h"
#include "store.h"

struct app {
    struct config *cfg;       /* shared */
    struct store *store;      /* owned by the app */
    struct journal *journal;  /* owned by the app */
};

/* Open data dir (creating it), journal, store; load the bundle; replay the
 * journal. */
int app_open(struct app *a, struct config *cfg, struct error *err);
void app_close(struct app *a);

#endif
