/* Follow-up due lists: when each tagged resident is due, why, for whom it is masked, and
 * the edge cases: never met, not-home attempts, moved out, tag added later, leap day,
 * visits after the day asked about. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/config.h"
#include "wangge/due.h"
#include "wangge/store.h"
#include "wangge/visit.h"
#include "hh_fixture.h"

#include <unistd.h>

struct fx {
	char dir[64];
	struct wg_db *db;
	struct wg_config *cfg;
	struct wg_actor nobody;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *path;

	strcpy(fx->dir, "/tmp/wangge-due-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	path = xasprintf("%s/w.db", fx->dir);
	assert_int_equal(store_open(path, &fx->db), WG_OK);
	free(path);
	assert_int_equal(db_exec(fx->db, hh_fixture_sql), WG_OK);
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&fx->cfg), WG_OK);
	actor_nobody(&fx->nobody);
	unsetenv("WANGGE_TODAY");
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
	return 0;
}

/* A visit written with SQL (as a bulk loader would); met: resident ids, 0-terminated. */
static void visit_sql(struct fx *fx, const char *id, const char *household,
	const char *outcome, const char *at, const int *met)
{
	char *sql = xasprintf("INSERT INTO visit (id, household_id, worker_id, kind, outcome,"
		" at, created_at) VALUES ('%s', '%s', 'WS002', 'followup', '%s', '%s', '%s')",
		id, household, outcome, at, at);

	assert_int_equal(db_exec(fx->db, sql), WG_OK);
	free(sql);
	for (; met && *met; met++) {
		sql = xasprintf("INSERT INTO visit_resident VALUES ('%s', %d)", id, *met);
		assert_int_equal(db_exec(fx->db, sql), WG_OK);
		free(sql);
	}
}

static void list_on(struct fx *fx, const struct wg_actor *actor, enum wg_due_scope scope,
	const char *code, const char *on, int within, struct wg_due_list *out)
{
	/* the clock tests look at every line, masked or not */
	struct wg_due_query q = { .scope = scope, .code = code, .on = on, .within = within,
		.include_hidden = true };

	assert_int_equal(due_list(fx->db, fx->cfg, actor, &q, out), WG_OK);
}

/* Those who may not see a restricted category get none of its lines: the due date would
 * name the category by its interval. */
static void test_hidden_lines_left_out(void **state)
{
	struct fx *fx = *state;
	struct wg_due_query q = { .scope = DUE_STREET, .on = "2026-03-14", .within = -1 };
	struct wg_due_list l;
	struct wg_actor a;

	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_OK);
	for (size_t i = 0; i < l.n; i++)
		assert_false(config_category(fx->cfg, l.items[i].category)->restricted);
	assert_true(l.n > 0);
	due_list_free(&l);

	assert_int_equal(actor_load(fx->db, "WS003", &a), WG_OK);   /* worker of G2 */
	q.scope = DUE_GRID;
	q.code = G1;
	assert_int_equal(due_list(fx->db, fx->cfg, &a, &q, &l), WG_OK);
	for (size_t i = 0; i < l.n; i++)
		assert_int_not_equal(l.items[i].resident_id, 11);
	due_list_free(&l);
	actor_free(&a);

	assert_int_equal(actor_load(fx->db, "WS002", &a), WG_OK);   /* worker of G1 */
	assert_int_equal(due_list(fx->db, fx->cfg, &a, &q, &l), WG_OK);
	{
		bool found = false;

		for (size_t i = 0; i < l.n; i++)
			found |= l.items[i].resident_id == 11 && !l.items[i].masked;
		assert_true(found);
	}
	due_list_free(&l);
	actor_free(&a);
}

static const struct wg_due_item *find(const struct wg_due_list *l, int64_t rid,
	const char *cat)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].resident_id == rid && STREQ(l->items[i].category, cat))
			return &l->items[i];
	return NULL;
}

