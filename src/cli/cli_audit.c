/* audit list | audit verify: read the hash-chained audit log, and check that no row was
 * edited or deleted. */
#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/auth.h"
#include "wangge/cli.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"

#include <getopt.h>
#include <strings.h>

#define AUDIT_USAGE "audit list [--worker ID] [--from DATE] [--to DATE] | audit verify [--expect SEQ:HASH]"
#define AUDIT_HELP N_("show the audit log, or check that no row was changed or deleted")

static bool print_row(const struct audit_row *row, void *ctx)
{
	struct strbuf *line = ctx;
	const char *fields[] = { row->operator_id, row->action, row->object, row->detail };

	sb_reset(line);
	sb_addf(line, "%6lld  %s", (long long)row->seq, row->at);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		char *clean = tw_sanitize(fields[i] ? fields[i] : "-");

		sb_add(line, "  ");
		sb_add(line, *clean ? clean : "-");
		free(clean);
	}
	puts(line->buf);
	return true;
}

static int audit_list(struct wg_app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "worker", required_argument, NULL, 'w' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *worker = NULL, *from = NULL, *to = NULL;
	struct wg_actor actor;
	struct wg_db *db;
	struct strbuf line;
	enum wg_status rc;
	int c;

	optind = 0;   /* glibc: start afresh after main's own option parsing */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'w': worker = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		default: return cli_usage(AUDIT_USAGE);
		}
	}
	if (optind != argc)
		return cli_usage(AUDIT_USAGE);
	if ((from && !wg_date_valid(from)) || (to && !wg_date_valid(to))) {
		fprintf(stderr, _("wangge: '%s' is not a date; write it as YYYY-MM-DD\n"),
			from && !wg_date_valid(from) ? from : to);
		return 2;
	}
	if ((rc = auth_cli_actor(app, &actor)) != WG_OK)
		return cli_fail(rc);
	if ((rc = app_db(app, &db)) != WG_OK ||
			(rc = access_require_admin(db, &actor, _("reading the audit log"))) != WG_OK)
		goto out;
	sb_init(&line);
	rc = audit_each(db, worker, from, to, print_row, &line);
	sb_free(&line);
out:
	actor_free(&actor);
	return rc == WG_OK ? 0 : cli_fail(rc);
}

/* --expect SEQ:HASH: the chain has no secret key, so a whole rewritten log verifies by
 * itself; a row's hash written down earlier (16 hex digits or more) shows the rewrite. */
static enum wg_status check_anchor(struct wg_db *db, const char *expect)
{
	const char *colon = strchr(expect, ':');
	char *end = NULL, *have, seqtext[24];
	long long seq;
	size_t len;
	enum wg_status rc = WG_OK;

	seq = colon ? strtoll(expect, &end, 10) : 0;
	len = colon ? strlen(colon + 1) : 0;
	if (!colon || end != colon || seq < 1 || len < 16 || len > 64 ||
			strspn(colon + 1, "0123456789abcdefABCDEF") != len)
		return wg_error_set(WG_USAGE, _("--expect wants ROW:HASH, e.g. 42:%s, with at "
			"least 16 digits of the hash `wangge audit verify` printed"), "3f9a0c1d2e4b5a67");
	snprintf(seqtext, sizeof seqtext, "%lld", seq);
	have = db_get_text(db, "SELECT hash FROM audit WHERE seq = CAST(?1 AS INTEGER)", seqtext);
	if (!have)
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld, whose hash you kept, is "
			"gone: the log was rewritten"), seq);
	else if (strncasecmp(have, colon + 1, len) != 0)
		rc = wg_error_set(WG_INVALID, _("audit log: row %lld no longer has the hash you "
			"kept: the log was rewritten at or before that row"), seq);
	free(have);
	return rc;
}

static int audit_verify_cmd(struct wg_app *app, int argc, char **argv)
{
	struct wg_db *db;
	enum wg_status rc;
	int64_t bad = 0, rows;
	char *last;
	const char *expect = NULL;

	if (argc == 4 && STREQ(argv[2], "--expect"))
		expect = argv[3];
	else if (argc != 2)
		return cli_usage(AUDIT_USAGE);
	if ((rc = app_db(app, &db)) != WG_OK)
		return cli_fail(rc);
	rc = audit_verify(db, &bad);
	if (rc == WG_OK && expect)
		rc = check_anchor(db, expect);
	if (rc != WG_OK)
		return cli_fail(rc);
	rows = db_get_int(db, "SELECT count(*) FROM audit", NULL, 0);
	last = db_get_text(db, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", NULL);
	/* The last hash, written down elsewhere, later shows a rewrite of the whole chain. */
	printf(_("audit log intact: %lld rows, last hash %s\n"), (long long)rows,
		last ? last : "-");
	if (last)
		printf(_("Keep \"%lld:%.16s\" somewhere else: `wangge audit verify --expect "
			"%lld:%.16s` later shows whether the log was rewritten.\n"), (long long)rows,
			last, (long long)rows, last);
	free(last);
	return 0;
}

int cmd_audit(struct wg_app *app, int argc, char **argv)
{
	if (cli_wants_help(argc, argv, AUDIT_USAGE, AUDIT_HELP))
		return 0;
	if (argc < 2)
		return cli_usage(AUDIT_USAGE);
	if (STREQ(argv[1], "list"))
		return audit_list(app, argc - 1, argv + 1);
	if (STREQ(argv[1], "verify"))
		return audit_verify_cmd(app, argc, argv);
	return cli_usage(AUDIT_USAGE);
}
