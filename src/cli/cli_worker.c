/* worker list | passwd ID | role ID ROLE, and the command line's --as: who is acting,
 * proved by a password from $WANGGE_PASSWORD or typed on the terminal without echo. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#define WORKER_USAGE "worker list | worker passwd ID | worker role ID worker|leader|admin"
#define WORKER_HELP N_("list workers, set a password, change a role")

/* ---- reading a password without echo ---- */

static int tty_fd = -1;
static struct termios tty_saved;
static volatile sig_atomic_t tty_restore_needed;

static void tty_restore_on_signal(int sig)
{
	if (tty_restore_needed)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

char *auth_read_password(const char *prompt)
{
	struct termios quiet;
	struct sigaction sa = { 0 }, old_int, old_term;
	struct strbuf sb;
	char c;
	ssize_t got;
	bool got_line = false;

	tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty_fd < 0)
		return NULL;
	/* Echo goes off before the prompt shows, so nothing typed after it is echoed. */
	if (tcgetattr(tty_fd, &tty_saved) == 0) {
		sa.sa_handler = tty_restore_on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		quiet = tty_saved;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		tty_restore_needed = 1;
		tcsetattr(tty_fd, TCSAFLUSH, &quiet);
	}
	if (write(tty_fd, prompt, strlen(prompt)) < 0) {
		/* nothing to do: the read below still works or ends */
	}
	sb_init(&sb);
	sb_add(&sb, "");
	while ((got = read(tty_fd, &c, 1)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (c == '\n' || c == '\r') {
			got_line = true;
			break;
		}
		sb_addc(&sb, c);
	}
	if (tty_restore_needed) {
		tcsetattr(tty_fd, TCSANOW, &tty_saved);
		tty_restore_needed = 0;
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	if (write(tty_fd, "\n", 1) < 0) {
		/* the terminal went away; the password read so far is still returned */
	}
	close(tty_fd);
	tty_fd = -1;
	if (!got_line && sb.len == 0) {
		sb_free(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

void auth_password_free(char *password)
{
	if (password) {
		sodium_memzero(password, strlen(password));
		free(password);
	}
}

/* The password of an environment variable, or asked on the terminal. NULL (with the
 * error detail set) when neither is possible. Caller frees with auth_password_free. */
static char *password_from(const char *env, const char *prompt)
{
	const char *v = env ? getenv(env) : NULL;
	char *pw;

	if (v)
		return xstrdup(v);
	pw = auth_read_password(prompt);
	if (!pw)
		wg_error_set(WG_AUTH, _("no password: there is no terminal to ask on; set "
			"WANGGE_PASSWORD for scripts"));
	return pw;
}

enum wg_status auth_cli_actor(struct wg_app *app, struct wg_actor *out)
{
	struct wg_db *db;
	enum wg_status rc;
	char *pw, *prompt;

	actor_nobody(out);
	if (!app->as_worker)
		return WG_OK;
	if ((rc = app_db(app, &db)) != WG_OK)
		return rc;
	if (!auth_has_password(db, app->as_worker)) {
		struct wg_actor probe;

		/* Say "no such worker" rather than "no password" for ids that do not exist. */
		if ((rc = actor_load(db, app->as_worker, &probe)) != WG_OK)
			return rc;
		actor_free(&probe);
		return wg_error_set(WG_DENIED, _("%s has no password yet, so --as %s cannot "
			"be checked: set one with `wangge worker passwd %s` or log in on the "
			"screen"), app->as_worker, app->as_worker, app->as_worker);
	}
	prompt = xasprintf(_("Password for %s: "), app->as_worker);
	pw = password_from("WANGGE_PASSWORD", prompt);
	free(prompt);
	if (!pw)
		return WG_AUTH;
	rc = auth_check_password(db, app->as_worker, pw, "cli", NULL);
	auth_password_free(pw);
	if (rc == WG_OK)
		rc = actor_load(db, app->as_worker, out);
	return rc;
}

/* ---- worker list ---- */

static int worker_list(struct wg_app *app, int argc, char **argv)
{
	struct wg_actor actor;
	struct wg_db *db;
	struct db_stmt *st;
	struct strbuf line;
	enum wg_status rc;
	int64_t now = auth_clock();

	if (argc != 2)
		return cli_usage(WORKER_USAGE);
	/* Nothing here needs a role, but a wrong --as password is still refused. */
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	actor_free(&actor);
	if ((rc = app_db(app, &db)) != WG_OK)
		return cli_fail(rc);
	sb_init(&line);
	st = db_prepare(db, "SELECT w.id, w.name, w.role, w.pw_hash IS NOT NULL, "
		"w.locked_until, (SELECT group_concat(grid_code, ',') FROM "
		"(SELECT grid_code FROM grid_worker WHERE worker_id = w.id ORDER BY grid_code)) "
		"FROM worker w WHERE w.departed_at IS NULL ORDER BY w.id");
	while (db_row(st)) {
		const char *state = !db_int(st, 3) ? _("no password") :
			db_int(st, 4) > now ? _("locked") : _("password set");

		sb_reset(&line);
		tw_fit(&line, db_text(st, 0), 10, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, db_text(st, 1), 12, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, db_text(st, 2), 7, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, state, 14, TW_PAD);
		sb_add(&line, " ");
		tw_fit(&line, db_text(st, 5) ? db_text(st, 5) : "-", 200, TW_NO_PAD);
		printf("%s\n", line.buf);
	}
	rc = db_finish(st);
	sb_free(&line);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

/* ---- worker passwd ---- */

/* The new password: $WANGGE_NEW_PASSWORD, else $WANGGE_PASSWORD when it is not already
 * the --as password, else typed twice. */
static char *new_password(struct wg_app *app, const char *worker_id)
{
	const char *env = getenv("WANGGE_NEW_PASSWORD");
	char *a, *b, *prompt;

	if (!env && !app->as_worker)
		env = getenv("WANGGE_PASSWORD");
	if (env)
		return xstrdup(env);
	prompt = xasprintf(_("New password for %s (at least %d characters): "), worker_id,
		AUTH_MIN_PASSWORD);
	a = password_from(NULL, prompt);
	free(prompt);
	if (!a)
		return NULL;
	if (auth_password_acceptable(a) != WG_OK) {
		auth_password_free(a);
		return NULL;
	}
	b = password_from(NULL, _("Type it again: "));
	if (!b || strcmp(a, b) != 0) {
		if (b)
			wg_error_set(WG_INVALID, _("the two passwords differ; nothing was changed"));
		auth_password_free(a);
		auth_password_free(b);
		return NULL;
	}
	auth_password_free(b);
	return a;
}

static int worker_passwd(struct wg_app *app, int argc, char **argv)
{
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	char *pw;
	const char *id;

	if (argc != 3)
		return cli_usage(WORKER_USAGE);
	id = argv[2];
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	{
		struct wg_actor target;

		if ((rc = actor_load(db, id, &target)) != WG_OK)
			goto out;
		actor_free(&target);
	}
	/* A first password may be set by anyone (as on the screen's first login); changing
	 * one is for its owner or an admin. */
	if (auth_has_password(db, id) && !(actor.worker_id && STREQ(actor.worker_id, id)) &&
			(rc = access_require_admin(db, &actor, _("changing another worker's "
				"password"))) != WG_OK)
		goto out;
	pw = new_password(app, id);
	if (!pw) {
		rc = WG_INVALID;
		goto out;
	}
	rc = auth_set_password(db, actor.worker_id, id, pw);
	auth_password_free(pw);
	if (rc == WG_OK)
		printf(_("password of %s set\n"), id);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

/* ---- worker role ---- */

static int worker_role(struct wg_app *app, int argc, char **argv)
{
	struct wg_actor actor;
	struct wg_db *db;
	struct db_stmt *st;
	enum wg_status rc;
	const char *id, *role;
	char *old = NULL, *detail = NULL;

	if (argc != 4)
		return cli_usage(WORKER_USAGE);
	id = argv[2];
	role = argv[3];
	if (role_from_code(role) == ROLE_NOBODY) {
		fprintf(stderr, _("wangge: unknown role '%s': use worker, leader or admin\n"), role);
		return 2;
	}
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK ||
			(rc = access_require_admin(db, &actor, _("changing a role"))) != WG_OK)
		goto out;
	if ((rc = db_begin(db)) != WG_OK)
		goto out;
	old = db_get_text(db, "SELECT role FROM worker WHERE id = ?1 AND departed_at IS NULL", id);
	if (!old) {
		db_rollback(db);
		rc = wg_error_set(WG_NOT_FOUND, _("no worker with id %s (see `wangge worker "
			"list`)"), id);
		goto out;
	}
	st = db_prepare(db, "UPDATE worker SET role = ?1, role_locked = 1 WHERE id = ?2");
	db_bind_text(st, 1, role);
	db_bind_text(st, 2, id);
	rc = db_run(st);
	db_finish(st);
	detail = xasprintf("%s -> %s", old, role);
	if (rc == WG_OK)
		rc = audit_log(db, actor.worker_id, "worker.role", id, detail);
	if (rc == WG_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == WG_OK)
		printf(_("%s is now %s (kept when the grid is imported again)\n"), id, role);
out:
	free(old);
	free(detail);
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

int cmd_worker(struct wg_app *app, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, WORKER_USAGE, WORKER_HELP))
		return 0;
	if (argc < 2)
		return cli_usage(WORKER_USAGE);
	if (STREQ(argv[1], "list"))
		return worker_list(app, argc, argv);
	if (STREQ(argv[1], "passwd"))
		return worker_passwd(app, argc, argv);
	if (STREQ(argv[1], "role"))
		return worker_role(app, argc, argv);
	return cli_usage(WORKER_USAGE);
}
