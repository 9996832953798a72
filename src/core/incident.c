/* Incidents: the workflow table, steps in one transaction each (incident row, an
 * append-only incident_event row, an audit row), and the queries behind the list, the
 * detail and the timeline. The table below is the only place that says which step may
 * follow which, and who may take it. */
#include "wangge/common.h"
#include "wangge/incident.h"
#include "wangge/access.h"
#include "wangge/audit.h"
#include "wangge/config.h"
#include "wangge/store.h"

/* ---- names ---- */

static const char *const state_codes[INC_STATE_COUNT] = {
	[INC_NONE] = "",
#define WG_INCIDENT_STATE_CODE(id, code, name) [INC_##id] = code,
	WG_INCIDENT_STATES(WG_INCIDENT_STATE_CODE)
#undef WG_INCIDENT_STATE_CODE
};

static const char *const state_names[INC_STATE_COUNT] = {
	[INC_NONE] = N_("not reported"),
#define WG_INCIDENT_STATE_NAME(id, code, name) [INC_##id] = name,
	WG_INCIDENT_STATES(WG_INCIDENT_STATE_NAME)
#undef WG_INCIDENT_STATE_NAME
};

static const struct {
	const char *code, *zh;
} action_names[INC_ACT_COUNT] = {
#define WG_INCIDENT_ACTION_NAME(id, code, zh, help) [INC_ACT_##id] = { code, zh },
	WG_INCIDENT_ACTIONS(WG_INCIDENT_ACTION_NAME)
#undef WG_INCIDENT_ACTION_NAME
};

const char *incident_state_code(enum wg_incident_state s)
{
	return (unsigned)s < INC_STATE_COUNT ? state_codes[s] : "";
}

const char *incident_state_name(enum wg_incident_state s)
{
	return _((unsigned)s < INC_STATE_COUNT ? state_names[s] : state_names[INC_NONE]);
}

enum wg_incident_state incident_state_from_code(const char *code)
{
	for (unsigned i = INC_NONE + 1; code && i < INC_STATE_COUNT; i++)
		if (STREQ(code, state_codes[i]) || STREQ(code, _(state_names[i])))
			return (enum wg_incident_state)i;
	return INC_NONE;
}

const char *incident_action_code(enum wg_incident_action a)
{
	return (unsigned)a < INC_ACT_COUNT ? action_names[a].code : "";
}

const char *incident_action_name(enum wg_incident_action a)
{
	return (unsigned)a < INC_ACT_COUNT ? action_names[a].zh : "";
}

bool incident_action_parse(const char *word, enum wg_incident_action *out)
{
	for (unsigned i = 0; word && i < INC_ACT_COUNT; i++) {
		if (STREQ(word, action_names[i].code) || STREQ(word, action_names[i].zh)) {
			*out = (enum wg_incident_action)i;
			return true;
		}
	}
	return false;
}

/* ---- the workflow table ---- */

enum who {
	WHO_SCOPE = 1 << 0,    /* a grid worker of the incident's grid */
	WHO_HANDLER = 1 << 1,  /* its current handler */
	WHO_LEADER = 1 << 2,   /* a leader of its community, or an admin */
};

enum need {
	NEED_REASON = 1 << 0,
	NEED_HANDLER = 1 << 1,
	NEED_RATING = 1 << 2,
	NEED_DAYS = 1 << 3,
};

enum cond {
	COND_NONE,
	COND_RATING_GOOD,      /* satisfied or basically satisfied */
	COND_RATING_BAD,       /* unsatisfied: reopens */
	COND_BELOW_TOP,        /* there is a level above */
	COND_NOT_URGENT,
	COND_NOT_SUPERVISED,
};

struct transition {
	enum wg_incident_action action;
	enum wg_incident_state from;
	enum wg_incident_state to;     /* INC_NONE: stays where it is */
	unsigned who;
	unsigned needs;
	enum cond cond;
};

