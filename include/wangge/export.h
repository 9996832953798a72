/* Spreadsheets out of the data: registers (台帐) defined in the configuration, and the
 * table writer the report uses too. CSV is UTF-8 with a byte-order mark (so that Excel
 * opens Chinese correctly) and RFC 4180 quoting; XLSX goes through libxlsxwriter with
 * column widths fitted to the text (2 units per Chinese character) and a frozen header
 * row. Files are written to a temp file in the same folder and renamed (atomic_file.h). */
#ifndef WANGGE_EXPORT_H
#define WANGGE_EXPORT_H

#include "wangge/common.h"
#include "wangge/report.h"

struct wg_db;
struct wg_config;
struct wg_actor;
struct wg_register;

enum wg_export_format {
	EXPORT_CSV,
	EXPORT_XLSX,
};

/* "csv" or "xlsx"; false when neither. */
bool export_format_parse(const char *word, enum wg_export_format *out);

/* ---- the table writer ---- */

struct wg_table;

/* Start a table. CSV: written to fp when path is NULL, else to path; XLSX needs a path.
 * Nothing exists under path until table_close() succeeds. */
enum wg_status table_open(enum wg_export_format format, const char *path, FILE *fp,
	struct wg_table **out);
/* Start a sheet (XLSX: a new worksheet named title, made valid and unique; CSV: a blank
 * line between sheets and nothing else). */
void table_sheet(struct wg_table *t, const char *title);
/* The header row (XLSX: bold, frozen); then rows. NULL cells are empty. */
void table_header(struct wg_table *t, const char *const *cells, size_t n);
void table_row(struct wg_table *t, const char *const *cells, size_t n);
/* Finish: fit the columns, write, fsync, rename. Frees t either way. */
enum wg_status table_close(struct wg_table *t);
/* Give up: nothing is left behind. Frees t. */
void table_abort(struct wg_table *t);

/* One CSV field, quoted when it holds a comma, quote, CR or LF (quotes doubled). */
void csv_field(FILE *fp, const char *s);

/* ---- registers ---- */

struct wg_export_query {
	const struct wg_register *reg;
	enum wg_report_scope scope;   /* the same scopes as the report */
	const char *code;
	const char *from, *to;        /* visits and incidents: YYYY-MM-DD; NULL: no limit */
	const char *category;         /* residents registers: only this category code */
	enum wg_export_format format;
	const char *path;             /* NULL: CSV to fp */
};

/* Write the register for q as actor may see it: restricted categories become
 * cfg->neutral_mark outside the actor's grids, ID numbers and phones are masked. Writes
 * one audit row "export" (object: register code; detail: format, rows, scope, file).
 * *rows gets the number of data rows (may be NULL). WG_NOT_FOUND for an unknown scope
 * code, WG_USAGE for a bad date or category. */
enum wg_status export_register(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_export_query *q, FILE *fp,
	int64_t *rows);

#endif
