/* SPDX-License-Identifier: MIT */
/* The top-level commands, sorted by name (a unit test checks the order). */
#include "cmd/cmd.h"

extern const struct fsx_cmd cmd_fid2path, cmd_path2fid, cmd_hsm_action, cmd_hsm_archive,
	cmd_hsm_cancel, cmd_hsm_clear, cmd_hsm_release, cmd_hsm_remove, cmd_hsm_restore,
	cmd_hsm_set, cmd_hsm_state;

extern const struct fsx_cmd cmd_quota, cmd_setquota;
extern const struct fsx_cmd cmd_df;
extern const struct fsx_cmd cmd_getstripe, cmd_help, cmd_setstripe, cmd_version;
extern const struct fsx_cmd cmd___complete, cmd_completion, cmd_shell;

const struct fsx_cmd *const fsx_commands[] = {
	&cmd___complete,
	&cmd_completion,
	&cmd_df,
	&cmd_fid2path,
	&cmd_getstripe,
	&cmd_help,
	&cmd_hsm_action,
	&cmd_hsm_archive,
	&cmd_hsm_cancel,
	&cmd_hsm_clear,
	&cmd_hsm_release,
	&cmd_hsm_remove,
	&cmd_hsm_restore,
	&cmd_hsm_set,
	&cmd_hsm_state,
	&cmd_path2fid,
	&cmd_quota,
	&cmd_setquota,
	&cmd_setstripe,
	&cmd_shell,
	&cmd_version,
	NULL,
};
