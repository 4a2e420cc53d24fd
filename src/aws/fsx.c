/* SPDX-License-Identifier: MIT */
/* FSx request bodies and listings with pagination hidden. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "aws/fsx.h"
#include "util/idcache.h"

static char *list_body(const struct fsx_list_req *r, const char *token,
		       size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	if (r->nids) {
		aws_jw_arr(&w, r->ids_key);
		for (size_t i = 0; i < r->nids; i++)
			aws_jw_str(&w, NULL, r->ids[i]);
		aws_jw_end_arr(&w);
	}
	if (r->nfilters) {
		aws_jw_arr(&w, "Filters");
		for (size_t i = 0; i < r->nfilters; i++) {
			aws_jw_obj(&w, NULL);
			aws_jw_str(&w, "Name", r->filters[i].name);
			aws_jw_arr(&w, "Values");
			aws_jw_str(&w, NULL, r->filters[i].value);
			aws_jw_end_arr(&w);
			aws_jw_end_obj(&w);
		}
		aws_jw_end_arr(&w);
	}
	if (r->page_size)
		aws_jw_int(&w, "MaxResults", r->page_size);
	if (token)
		aws_jw_str(&w, "NextToken", token);
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}

static int page(struct aws_session *s, const struct fsx_list_req *r,
		const char *token, cJSON **ret, struct aws_error *err,
		struct fsx_why *why)
{
	size_t len;
	char *body = list_body(r, token, &len);
	int rc;

	if (!body)
		return why_set(why, -ENOMEM, "out of memory");
	rc = aws_fsx_call(s, r->op, body, len, ret, err, why);
	free(body);
	return rc;
}

static void trim_to(cJSON *arr, long max)
{
	cJSON *c = arr->child;
	long n = 0;

	while (c) {
		cJSON *next = c->next;

		if (++n > max)
			aws_json_drop(arr, c);
		c = next;
	}
}

/*
 * Remembers the ids a listing returned (the newest few) in the id cache,
 * so that completion can offer them. Best effort: errors are ignored.
 */
static void remember_ids(const char *key, const cJSON *items)
{
	static const struct {
		const char *key, *id, *label;
	} kinds[] = {
		{ "FileSystems", "FileSystemId", "LustreConfiguration.MountName" },
		{ "Associations", "AssociationId", "FileSystemPath" },
		{ "DataRepositoryTasks", "TaskId", "Type" },
		{ "Backups", "BackupId", "FileSystem.FileSystemId" },
	};
	const char *ids[50], *labels[50];
	char path[4096];
	size_t k, n = 0;
	const cJSON *c;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(kinds[k].key, key))
			break;
	if (k == sizeof(kinds) / sizeof(kinds[0]) || idcache_path(path, sizeof(path)))
		return;
	for (c = items ? items->child : NULL; c && n < 50; c = c->next) {
		ids[n] = aws_json_str(c, kinds[k].id);
		labels[n] = aws_json_str(c, kinds[k].label);
		if (ids[n])
			n++;
	}
	idcache_add_many(path, ids, labels, n, NULL);
}

int fsx_list(struct aws_session *s, const struct fsx_list_req *r, cJSON **ret,
	     struct aws_error *err, struct fsx_why *why)
{
	cJSON *all = NULL, *items = NULL, *doc = NULL;
	char *token = NULL;
	int rc;

	for (;;) {
		const char *next;
		cJSON *arr;

		rc = page(s, r, token, &doc, err, why);
		if (rc)
			goto out_free;
		if (!all) {
			all = aws_json_new_object();
			items = aws_json_new_array();
			if (!all || !items ||
			    aws_json_add(all, r->key, items)) {
				rc = why_set(why, -ENOMEM, "out of memory");
				goto out_free;
			}
		}
		arr = aws_json_get(doc, r->key);
		if (arr && !(arr->type & cJSON_Array)) {
			rc = why_set(why, -EBADMSG, "%s: %s is not a list",
				     r->op, r->key);
			goto out_free;
		}
		aws_json_move_items(items, arr);
		next = aws_json_str(doc, "NextToken");
		if (next && token && !strcmp(next, token)) {
			rc = why_set(why, -EBADMSG,
				     "%s: the same NextToken came twice",
				     r->op);
			goto out_free;
		}
		free(token);
		token = next && *next ? strdup(next) : NULL;
		aws_json_free(doc);
		doc = NULL;
		if (r->max_items && aws_json_count(items) >= r->max_items) {
			trim_to(items, r->max_items);
			break;
		}
		if (!token)
			break;
	}
	free(token);
	remember_ids(r->key, items);
	*ret = all;
	return 0;
out_free:
	free(token);
	aws_json_free(doc);
	aws_json_free(all);
	return rc;
}

int fsx_describe_one(struct aws_session *s, const char *op, const char *key,
		     const char *ids_key, const char *id, cJSON **ret_doc,
		     cJSON **ret_item, struct aws_error *err,
		     struct fsx_why *why)
{
	char *ids[] = { (char *)id };
	struct fsx_list_req r = {
		.op = op, .key = key, .ids_key = ids_key, .ids = ids, .nids = 1
	};
	cJSON *doc = NULL, *item;
	int rc = fsx_list(s, &r, &doc, err, why);

