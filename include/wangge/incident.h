/* Incidents (事件) and their workflow. One table of allowed transitions in incident.c
 * decides every step: 上报 reported → 受理 accepted → 处置中 in progress → 办结 resolved →
 * 结案 closed (after a feedback visit rated 满意/基本满意; 不满意 reopens to in progress),
 * plus escalate, return, extend, supervise, urgent and reopen. Every step appends one
 * incident_event row and updates the incident row and the audit log in one transaction.
 * People type the short seq number; the UUID id stays underneath. */
#ifndef WANGGE_INCIDENT_H
#define WANGGE_INCIDENT_H

#include "wangge/common.h"

struct wg_db;
struct wg_config;
struct wg_actor;

/* id, code stored in the database, Chinese name (msgid is the English one). */
#define WG_INCIDENT_STATES(_) \
	_(REPORTED,    "reported",    N_("reported")) \
	_(ACCEPTED,    "accepted",    N_("accepted")) \
	_(IN_PROGRESS, "in_progress", N_("in progress")) \
	_(RESOLVED,    "resolved",    N_("resolved")) \
	_(CLOSED,      "closed",      N_("closed"))

enum wg_incident_state {
	INC_NONE,   /* before it is reported */
#define WG_INCIDENT_STATE_ENUM(id, code, name) INC_##id,
	WG_INCIDENT_STATES(WG_INCIDENT_STATE_ENUM)
#undef WG_INCIDENT_STATE_ENUM
	INC_STATE_COUNT
};

/* id, code, Chinese name typed on the command line, help text. */
#define WG_INCIDENT_ACTIONS(_) \
	_(REPORT,    "report",    "上报",     N_("report a new incident")) \
	_(ACCEPT,    "accept",    "受理",     N_("accept: take it on, with a handler and deadline")) \
	_(START,     "start",     "处置",     N_("start handling it")) \
	_(RESOLVE,   "resolve",   "办结",     N_("mark it resolved")) \
	_(CLOSE,     "close",     "结案",     N_("close after the feedback visit (rating)")) \
	_(REOPEN,    "reopen",    "重办",     N_("reopen for more work")) \
	_(ESCALATE,  "escalate",  "上报上级", N_("escalate one level; the new handler takes over")) \
	_(RETURN,    "return",    "退回",     N_("return one step, with a reason")) \
	_(EXTEND,    "extend",    "延期",     N_("extend the deadline, with a reason")) \
	_(SUPERVISE, "supervise", "督办",     N_("flag for supervision")) \
	_(URGENT,    "urgent",    "加急",     N_("make it urgent (shorter deadline)"))

enum wg_incident_action {
#define WG_INCIDENT_ACTION_ENUM(id, code, zh, help) INC_ACT_##id,
	WG_INCIDENT_ACTIONS(WG_INCIDENT_ACTION_ENUM)
#undef WG_INCIDENT_ACTION_ENUM
	INC_ACT_COUNT
};

const char *incident_state_code(enum wg_incident_state s);     /* "in_progress" */
const char *incident_state_name(enum wg_incident_state s);     /* translated: 处置中 */
enum wg_incident_state incident_state_from_code(const char *code); /* INC_NONE if unknown */
const char *incident_action_code(enum wg_incident_action a);   /* "accept" */
const char *incident_action_name(enum wg_incident_action a);   /* 受理 */
/* Code or Chinese name; false when unknown. */
bool incident_action_parse(const char *word, enum wg_incident_action *out);

struct wg_incident {
	char *id;                /* UUID */
	int64_t seq;             /* the number people type */
	char *type;              /* type code */
	bool urgent;
	char *level;             /* grid, community, street, district */
	enum wg_incident_state state;
	char *grid_code;         /* NULL when not known */
	char *household_id;      /* NULL when reported for a place */
	char *place;
	char *text;
	char *reported_by;       /* worker id or NULL */
	char *reported_at;       /* YYYY-MM-DD HH:MM:SS */
	char *handler_id;        /* NULL until accepted */
	char *handler_name;
	char deadline[11];       /* "" until accepted */
	bool supervised;
	char *rating;            /* rating code of the last feedback, or NULL */
	char *resolved_at;
	char *closed_at;
	bool overdue;            /* open (not resolved or closed) and deadline before today */
	int days_left;           /* deadline - today (negative: late); 0 without deadline */
};

