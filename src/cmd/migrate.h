/* SPDX-License-Identifier: MIT */
#ifndef FSX_CMD_MIGRATE_H
#define FSX_CMD_MIGRATE_H

#include "cmd/cmd.h"

extern const struct fsx_cmd cmd_migrate;

#endif