static void test_never_met_counts_from_since(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	const struct wg_due_item *it;

	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", 7, &l);
	/* 张三 elderly_alone and 李四 community_correction; 张三's migrant tag (90 days) is
	 * not due within 7 days; 赵六 has moved away (departed), 王五's tag was removed. */
	assert_int_equal(l.n, 2);
	assert_string_equal(l.on, "2026-03-14");
	it = &l.items[0];
	assert_int_equal(it->resident_id, 10);
	assert_string_equal(it->category, "elderly_alone");
	assert_string_equal(it->household_id, H1);
	assert_string_equal(it->resident_name, "张三");
	assert_string_equal(it->address, "恒富小区1号楼1-unit 101-room");
	assert_string_equal(it->last_met, "");
	assert_string_equal(it->since, "2026-01-01");
	assert_string_equal(it->due, "2026-01-08");
	assert_int_equal(it->days_overdue, 65);
	assert_int_equal(it->attempts, 0);
	assert_false(it->masked);
	assert_string_equal(it->reason,
		"独居/空巢老人 · every 7 days · never met · on file since 01-01 · 65 days late");
	it = &l.items[1];
	assert_int_equal(it->resident_id, 11);
	assert_true(it->masked);
	assert_string_equal(it->shown, "重点关注");
	assert_string_equal(it->reason, "重点关注 · never met · on file since 01-01 · 65 days late");
	due_list_free(&l);

	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 3);
	it = &l.items[2];
	assert_string_equal(it->category, "migrant");
	assert_string_equal(it->due, "2026-04-01");
	assert_int_equal(it->days_overdue, -18);
	assert_string_equal(it->reason,
		"流动人口 · every 90 days · never met · on file since 01-01 · due in 18 days");
	due_list_free(&l);
}

static void test_met_resets_not_home_does_not(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	const struct wg_due_item *it;
	static const int zhang[] = { 10, 0 };

	visit_sql(fx, "v1", H1, "met", "2026-03-10 09:30", zhang);
	visit_sql(fx, "v2", H1, "not_home", "2026-03-12", NULL);
	visit_sql(fx, "v3", H1, "refused", "2026-03-13 18:00", NULL);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	it = find(&l, 10, "elderly_alone");
	assert_non_null(it);
	assert_string_equal(it->last_met, "2026-03-10");
	assert_string_equal(it->due, "2026-03-17");
	assert_int_equal(it->days_overdue, -3);
	assert_int_equal(it->attempts, 2);
	assert_string_equal(it->reason, "独居/空巢老人 · every 7 days · last met 03-10 · "
		"due in 3 days · 2 tries not met");
	/* the same visit met only 张三: 李四's clock still runs from the tag; the met visit
	 * is no attempt, the other two are */
	it = find(&l, 11, "community_correction");
	assert_string_equal(it->last_met, "");
	assert_int_equal(it->days_overdue, 65);
	assert_int_equal(it->attempts, 2);
	/* most late first */
	assert_int_equal(l.items[0].resident_id, 11);
	due_list_free(&l);

	/* a not-home attempt after the meeting does not move the clock back */
	visit_sql(fx, "v4", H1, "not_home", "2026-03-20", NULL);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-21", -1, &l);
	it = find(&l, 10, "elderly_alone");
	assert_string_equal(it->due, "2026-03-17");
	assert_int_equal(it->days_overdue, 4);
	assert_int_equal(it->attempts, 3);
	due_list_free(&l);
}

static void test_visit_changes_follow_triggers(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	static const int zhang[] = { 10, 0 };

	visit_sql(fx, "v1", H1, "met", "2026-03-10", zhang);
	/* corrected to nobody home: the meeting no longer counts */
	assert_int_equal(db_exec(fx->db, "UPDATE visit SET outcome = 'not_home' WHERE id = 'v1'"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "");
	assert_int_equal(find(&l, 10, "elderly_alone")->attempts, 1);
	due_list_free(&l);
	/* back to met on another day */
	assert_int_equal(db_exec(fx->db, "UPDATE visit SET outcome = 'met', at = '2026-03-11'"
		" WHERE id = 'v1'"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "2026-03-11");
	due_list_free(&l);
	/* deleted */
	assert_int_equal(db_exec(fx->db, "DELETE FROM visit WHERE id = 'v1'"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "");
	due_list_free(&l);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM resident_met", NULL, -1), 0);
}

static void test_visit_add_counts_and_refuses_future(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	static const char *const who[] = { "张三" };
	struct wg_visit_new v = { .household_id = H1, .outcome = "met", .date = "2026-03-09",
		.residents = who, .n_residents = 1 };

	setenv("WANGGE_TODAY", "2026-03-14", 1);
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, NULL), WG_OK);
	v.date = "2026-03-15";   /* tomorrow */
	assert_int_not_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, NULL), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, NULL, -1, &l);
	assert_string_equal(l.on, "2026-03-14");
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "2026-03-09");
	assert_string_equal(find(&l, 10, "elderly_alone")->due, "2026-03-16");
	due_list_free(&l);
}

