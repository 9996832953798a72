/* The incident workflow: every (state, action) pair for every kind of actor against an
 * expectation written out here independently of incident.c's table; deadlines (urgent,
 * extension, escalation); ratings; reasons; history and audit; reporting; lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/config.h"
#include "wangge/incident.h"
#include "wangge/store.h"
#include "hh_fixture.h"

#include <unistd.h>

struct fx {
	char dir[64];
	struct wg_db *db;
	struct wg_config *cfg;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *path;

	strcpy(fx->dir, "/tmp/wangge-incident-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	path = xasprintf("%s/w.db", fx->dir);
	assert_int_equal(store_open(path, &fx->db), WG_OK);
	free(path);
	assert_int_equal(db_exec(fx->db, hh_fixture_sql), WG_OK);
	/* a second worker of G1 (not the handler), and an admin */
	assert_int_equal(db_exec(fx->db, "INSERT INTO worker (id, name, role) VALUES"
		" ('WS004', '第二员', 'worker'), ('WA', '管理员', 'admin');"
		"INSERT INTO grid_worker VALUES ('" G1 "', 'WS004');"), WG_OK);
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&fx->cfg), WG_OK);
	setenv("WANGGE_TODAY", "2026-03-14", 1);
	setenv("WANGGE_NOW", "2026-03-14 09:00:00", 1);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char *cmd = xasprintf("rm -rf '%s'", fx->dir);

	store_close(fx->db);
	config_free(fx->cfg);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx);
	unsetenv("WANGGE_TODAY");
	unsetenv("WANGGE_NOW");
	return 0;
}

static void as(struct fx *fx, const char *worker, struct wg_actor *a)
{
	if (worker)
		assert_int_equal(actor_load(fx->db, worker, a), WG_OK);
	else
		actor_nobody(a);
}

/* An incident put straight into a state (handler WS002, grid level, deadline 03-20). */
static int64_t incident_in(struct fx *fx, const char *status)
{
	static int64_t next = 1000;
	int64_t seq = next++;
	char *sql = xasprintf("INSERT INTO incident (id, seq, type, level, status, grid_code,"
		" household_id, text, reported_by, reported_at, handler_id, deadline, updated_at)"
		" VALUES ('id-%" PRId64 "', %" PRId64 ", 'dispute', 'grid', '%s', '" G1 "', '" H1 "',"
		" '邻里噪音纠纷', 'WS002', '2026-03-10 08:00:00', %s, %s, '2026-03-10 08:00:00')",
		seq, seq, status, STREQ(status, "reported") ? "NULL" : "'WS002'",
		STREQ(status, "reported") ? "NULL" : "'2026-03-20'");

	assert_int_equal(db_exec(fx->db, sql), WG_OK);
	free(sql);
	return seq;
}

/* Who may, written out from the issue, independently of the core's table. */
enum { W_SCOPE = 1, W_HANDLER = 2, W_LEADER = 4 };

struct expect {
	const char *state;
	enum wg_incident_action action;
	unsigned who;
	const char *to;
};

