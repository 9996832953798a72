/* Inside the grid importer: what the parser (import_parse.c) hands to the store side
 * (import_store.c), and the run both share. Not a public interface. */
#ifndef WANGGE_IMPORT_INT_H
#define WANGGE_IMPORT_INT_H

#include "wangge/common.h"
#include "wangge/import.h"

struct wg_db;
struct wg_config;
struct imp_stmts;
struct imp_idset;

struct imp_pos {
	int line, col;                  /* 0: no position (the whole file) */
};

/* Strings of one household live in an arena emptied before the next household. */
struct imp_arena_block;
struct imp_arena {
	struct imp_arena_block *head;
};

struct imp_resident {
	const char *name, *id_number, *sex, *birth, *relation, *phone;
	bool registered;
	size_t tag0, n_tags;            /* tags are hh->tags[tag0 .. tag0 + n_tags) */
	struct imp_pos pos, id_pos;
};

struct imp_household {
	const char *id, *unit, *room, *phone, *tenure, *note;
	struct imp_resident *res;
	size_t n_res, cap_res;
	const char **tags;
	size_t n_tags, cap_tags;
	struct imp_pos pos, id_pos;
	struct imp_arena arena;
};

struct imp_street {
	char *code, *name, *district, *city;
	struct imp_pos pos;
};

struct imp_community {
	char *code, *name;
	struct imp_pos pos;
};

struct imp_worker {
	char *id, *name, *phone, *role;
};

struct imp_grid {
	char *code, *name, *boundary;
	struct imp_worker *workers;
	size_t n_workers, cap_workers;
	long households;
	struct imp_pos pos;
};

struct imp_building {
	char *code, *name, *compound;
	int64_t id;                     /* building.id once stored, else 0 */
	struct imp_pos pos;
};

/* The bookkeeping of one run: duplicate ids and what was seen, kept in temporary tables
 * so that memory does not grow with the file. */
enum imp_kind {
	IMP_STREET = 1,
	IMP_COMMUNITY,
	IMP_GRID,
	IMP_BUILDING,                   /* key: grid code, US, building code */
	IMP_HOUSEHOLD,
};

struct imp_prev {
	const char *file;
	int line, col;
	long household;                 /* ID numbers: which household (counted from 1) */
};

struct imp_run {
	struct wg_db *db;
	const struct wg_config *cfg;
	const struct import_options *opt;
	struct import_counts c;
	char today[11], now[20];
	const char *const *files;       /* names of the sources, for "first at FILE:L:C" */
	size_t n_files;
	int file;                       /* index of the file being read */
	struct imp_stmts *st;
	enum wg_status db_rc;           /* first storage failure; stops the run */
	bool stop;                      /* too many errors or a storage failure */
	char *codes;                    /* known category codes, for messages */
	struct imp_idset *ids;          /* ID numbers seen */
};

/* Findings: "file:line:column: message" on opt->findings, counted. */
void imp_error(struct imp_run *run, struct imp_pos pos, const char *fmt, ...) WG_PRINTF(3, 4);
void imp_warning(struct imp_run *run, struct imp_pos pos, const char *fmt, ...) WG_PRINTF(3, 4);
/* A message that already names its place (a syntax error from the reader). */
void imp_error_raw(struct imp_run *run, const char *msg);
/* Writing happens only when asked to and while the files are free of errors. */
bool imp_writing(const struct imp_run *run);

/* Parse one source; findings go to the run. */
void imp_parse(struct imp_run *run, const struct import_source *src);

/* import_store.c */
enum wg_status imp_store_begin(struct imp_run *run);
/* Ends the run: on success marks what vanished as departed and commits (when writing);
 * otherwise rolls back. */
enum wg_status imp_store_end(struct imp_run *run, bool ok);
/* Records key of kind as seen at pos. False when it was seen before: *prev says where. */
bool imp_seen(struct imp_run *run, enum imp_kind kind, const char *key, struct imp_pos pos,
	struct imp_prev *prev);
/* The same for an ID number in household number `household` (counted from 1). ID numbers
 * are many and come in random order, so they are kept as 64-bit hashes in memory (24
 * bytes each) rather than in a table. */
bool imp_seen_idnum(struct imp_run *run, const char *idnum, struct imp_pos pos,
	long household, struct imp_prev *prev);
void imp_store_street(struct imp_run *run, const struct imp_street *s);
void imp_store_community(struct imp_run *run, const char *street_code,
	const struct imp_community *c);
void imp_store_grid(struct imp_run *run, const char *community_code, const struct imp_grid *g,
	bool with_workers);
void imp_store_building(struct imp_run *run, const char *grid_code, struct imp_building *b);
void imp_store_household(struct imp_run *run, const struct imp_building *b,
	const struct imp_household *hh);

#endif