#define A(x) INC_ACT_##x
#define S(x) INC_##x
static const struct transition transitions[] = {
	{ A(REPORT),    S(NONE),        S(REPORTED),    WHO_SCOPE | WHO_LEADER, 0, COND_NONE },
	{ A(ACCEPT),    S(REPORTED),    S(ACCEPTED),    WHO_SCOPE | WHO_LEADER, 0, COND_NONE },
	{ A(START),     S(ACCEPTED),    S(IN_PROGRESS), WHO_HANDLER | WHO_LEADER, 0, COND_NONE },
	{ A(RESOLVE),   S(IN_PROGRESS), S(RESOLVED),    WHO_HANDLER | WHO_LEADER, 0, COND_NONE },
	{ A(CLOSE),     S(RESOLVED),    S(CLOSED),      WHO_LEADER, NEED_RATING, COND_RATING_GOOD },
	{ A(CLOSE),     S(RESOLVED),    S(IN_PROGRESS), WHO_LEADER, NEED_RATING, COND_RATING_BAD },
	{ A(REOPEN),    S(RESOLVED),    S(IN_PROGRESS), WHO_LEADER, NEED_REASON, COND_NONE },
	{ A(REOPEN),    S(CLOSED),      S(IN_PROGRESS), WHO_LEADER, NEED_REASON, COND_NONE },
	{ A(ESCALATE),  S(REPORTED),    S(ACCEPTED),    WHO_LEADER, NEED_HANDLER, COND_BELOW_TOP },
	{ A(ESCALATE),  S(ACCEPTED),    S(ACCEPTED),    WHO_LEADER, NEED_HANDLER, COND_BELOW_TOP },
	{ A(ESCALATE),  S(IN_PROGRESS), S(ACCEPTED),    WHO_LEADER, NEED_HANDLER, COND_BELOW_TOP },
	{ A(RETURN),    S(ACCEPTED),    S(REPORTED),    WHO_HANDLER | WHO_LEADER, NEED_REASON, COND_NONE },
	{ A(RETURN),    S(IN_PROGRESS), S(ACCEPTED),    WHO_HANDLER | WHO_LEADER, NEED_REASON, COND_NONE },
	{ A(RETURN),    S(RESOLVED),    S(IN_PROGRESS), WHO_LEADER, NEED_REASON, COND_NONE },
	{ A(EXTEND),    S(ACCEPTED),    S(NONE),        WHO_LEADER, NEED_REASON | NEED_DAYS, COND_NONE },
	{ A(EXTEND),    S(IN_PROGRESS), S(NONE),        WHO_LEADER, NEED_REASON | NEED_DAYS, COND_NONE },
	{ A(SUPERVISE), S(REPORTED),    S(NONE),        WHO_LEADER, 0, COND_NOT_SUPERVISED },
	{ A(SUPERVISE), S(ACCEPTED),    S(NONE),        WHO_LEADER, 0, COND_NOT_SUPERVISED },
	{ A(SUPERVISE), S(IN_PROGRESS), S(NONE),        WHO_LEADER, 0, COND_NOT_SUPERVISED },
	{ A(SUPERVISE), S(RESOLVED),    S(NONE),        WHO_LEADER, 0, COND_NOT_SUPERVISED },
	{ A(URGENT),    S(REPORTED),    S(NONE),        WHO_SCOPE | WHO_HANDLER | WHO_LEADER, 0, COND_NOT_URGENT },
	{ A(URGENT),    S(ACCEPTED),    S(NONE),        WHO_SCOPE | WHO_HANDLER | WHO_LEADER, 0, COND_NOT_URGENT },
	{ A(URGENT),    S(IN_PROGRESS), S(NONE),        WHO_SCOPE | WHO_HANDLER | WHO_LEADER, 0, COND_NOT_URGENT },
};
#undef A
#undef S

bool incident_transition_exists(enum wg_incident_state from, enum wg_incident_action a)
{
	for (size_t i = 0; i < ARRAY_SIZE(transitions); i++)
		if (transitions[i].action == a && transitions[i].from == from)
			return true;
	return false;
}

static bool rating_good(const char *code)
{
	return code && !STREQ(code, "unsatisfied");
}

static bool cond_holds(const struct wg_config *cfg, const struct transition *t,
	const struct wg_incident *inc, const char *rating)
{
	size_t i;

	switch (t->cond) {
	case COND_NONE:
		return true;
	case COND_RATING_GOOD:
		return rating && rating_good(rating);
	case COND_RATING_BAD:
		return rating && !rating_good(rating);
	case COND_BELOW_TOP:
		for (i = 0; i + 1 < cfg->n_levels; i++)
			if (inc->level && STREQ(cfg->levels[i].code, inc->level))
				return true;
		return false;
	case COND_NOT_URGENT:
		return !inc->urgent;
	case COND_NOT_SUPERVISED:
		return !inc->supervised;
	}
	return false;
}

