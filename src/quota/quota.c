/* SPDX-License-Identifier: MIT */
/* Quota reports and changes through OBD_IOC_QUOTACTL. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lustre/lustre.h"
#include "lustre/quota.h"
#include "lustre/statfs.h"
#include "quota/quota.h"

static int open_dir(const char *path, struct fsx_why *why)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return why_set(why, -errno, "cannot open");
	return fd;
}

/* The messages for the errnos quotactl gives (lfs's, in our form). */
static int qerr(int fd, int rc, enum quota_type t, struct fsx_why *why)
{
	switch (rc) {
	case -ENOTTY:
		if (lustre_fd_is_lustre(fd) == 1)
			return why_set(why, rc, "this Lustre client does not answer quotactl");
		return why_set(why, rc, "not on a Lustre filesystem");
	case -ESRCH:
		return why_set(why, rc, "%s quotas are not enabled", quota_type_name(t));
	case -EPERM:
	case -EACCES:
		return why_set(why, rc, "permission denied");
	default:
		return why_set(why, rc, "quotactl failed");
	}
}

static void load_targets(int fd, struct quota_report *r, bool mdt)
{
	int count = 0;

	if (lustre_obd_count(fd, mdt, &count) < 0)
		return;
	for (int i = 0; i < count && i < 65536; i++) {
		struct if_quotactl qc = { .qc_cmd = LUSTRE_Q_GETQUOTA,
					  .qc_type = r->type, .qc_id = r->id,
					  .qc_valid = mdt ? QC_MDTIDX : QC_OSTIDX,
					  .qc_idx = (uint32_t)i };
		struct quota_target *nt, *t;
		int rc = lustre_quotactl(fd, &qc);

		if (rc == -ENODEV || rc == -EOPNOTSUPP)
			continue;
		if (rc && rc != -ENODATA) {
			if (!r->target_rc)
				r->target_rc = rc;
			continue;
		}
		nt = realloc(r->targets, sizeof(*nt) * (r->ntargets + 1));
		if (!nt)
			return;
		r->targets = nt;
		t = &nt[r->ntargets++];
		memset(t, 0, sizeof(*t));
		t->is_mdt = mdt;
		t->index = (uint32_t)i;
		t->rc = rc;
		memcpy(t->uuid, qc.obd_uuid.uuid, sizeof(qc.obd_uuid.uuid));
		t->uuid[sizeof(qc.obd_uuid.uuid)] = 0;
		if (!rc)
			t->dqb = qc.qc_dqblk;
	}
}

int quota_get(const char *path, enum quota_type t, uint32_t id, bool dflt,
	      bool verbose, struct quota_report *ret, struct fsx_why *why)
{
	struct if_quotactl qc = { .qc_cmd = dflt ? LUSTRE_Q_GETDEFAULT : LUSTRE_Q_GETQUOTA,
				  .qc_type = t, .qc_id = dflt ? 0 : id };
	int fd = open_dir(path, why), rc;

	if (fd < 0)
		return fd;
	memset(ret, 0, sizeof(*ret));
	ret->type = t;
	ret->id = qc.qc_id;
	ret->is_default = dflt;
	snprintf(ret->path, sizeof(ret->path), "%s", path);
	rc = lustre_quotactl(fd, &qc);
	if (rc && rc != -EREMOTEIO) {
		rc = qerr(fd, rc, t, why);
		close(fd);
		return rc;
	}
	ret->rc = rc;
	ret->dqb = qc.qc_dqblk;
	if (!dflt && id == 0) {
		/* lfs shows root with no limits, whatever is stored */
		ret->dqb.dqb_bhardlimit = ret->dqb.dqb_bsoftlimit = 0;
		ret->dqb.dqb_ihardlimit = ret->dqb.dqb_isoftlimit = 0;
		ret->dqb.dqb_btime = ret->dqb.dqb_itime = 0;
		ret->dqb.dqb_valid |= QIF_LIMITS | QIF_TIMES;
	}
	ret->verbose = verbose && !dflt;
	if (ret->verbose) {
		load_targets(fd, ret, true);
		load_targets(fd, ret, false);
	}
	close(fd);
	return 0;
}

void quota_report_release(struct quota_report *r)
{
	free(r->targets);
	r->targets = NULL;
	r->ntargets = 0;
}

bool quota_report_inaccurate(const struct quota_report *r)
{
	uint32_t need = QIF_LIMITS | QIF_USAGE;

	if (r->is_default)
		need = QIF_LIMITS;
	return r->rc || r->target_rc || (r->dqb.dqb_valid & need) != need;
}

int quota_get_grace(const char *path, enum quota_type t, uint64_t *ret_bgrace,
		    uint64_t *ret_igrace, struct fsx_why *why)
{
	struct if_quotactl qc = { .qc_cmd = LUSTRE_Q_GETINFO, .qc_type = t };
	int fd = open_dir(path, why), rc;

	if (fd < 0)
		return fd;
	rc = lustre_quotactl(fd, &qc);
	if (rc)
		rc = qerr(fd, rc, t, why);
	close(fd);
	if (rc)
		return rc;
	*ret_bgrace = qc.qc_dqinfo.dqi_bgrace;
	*ret_igrace = qc.qc_dqinfo.dqi_igrace;
	return 0;
}

