/*
 * Replays inputs through a fuzz target without libFuzzer, so that gcc
 * builds can run the seed corpora: each argument is a file, or a
 * directory whose files are all run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run_file(const char *path)
{
	FILE	*fp;
	uint8_t	*data = NULL;
	size_t	 n = 0, cap = 0, got;

	if ((fp = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		if ((got = fread(data + n, 1, cap - n, fp)) == 0)
			break;
		n += got;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent	**names;
	struct stat	 sb;
	char		 path[4096];
	int		 i, j, n, runs = 0, rc = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == -1 || !S_ISDIR(sb.st_mode)) {
			rc |= run_file(argv[i]);
			runs++;
			continue;
		}
		if ((n = scandir(argv[i], &names, NULL, alphasort)) == -1) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    names[j]->d_name);
			if (names[j]->d_name[0] != '.' && stat(path, &sb) == 0 &&
			    S_ISREG(sb.st_mode)) {
				rc |= run_file(path);
				runs++;
			}
			free(names[j]);
		}
		free(names);
	}
	printf("%d inputs\n", runs);
	return rc ? 1 : 0;
}
