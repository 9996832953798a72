/* import, validate: grid definition files into the database, or checked only. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/import.h"

#define IMPORT_HELP N_("import grid definition files (all or nothing); re-import updates")
#define VALIDATE_HELP N_("check grid definition files without writing anything")

/* The file arguments: everything but a leading "--". */
static int file_args(int argc, char **argv, const char *usage, char ***files)
{
	int first = 1;

	if (argc > 1 && STREQ(argv[1], "--"))
		first = 2;
	else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		fprintf(stderr, _("wangge: unknown option '%s'\n"), argv[1]);
		return -cli_usage(usage);
	}
	if (argc <= first)
		return -cli_usage(usage);
	*files = argv + first;
	return argc - first;
}

int cmd_import(struct wg_app *app, int argc, char **argv)
{
	struct import_options opt = { 0 };
	struct import_counts c;
	struct wg_db *db;
	enum wg_status rc;
	char **files;
	int n;

	if (cli_wants_help(argc, argv, "import FILE...", IMPORT_HELP))
		return 0;
	n = file_args(argc, argv, "import FILE...", &files);
	if (n <= 0)
		return -n;
	rc = app_db(app, &db);
	if (rc != WG_OK)
		return cli_fail(rc);
	opt.write = true;
	opt.operator_id = app->as_worker;
	opt.findings = stderr;
	rc = import_files(db, app->cfg, files, (size_t)n, &opt, &c);
	if (rc != WG_OK)
		return cli_fail(rc);
	printf(_("households: %ld added, %ld updated, %ld departed, %ld unchanged\n"),
		c.households_added, c.households_updated, c.households_departed,
		c.households_unchanged);
	printf(_("residents: %ld added, %ld updated, %ld departed\n"),
		c.residents_added, c.residents_updated, c.residents_departed);
	if (c.warnings)
		printf(_("warnings: %ld (listed above)\n"), c.warnings);
	return 0;
}

int cmd_validate(struct wg_app *app, int argc, char **argv)
{
	struct import_options opt = { 0 };
	struct import_counts c;
	enum wg_status rc;
	char **files;
	int n;

	if (cli_wants_help(argc, argv, "validate FILE...", VALIDATE_HELP))
		return 0;
	n = file_args(argc, argv, "validate FILE...", &files);
	if (n <= 0)
		return -n;
	opt.write = false;
	opt.findings = stderr;
	rc = import_files(NULL, app->cfg, files, (size_t)n, &opt, &c);
	if (rc != WG_OK && rc != WG_INVALID)
		return cli_fail(rc);
	printf(_("%ld files: %ld households, %ld residents; %ld errors, %ld warnings\n"),
		c.files, c.households, c.residents, c.errors, c.warnings);
	return rc == WG_OK ? 0 : 1;
}
