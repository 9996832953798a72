/* export: a register (台帐) from the configuration as CSV or XLSX, for the scope and range
 * given; export --list shows the registers. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/access.h"
#include "wangge/auth.h"
#include "wangge/config.h"
#include "wangge/export.h"
#include "wangge/store.h"
#include "wangge/suggest.h"
#include "wangge/textwidth.h"

#include <strings.h>

#define EXPORT_USAGE "export REGISTER [--grid CODE | --worker ID | --community CODE] " \
	"[--from DATE] [--to DATE] [--category CODE] [--format csv|xlsx] [--out FILE] | " \
	"export --list"
#define EXPORT_HELP N_("write a register (台帐) as CSV or XLSX; --list shows the registers")

static void list_registers(const struct wg_config *cfg)
{
	struct strbuf sb;
	size_t i, j;

	sb_init(&sb);
	for (i = 0; i < cfg->n_registers; i++) {
		const struct wg_register *reg = &cfg->registers[i];

		tw_fit(&sb, reg->code, 12, TW_PAD);
		sb_add(&sb, " ");
		tw_fit(&sb, reg->name, 14, TW_PAD);
		sb_add(&sb, " ");
		tw_fit(&sb, config_register_rows_name(reg->rows), 10, TW_PAD);
		sb_add(&sb, " ");
		for (j = 0; j < reg->n_columns; j++)
			sb_addf(&sb, "%s%s", j ? "、" : "", reg->columns[j].header);
		sb_add(&sb, "\n");
	}
	fputs(sb.buf ? sb.buf : "", stdout);
	sb_free(&sb);
}

static const struct wg_register *find_register(const struct wg_config *cfg, const char *word)
{
	const struct wg_register *reg = config_register(cfg, word);
	const char **codes;
	const char *guess;
	size_t i;

	if (reg)
		return reg;
	codes = xcalloc(cfg->n_registers + 1, sizeof(*codes));
	for (i = 0; i < cfg->n_registers; i++)
		codes[i] = cfg->registers[i].code;
	guess = wg_suggest(word, codes, cfg->n_registers);
	if (guess)
		fprintf(stderr, _("wangge: no register '%s'; did you mean '%s'?\n"), word, guess);
	else
		fprintf(stderr, _("wangge: no register '%s'; `wangge export --list` shows them\n"),
			word);
	free(codes);
	return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int cmd_export(struct wg_app *app, int argc, char **argv)
{
	struct wg_export_query q = { .scope = REPORT_STREET, .format = EXPORT_CSV };
	const struct wg_register *reg;
	struct wg_actor actor;
	struct wg_db *db;
	const char *format = NULL;
	enum wg_status rc;
	int64_t rows = 0;
	int i, scopes = 0;

	if (cli_wants_help(argc, argv, EXPORT_USAGE, EXPORT_HELP))
		return 0;
	if (argc == 2 && STREQ(argv[1], "--list")) {
		list_registers(app->cfg);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-')
		return cli_usage(EXPORT_USAGE);
	reg = find_register(app->cfg, argv[1]);
	if (!reg)
		return 2;
	q.reg = reg;
	for (i = 2; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			return cli_usage(EXPORT_USAGE);
		if (STREQ(opt, "--grid") || STREQ(opt, "--worker") || STREQ(opt, "--community")) {
			q.scope = STREQ(opt, "--grid") ? REPORT_GRID : STREQ(opt, "--worker") ?
				REPORT_WORKER : REPORT_COMMUNITY;
			q.code = val;
			scopes++;
		} else if (STREQ(opt, "--from")) {
			q.from = val;
		} else if (STREQ(opt, "--to")) {
			q.to = val;
		} else if (STREQ(opt, "--category")) {
			q.category = val;
		} else if (STREQ(opt, "--format")) {
			if (!export_format_parse(val, &q.format))
				return cli_usage(EXPORT_USAGE);
			format = val;
		} else if (STREQ(opt, "--out")) {
			q.path = val;
		} else {
			return cli_usage(EXPORT_USAGE);
		}
		i++;
	}
	if (scopes > 1) {
		fprintf(stderr, "%s\n", _("wangge: give one of --grid, --worker or --community"));
		return 2;
	}
	/* Without --format, the file name's ending decides. */
	if (!format && q.path && ends_with(q.path, ".xlsx"))
		q.format = EXPORT_XLSX;
	if (q.format == EXPORT_XLSX && !q.path) {
		fprintf(stderr, "%s\n", _("wangge: an XLSX file needs --out FILE"));
		return 2;
	}
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK)
		goto out;
	rc = export_register(db, app->cfg, &actor, &q, stdout, &rows);
	if (rc == WG_OK && q.path)
		printf(_("%s: %" PRId64 " rows written to %s\n"), reg->name, rows, q.path);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}
