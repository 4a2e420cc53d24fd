/* SPDX-License-Identifier: MIT */
/* /proc/self/mountinfo parsing and the path -> Lustre mount match. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "lustre/mount.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = 0;
}

int lustre_mountinfo_line(char *line, char **ret_mnt, char **ret_type,
			  char **ret_src, unsigned *ret_major,
			  unsigned *ret_minor)
{
	char *f[6], *save = NULL, *tok, *dash;
	int n = 0;

	dash = strstr(line, " - ");
	if (!dash)
		return -EINVAL;
	*dash = 0;
	for (tok = strtok_r(line, " ", &save); tok && n < 6;
	     tok = strtok_r(NULL, " ", &save))
		f[n++] = tok;
	if (n < 5 || sscanf(f[2], "%u:%u", ret_major, ret_minor) != 2)
		return -EINVAL;
	*ret_mnt = f[4];
	save = NULL;
	*ret_type = strtok_r(dash + 3, " \n", &save);
	*ret_src = strtok_r(NULL, " \n", &save);
	if (!*ret_type || !*ret_src)
		return -EINVAL;
	unescape(*ret_mnt);
	unescape(*ret_src);
	return 0;
}

static int under(const char *path, const char *mnt)
{
	size_t n = strlen(mnt);

	if (!strcmp(mnt, "/"))
		return 1;
	return !strncmp(path, mnt, n) && (path[n] == '/' || !path[n]);
}

static int take(struct lustre_mount *m, const char *mnt, const char *src)
{
	const char *sep = strstr(src, ":/");
	size_t nidlen;

	if (!sep)
		return -EINVAL;
	nidlen = strcspn(src, ":,");
	snprintf(m->nid, sizeof(m->nid), "%.*s", (int)nidlen, src);
	snprintf(m->mountname, sizeof(m->mountname), "%.*s",
		 (int)strcspn(sep + 2, "/"), sep + 2);
	snprintf(m->mountpoint, sizeof(m->mountpoint), "%s", mnt);
	return 0;
}

int lustre_mount_find(const char *path, struct lustre_mount *ret,
		      struct fsx_why *why)
{
	struct lustre_mount best;
	char real[PATH_MAX], *line = NULL;
	size_t cap = 0, bestlen = 0;
	struct stat st;
	FILE *f;

	memset(&best, 0, sizeof(best));
	if (!realpath(path, real) || stat(real, &st))
		return why_set(why, -errno, "cannot resolve");
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return why_set(why, -errno,
			       "/proc/self/mountinfo: cannot read");
	while (getline(&line, &cap, f) > 0) {
		char *mnt, *type, *src;
		unsigned maj, min;

		if (lustre_mountinfo_line(line, &mnt, &type, &src, &maj,
					  &min) ||
		    strcmp(type, "lustre") || makedev(maj, min) != st.st_dev ||
		    !under(real, mnt) || strlen(mnt) < bestlen)
			continue;
		if (!take(&best, mnt, src))
			bestlen = strlen(mnt);
	}
	free(line);
	fclose(f);
	if (!best.mountpoint[0])
		return why_set(why, -EMEDIUMTYPE, "not on a Lustre filesystem");
	snprintf(best.relpath, sizeof(best.relpath), "%s",
		 strcmp(best.mountpoint, "/") ? real + bestlen : real);
	if (!best.relpath[0])
		snprintf(best.relpath, sizeof(best.relpath), "/");
	*ret = best;
	return 0;
}
