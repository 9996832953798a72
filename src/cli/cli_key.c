/* key SHEET_ID: a filled-in printed checklist keyed back in from standard input, one
 * line per household: "LINE OUTCOME [ITEMS] [NOTE]". Every line is checked before any
 * is saved; lines keyed before are reported and skipped, so a sheet can be keyed twice. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/auth.h"
#include "wangge/checklist.h"
#include "wangge/cli.h"
#include "wangge/keying.h"
#include "wangge/store.h"

#include <getopt.h>

#define KEY_USAGE "key SHEET_ID [--date YYYY-MM-DD] [--kind KIND] < LINES"
#define KEY_HELP N_("key a filled-in visit checklist back in (one line per household)")

struct parsed {
	struct key_line kl;
	int *items;
	char *text;      /* the line, split in place */
};

/* "1,3" or "-" into item numbers; false on anything else. */
static bool parse_items(char *s, struct parsed *p)
{
	char *save = NULL, *tok;

	if (STREQ(s, "-"))
		return true;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		long n = strtol(tok, &end, 10);

		if (*end || end == tok || n < 1 || n > 999)
			return false;
		p->items = xrealloc(p->items, (p->kl.n_items + 1) * sizeof(int));
		p->items[p->kl.n_items++] = (int)n;
	}
	p->kl.items = p->items;
	return true;
}

static bool all_digits_or_commas(const char *s)
{
	if (STREQ(s, "-"))
		return true;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && *s != ',')
			return false;
	return true;
}

/* Split "LINE OUTCOME [ITEMS] [NOTE...]". */
static enum wg_status parse_line(char *text, int lineno, struct parsed *p)
{
	char *s = wg_trim(text), *word[3] = { 0 }, *end;
	long n;
	int k;

	memset(p, 0, sizeof(*p));
	p->text = text;
	for (k = 0; k < 3 && *s; k++) {
		word[k] = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
		while (isspace((unsigned char)*s))
			s++;
	}
	n = word[0] ? strtol(word[0], &end, 10) : 0;
	if (!word[0] || *end || n < 1 || n > 100000 || !word[1])
		return wg_error_set(WG_USAGE, _("stdin:%d: write the sheet's line number, then the "
			"outcome, e.g. \"3 m 1,2 not feeling well\""), lineno);
	p->kl.line = (int)n;
	p->kl.outcome = word[1];
	if (word[2] && all_digits_or_commas(word[2])) {
		if (!parse_items(word[2], p))
			return wg_error_set(WG_USAGE, _("stdin:%d: '%s' is not a list of item numbers "
				"like 1,3"), lineno, word[2]);
		p->kl.note = *s ? s : NULL;
	} else if (word[2]) {
		/* no items: the third word starts the note */
		if (*s)
			s[-1] = ' ';
		p->kl.note = word[2];
	}
	return WG_OK;
}

int cmd_key(struct wg_app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'D' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const char *date = NULL, *kind = NULL;
	struct parsed *lines = NULL;
	size_t n = 0, i, len = 0;
	struct cl_sheet *sheet = NULL;
	struct wg_actor actor;
	struct wg_db *db;
	enum wg_status rc;
	char *buf = NULL;
	int c, lineno = 0, saved = 0, again = 0, status = 0;

	if (cli_wants_help(argc, argv, KEY_USAGE, KEY_HELP))
		return 0;
	optind = 0;  /* 0: glibc starts afresh, permuting options after operands too */
	while ((c = getopt_long(argc, argv, "D:k:", opts, NULL)) != -1) {
		switch (c) {
		case 'D': date = optarg; break;
		case 'k': kind = optarg; break;
		default: return cli_usage(KEY_USAGE);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(KEY_USAGE);
	if (date && !wg_date_valid(date))
		return cli_fail(wg_error_set(WG_USAGE, _("'%s' is not a date; write YYYY-MM-DD"), date));

	actor_nobody(&actor);
	rc = auth_cli_actor(app, &actor);
	if (rc == WG_OK)
		rc = app_db(app, &db);
	if (rc == WG_OK)
		rc = checklist_load(db, app->cfg, argv[optind], &sheet);
	/* Read and check every line first: a typing mistake on line 20 saves nothing. */
	while (rc == WG_OK && getline(&buf, &len, stdin) > 0) {
		char *t = wg_trim(buf);

		lineno++;
		if (!*t || *t == '#')
			continue;
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		rc = parse_line(xstrdup(t), lineno, &lines[n]);
		n++;
		if (rc == WG_OK && (rc = keying_check(app->cfg, sheet, &lines[n - 1].kl)) != WG_OK)
			rc = wg_error_set(rc, "stdin:%d: %s", lineno, wg_error_msg());
	}
	for (i = 0; rc == WG_OK && i < n; i++) {
		char id[37];

		rc = keying_save(db, app->cfg, &actor, sheet, &lines[i].kl, date, kind, id);
		if (rc == WG_OK) {
			saved++;
			printf(_("line %d: saved as visit %s\n"), lines[i].kl.line, id);
		} else if (rc == WG_EXISTS) {
			again++;
			printf(_("line %d: keyed before (visit %s), skipped\n"), lines[i].kl.line, id);
			rc = WG_OK;
		}
	}
	if (rc == WG_OK)
		printf(_("sheet %s: %d visits saved, %d keyed before, %zu lines not filled in\n"),
			sheet->id, saved, again, sheet->n_blocks - (size_t)saved - (size_t)again);
	else
		status = cli_fail(rc);
	for (i = 0; i < n; i++) {
		free(lines[i].items);
		free(lines[i].text);
	}
	free(lines);
	free(buf);
	checklist_free(sheet);
	actor_free(&actor);
	return status;
}
