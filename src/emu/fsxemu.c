// SPDX-License-Identifier: MIT
/*
 * fsxemu: create emulated Lustre mounts and run commands on them.
 *
 *   fsxemu init DIR [--osts N] [--mdts N] [--ost-size SIZE] [--pool NAME=LIST]...
 *                   [--fsname NAME] [--nid ADDR@tcp] [--repo DIR]
 *   fsxemu run DIR[:DIR...] -- CMD [ARGS...]
 *   fsxemu info DIR
 *   fsxemu import DIR --count N [--size SIZE] [--dir SUB]
 *   fsxemu copytool DIR [--rate FILES/S] [--once]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "emu/emu.h"
#include "emu/layout.h"
#include "emu/tool.h"

struct emu_real emu_real;

static const char usage_text[] =
	"Usage: fsxemu COMMAND [OPTIONS]\n"
	"\n"
	"Emulate a Lustre 2.15 client mount (AWS FSx for Lustre) on a plain directory.\n"
	"\n"
	"Commands:\n"
	"  init DIR [OPTIONS]            make DIR an emulated mount\n"
	"      --osts N                  number of OSTs (default 8)\n"
	"      --mdts N                  number of MDTs (default 1)\n"
	"      --ost-size SIZE           capacity of each OST (default 1169935104K)\n"
	"      --pool NAME=IDX-LIST      an OST pool, e.g. fast=0-3,6 (repeatable)\n"
	"      --fsname NAME             file system name / FSx MountName (max 8)\n"
	"      --nid ADDR@tcp            MGS NID shown as mount source (default 172.31.20.15@tcp)\n"
	"      --repo DIR                HSM repository, the S3 stand-in (default DIR.s3)\n"
	"  run DIR[:DIR...] -- CMD [ARGS...]\n"
	"                                run CMD with the emulator active for DIR\n"
	"  info DIR                      print the mount's configuration\n"
	"  import DIR --count N [--size SIZE] [--dir SUB]\n"
	"                                make N released files as an S3 import leaves them\n"
	"  copytool DIR [--rate FILES/S] [--once]\n"
	"                                serve queued HSM requests (--once: drain and exit)\n"
	"\n"
	"  -h, --help                    show this help\n"
	"\n"
	"See docs/fsxemu.md for what is emulated, and FSXEMU_FAULT for fault injection.\n";

int emu_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("fsxemu: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'fsxemu --help'.\n", stderr);
	return 2;
}

/* The path of a mount root, canonical; created with create != 0. */
int emu_canonical(const char *dir, int create, char *out)
{
	if (create && mkdir(dir, 0755) && errno != EEXIST) {
		char cmd[PATH_MAX];

		snprintf(cmd, sizeof(cmd), "%s", dir);
		for (char *p = cmd + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = 0;
			mkdir(cmd, 0755);
			*p = '/';
		}
		if (mkdir(dir, 0755) && errno != EEXIST)
			return -errno;
	}
	if (!realpath(dir, out))
		return -errno;
	return 0;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int parse_init(int argc, char **argv, struct emu_config *cfg, const char **dir)
{
	static const struct option opts[] = {
		{ "osts", required_argument, NULL, 'o' },
		{ "mdts", required_argument, NULL, 'm' },
		{ "ost-size", required_argument, NULL, 's' },
		{ "pool", required_argument, NULL, 'p' },
		{ "fsname", required_argument, NULL, 'f' },
		{ "nid", required_argument, NULL, 'n' },
		{ "repo", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			cfg->osts = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !cfg->osts || cfg->osts > EMU_MAX_OSTS)
				return emu_usage_error("init: --osts %s: expected 1..%d", optarg, EMU_MAX_OSTS);
			break;
		case 'm':
			cfg->mdts = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !cfg->mdts || cfg->mdts > EMU_MAX_MDTS)
				return emu_usage_error("init: --mdts %s: expected 1..%d", optarg, EMU_MAX_MDTS);
			break;
		case 's':
			if (emu_parse_size(optarg, &cfg->ost_size) || cfg->ost_size < 1048576)
				return emu_usage_error("init: --ost-size %s: expected a size of at least 1M", optarg);
			break;
		case 'p': {
			const char *eq = strchr(optarg, '=');
			struct emu_pool *p = &cfg->pools[cfg->npools];

			if (!eq || eq == optarg || eq - optarg > LOV_MAXPOOLNAME ||
			    cfg->npools >= EMU_MAX_POOLS)
				return emu_usage_error("init: --pool %s: expected NAME=IDX-LIST (name at most 15 characters)", optarg);
			memset(p, 0, sizeof(*p));
			memcpy(p->name, optarg, (size_t)(eq - optarg));
			if (emu_parse_idx_list(eq + 1, p->idx, 1024, &p->n))
				return emu_usage_error("init: --pool %s: bad OST index list", optarg);
			cfg->npools++;
			break;
		}
		case 'f':
			if (!*optarg || strlen(optarg) > 8 || strpbrk(optarg, "/:- \t"))
				return emu_usage_error("init: --fsname %s: 1 to 8 characters, no '/', ':' or '-'", optarg);
			snprintf(cfg->fsname, sizeof(cfg->fsname), "%s", optarg);
			break;
		case 'n':
			if (!strchr(optarg, '@') || strpbrk(optarg, ": \t"))
				return emu_usage_error("init: --nid %s: expected ADDR@NET, e.g. 172.31.20.15@tcp", optarg);
			snprintf(cfg->nid, sizeof(cfg->nid), "%s", optarg);
			break;
		case 'r':
			snprintf(cfg->repo, sizeof(cfg->repo), "%s", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		default:
			return emu_usage_error("init: unknown option");
		}
	}
	if (optind != argc - 1)
		return emu_usage_error("init: expected exactly one DIR");
	*dir = argv[optind];
	return 0;
}

