/* SPDX-License-Identifier: MIT */
/* The top-level commands, sorted by name (a unit test checks the order). */
#include "cmd/cmd.h"

extern const struct fsx_cmd cmd_check;
extern const struct fsx_cmd cmd_migrate;
extern const struct fsx_cmd cmd_fid2path, cmd_path2fid, cmd_hsm_action, cmd_hsm_archive,
	cmd_hsm_cancel, cmd_hsm_clear, cmd_hsm_release, cmd_hsm_remove, cmd_hsm_restore,
	cmd_hsm_set, cmd_hsm_state;

extern const struct fsx_cmd cmd_quota, cmd_setquota;
extern const struct fsx_cmd cmd_df;
extern const struct fsx_cmd cmd_getstripe, cmd_help, cmd_setstripe, cmd_version;
extern const struct fsx_cmd cmd_backup, cmd_dra, cmd_export, cmd_fs, cmd_import;
extern const struct fsx_cmd cmd_release, cmd_task;
extern const struct fsx_cmd cmd___complete, cmd___manpage, cmd_completion, cmd_shell;

const struct fsx_cmd *const fsx_commands[] = {
	&cmd___complete,
	&cmd___manpage,
	&cmd_backup,
	&cmd_check,
	&cmd_completion,
	&cmd_df,
	&cmd_dra,
	&cmd_export,
	&cmd_fid2path,
	&cmd_fs,
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
	&cmd_import,
	&cmd_migrate,
	&cmd_path2fid,
	&cmd_quota,
	&cmd_release,
	&cmd_setquota,
	&cmd_setstripe,
	&cmd_shell,
	&cmd_task,
	&cmd_version,
	NULL,
};
