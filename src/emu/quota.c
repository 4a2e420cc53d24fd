// SPDX-License-Identifier: MIT
/*
 * Quotas (OBD_IOC_QUOTACTL, lustre-abi.md §6.11). What the quota master
 * keeps - limits, default limits, grace periods and each id's grace
 * timers - lives in state/quota (fixed records, flock'ed). Usage is
 * computed from the tree under the mount: space is the allocated blocks
 * (st_blocks), inodes are counted once per inode; a file's space is split
 * over the OST objects of its instantiated components like the per-target
 * statfs does, the rest (directories, Data-on-MDT, files without a layout)
 * goes to MDT0, where every inode lives.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/pre.h"

enum { Q_ID = 1, Q_DEFAULT = 2, Q_INFO = 3 };
#define QF_DEFAULT 0x1 /* Q_ID: the id uses the default limits */

struct qrec {
	uint32_t kind;
	uint32_t type;
	uint32_t id;
	uint32_t flags;
	char pool[16];
	uint64_t bhard, bsoft, ihard, isoft; /* KiB, inodes */
	uint64_t bgrace, igrace;	     /* Q_INFO: grace periods */
	uint64_t btime, itime;		     /* Q_ID: expiry, 0 = not over */
};

struct qdb {
	int fd;
	int dirty;
	int readonly;
	struct qrec *r;
	size_t n;
};

static int db_open(struct emu_mount *m, struct qdb *db)
{
	struct stat st;

	memset(db, 0, sizeof(*db));
	db->fd = emu_lock(m, "quota");
	if (db->fd == -EACCES) { /* another user's file: read it, change nothing */
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/quota", m->state);
		db->fd = emu_real.open(path, O_RDONLY | O_CLOEXEC);
		if (db->fd < 0 || flock(db->fd, LOCK_SH)) {
			if (db->fd >= 0)
				emu_real.close(db->fd);
			return -EACCES;
		}
		db->readonly = 1;
	}
	if (db->fd < 0)
		return db->fd;
	if (fstat(db->fd, &st))
		goto fail;
	db->n = (size_t)st.st_size / sizeof(struct qrec);
	db->r = calloc(db->n + 1, sizeof(struct qrec));
	if (!db->r)
		goto fail;
	if (db->n && pread(db->fd, db->r, db->n * sizeof(struct qrec), 0) !=
			     (ssize_t)(db->n * sizeof(struct qrec)))
		goto fail;
	return 0;
fail:
	free(db->r);
	emu_unlock(db->fd);
	return -EIO;
}

static int db_close(struct qdb *db)
{
	size_t len = db->n * sizeof(struct qrec);
	int rc = 0;

	if (db->dirty && !db->readonly && (pwrite(db->fd, db->r, len, 0) != (ssize_t)len ||
			  ftruncate(db->fd, (off_t)len)))
		rc = -EIO;
	free(db->r);
	emu_unlock(db->fd);
	return rc;
}

static struct qrec *db_find(struct qdb *db, uint32_t kind, uint32_t type, uint32_t id,
			    const char *pool)
{
	for (size_t i = 0; i < db->n; i++) {
		struct qrec *r = &db->r[i];

		if (r->kind == kind && r->type == type && r->id == id &&
		    !strncmp(r->pool, pool, sizeof(r->pool)))
			return r;
	}
	return NULL;
}

