/* Reports: every figure against a small street whose numbers were worked out by hand (see
 * the comments in FIXTURE), per scope, for an empty range and an empty grid (ratios with
 * nothing to divide are "—"), with restricted categories merged for those who may not
 * see them; the bar chart's alignment; registers written as CSV with masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/address.h"
#include "wangge/config.h"
#include "wangge/export.h"
#include "wangge/report.h"
#include "wangge/store.h"

#include <locale.h>
#include <unistd.h>

/* Today is 2026-03-31; the range is March 2026.
 * Grids: G1, G2 in C1; G3, G4 (empty) in C2. Workers: w1 in G1, w2 in G2 and G3.
 * Households: G1 h1 owner, h2 rented, h3 vacant, h4 departed; G2 h5, h6; G3 h7 rented.
 *   -> 6 households, 1 vacant, 2 rented.
 * Residents: h1 r1 (elderly_alone since 01-01), r2; h2 r3 (not registered,
 *   community_correction since 03-01); h4 r4 (household departed); h5 r5 (elderly_alone
 *   since 03-10), r6 (moved out); h6 r7 (not registered); h7 r8 (disabled since 02-01).
 *   -> 6 residents, 4 registered, 2 not.
 * Visits in March: v1 h1 w1 routine met 03-03 (r1); v2 h1 w1 followup met 03-08 (r1);
 *   v3 h2 w1 followup not_home 03-05; v4 h2 w1 followup met 03-06 (r3); v5 h5 w2 routine
 *   met 03-20 (r5); v6 h6 w2 routine refused 03-21. Before: v7 h1 met 02-20 (r1);
 *   v8 h7 met 02-25 (r8).
 *   -> coverage h1, h2, h5 = 3/6; G1 2/3, G2 1/2, G3 0/1. 6 visits: w1 4 (3 met),
 *   w2 2 (1 met); routine 3, followup 3.
 * Follow-ups (due in [03-01, 03-31], before today):
 *   r1 every 7: anchors 01-01, 02-20, 03-03, 03-08 -> due 03-10 (met 03-08: on time),
 *     03-15 (never met again: late). Overdue now: 03-15 -> 16 days.
 *   r5 every 7: anchors 03-10, 03-20 -> due 03-17 (met 03-20: late), 03-27 (late).
 *     Overdue now: 03-27 -> 4 days.
 *   r3 every 7: anchors 03-01, 03-06 (03-05 was nobody home) -> due 03-08 (on time),
 *     03-13 (late). Overdue now: 18 days.
 *   r8 every 90: due 05-02: nothing due, not overdue.
 *   -> elderly_alone 1/4, community_correction 1/2, disabled —; all 2/6; overdue 3,
 *   longest 18.
 * Incidents: i1 dispute G1 closed, reported 03-02, deadline 03-09, resolved 03-05
 *   (3 days), rated satisfied 03-07; i2 dispute G1 in_progress, community level, reported
 *   03-10, deadline 03-17 (open past deadline); i3 dispute G2 reported 03-20, no deadline;
 *   i4 hazard G3 resolved, reported 03-01, deadline 03-04, resolved 03-06 (late, 5 days);
 *   i5 dispute G3 closed, street level, reported 02-20, deadline 02-27, resolved 03-01
 *   (late, 9 days), rated unsatisfied 03-01 then basically 03-02; i6 hazard G2 accepted,
 *   reported 03-25, deadline 04-01.
 *   -> reported in March 5: dispute 3, hazard 2; accepted 1, closed 1, in_progress 1,
 *   reported 1, resolved 1; grid 4, community 1. Resolved in March: i1, i4, i5: on time
 *   1/3, mean 17/3 = 5.7 days, longest 9. Open past deadline 1. Disputes reported 3,
 *   taken on 2 (调解率 2/3), resolved and not unsatisfied 1 (调成率 1/2). Ratings in March:
 *   3, satisfied or basically 2. */