struct wg_incident_event {
	char *at;                /* YYYY-MM-DD HH:MM:SS */
	char *by_worker;         /* NULL: command line without --as */
	char *by_name;
	char *action;            /* action code */
	char *from_status;       /* NULL for report */
	char *to_status;
	char *handler_id;
	char *deadline;
	char *level;
	char *rating;
	char *note;
};

/* A new incident: type code or Chinese name; household_id or grid_code (a household
 * gives its grid); place free text; text required. */
struct wg_incident_new {
	const char *type;
	const char *household_id;
	const char *grid_code;
	const char *place;
	const char *text;
	bool urgent;
};

/* One step. handler_id: accept (a leader assigns someone else), escalate (required: the
 * new level's handler). rating: close (code or Chinese name). note: the reason (required
 * for return, extend, reopen). days: extend (> 0). */
struct wg_incident_step {
	enum wg_incident_action action;
	const char *handler_id;
	const char *rating;
	const char *note;
	int days;
};

/* Report a new incident as actor; its seq into *seq_out. WG_DENIED when the actor may
 * not report in that grid, WG_INVALID/WG_NOT_FOUND for a bad type, household or grid. */
enum wg_status incident_report(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_incident_new *in, int64_t *seq_out);

/* Take one step on incident seq. WG_STATE when the step is not allowed in its state (the
 * message names the state and the steps allowed there), WG_DENIED when the actor's role
 * may not, WG_USAGE when a required handler, rating, reason or days is missing. */
enum wg_status incident_step(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, int64_t seq, const struct wg_incident_step *step);

/* Is this action allowed from this state at all (ignoring roles)? The table's answer. */
bool incident_transition_exists(enum wg_incident_state from, enum wg_incident_action a);
/* Steps actor may take on inc now, in table order; returns how many (≤ INC_ACT_COUNT).
 * For the screen's keys. */
size_t incident_allowed_actions(struct wg_db *db, const struct wg_actor *actor,
	const struct wg_incident *inc, enum wg_incident_action out[INC_ACT_COUNT]);

/* Deadline date (YYYY-MM-DD) counted from day `from`: the type's deadline_days, urgent
 * ones cfg->urgent_deadline_percent of it (rounded up, at least 1 day). */
void incident_deadline(const struct wg_config *cfg, const char *type, bool urgent,
	const char *from, char out[11]);

/* Load one incident by seq; WG_NOT_FOUND if none. Free with incident_free(). */
enum wg_status incident_get(struct wg_db *db, int64_t seq, struct wg_incident *out);
void incident_free(struct wg_incident *inc);

/* Its history, oldest first. Free with incident_events_free(). */
enum wg_status incident_events(struct wg_db *db, int64_t seq,
	struct wg_incident_event **out, size_t *n);
void incident_events_free(struct wg_incident_event *ev, size_t n);

enum wg_incident_scope {
	INC_SCOPE_ALL,
	INC_SCOPE_STREET,      /* code: street code */
	INC_SCOPE_COMMUNITY,   /* code: community code */
	INC_SCOPE_GRID,        /* code: grid code */
	INC_SCOPE_WORKER,      /* code: worker id: incidents of their grids or handled by them */
	INC_SCOPE_HANDLER,     /* code: worker id: incidents they handle ("mine") */
};

struct wg_incident_filter {
	enum wg_incident_scope scope;
	const char *code;
	enum wg_incident_state state;  /* INC_NONE: any */
	bool open_only;                /* not closed */
	bool overdue_only;             /* open, deadline before today */
	const char *type;              /* type code; NULL any */
	const char *level;             /* level code; NULL any */
};

/* Incidents matching f, overdue first, then by deadline (none last), then seq. Free
 * with incident_list_free(). */
enum wg_status incident_list(struct wg_db *db, const struct wg_incident_filter *f,
	struct wg_incident **out, size_t *n);
void incident_list_free(struct wg_incident *list, size_t n);

#endif
