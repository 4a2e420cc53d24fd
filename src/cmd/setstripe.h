/* SPDX-License-Identifier: MIT */
#ifndef FSX_CMD_SETSTRIPE_H
#define FSX_CMD_SETSTRIPE_H

#include "cmd/cmd.h"
#include "layout/layout.h"

extern const struct fsx_cmd cmd_setstripe;
/* The layout a parsed setstripe request describes (unit tests). */
struct layout_spec *setstripe_spec(void *req);

#endif