static const char FIXTURE[] =
	"INSERT INTO street VALUES ('S1', '青年路街道', '莲湖区', '西安');"
	"INSERT INTO community (code, street_code, name) VALUES ('C1', 'S1', '第一社区'),"
	" ('C2', 'S1', '第二社区');"
	"INSERT INTO grid (code, community_code, name) VALUES ('G1', 'C1', '第一网格'),"
	" ('G2', 'C1', '第二网格'), ('G3', 'C2', '第三网格'), ('G4', 'C2', '空网格');"
	"INSERT INTO worker (id, name, role) VALUES ('w1', '张丽', 'worker'),"
	" ('w2', '王强', 'worker');"
	"INSERT INTO grid_worker VALUES ('G1', 'w1'), ('G2', 'w2'), ('G3', 'w2');"
	"INSERT INTO building (id, grid_code, code, name, walk_key) VALUES"
	" (1, 'G1', '1', '1号楼', '1'), (2, 'G2', '2', '2号楼', '2'), (3, 'G3', '3', '3号楼', '3');"
	"INSERT INTO household (id, building_id, unit, room, tenure, walk_key, departed_at,"
	" created_at, updated_at) VALUES"
	" ('h1', 1, '1', '101', 'owner', '1', NULL, '2026-01-01', '2026-01-01'),"
	" ('h2', 1, '1', '102', 'rented', '2', NULL, '2026-01-01', '2026-01-01'),"
	" ('h3', 1, '1', '103', 'vacant', '3', NULL, '2026-01-01', '2026-01-01'),"
	" ('h4', 1, '1', '104', 'owner', '4', '2026-02-01', '2026-01-01', '2026-01-01'),"
	" ('h5', 2, NULL, '201', 'owner', '1', NULL, '2026-01-01', '2026-01-01'),"
	" ('h6', 2, NULL, '202', 'owner', '2', NULL, '2026-01-01', '2026-01-01'),"
	" ('h7', 3, NULL, '301', 'rented', '1', NULL, '2026-01-01', '2026-01-01');"
	"INSERT INTO resident (id, household_id, position, name, id_number, phone, registered,"
	" moved_out_at, created_at, updated_at) VALUES"
	" (1, 'h1', 0, '曾国华', '61010419420315901X', '13800000001', 1, NULL, '2026-01-01', '2026-01-01'),"
	" (2, 'h1', 1, '单秀英', NULL, NULL, 1, NULL, '2026-01-01', '2026-01-01'),"
	" (3, 'h2', 0, '李明', '610104198001019023', '13912345678', 0, NULL, '2026-01-01', '2026-01-01'),"
	" (4, 'h4', 0, '周一', NULL, NULL, 1, NULL, '2026-01-01', '2026-01-01'),"
	" (5, 'h5', 0, '赵老太', NULL, NULL, 1, NULL, '2026-01-01', '2026-01-01'),"
	" (6, 'h5', 1, '赵二', NULL, NULL, 1, '2026-02-01', '2026-01-01', '2026-01-01'),"
	" (7, 'h6', 0, '钱七', NULL, NULL, 0, NULL, '2026-01-01', '2026-01-01'),"
	" (8, 'h7', 0, '孙八', NULL, NULL, 1, NULL, '2026-01-01', '2026-01-01');"
	"INSERT INTO resident_tag (resident_id, category, since) VALUES"
	" (1, 'elderly_alone', '2026-01-01'), (3, 'community_correction', '2026-03-01'),"
	" (5, 'elderly_alone', '2026-03-10'), (8, 'disabled', '2026-02-01');";
