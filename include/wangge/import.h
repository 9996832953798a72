/* The grid importer: grid definition YAML (wangge(5), format version 1) into the store.
 * Files are read as a stream of events (memory bounded by one household, never a document
 * tree) and all files of one run go into one transaction: everything or nothing. Errors
 * and warnings are collected (several, not only the first) and printed one a line as
 * "file:line:column: message" / "file:line:column: warning: message". */
#ifndef WANGGE_IMPORT_H
#define WANGGE_IMPORT_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;

struct import_options {
	bool write;              /* false: validate only; nothing is written anywhere */
	const char *operator_id; /* stamped as updated_by / set_by and in the audit row; NULL ok */
	FILE *findings;          /* errors and warnings, one a line; NULL: not printed */
	int max_errors;          /* stop reading after this many errors; 0 means 50 */
};

struct import_counts {
	long files;
	long households, residents;          /* read from the files */
	long households_added, households_updated, households_departed, households_unchanged;
	long residents_added, residents_updated, residents_departed;
	long errors, warnings;
};

/* A file to read, or text already in memory (tests). */
struct import_source {
	const char *name;        /* path, or the name used in messages when text is given */
	const char *text;        /* NULL: read the file at name */
	size_t len;
};

/* Import (opt->write) or validate the sources. Validation writes nothing: with db it uses
 * only temporary tables of that connection (no write lock), with db NULL a private
 * scratch database that is removed afterwards. Returns
 * WG_OK when there were no errors (warnings are fine); WG_INVALID when the files have
 * errors (nothing was written; counts->errors says how many); a storage status when the
 * database failed. Re-importing updates changed rows, adds new ones and marks households
 * and residents of the files' streets that are no longer listed as departed; visits,
 * incidents and edits are never deleted. Every added, changed or departed household is
 * passed to the search index. counts may be NULL. */
enum wg_status import_run(struct wg_db *db, const struct wg_config *cfg,
	const struct import_source *sources, size_t n, const struct import_options *opt,
	struct import_counts *counts);

/* Shorthand for files given by path. */
enum wg_status import_files(struct wg_db *db, const struct wg_config *cfg,
	char *const *paths, size_t n, const struct import_options *opt,
	struct import_counts *counts);

#endif
