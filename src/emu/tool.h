/* SPDX-License-Identifier: MIT */
/* The fsxemu launcher's commands. */
#ifndef EMU_TOOL_H
#define EMU_TOOL_H

#include <stdarg.h>

#include "emu/emu.h"

int emu_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int emu_canonical(const char *dir, int create, char *out);
int emu_tool_mount(const char *dir, struct emu_mount *m);

int emu_cmd_run(int argc, char **argv);
int emu_cmd_import(int argc, char **argv);
int emu_cmd_copytool(int argc, char **argv);

#endif /* EMU_TOOL_H */