static unsigned actor_who(struct wg_db *db, const struct wg_actor *actor,
	const struct wg_incident *inc)
{
	unsigned who = 0;

	if (!actor->worker_id)
		return 0;
	if (inc->handler_id && STREQ(inc->handler_id, actor->worker_id))
		who |= WHO_HANDLER;
	if (actor->role == ROLE_ADMIN)
		who |= WHO_LEADER;
	else if (inc->grid_code && access_in_scope(db, actor, inc->grid_code))
		who |= actor->role == ROLE_LEADER ? WHO_LEADER : WHO_SCOPE;
	return who;
}

size_t incident_allowed_actions(struct wg_db *db, const struct wg_actor *actor,
	const struct wg_incident *inc, enum wg_incident_action out[INC_ACT_COUNT])
{
	unsigned who = actor_who(db, actor, inc);
	size_t n = 0, i, j;

	for (i = 0; i < ARRAY_SIZE(transitions); i++) {
		const struct transition *t = &transitions[i];

		if (t->from != inc->state || !(t->who & who) || t->action == INC_ACT_REPORT)
			continue;
		if ((t->cond == COND_NOT_URGENT && inc->urgent) ||
				(t->cond == COND_NOT_SUPERVISED && inc->supervised))
			continue;
		for (j = 0; j < n && out[j] != t->action; j++)
			;
		if (j == n)
			out[n++] = t->action;
	}
	return n;
}

/* "受理 accept, 退回 return" for messages: the steps the table has from state. */
static char *steps_from(enum wg_incident_state state)
{
	struct strbuf sb;
	bool seen[INC_ACT_COUNT] = { false };

	sb_init(&sb);
	for (size_t i = 0; i < ARRAY_SIZE(transitions); i++) {
		const struct transition *t = &transitions[i];

		if (t->from != state || seen[t->action])
			continue;
		seen[t->action] = true;
		if (sb.len)
			sb_add(&sb, ", ");
		sb_addf(&sb, "%s %s", action_names[t->action].zh, action_names[t->action].code);
	}
	if (!sb.len)
		sb_add(&sb, _("none"));
	return sb_detach(&sb);
}

static char *who_text(unsigned who)
{
	struct strbuf sb;

	sb_init(&sb);
	if (who & WHO_SCOPE)
		sb_add(&sb, _("a worker of its grid"));
	if (who & WHO_HANDLER) {
		if (sb.len)
			sb_add(&sb, _(" or "));
		sb_add(&sb, _("its handler"));
	}
	if (who & WHO_LEADER) {
		if (sb.len)
			sb_add(&sb, _(" or "));
		sb_add(&sb, _("a leader of its community"));
	}
	return sb_detach(&sb);
}

/* ---- deadlines ---- */

void incident_deadline(const struct wg_config *cfg, const char *type, bool urgent,
	const char *from, char out[11])
{
	const struct wg_incident_type *t = config_incident_type(cfg, type);
	int days = t ? t->deadline_days : 7;
	int32_t base = wg_date_days(from);

	if (urgent)
		days = (days * cfg->urgent_deadline_percent + 99) / 100;
	if (days < 1)
		days = 1;
	if (base == INT32_MIN) {
		char today[11];

		wg_today(today);
		base = wg_date_days(today);
	}
	wg_date_from_days(base + days, out);
}

/* ---- loading ---- */

#define INCIDENT_COLUMNS \
	"i.id, i.seq, i.type, i.urgent, i.level, i.status, i.grid_code, i.household_id," \
	" i.place, i.text, i.reported_by, i.reported_at, i.handler_id, w.name, i.deadline," \
	" i.supervised, i.rating, i.resolved_at, i.closed_at"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void load_row(struct db_stmt *st, struct wg_incident *inc, const char *today)
{
	memset(inc, 0, sizeof(*inc));
	inc->id = xstrdup(db_text(st, 0));
	inc->seq = db_int(st, 1);
	inc->type = xstrdup(db_text(st, 2));
	inc->urgent = db_int(st, 3) != 0;
	inc->level = xstrdup(db_text(st, 4));
	inc->state = incident_state_from_code(db_text(st, 5));
	inc->grid_code = dup_or_null(db_text(st, 6));
	inc->household_id = dup_or_null(db_text(st, 7));
	inc->place = dup_or_null(db_text(st, 8));
	inc->text = xstrdup(db_text(st, 9));
	inc->reported_by = dup_or_null(db_text(st, 10));
	inc->reported_at = xstrdup(db_text(st, 11));
	inc->handler_id = dup_or_null(db_text(st, 12));
	inc->handler_name = dup_or_null(db_text(st, 13));
	snprintf(inc->deadline, sizeof(inc->deadline), "%s", db_text(st, 14) ? db_text(st, 14) : "");
	inc->supervised = db_int(st, 15) != 0;
	inc->rating = dup_or_null(db_text(st, 16));
	inc->resolved_at = dup_or_null(db_text(st, 17));
	inc->closed_at = dup_or_null(db_text(st, 18));
	if (inc->deadline[0]) {
		inc->days_left = (int)(wg_date_days(inc->deadline) - wg_date_days(today));
		inc->overdue = inc->days_left < 0 &&
			(inc->state == INC_REPORTED || inc->state == INC_ACCEPTED ||
			 inc->state == INC_IN_PROGRESS);
	}
}

