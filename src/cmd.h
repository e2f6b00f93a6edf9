/* cmd.h - one entry per subcommand of the fundament CLI (table in main.c). */
#ifndef FUNDAMENT_CMD_H
#define FUNDAMENT_CMD_H

struct cmd_entry {
    const char *name;
    const char *usage;   /* one line of options */
    const char *summary; /* what it does, one line */
    int (*exec)(int argc, char **argv); /* argv[0] is the subcommand; returns exit status */
};

/* Exit statuses: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
#define EXIT_USAGE 2

void cmd_usage(const struct cmd_entry *e);

#endif
