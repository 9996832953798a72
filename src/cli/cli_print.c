/* wangge print checklist | printers: tomorrow's visit sheet as PDF or text, to a file or
 * a CUPS printer. The sheet is saved so its id leads back to it when keyed in. */
#include "wangge/common.h"
#include "wangge/atomic_file.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/checklist.h"
#include "wangge/cli.h"
#include "wangge/print.h"
#include "wangge/store.h"

#include <getopt.h>

#define PRINT_USAGE "print checklist (--grid CODE | --worker ID) [--date YYYY-MM-DD] [--due-only]\n" \
	"             [--out FILE | --printer NAME] [--format pdf|text]\n" \
	"       wangge print printers"
#define PRINT_HELP N_("print tomorrow's visit checklist, or list the printers")

static int list_printers(void)
{
	char **names, *def;
	size_t i;

	print_printers(&names, &def);
	if (!names[0])
		printf("%s\n", _("no printers (is the CUPS scheduler running?)"));
	for (i = 0; names[i]; i++)
		printf("%s%s\n", names[i], def && STREQ(def, names[i]) ? _(" (default)") : "");
	print_free_printers(names, def);
	return 0;
}

static int print_checklist(struct wg_app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "grid", required_argument, NULL, 'g' },
		{ "worker", required_argument, NULL, 'w' },
		{ "date", required_argument, NULL, 'D' },
		{ "due-only", no_argument, NULL, 'u' },
		{ "out", required_argument, NULL, 'o' },
		{ "printer", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cl_request req = { 0 };
	const char *out = NULL, *printer = NULL, *format = "pdf";
	struct cl_sheet *sheet = NULL;
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	bool text;
	int c, pages = 0, status = 0;
	char *detail;

	optind = 0;  /* 0: glibc starts afresh, permuting options after operands too */
	while ((c = getopt_long(argc, argv, "g:w:D:uo:p:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'g': req.grid_code = optarg; break;
		case 'w': req.worker_id = optarg; break;
		case 'D': req.date = optarg; break;
		case 'u': req.due_only = true; break;
		case 'o': out = optarg; break;
		case 'p': printer = optarg; break;
		case 'f': format = optarg; break;
		default: return cli_usage(PRINT_USAGE);
		}
	}
	if (optind != argc || !req.grid_code == !req.worker_id || (out && printer) ||
	    !(STREQ(format, "pdf") || STREQ(format, "text")))
		return cli_usage(PRINT_USAGE);
	text = STREQ(format, "text");

	actor_nobody(&actor);
	rc = auth_cli_actor(app, &actor);
	if (rc == WG_OK)
		rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = checklist_build(db, app->cfg, &req, &sheet);
	if (rc == WG_OK)
		rc = checklist_save(db, sheet, actor.worker_id);
	if (rc != WG_OK)
		goto out;

	if (out && STREQ(out, "-")) {
		rc = print_render(sheet, text, stdout, &pages);
	} else if (out) {
		rc = print_write_file(sheet, text, out, &pages);
	} else if (text && !printer) {
		/* plain text goes to standard output, ready for `| lp` */
		rc = print_render(sheet, text, stdout, &pages);
	} else {
		struct print_delivery d;

		rc = print_deliver(sheet, app->db_path, printer, text, &d);
		if (rc == WG_OK && d.printed)
			printf(_("sheet %s: %zu households, %d pages, sent to the printer (job %d); "
				"kept as %s\n"), sheet->id, sheet->n_blocks, d.pages, d.job, d.path);
		else if (rc == WG_OK)
			/* The sheet is safe on disk; printing can be retried from there. */
			fprintf(stderr, _("wangge: not printed: %s\nThe sheet is kept as %s\n"),
				d.problem, d.path);
		print_delivery_free(&d);
		goto audit;
	}
	if (rc == WG_OK && out && !STREQ(out, "-"))
		printf(_("sheet %s: %zu households, %d pages, written to %s\n"), sheet->id,
			sheet->n_blocks, pages, out);
audit:
	if (rc == WG_OK) {
		detail = xasprintf("%zu households, %s", sheet->n_blocks, format);
		audit_log(db, actor.worker_id, "print", sheet->id, detail);
		free(detail);
	}
out:
	if (rc != WG_OK)
		status = cli_fail(rc);
	checklist_free(sheet);
	actor_free(&actor);
	return status;
}

int cmd_print(struct wg_app *app, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, PRINT_USAGE, PRINT_HELP))
		return 0;
	if (argc < 2)
		return cli_usage(PRINT_USAGE);
	if (STREQ(argv[1], "printers"))
		return argc == 2 ? list_printers() : cli_usage(PRINT_USAGE);
	if (STREQ(argv[1], "checklist"))
		return print_checklist(app, argc - 1, argv + 1);
	return cli_usage(PRINT_USAGE);
}