void incident_free(struct wg_incident *inc)
{
	free(inc->id);
	free(inc->type);
	free(inc->level);
	free(inc->grid_code);
	free(inc->household_id);
	free(inc->place);
	free(inc->text);
	free(inc->reported_by);
	free(inc->reported_at);
	free(inc->handler_id);
	free(inc->handler_name);
	free(inc->rating);
	free(inc->resolved_at);
	free(inc->closed_at);
	memset(inc, 0, sizeof(*inc));
}

enum wg_status incident_get(struct wg_db *db, int64_t seq, struct wg_incident *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " INCIDENT_COLUMNS " FROM incident i"
		" LEFT JOIN worker w ON w.id = i.handler_id WHERE i.seq = ?1");
	enum wg_status rc = WG_OK;
	char today[11];

	memset(out, 0, sizeof(*out));
	wg_today(today);
	db_bind_int(st, 1, seq);
	if (db_row(st))
		load_row(st, out, today);
	else if (db_status(st) == WG_OK)
		rc = wg_error_set(WG_NOT_FOUND, _("no incident #%lld; `wangge incident "
			"list` shows them"), (long long)seq);
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	return rc;
}

/* ---- writing ---- */

static bool worker_exists(struct wg_db *db, const char *id)
{
	return db_get_int(db, "SELECT count(*) FROM worker WHERE id = ?1 AND departed_at IS NULL",
		id, 0) > 0;
}

/* Append the event, update nothing else: callers update the incident row first. */
static enum wg_status add_event(struct wg_db *db, const struct wg_incident *after,
	const struct wg_actor *actor, enum wg_incident_action a, enum wg_incident_state from,
	const char *at, const char *rating, const char *note)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO incident_event (id, incident_id, at,"
		" by_worker, action, from_status, to_status, handler_id, deadline, level, rating,"
		" note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	char id[37];
	char *detail;
	enum wg_status rc;

	wg_uuid(id);
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, after->id);
	db_bind_text(st, 3, at);
	db_bind_text(st, 4, actor->worker_id);
	db_bind_text(st, 5, action_names[a].code);
	db_bind_text(st, 6, from == INC_NONE ? NULL : state_codes[from]);
	db_bind_text(st, 7, state_codes[after->state]);
	db_bind_text(st, 8, after->handler_id);
	db_bind_text(st, 9, after->deadline[0] ? after->deadline : NULL);
	db_bind_text(st, 10, after->level);
	db_bind_text(st, 11, rating);
	db_bind_text(st, 12, note && *note ? note : NULL);
	rc = db_run(st);
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	if (rc != WG_OK)
		return rc;
	detail = xasprintf("#%" PRId64 " %s %s->%s", after->seq, action_names[a].code,
		from == INC_NONE ? "-" : state_codes[from], state_codes[after->state]);
	rc = audit_log(db, actor->worker_id, a == INC_ACT_REPORT ? "incident.report" :
		"incident.step", after->id, detail);
	free(detail);
	return rc;
}

enum wg_status incident_report(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, const struct wg_incident_new *in, int64_t *seq_out)
{
	const struct wg_incident_type *type = in->type ? config_incident_type(cfg, in->type) : NULL;
	struct wg_incident inc = { 0 };
	struct db_stmt *st;
	char id[37], now[20];
	char *grid = NULL;
	unsigned who;
	enum wg_status rc;