static void test_visits_after_the_day_do_not_count(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	static const int zhang[] = { 10, 0 };

	/* recorded in the future (or asked about the past): not counted */
	visit_sql(fx, "v1", H1, "met", "2026-03-20", zhang);
	visit_sql(fx, "v2", H1, "not_home", "2026-03-21", NULL);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "");
	assert_int_equal(find(&l, 10, "elderly_alone")->attempts, 0);
	due_list_free(&l);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-20", -1, &l);
	assert_string_equal(find(&l, 10, "elderly_alone")->last_met, "2026-03-20");
	assert_int_equal(find(&l, 10, "elderly_alone")->days_overdue, -7);
	assert_string_equal(find(&l, 10, "elderly_alone")->reason,
		"独居/空巢老人 · every 7 days · last met 03-20 · due in 7 days");
	due_list_free(&l);
}

static void test_moved_out_and_departed_drop_out(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;

	assert_int_equal(db_exec(fx->db, "UPDATE resident SET moved_out_at = '2026-03-01'"
		" WHERE id = 11"), WG_OK);
	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 2);
	assert_null(find(&l, 11, "community_correction"));
	due_list_free(&l);
	assert_int_equal(db_exec(fx->db, "UPDATE resident_tag SET removed_at = '2026-03-02'"
		" WHERE resident_id = 10 AND category = 'migrant'"), WG_OK);
	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 1);
	due_list_free(&l);
	assert_int_equal(db_exec(fx->db, "UPDATE household SET departed_at = '2026-03-05'"
		" WHERE id = '" H1 "'"), WG_OK);
	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 0);
	assert_null(l.items);
	due_list_free(&l);
}