static struct qrec *db_get(struct qdb *db, uint32_t kind, uint32_t type, uint32_t id,
			   const char *pool)
{
	struct qrec *r = db_find(db, kind, type, id, pool), *grown;

	if (r)
		return r;
	grown = realloc(db->r, (db->n + 1) * sizeof(*r));
	if (!grown)
		return NULL;
	db->r = grown;
	r = &db->r[db->n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->type = type;
	r->id = id;
	memcpy(r->pool, pool, strnlen(pool, sizeof(r->pool)));
	if (kind == Q_INFO)
		r->bgrace = r->igrace = MAX_DQ_TIME;
	db->dirty = 1;
	return r;
}

static void db_del(struct qdb *db, struct qrec *r)
{
	size_t i = (size_t)(r - db->r);

	memmove(r, r + 1, (db->n - i - 1) * sizeof(*r));
	db->n--;
	db->dirty = 1;
}

static void grace_of(struct qdb *db, uint32_t type, const char *pool, uint64_t *b, uint64_t *i)
{
	struct qrec *r = db_find(db, Q_INFO, type, 0, pool);

	*b = r ? r->bgrace : MAX_DQ_TIME;
	*i = r ? r->igrace : MAX_DQ_TIME;
}

/* ---- usage ---- */

struct quse {
	uint64_t space, inodes, mdt_space;
	uint64_t *ost; /* per OST */
};

static struct {
	const struct emu_mount *m;
	uint32_t type, id;
	struct quse *u;
	uint64_t *seen; /* hard-linked inodes already counted (ino + 1) */
	size_t nseen, cap;
} walk;

static int seen_before(uint64_t ino)
{
	size_t h;

	if (2 * (walk.nseen + 1) > walk.cap) {
		size_t cap = walk.cap ? 2 * walk.cap : 1024;
		uint64_t *old = walk.seen, *tab = calloc(cap, sizeof(*tab));

		if (!tab)
			return 0;
		walk.seen = tab;
		for (size_t i = 0; i < walk.cap; i++) {
			for (h = old[i] % cap; old[i] && tab[h]; h = (h + 1) % cap)
				;
			if (old[i])
				tab[h] = old[i];
		}
		free(old);
		walk.cap = cap;
	}
	for (h = (ino + 1) % walk.cap; walk.seen[h]; h = (h + 1) % walk.cap)
		if (walk.seen[h] == ino + 1)
			return 1;
	walk.seen[h] = ino + 1;
	walk.nseen++;
	return 0;
}

uint32_t emu_projid(int fd, const char *abs)
{
	char buf[16];
	ssize_t n = fd >= 0 ? emu_real.fgetxattr(fd, EMU_XA_PRJ, buf, sizeof(buf) - 1) :
			      emu_real.lgetxattr(abs, EMU_XA_PRJ, buf, sizeof(buf) - 1);

	if (n <= 0)
		return 0;
	buf[n] = 0;
	return (uint32_t)strtoul(buf, NULL, 10);
}

/* a file's allocated bytes over its objects; what no object holds: MDT0 */
static void attribute(const struct emu_layout *lo, uint64_t size, uint64_t bytes)
{
	const struct emu_mount *m = walk.m;
	uint64_t done = 0;

	for (unsigned int i = 0; i < lo->ncomp && size; i++) {
		const struct emu_comp *c = &lo->comps[i];
		uint64_t end = c->end < size ? c->end : size, part;
		unsigned int nost = 0;

		if ((lo->magic == LOV_MAGIC_COMP_V1 && !(c->flags & LCME_FL_INIT)) ||
		    (c->pattern & LOV_PATTERN_F_RELEASED) || end <= c->start)
			continue;
		part = bytes / size * (end - c->start) + bytes % size * (end - c->start) / size;
		if ((c->pattern & 0xffff) == LOV_PATTERN_MDT)
			continue; /* Data-on-MDT: left to MDT0 */
		for (unsigned int j = 0; j < c->nobj; j++)
			nost += c->objs[j].l_ost_idx < m->cfg.osts;
		for (unsigned int j = 0; j < c->nobj && nost; j++) {
			uint32_t ost = c->objs[j].l_ost_idx;

			if (ost >= m->cfg.osts)
				continue;
			walk.u->ost[ost] += part / nost;
			done += part / nost;
		}
	}
	walk.u->mdt_space += bytes - (done < bytes ? done : bytes);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct emu_layout *lo;
	uint64_t bytes = (uint64_t)st->st_blocks * 512;
	uint32_t owner;

	(void)ftw;
	if (type == FTW_NS)
		return 0;
	if (walk.type == USRQUOTA)
		owner = st->st_uid;
	else if (walk.type == GRPQUOTA)
		owner = st->st_gid;
	else
		owner = S_ISLNK(st->st_mode) ? 0 : emu_projid(-1, path);
	if (owner != walk.id)
		return 0;
	if (st->st_nlink > 1 && !S_ISDIR(st->st_mode) && seen_before((uint64_t)st->st_ino))
		return 0;
	walk.u->inodes++;
	walk.u->space += bytes;
	if (S_ISREG(st->st_mode) && !emu_lov_load(-1, path, &lo)) {
		attribute(lo, (uint64_t)st->st_size, bytes);
		emu_layout_free(lo);
	} else {
		walk.u->mdt_space += bytes;
	}
	return 0;
}

/* one walk per (type, id), reused for a second unless a writer closed */
static pthread_mutex_t use_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const struct emu_mount *m;
	uint32_t type, id;
	time_t when;
	int valid;
	struct quse u;
} cache;