	if (!type) {
		struct strbuf known;

		sb_init(&known);
		for (size_t i = 0; i < cfg->n_incident_types; i++)
			sb_addf(&known, "%s%s %s", i ? ", " : "", cfg->incident_types[i].code,
				cfg->incident_types[i].name);
		rc = wg_error_set(WG_INVALID, _("unknown incident type '%s'; the types are: %s"),
			in->type ? in->type : "", known.buf ? known.buf : "");
		sb_free(&known);
		return rc;
	}
	if (!in->text || !*in->text)
		return wg_error_set(WG_USAGE, _("say what happened: the incident needs a text"));
	if (in->household_id) {
		grid = db_get_text(db, "SELECT b.grid_code FROM household h JOIN building b"
			" ON b.id = h.building_id WHERE h.id = ?1", in->household_id);
		if (!grid)
			return wg_error_set(WG_NOT_FOUND, _("no household with id %s; `wangge find` "
				"looks one up"), in->household_id);
		if (in->grid_code && !STREQ(in->grid_code, grid)) {
			rc = wg_error_set(WG_INVALID, _("household %s is in grid %s, not %s"),
				in->household_id, grid, in->grid_code);
			free(grid);
			return rc;
		}
	} else if (in->grid_code) {
		if (db_get_int(db, "SELECT count(*) FROM grid WHERE code = ?1", in->grid_code, 0) == 0)
			return wg_error_set(WG_NOT_FOUND, _("no grid with code %s; `wangge stats` "
				"lists them"), in->grid_code);
		grid = xstrdup(in->grid_code);
	} else {
		return wg_error_set(WG_USAGE, _("say where: give the household or the grid of "
			"the incident"));
	}

	inc.grid_code = grid;
	inc.state = INC_NONE;
	who = actor_who(db, actor, &inc);
	if (!(who & (WHO_SCOPE | WHO_LEADER))) {
		rc = wg_error_set(WG_DENIED, _("only a worker of grid %s or a leader of its "
			"community may report incidents there; use --as WORKER"), grid);
		free(grid);
		return rc;
	}

