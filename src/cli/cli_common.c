/* What every command shares: opening the database, failing with a clear message. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/store.h"

enum wg_status app_db(struct wg_app *app, struct wg_db **out)
{
	enum wg_status rc;

	if (!app->db) {
		free(app->db_path);
		app->db_path = store_resolve_path(app->db_arg);
		rc = store_open(app->db_path, &app->db);
		if (rc != WG_OK)
			return rc;
		fputs(store_warnings(app->db), stderr);
	}
	*out = app->db;
	return WG_OK;
}

int cli_fail(enum wg_status status)
{
	const char *msg = wg_error_msg();

	fprintf(stderr, "wangge: %s\n", msg && *msg ? msg : wg_strerror(status));
	return wg_exit_code(status);
}

int cli_usage(const char *usage)
{
	fprintf(stderr, _("usage: wangge %s\n"), usage);
	return 2;
}

bool cli_wants_help(int argc, char **argv, const char *usage, const char *help)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (STREQ(argv[i], "--"))
			break;
		if (STREQ(argv[i], "--help") || STREQ(argv[i], "-h")) {
			printf(_("usage: wangge %s\n"), usage);
			printf("%s\n", _(help));
			return true;
		}
	}
	return false;
}
