/* Anchor for P1: the least a process can do with a file: stat it. */
#include <stdio.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	struct stat st;

	if (argc < 2 || stat(argv[1], &st) < 0)
		return 1;
	printf("%lld\n", (long long)st.st_size);
	return 0;
}
