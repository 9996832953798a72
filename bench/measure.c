/* Runs a command and prints its wall time in seconds and its peak resident set size in
 * KiB on one line to standard error ("wall 1.234 rss 5678"), for bench/run.sh.
 * Finer than /usr/bin/time's 10 ms steps, which matter for the small street runs.
 *
 *   measure COMMAND [ARG...]       exit status is the command's */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	const char *log = NULL;
	if (argc > 2 && !strcmp(argv[1], "-o")) {
		log = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fputs("usage: measure [-o FILE] COMMAND [ARG...]\n", stderr);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("measure: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	FILE *f = log ? fopen(log, "a") : stderr;
	if (!f) {
		fprintf(stderr, "measure: %s: %s\n", log, strerror(errno));
		return 2;
	}
	fprintf(f, "wall %.4f rss %ld\n", wall, ru.ru_maxrss);
	if (f != stderr)
		fclose(f);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