static void defaults(struct emu_config *cfg, const char *root)
{
	uint64_t h = hash(root);

	if (!cfg->fsname[0]) {
		for (int i = 0; i < 8; i++)
			cfg->fsname[i] = (char)('a' + (h >> (5 * i)) % 26);
	}
	if (!cfg->nid[0])
		snprintf(cfg->nid, sizeof(cfg->nid), "172.31.20.15@tcp");
	snprintf(cfg->inst, sizeof(cfg->inst), "ffff%09llx000",
		 (unsigned long long)((h ^ (uint64_t)getpid() << 20) & 0xfffffffffull));
}

static int cmd_init(int argc, char **argv)
{
	struct emu_config cfg = {
		.osts = 8, .mdts = 1, .ost_size = 1169935104ull * 1024,
		.mdt_size = 143630336ull * 1024, .stripesize = 1048576, .stripecount = 1,
		.stripeoffset = -1, .hsm_max_active = 3, .quota_types = "ugp",
	};
	char root[PATH_MAX], state[PATH_MAX], path[PATH_MAX + 8], blob[352];
	const char *dir = NULL;
	struct stat st;
	int rc = parse_init(argc, argv, &cfg, &dir);

	if (rc)
		return rc < 0 ? 0 : rc;
	for (unsigned int i = 0; i < cfg.npools; i++)
		for (unsigned int j = 0; j < cfg.pools[i].n; j++)
			if (cfg.pools[i].idx[j] >= cfg.osts)
				return emu_usage_error("init: --pool %s: OST %u does not exist (%u OSTs)",
						       cfg.pools[i].name, cfg.pools[i].idx[j], cfg.osts);
	if ((rc = emu_canonical(dir, 1, root)) || (rc = emu_state_dir(root, state, sizeof(state)))) {
		fprintf(stderr, "fsxemu: init: %s: %s\n", dir, strerror(-rc));
		return 1;
	}
	if (!stat(state, &st)) {
		fprintf(stderr, "fsxemu: init: %s: already an emulated mount (state in %s)\n", root, state);
		return 1;
	}
	defaults(&cfg, root);
	if (!cfg.repo[0] && (size_t)snprintf(cfg.repo, sizeof(cfg.repo), "%s.s3", root) >= sizeof(cfg.repo))
		return 1;
	if (mkdir(state, 0755) || emu_canonical(cfg.repo, 1, cfg.repo)) {
		fprintf(stderr, "fsxemu: init: %s: %s\n", state, strerror(errno));
		return 1;
	}
	/* shared by every user of the mount */
	for (int i = 0; i < 12; i++) {
		static const char *const names[] = { "fid/",  "hsm/",	   "counters",	"layout.lock",
						     "hsm/queue", "quota", "locks",	"shm",
						     "swap.lock", "swap/", "glock/",	"lease/" };
		const char *n = names[i];
		size_t l = strlen(n);

		if ((size_t)snprintf(path, sizeof(path), "%s/%.*s", state, (int)l, n) >= sizeof(path))
			return 1;
		if (n[l - 1] == '/')
			mkdir(path, 0777);
		else
			close(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666));
		chmod(path, n[l - 1] == '/' ? 0777 : 0666);
	}
	chmod(state, 0777 | S_ISVTX);
	emu_layout_default_blob(blob, sizeof(blob));
	if ((rc = emu_config_save(state, &cfg)) || (rc = emu_write_virt(state, &cfg)) ||
	    (setxattr(root, EMU_XA_LOV, blob, sizeof(blob), 0) && (rc = -errno))) {
		fprintf(stderr, "fsxemu: init: %s: %s\n", root, strerror(-rc));
		return 1;
	}
	printf("%s: emulated Lustre mount %s:/%s, %u OSTs, %u MDT%s, repository %s\n", root,
	       cfg.nid, cfg.fsname, cfg.osts, cfg.mdts, cfg.mdts > 1 ? "s" : "", cfg.repo);
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	struct emu_mount m;
	int rc;

	if (argc != 2)
		return emu_usage_error("info: expected DIR");
	if ((rc = emu_tool_mount(argv[1], &m)))
		return rc;
	printf("root=%s\nstate=%s\nfsname=%s\nnid=%s\nsource=%s:/%s\ninstance=%s\nrepo=%s\n"
	       "osts=%u\nmdts=%u\n", m.root, m.state, m.cfg.fsname, m.cfg.nid, m.cfg.nid,
	       m.cfg.fsname, m.cfg.inst, m.cfg.repo, m.cfg.osts, m.cfg.mdts);
	for (unsigned int i = 0; i < m.cfg.npools; i++) {
		printf("pool=%s=", m.cfg.pools[i].name);
		for (unsigned int j = 0; j < m.cfg.pools[i].n; j++)
			printf("%s%u", j ? "," : "", m.cfg.pools[i].idx[j]);
		putchar('\n');
	}
	return 0;
}