void emu_quota_invalidate(void)
{
	cache.valid = 0;
}

static int usage(struct emu_mount *m, uint32_t type, uint32_t id, struct quse *ret)
{
	time_t now = time(NULL);
	uint64_t *ost;

	pthread_mutex_lock(&use_lock);
	if (!cache.valid || cache.m != m || cache.type != type || cache.id != id ||
	    now - cache.when > 1) {
		free(cache.u.ost);
		memset(&cache, 0, sizeof(cache));
		cache.u.ost = calloc(m->cfg.osts, sizeof(uint64_t));
		if (!cache.u.ost) {
			pthread_mutex_unlock(&use_lock);
			return -ENOMEM;
		}
		memset(&walk, 0, sizeof(walk));
		walk.m = m;
		walk.type = type;
		walk.id = id;
		walk.u = &cache.u;
		nftw(m->root, visit, 32, FTW_PHYS | FTW_MOUNT);
		free(walk.seen);
		cache.m = m;
		cache.type = type;
		cache.id = id;
		cache.when = now;
		cache.valid = 1;
	}
	ost = ret->ost;
	*ret = cache.u;
	ret->ost = ost;
	memcpy(ost, cache.u.ost, m->cfg.osts * sizeof(uint64_t));
	pthread_mutex_unlock(&use_lock);
	return 0;
}

/* ---- commands ---- */

static int is_set(uint32_t cmd)
{
	return cmd == LUSTRE_Q_SETQUOTA || cmd == LUSTRE_Q_SETINFO || cmd == LUSTRE_Q_SETDEFAULT ||
	       cmd == LUSTRE_Q_SETQUOTAPOOL || cmd == LUSTRE_Q_SETINFOPOOL ||
	       cmd == LUSTRE_Q_SETDEFAULT_POOL || cmd == LUSTRE_Q_DELETEQID;
}

static int is_pool(uint32_t cmd)
{
	return cmd >= LUSTRE_Q_GETQUOTAPOOL && cmd <= LUSTRE_Q_SETDEFAULT_POOL;
}

/* non-root: its own euid, a group it is in, any project */
static int may_read(const struct if_quotactl *qc)
{
	gid_t groups[256];
	int n;

	if (!geteuid() || qc->qc_type == PRJQUOTA)
		return 1;
	if (qc->qc_type == USRQUOTA)
		return qc->qc_id == geteuid();
	if (qc->qc_id == getegid())
		return 1;
	n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == qc->qc_id)
			return 1;
	return 0;
}

static uint64_t expiry(uint64_t grace)
{
	uint64_t t = (uint64_t)time(NULL) + grace;

	return grace >= LQUOTA_GRACE_MASK || t > LQUOTA_GRACE_MASK ? LQUOTA_GRACE_MASK : t;
}

/* start or stop the grace timers of an id, as its usage requires */
static void timers(struct qdb *db, struct if_quotactl *qc, const char *pool,
		   const struct qrec *lim, int dflt)
{
	struct obd_dqblk *b = &qc->qc_dqblk;
	uint64_t bgrace, igrace;
	int bover = lim && lim->bsoft && b->dqb_curspace > lim->bsoft * 1024;
	int iover = lim && lim->isoft && b->dqb_curinodes > lim->isoft;
	struct qrec *r = db_find(db, Q_ID, qc->qc_type, qc->qc_id, pool);

	grace_of(db, qc->qc_type, pool, &bgrace, &igrace);
	if ((bover || iover) && !r && (r = db_get(db, Q_ID, qc->qc_type, qc->qc_id, pool)))
		r->flags = QF_DEFAULT;
	if (r && bover != !!r->btime) {
		r->btime = bover ? expiry(bgrace) : 0;
		db->dirty = 1;
	}
	if (r && iover != !!r->itime) {
		r->itime = iover ? expiry(igrace) : 0;
		db->dirty = 1;
	}
	b->dqb_btime = r ? r->btime : 0;
	b->dqb_itime = r ? r->itime : 0;
	if (dflt) {
		b->dqb_btime |= LQUOTA_FLAG_DEFAULT << LQUOTA_GRACE_BITS;
		b->dqb_itime |= LQUOTA_FLAG_DEFAULT << LQUOTA_GRACE_BITS;
	}
	if (r && (r->flags & QF_DEFAULT) && !r->btime && !r->itime)
		db_del(db, r);
}

