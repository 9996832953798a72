/* demo-setup: mark the database made by `make run` as the demo street, so the login
 * screen can say how to get in. Never run on a real database. */
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
		rc = store_meta_set(db, "demo", "1");
	if (rc != WG_OK)
		return cli_fail(rc);
	printf("%s\n", _("demo database ready"));
	return 0;
}