static void test_tag_added_later(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	const struct wg_due_item *it;
	static const int wang[] = { 30, 0 };

	/* 王五 was met before he was tagged: that meeting is no follow-up */
	visit_sql(fx, "v1", H3, "met", "2026-02-20", wang);
	assert_int_equal(db_exec(fx->db, "INSERT INTO resident_tag (resident_id, category, since)"
		" VALUES (30, 'elderly_alone', '2026-03-01')"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	it = find(&l, 30, "elderly_alone");
	assert_non_null(it);
	assert_string_equal(it->last_met, "");
	assert_string_equal(it->due, "2026-03-08");
	assert_int_equal(it->days_overdue, 6);
	assert_string_equal(it->reason,
		"独居/空巢老人 · every 7 days · never met · on file since 03-01 · 6 days late");
	due_list_free(&l);
	/* asked about a day before the tag existed: not listed */
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-02-28", -1, &l);
	assert_null(find(&l, 30, "elderly_alone"));
	due_list_free(&l);
	/* met on the day the tag was set: counts */
	visit_sql(fx, "v2", H3, "met", "2026-03-01 15:00", wang);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2026-03-14", -1, &l);
	assert_string_equal(find(&l, 30, "elderly_alone")->last_met, "2026-03-01");
	due_list_free(&l);
}

static void test_leap_day_and_year_end(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	const struct wg_due_item *it;
	static const int wang[] = { 30, 0 };

	assert_int_equal(db_exec(fx->db, "INSERT INTO resident_tag (resident_id, category, since)"
		" VALUES (30, 'elderly_alone', '2024-02-22')"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2024-02-29", 0, &l);
	it = find(&l, 30, "elderly_alone");
	assert_non_null(it);
	assert_string_equal(it->due, "2024-02-29");
	assert_int_equal(it->days_overdue, 0);
	assert_string_equal(it->reason,
		"独居/空巢老人 · every 7 days · never met · on file since 02-22 · due today");
	due_list_free(&l);
	visit_sql(fx, "v1", H3, "met", "2024-02-29 10:00", wang);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2024-03-01", -1, &l);
	assert_string_equal(find(&l, 30, "elderly_alone")->due, "2024-03-07");
	assert_int_equal(find(&l, 30, "elderly_alone")->days_overdue, -6);
	due_list_free(&l);
	/* a meeting last year is written with its year */
	visit_sql(fx, "v2", H3, "met", "2024-12-30", wang);
	list_on(fx, &fx->nobody, DUE_GRID, G1, "2025-01-10", -1, &l);
	it = find(&l, 30, "elderly_alone");
	assert_string_equal(it->due, "2025-01-06");
	assert_string_equal(it->reason,
		"独居/空巢老人 · every 7 days · last met 2024-12-30 · 4 days late");
	due_list_free(&l);
}

static void test_restricted_shown_to_grid_and_leaders_only(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	struct wg_actor a;
	const struct wg_due_item *it;

	assert_int_equal(actor_load(fx->db, "WS002", &a), WG_OK);   /* worker of G1 */
	list_on(fx, &a, DUE_WORKER, "WS002", "2026-03-14", 7, &l);
	it = find(&l, 11, "community_correction");
	assert_false(it->masked);
	assert_string_equal(it->shown, "社区矫正对象");
	assert_string_equal(it->reason,
		"社区矫正对象 · every 7 days · never met · on file since 01-01 · 65 days late");
	due_list_free(&l);
	actor_free(&a);

	assert_int_equal(actor_load(fx->db, "WS003", &a), WG_OK);   /* worker of G2 */
	list_on(fx, &a, DUE_GRID, G1, "2026-03-14", 7, &l);
	assert_true(find(&l, 11, "community_correction")->masked);
	assert_false(find(&l, 10, "elderly_alone")->masked);
	due_list_free(&l);
	actor_free(&a);

	assert_int_equal(actor_load(fx->db, "WS001", &a), WG_OK);   /* leader */
	list_on(fx, &a, DUE_COMMUNITY, "610104001900", "2026-03-14", 7, &l);
	assert_false(find(&l, 11, "community_correction")->masked);
	due_list_free(&l);
	actor_free(&a);
}

static void test_scopes_and_errors(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;
	struct wg_due_query q = { .scope = DUE_GRID, .code = "nope", .on = "2026-03-14" };

	list_on(fx, &fx->nobody, DUE_GRID, G2, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 0);
	due_list_free(&l);
	list_on(fx, &fx->nobody, DUE_WORKER, "WS003", "2026-03-14", -1, &l);
	assert_int_equal(l.n, 0);
	due_list_free(&l);
	list_on(fx, &fx->nobody, DUE_WORKER, "WS002", "2026-03-14", -1, &l);
	assert_int_equal(l.n, 3);
	due_list_free(&l);
	list_on(fx, &fx->nobody, DUE_COMMUNITY, "610104001900", "2026-03-14", 7, &l);
	assert_int_equal(l.n, 2);
	due_list_free(&l);
	list_on(fx, &fx->nobody, DUE_STREET, "610104001", "2026-03-14", 7, &l);
	assert_int_equal(l.n, 2);
	due_list_free(&l);
	/* within 18 days takes in the migrant follow-up due on 04-01 */
	list_on(fx, &fx->nobody, DUE_STREET, NULL, "2026-03-14", 18, &l);
	assert_int_equal(l.n, 3);
	due_list_free(&l);

	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_NOT_FOUND);
	assert_int_equal(l.n, 0);
	q.scope = DUE_WORKER;
	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_NOT_FOUND);
	q.scope = DUE_COMMUNITY;
	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_NOT_FOUND);
	q.code = NULL;
	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_USAGE);
	q.scope = DUE_GRID;
	q.code = G1;
	q.on = "2026-02-30";
	assert_int_equal(due_list(fx->db, fx->cfg, &fx->nobody, &q, &l), WG_USAGE);
	assert_non_null(strstr(wg_error_msg(), "2026-02-30"));
}

static void test_unknown_category_is_skipped(void **state)
{
	struct fx *fx = *state;
	struct wg_due_list l;

	/* a tag whose category the configuration no longer has has no interval */
	assert_int_equal(db_exec(fx->db, "INSERT INTO resident_tag (resident_id, category, since)"
		" VALUES (40, 'gone_category', '2026-01-01')"), WG_OK);
	list_on(fx, &fx->nobody, DUE_GRID, G2, "2026-03-14", -1, &l);
	assert_int_equal(l.n, 0);
	due_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hidden_lines_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_never_met_counts_from_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_met_resets_not_home_does_not, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visit_changes_follow_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visit_add_counts_and_refuses_future, setup, teardown),
		cmocka_unit_test_setup_teardown(test_visits_after_the_day_do_not_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_out_and_departed_drop_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tag_added_later, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leap_day_and_year_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restricted_shown_to_grid_and_leaders_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scopes_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_category_is_skipped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
