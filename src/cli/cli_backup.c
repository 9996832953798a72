/* backup FILE: a consistent copy while others keep working (SQLite's online backup).
 * check: the integrity check and the audit chain, of the database or of a backup. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/store.h"

#include <sys/stat.h>
#include <unistd.h>

#define BACKUP_USAGE "backup FILE"
#define BACKUP_HELP N_("copy the database into FILE while others keep working")
#define CHECK_USAGE "check"
#define CHECK_HELP N_("check the database file and its audit log (use --db for a backup)")

/* Is dest the very database file (or one of its companions)? Renaming over it would
 * replace the live database. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
		sa.st_ino == sb.st_ino;
}

static bool folder_writable(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	bool yes;

	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	yes = access(dir, W_OK | X_OK) == 0;
	free(dir);
	return yes;
}

int cmd_backup(struct wg_app *app, int argc, char **argv)
{
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	const char *dest;

	if (cli_wants_help(argc, argv, BACKUP_USAGE, BACKUP_HELP))
		return 0;
	if (argc != 2 || !*argv[1])
		return cli_usage(BACKUP_USAGE);
	dest = argv[1];
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	if (same_file(dest, store_path(db))) {
		rc = wg_error_set(WG_INVALID, _("%s is the database itself; give the backup "
			"another name"), dest);
		goto out;
	}
	if (!folder_writable(dest)) {
		rc = wg_error_set(WG_IO, _("%s: cannot write into its folder: %s"), dest,
			strerror(errno));
		goto out;
	}
	/* Logged first, so the copy holds the row of its own making; a failure after that
	 * is logged too. */
	if ((rc = audit_log(db, actor.worker_id, "backup", dest, NULL)) != WG_OK)
		goto out;
	rc = store_backup(db, dest);
	if (rc == WG_OK) {
		printf(_("backup written to %s\n"), dest);
	} else {
		char *why = xstrdup(wg_error_msg());

		audit_log(db, actor.worker_id, "backup.fail", dest, why);
		wg_error_set(rc, "%s", why);
		free(why);
	}
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

int cmd_check(struct wg_app *app, int argc, char **argv)
{
	struct wg_db *db;
	enum wg_status rc, audit_rc;
	int64_t bad = 0;
	char *path;

	if (cli_wants_help(argc, argv, CHECK_USAGE, CHECK_HELP))
		return 0;
	if (argc != 1)
		return cli_usage(CHECK_USAGE);
	/* Never create or migrate what is being checked. */
	path = store_resolve_path(app->db_arg);
	rc = store_open_existing(path, true, &db);
	free(path);
	if (rc != WG_OK)
		return cli_fail(rc);
	fputs(store_warnings(db), stderr);
	rc = store_integrity_check(db);
	if (rc == WG_OK)
		printf(_("database file: ok\n"));
	else
		cli_fail(rc);
	audit_rc = audit_verify(db, &bad);
	if (audit_rc == WG_OK)
		printf(_("audit log: ok, %lld rows\n"),
			(long long)db_get_int(db, "SELECT count(*) FROM audit", NULL, 0));
	else
		cli_fail(audit_rc);
	store_close(db);
	return rc == WG_OK && audit_rc == WG_OK ? 0 : 1;
}