	if ((rc = db_begin(db)) != WG_OK) {
		free(grid);
		return rc;
	}
	wg_uuid(id);
	wg_now(now);
	inc.id = id;
	inc.seq = db_get_int(db, "SELECT coalesce(max(seq), 0) + 1 FROM incident", NULL, 1);
	inc.state = INC_REPORTED;
	inc.level = cfg->n_levels ? cfg->levels[0].code : (char *)"grid";
	st = db_prepare(db, "INSERT INTO incident (id, seq, type, urgent, level, status,"
		" grid_code, household_id, place, text, reported_by, reported_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
	db_bind_text(st, 1, id);
	db_bind_int(st, 2, inc.seq);
	db_bind_text(st, 3, type->code);
	db_bind_int(st, 4, in->urgent);
	db_bind_text(st, 5, inc.level);
	db_bind_text(st, 6, state_codes[INC_REPORTED]);
	db_bind_text(st, 7, grid);
	db_bind_text(st, 8, in->household_id);
	db_bind_text(st, 9, in->place && *in->place ? in->place : NULL);
	db_bind_text(st, 10, in->text);
	db_bind_text(st, 11, actor->worker_id);
	db_bind_text(st, 12, now);
	rc = db_run(st);
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	if (rc == WG_OK)
		rc = add_event(db, &inc, actor, INC_ACT_REPORT, INC_NONE, now, NULL,
			in->urgent ? _("urgent") : NULL);
	if (rc == WG_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
	if (rc == WG_OK && seq_out)
		*seq_out = inc.seq;
	free(grid);
	return rc;
}

static const struct transition *find_transition(const struct wg_config *cfg,
	const struct wg_incident *inc, const struct wg_incident_step *step, const char *rating)
{
	const struct transition *any = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(transitions); i++) {
		const struct transition *t = &transitions[i];

		if (t->action != step->action || t->from != inc->state)
			continue;
		if (!any)
			any = t;
		if (cond_holds(cfg, t, inc, rating))
			return t;
	}
	return any;   /* the row exists but its condition fails: the caller says why */
}

static enum wg_status check_needs(const struct wg_config *cfg, const struct transition *t,
	const struct wg_incident *inc, const struct wg_incident_step *step, const char *rating)
{
	const char *act = action_names[t->action].zh;

	if ((t->needs & NEED_RATING) && !rating)
		return wg_error_set(WG_USAGE, _("%s needs the rating of the feedback visit: "
			"--rating satisfied|basically|unsatisfied"), act);
	if ((t->needs & NEED_REASON) && (!step->note || !*step->note))
		return wg_error_set(WG_USAGE, _("%s needs a reason: --reason TEXT"), act);
	if ((t->needs & NEED_HANDLER) && !step->handler_id)
		return wg_error_set(WG_USAGE, _("%s needs the handler who takes it over: "
			"--handler WORKER"), act);
	if ((t->needs & NEED_DAYS) && step->days <= 0)
		return wg_error_set(WG_USAGE, _("%s needs the number of days: --days N (1 or "
			"more)"), act);
	if (!cond_holds(cfg, t, inc, rating)) {
		switch (t->cond) {
		case COND_BELOW_TOP:
			return wg_error_set(WG_STATE, _("#%lld is already at the highest "
				"level (%s): it cannot be escalated further"), (long long)inc->seq, inc->level);
		case COND_NOT_URGENT:
			return wg_error_set(WG_STATE, _("#%lld is urgent already"),
				(long long)inc->seq);
		case COND_NOT_SUPERVISED:
			return wg_error_set(WG_STATE, _("#%lld is under supervision already"),
				(long long)inc->seq);
		default:
			return wg_error_set(WG_STATE, _("%s is not possible for #%lld"),
				act, (long long)inc->seq);
		}
	}
	return WG_OK;
}

enum wg_status incident_step(struct wg_db *db, const struct wg_config *cfg,
	const struct wg_actor *actor, int64_t seq, const struct wg_incident_step *step)
{
	struct wg_incident inc;
	const struct transition *t;
	const struct wg_named *rating = NULL;
	enum wg_incident_state from;
	struct db_stmt *st;
	char now[20], today[11];
	char *handler = NULL, *level = NULL;
	unsigned who;
	enum wg_status rc;

	if ((unsigned)step->action >= INC_ACT_COUNT || step->action == INC_ACT_REPORT)
		return wg_error_set(WG_USAGE, _("not a step: use incident_report to report"));
	if (step->rating) {
		rating = config_named(cfg->ratings, cfg->n_ratings, step->rating);
		if (!rating)
			return wg_error_set(WG_USAGE, _("unknown rating '%s': satisfied, basically "
				"or unsatisfied"), step->rating);
	}
	/* Read inside the write transaction, so two people stepping at once see each
	 * other's step. */
	if ((rc = db_begin(db)) != WG_OK)
		return rc;
	if ((rc = incident_get(db, seq, &inc)) != WG_OK) {
		db_rollback(db);
		return rc;
	}
	from = inc.state;
	t = find_transition(cfg, &inc, step, rating ? rating->code : NULL);
	if (!t) {
		char *allowed = steps_from(inc.state);

		rc = wg_error_set(WG_STATE, _("#%lld is %s: %s (%s) is not possible "
			"there; possible steps: %s"), (long long)seq, incident_state_name(inc.state),
			action_names[step->action].zh, action_names[step->action].code, allowed);
		free(allowed);
		goto fail;
	}
	who = actor_who(db, actor, &inc);
	if (!(t->who & who)) {
		char *need = who_text(t->who);

		rc = wg_error_set(WG_DENIED, _("%s on #%lld is for %s%s"),
			action_names[t->action].zh, (long long)seq, need,
			actor->worker_id ? "" : _("; act as one with --as WORKER"));
		free(need);
		goto fail;
	}
	if ((rc = check_needs(cfg, t, &inc, step, rating ? rating->code : NULL)) != WG_OK)
		goto fail;
	if (step->handler_id && !worker_exists(db, step->handler_id)) {
		rc = wg_error_set(WG_NOT_FOUND, _("no worker with id %s"), step->handler_id);
		goto fail;
	}

	wg_now(now);
	wg_today(today);
	switch (t->action) {
	case INC_ACT_ACCEPT:
		/* A worker takes it on themself; a leader may assign someone else. */
		if (step->handler_id && !STREQ(step->handler_id, actor->worker_id) &&
				!(who & WHO_LEADER)) {
			rc = wg_error_set(WG_DENIED, _("only a leader may assign #%lld"
				" to someone else; accept it yourself without --handler"), (long long)seq);
			goto fail;
		}
		handler = xstrdup(step->handler_id ? step->handler_id : actor->worker_id);
		incident_deadline(cfg, inc.type, inc.urgent, today, inc.deadline);
		break;
	case INC_ACT_ESCALATE:
		for (size_t i = 0; i + 1 < cfg->n_levels; i++)
			if (STREQ(cfg->levels[i].code, inc.level))
				level = xstrdup(cfg->levels[i + 1].code);
		handler = xstrdup(step->handler_id);
		incident_deadline(cfg, inc.type, inc.urgent, today, inc.deadline);
		break;
	case INC_ACT_EXTEND:
		wg_date_from_days(wg_date_days(inc.deadline) + step->days, inc.deadline);
		break;
	case INC_ACT_URGENT:
		inc.urgent = true;
		if (inc.deadline[0]) {
			char sooner[11];

			incident_deadline(cfg, inc.type, true, today, sooner);
			if (strcmp(sooner, inc.deadline) < 0)
				memcpy(inc.deadline, sooner, sizeof(sooner));
		}
		break;
	case INC_ACT_SUPERVISE:
		inc.supervised = true;
		break;
	case INC_ACT_RETURN:
		if (t->to == INC_REPORTED) {   /* back before acceptance: nobody holds it */
			free(inc.handler_id);
			inc.handler_id = NULL;
			inc.deadline[0] = '\0';
		}
		break;
	default:
		break;
	}
	if (handler) {
		free(inc.handler_id);
		inc.handler_id = handler;
	}
	if (level) {
		free(inc.level);
		inc.level = level;
	}
	if (t->to != INC_NONE)
		inc.state = t->to;
	if (inc.state == INC_RESOLVED && from != INC_RESOLVED) {
		free(inc.resolved_at);
		inc.resolved_at = xstrdup(now);
	} else if (inc.state == INC_IN_PROGRESS || inc.state == INC_ACCEPTED ||
			inc.state == INC_REPORTED) {
		free(inc.resolved_at);
		inc.resolved_at = NULL;
		free(inc.closed_at);
		inc.closed_at = NULL;
	}
	if (inc.state == INC_CLOSED) {
		free(inc.closed_at);
		inc.closed_at = xstrdup(now);
	}
	if (rating) {
		free(inc.rating);
		inc.rating = xstrdup(rating->code);
	}

	st = db_prepare(db, "UPDATE incident SET status = ?2, level = ?3, handler_id = ?4,"
		" deadline = ?5, urgent = ?6, supervised = ?7, rating = ?8, resolved_at = ?9,"
		" closed_at = ?10, updated_at = ?11, version = version + 1 WHERE id = ?1");
	db_bind_text(st, 1, inc.id);
	db_bind_text(st, 2, state_codes[inc.state]);
	db_bind_text(st, 3, inc.level);
	db_bind_text(st, 4, inc.handler_id);
	db_bind_text(st, 5, inc.deadline[0] ? inc.deadline : NULL);
	db_bind_int(st, 6, inc.urgent);
	db_bind_int(st, 7, inc.supervised);
	db_bind_text(st, 8, inc.rating);
	db_bind_text(st, 9, inc.resolved_at);
	db_bind_text(st, 10, inc.closed_at);
	db_bind_text(st, 11, now);
	rc = db_run(st);
	if (db_finish(st) != WG_OK && rc == WG_OK)
		rc = WG_DB;
	if (rc == WG_OK)
		rc = add_event(db, &inc, actor, t->action, from, now,
			rating ? rating->code : NULL, step->note);
	if (rc != WG_OK)
		goto fail;
	rc = db_commit(db);
	incident_free(&inc);
	return rc;
fail:
	db_rollback(db);
	incident_free(&inc);
	return rc;
}

/* ---- history and lists ---- */

enum wg_status incident_events(struct wg_db *db, int64_t seq,
	struct wg_incident_event **out, size_t *n)
{
	struct db_stmt *st = db_prepare(db, "SELECT e.at, e.by_worker, w.name, e.action,"
		" e.from_status, e.to_status, e.handler_id, e.deadline, e.level, e.rating, e.note"
		" FROM incident_event e JOIN incident i ON i.id = e.incident_id"
		" LEFT JOIN worker w ON w.id = e.by_worker"
		" WHERE i.seq = ?1 ORDER BY e.at, e.rowid");
	struct wg_incident_event *ev = NULL;
	size_t cap = 0;
	enum wg_status rc;

