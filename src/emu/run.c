// SPDX-License-Identifier: MIT
/*
 * fsxemu run: put libfsxemu.so into LD_PRELOAD, name the active mounts in
 * FSXEMU_MOUNTS and exec the command (its exit status is ours).
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/tool.h"

int emu_tool_mount(const char *dir, struct emu_mount *m)
{
	static char root[PATH_MAX], state[PATH_MAX];
	struct stat st;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = emu_canonical(dir, 0, root)) || (rc = emu_state_dir(root, state, sizeof(state)))) {
		fprintf(stderr, "fsxemu: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	if (stat(state, &st) || (rc = emu_config_load(state, &m->cfg))) {
		fprintf(stderr, "fsxemu: %s: not an emulated mount (see 'fsxemu init')\n", dir);
		return 1;
	}
	if (stat(root, &st))
		return 1;
	m->root = root;
	m->rootlen = strlen(root);
	m->state = state;
	m->loaded = 1;
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	return 0;
}

/* libfsxemu.so next to us (build/) or in ../lib/fsxctl/ (make install) */
static int find_lib(char *out, size_t len)
{
	char exe[PATH_MAX], *dir;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *env = getenv("FSXEMU_LIB");

	if (env && !access(env, R_OK)) {
		snprintf(out, len, "%s", env);
		return 0;
	}
	if (n < 0)
		return -errno;
	exe[n] = 0;
	dir = dirname(exe);
	snprintf(out, len, "%s/libfsxemu.so", dir);
	if (!access(out, R_OK))
		return 0;
	snprintf(out, len, "%s/../lib/fsxctl/libfsxemu.so", dir);
	if (!access(out, R_OK))
		return 0;
	return -ENOENT;
}

static int listed(const char *list, const char *item, char sep)
{
	size_t n = strlen(item);

	for (const char *p = list; p && *p;) {
		const char *e = strchrnul(p, sep);

		if ((size_t)(e - p) == n && !strncmp(p, item, n))
			return 1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

static int add_env(const char *name, const char *item, char sep)
{
	const char *old = getenv(name);
	char *val;
	int rc;

	if (old && *old && listed(old, item, sep))
		return 0;
	if (old && *old) {
		if (asprintf(&val, "%s%c%s", old, sep, item) < 0)
			return -ENOMEM;
	} else if (!(val = strdup(item))) {
		return -ENOMEM;
	}
	rc = setenv(name, val, 1);
	free(val);
	return rc ? -errno : 0;
}

int emu_cmd_run(int argc, char **argv)
{
	char lib[PATH_MAX], *dirs, *tok, *save;
	struct emu_mount m;
	int cmd = 2, rc;

	if (argc < 2)
		return emu_usage_error("run: expected DIR -- CMD [ARGS...]");
	if (argc > 2 && !strcmp(argv[2], "--"))
		cmd = 3;
	if (cmd >= argc)
		return emu_usage_error("run: expected a command after DIR --");
	if ((rc = find_lib(lib, sizeof(lib)))) {
		fprintf(stderr, "fsxemu: run: libfsxemu.so not found next to fsxemu or in ../lib/fsxctl\n");
		return 1;
	}
	dirs = strdup(argv[1]);
	if (!dirs)
		return 1;
	rc = 0;
	for (tok = strtok_r(dirs, ":", &save); tok && !rc; tok = strtok_r(NULL, ":", &save)) {
		rc = emu_tool_mount(tok, &m);
		if (!rc && add_env(EMU_ENV_MOUNTS, m.root, ':'))
			rc = 1;
	}
	free(dirs);
	if (rc)
		return rc;
	if (add_env("LD_PRELOAD", lib, ' ') ||
	    add_env("ASAN_OPTIONS", "verify_asan_link_order=0", ':'))
		return 1;
	execvp(argv[cmd], argv + cmd);
	rc = errno;
	fprintf(stderr, "fsxemu: run: %s: %s\n", argv[cmd], strerror(rc));
	return rc == ENOENT ? 127 : 126;
}
