/* Status codes returned by every fallible function. The detail (what, where, what to
 * do) goes into wg_error_set(); the code says which class of failure it was. */
#ifndef WANGGE_STATUS_H
#define WANGGE_STATUS_H

#define WG_STATUS_LIST(_) \
	_(OK,        "ok") \
	_(USAGE,     "usage error") \
	_(IO,        "input/output error") \
	_(PARSE,     "syntax error in input file") \
	_(INVALID,   "invalid data") \
	_(NOT_FOUND, "not found") \
	_(EXISTS,    "already exists") \
	_(DB,        "database error") \
	_(BUSY,      "database is busy") \
	_(FULL,      "disk is full") \
	_(READONLY,  "database is read-only") \
	_(NEWER,     "database is from a newer version of wangge") \
	_(NOT_DB,    "file is not a wangge database") \
	_(DENIED,    "permission denied") \
	_(AUTH,      "wrong password") \
	_(WAIT,      "too many wrong passwords, wait") \
	_(CONFLICT,  "changed by someone else") \
	_(STATE,     "step not allowed in this state") \
	_(NOMEM,     "out of memory")

enum wg_status {
#define WG_STATUS_ENUM(id, text) WG_##id,
	WG_STATUS_LIST(WG_STATUS_ENUM)
#undef WG_STATUS_ENUM
};

/* Short translated name of a status; static storage. */
const char *wg_strerror(enum wg_status status);

/* Exit status for the command line: 0 ok, 2 usage, 1 anything else. */
int wg_exit_code(enum wg_status status);

#endif
