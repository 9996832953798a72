/* demo-setup: mark the database made by `make run` as the demo street, so the login
 * screen can say how to get in, and give it a past: tags set on days spread over the last
 * three months, so today's work has overdue follow-ups to show. Never run on a real
 * database. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/store.h"

int cmd_demo_setup(struct wg_app *app, int argc, char **argv)
{
	struct wg_db *db;
	enum wg_status rc;

	if (cli_wants_help(argc, argv, "demo-setup",
			N_("mark this database as the demo street (used by make run)")))
		return 0;
	if (argc != 1)
		return cli_usage("demo-setup");
	rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = db_begin(db);
	if (rc == WG_OK) {
		char today[11];
		struct db_stmt *st = db_prepare(db, "UPDATE resident_tag SET since = "
			"date(?1, '-' || ((resident_id * 7919) % 90) || ' days')");

		wg_today(today);
		db_bind_text(st, 1, today);
		rc = db_run(st);
		db_finish(st);
		if (rc == WG_OK)
			rc = store_meta_set(db, "demo", "1");
		if (rc == WG_OK)
			rc = db_commit(db);
		else
			db_rollback(db);
	}
	if (rc != WG_OK)
		return cli_fail(rc);
	printf("%s\n", _("demo database ready"));
	return 0;
}
