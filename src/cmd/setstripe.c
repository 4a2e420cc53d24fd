/* SPDX-License-Identifier: MIT */
/*
 * fsxctl setstripe: create files with a layout, or set a directory's
 * default layout, with lfs's options. Unlike lfs it checks everything it
 * can before touching the filesystem, never leaves an empty file behind
 * when setting the layout fails, and refuses, rather than silently
 * ignores, a new layout for a file that already has one.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmd/cmd.h"
#include "cmd/layout_opts.h"
#include "cmd/setstripe.h"
#include "lustre/lustre.h"

struct setstripe_req {
	struct fsx_args args;
	struct layout_spec spec;
	int delete;
	const char *yaml;
	int comp_add;
	int comp_del;
	const char *comp_id;
};

#define SS(m) FSX_FIELD(struct setstripe_req, m)

static const struct fsx_opt setstripe_opts[] = {
	FSX_LAYOUT_OPTS(SS(spec)),
	OPT_FLAG('d', "delete", SS(delete), 1, "remove a directory's default layout"),
	OPT_STR('y', "yaml", "FILE", SS(yaml), "take the layout from a template (getstripe --yaml output)",
		.complete = COMPLETE_FILE),
	OPT_FLAG(0, "component-add", SS(comp_add), 1, "append the -E components to a file's layout"),
	OPT_FLAG(0, "component-del", SS(comp_del), 1, "delete component -I ID (not yet holding data)"),
	OPT_STR('I', "component-id", "ID", SS(comp_id), "the component to delete"),
	OPT_ALIAS("comp-add", "component-add"),
	OPT_ALIAS("comp-del", "component-del"),
	OPT_END(),
};

struct layout_spec *setstripe_spec(void *req)
{
	return &((struct setstripe_req *)req)->spec;
}

static void ss_release(void *reqp)
{
	layout_spec_release(&((struct setstripe_req *)reqp)->spec);
}

/* Pool and OST indices named by the spec exist on this filesystem. */
static int check_targets(struct fsx_ctx *ctx, int fd, const struct layout_spec *s)
{
	int nost = lustre_ost_count(fd);

	for (unsigned i = 0; i < s->ncomps; i++) {
		const struct layout_comp_spec *c = &s->comps[i];

		if (c->pool[0] && strcmp(c->pool, "ignore") && lustre_pool_exists(fd, c->pool) == 0) {
			fsx_err(ctx, "-p", 0, "%s: no such pool on this filesystem", c->pool);
			return -ENOENT;
		}
		if (nost <= 0)
			continue;
		if (c->stripe_offset >= nost) {
			fsx_err(ctx, "-i", 0, "%d: no such OST (this filesystem has OST 0 to %d)",
				c->stripe_offset, nost - 1);
			return -EINVAL;
		}
		for (unsigned j = 0; j < c->nosts; j++)
			if (c->osts[j] >= (uint32_t)nost) {
				fsx_err(ctx, "-o", 0, "%u: no such OST (this filesystem has OST 0 to %d)",
					c->osts[j], nost - 1);
				return -EINVAL;
			}
	}
	return 0;
}

static int apply_layout(int fd, const void *blob, size_t len, bool composite)
{
	return composite ? lustre_set_lov_xattr(fd, blob, len) : lustre_setstripe(fd, blob);
}

static int set_dir(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
		   const void *blob, size_t len)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0) {
		fsx_err(ctx, path, -errno, "cannot open directory");
		return 1;
	}
	rc = lustre_fd_is_lustre(fd);
	if (rc != 1) {
		fsx_err(ctx, path, rc < 0 ? rc : 0, "not on a Lustre filesystem");
		close(fd);
		return 1;
	}
	if (!req->delete && check_targets(ctx, fd, &req->spec)) {
		close(fd); /* check_targets said why */
		return 1;
	}
	rc = req->delete ? lustre_dir_layout_delete(fd) :
			   apply_layout(fd, blob, len, req->spec.composite);
	if (rc) /* 524 is the kernel's ENOTSUPP, which strerror does not know */
		fsx_err(ctx, path, rc == -524 ? -EOPNOTSUPP : rc, "cannot set the default layout");
	close(fd);
	return rc ? 1 : 0;
}