static const char FIXTURE_EVENTS[] =
	"INSERT INTO visit (id, household_id, worker_id, kind, outcome, at, created_at) VALUES"
	" ('v1', 'h1', 'w1', 'routine', 'met', '2026-03-03 10:00', 'x'),"
	" ('v2', 'h1', 'w1', 'followup', 'met', '2026-03-08 09:00', 'x'),"
	" ('v3', 'h2', 'w1', 'followup', 'not_home', '2026-03-05 09:00', 'x'),"
	" ('v4', 'h2', 'w1', 'followup', 'met', '2026-03-06 09:00', 'x'),"
	" ('v5', 'h5', 'w2', 'routine', 'met', '2026-03-20 15:30', 'x'),"
	" ('v6', 'h6', 'w2', 'routine', 'refused', '2026-03-21 16:00', 'x'),"
	" ('v7', 'h1', 'w1', 'routine', 'met', '2026-02-20 10:00', 'x'),"
	" ('v8', 'h7', 'w2', 'routine', 'met', '2026-02-25 10:00', 'x');"
	"INSERT INTO visit_resident VALUES ('v1', 1), ('v2', 1), ('v4', 3), ('v5', 5),"
	" ('v7', 1), ('v8', 8);"
	"INSERT INTO incident (id, seq, type, level, status, grid_code, text, reported_at,"
	" deadline, rating, resolved_at, closed_at, updated_at) VALUES"
	" ('i1', 1, 'dispute', 'grid', 'closed', 'G1', '邻里噪音', '2026-03-02 10:00:00',"
	"  '2026-03-09', 'satisfied', '2026-03-05 12:00:00', '2026-03-07 10:00:00', 'x'),"
	" ('i2', 2, 'dispute', 'community', 'in_progress', 'G1', '漏水', '2026-03-10 10:00:00',"
	"  '2026-03-17', NULL, NULL, NULL, 'x'),"
	" ('i3', 3, 'dispute', 'grid', 'reported', 'G2', '停车', '2026-03-20 10:00:00',"
	"  NULL, NULL, NULL, NULL, 'x'),"
	" ('i4', 4, 'hazard', 'grid', 'resolved', 'G3', '电线', '2026-03-01 08:00:00',"
	"  '2026-03-04', NULL, '2026-03-06 17:00:00', NULL, 'x'),"
	" ('i5', 5, 'dispute', 'street', 'closed', 'G3', '宅基地', '2026-02-20 08:00:00',"
	"  '2026-02-27', 'basically', '2026-03-01 09:00:00', '2026-03-02 10:00:00', 'x'),"
	" ('i6', 6, 'hazard', 'grid', 'accepted', 'G2', '楼道杂物', '2026-03-25 08:00:00',"
	"  '2026-04-01', NULL, NULL, NULL, 'x');"
	"INSERT INTO incident_event (id, incident_id, at, action, to_status, rating) VALUES"
	" ('e1', 'i1', '2026-03-07 10:00:00', 'close', 'closed', 'satisfied'),"
	" ('e2', 'i5', '2026-03-01 14:00:00', 'close', 'in_progress', 'unsatisfied'),"
	" ('e3', 'i5', '2026-03-02 10:00:00', 'close', 'closed', 'basically'),"
	" ('e4', 'i1', '2026-03-02 10:00:00', 'report', 'reported', NULL);";

struct fx {
	char dir[64];
	struct wg_db *db;
	struct wg_config *cfg;
	struct wg_actor nobody, w1;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *path;

	strcpy(fx->dir, "/tmp/wangge-report-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	path = xasprintf("%s/w.db", fx->dir);
	assert_int_equal(store_open(path, &fx->db), WG_OK);
	free(path);
	if (db_exec(fx->db, FIXTURE) != WG_OK || db_exec(fx->db, FIXTURE_EVENTS) != WG_OK)
		fail_msg("%s", wg_error_msg());
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&fx->cfg), WG_OK);
	actor_nobody(&fx->nobody);
	fx->w1.worker_id = "w1";
	fx->w1.name = "张丽";
	fx->w1.role = ROLE_WORKER;
	setenv("WANGGE_TODAY", "2026-03-31", 1);
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
	return 0;
}

static void build(struct fx *fx, const struct wg_actor *actor, enum wg_report_scope scope,
	const char *code, const char *from, const char *to, struct wg_report *rep)
{
	struct wg_report_query q = { scope, code, from, to };

	if (report_build(fx->db, fx->cfg, actor, &q, rep) != WG_OK)
		fail_msg("%s", wg_error_msg());
}

static void expect_ratio(struct wg_ratio r, int64_t num, int64_t den, const char *shown)
{
	char buf[32];

	assert_int_equal(r.num, num);
	assert_int_equal(r.den, den);
	assert_string_equal(report_percent(r, buf, sizeof(buf)), shown);
}

static const struct wg_report_category *cat(const struct wg_report *rep, const char *label)
{
	size_t i;

	for (i = 0; i < rep->n_categories; i++)
		if (STREQ(rep->categories[i].label, label))
			return &rep->categories[i];
	fail_msg("no category row %s", label);
	return NULL;
}

