// SPDX-License-Identifier: MIT
/* `memhp up`: the live machine's command (cli/up.c). */
#ifndef MEMHP_CLI_UP_H
#define MEMHP_CLI_UP_H

/** memhp_up() - run `memhp up ARGS`; Return: the exit status (0, 1, 64). */
int memhp_up(int argc, char **argv);

#endif