static int set_existing(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
			const void *blob, size_t len)
{
	int fd = open(path, O_WRONLY | O_LOV_DELAY_CREATE | O_CLOEXEC), rc;
	struct stat st;

	if (fd < 0) {
		fsx_err(ctx, path, -errno, "cannot open");
		return 1;
	}
	rc = lustre_fd_is_lustre(fd);
	if (rc != 1) {
		fsx_err(ctx, path, rc < 0 ? rc : 0, "not on a Lustre filesystem");
		goto out;
	}
	if (lustre_fd_layout_size(fd) > 0) {
		fstat(fd, &st);
		if (st.st_size > 0)
			fsx_err(ctx, path, 0, "stripe already set: the file has data (%lld bytes); use 'fsxctl migrate' to change its layout",
				(long long)st.st_size);
		else
			fsx_err(ctx, path, 0, "stripe already set: remove the file and set the layout again, or use 'fsxctl migrate'");
		rc = -EEXIST;
		goto out;
	}
	rc = check_targets(ctx, fd, &req->spec);
	if (!rc) {
		rc = apply_layout(fd, blob, len, req->spec.composite);
		if (rc)
			fsx_err(ctx, path, rc, "cannot set the layout");
	}
out:
	close(fd);
	return rc ? 1 : 0;
}

static int parent_fd(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	return fd < 0 ? -errno : fd;
}

static int create_file(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
		       const void *blob, size_t len)
{
	int dfd = parent_fd(path), fd, rc;

	if (dfd < 0) {
		fsx_err(ctx, path, dfd, "cannot open the parent directory");
		return 1;
	}
	rc = lustre_fd_is_lustre(dfd);
	if (rc != 1) {
		fsx_err(ctx, path, rc < 0 ? rc : 0, "not on a Lustre filesystem");
		close(dfd);
		return 1;
	}
	rc = check_targets(ctx, dfd, &req->spec);
	close(dfd);
	if (rc)
		return 1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_LOV_DELAY_CREATE | O_CLOEXEC, 0666);
	if (fd < 0) {
		fsx_err(ctx, path, -errno, "cannot create");
		return 1;
	}
	rc = apply_layout(fd, blob, len, req->spec.composite);
	close(fd);
	if (rc) {
		unlink(path); /* nothing half-done: no empty file left behind */
		fsx_err(ctx, path, rc, "cannot set the layout");
		return 1;
	}
	return 0;
}

static int comp_change(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
		       const void *blob, size_t len);

static int setstripe_one(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
			 const void *blob, size_t len)
{
	struct stat st;

	if (req->comp_add || req->comp_del)
		return comp_change(ctx, req, path, blob, len);
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			fsx_err(ctx, path, -errno, "cannot stat");
			return 1;
		}
		if (req->delete) {
			fsx_err(ctx, path, -ENOENT, "cannot remove a default layout");
			return 1;
		}
		return create_file(ctx, req, path, blob, len);
	}
	if (S_ISDIR(st.st_mode))
		return set_dir(ctx, req, path, blob, len);
	if (req->delete) {
		fsx_err(ctx, path, 0, "-d removes a directory's default layout; this is not a directory");
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		fsx_err(ctx, path, 0, "not a regular file or directory");
		return 1;
	}
	return set_existing(ctx, req, path, blob, len);
}

