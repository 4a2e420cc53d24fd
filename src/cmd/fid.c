/* SPDX-License-Identifier: MIT */
/*
 * fsxctl path2fid and fid2path: lfs's output byte for byte (lustre-abi.md
 * §8.5). path2fid asks name_to_handle_at as lfs does; fid2path asks
 * OBD_IOC_FID2PATH on the mount root, for every hard link unless --link.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/jsonout.h"
#include "cmd/cmd.h"
#include "hsm/hsm.h"
#include "lustre/hsm.h"
#include "util/parse.h"

struct fid_req {
	struct fsx_args args;
	int parents, print_fid, print_link;
	const char *link;
};

#define FR(m) FSX_FIELD(struct fid_req, m)

static const struct fsx_opt path2fid_opts[] = {
	OPT_FLAG('p', "parents", FR(parents), 1, "print the parent FID and name of every link"),
	OPT_END(),
};

static const struct fsx_opt fid2path_opts[] = {
	OPT_FLAG('f', "print-fid", FR(print_fid), 1, "print the FID before each path"),
	OPT_FLAG('c', "print-link", FR(print_link), 1, "print the link number before each path"),
	OPT_STR('l', "link", "N", FR(link), "only hard link N (0 is the first)"),
	OPT_END(),
};

static int parents(struct fsx_ctx *ctx, const char *path, int json)
{
	char name[PATH_MAX], fs[HSM_FID_STR_MAX];
	struct lu_fid pf;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC), rc = 0;
	unsigned i;

	if (fd < 0) {
		fsx_err(ctx, path, -errno, "cannot open");
		return 1;
	}
	for (i = 0;; i++) {
		rc = lustre_getparent(fd, i, &pf, name, sizeof(name));
		if (rc)
			break;
		hsm_fid_format(&pf, fs, sizeof(fs));
		if (json) {
			fprintf(ctx->out, "%s{\"parent\":\"%s\",\"name\":", i ? "," : "", fs);
			json_put_str(ctx->out, name);
			fputc('}', ctx->out);
		} else {
			fprintf(ctx->out, "%s%s/%s", i ? "\t" : "", fs, name);
		}
	}
	close(fd);
	if (rc == -ENODATA && i > 0)
		return 0;
	fsx_err(ctx, path, rc == -ENOTTY ? 0 : rc, "%s",
		rc == -ENOTTY ? "not on a Lustre filesystem" : "cannot get the parent FID");
	return 1;
}

static int run_path2fid(struct fsx_ctx *ctx, void *reqp)
{
	struct fid_req *req = reqp;
	bool json = ctx->flags & FSX_JSON;
	char fs[HSM_FID_STR_MAX];
	int failed = 0;
	unsigned n = 0;

	if (!req->args.n)
		return fsx_usage(ctx, NULL, "no path given");
	if (json)
		fprintf(ctx->out, "{\"version\":1,\"files\":[");
	for (size_t i = 0; i < req->args.n; i++) {
		const char *p = req->args.v[i];
		struct lu_fid fid;
		int rc = lustre_path_fid(p, &fid);

		if (rc) {
			fsx_err(ctx, p, rc == -ENOTTY ? 0 : rc, "%s",
				rc == -ENOTTY ? "not on a Lustre filesystem" : "cannot get the FID");
			failed = 1;
			continue;
		}
		hsm_fid_format(&fid, fs, sizeof(fs));
		if (json) {
			fprintf(ctx->out, "%s\n  {\"path\":", n++ ? "," : "");
			json_put_str(ctx->out, p);
			fprintf(ctx->out, ",\"fid\":\"%s\"", fs);
			if (req->parents) {
				fprintf(ctx->out, ",\"parents\":[");
				failed |= parents(ctx, p, 1);
				fputc(']', ctx->out);
			}
			fputc('}', ctx->out);
			continue;
		}
		if (req->args.n > 1)
			fprintf(ctx->out, "%s: ", p);
		if (!req->parents) {
			fprintf(ctx->out, "%s\n", fs);
			continue;
		}
		failed |= parents(ctx, p, 0);
		fputc('\n', ctx->out);
	}
	if (json)
		fprintf(ctx->out, "%s]}\n", n ? "\n" : "");
	return failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

/* The mount named by a path (its mount, by st_dev) or by fsname. */
static int find_root(struct fsx_ctx *ctx, const char *arg, struct lustre_mnts *ms,
		     const struct lustre_mnt **ret)
{
	struct stat st;
	int rc = lustre_mnts_load(ms);

	if (rc) {
		fsx_err(ctx, "/proc/mounts", rc, "cannot read");
		return FSX_EXIT_FAIL;
	}
	if (arg[0] == '/') {
		if (stat(arg, &st) < 0) {
			fsx_err(ctx, arg, -errno, "cannot resolve the mount point");
			return FSX_EXIT_FAIL;
		}
		*ret = lustre_mnt_of(ms, arg, st.st_dev);
		if (*ret && !lustre_mnt_contains(*ret, arg))
			*ret = NULL;
	} else {
		*ret = lustre_mnt_by_fsname(ms, arg);
	}
	if (!*ret) {
		fsx_err(ctx, arg, 0, "%s", arg[0] == '/' ? "not on a Lustre filesystem" :
							  "no Lustre filesystem of that name is mounted");
		return FSX_EXIT_FAIL;
	}
	return 0;
}

