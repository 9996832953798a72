/* Inside the grid importer: what the parser (import_parse.c) hands to the store side
 * (import_store.c), and the run both share. Not a public interface. */
#ifndef WANGGE_IMPORT_INT_H
#define WANGGE_IMPORT_INT_H

#include "wangge/common.h"
#include "wangge/import.h"
#include "wangge/yaml_reader.h"

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
	char *db_msg;                   /* its message, kept: later steps overwrite it */
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

/* ---- import_read.c: reading helpers shared by the parser ---- */

#define IMP_MAX_KEYS 8

/* The reader of one file and what encloses the current household. */
struct imp_parser {
	struct imp_run *run;
	struct yaml_reader *r;
	bool fatal;                      /* syntax error or too many errors: stop the file */
	bool have_street;
	/* Rows are written only under a parent already written (a code given after its
	 * list is an error reported at the end of the mapping, but writing goes on). */
	bool comm_stored, grid_stored;
	struct imp_street street;
	struct imp_community comm;
	struct imp_grid grid;
	struct imp_building bld;
	struct imp_household hh;
};

/* Keys of one mapping seen so far, for unknown, repeated and missing keys. */
struct imp_keys {
	const char *ctx;                 /* translated: "household" */
	const char *const *names;
	size_t n;
	struct imp_pos seen[IMP_MAX_KEYS];   /* line 0: not seen */
	struct imp_pos start;            /* where the mapping starts */
};

/* A copy of s[0..n) that lives until the arena is emptied. */
char *imp_arena_dup(struct imp_arena *a, const char *s, size_t n);
/* Empties the arena, keeping one block for the next household unless all. */
void imp_arena_reset(struct imp_arena *a, bool all);
struct imp_pos imp_pos_of(const struct yr_event *ev);
void imp_keys_init(struct imp_keys *ks, const char *ctx, const char *const *names, size_t n,
	const struct yr_event *start);
/* True when this file must stop (syntax error, too many errors). */
bool imp_stopped(struct imp_parser *p);
/* The next event; false (after recording the error) when reading failed. */
bool imp_next(struct imp_parser *p, struct yr_event *ev);
/* Skips the mapping or list ev starts. */
bool imp_skip(struct imp_parser *p, const struct yr_event *ev);
/* "'abc'", "a list", ... for "found ..." in messages, into buf. */
const char *imp_describe(const struct yr_event *ev, char *buf, size_t size);
/* An entry of a list that is not what the list holds: reported, skipped. */
bool imp_wrong_entry(struct imp_parser *p, const struct yr_event *ev, const char *list,
	const char *expected);
/* A value of the wrong kind: reported, skipped. */
bool imp_wrong_type(struct imp_parser *p, const struct yr_event *ev, const char *ctx,
	const char *key, const char *expected);
bool imp_is_null(const struct yr_event *ev);
/* The next key: *idx its index in ks->names, -1 at the end of the mapping, -2 for
 * a key already reported (unknown or repeated) whose value the caller skips. */
bool imp_next_key(struct imp_parser *p, struct imp_keys *ks, int *idx);
/* Missing required keys, reported at the start of the mapping. */
void imp_require(struct imp_parser *p, const struct imp_keys *ks, const int *required, size_t n);
/* A text value (NULL when empty or null, an error when required), copied into the
 * arena or, without one, replacing *out with new memory. *ok: the value was right. */
bool imp_text_value(struct imp_parser *p, const struct yr_event *v, const char *ctx,
	const char *key, bool required, struct imp_arena *arena, const char **out, bool *ok);
/* imp_text_value for heap strings of the enclosing levels. */
bool imp_heap_text(struct imp_parser *p, const struct yr_event *v, const char *ctx,
	const char *key, bool required, char **out);
/* "<what> '<code>' is used twice (first at file:line:column)". */
void imp_report_dup(struct imp_parser *p, struct imp_pos pos, const char *what,
	const char *code, const struct imp_prev *prev);

#endif
