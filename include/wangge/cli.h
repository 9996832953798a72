/* The command line: one table of commands (an X-macro), each implemented as
 * cmd_<name>() in src/cli/cli_<area>.c. main.c dispatches; `wangge --help` lists them. */
#ifndef WANGGE_CLI_H
#define WANGGE_CLI_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;

struct wg_app {
	const char *argv0;
	const char *db_arg;        /* --db FILE */
	const char *config_arg;    /* --config FILE */
	const char *as_worker;     /* --as WORKER: act as this (authenticated) worker */
	struct wg_config *cfg;
	struct wg_db *db;          /* opened on first use by app_db() */
	char *db_path;
};

/* name, function suffix, usage, one-line description (translated at print time). */
#define WG_COMMANDS(_) \
	_("import",     import,     "import FILE...",                 N_("import grid definition files (all or nothing); re-import updates")) \
	_("validate",   validate,   "validate FILE...",               N_("check grid definition files without writing anything")) \
	_("find",       find,       "find [--limit N] QUERY...",      N_("look up households by name, pinyin, address, door number or ID digits")) \
	_("stats",      stats,      "stats [--community CODE | --grid CODE]", N_("households, residents and categories per community and grid")) \
	_("show",       show,       "show HOUSEHOLD_ID",              N_("one household: residents, tags, visits")) \
	_("visit",      visit,      "visit add HOUSEHOLD_ID [--outcome O] [--kind K] [--date DATE] ... | visit list [--household ID | --worker ID] [--from DATE] [--to DATE]", N_("record a visit to a household, or list visits")) \
	_("worker",     worker,     "worker list|passwd ID|role ID ROLE",  N_("list workers, set a password, change a role")) \
	_("audit",      audit,      "audit list [--worker ID] [--from DATE] [--to DATE] | audit verify [--expect SEQ:HASH]", N_("show the audit log, or check that no row was changed or deleted")) \
	_("backup",     backup,     "backup FILE",                    N_("copy the database into FILE while others keep working")) \
	_("check",      check,      "check",                          N_("check the database file and its audit log (use --db for a backup)")) \
	_("due",        due,        "due [--grid CODE | --worker ID | --community CODE] [--on DATE] [--within DAYS] [--format text|tsv]", N_("follow-ups due: overdue first, then those due within DAYS (default 7)")) \
	_("incident",   incident,   "incident report|list|show|ACTION ...", N_("report incidents, list them, show one with its history, take a workflow step")) \
	_("print",      print,      "print checklist (--grid CODE | --worker ID) [--date DATE] [--due-only] [--out FILE | --printer NAME] [--format pdf|text] | print printers", N_("print a visit checklist, or list the printers")) \
	_("key",        key,        "key SHEET_ID [--date DATE] [--kind KIND] < LINES", N_("key a filled-in visit checklist back in")) \
	_("report",     report,     "report [--grid CODE | --worker ID | --community CODE] [--from DATE] [--to DATE] [--format text|csv|xlsx] [--out FILE]", N_("figures: households, visit coverage, follow-ups, incidents, visits")) \
	_("export",     export,     "export REGISTER [--grid CODE | --worker ID | --community CODE] [--from DATE] [--to DATE] [--category CODE] [--format csv|xlsx] [--out FILE] | export --list", N_("write a register (台帐) as CSV or XLSX; --list shows the registers")) \
	_("demo-setup", demo_setup, "demo-setup",                     N_("mark this database as the demo street (used by make run)"))

#define WG_COMMAND_DECL(name, fn, usage, help) int cmd_##fn(struct wg_app *app, int argc, char **argv);
WG_COMMANDS(WG_COMMAND_DECL)
#undef WG_COMMAND_DECL

/* Open the database on first use; prints permission warnings to stderr. */
enum wg_status app_db(struct wg_app *app, struct wg_db **out);
/* Print "wangge: <detail or status text>" to stderr and return the exit code. */
int cli_fail(enum wg_status status);
/* Print usage of one command to stderr and return 2. */
int cli_usage(const char *usage);
/* True when argv has --help or -h; prints the usage and description to stdout. */
bool cli_wants_help(int argc, char **argv, const char *usage, const char *help);

/* Aligned columns for command output (src/cli/cli_table.c): widths in terminal columns,
 * cells sanitised (textwidth.h). align has one letter per column: 'l' or 'r'. */
struct cli_table {
	size_t ncols, nrows, cap;
	char *align;
	char **cells;
};
void cli_table_init(struct cli_table *t, const char *align);
void cli_table_add(struct cli_table *t, const char *const *cells);  /* NULL cells: empty */
void cli_table_row(struct cli_table *t, ...);                        /* ncols strings */
/* Columns two spaces apart, each line starting with indent; no trailing blanks. */
void cli_table_print(const struct cli_table *t, FILE *out, const char *indent);
void cli_table_free(struct cli_table *t);

#endif
