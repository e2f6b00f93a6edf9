/* sparql_query_driver.c - runs `fundament query` (cmd_query.c) on its own,
 * for the conformance suite while the main binary does not list it yet. */
#include "cmd.h"

extern const struct cmd_entry cmd_query_entry;

int main(int argc, char **argv)
{
    /* argv[1] is "query", the subcommand */
    return argc > 1 ? cmd_query_entry.exec(argc - 1, argv + 1) : 2;
}
