/* cmd.h - one entry per subcommand of the fundament CLI (table in main.c). */
#ifndef FUNDAMENT_CMD_H
#define FUNDAMENT_CMD_H

#include <stddef.h>

struct cmd_entry {
    const char *name;
    const char *usage;   /* one line of options */
    const char *summary; /* what it does, one line */
    int (*exec)(int argc, char **argv); /* argv[0] is the subcommand; returns exit status */
};

/* Exit statuses: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
#define EXIT_USAGE 2

void cmd_usage(const struct cmd_entry *e);

/* Parsed command line: --name value pairs (shared pointers into argv) and
 * positional arguments. */
struct cmd_args {
    const char **names, **values;
    size_t n;
    const char **positional;
    size_t npositional;
    int help; /* --help or -h was given */
};

struct config;

/* Parse argv (argv[0] is the subcommand). opts take a value, flags do not;
 * with settings set, every config setting and --config are accepted too.
 * An unknown option prints usage and returns -1 (exit EXIT_USAGE). */
int cmd_args_parse(const struct cmd_entry *e, int argc, char **argv, const char *const *opts,
                   const char *const *flags, int settings, struct cmd_args *a);
const char *cmd_args_get(const struct cmd_args *a, const char *name);
void cmd_args_free(struct cmd_args *a);

/* Build the configuration: defaults, FUNDAMENT_* environment, config file
 * (--config or FUNDAMENT_CONFIG), flags. Prints the error and returns -1. */
int cmd_config(const struct cmd_args *a, struct config *c);

#endif
