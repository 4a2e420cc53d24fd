/* SPDX-License-Identifier: MIT */
/*
 * The bulk engine. The calling thread reads paths and hands them to
 * workers through a bounded queue; each worker looks at its file (state,
 * FID), skips what needs nothing and adds the rest to the one batch being
 * filled. Whoever fills a batch to 52 files sends it with one
 * LL_IOC_HSM_REQUEST on the mount root; if the kernel refuses a batch, its
 * files are sent again one by one, so one bad file costs one file. A set
 * of FIDs (fidset.h) catches the same file named twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hsm/fidset.h"
#include "hsm/internal.h"
#include "lustre/hsm.h"

#define QUEUE_CAP 1024
#define PROGRESS_EVERY 0.25

struct batch {
	size_t mount;
	unsigned n;
	struct hsm_user_item items[HSM_BATCH_MAX];
	char *paths[HSM_BATCH_MAX];
	uint64_t sizes[HSM_BATCH_MAX];
};

struct engine {
	const struct hsm_bulk_opts *o;
	struct hsm_bulk_stats *st;
	pthread_mutex_t lock; /* everything below */
	pthread_cond_t nonempty, nonfull, idle;
	char *queue[QUEUE_CAP];
	size_t qhead, qlen;
	bool closing;
	unsigned alive, nthreads;
	uint64_t follow_bytes; /* files already in progress, followed by --wait */
	struct batch *cur;
	struct hsm_fidset seen;
	struct lustre_mnts mounts;
	int *rootfds;
	FILE *spill;
	uint64_t seen_paths;
	double t0, last_progress;
	int fatal;
};

static void report(struct engine *e, const struct hsm_failure *f)
{
	/* callers hold e->lock: one line at a time, counts exact */
	if (!f->notice)
		e->st->failed++;
	if (e->o->fail)
		e->o->fail(e->o->arg, f);
}

static void progress(struct engine *e, bool force)
{
	struct hsm_progress p = { 0 };
	double now = hsm_now();

	if (!e->o->progress || (!force && now - e->last_progress < PROGRESS_EVERY))
		return;
	e->last_progress = now;
	p.seen = e->seen_paths;
	p.requested = e->st->requested;
	p.elapsed = now - e->t0;
	e->o->progress(e->o->arg, &p);
}