static int64_t count(const struct wg_report_count *rows, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].code && STREQ(rows[i].code, code))
			return rows[i].n;
	return -1;
}

static void test_street_figures(void **state)
{
	struct fx *fx = *state;
	struct wg_report rep;
	const struct wg_report_category *c;
	char buf[32];

	build(fx, &fx->nobody, REPORT_STREET, NULL, "2026-03-01", "2026-03-31", &rep);
	assert_string_equal(rep.scope_name, "青年路街道");
	assert_int_equal(rep.households, 6);
	assert_int_equal(rep.residents, 6);
	assert_int_equal(rep.registered, 4);
	assert_int_equal(rep.unregistered, 2);
	assert_int_equal(rep.vacant, 1);
	assert_int_equal(rep.rented, 2);
	expect_ratio(rep.coverage, 3, 6, "50.0%");

	/* Per grid, for the bar chart: G1 2/3, G2 1/2, G3 0/1; the empty G4 has no row. */
	assert_int_equal(rep.n_by_grid, 3);
	assert_string_equal(rep.by_grid[0].label, "第一社区第一网格");
	assert_int_equal(rep.by_grid[0].extra, 2);
	assert_int_equal(rep.by_grid[0].extra2, 3);
	assert_int_equal(rep.by_grid[0].n, 67);
	assert_int_equal(rep.by_grid[1].n, 50);
	assert_int_equal(rep.by_grid[2].n, 0);

	/* Nobody may see restricted categories: community_correction is merged. */
	c = cat(&rep, "独居/空巢老人");
	assert_int_equal(c->residents, 2);
	expect_ratio(c->compliance, 1, 4, "25.0%");
	assert_int_equal(c->overdue, 2);
	assert_int_equal(c->longest_overdue, 16);
	c = cat(&rep, "残疾人");
	assert_int_equal(c->residents, 1);
	expect_ratio(c->compliance, 0, 0, "—");
	assert_int_equal(c->overdue, 0);
	c = cat(&rep, "重点关注");
	assert_true(c->masked);
	assert_null(c->code);
	assert_int_equal(c->residents, 1);
	expect_ratio(c->compliance, 1, 2, "50.0%");
	assert_int_equal(c->longest_overdue, 18);
	assert_ptr_equal(c, &rep.categories[rep.n_categories - 1]);
	assert_int_equal(rep.n_categories, 7);   /* six open categories and the mark */
	expect_ratio(rep.compliance, 2, 6, "33.3%");
	assert_int_equal(rep.overdue, 3);
	assert_int_equal(rep.longest_overdue, 18);

	assert_int_equal(rep.incidents, 5);
	assert_int_equal(count(rep.by_type, rep.n_by_type, "dispute"), 3);
	assert_int_equal(count(rep.by_type, rep.n_by_type, "hazard"), 2);
	assert_string_equal(rep.by_type[0].label, "矛盾纠纷");
	assert_int_equal(count(rep.by_status, rep.n_by_status, "accepted"), 1);
	assert_int_equal(count(rep.by_status, rep.n_by_status, "closed"), 1);
	assert_int_equal(count(rep.by_status, rep.n_by_status, "in_progress"), 1);
	assert_int_equal(count(rep.by_status, rep.n_by_status, "reported"), 1);
	assert_int_equal(count(rep.by_status, rep.n_by_status, "resolved"), 1);
	assert_int_equal(count(rep.by_level, rep.n_by_level, "grid"), 4);
	assert_int_equal(count(rep.by_level, rep.n_by_level, "community"), 1);
	assert_int_equal(count(rep.by_level, rep.n_by_level, "street"), -1);
	expect_ratio(rep.on_time, 1, 3, "33.3%");
	assert_int_equal(rep.resolve_days.num, 17);
	assert_int_equal(rep.resolve_days.den, 3);
	assert_string_equal(report_mean(rep.resolve_days, buf, sizeof(buf)), "5.7");
	assert_int_equal(rep.longest_resolve_days, 9);
	assert_int_equal(rep.open_past_deadline, 1);
	expect_ratio(rep.mediation, 2, 3, "66.7%");
	expect_ratio(rep.success, 1, 2, "50.0%");
	expect_ratio(rep.satisfaction, 2, 3, "66.7%");

	assert_int_equal(rep.visits, 6);
	assert_int_equal(rep.n_by_worker, 2);
	assert_string_equal(rep.by_worker[0].code, "w1");
	assert_string_equal(rep.by_worker[0].label, "张丽");
	assert_int_equal(rep.by_worker[0].n, 4);
	assert_int_equal(rep.by_worker[0].extra, 3);
	assert_int_equal(rep.by_worker[1].n, 2);
	assert_int_equal(rep.by_worker[1].extra, 1);
	assert_int_equal(count(rep.by_kind, rep.n_by_kind, "routine"), 3);
	assert_int_equal(count(rep.by_kind, rep.n_by_kind, "followup"), 3);
	assert_int_equal(count(rep.by_kind, rep.n_by_kind, "verify"), 0);
	{
		/* Bars for the screen: residents per category, the mark last. */
		size_t nb;
		struct wg_report_count *bars = report_category_bars(&rep, &nb);

		assert_int_equal(nb, 7);
		assert_string_equal(bars[0].label, "独居/空巢老人");
		assert_int_equal(bars[0].n, 2);
		assert_int_equal(bars[0].extra, 2);
		assert_string_equal(bars[6].label, "重点关注");
		assert_null(bars[6].code);
		report_counts_free(bars, nb);
	}
	report_free(&rep);
}