	if (rc)
		return rc;
	item = aws_json_get(doc, key);
	item = item ? item->child : NULL;
	if (!item) {
		aws_json_free(doc);
		return why_set(why, -ENOENT, "%s: not found", id);
	}
	*ret_doc = doc;
	*ret_item = item;
	return 0;
}

static void events(struct aws_jw *w, const char *key, unsigned ev)
{
	aws_jw_obj(w, key);
	aws_jw_arr(w, "Events");
	if (ev & FSX_EV_NEW)
		aws_jw_str(w, NULL, "NEW");
	if (ev & FSX_EV_CHANGED)
		aws_jw_str(w, NULL, "CHANGED");
	if (ev & FSX_EV_DELETED)
		aws_jw_str(w, NULL, "DELETED");
	aws_jw_end_arr(w);
	aws_jw_end_obj(w);
}

static void s3_policies(struct aws_jw *w, const struct fsx_dra_spec *d)
{
	if (!d->set_import && !d->set_export)
		return;
	aws_jw_obj(w, "S3");
	if (d->set_import)
		events(w, "AutoImportPolicy", d->import_events);
	if (d->set_export)
		events(w, "AutoExportPolicy", d->export_events);
	aws_jw_end_obj(w);
}

char *fsx_dra_create_body(const struct fsx_dra_spec *d, size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "FileSystemId", d->fs_id);
	aws_jw_str(&w, "FileSystemPath", d->fs_path);
	aws_jw_str(&w, "DataRepositoryPath", d->s3_path);
	if (d->import_metadata)
		aws_jw_bool(&w, "BatchImportMetaDataOnCreate", 1);
	if (d->chunk_size)
		aws_jw_int(&w, "ImportedFileChunkSize", d->chunk_size);
	s3_policies(&w, d);
	aws_jw_str(&w, "ClientRequestToken", d->token);
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}

char *fsx_dra_update_body(const char *id, const struct fsx_dra_spec *d,
			  size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "AssociationId", id);
	if (d->chunk_size)
		aws_jw_int(&w, "ImportedFileChunkSize", d->chunk_size);
	s3_policies(&w, d);
	aws_jw_str(&w, "ClientRequestToken", d->token);
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}

char *fsx_dra_delete_body(const char *id, int delete_data, const char *token,
			  size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "AssociationId", id);
	aws_jw_bool(&w, "DeleteDataInFileSystem", delete_data);
	aws_jw_str(&w, "ClientRequestToken", token);
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}

char *fsx_task_create_body(const struct fsx_task_spec *t, size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "Type", t->type);
	aws_jw_str(&w, "FileSystemId", t->fs_id);
	if (t->npaths) {
		aws_jw_arr(&w, "Paths");
		for (size_t i = 0; i < t->npaths; i++)
			aws_jw_str(&w, NULL, t->paths[i]);
		aws_jw_end_arr(&w);
	}
	aws_jw_obj(&w, "Report");
	aws_jw_bool(&w, "Enabled", !!t->report_path);
	if (t->report_path) {
		aws_jw_str(&w, "Path", t->report_path);
		aws_jw_str(&w, "Format", "REPORT_CSV_20191124");
		aws_jw_str(&w, "Scope", "FAILED_FILES_ONLY");
	}
	aws_jw_end_obj(&w);
	if (t->older_than_days >= 0) {
		aws_jw_obj(&w, "ReleaseConfiguration");
		aws_jw_obj(&w, "DurationSinceLastAccess");
		aws_jw_str(&w, "Unit", "DAYS");
		aws_jw_int(&w, "Value", t->older_than_days);
		aws_jw_end_obj(&w);
		aws_jw_end_obj(&w);
	}
	aws_jw_str(&w, "ClientRequestToken", t->token);
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}

char *fsx_fs_update_body(const struct fsx_fs_update *u, size_t *ret_len)
{
	struct aws_jw w;

	if (aws_jw_open(&w))
		return NULL;
	aws_jw_obj(&w, NULL);
	aws_jw_str(&w, "FileSystemId", u->fs_id);
	aws_jw_str(&w, "ClientRequestToken", u->token);
	if (u->capacity)
		aws_jw_int(&w, "StorageCapacity", u->capacity);
	if (u->throughput || u->iops || u->iops_mode) {
		aws_jw_obj(&w, "LustreConfiguration");
		if (u->throughput)
			aws_jw_int(&w, "PerUnitStorageThroughput",
				   u->throughput);
		if (u->iops || u->iops_mode) {
			aws_jw_obj(&w, "MetadataConfiguration");
			if (u->iops)
				aws_jw_int(&w, "Iops", u->iops);
			if (u->iops_mode)
				aws_jw_str(&w, "Mode", u->iops_mode);
			aws_jw_end_obj(&w);
		}
		aws_jw_end_obj(&w);
	}
	aws_jw_end_obj(&w);
	return aws_jw_close(&w, ret_len);
}