static int root_fd(struct engine *e, size_t m)
{
	if (e->rootfds[m] < 0)
		e->rootfds[m] = open(e->mounts.v[m].dir,
				     O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	return e->rootfds[m];
}

static void requested(struct engine *e, struct batch *b, unsigned i)
{
	e->st->requested++;
	e->st->bytes += b->sizes[i];
	if (e->spill && hsm_spill_add(e->spill, &b->items[i].hui_fid, b->sizes[i],
				      b->paths[i]) < 0 && !e->fatal)
		e->fatal = -EIO;
}

static int send(struct engine *e, struct batch *b, unsigned from, unsigned n,
		int rootfd)
{
	struct {
		struct hsm_request hr;
		struct hsm_user_item items[HSM_BATCH_MAX];
	} __attribute__((packed)) req = { 0 };

	req.hr.hr_action = hsm_verb_action(e->o->verb);
	req.hr.hr_archive_id = e->o->archive_id;
	req.hr.hr_itemcount = n;
	memcpy(req.items, b->items + from, n * sizeof(req.items[0]));
	return lustre_hsm_request(rootfd, &req.hr);
}

/* Sends b (not locked); a refused batch is retried file by file. */
static void issue(struct engine *e, struct batch *b)
{
	int rootfd, rc;

	pthread_mutex_lock(&e->lock);
	rootfd = root_fd(e, b->mount);
	pthread_mutex_unlock(&e->lock);
	rc = rootfd < 0 ? -errno : send(e, b, 0, b->n, rootfd);
	pthread_mutex_lock(&e->lock);
	if (rc == 0) {
		e->st->requests++;
		for (unsigned i = 0; i < b->n; i++)
			requested(e, b, i);
	} else if (b->n > 1 && rootfd >= 0) {
		e->st->retried++;
		pthread_mutex_unlock(&e->lock);
		for (unsigned i = 0; i < b->n; i++) {
			int r = send(e, b, i, 1, rootfd);

			pthread_mutex_lock(&e->lock);
			if (r == 0) {
				e->st->requests++;
				requested(e, b, i);
			} else {
				struct hsm_failure f = { .subject = b->paths[i], .rc = r,
							 .msg = "HSM request refused",
							 .show_errno = true };

				report(e, &f);
			}
			pthread_mutex_unlock(&e->lock);
		}
		pthread_mutex_lock(&e->lock);
	} else {
		for (unsigned i = 0; i < b->n; i++) {
			struct hsm_failure f = {
				.subject = b->paths[i], .rc = rc, .show_errno = true,
				.msg = rootfd < 0 ? "cannot open the mount root" :
						    "HSM request refused",
			};

			report(e, &f);
		}
	}
	pthread_mutex_unlock(&e->lock);
	for (unsigned i = 0; i < b->n; i++)
		free(b->paths[i]);
	free(b);
}

/* Under e->lock: adds a file to the batch; returns a full batch to send. */
static struct batch *batch_add(struct engine *e, size_t m, const struct hsm_prep *p,
			       char *path, struct batch **ret_other)
{
	struct batch *b = e->cur, *full = NULL;

	*ret_other = NULL;
	if (b && b->mount != m) {
		*ret_other = b; /* another filesystem: send what we have */
		b = NULL;
	}
	if (!b) {
		b = calloc(1, sizeof(*b));
		if (!b) {
			free(path);
			e->cur = NULL;
			return NULL;
		}
		b->mount = m;
	}
	b->items[b->n].hui_fid = p->fid;
	b->items[b->n].hui_extent.length = UINT64_MAX;
	b->sizes[b->n] = (uint64_t)p->st.st_size;
	b->paths[b->n++] = path;
	e->cur = b;
	if (b->n >= e->o->batch) {
		full = b;
		e->cur = NULL;
	}
	return full;
}

/* Under e->lock: counts the file; true if it is to be requested. */
static bool want(struct engine *e, const struct hsm_prep *p, const char *path,
		 bool *ret_follow)
{
	struct hsm_bulk_stats *st = e->st;
	int rc = hsm_fidset_add(&e->seen, &p->fid);

	*ret_follow = false;
	if (rc == 0) {
		struct hsm_failure f = { .subject = path, .notice = true,
					 .msg = "named again (same file), counted once" };

		st->duplicates++;
		report(e, &f);
		return false;
	}
	st->files++;
	if (!p->have_state)
		return true;
	st->class_files[hsm_class_of(p->hus.hus_states)]++;
	st->class_bytes[hsm_class_of(p->hus.hus_states)] += (uint64_t)p->st.st_size;
	if (e->o->force)
		return true;
	if (hsm_verb_satisfied(e->o->verb, &p->hus)) {
		st->skipped++;
		return false;
	}
	if (hsm_in_progress(p->hus.hus_in_progress_action, p->hus.hus_in_progress_state) &&
	    p->hus.hus_in_progress_action == hsm_verb_action(e->o->verb)) {
		st->inflight++;
		*ret_follow = true;
		return false;
	}
	return true;
}

static void process(struct engine *e, char *path)
{
	struct hsm_failure f = { 0 };
	struct hsm_prep p;
	struct batch *full = NULL, *other = NULL;
	const struct lustre_mnt *m = NULL;
	bool follow;
	int rc = hsm_prep_file(path, &p, &f);

	pthread_mutex_lock(&e->lock);
	if (!rc) {
		m = lustre_mnt_of(&e->mounts, path, p.st.st_dev);
		if (!m)
			rc = -ENOTTY, f.rc = rc, f.msg = "no Lustre mount holds it";
	}
	if (rc) {
		report(e, &f);
	} else if (want(e, &p, path, &follow)) {
		full = batch_add(e, (size_t)(m - e->mounts.v), &p, path, &other);
		path = NULL;
	} else if (follow && e->spill) {
		e->follow_bytes += (uint64_t)p.st.st_size;
		if (hsm_spill_add(e->spill, &p.fid, (uint64_t)p.st.st_size, path) < 0)
			e->fatal = -EIO;
	}
	pthread_mutex_unlock(&e->lock);
	free(path);
	if (other)
		issue(e, other);
	if (full)
		issue(e, full);
}

static void *worker(void *arg)
{
	struct engine *e = arg;

	for (;;) {
		char *path;

		pthread_mutex_lock(&e->lock);
		while (!e->qlen && !e->closing)
			pthread_cond_wait(&e->nonempty, &e->lock);
		if (!e->qlen) {
			e->alive--;
			pthread_cond_broadcast(&e->idle);
			pthread_mutex_unlock(&e->lock);
			return NULL;
		}
		path = e->queue[e->qhead];
		e->qhead = (e->qhead + 1) % QUEUE_CAP;
		e->qlen--;
		pthread_cond_signal(&e->nonfull);
		pthread_mutex_unlock(&e->lock);
		process(e, path);
	}
}

static void timed_wait(pthread_cond_t *cv, pthread_mutex_t *m)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 250000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_cond_timedwait(cv, m, &ts);
}