static void test_scopes(void **state)
{
	struct fx *fx = *state;
	struct wg_report rep;

	/* G1 seen by its own worker: the restricted category keeps its name. */
	build(fx, &fx->w1, REPORT_GRID, "G1", "2026-03-01", "2026-03-31", &rep);
	assert_string_equal(rep.scope_name, "第一网格");
	assert_int_equal(rep.households, 3);
	assert_int_equal(rep.residents, 3);
	assert_int_equal(rep.registered, 2);
	assert_int_equal(rep.vacant, 1);
	assert_int_equal(rep.rented, 1);
	expect_ratio(rep.coverage, 2, 3, "66.7%");
	assert_int_equal(rep.n_categories, 11);
	assert_int_equal(cat(&rep, "社区矫正对象")->residents, 1);
	expect_ratio(cat(&rep, "社区矫正对象")->compliance, 1, 2, "50.0%");
	expect_ratio(cat(&rep, "独居/空巢老人")->compliance, 1, 2, "50.0%");
	assert_int_equal(rep.incidents, 2);
	assert_int_equal(rep.visits, 4);
	report_free(&rep);

	/* The same worker over the whole street does not see G2, G3: merged again. */
	build(fx, &fx->w1, REPORT_STREET, NULL, "2026-03-01", "2026-03-31", &rep);
	assert_true(cat(&rep, "重点关注")->masked);
	report_free(&rep);

	/* C2: only h7, never met in March; its incidents: i4 reported, i4 and i5 resolved. */
	build(fx, &fx->nobody, REPORT_COMMUNITY, "C2", "2026-03-01", "2026-03-31", &rep);
	assert_int_equal(rep.households, 1);
	expect_ratio(rep.coverage, 0, 1, "0.0%");
	assert_int_equal(rep.incidents, 1);
	expect_ratio(rep.on_time, 0, 2, "0.0%");
	assert_int_equal(rep.longest_resolve_days, 9);
	expect_ratio(rep.mediation, 0, 0, "—");
	expect_ratio(rep.success, 0, 0, "—");
	expect_ratio(rep.satisfaction, 1, 2, "50.0%");
	assert_int_equal(rep.visits, 0);
	report_free(&rep);

	/* w2's grids: G2 and G3. */
	build(fx, &fx->nobody, REPORT_WORKER, "w2", "2026-03-01", "2026-03-31", &rep);
	assert_string_equal(rep.scope_name, "王强");
	assert_int_equal(rep.households, 3);
	expect_ratio(rep.coverage, 1, 3, "33.3%");
	assert_int_equal(rep.visits, 2);
	report_free(&rep);
}

