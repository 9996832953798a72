/* The grid importer's run: sources in order, one transaction, findings and counts.
 * Parsing is in import_parse.c, storing in import_store.c. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/import.h"
#include "wangge/store.h"
#include "wangge/textwidth.h"
#include "import_int.h"

#include <unistd.h>

#define DEFAULT_MAX_ERRORS 50

/* One finding a line. The values quoted in it come from the file: control characters and
 * escape sequences in them are shown replaced, never sent to the terminal raw. */
static void put_finding(FILE *out, const char *line)
{
	const unsigned char *p = (const unsigned char *)line;

	/* byte by byte, so it needs no locale: C0, DEL and the C1 controls (UTF-8 C2 80-9F);
	 * the reader has refused invalid UTF-8 already */
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fputs(TW_REPLACEMENT, out);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fputs(TW_REPLACEMENT, out), p++;
		else
			fputc(*p, out);
	}
	fputc('\n', out);
}

static void finding(struct imp_run *run, struct imp_pos pos, const char *kind,
	const char *fmt, va_list ap)
{
	FILE *out = run->opt->findings;
	const char *file = run->files[run->file];
	struct strbuf line;
	va_list again;
	char *what;
	int len;

	if (!out)
		return;
	sb_init(&line);
	if (pos.line)
		sb_addf(&line, "%s:%d:%d: ", file, pos.line, pos.col);
	else
		sb_addf(&line, "%s: ", file);
	if (kind)
		sb_addf(&line, "%s: ", kind);
	va_copy(again, ap);
	len = vsnprintf(NULL, 0, fmt, again);
	va_end(again);
	what = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	if (len < 0 || vsnprintf(what, (size_t)len + 1, fmt, ap) < 0)
		what[0] = '\0';
	sb_add(&line, what);
	put_finding(out, line.buf);
	free(what);
	sb_free(&line);
}

static void count_error(struct imp_run *run)
{
	int max = run->opt->max_errors > 0 ? run->opt->max_errors : DEFAULT_MAX_ERRORS;

	run->c.errors++;
	if (run->c.errors >= max && !run->stop) {
		run->stop = true;
		if (run->opt->findings)
			fprintf(run->opt->findings, _("%s: too many errors (%ld); stopped reading\n"),
				run->files[run->file], run->c.errors);
	}
}

void imp_error(struct imp_run *run, struct imp_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (run->stop)
		return;
	va_start(ap, fmt);
	finding(run, pos, NULL, fmt, ap);
	va_end(ap);
	count_error(run);
}

void imp_warning(struct imp_run *run, struct imp_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (run->stop)
		return;
	va_start(ap, fmt);
	finding(run, pos, _("warning"), fmt, ap);
	va_end(ap);
	run->c.warnings++;
}

void imp_error_raw(struct imp_run *run, const char *msg)
{
	if (run->stop)
		return;
	if (run->opt->findings)
		put_finding(run->opt->findings, msg);
	count_error(run);
}

/* Validation keeps its bookkeeping in a database of its own, in a private temporary
 * folder removed afterwards: the user's database is never opened. */
static enum wg_status scratch_open(char **dir_out, struct wg_db **db)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/wangge-validate.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	char *path;
	enum wg_status rc;

	if (!mkdtemp(dir)) {
		rc = wg_error_set(WG_IO, _("%s: cannot create a temporary folder: %s"), dir,
			strerror(errno));
		free(dir);
		return rc;
	}
	path = xasprintf("%s/scratch.db", dir);
	rc = store_open(path, db);
	free(path);
	*dir_out = dir;
	return rc;
}

static void scratch_close(char *dir, struct wg_db *db)
{
	static const char *const files[] = { "scratch.db", "scratch.db-wal", "scratch.db-shm" };
	size_t i;

	store_close(db);
	if (!dir)
		return;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);

		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
}

enum wg_status import_run(struct wg_db *db, const struct wg_config *cfg,
	const struct import_source *sources, size_t n, const struct import_options *opt,
	struct import_counts *counts)
{
	struct imp_run run;
	struct wg_db *scratch = NULL;
	char *scratch_dir = NULL;
	const char **names;
	enum wg_status rc;
	size_t i;

	memset(&run, 0, sizeof(run));
	if (!opt->write && !db) {
		rc = scratch_open(&scratch_dir, &scratch);
		if (rc != WG_OK) {
			scratch_close(scratch_dir, scratch);
			return rc;
		}
		db = scratch;
	}
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = sources[i].name;
	run.db = db;
	run.cfg = cfg;
	run.opt = opt;
	run.files = names;
	run.n_files = n;
	run.codes = config_category_codes(cfg);
	wg_today(run.today);
	wg_now(run.now);

	rc = imp_store_begin(&run);
	for (i = 0; rc == WG_OK && i < n && !run.stop; i++) {
		run.file = (int)i;
		run.c.files++;
		imp_parse(&run, &sources[i]);
	}
	if (rc == WG_OK) {
		bool ok = run.c.errors == 0 && run.db_rc == WG_OK;

		rc = imp_store_end(&run, ok);
		if (run.db_rc != WG_OK)
			rc = wg_error_set(run.db_rc, "%s", run.db_msg);
		else if (rc == WG_OK && run.c.errors)
			rc = wg_error_set(WG_INVALID, opt->write ?
				_("errors in the grid files: %ld; nothing was imported") :
				_("errors in the grid files: %ld"), run.c.errors);
	} else {
		imp_store_end(&run, false);
	}
	if (counts)
		*counts = run.c;
	free(run.codes);
	free(run.db_msg);
	free(names);
	scratch_close(scratch_dir, scratch);
	return rc;
}

enum wg_status import_files(struct wg_db *db, const struct wg_config *cfg,
	char *const *paths, size_t n, const struct import_options *opt,
	struct import_counts *counts)
{
	struct import_source *src = xcalloc(n + 1, sizeof(*src));
	enum wg_status rc;
	size_t i;

	for (i = 0; i < n; i++)
		src[i].name = paths[i];
	rc = import_run(db, cfg, src, n, opt, counts);
	free(src);
	return rc;
}
