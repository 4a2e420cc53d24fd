/* SPDX-License-Identifier: MIT */
/*
 * FSx for Lustre operations on top of aws_fsx_call(): request bodies from
 * plain structs, listings with every page fetched (pagination hidden),
 * the rules FSx would enforce, checked first (aws-fsx-api.md §3), and the
 * mount -> file system resolution (DESIGN.md §5). Returns data only.
 */
#ifndef FSX_AWS_FSX_H
#define FSX_AWS_FSX_H

#include <stdint.h>
#include "aws/session.h"

struct fsx_filter {
	const char *name; /* "file-system-id", "task-lifecycle", ... */
	const char *value;
};

struct fsx_list_req {
	const char *op;	     /* "DescribeFileSystems" */
	const char *key;     /* "FileSystems" */
	const char *ids_key; /* "FileSystemIds" */
	char *const *ids;
	size_t nids;
	const struct fsx_filter *filters;
	size_t nfilters;
	int page_size;	/* MaxResults; 0: the service's default */
	long max_items; /* 0: all */
};

/* Every page merged into {KEY: [...]} (plus NextToken if max_items cut). */
int fsx_list(struct aws_session *s, const struct fsx_list_req *r, cJSON **ret,
	     struct aws_error *err, struct fsx_why *why);

/* One resource by id: the element of the Describe answer, or -ENOENT. */
int fsx_describe_one(struct aws_session *s, const char *op, const char *key,
		     const char *ids_key, const char *id, cJSON **ret_doc,
		     cJSON **ret_item, struct aws_error *err,
		     struct fsx_why *why);

enum fsx_events { FSX_EV_NEW = 1, FSX_EV_CHANGED = 2, FSX_EV_DELETED = 4 };
/* "new,changed,deleted" (any case, any order; "none" = empty) to a mask. */
int fsx_events_parse(const char *s, unsigned *ret, struct fsx_why *why);
/* s3://bucket/ or s3://bucket/prefix/ (a missing final / is added). */
int fsx_s3_path_check(const char *s, struct fsx_why *why);
/* Days, or a duration with a d/w suffix, to whole days. */
int fsx_days_parse(const char *s, long long *ret, struct fsx_why *why);
/* "30m", "2h", "90s", "1d" or plain seconds. */
int fsx_duration_parse(const char *s, long long *ret_seconds,
		       struct fsx_why *why);

struct fsx_dra_spec {
	const char *fs_id;
	const char *fs_path;
	const char *s3_path;
	int import_metadata;
	long long chunk_size; /* MiB, 0: default */
	int set_import, set_export;
	unsigned import_events, export_events;
	const char *token;
};
/* R1-R4, R9 of §3 against the file system and its current DRAs. */
int fsx_dra_check(const cJSON *fs, const cJSON *dras, const char *fs_path,
		  int auto_export, struct fsx_why *why);
char *fsx_dra_create_body(const struct fsx_dra_spec *d, size_t *ret_len);
char *fsx_dra_update_body(const char *id, const struct fsx_dra_spec *d,
			  size_t *ret_len);
char *fsx_dra_delete_body(const char *id, int delete_data, const char *token,
			  size_t *ret_len);

struct fsx_task_spec {
	const char *type; /* EXPORT_TO_REPOSITORY ... */
	const char *fs_id;
	char *const *paths;
	size_t npaths;
	const char *report_path;   /* NULL: no report */
	long long older_than_days; /* release; -1: not set */
	const char *token;
};
char *fsx_task_create_body(const struct fsx_task_spec *t, size_t *ret_len);

struct fsx_fs_update {
	const char *fs_id;
	long long capacity;    /* GiB, 0: unchanged */
	long long throughput;  /* MB/s/TiB, 0: unchanged */
	long long iops;	       /* metadata IOPS, 0: unchanged */
	const char *iops_mode; /* AUTOMATIC / USER_PROVISIONED, NULL */
	const char *token;
};
/* R16-R21 of §3 against the current file system. */
int fsx_fs_update_check(const cJSON *fs, const struct fsx_fs_update *u,
			struct fsx_why *why);
char *fsx_fs_update_body(const struct fsx_fs_update *u, size_t *ret_len);

/* A file system named by id (fs-...) or by a path on its mount. */
struct fsx_target {
	char fs_id[32];
	char relpath[4096]; /* filesystem-relative, "/" when named by id */
	char mountpoint[4096];
};
int fsx_resolve(struct aws_session *s, const char *fs_opt, const char *path,
		struct fsx_target *ret, struct aws_error *err,
		struct fsx_why *why);
/* The filesystem path of a local path under t's mount ("/" = root). */
int fsx_local_to_fs(const struct fsx_target *t, const char *path, char *out,
		    size_t cap, struct fsx_why *why);

#endif