static void limits_out(struct obd_dqblk *b, const struct qrec *r)
{
	b->dqb_bhardlimit = r ? r->bhard : 0;
	b->dqb_bsoftlimit = r ? r->bsoft : 0;
	b->dqb_ihardlimit = r ? r->ihard : 0;
	b->dqb_isoftlimit = r ? r->isoft : 0;
}

static uint64_t pool_space(struct emu_mount *m, const struct quse *u, const char *pool)
{
	const struct emu_pool *p = emu_pool_find(&m->cfg, pool);
	uint64_t sum = 0;

	for (unsigned int i = 0; p && i < p->n; i++)
		if (p->idx[i] < m->cfg.osts)
			sum += u->ost[p->idx[i]];
	return sum;
}

static int getquota(struct emu_mount *m, struct if_quotactl *qc, const char *pool,
		    const struct quse *u)
{
	struct obd_dqblk *b = &qc->qc_dqblk;
	const struct qrec *own, *lim;
	struct qdb db;
	int rc, dflt;

	if ((rc = db_open(m, &db)))
		return rc;
	own = db_find(&db, Q_ID, qc->qc_type, qc->qc_id, pool);
	dflt = !own || (own->flags & QF_DEFAULT);
	lim = dflt ? db_find(&db, Q_DEFAULT, qc->qc_type, 0, pool) : own;
	dflt = dflt && lim;
	limits_out(b, lim);
	b->dqb_curspace = pool[0] ? pool_space(m, u, pool) : u->space;
	b->dqb_curinodes = u->inodes;
	timers(&db, qc, pool, lim, dflt);
	b->dqb_valid = QIF_BLIMITS | QIF_SPACE | QIF_ILIMITS | QIF_INODES | QIF_BTIME | QIF_ITIME;
	return db_close(&db);
}

static int setquota(struct emu_mount *m, struct if_quotactl *qc, const char *pool)
{
	struct obd_dqblk *b = &qc->qc_dqblk;
	uint32_t kind = qc->qc_cmd == LUSTRE_Q_SETQUOTA || qc->qc_cmd == LUSTRE_Q_SETQUOTAPOOL ?
				Q_ID : Q_DEFAULT;
	uint32_t id = kind == Q_ID ? qc->qc_id : 0;
	struct qrec *r;
	struct qdb db;
	int rc;

	if ((rc = db_open(m, &db)))
		return rc;
	r = db_get(&db, kind, qc->qc_type, id, pool);
	if (!r) {
		db_close(&db);
		return -ENOMEM;
	}
	if (b->dqb_valid & QIF_BLIMITS) {
		r->bhard = b->dqb_bhardlimit;
		r->bsoft = b->dqb_bsoftlimit;
	}
	if (b->dqb_valid & QIF_ILIMITS) {
		r->ihard = b->dqb_ihardlimit;
		r->isoft = b->dqb_isoftlimit;
	}
	if (kind == Q_ID) {
		int back = (b->dqb_valid & QIF_BTIME) &&
			   (b->dqb_btime >> LQUOTA_GRACE_BITS) & LQUOTA_FLAG_DEFAULT;

		r->flags &= ~QF_DEFAULT;
		if (back)
			r->bhard = r->bsoft = r->ihard = r->isoft = 0;
		else if (b->dqb_valid & QIF_BTIME)
			r->btime = b->dqb_btime & LQUOTA_GRACE_MASK;
		if (!back && (b->dqb_valid & QIF_ITIME))
			r->itime = b->dqb_itime & LQUOTA_GRACE_MASK;
		if (!r->bhard && !r->bsoft && !r->ihard && !r->isoft)
			r->flags |= QF_DEFAULT; /* no limits of its own: the defaults */
	}
	db.dirty = 1;
	return db_close(&db);
}

static int info(struct emu_mount *m, struct if_quotactl *qc, const char *pool, int set)
{
	struct obd_dqinfo *i = &qc->qc_dqinfo;
	uint32_t v = qc->qc_dqblk.dqb_valid & (QIF_BTIME | QIF_ITIME);
	struct qrec *r;
	struct qdb db;
	int rc;

	if ((rc = db_open(m, &db)))
		return rc;
	if (set) {
		if (!(r = db_get(&db, Q_INFO, qc->qc_type, 0, pool))) {
			db_close(&db);
			return -ENOMEM;
		}
		if (!v || (v & QIF_BTIME))
			r->bgrace = i->dqi_bgrace;
		if (!v || (v & QIF_ITIME))
			r->igrace = i->dqi_igrace;
		db.dirty = 1;
	} else {
		uint64_t bg, ig;

		grace_of(&db, qc->qc_type, pool, &bg, &ig);
		i->dqi_bgrace = bg;
		i->dqi_igrace = ig;
		i->dqi_flags = 0;
		i->dqi_valid = 0;
	}
	return db_close(&db);
}