static const struct expect expected[] = {
	{ "reported", INC_ACT_ACCEPT, W_SCOPE | W_LEADER, "accepted" },
	{ "reported", INC_ACT_ESCALATE, W_LEADER, "accepted" },
	{ "reported", INC_ACT_SUPERVISE, W_LEADER, "reported" },
	{ "reported", INC_ACT_URGENT, W_SCOPE | W_HANDLER | W_LEADER, "reported" },
	{ "accepted", INC_ACT_START, W_HANDLER | W_LEADER, "in_progress" },
	{ "accepted", INC_ACT_ESCALATE, W_LEADER, "accepted" },
	{ "accepted", INC_ACT_RETURN, W_HANDLER | W_LEADER, "reported" },
	{ "accepted", INC_ACT_EXTEND, W_LEADER, "accepted" },
	{ "accepted", INC_ACT_SUPERVISE, W_LEADER, "accepted" },
	{ "accepted", INC_ACT_URGENT, W_SCOPE | W_HANDLER | W_LEADER, "accepted" },
	{ "in_progress", INC_ACT_RESOLVE, W_HANDLER | W_LEADER, "resolved" },
	{ "in_progress", INC_ACT_ESCALATE, W_LEADER, "accepted" },
	{ "in_progress", INC_ACT_RETURN, W_HANDLER | W_LEADER, "accepted" },
	{ "in_progress", INC_ACT_EXTEND, W_LEADER, "in_progress" },
	{ "in_progress", INC_ACT_SUPERVISE, W_LEADER, "in_progress" },
	{ "in_progress", INC_ACT_URGENT, W_SCOPE | W_HANDLER | W_LEADER, "in_progress" },
	{ "resolved", INC_ACT_CLOSE, W_LEADER, "closed" },
	{ "resolved", INC_ACT_REOPEN, W_LEADER, "in_progress" },
	{ "resolved", INC_ACT_RETURN, W_LEADER, "in_progress" },
	{ "resolved", INC_ACT_SUPERVISE, W_LEADER, "resolved" },
	{ "closed", INC_ACT_REOPEN, W_LEADER, "in_progress" },
};

/* The actors: what each counts as on an incident of G1 handled by WS002. */
static const struct {
	const char *worker;
	unsigned is;
} actors[] = {
	{ NULL, 0 },                          /* the command line without --as */
	{ "WS002", W_SCOPE | W_HANDLER },     /* worker of G1, the handler */
	{ "WS004", W_SCOPE },                 /* worker of G1 */
	{ "WS003", 0 },                       /* worker of G2 */
	{ "WS001", W_LEADER },                /* leader of the community */
	{ "WA", W_LEADER },                   /* admin */
};

static const char *const states[] = { "reported", "accepted", "in_progress", "resolved",
	"closed" };

static void test_every_state_action_and_role(void **state)
{
	struct fx *fx = *state;
	struct wg_incident_step step = { .handler_id = "WS001", .rating = "satisfied",
		.note = "理由", .days = 3 };
	size_t s, a, x, e, checked = 0;

	for (s = 0; s < ARRAY_SIZE(states); s++) {
		for (a = INC_ACT_ACCEPT; a < INC_ACT_COUNT; a++) {
			const struct expect *want = NULL;

			for (e = 0; e < ARRAY_SIZE(expected); e++)
				if (STREQ(expected[e].state, states[s]) && expected[e].action == a)
					want = &expected[e];
			assert_int_equal(incident_transition_exists(incident_state_from_code(states[s]),
				(enum wg_incident_action)a), want != NULL);
			for (x = 0; x < ARRAY_SIZE(actors); x++) {
				int64_t seq = incident_in(fx, states[s]);
				int64_t events = db_get_int(fx->db, "SELECT count(*) FROM incident_event",
					NULL, 0);
				int64_t audits = db_get_int(fx->db, "SELECT count(*) FROM audit", NULL, 0);
				struct wg_actor actor;
				enum wg_status rc, rc_want;
				char *status;

				as(fx, actors[x].worker, &actor);
				step.action = (enum wg_incident_action)a;
				/* a worker accepting takes it on themself */
				step.handler_id = a == INC_ACT_ACCEPT && !(actors[x].is & W_LEADER) ?
					actors[x].worker : "WS001";
				rc = incident_step(fx->db, fx->cfg, &actor, seq, &step);
				rc_want = !want ? WG_STATE : (want->who & actors[x].is) ? WG_OK : WG_DENIED;
				if (rc != rc_want)
					fail_msg("%s + %s by %s: got %s, wanted %s (%s)", states[s],
						incident_action_code((enum wg_incident_action)a),
						actors[x].worker ? actors[x].worker : "nobody", wg_strerror(rc),
						wg_strerror(rc_want), wg_error_msg());
				{
					char *q = xasprintf("SELECT status FROM incident WHERE seq = %" PRId64,
						seq);

					status = db_get_text(fx->db, q, NULL);
					free(q);
				}
				assert_string_equal(status, rc == WG_OK ? want->to : states[s]);
				free(status);
				/* one event and one audit row per step taken, none when refused */
				assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM incident_event",
					NULL, 0), events + (rc == WG_OK));
				assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit", NULL, 0),
					audits + (rc == WG_OK));
				actor_free(&actor);
				checked++;
			}
		}
	}
	assert_int_equal(checked, ARRAY_SIZE(states) * (INC_ACT_COUNT - 1) * ARRAY_SIZE(actors));
}