	*n = 0;
	db_bind_int(st, 1, seq);
	while (db_row(st)) {
		struct wg_incident_event *e;

		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			ev = xrealloc(ev, cap * sizeof(*ev));
		}
		e = &ev[(*n)++];
		e->at = xstrdup(db_text(st, 0));
		e->by_worker = dup_or_null(db_text(st, 1));
		e->by_name = dup_or_null(db_text(st, 2));
		e->action = xstrdup(db_text(st, 3));
		e->from_status = dup_or_null(db_text(st, 4));
		e->to_status = xstrdup(db_text(st, 5));
		e->handler_id = dup_or_null(db_text(st, 6));
		e->deadline = dup_or_null(db_text(st, 7));
		e->level = dup_or_null(db_text(st, 8));
		e->rating = dup_or_null(db_text(st, 9));
		e->note = dup_or_null(db_text(st, 10));
	}
	rc = db_finish(st);
	if (rc != WG_OK) {
		incident_events_free(ev, *n);
		ev = NULL;
		*n = 0;
	}
	*out = ev;
	return rc;
}

void incident_events_free(struct wg_incident_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].at);
		free(ev[i].by_worker);
		free(ev[i].by_name);
		free(ev[i].action);
		free(ev[i].from_status);
		free(ev[i].to_status);
		free(ev[i].handler_id);
		free(ev[i].deadline);
		free(ev[i].level);
		free(ev[i].rating);
		free(ev[i].note);
	}
	free(ev);
}