static int getdefault(struct emu_mount *m, struct if_quotactl *qc, const char *pool)
{
	struct obd_dqblk *b = &qc->qc_dqblk;
	uint64_t bg, ig;
	struct qdb db;
	int rc;

	if ((rc = db_open(m, &db)))
		return rc;
	limits_out(b, db_find(&db, Q_DEFAULT, qc->qc_type, 0, pool));
	grace_of(&db, qc->qc_type, pool, &bg, &ig);
	b->dqb_btime = bg;
	b->dqb_itime = ig;
	b->dqb_curspace = b->dqb_curinodes = 0;
	b->dqb_valid = QIF_BLIMITS | QIF_ILIMITS | QIF_BTIME | QIF_ITIME;
	return db_close(&db);
}

static int deleteqid(struct emu_mount *m, struct if_quotactl *qc)
{
	struct qdb db;
	int rc;

	if ((rc = db_open(m, &db)))
		return rc;
	for (size_t i = 0; i < db.n; i++) {
		if (db.r[i].kind == Q_ID && db.r[i].type == qc->qc_type &&
		    db.r[i].id == qc->qc_id)
			db_del(&db, &db.r[i--]);
	}
	return db_close(&db);
}

/* ---- one target (qc_valid QC_MDTIDX, QC_OSTIDX, QC_UUID) ---- */

static int resolve_target(struct emu_mount *m, struct if_quotactl *qc, int *mdt)
{
	char uuid[40];

	switch (qc->qc_valid) {
	case QC_MDTIDX:
		*mdt = 1;
		return qc->qc_idx < m->cfg.mdts ? 0 : -ENODEV;
	case QC_OSTIDX:
		*mdt = 0;
		return qc->qc_idx < m->cfg.osts ? 0 : -EINVAL;
	case QC_UUID:
		for (unsigned int i = 0; i < m->cfg.mdts + m->cfg.osts; i++) {
			*mdt = i < m->cfg.mdts;
			qc->qc_idx = *mdt ? i : i - m->cfg.mdts;
			snprintf(uuid, sizeof(uuid), "%s-%s%04x_UUID", m->cfg.fsname,
				 *mdt ? "MDT" : "OST", qc->qc_idx);
			if (!strncmp(uuid, qc->obd_uuid, sizeof(uuid)))
				return 0;
		}
		return -ENODEV;
	}
	return -EINVAL;
}

static void target_limits(struct emu_mount *m, struct obd_dqblk *b, int mdt, uint32_t idx)
{
	uint64_t bh = b->dqb_bhardlimit, ih = b->dqb_ihardlimit;

	memset(b, 0, offsetof(struct obd_dqblk, dqb_curspace));
	b->dqb_ihardlimit = b->dqb_isoftlimit = 0;
	if (mdt)
		b->dqb_ihardlimit = idx ? 0 : ih;
	else
		b->dqb_bhardlimit = bh / m->cfg.osts + (idx ? 0 : bh % m->cfg.osts);
}

static int target_query(struct emu_mount *m, struct if_quotactl *qc, const char *pool,
			struct quse *u)
{
	struct obd_dqblk *b = &qc->qc_dqblk;
	int mdt = 0, rc;

	if (qc->qc_cmd != LUSTRE_Q_GETINFO && qc->qc_cmd != LUSTRE_Q_GETQUOTA &&
	    qc->qc_cmd != LUSTRE_Q_GETQUOTAPOOL)
		return -EINVAL;
	if ((rc = resolve_target(m, qc, &mdt)))
		return rc;
	if (qc->qc_cmd == LUSTRE_Q_GETINFO)
		rc = info(m, qc, pool, 0);
	else if (!(rc = getquota(m, qc, pool, u))) {
		target_limits(m, b, mdt, qc->qc_idx);
		b->dqb_curspace = mdt ? (qc->qc_idx ? 0 : u->mdt_space) : u->ost[qc->qc_idx];
		b->dqb_curinodes = mdt && !qc->qc_idx ? u->inodes : 0;
	}
	if (rc)
		return rc;
	qc->qc_valid = mdt ? QC_MDTIDX : QC_OSTIDX;
	memset(qc->obd_uuid, 0, sizeof(qc->obd_uuid));
	snprintf(qc->obd_uuid, sizeof(qc->obd_uuid), "%s-%s%04x_UUID", m->cfg.fsname,
		 mdt ? "MDT" : "OST", qc->qc_idx);
	return 0;
}

