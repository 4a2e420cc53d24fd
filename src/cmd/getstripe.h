/* SPDX-License-Identifier: MIT */
#ifndef FSX_CMD_GETSTRIPE_H
#define FSX_CMD_GETSTRIPE_H

#include "cmd/cmd.h"
#include "layout/layout.h"

extern const struct fsx_cmd cmd_getstripe;
/* What the parsed request selects, as the printer takes it (unit tests). */
int getstripe_print_setup(void *req, struct lov_print *p);

#endif
