/* timeit: runs a command N times and prints its wall time (median, p99,
 * min, max, mean) and peak RSS, for bench/run.sh.
 *
 *   timeit [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] [-e NAME=VALUE]... -- CMD [ARG]...
 *
 * Each run is fork + exec + wait4, timed with CLOCK_MONOTONIC around the
 * whole thing; the peak RSS is wait4's ru_maxrss (the child's VmHWM).
 * stdin comes from IN (default /dev/null), stdout goes to OUT (default
 * /dev/null); stderr is inherited. -e sets a variable in the child only
 * (so that an LD_PRELOAD does not apply to timeit itself); BENCH_T0 is
 * always set in the child to the CLOCK_MONOTONIC nanoseconds at fork.
 * Warm-up runs are run first and not counted.
 *
 * Prints one line of NAME=VALUE pairs:
 *   runs=20 median_ms=... p99_ms=... min_ms=... max_ms=... mean_ms=...
 *   rss_kb=... (median) rss_max_kb=... cpu_ms=... (median user+system)
 *   status=0
 * and exits 0, or prints status=N for the first failing run (exit code, or
 * 128+signal) and exits 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENV 16

struct run {
	double ms, cpu_ms;
	long rss_kb;
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted values: the smallest value with at
 * least p% of the values at or below it. */
static size_t rank(size_t n, double p)
{
	size_t r = (size_t)((p / 100.0) * (double)n + 0.999999);
	if (r < 1)
		r = 1;
	return r > n ? n - 1 : r - 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] [-i IN] [-o OUT] [-e NAME=VALUE]... -- CMD [ARG]...\n");
	exit(2);
}

static void redirect(const char *path, int flags, int fd)
{
	int f = open(path, flags, 0644);
	if (f < 0) {
		fprintf(stderr, "timeit: %s: %s\n", path, strerror(errno));
		_exit(126);
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
}

/* One run; returns 0 and fills *out, or the failing status. */
static int run_once(char **cmd, const char *in, const char *out, char **env, int nenv, struct run *r)
{
	struct rusage ru;
	int status, i;
	pid_t pid;
	int64_t t0 = now_ns(), t1;

	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "timeit: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		char t0_text[32];
		snprintf(t0_text, sizeof(t0_text), "%lld", (long long)t0);
		setenv("BENCH_T0", t0_text, 1);
		for (i = 0; i < nenv; i++)
			putenv(env[i]);
		redirect(in, O_RDONLY, 0);
		redirect(out, O_WRONLY | O_CREAT | O_TRUNC, 1);
		execvp(cmd[0], cmd);
		fprintf(stderr, "timeit: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "timeit: wait4: %s\n", strerror(errno));
			return 1;
		}
	}
	t1 = now_ns();
	r->ms = (double)(t1 - t0) / 1e6;
	r->rss_kb = ru.ru_maxrss;
	r->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
	const char *in = "/dev/null", *out = "/dev/null";
	char *env[MAX_ENV];
	int nenv = 0, runs = 10, warmup = 1, i, opt;
	struct run *r;
	double *ms, *cpu, sum = 0;
	long *rss;

	while ((opt = getopt(argc, argv, "+n:w:i:o:e:")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 'i':
			in = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'e':
			if (nenv == MAX_ENV || !strchr(optarg, '='))
				usage();
			env[nenv++] = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || runs < 1 || warmup < 0)
		usage();
	r = calloc((size_t)runs, sizeof(*r));
	ms = calloc((size_t)runs, sizeof(*ms));
	rss = calloc((size_t)runs, sizeof(*rss));
	cpu = calloc((size_t)runs, sizeof(*cpu));
	if (!r || !ms || !rss || !cpu) {
		fprintf(stderr, "timeit: out of memory\n");
		return 1;
	}
	for (i = 0; i < warmup + runs; i++) {
		struct run one;
		int status = run_once(argv + optind, in, out, env, nenv, &one);
		if (status != 0) {
			printf("runs=%d status=%d\n", i < warmup ? 0 : i - warmup, status);
			free(r), free(ms), free(rss), free(cpu);
			return 1;
		}
		if (i >= warmup)
			r[i - warmup] = one;
	}
	for (i = 0; i < runs; i++) {
		ms[i] = r[i].ms;
		rss[i] = r[i].rss_kb;
		cpu[i] = r[i].cpu_ms;
		sum += ms[i];
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	qsort(rss, (size_t)runs, sizeof(*rss), cmp_long);
	qsort(cpu, (size_t)runs, sizeof(*cpu), cmp_double);
	printf("runs=%d median_ms=%.3f p99_ms=%.3f min_ms=%.3f max_ms=%.3f mean_ms=%.3f rss_kb=%ld rss_max_kb=%ld "
	       "cpu_ms=%.3f status=0\n",
	       runs, runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2, ms[rank((size_t)runs, 99)],
	       ms[0], ms[runs - 1], sum / runs, rss[runs / 2], rss[runs - 1],
	       runs % 2 ? cpu[runs / 2] : (cpu[runs / 2 - 1] + cpu[runs / 2]) / 2);
	free(r), free(ms), free(rss), free(cpu);
	return 0;
}