static int64_t report(struct fx *fx, const char *worker, const char *type, bool urgent)
{
	struct wg_incident_new in = { .type = type, .household_id = H1, .text = "楼道堆放杂物",
		.urgent = urgent };
	struct wg_actor a;
	int64_t seq = 0;

	as(fx, worker, &a);
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_OK);
	actor_free(&a);
	return seq;
}

static enum wg_status step_as(struct fx *fx, const char *worker, int64_t seq,
	enum wg_incident_action action, const struct wg_incident_step *extra)
{
	struct wg_incident_step st = { 0 };
	struct wg_actor a;
	enum wg_status rc;

	if (extra)
		st = *extra;
	st.action = action;
	as(fx, worker, &a);
	rc = incident_step(fx->db, fx->cfg, &a, seq, &st);
	actor_free(&a);
	return rc;
}

static void get(struct fx *fx, int64_t seq, struct wg_incident *inc)
{
	assert_int_equal(incident_get(fx->db, seq, inc), WG_OK);
}

static void test_deadlines(void **state)
{
	struct fx *fx = *state;
	struct wg_incident inc;
	char d[11];
	int64_t seq;

	/* type deadlines, urgent halves (rounded up) */
	incident_deadline(fx->cfg, "dispute", false, "2026-03-14", d);
	assert_string_equal(d, "2026-03-21");
	incident_deadline(fx->cfg, "dispute", true, "2026-03-14", d);
	assert_string_equal(d, "2026-03-18");
	incident_deadline(fx->cfg, "安全隐患", true, "2026-03-14", d);
	assert_string_equal(d, "2026-03-16");
	incident_deadline(fx->cfg, "illegal_building", false, "2028-02-25", d);
	assert_string_equal(d, "2028-03-06");

	seq = report(fx, "WS002", "矛盾纠纷", false);
	assert_int_equal(seq, 1);
	get(fx, seq, &inc);
	assert_string_equal(inc.deadline, "");
	assert_int_equal(inc.state, INC_REPORTED);
	incident_free(&inc);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_ACCEPT, NULL), WG_OK);
	get(fx, seq, &inc);
	assert_string_equal(inc.deadline, "2026-03-21");
	assert_string_equal(inc.handler_id, "WS002");
	assert_string_equal(inc.handler_name, "单晓燕");
	assert_int_equal(inc.days_left, 7);
	incident_free(&inc);

	/* urgent later: the sooner of the current deadline and today + half */
	setenv("WANGGE_TODAY", "2026-03-15", 1);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_URGENT, NULL), WG_OK);
	get(fx, seq, &inc);
	assert_true(inc.urgent);
	assert_string_equal(inc.deadline, "2026-03-19");
	incident_free(&inc);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_URGENT, NULL), WG_STATE);

	/* extension: from the deadline, by N days, with a reason */
	{
		struct wg_incident_step x = { .note = "需协调物业", .days = 5 };

		assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_EXTEND, &x), WG_OK);
		get(fx, seq, &inc);
		assert_string_equal(inc.deadline, "2026-03-24");
		incident_free(&inc);
		x.note = NULL;
		assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_EXTEND, &x), WG_USAGE);
		x.note = "再延";
		x.days = 0;
		assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_EXTEND, &x), WG_USAGE);
	}

	/* escalation: one level up, the new handler, a fresh (urgent) deadline from today */
	{
		struct wg_incident_step x = { .handler_id = "WS001" };

		setenv("WANGGE_TODAY", "2026-03-16", 1);
		assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_ESCALATE, &x), WG_OK);
		get(fx, seq, &inc);
		assert_string_equal(inc.level, "community");
		assert_string_equal(inc.handler_id, "WS001");
		assert_string_equal(inc.deadline, "2026-03-20");
		assert_int_equal(inc.state, INC_ACCEPTED);
		incident_free(&inc);
		assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_ESCALATE, &x), WG_OK);
		assert_int_equal(step_as(fx, "WA", seq, INC_ACT_ESCALATE, &x), WG_OK);
		get(fx, seq, &inc);
		assert_string_equal(inc.level, "district");
		incident_free(&inc);
		assert_int_equal(step_as(fx, "WA", seq, INC_ACT_ESCALATE, &x), WG_STATE);
		assert_non_null(strstr(wg_error_msg(), "highest level"));
		x.handler_id = NULL;
		assert_int_equal(step_as(fx, "WA", seq, INC_ACT_ESCALATE, &x), WG_USAGE);
		x.handler_id = "nobody-here";
		assert_int_equal(step_as(fx, "WA", seq, INC_ACT_RETURN, &(struct wg_incident_step){
			.note = "退回社区" }), WG_OK);
		assert_int_equal(step_as(fx, "WA", seq, INC_ACT_ESCALATE, &x), WG_STATE);
	}
}

