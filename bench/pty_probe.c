/* Start-up and keystroke latency of the screen as a person sees it, for bench/run.sh:
 * runs a program on a pseudo-terminal, and times
 *   - start-up: from exec to the last byte of the first screen (the first burst of
 *     output followed by QUIET ms of silence), with the program's peak RSS then;
 *   - each key of KEYS: from writing it to the last byte of the redraw it caused.
 * Then ends the program (SIGTERM) and prints
 *   startup_ms 12.3 rss_kb 4567
 *   key 1 0.8
 *   ...
 *
 *   pty_probe [-c COLS] [-l LINES] [-q QUIET_MS] [-k KEYS] [-w WAIT_FOR] -- COMMAND...
 *
 * KEYS may hold \r, \e, \t and \\ escapes; a key that starts with \e is sent whole with
 * the following characters up to the next escape. WAIT_FOR: start-up ends only once this
 * text has been seen (so a splash or a "loading" line does not count as the screen).
 * Built with: cc -O2 -o pty_probe bench/pty_probe.c -lutil */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Peak resident set size of pid so far, KiB (VmHWM). */
static long peak_rss(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Rolling tail of the output, for WAIT_FOR. */
static char tail[8192];
static size_t tail_len;

static void remember(const char *buf, size_t n)
{
	if (n >= sizeof tail - 1) {
		memcpy(tail, buf + n - (sizeof tail - 1), sizeof tail - 1);
		tail_len = sizeof tail - 1;
	} else {
		if (tail_len + n > sizeof tail - 1) {
			size_t drop = tail_len + n - (sizeof tail - 1);
			memmove(tail, tail + drop, tail_len - drop);
			tail_len -= drop;
		}
		memcpy(tail + tail_len, buf, n);
		tail_len += n;
	}
	tail[tail_len] = '\0';
}

/* Read until QUIET ms pass without output after at least one byte (and, if wait_for is
 * set, after it was seen). Returns the time of the last byte, or -1 on timeout/EOF. */
static double settle(int fd, int quiet, const char *wait_for, double deadline)
{
	double last = -1;
	bool seen = wait_for == NULL;
	char buf[65536];
	for (;;) {
		double t = now_ms();
		if (t > deadline)
			return -1;
		int timeout = last < 0 || !seen ? 50 : quiet - (int)(t - last);
		if (timeout <= 0)
			return last;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, timeout);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0) {
			ssize_t n = read(fd, buf, sizeof buf);
			if (n <= 0)
				return last;   /* the program ended */
			last = now_ms();
			if (!seen) {
				remember(buf, (size_t)n);
				if (strstr(tail, wait_for))
					seen = true;
			}
		}
	}
}

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			out[n++] = *s == 'r' ? '\r' : *s == 'e' ? '\033' : *s == 't' ? '\t' :
				*s == 'n' ? '\n' : *s;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return n;
}

int main(int argc, char **argv)
{
	int cols = 120, lines = 40, quiet = 150;
	const char *keys = "", *wait_for = NULL;
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			break;
		if (!strcmp(argv[i], "-c"))
			cols = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-l"))
			lines = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-q"))
			quiet = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-k"))
			keys = argv[++i];
		else if (!strcmp(argv[i], "-w"))
			wait_for = argv[++i];
		else
			break;
	}
	if (i >= argc) {
		fputs("usage: pty_probe [-c COLS] [-l LINES] [-q QUIET_MS] [-k KEYS] [-w TEXT] -- COMMAND...\n",
			stderr);
		return 2;
	}
	struct winsize ws = {.ws_row = (unsigned short)lines, .ws_col = (unsigned short)cols};
	int fd;
	double t0 = now_ms();
	pid_t pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid < 0) {
		perror("pty_probe: forkpty");
		return 2;
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execvp(argv[i], argv + i);
		fprintf(stderr, "pty_probe: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int rc = 0;
	double first = settle(fd, quiet, wait_for, t0 + 20000);
	if (first < 0) {
		fprintf(stderr, "pty_probe: no first screen within 20 s%s%s\n",
			wait_for ? " showing " : "", wait_for ? wait_for : "");
		rc = 1;
		goto out;
	}
	printf("startup_ms %.2f rss_kb %ld\n", first - t0, peak_rss(pid));

	char k[4096];
	unescape(keys, k);
	for (size_t j = 0, n = 1; k[j]; n++) {
		size_t len = 1;
		if (k[j] == '\033')   /* an escape sequence goes as one key */
			while (k[j + len] && k[j + len] != '\033' && len < 8)
				len++;
		else
			while (((unsigned char)k[j + len] & 0xC0) == 0x80)
				len++;   /* one UTF-8 character */
		double t = now_ms();
		if (write(fd, k + j, len) != (ssize_t)len) {
			perror("pty_probe: write");
			rc = 1;
			goto out;
		}
		double done = settle(fd, quiet, NULL, t + 20000);
		if (done < 0) {
			printf("key %zu none\n", n);
		} else {
			printf("key %zu %.3f\n", n, done - t);
		}
		j += len;
	}
out:
	kill(pid, SIGTERM);
	/* drain so the program is not blocked writing, then reap it */
	settle(fd, 50, NULL, now_ms() + 2000);
	int status;
	if (waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	close(fd);
	return rc;
}
