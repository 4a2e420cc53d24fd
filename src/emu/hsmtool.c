// SPDX-License-Identifier: MIT
/* fsxemu import and fsxemu copytool (not yet). */
#include <stdio.h>

#include "emu/tool.h"

int emu_cmd_import(int argc, char **argv)
{
	(void)argc, (void)argv;
	fprintf(stderr, "fsxemu: import: not implemented yet\n");
	return 1;
}

int emu_cmd_copytool(int argc, char **argv)
{
	(void)argc, (void)argv;
	fprintf(stderr, "fsxemu: copytool: not implemented yet\n");
	return 1;
}
