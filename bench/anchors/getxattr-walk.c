/*
 * Anchor for P3: walk a tree and read each file's lustre.lov xattr once,
 * with no printing, threads or bookkeeping: one getxattr per file.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>

static char buf[65536];
static long files;

static void walk(char *path, size_t len)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' && (n == 1 || (n == 2 && de->d_name[1] == '.')))
			continue;
		if (len + n + 2 > 4096)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, n + 1);
		if (de->d_type == DT_DIR)
			walk(path, len + 1 + n);
		else if (de->d_type == DT_REG && getxattr(path, "lustre.lov", buf, sizeof(buf)) > 0)
			files++;
		path[len] = 0;
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s", argc > 1 ? argv[1] : ".");
	walk(path, strlen(path));
	printf("%ld\n", files);
	return 0;
}