static int comp_change(struct fsx_ctx *ctx, struct setstripe_req *req, const char *path,
		       const void *blob, size_t len)
{
	uint8_t del[32 + 48] = { 0 };
	struct lov_comp_md_v1 *h = (void *)del;
	int fd = open(path, O_RDWR | O_CLOEXEC), rc;

	if (fd < 0) {
		fsx_err(ctx, path, -errno, "cannot open");
		return 1;
	}
	if (req->comp_add) {
		rc = lustre_comp_add(fd, blob, len);
	} else {
		h->lcm_magic = LOV_MAGIC_COMP_V1;
		h->lcm_size = sizeof(del);
		h->lcm_entry_count = 1;
		h->lcm_entries[0].lcme_id = (uint32_t)strtoul(req->comp_id, NULL, 0);
		rc = lustre_comp_del(fd, del, sizeof(del));
	}
	close(fd);
	if (rc)
		fsx_err(ctx, path, rc, req->comp_add ? "cannot add components" : "cannot delete component %s",
			req->comp_id);
	return rc ? 1 : 0;
}

static int check_request(struct fsx_ctx *ctx, struct setstripe_req *req)
{
	struct fsx_why why = { "" };
	int rc;

	if (req->args.n == 0)
		return fsx_usage(ctx, NULL, "no path given");
	if (req->delete && (req->spec.any || req->yaml))
		return fsx_usage(ctx, "-d", "cannot be combined with layout options");
	if (req->yaml && req->spec.any)
		return fsx_usage(ctx, "--yaml", "cannot be combined with layout options");
	if (req->comp_add && req->comp_del)
		return fsx_usage(ctx, "--component-add", "cannot be combined with --component-del");
	if (req->comp_del && !req->comp_id)
		return fsx_usage(ctx, "--component-del", "needs -I ID");
	if (req->comp_add && !req->spec.composite)
		return fsx_usage(ctx, "--component-add", "needs the new components with -E");
	if (req->yaml) {
		rc = layout_yaml_load(req->yaml, &req->spec, &why);
		if (rc) {
			fsx_err(ctx, req->yaml, 0, "%s", why.msg);
			return FSX_EXIT_USAGE;
		}
	}
	if (!req->delete && !req->comp_del && !req->spec.any)
		return fsx_usage(ctx, NULL, "no layout given (use -c, -S, -E, --yaml, or -d for a directory)");
	rc = layout_spec_validate(&req->spec, &why);
	if (rc)
		return fsx_usage(ctx, NULL, "%s", why.msg);
	return 0;
}

static int run_setstripe(struct fsx_ctx *ctx, void *reqp)
{
	struct setstripe_req *req = reqp;
	struct fsx_why why = { "" };
	void *blob = NULL;
	size_t len = 0;
	int failed = 0, rc = check_request(ctx, req);

	if (rc)
		return rc;
	if (!req->delete && !req->comp_del && layout_spec_encode(&req->spec, &blob, &len, &why)) {
		fsx_err(ctx, NULL, 0, "%s", why.msg);
		return FSX_EXIT_FAIL;
	}
	for (size_t i = 0; i < req->args.n; i++)
		failed += setstripe_one(ctx, req, req->args.v[i], blob, len);
	free(blob);
	if (failed && req->args.n > 1)
		fsx_err(ctx, NULL, 0, "%d of %zu paths failed", failed, req->args.n);
	return failed ? FSX_EXIT_FAIL : FSX_EXIT_OK;
}

const struct fsx_cmd cmd_setstripe = {
	.name = "setstripe",
	.summary = "set the layout of new files or a directory's default",
	.usage = "[OPTIONS] PATH...",
	.description = "A new PATH is created with the layout; a directory gets it as the default\n"
		       "for new files; an existing file that already has a layout is refused\n"
		       "(use 'fsxctl migrate'). PFL: each -E ends a component, e.g.\n"
		       "  fsxctl setstripe -E 100M -c 1 -E 10G -c 8 -E -1 -c 32 /fsx/ckpt",
	.opts = setstripe_opts,
	.req_size = sizeof(struct setstripe_req),
	.release = ss_release,
	.run = run_setstripe,
	.flags = CMD_LUSTRE | CMD_BULK,
	.args_complete = COMPLETE_PATH,
};