static void test_empty_range_and_grid(void **state)
{
	struct fx *fx = *state;
	struct wg_report rep;
	char buf[32];
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	/* January 2025: before every tag, visit and incident. */
	build(fx, &fx->nobody, REPORT_STREET, NULL, "2025-01-01", "2025-01-31", &rep);
	assert_int_equal(rep.households, 6);
	expect_ratio(rep.coverage, 0, 6, "0.0%");
	expect_ratio(rep.compliance, 0, 0, "—");
	assert_int_equal(rep.overdue, 3);          /* overdue is counted now */
	assert_int_equal(rep.incidents, 0);
	assert_int_equal(rep.n_by_type, 0);
	expect_ratio(rep.on_time, 0, 0, "—");
	assert_string_equal(report_mean(rep.resolve_days, buf, sizeof(buf)), "—");
	assert_int_equal(rep.longest_resolve_days, 0);
	expect_ratio(rep.mediation, 0, 0, "—");
	expect_ratio(rep.satisfaction, 0, 0, "—");
	assert_int_equal(rep.visits, 0);
	assert_int_equal(rep.n_by_worker, 0);
	/* The text never says nan or inf. */
	fp = open_memstream(&text, &len);
	assert_int_equal(report_write_text(fp, fx->cfg, &rep), WG_OK);
	fclose(fp);
	assert_null(strstr(text, "nan"));
	assert_null(strstr(text, "inf"));
	assert_non_null(strstr(text, "— (0/0)"));
	free(text);
	report_free(&rep);

	/* A grid with no households: nothing to divide. */
	build(fx, &fx->nobody, REPORT_GRID, "G4", NULL, NULL, &rep);
	assert_string_equal(rep.from, "2026-03-01");   /* default: the month of --to */
	assert_string_equal(rep.to, "2026-03-31");     /* default: today */
	assert_int_equal(rep.households, 0);
	expect_ratio(rep.coverage, 0, 0, "—");
	expect_ratio(rep.compliance, 0, 0, "—");
	report_free(&rep);
}

static void test_errors(void **state)
{
	struct fx *fx = *state;
	struct wg_report rep;
	struct wg_report_query q = { REPORT_GRID, "G9", NULL, NULL };

	assert_int_equal(report_build(fx->db, fx->cfg, &fx->nobody, &q, &rep), WG_NOT_FOUND);
	assert_non_null(strstr(wg_error_msg(), "G9"));
	report_free(&rep);
	q = (struct wg_report_query){ REPORT_STREET, NULL, "2026-03-31", "2026-03-01" };
	assert_int_equal(report_build(fx->db, fx->cfg, &fx->nobody, &q, &rep), WG_USAGE);
	report_free(&rep);
	q = (struct wg_report_query){ REPORT_STREET, NULL, "2026-02-30", NULL };
	assert_int_equal(report_build(fx->db, fx->cfg, &fx->nobody, &q, &rep), WG_USAGE);
	report_free(&rep);
}

