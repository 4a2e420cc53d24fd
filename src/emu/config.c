// SPDX-License-Identifier: MIT
/*
 * The emulated mount's configuration: a text file `config` in the state
 * directory (a sibling of the mount root, so that walks of the mount never
 * see it), plus the /sys and /proc files lfs reads, kept as real files
 * under state/virt/ and shown at their Lustre paths by the preload.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/emu.h"

int emu_state_dir(const char *root, char *buf, size_t len)
{
	const char *slash = strrchr(root, '/');
	int n;

	if (!slash || !slash[1])
		return -EINVAL;
	n = snprintf(buf, len, "%.*s/.%s.fsxemu", (int)(slash - root), root, slash + 1);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

const struct emu_pool *emu_pool_find(const struct emu_config *cfg, const char *name)
{
	for (unsigned int i = 0; i < cfg->npools; i++)
		if (!strcmp(cfg->pools[i].name, name))
			return &cfg->pools[i];
	return NULL;
}

/* "1.2T", "512G", "100M", "4096": binary units, bytes by default */
int emu_parse_size(const char *s, uint64_t *ret)
{
	static const char units[] = "KMGTPE";
	char *end;
	double v;
	const char *u;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -EINVAL;
	if (*end) {
		u = strchr(units, *end & ~0x20);
		if (!u || (end[1] && strcmp(end + 1, "iB") && strcmp(end + 1, "B")))
			return -EINVAL;
		for (long i = 0; i <= u - units; i++)
			v *= 1024;
	}
	if (v >= 18446744073709551615.0)
		return -ERANGE;
	*ret = (uint64_t)v;
	return 0;
}

/* "0-3,7,9-10" -> index list */
int emu_parse_idx_list(const char *s, uint16_t *idx, unsigned int max, unsigned int *ret_n)
{
	unsigned int n = 0;
	char *end;

	while (*s) {
		unsigned long a = strtoul(s, &end, 0), b = a;

		if (end == s)
			return -EINVAL;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 0);
			if (end == s || b < a)
				return -EINVAL;
		}
		if (b > 65535)
			return -ERANGE;
		for (unsigned long i = a; i <= b; i++) {
			if (n >= max)
				return -E2BIG;
			idx[n++] = (uint16_t)i;
		}
		if (*end == ',')
			end++;
		else if (*end)
			return -EINVAL;
		s = end;
	}
	if (!n)
		return -EINVAL;
	*ret_n = n;
	return 0;
}

void emu_lov_name(const struct emu_config *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s-clilov-%s", cfg->fsname, cfg->inst);
}

void emu_lmv_name(const struct emu_config *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s-clilmv-%s", cfg->fsname, cfg->inst);
}

static void config_set(struct emu_config *cfg, const char *key, const char *val)
{
	uint64_t v = 0;

	if (!strcmp(key, "fsname"))
		snprintf(cfg->fsname, sizeof(cfg->fsname), "%s", val);
	else if (!strcmp(key, "nid"))
		snprintf(cfg->nid, sizeof(cfg->nid), "%s", val);
	else if (!strcmp(key, "instance"))
		snprintf(cfg->inst, sizeof(cfg->inst), "%s", val);
	else if (!strcmp(key, "repo"))
		snprintf(cfg->repo, sizeof(cfg->repo), "%s", val);
	else if (!strcmp(key, "osts"))
		cfg->osts = (unsigned int)strtoul(val, NULL, 0);
	else if (!strcmp(key, "mdts"))
		cfg->mdts = (unsigned int)strtoul(val, NULL, 0);
	else if (!strcmp(key, "ost_size") && !emu_parse_size(val, &v))
		cfg->ost_size = v;
	else if (!strcmp(key, "mdt_size") && !emu_parse_size(val, &v))
		cfg->mdt_size = v;
	else if (!strcmp(key, "stripesize"))
		cfg->stripesize = (uint32_t)strtoul(val, NULL, 0);
	else if (!strcmp(key, "stripecount"))
		cfg->stripecount = atoi(val);
	else if (!strcmp(key, "stripeoffset"))
		cfg->stripeoffset = atoi(val);
	else if (!strcmp(key, "hsm_max_active"))
		cfg->hsm_max_active = (unsigned int)strtoul(val, NULL, 0);
	else if (!strcmp(key, "quota"))
		snprintf(cfg->quota_types, sizeof(cfg->quota_types), "%.3s", val);
}

static void config_pool(struct emu_config *cfg, const char *val)
{
	const char *eq = strchr(val, '=');
	struct emu_pool *p;

	if (!eq || cfg->npools >= EMU_MAX_POOLS || eq - val > LOV_MAXPOOLNAME)
		return;
	p = &cfg->pools[cfg->npools];
	memset(p, 0, sizeof(*p));
	memcpy(p->name, val, (size_t)(eq - val));
	if (!emu_parse_idx_list(eq + 1, p->idx, 1024, &p->n))
		cfg->npools++;
}

