/* config.c - settings from flags, a config file and FUNDAMENT_* variables. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum kind { K_STR, K_PORT, K_SIZE, K_UINT };

struct setting {
    const char *name; /* long flag without "--" */
    enum kind kind;
    size_t offset;
    const char *help;
};

#define S(name, kind, field, help) {name, kind, offsetof(struct config, field), help}
static const struct setting settings[] = {
    S("bind", K_STR, bind, "address to listen on (default 127.0.0.1)"),
    S("port", K_PORT, port, "TCP port (default 8080)"),
    S("data-dir", K_STR, data_dir, "folder of the journal (default ./fundament-data)"),
    S("base", K_STR, base, "base IRI of the registry (default http://127.0.0.1:PORT/)"),
    S("bundle", K_STR, bundle_dir, "folder holding vocab/ shapes/ data/ (default: installed)"),
    S("access-log", K_STR, access_log, "access log file, - for stderr (default -)"),
    S("max-body", K_SIZE, max_body, "largest request body, bytes; K M G suffixes (16M)"),
    S("conn-timeout", K_UINT, conn_timeout, "seconds before an idle connection closes (30)"),
    S("conn-limit", K_UINT, conn_limit, "concurrent connections (256)"),
    S("conn-memory", K_SIZE, conn_memory, "memory per connection, bytes (64K)"),
    S("threads", K_UINT, threads, "HTTP worker threads (4)"),
    S("max-path", K_SIZE, max_path, "longest request target, bytes (4K)"),
    S("cache-size", K_SIZE, cache_size, "bytes of serialized answers kept in memory (64M)"),
    S("cache-control", K_STR, cache_control, "Cache-Control of documents (public, max-age=300)"),
};
#undef S

void config_init(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->bind = strdup("127.0.0.1");
    c->port = 8080;
    c->data_dir = strdup("fundament-data");
    c->max_body = 16u << 20;
    c->conn_timeout = 30;
    c->conn_limit = 256;
    c->conn_memory = 64u << 10;
    c->threads = 4;
    c->max_path = 4096;
    c->cache_size = 64u << 20;
    c->cache_control = strdup("public, max-age=300");
}

void config_clear(struct config *c)
{
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
        if (settings[i].kind == K_STR) {
            char **p = (char **)((char *)c + settings[i].offset);
            free(*p);
            *p = NULL;
        }
}

static int parse_size(const char *v, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (errno || end == v || *v == '-')
        return -1;
    unsigned shift = 0;
    switch (toupper((unsigned char)*end)) {
    case 'K': shift = 10; end++; break;
    case 'M': shift = 20; end++; break;
    case 'G': shift = 30; end++; break;
    default: break;
    }
    if (shift && (*end == 'i' || *end == 'I'))
        end++;
    if (toupper((unsigned char)*end) == 'B')
        end++;
    if (*end || n > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)(n << shift);
    return 0;
}

int config_set(struct config *c, const char *name, const char *value, struct error *err)
{
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        const struct setting *s = &settings[i];
        void *field = (char *)c + s->offset;
        size_t n;
        if (strcmp(s->name, name))
            continue;
        switch (s->kind) {
        case K_STR: {
            char *dup = strdup(value);
            if (!dup) {
                error_set(err, "out of memory");
                return -1;
            }
            free(*(char **)field);
            *(char **)field = dup;
            return 0;
        }
        case K_PORT:
            if (parse_size(value, &n) < 0 || n > 65535) {
                error_set(err, "--%s: '%s' is not a port number (0-65535)", name, value);
                return -1;
            }
            *(int *)field = (int)n;
            return 0;
        case K_SIZE:
            if (parse_size(value, &n) < 0) {
                error_set(err, "--%s: '%s' is not a size (e.g. 4096, 64K, 16M)", name, value);
                return -1;
            }
            *(size_t *)field = n;
            return 0;
        case K_UINT:
            if (parse_size(value, &n) < 0 || n > UINT_MAX) {
                error_set(err, "--%s: '%s' is not a whole number", name, value);
                return -1;
            }
            *(unsigned *)field = (unsigned)n;
            return 0;
        }
    }
    error_set(err, "unknown setting '%s'", name);
    return -1;
}

int config_is_setting(const char *name)
{
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
        if (!strcmp(settings[i].name, name))
            return 1;
    return 0;
}

void config_print_help(FILE *f)
{
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++)
        fprintf(f, "  --%-14s %s\n", settings[i].name, settings[i].help);
    fprintf(f, "  --%-14s %s\n", "config FILE", "read settings from FILE (name = value lines)");
    fprintf(f, "Every setting can also come from FUNDAMENT_<NAME> (e.g. FUNDAMENT_DATA_DIR);\n"
               "flags win over the config file, which wins over the environment.\n");
}

int config_from_env(struct config *c, struct error *err)
{
    char var[64];

    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        size_t n = (size_t)snprintf(var, sizeof var, "FUNDAMENT_%s", settings[i].name);
        for (size_t j = 0; j < n; j++)
            var[j] = var[j] == '-' ? '_' : (char)toupper((unsigned char)var[j]);
        const char *v = getenv(var);
        if (v && config_set(c, settings[i].name, v, err) < 0) {
            char msg[ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            error_set(err, "%s: %s", var, msg);
            return -1;
        }
    }
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

int config_from_file(struct config *c, const char *path, struct error *err)
{
    char line[4096];
    int lineno = 0, rc = -1;
    FILE *f = fopen(path, "r");

    if (!f) {
        error_set(err, "cannot read config file %s: %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            error_set_at(err, lineno, 0, "%s:%d: expected 'name = value'", path, lineno);
            goto out;
        }
        *eq = '\0';
        char *name = trim(s), *value = trim(eq + 1);
        if (config_set(c, name, value, err) < 0) {
            char msg[ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err->msg);
            error_set_at(err, lineno, 0, "%s:%d: %s", path, lineno, msg);
            goto out;
        }
    }
    rc = 0;
out:
    fclose(f);
    return rc;
}

int config_finish(struct config *c, struct error *err)
{
    if (!c->base) {
        char buf[300];
        const char *host = c->bind;
        if (!strcmp(host, "0.0.0.0") || !strcmp(host, "::"))
            host = "127.0.0.1";
        snprintf(buf, sizeof buf, strchr(host, ':') ? "http://[%s]:%d/" : "http://%s:%d/", host,
                 c->port);
        c->base = strdup(buf);
    } else if (c->base[0] && c->base[strlen(c->base) - 1] != '/') {
        size_t n = strlen(c->base);
        char *b = malloc(n + 2);
        if (b) {
            memcpy(b, c->base, n);
            b[n] = '/';
            b[n + 1] = '\0';
        }
        free(c->base);
        c->base = b;
    }
    if (!c->base) {
        error_set(err, "out of memory");
        return -1;
    }
    if (strncmp(c->base, "http://", 7) && strncmp(c->base, "https://", 8)) {
        error_set(err, "--base: '%s' is not an http(s) IRI", c->base);
        return -1;
    }
    if (!c->bundle_dir) {
        /* installed content first, else the source tree this binary was built from */
        const char *dirs[] = {FUNDAMENT_PKGDATADIR, FUNDAMENT_SRCDIR};
        for (size_t i = 0; i < 2 && !c->bundle_dir; i++) {
            char probe[4096];
            snprintf(probe, sizeof probe, "%s/vocab", dirs[i]);
            if (access(probe, R_OK | X_OK) == 0)
                c->bundle_dir = strdup(dirs[i]);
        }
    }
    if (c->threads == 0)
        c->threads = 1;
    return 0;
}
