/* cmd.c - option parsing shared by the subcommands. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

void cmd_usage(const struct cmd_entry *e)
{
    fprintf(stderr, "usage: fundament %s %s\n       %s\n", e->name, e->usage, e->summary);
}

static int in_list(const char *const *list, const char *name)
{
    for (size_t i = 0; list && list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

void cmd_args_free(struct cmd_args *a)
{
    free(a->names);
    free(a->values);
    free(a->positional);
    memset(a, 0, sizeof *a);
}

static int push(struct cmd_args *a, const char *name, const char *value)
{
    const char **n = realloc(a->names, (a->n + 1) * sizeof *n);
    if (n)
        a->names = n;
    const char **v = realloc(a->values, (a->n + 1) * sizeof *v);
    if (v)
        a->values = v;
    if (!n || !v)
        return -1;
    a->names[a->n] = name;
    a->values[a->n] = value;
    a->n++;
    return 0;
}

int cmd_args_parse(const struct cmd_entry *e, int argc, char **argv, const char *const *opts,
                   const char *const *flags, int settings, struct cmd_args *a)
{
    memset(a, 0, sizeof *a);
    a->positional = calloc((size_t)argc + 1, sizeof *a->positional);
    if (!a->positional)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--")) {
            while (++i < argc)
                a->positional[a->npositional++] = argv[i];
            break;
        }
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            a->help = 1;
            continue;
        }
        if (strncmp(arg, "--", 2) || !arg[2]) {
            a->positional[a->npositional++] = arg;
            continue;
        }
        /* --name value or --name=value; names point into argv */
        static char names[64][64];
        const char *name = arg + 2, *value = NULL, *eq = strchr(name, '=');
        if (eq) {
            size_t len = (size_t)(eq - name);
            if (len >= sizeof names[0] || a->n >= 64)
                goto bad;
            memcpy(names[a->n], name, len);
            names[a->n][len] = '\0';
            name = names[a->n];
            value = eq + 1;
        }
        if (in_list(flags, name)) {
            if (value)
                goto bad;
            if (push(a, name, "1") < 0) {
                cmd_args_free(a);
                return -1;
            }
            continue;
        }
        if (!in_list(opts, name) && !(settings && (config_is_setting(name) ||
                                                   !strcmp(name, "config"))))
            goto bad;
        if (!value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "fundament %s: option --%s needs a value\n", e->name, name);
                cmd_usage(e);
                cmd_args_free(a);
                return -1;
            }
            value = argv[++i];
        }
        if (push(a, name, value) < 0) {
            cmd_args_free(a);
            return -1;
        }
        continue;
    bad:
        fprintf(stderr, "fundament %s: unknown option '%s'\n", e->name, arg);
        cmd_usage(e);
        cmd_args_free(a);
        return -1;
    }
    return 0;
}

const char *cmd_args_get(const struct cmd_args *a, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->names[i], name))
            v = a->values[i]; /* the last one wins */
    return v;
}

int cmd_config(const struct cmd_args *a, struct config *c)
{
    struct error err;
    const char *file;

    error_clear(&err);
    config_init(c);
    if (config_from_env(c, &err) < 0)
        goto fail;
    file = cmd_args_get(a, "config");
    if (!file)
        file = getenv("FUNDAMENT_CONFIG");
    if (file && config_from_file(c, file, &err) < 0)
        goto fail;
    for (size_t i = 0; i < a->n; i++)
        if (config_is_setting(a->names[i]) && config_set(c, a->names[i], a->values[i], &err) < 0)
            goto fail;
    if (config_finish(c, &err) < 0)
        goto fail;
    return 0;
fail:
    fprintf(stderr, "fundament: %s\n", err.msg);
    config_clear(c);
    return -1;
}
