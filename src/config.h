/* config.h - settings of fundament, from flags, a config file and
 * FUNDAMENT_* environment variables (in that order of precedence). */
#ifndef FUNDAMENT_CONFIG_H
#define FUNDAMENT_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

struct config {
    char *bind;              /* "127.0.0.1" */
    int port;                /* 8080 */
    char *data_dir;          /* "./fundament-data" */
    char *base;              /* "http://127.0.0.1:8080/" (always ends in '/') */
    char *bundle_dir;        /* folder holding vocab/ shapes/ data/ */
    char *access_log;        /* NULL or "-": stderr */
    size_t max_body;         /* bytes, 413 beyond (default 16 MiB) */
    unsigned conn_timeout;   /* seconds of inactivity (default 30) */
    unsigned conn_limit;     /* concurrent connections (default 256) */
    size_t conn_memory;      /* bytes per connection (default 64 KiB) */
    unsigned threads;        /* HTTP worker threads (default 4) */
    size_t max_path;         /* bytes of a request target (default 4096) */
    size_t cache_size;       /* bytes of serialized answers kept (default 64 MiB) */
    char *cache_control;     /* Cache-Control of published documents */
};

/* Defaults. Owned strings are freed by config_clear. */
void config_init(struct config *c);
void config_clear(struct config *c);

/* Set one setting by its name (the long flag without "--", e.g. "port",
 * "data-dir", "max-body"). Returns -1 with a message for an unknown name or
 * a bad value. */
int config_set(struct config *c, const char *name, const char *value, struct error *err);

/* Apply FUNDAMENT_* variables (FUNDAMENT_DATA_DIR -> data-dir, ...). */
int config_from_env(struct config *c, struct error *err);

/* Apply a "name = value" file (# comments). */
int config_from_file(struct config *c, const char *path, struct error *err);

/* 1 if name is a setting config_set knows. */
int config_is_setting(const char *name);

/* Derive what was not set: base from bind and port (always ending in '/'),
 * bundle_dir from the installed or built-from tree. */
int config_finish(struct config *c, struct error *err);

/* One line per setting, for --help. */
void config_print_help(FILE *f);

#endif
