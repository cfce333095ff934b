/* Runs the user's editor on a temp file, as git and tig do: through
 * the shell, so that EDITOR="code --wait" works, with SIGINT and SIGQUIT
 * ignored by tib meanwhile (a Ctrl-C is the editor's to handle). */
#include "editor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *editor_command(void)
{
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

static int run_editor(const char *path, char *err, size_t err_size)
{
	struct sigaction ignore, old_int, old_quit;
	pid_t pid;
	int status = 0;
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigset_t interrupts, saved_mask;
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	/* the display keeps SIGINT blocked outside its wait; blocked, an
	 * ignored Ctrl-C would stay pending and stop tib after the editor:
	 * unblocked while ignored, it is dropped */
	sigemptyset(&interrupts);
	sigaddset(&interrupts, SIGINT);
	sigaddset(&interrupts, SIGQUIT);
	sigprocmask(SIG_UNBLOCK, &interrupts, &saved_mask);
	pid = fork();
	if (pid == 0) {
		sigset_t none;
		/* the display blocks its stop signals: the editor gets them */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", "exec $TIB_EDITOR_CMD \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (pid < 0) {
		snprintf(err, err_size, "cannot start the editor: %s", strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_size, "the editor %s %d: nothing changed",
			 WIFEXITED(status) ? "exited with status" : "was killed by signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return 0;
}

int editor_edit(const char *initial, const char *suffix, struct buf *out, char *err, size_t err_size)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	int fd, rc = -1;
	FILE *f;
	char chunk[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/tib-edit-XXXXXX%s", tmp && *tmp ? tmp : "/tmp", suffix ? suffix : "");
	fd = mkstemps(path, suffix ? (int)strlen(suffix) : 0);
	if (fd < 0) {
		snprintf(err, err_size, "cannot create a temp file for the editor: %s", strerror(errno));
		return -1;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	/* a text file ends with a newline (the caller drops it again) */
	if (write_full(fd, initial, strlen(initial)) != 0 ||
	    (*initial && initial[strlen(initial) - 1] != '\n' && write_full(fd, "\n", 1) != 0) || close(fd) != 0) {
		snprintf(err, err_size, "cannot write the temp file %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	/* the command goes through the environment, never through the
	 * shell text: a path or command with quotes stays one word */
	setenv("TIB_EDITOR_CMD", editor_command(), 1);
	if (run_editor(path, err, err_size) != 0)
		goto out;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, err_size, "cannot read back %s: %s", path, strerror(errno));
		goto out;
	}
	buf_reset(out);
	buf_puts(out, "");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	rc = 0;
out:
	unlink(path);
	return rc;
}