static int dispatch(struct emu_mount *m, struct if_quotactl *qc, const char *pool)
{
	struct quse u = { 0 };
	int rc = 0;

	if (qc->qc_cmd == LUSTRE_Q_GETQUOTA || qc->qc_cmd == LUSTRE_Q_GETQUOTAPOOL) {
		if (!(u.ost = calloc(m->cfg.osts, sizeof(uint64_t))))
			return -ENOMEM;
		rc = usage(m, qc->qc_type, qc->qc_id, &u);
	}
	if (rc)
		goto out;
	if (qc->qc_valid != QC_GENERAL)
		rc = target_query(m, qc, pool, &u);
	else if (qc->qc_cmd == LUSTRE_Q_GETQUOTA || qc->qc_cmd == LUSTRE_Q_GETQUOTAPOOL)
		rc = getquota(m, qc, pool, &u);
	else if (qc->qc_cmd == LUSTRE_Q_GETINFO || qc->qc_cmd == LUSTRE_Q_GETINFOPOOL)
		rc = info(m, qc, pool, 0);
	else if (qc->qc_cmd == LUSTRE_Q_SETINFO || qc->qc_cmd == LUSTRE_Q_SETINFOPOOL)
		rc = info(m, qc, pool, 1);
	else if (qc->qc_cmd == LUSTRE_Q_GETDEFAULT || qc->qc_cmd == LUSTRE_Q_GETDEFAULT_POOL)
		rc = getdefault(m, qc, pool);
	else if (qc->qc_cmd == LUSTRE_Q_DELETEQID)
		rc = deleteqid(m, qc);
	else
		rc = setquota(m, qc, pool);
out:
	free(u.ost);
	return rc;
}

int emu_quotactl(struct emu_mount *m, struct if_quotactl *qc)
{
	uint32_t cmd = qc->qc_cmd;
	char pool[17] = "";

	if ((cmd < LUSTRE_Q_GETINFO || cmd > LUSTRE_Q_SETQUOTA) && cmd != LUSTRE_Q_GETDEFAULT &&
	    cmd != LUSTRE_Q_SETDEFAULT && !is_pool(cmd) && cmd != LUSTRE_Q_DELETEQID)
		return -ENOTSUPP;
	if (is_set(cmd) && geteuid())
		return -EPERM;
	if (qc->qc_type > PRJQUOTA)
		return -EINVAL;
	if ((cmd == LUSTRE_Q_GETQUOTA || cmd == LUSTRE_Q_GETDEFAULT ||
	     cmd == LUSTRE_Q_GETQUOTAPOOL || cmd == LUSTRE_Q_GETDEFAULT_POOL) && !may_read(qc))
		return -EPERM;
	if (is_pool(cmd)) {
		memcpy(pool, (const char *)qc + sizeof(*qc), 16);
		if (!emu_pool_find(&m->cfg, pool))
			return -ENOENT;
	}
	if (!strchr(m->cfg.quota_types, "ugp"[qc->qc_type]))
		return -ESRCH;
	return dispatch(m, qc, pool);
}

/* FS_IOC_FSGETXATTR / FSSETXATTR: the project id lives in user.lustre.projid */
int emu_projid_ioctl(struct emu_mount *m, int fd, unsigned long req, void *arg)
{
	uint32_t *fsx = arg; /* xflags, extsize, nextents, projid, cowextsize */
	char buf[16];
	struct stat st;

	(void)m;
	if (fstat(fd, &st))
		return -errno;
	if (req == FS_IOC_FSGETXATTR) {
		if (emu_real.ioctl(fd, req, arg))
			memset(arg, 0, 28);
		fsx[3] = emu_projid(fd, NULL);
		return 0;
	}
	if (geteuid() && geteuid() != st.st_uid)
		return -EPERM;
	if (fsx[3] == emu_projid(fd, NULL))
		return 0;
	snprintf(buf, sizeof(buf), "%u", fsx[3]);
	if (emu_real.fsetxattr(fd, EMU_XA_PRJ, buf, strlen(buf), 0))
		return -errno;
	emu_quota_invalidate();
	return 0;
}