static void test_overdue(void **state)
{
	struct fx *fx = *state;
	struct wg_incident inc;
	struct wg_incident *list;
	struct wg_incident_filter f = { .scope = INC_SCOPE_ALL, .overdue_only = true };
	size_t n;
	int64_t a, b;

	a = report(fx, "WS002", "hazard", false);           /* deadline 03-17 */
	b = report(fx, "WS002", "illegal_building", false); /* deadline 03-24 */
	assert_int_equal(step_as(fx, "WS002", a, INC_ACT_ACCEPT, NULL), WG_OK);
	assert_int_equal(step_as(fx, "WS002", b, INC_ACT_ACCEPT, NULL), WG_OK);
	setenv("WANGGE_TODAY", "2026-03-19", 1);
	get(fx, a, &inc);
	assert_true(inc.overdue);
	assert_int_equal(inc.days_left, -2);
	incident_free(&inc);
	assert_int_equal(incident_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].seq, a);
	incident_list_free(list, n);
	/* resolved is no longer overdue */
	assert_int_equal(step_as(fx, "WS002", a, INC_ACT_START, NULL), WG_OK);
	assert_int_equal(step_as(fx, "WS002", a, INC_ACT_RESOLVE, NULL), WG_OK);
	assert_int_equal(incident_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 0);
	incident_list_free(list, n);
	/* the open ones, handled by WS002, by deadline */
	f = (struct wg_incident_filter){ .scope = INC_SCOPE_HANDLER, .code = "WS002",
		.open_only = true };
	assert_int_equal(incident_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].seq, a);
	assert_int_equal(list[0].state, INC_RESOLVED);
	assert_int_equal(list[1].seq, b);
	incident_list_free(list, n);
	f = (struct wg_incident_filter){ .scope = INC_SCOPE_GRID, .code = G2 };
	assert_int_equal(incident_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 0);
	incident_list_free(list, n);
	f = (struct wg_incident_filter){ .scope = INC_SCOPE_COMMUNITY, .code = "610104001900",
		.state = INC_ACCEPTED, .type = "illegal_building" };
	assert_int_equal(incident_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].seq, b);
	incident_list_free(list, n);
}

