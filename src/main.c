/* main.c - the fundament command line: one table of subcommands. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"

extern const struct cmd_entry cmd_serve_entry, cmd_load_entry, cmd_export_entry, cmd_rebuild_entry,
    cmd_convert_entry;
extern const struct cmd_entry cmd_query_entry;

static const struct cmd_entry *const cmd_table[] = {
    &cmd_serve_entry,
    &cmd_load_entry,
    &cmd_export_entry,
    &cmd_rebuild_entry,
    &cmd_convert_entry,
    &cmd_query_entry,
    NULL,
};

static void usage(FILE *f)
{
    fprintf(f, "usage: fundament COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; cmd_table[i]; i++)
        fprintf(f, "  %-9s %s\n", cmd_table[i]->name, cmd_table[i]->summary);
    fprintf(f, "\n'fundament COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("fundament %s\n", PACKAGE_VERSION);
        return 0;
    }
    for (size_t i = 0; cmd_table[i]; i++)
        if (!strcmp(argv[1], cmd_table[i]->name))
            return cmd_table[i]->exec(argc - 1, argv + 1);
    fprintf(stderr, "fundament: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
