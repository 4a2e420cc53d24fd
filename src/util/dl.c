/* SPDX-License-Identifier: MIT */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include "util/dl.h"

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

int dl_open_once(void **lib, const char *soname, const char *package,
		 struct fsx_why *why, ...)
{
	va_list ap;
	void *h;
	void **slot;
	int rc = 0;

	if (__atomic_load_n(lib, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&dl_lock);
	if (*lib)
		goto out_unlock;
	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		rc = why_set(why, -ENOENT, "%s not found (install %s)", soname,
			     package);
		goto out_unlock;
	}
	va_start(ap, why);
	while ((slot = va_arg(ap, void **))) {
		const char *name = va_arg(ap, const char *);

		*slot = dlsym(h, name);
		if (!*slot) {
			rc = why_set(why, -ENOENT, "%s: symbol %s missing (install %s)",
				     soname, name, package);
			break;
		}
	}
	va_end(ap);
	if (rc == 0)
		__atomic_store_n(lib, h, __ATOMIC_RELEASE);
out_unlock:
	pthread_mutex_unlock(&dl_lock);
	return rc;
}