static const char *const list_scope[] = {
	[INC_SCOPE_ALL] = "1",
	[INC_SCOPE_STREET] = "i.grid_code IN (SELECT g.code FROM grid g JOIN community c"
		" ON c.code = g.community_code WHERE c.street_code = ?1)",
	[INC_SCOPE_COMMUNITY] = "i.grid_code IN (SELECT code FROM grid WHERE community_code = ?1)",
	[INC_SCOPE_GRID] = "i.grid_code = ?1",
	[INC_SCOPE_WORKER] = "(i.handler_id = ?1 OR i.grid_code IN"
		" (SELECT grid_code FROM grid_worker WHERE worker_id = ?1))",
	[INC_SCOPE_HANDLER] = "i.handler_id = ?1",
};

enum wg_status incident_list(struct wg_db *db, const struct wg_incident_filter *f,
	struct wg_incident **out, size_t *n)
{
	struct wg_incident *list = NULL;
	size_t cap = 0;
	struct db_stmt *st;
	char today[11];
	char *sql;
	enum wg_status rc;

	*out = NULL;
	*n = 0;
	if ((unsigned)f->scope >= ARRAY_SIZE(list_scope))
		return wg_error_set(WG_USAGE, _("unknown scope for the incident list"));
	wg_today(today);
	sql = xasprintf("SELECT " INCIDENT_COLUMNS " FROM incident i"
		" LEFT JOIN worker w ON w.id = i.handler_id WHERE %s"
		" AND (?2 IS NULL OR i.status = ?2) AND (?3 IS NULL OR i.type = ?3)"
		" AND (?4 IS NULL OR i.level = ?4) AND (?5 = 0 OR i.status <> 'closed')"
		" AND (?6 = 0 OR (i.status IN ('reported', 'accepted', 'in_progress')"
		"   AND i.deadline < ?7))"
		" ORDER BY (i.status IN ('reported', 'accepted', 'in_progress')"
		"   AND i.deadline < ?7) DESC, i.deadline IS NULL, i.deadline, i.seq",
		list_scope[f->scope]);
	st = db_prepare(db, sql);
	free(sql);
	db_bind_text(st, 1, f->code);
	db_bind_text(st, 2, f->state == INC_NONE ? NULL : incident_state_code(f->state));
	db_bind_text(st, 3, f->type);
	db_bind_text(st, 4, f->level);
	db_bind_int(st, 5, f->open_only);
	db_bind_int(st, 6, f->overdue_only);
	db_bind_text(st, 7, today);
	while (db_row(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, cap * sizeof(*list));
		}
		load_row(st, &list[(*n)++], today);
	}
	rc = db_finish(st);
	if (rc != WG_OK) {
		incident_list_free(list, *n);
		list = NULL;
		*n = 0;
	}
	*out = list;
	return rc;
}

void incident_list_free(struct wg_incident *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		incident_free(&list[i]);
	free(list);
}