static void test_percent_and_bars(void **state)
{
	struct wg_report_count rows[] = {
		{ "G1", "示范第一网格", 10, 0, 0 },
		{ "G2", "G2", 5, 0, 0 },
		{ "G3", "空", 0, 0, 0 },
	};
	struct strbuf sb;
	char buf[32];

	(void)state;
	assert_string_equal(report_percent((struct wg_ratio){ 1, 3 }, buf, sizeof(buf)), "33.3%");
	assert_string_equal(report_percent((struct wg_ratio){ 3, 3 }, buf, sizeof(buf)), "100.0%");
	assert_string_equal(report_percent((struct wg_ratio){ 0, 0 }, buf, sizeof(buf)), "—");
	assert_string_equal(report_mean((struct wg_ratio){ 5, 2 }, buf, sizeof(buf)), "2.5");
	sb_init(&sb);
	report_bar_chart(&sb, rows, 3, 10);
	/* Labels padded to the widest one (12 columns), bars scaled to 10 for the largest. */
	assert_string_equal(sb.buf,
		"    示范第一网格 ########## 10\n"
		"    G2           ##### 5\n"
		"    空            0\n");
	sb_free(&sb);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = xmalloc(1 << 16);

	assert_non_null(fp);
	*len = fread(buf, 1, (1 << 16) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static void test_export_csv(void **state)
{
	struct fx *fx = *state;
	struct wg_export_query q = { 0 };
	char *path = xasprintf("%s/special.csv", fx->dir), *text, *want, *a1, *a2, *a3, *a4;
	int64_t rows = 0;
	size_t len;

	q.reg = config_register(fx->cfg, "special");
	q.scope = REPORT_STREET;
	q.format = EXPORT_CSV;
	q.path = path;
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->nobody, &q, NULL, &rows), WG_OK);
	assert_int_equal(rows, 4);
	text = read_all(path, &len);
	/* BOM, header, rows by category in configuration order, the mark last; ID numbers
	 * and phones masked. Addresses as address_format() writes them. */
	a1 = address_format(NULL, "1号楼", "1", "101");
	a2 = address_format(NULL, "2号楼", NULL, "201");
	a3 = address_format(NULL, "3号楼", NULL, "301");
	a4 = address_format(NULL, "1号楼", "1", "102");
	want = xasprintf("\xef\xbb\xbf社区,网格,人员类别,姓名,性别,出生日期,身份证号,联系电话,住址,"
		"列管日期,上次见面,下次走访\r\n"
		"第一社区,第一网格,独居/空巢老人,曾国华,,,6101**********901X,138****0001,"
		"%s,2026-01-01,2026-03-08,2026-03-15\r\n"
		"第一社区,第二网格,独居/空巢老人,赵老太,,,,,%s,2026-03-10,2026-03-20,"
		"2026-03-27\r\n"
		"第二社区,第三网格,残疾人,孙八,,,,,%s,2026-02-01,2026-02-25,2026-05-26\r\n"
		/* under the neutral mark no next date: it would give the interval away */
		"第一社区,第一网格,重点关注,李明,,,6101**********9023,139****5678,%s,"
		"2026-03-01,2026-03-06,\r\n", a1, a2, a3, a4);
	assert_string_equal(text, want);
	free(want);
	free(a1);
	free(a2);
	free(a3);
	free(a4);
	free(text);
	/* One audit row. */
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action = 'export'"
		" AND object = 'special'", NULL, 0), 1);

	/* The G1 worker sees the category; visits in a range; incidents of one type. */
	q.scope = REPORT_GRID;
	q.code = "G1";
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->w1, &q, NULL, &rows), WG_OK);
	text = read_all(path, &len);
	assert_non_null(strstr(text, ",社区矫正对象,李明,"));
	assert_null(strstr(text, "重点关注"));
	free(text);
	q.reg = config_register(fx->cfg, "disputes");
	q.scope = REPORT_STREET;
	q.code = NULL;
	q.from = "2026-03-01";
	q.to = "2026-03-31";
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->nobody, &q, NULL, &rows), WG_OK);
	assert_int_equal(rows, 3);   /* i1, i2, i3: i5 was reported in February */
	q.reg = config_register(fx->cfg, "visits");
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->nobody, &q, NULL, &rows), WG_OK);
	assert_int_equal(rows, 6);
	/* A restricted category as a filter would name it: nobody gets no rows, the grid's
	 * worker gets the resident of their grid. */
	q.reg = config_register(fx->cfg, "special");
	q.from = q.to = NULL;
	q.category = "community_correction";
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->nobody, &q, NULL, &rows), WG_OK);
	assert_int_equal(rows, 0);
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->w1, &q, NULL, &rows), WG_OK);
	assert_int_equal(rows, 1);
	/* An unknown category is refused before anything is written. */
	q.reg = config_register(fx->cfg, "special");
	q.category = "elderly";
	assert_int_equal(export_register(fx->db, fx->cfg, &fx->nobody, &q, NULL, &rows), WG_USAGE);
	free(path);
}

static void test_csv_quoting(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	csv_field(fp, "plain");
	fputc('|', fp);
	csv_field(fp, "a,b");
	fputc('|', fp);
	csv_field(fp, "说\"好\"的");
	fputc('|', fp);
	csv_field(fp, "two\nlines");
	fputc('|', fp);
	csv_field(fp, NULL);
	fclose(fp);
	assert_string_equal(text, "plain|\"a,b\"|\"说\"\"好\"\"的\"|\"two\nlines\"|");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_street_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_range_and_grid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test(test_percent_and_bars),
		cmocka_unit_test_setup_teardown(test_export_csv, setup, teardown),
		cmocka_unit_test(test_csv_quoting),
	};

	/* Column widths (tw_width) need a UTF-8 LC_CTYPE, as the program has. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