static void test_feedback_rating_closes_or_reopens(void **state)
{
	struct fx *fx = *state;
	struct wg_incident inc;
	struct wg_incident_step r = { .rating = "不满意" };
	int64_t seq = report(fx, "WS002", "request", false);

	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_ACCEPT, NULL), WG_OK);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_START, NULL), WG_OK);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_RESOLVE, NULL), WG_OK);
	get(fx, seq, &inc);
	assert_string_equal(inc.resolved_at, "2026-03-14 09:00:00");
	incident_free(&inc);
	/* the worker may not close their own: a leader closes after the feedback visit */
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_CLOSE, &r), WG_DENIED);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_CLOSE, NULL), WG_USAGE);
	assert_non_null(strstr(wg_error_msg(), "--rating"));
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_CLOSE,
		&(struct wg_incident_step){ .rating = "so-so" }), WG_USAGE);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_CLOSE, &r), WG_OK);
	get(fx, seq, &inc);
	assert_int_equal(inc.state, INC_IN_PROGRESS);
	assert_string_equal(inc.rating, "unsatisfied");
	assert_null(inc.resolved_at);
	incident_free(&inc);
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_RESOLVE, NULL), WG_OK);
	r.rating = "basically";
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_CLOSE, &r), WG_OK);
	get(fx, seq, &inc);
	assert_int_equal(inc.state, INC_CLOSED);
	assert_string_equal(inc.rating, "basically");
	assert_string_equal(inc.closed_at, "2026-03-14 09:00:00");
	incident_free(&inc);
	/* closed: only reopen, with a reason */
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_REOPEN, NULL), WG_USAGE);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_REOPEN,
		&(struct wg_incident_step){ .note = "居民再次反映" }), WG_OK);
	get(fx, seq, &inc);
	assert_int_equal(inc.state, INC_IN_PROGRESS);
	assert_null(inc.closed_at);
	incident_free(&inc);
}

static void test_refusals_say_why(void **state)
{
	struct fx *fx = *state;
	struct wg_incident_step h = { .handler_id = "WS004" };
	struct wg_incident inc;
	int64_t seq = report(fx, "WS002", "dispute", false);

	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_RESOLVE, NULL), WG_STATE);
	assert_non_null(strstr(wg_error_msg(), "#1 is reported"));
	assert_non_null(strstr(wg_error_msg(), "办结"));
	assert_non_null(strstr(wg_error_msg(), "受理 accept"));
	assert_non_null(strstr(wg_error_msg(), "上报上级 escalate"));
	assert_int_equal(step_as(fx, NULL, seq, INC_ACT_ACCEPT, NULL), WG_DENIED);
	assert_non_null(strstr(wg_error_msg(), "--as"));
	/* a worker may not hand it to someone else; a leader may */
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_ACCEPT, &h), WG_DENIED);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_ACCEPT, &h), WG_OK);
	get(fx, seq, &inc);
	assert_string_equal(inc.handler_id, "WS004");
	incident_free(&inc);
	/* the old reporter is no longer the handler: may not start it */
	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_START, NULL), WG_DENIED);
	assert_non_null(strstr(wg_error_msg(), "its handler"));
	assert_int_equal(step_as(fx, "WS004", seq, INC_ACT_RETURN, NULL), WG_USAGE);
	assert_int_equal(step_as(fx, "WS004", seq, INC_ACT_RETURN,
		&(struct wg_incident_step){ .note = "不属于本网格" }), WG_OK);
	get(fx, seq, &inc);
	assert_int_equal(inc.state, INC_REPORTED);
	assert_null(inc.handler_id);
	assert_string_equal(inc.deadline, "");
	incident_free(&inc);
	assert_int_equal(step_as(fx, "WS001", 99, INC_ACT_ACCEPT, NULL), WG_NOT_FOUND);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_ACCEPT,
		&(struct wg_incident_step){ .handler_id = "ghost" }), WG_NOT_FOUND);
}