static void push(struct engine *e, char *path)
{
	pthread_mutex_lock(&e->lock);
	while (e->qlen == QUEUE_CAP) {
		timed_wait(&e->nonfull, &e->lock);
		progress(e, false);
	}
	e->queue[(e->qhead + e->qlen) % QUEUE_CAP] = path;
	e->qlen++;
	e->seen_paths++;
	pthread_cond_signal(&e->nonempty);
	if ((e->seen_paths & 255) == 0)
		progress(e, false);
	pthread_mutex_unlock(&e->lock);
}

/* Reads every path of in into the queue; input errors are reported here. */
static void feed(struct engine *e, struct hsm_input *in)
{
	struct hsm_item it;
	struct fsx_why why;
	int rc;

	while ((rc = hsm_input_next(in, &it, &why)) != 0) {
		char *path;

		if (rc < 0) {
			struct hsm_failure f = { .subject = it.path, .rc = rc,
						 .msg = why.msg,
						 .show_errno = rc != -EINVAL };

			pthread_mutex_lock(&e->lock);
			report(e, &f);
			pthread_mutex_unlock(&e->lock);
			continue;
		}
		path = strdup(it.path);
		if (!path) {
			e->fatal = -ENOMEM;
			break;
		}
		push(e, path);
	}
}

static int start(struct engine *e, pthread_t *tids, unsigned n, struct fsx_why *why)
{
	int rc = lustre_mnts_load(&e->mounts);

	if (rc)
		return why_set(why, rc, "cannot read /proc/mounts");
	e->rootfds = malloc((e->mounts.n + 1) * sizeof(int));
	if (!e->rootfds)
		return why_set(why, -ENOMEM, "out of memory");
	for (size_t i = 0; i < e->mounts.n; i++)
		e->rootfds[i] = -1;
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->nonempty, NULL);
	pthread_cond_init(&e->nonfull, NULL);
	pthread_cond_init(&e->idle, NULL);
	for (unsigned i = 0; i < n; i++) {
		if (pthread_create(&tids[i], NULL, worker, e))
			break;
		e->alive++;
	}
	e->nthreads = e->alive;
	if (!e->alive)
		return why_set(why, -EAGAIN, "cannot start worker threads");
	return 0;
}

static void finish(struct engine *e, pthread_t *tids, unsigned n)
{
	pthread_mutex_lock(&e->lock);
	e->closing = true;
	pthread_cond_broadcast(&e->nonempty);
	while (e->alive) {
		timed_wait(&e->idle, &e->lock);
		progress(e, false);
	}
	pthread_mutex_unlock(&e->lock);
	for (unsigned i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	if (e->cur) {
		struct batch *b = e->cur;

		e->cur = NULL;
		issue(e, b);
	}
}

static void cleanup(struct engine *e)
{
	for (size_t i = 0; i < e->mounts.n && e->rootfds; i++)
		if (e->rootfds[i] >= 0)
			close(e->rootfds[i]);
	free(e->rootfds);
	lustre_mnts_release(&e->mounts);
	hsm_fidset_release(&e->seen);
	if (e->spill)
		fclose(e->spill);
}

int hsm_bulk_run(struct hsm_input *in, const struct hsm_bulk_opts *o,
		 struct hsm_bulk_stats *st, struct fsx_why *why)
{
	struct engine e = { .o = o, .st = st, .t0 = hsm_now() };
	unsigned n = o->threads ? o->threads : 1;
	pthread_t tids[64];
	int rc;

	memset(st, 0, sizeof(*st));
	if (n > 64)
		n = 64;
	if (o->wait) {
		e.spill = tmpfile();
		if (!e.spill)
			return why_set(why, -errno, "cannot create a temporary file for --wait");
	}
	rc = start(&e, tids, n, why);
	if (!rc) {
		feed(&e, in);
		finish(&e, tids, e.nthreads);
		progress(&e, true);
		rc = e.fatal;
		if (rc)
			why_set(why, rc, "out of memory or temporary file full");
	}
	if (!rc && e.spill && (st->requested || st->inflight))
		rc = hsm_wait_run(e.spill, o, st, st->requested + st->inflight,
				  st->bytes + e.follow_bytes, why);
	st->elapsed = hsm_now() - e.t0;
	cleanup(&e);
	return rc;
}