static void init_real(void)
{
	emu_real.open = open;
	emu_real.openat = openat;
	emu_real.close = close;
	emu_real.getxattr = getxattr;
	emu_real.lgetxattr = lgetxattr;
	emu_real.fgetxattr = fgetxattr;
	emu_real.setxattr = setxattr;
	emu_real.lsetxattr = lsetxattr;
	emu_real.fsetxattr = fsetxattr;
	emu_real.listxattr = listxattr;
	emu_real.llistxattr = llistxattr;
	emu_real.flistxattr = flistxattr;
	emu_real.lremovexattr = lremovexattr;
	emu_real.fremovexattr = fremovexattr;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	init_real();
	if (!cmd)
		return emu_usage_error("missing command");
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(cmd, "init"))
		return cmd_init(argc - 1, argv + 1);
	if (!strcmp(cmd, "run"))
		return emu_cmd_run(argc - 1, argv + 1);
	if (!strcmp(cmd, "info"))
		return cmd_info(argc - 1, argv + 1);
	if (!strcmp(cmd, "import"))
		return emu_cmd_import(argc - 1, argv + 1);
	if (!strcmp(cmd, "copytool"))
		return emu_cmd_copytool(argc - 1, argv + 1);
	return emu_usage_error("unknown command '%s'", cmd);
}