static void test_history_is_append_only(void **state)
{
	struct fx *fx = *state;
	struct wg_incident_event *ev;
	size_t n;
	int64_t seq = report(fx, "WS002", "sanitation", true);

	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_ACCEPT, NULL), WG_OK);
	setenv("WANGGE_NOW", "2026-03-14 10:30:00", 1);
	assert_int_equal(step_as(fx, "WS001", seq, INC_ACT_SUPERVISE, NULL), WG_OK);
	assert_int_equal(incident_events(fx->db, seq, &ev, &n), WG_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ev[0].action, "report");
	assert_null(ev[0].from_status);
	assert_string_equal(ev[0].to_status, "reported");
	assert_string_equal(ev[0].by_worker, "WS002");
	assert_string_equal(ev[1].action, "accept");
	assert_string_equal(ev[1].from_status, "reported");
	assert_string_equal(ev[1].to_status, "accepted");
	assert_string_equal(ev[1].handler_id, "WS002");
	assert_string_equal(ev[1].deadline, "2026-03-17");   /* sanitation 5, urgent: 3 */
	assert_string_equal(ev[2].action, "supervise");
	assert_string_equal(ev[2].by_name, "曾丽华");
	assert_string_equal(ev[2].at, "2026-03-14 10:30:00");
	incident_events_free(ev, n);
	assert_int_not_equal(db_exec(fx->db, "UPDATE incident_event SET note = 'x'"), WG_OK);
	assert_int_not_equal(db_exec(fx->db, "DELETE FROM incident_event"), WG_OK);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action LIKE"
		" 'incident.%'", NULL, 0), 3);
}

static void test_report(void **state)
{
	struct fx *fx = *state;
	struct wg_incident_new in = { .type = "dispute", .grid_code = G1, .text = "噪音" };
	struct wg_actor a;
	struct wg_incident inc;
	int64_t seq = 0;

	actor_nobody(&a);
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_DENIED);
	as(fx, "WS003", &a);   /* worker of G2 */
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_DENIED);
	in.grid_code = G2;
	in.place = "2号楼前空地";
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_OK);
	assert_int_equal(seq, 1);
	get(fx, seq, &inc);
	assert_string_equal(inc.grid_code, G2);
	assert_null(inc.household_id);
	assert_string_equal(inc.place, "2号楼前空地");
	assert_string_equal(inc.level, "grid");
	assert_int_equal(strlen(inc.id), 36);
	incident_free(&inc);
	in.type = "flood";
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_INVALID);
	in.type = "其他";
	in.text = "";
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_USAGE);
	in.text = "x";
	in.grid_code = NULL;
	in.household_id = "no-such";
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_NOT_FOUND);
	in.household_id = H4;   /* G2: the household gives the grid */
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_OK);
	assert_int_equal(seq, 2);
	in.grid_code = G1;      /* contradicts the household */
	assert_int_equal(incident_report(fx->db, fx->cfg, &a, &in, &seq), WG_INVALID);
	actor_free(&a);
}

static void test_allowed_actions_and_names(void **state)
{
	struct fx *fx = *state;
	enum wg_incident_action acts[INC_ACT_COUNT], a;
	struct wg_incident inc;
	struct wg_actor w;
	size_t n;
	int64_t seq = report(fx, "WS002", "dispute", false);

	assert_int_equal(step_as(fx, "WS002", seq, INC_ACT_ACCEPT, NULL), WG_OK);
	get(fx, seq, &inc);
	as(fx, "WS002", &w);
	n = incident_allowed_actions(fx->db, &w, &inc, acts);
	assert_int_equal(n, 3);
	assert_int_equal(acts[0], INC_ACT_START);
	assert_int_equal(acts[1], INC_ACT_RETURN);
	assert_int_equal(acts[2], INC_ACT_URGENT);
	actor_free(&w);
	as(fx, "WS003", &w);
	assert_int_equal(incident_allowed_actions(fx->db, &w, &inc, acts), 0);
	actor_free(&w);
	incident_free(&inc);

	assert_true(incident_action_parse("上报上级", &a));
	assert_int_equal(a, INC_ACT_ESCALATE);
	assert_true(incident_action_parse("close", &a));
	assert_int_equal(a, INC_ACT_CLOSE);
	assert_false(incident_action_parse("delete", &a));
	assert_string_equal(incident_state_code(INC_IN_PROGRESS), "in_progress");
	assert_int_equal(incident_state_from_code("resolved"), INC_RESOLVED);
	assert_int_equal(incident_state_from_code("bogus"), INC_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_state_action_and_role, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deadlines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_feedback_rating_closes_or_reopens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_say_why, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowed_actions_and_names, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
