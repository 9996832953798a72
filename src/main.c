/* wangge: command-line dispatch. No command opens the screen. */
#include "wangge/common.h"
#include "wangge/cli.h"
#include "wangge/config.h"
#include "wangge/store.h"
#include "wangge/tui.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>

struct command {
	const char *name;
	int (*run)(struct wg_app *app, int argc, char **argv);
	const char *usage;
	const char *help;
};

static const struct command commands[] = {
#define WG_COMMAND_ENTRY(name, fn, usage, help) { name, cmd_##fn, usage, help },
	WG_COMMANDS(WG_COMMAND_ENTRY)
#undef WG_COMMAND_ENTRY
};

static void print_help(FILE *out)
{
	size_t i;

	fprintf(out, "%s\n", _("usage: wangge [--db FILE] [--config FILE] [COMMAND [ARGS]]"));
	fprintf(out, "%s\n\n", _("Without a command, wangge opens the screen."));
	fprintf(out, "%s\n", _("Commands:"));
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-44s %s\n", commands[i].usage, _(commands[i].help));
	fprintf(out, "\n%s\n", _("Run `wangge COMMAND --help` for a command's options; see wangge(1)."));
}

static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (STREQ(cs, "UTF-8") || STREQ(cs, "utf8"));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct wg_app app = { 0 };
	enum wg_status rc;
	int c, status = 2;
	size_t i;
	const char *cmd;

	setlocale(LC_ALL, "");
	i18n_init(argv[0], NULL);
	app.argv0 = argv[0];

	while ((c = getopt_long(argc, argv, "+d:c:a:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': app.db_arg = optarg; break;
		case 'c': app.config_arg = optarg; break;
		case 'a': app.as_worker = optarg; break;
		case 'h': print_help(stdout); return 0;
		case 'V': printf("wangge %s\n", WANGGE_VERSION); return 0;
		default: print_help(stderr); return 2;
		}
	}

	if (!utf8_locale()) {
		fprintf(stderr, "wangge: %s\n", "the terminal's locale is not UTF-8, so Chinese "
			"text cannot be shown. Set a UTF-8 locale, e.g. `export LANG=C.UTF-8`, and "
			"try again. / 终端字符集不是 UTF-8，无法显示中文。请设置 LANG=C.UTF-8 后重试。");
		return 1;
	}

	rc = config_load(app.config_arg, &app.cfg);
	if (rc != WG_OK)
		return cli_fail(rc);
	/* The config may choose English; the catalogue is rebound accordingly. */
	i18n_init(argv[0], app.cfg->language);

	cmd = optind < argc ? argv[optind] : NULL;
	if (!cmd) {
		status = tui_main(&app);
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (STREQ(commands[i].name, cmd)) {
			optind++;
			status = commands[i].run(&app, argc - optind + 1, argv + optind - 1);
			goto out;
		}
	}
	fprintf(stderr, _("wangge: unknown command '%s'\n"), cmd);
	print_help(stderr);
	status = 2;
out:
	store_close(app.db);
	free(app.db_path);
	config_free(app.cfg);
	return status;
}
