/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lustre/lovinfo.h"
#include "lustre/lustre.h"

/* /sys/fs/lustre/lov/<lov>/<name>, else /proc/fs/lustre/lov/<lov>/<name>. */
static int lov_param_path(const char *path, const char *name, char *buf,
			  size_t size)
{
	char lov[MAX_OBD_NAME];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), rc;

	if (fd < 0)
		return -errno;
	rc = lustre_fd_is_lustre(fd);
	if (rc == 1)
		rc = lustre_lov_name(fd, lov, sizeof(lov));
	else if (rc == 0)
		rc = -ENOTTY;
	close(fd);
	if (rc)
		return rc;
	snprintf(buf, size, "/sys/fs/lustre/lov/%s/%s", lov, name);
	if (access(buf, F_OK) == 0)
		return 0;
	snprintf(buf, size, "/proc/fs/lustre/lov/%s/%s", lov, name);
	return 0;
}

int lustre_pools_foreach(const char *path,
			 int (*fn)(void *arg, const char *pool), void *arg)
{
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int rc = lov_param_path(path, "pools", dir, sizeof(dir));

	if (rc)
		return rc;
	d = opendir(dir);
	if (!d)
		return -errno;
	while (rc == 0 && (de = readdir(d)))
		if (de->d_name[0] != '.')
			rc = fn(arg, de->d_name);
	closedir(d);
	return rc;
}

int lustre_osts_foreach(const char *path,
			int (*fn)(void *arg, int idx, const char *uuid,
				  int active),
			void *arg)
{
	char file[PATH_MAX], line[256], uuid[128], state[16];
	FILE *f;
	int rc = lov_param_path(path, "target_obd", file, sizeof(file)), idx;

	if (rc)
		return rc;
	f = fopen(file, "re");
	if (!f)
		return -errno;
	while (rc == 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%d: %127s %15s", &idx, uuid, state) == 3)
			rc = fn(arg, idx, uuid, !strcmp(state, "ACTIVE"));
	fclose(f);
	return rc;
}