static void print_path(struct fsx_ctx *ctx, const struct fid_req *req,
		       const char *arg, const char *mnt, unsigned link,
		       const char *rel, unsigned *n)
{
	size_t ml = strlen(mnt);

	if (!*rel)
		rel = "/";
	if (ctx->flags & FSX_JSON) {
		fprintf(ctx->out, "%s\n  {\"fid\":", (*n)++ ? "," : "");
		json_put_str(ctx->out, arg);
		fprintf(ctx->out, ",\"link\":%u,\"path\":", link);
		json_put_str(ctx->out, rel);
		fputc('}', ctx->out);
		return;
	}
	if (req->print_fid)
		fprintf(ctx->out, "%s ", arg);
	if (req->print_link)
		fprintf(ctx->out, "%u ", link);
	while (ml > 1 && mnt[ml - 1] == '/')
		ml--;
	if (req->args.v[0][0] == '/')
		fprintf(ctx->out, "%.*s/%s\n", (int)ml, mnt, rel);
	else
		fprintf(ctx->out, "%s\n", rel);
}

static int one_fid(struct fsx_ctx *ctx, const struct fid_req *req, int rootfd,
		   const char *mnt, const char *arg, long long only, unsigned *n)
{
	char rel[PATH_MAX];
	struct lu_fid fid;
	unsigned link = only >= 0 ? (unsigned)only : 0;

	hsm_fid_parse(arg, &fid, NULL);
	for (;;) {
		unsigned next = link;
		int rc = lustre_fid2path(rootfd, &fid, &next, rel, sizeof(rel));

		if (rc) {
			fsx_err(ctx, arg, rc == -ENOTTY ? 0 : rc, "cannot find it in %s%s",
				req->args.v[0], rc == -ENOTTY ? ": not on a Lustre filesystem" : "");
			return 1;
		}
		print_path(ctx, req, arg, mnt, link, rel, n);
		if (only >= 0 || next == link)
			return 0;
		link = next;
	}
}

static int run_fid2path(struct fsx_ctx *ctx, void *reqp)
{
	struct fid_req *req = reqp;
	struct lustre_mnts ms = { 0 };
	const struct lustre_mnt *m;
	struct fsx_why why = { "" };
	long long only = -1;
	int rc, rootfd, failed = 0;
	unsigned n = 0;
	struct lu_fid fid;

	if (req->args.n < 2)
		return fsx_usage(ctx, NULL, "needs FSNAME|MOUNT and at least one FID");
	if (req->link && parse_long(req->link, 0, 65535, &only))
		return fsx_usage(ctx, NULL, "--link %s: not a link number", req->link);
	for (size_t i = 1; i < req->args.n; i++)
		if (hsm_fid_parse(req->args.v[i], &fid, &why))
			return fsx_usage(ctx, req->args.v[i], "%s", why.msg);
	rc = find_root(ctx, req->args.v[0], &ms, &m);
	if (rc)
		goto out;
	rootfd = open(m->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		fsx_err(ctx, m->dir, -errno, "cannot open the mount point");
		rc = FSX_EXIT_FAIL;
		goto out;
	}
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "{\"version\":1,\"paths\":[");
	for (size_t i = 1; i < req->args.n; i++)
		failed |= one_fid(ctx, req, rootfd, m->dir, req->args.v[i], only, &n);
	if (ctx->flags & FSX_JSON)
		fprintf(ctx->out, "%s]}\n", n ? "\n" : "");
	close(rootfd);
	rc = failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
out:
	lustre_mnts_release(&ms);
	return rc;
}

const struct fsx_cmd cmd_path2fid = {
	.name = "path2fid",
	.summary = "show the FID of files",
	.usage = "[--parents] PATH...",
	.description = "One path prints [SEQ:OID:VER] alone; several print PATH: [FID],\n"
		       "as lfs path2fid does.",
	.opts = path2fid_opts,
	.req_size = sizeof(struct fid_req),
	.run = run_path2fid,
	.flags = CMD_LUSTRE,
	.args_complete = COMPLETE_PATH,
};

const struct fsx_cmd cmd_fid2path = {
	.name = "fid2path",
	.summary = "show the paths of FIDs",
	.usage = "[OPTIONS] FSNAME|MOUNT FID...",
	.description = "With a mount point, paths are printed under it; with a filesystem\n"
		       "name, relative to its root, as lfs fid2path does. Every hard link\n"
		       "is printed unless --link N.",
	.opts = fid2path_opts,
	.req_size = sizeof(struct fid_req),
	.run = run_fid2path,
	.flags = CMD_LUSTRE,
	.args_complete = COMPLETE_PATH,
};