/* Fills the halves of soft/hard pairs that were not given from the
 * current limits, keeping the grace clock when only a hard limit moves. */
static int merge_current(int fd, struct if_quotactl *qc, unsigned mask,
			 struct fsx_why *why)
{
	struct if_quotactl cur = { .qc_cmd = LUSTRE_Q_GETQUOTA,
				   .qc_type = qc->qc_type, .qc_id = qc->qc_id };
	struct obd_dqblk *d = &qc->qc_dqblk;
	int rc = lustre_quotactl(fd, &cur);

	if (rc)
		return qerr(fd, rc, qc->qc_type, why);
	if (!(mask & QSET_BHARD))
		d->dqb_bhardlimit = cur.qc_dqblk.dqb_bhardlimit;
	if (!(mask & QSET_BSOFT))
		d->dqb_bsoftlimit = cur.qc_dqblk.dqb_bsoftlimit;
	if (!(mask & QSET_IHARD))
		d->dqb_ihardlimit = cur.qc_dqblk.dqb_ihardlimit;
	if (!(mask & QSET_ISOFT))
		d->dqb_isoftlimit = cur.qc_dqblk.dqb_isoftlimit;
	if ((mask & QSET_BHARD) && !(mask & QSET_BSOFT)) {
		d->dqb_valid |= QIF_BTIME;
		d->dqb_btime = cur.qc_dqblk.dqb_btime;
	}
	if ((mask & QSET_IHARD) && !(mask & QSET_ISOFT)) {
		d->dqb_valid |= QIF_ITIME;
		d->dqb_itime = cur.qc_dqblk.dqb_itime;
	}
	return 0;
}

static bool one_of_pair(unsigned mask, unsigned a, unsigned b)
{
	return !(mask & a) != !(mask & b);
}

static void fill_set(struct if_quotactl *qc, enum quota_set_mode mode,
		     const struct quota_limits *l)
{
	struct obd_dqblk *d = &qc->qc_dqblk;

	switch (mode) {
	case QSET_GRACE:
		qc->qc_cmd = LUSTRE_Q_SETINFO;
		qc->qc_dqinfo.dqi_bgrace = l->bgrace;
		qc->qc_dqinfo.dqi_igrace = l->igrace;
		d->dqb_valid = ((l->mask & QSET_BGRACE) ? QIF_BTIME : 0) |
			       ((l->mask & QSET_IGRACE) ? QIF_ITIME : 0);
		return;
	case QSET_USE_DEFAULT:
		qc->qc_cmd = LUSTRE_Q_SETQUOTA;
		d->dqb_btime = LQUOTA_FLAG_DEFAULT << LQUOTA_GRACE_BITS;
		d->dqb_itime = LQUOTA_FLAG_DEFAULT << LQUOTA_GRACE_BITS;
		d->dqb_valid = QIF_LIMITS | QIF_TIMES;
		return;
	default:
		qc->qc_cmd = mode == QSET_DEFAULT ? LUSTRE_Q_SETDEFAULT : LUSTRE_Q_SETQUOTA;
		d->dqb_bsoftlimit = l->bsoft;
		d->dqb_bhardlimit = l->bhard;
		d->dqb_isoftlimit = l->isoft;
		d->dqb_ihardlimit = l->ihard;
		if (l->mask & (QSET_BSOFT | QSET_BHARD))
			d->dqb_valid |= QIF_BLIMITS;
		if (l->mask & (QSET_ISOFT | QSET_IHARD))
			d->dqb_valid |= QIF_ILIMITS;
	}
}

int quota_set(const char *path, enum quota_type t, uint32_t id,
	      enum quota_set_mode mode, const struct quota_limits *l,
	      struct fsx_why *why)
{
	struct if_quotactl qc = { .qc_type = t, .qc_id = mode == QSET_LIMITS ||
								 mode == QSET_USE_DEFAULT ? id : 0 };
	struct quota_limits merged;
	int fd, rc;

	rc = quota_limits_check(l, why);
	if (rc)
		return rc;
	fd = open_dir(path, why);
	if (fd < 0)
		return fd;
	fill_set(&qc, mode, l);
	if (mode == QSET_LIMITS && (one_of_pair(l->mask, QSET_BSOFT, QSET_BHARD) ||
				    one_of_pair(l->mask, QSET_ISOFT, QSET_IHARD))) {
		rc = merge_current(fd, &qc, l->mask, why);
		if (rc)
			goto out;
		merged = *l;
		merged.bsoft = qc.qc_dqblk.dqb_bsoftlimit;
		merged.bhard = qc.qc_dqblk.dqb_bhardlimit;
		merged.isoft = qc.qc_dqblk.dqb_isoftlimit;
		merged.ihard = qc.qc_dqblk.dqb_ihardlimit;
		rc = quota_limits_check(&merged, why);
		if (rc)
			goto out;
	}
	rc = lustre_quotactl(fd, &qc);
	if (rc)
		rc = qerr(fd, rc, t, why);
out:
	close(fd);
	return rc;
}