int emu_config_load(const char *state, struct emu_config *cfg)
{
	char path[PATH_MAX], line[PATH_MAX + 64];
	FILE *f;
	int fd;

	memset(cfg, 0, sizeof(*cfg));
	cfg->stripesize = 1048576;
	cfg->stripecount = 1;
	cfg->stripeoffset = -1;
	cfg->hsm_max_active = 3;
	strcpy(cfg->quota_types, "ugp");
	snprintf(path, sizeof(path), "%s/config", state);
	fd = emu_real.open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		emu_real.close(fd);
		return -ENOMEM;
	}
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		line[strcspn(line, "\n")] = 0;
		if (!eq || line[0] == '#')
			continue;
		*eq = 0;
		if (!strcmp(line, "pool"))
			config_pool(cfg, eq + 1);
		else
			config_set(cfg, line, eq + 1);
	}
	fclose(f);
	if (!cfg->osts || cfg->osts > EMU_MAX_OSTS || !cfg->mdts || !cfg->fsname[0])
		return -EINVAL;
	return 0;
}

int emu_config_save(const char *state, const struct emu_config *cfg)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/config", state);
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fprintf(f, "# fsxemu mount configuration (see docs/fsxemu.md)\n");
	fprintf(f, "fsname=%s\nnid=%s\ninstance=%s\nrepo=%s\n", cfg->fsname, cfg->nid,
		cfg->inst, cfg->repo);
	fprintf(f, "osts=%u\nmdts=%u\nost_size=%" PRIu64 "\nmdt_size=%" PRIu64 "\n", cfg->osts,
		cfg->mdts, cfg->ost_size, cfg->mdt_size);
	fprintf(f, "stripesize=%u\nstripecount=%d\nstripeoffset=%d\nhsm_max_active=%u\n",
		cfg->stripesize, cfg->stripecount, cfg->stripeoffset, cfg->hsm_max_active);
	fprintf(f, "quota=%s\n", cfg->quota_types);
	for (unsigned int i = 0; i < cfg->npools; i++) {
		const struct emu_pool *p = &cfg->pools[i];

		fprintf(f, "pool=%s=", p->name);
		for (unsigned int j = 0; j < p->n; j++)
			fprintf(f, "%s%u", j ? "," : "", p->idx[j]);
		fputc('\n', f);
	}
	if (fclose(f))
		return -errno;
	return 0;
}

static int mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int put(const char *dir, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int put(const char *dir, const char *name, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (!f)
		return -errno;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return fclose(f) ? -errno : 0;
}

/* The parameter files of lustre-abi.md §1.4 and §11, as real files. */
int emu_write_virt(const char *state, const struct emu_config *cfg)
{
	char lov[128], lmv[128], dir[PATH_MAX], buf[PATH_MAX + 32];
	FILE *f;
	int rc;

	emu_lov_name(cfg, lov, sizeof(lov));
	emu_lmv_name(cfg, lmv, sizeof(lmv));
	snprintf(dir, sizeof(dir), "%s/virt/sys/fs/lustre/lov/%s", state, lov);
	if ((rc = mkdirs(dir)))
		return rc;
	put(dir, "stripesize", "%u\n", cfg->stripesize);
	put(dir, "stripecount", "%d\n", cfg->stripecount);
	put(dir, "stripeoffset", "%d\n", cfg->stripeoffset);
	put(dir, "stripetype", "%d\n", LOV_PATTERN_RAID0);
	put(dir, "numobd", "%u\n", cfg->osts);
	put(dir, "activeobd", "%u\n", cfg->osts);
	put(dir, "desc_uuid", "%s-clilov_UUID\n", cfg->fsname);
	snprintf(dir, sizeof(dir), "%s/virt/sys/fs/lustre/llite/%s-%s", state, cfg->fsname,
		 cfg->inst);
	if ((rc = mkdirs(dir)))
		return rc;
	put(dir, "uuid", "%s-clilmv_UUID\n", cfg->fsname);
	snprintf(dir, sizeof(dir), "%s/virt/proc/fs/lustre/lov/%s/pools", state, lov);
	if ((rc = mkdirs(dir)))
		return rc;
	for (unsigned int i = 0; i < cfg->npools; i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, cfg->pools[i].name);
		f = fopen(buf, "we");
		if (!f)
			return -errno;
		for (unsigned int j = 0; j < cfg->pools[i].n; j++)
			fprintf(f, "%s-OST%04x_UUID\n", cfg->fsname, cfg->pools[i].idx[j]);
		fclose(f);
	}
	snprintf(dir, sizeof(dir), "%s/virt/proc/fs/lustre/lov/%s/target_obd", state, lov);
	if (!(f = fopen(dir, "we")))
		return -errno;
	for (unsigned int i = 0; i < cfg->osts; i++)
		fprintf(f, "%u: %s-OST%04x_UUID ACTIVE\n", i, cfg->fsname, i);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/virt/proc/fs/lustre/lmv/%s", state, lmv);
	if ((rc = mkdirs(dir)))
		return rc;
	snprintf(dir, sizeof(dir), "%s/virt/proc/fs/lustre/lmv/%s/target_obd", state, lmv);
	if (!(f = fopen(dir, "we")))
		return -errno;
	for (unsigned int i = 0; i < cfg->mdts; i++)
		fprintf(f, "%u: %s-MDT%04x_UUID ACTIVE\n", i, cfg->fsname, i);
	fclose(f);
	return 0;
}
