/* Visits: what is recorded, what is refused, sheet lines keyed once, listing back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/config.h"
#include "wangge/household.h"
#include "wangge/store.h"
#include "wangge/visit.h"

#include "hh_fixture.h"

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

	strcpy(fx->dir, "/tmp/wangge-visit-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	path = xasprintf("%s/w.db", fx->dir);
	assert_int_equal(store_open(path, &fx->db), WG_OK);
	free(path);
	assert_int_equal(db_exec(fx->db, hh_fixture_sql), WG_OK);
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&fx->cfg), WG_OK);
	actor_nobody(&fx->nobody);
	setenv("WANGGE_TODAY", "2026-11-24", 1);
	setenv("WANGGE_NOW", "2026-11-24 09:30:00", 1);
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

static void test_defaults(void **state)
{
	struct fx *fx = *state;
	struct wg_visit_new v = { .household_id = H3 };
	struct wg_visit got;
	char id[37];

	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_OK);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(id[14], '4');
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_string_equal(got.household_id, H3);
	assert_string_equal(got.kind, "routine");
	assert_string_equal(got.outcome, "met");
	assert_string_equal(got.date, "2026-11-24");
	assert_string_equal(got.created_at, "2026-11-24 09:30:00");
	assert_null(got.worker_id);
	assert_null(got.created_by);
	assert_null(got.note);
	assert_null(got.sheet_id);
	/* the only resident living there was met */
	assert_int_equal(got.n_met, 1);
	assert_int_equal(got.met_ids[0], 30);
	assert_string_equal(got.met_names[0], "王五");
	assert_int_equal(got.n_items, 0);
	visit_free(&got);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action = "
		"'visit.add' AND object = ?1 AND operator IS NULL", id, 0), 1);
}

static void test_everything_given(void **state)
{
	struct fx *fx = *state;
	const char *met[] = { "李四", "1", "张三" };
	const char *items[] = { "身体状况", " ", "用药情况", "身体状况" };
	struct wg_visit_new v = {
		.household_id = H1, .worker_id = "WS002", .kind = "回访", .outcome = "met",
		.date = "2026-11-20", .residents = met, .n_residents = 3, .items = items,
		.n_items = 4, .note = "血压偏高",
	};
	struct wg_visit got;
	char id[37];

	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_OK);
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_string_equal(got.kind, "followup");
	assert_string_equal(got.worker_id, "WS002");
	assert_string_equal(got.worker_name, "单晓燕");
	assert_string_equal(got.date, "2026-11-20");
	assert_string_equal(got.note, "血压偏高");
	/* each resident once, in position order; blank and repeated items dropped */
	assert_int_equal(got.n_met, 2);
	assert_string_equal(got.met_names[0], "张三");
	assert_string_equal(got.met_names[1], "李四");
	assert_int_equal(got.n_items, 2);
	assert_string_equal(got.items[0], "用药情况");   /* items come back sorted */
	assert_string_equal(got.items[1], "身体状况");
	visit_free(&got);
}

static void test_who_was_met(void **state)
{
	struct fx *fx = *state;
	struct wg_visit_new v = { .household_id = H1 };
	struct wg_visit got;
	char id[37];

	/* two people live there: "met" without names records nobody in particular */
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_OK);
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_int_equal(got.n_met, 0);
	visit_free(&got);
	/* nobody home: nobody met, even when one person lives there */
	v.household_id = H3;
	v.outcome = "not_home";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_OK);
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_int_equal(got.n_met, 0);
	assert_string_equal(got.outcome, "not_home");
	visit_free(&got);
	/* by resident id (screens) */
	{
		int64_t ids[] = { 11 };
		struct wg_visit_new w = { .household_id = H1, .resident_ids = ids,
			.n_resident_ids = 1 };

		assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &w, id), WG_OK);
		assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
		assert_int_equal(got.n_met, 1);
		assert_string_equal(got.met_names[0], "李四");
		visit_free(&got);
		ids[0] = 30;
		assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &w, id), WG_INVALID);
	}
}

static void test_refusals(void **state)
{
	struct fx *fx = *state;
	const char *stranger[] = { "王五" };
	const char *twins[] = { "刘洋" };
	const char *second[] = { "2" };
	const char *third[] = { "3" };
	const char *departed[] = { "赵六" };
	struct wg_visit_new v = { .household_id = H1 };
	char id[37];

	v.date = "2026-11-25";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "2026-11-25"));
	v.date = "2026-02-30";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.date = NULL;
	v.kind = "party";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "routine"));
	v.kind = NULL;
	v.outcome = "maybe";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "not_home"));
	v.outcome = NULL;
	v.worker_id = "W404";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.worker_id = "WX";   /* left */
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.worker_id = NULL;
	v.residents = stranger;
	v.n_residents = 1;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.residents = departed;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.residents = third;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	v.household_id = "nope";
	v.n_residents = 0;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_NOT_FOUND);
	/* two residents with one name: the number picks one */
	v.household_id = H4;
	v.residents = twins;
	v.n_residents = 1;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_INVALID);
	assert_non_null(strstr(wg_error_msg(), "2"));
	v.residents = second;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, id), WG_OK);
	/* nothing of the refused ones was written */
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM visit", NULL, -1), 1);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM visit_resident "
		"WHERE resident_id = 41", NULL, -1), 1);
	assert_false(db_in_transaction(fx->db));
}

static void test_scope(void **state)
{
	struct fx *fx = *state;
	struct wg_actor leader, other;
	struct wg_visit_new v = { .household_id = H1 };
	struct wg_visit got;
	char id[37];

	assert_int_equal(actor_load(fx->db, "WS003", &other), WG_OK);
	assert_int_equal(visit_add(fx->db, fx->cfg, &other, &v, id), WG_DENIED);
	assert_int_equal(actor_load(fx->db, "WS001", &leader), WG_OK);
	assert_int_equal(visit_add(fx->db, fx->cfg, &leader, &v, id), WG_OK);
	/* the actor is the worker and the operator */
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_string_equal(got.worker_id, "WS001");
	assert_string_equal(got.created_by, "WS001");
	visit_free(&got);
	/* a leader keys in a sheet for a worker: worker named, leader stamped */
	v.worker_id = "WS002";
	assert_int_equal(visit_add(fx->db, fx->cfg, &leader, &v, id), WG_OK);
	assert_int_equal(visit_get(fx->db, id, &got), WG_OK);
	assert_string_equal(got.worker_id, "WS002");
	assert_string_equal(got.created_by, "WS001");
	visit_free(&got);
	actor_free(&leader);
	actor_free(&other);
}

static void test_sheet_line_once(void **state)
{
	struct fx *fx = *state;
	struct wg_visit_new v = { .household_id = H1, .sheet_id = "S-1", .sheet_line = 3,
		.outcome = "not_home" };
	char first[37], again[37];

	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, first), WG_OK);
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, again), WG_EXISTS);
	assert_string_equal(first, again);
	assert_non_null(strstr(wg_error_msg(), "S-1"));
	v.sheet_line = 4;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, again), WG_OK);
	v.sheet_line = 0;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, again), WG_INVALID);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM visit", NULL, -1), 2);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action = "
		"'visit.add'", NULL, -1), 2);
}

static void test_list(void **state)
{
	struct fx *fx = *state;
	struct wg_visit_new v = { .household_id = H1, .worker_id = "WS002" };
	struct wg_visit_filter f = { 0 };
	struct wg_visit *list;
	size_t n;
	char a[37], b[37], c[37], d[37];

	v.date = "2026-11-01";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, a), WG_OK);
	v.date = "2026-11-10";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, b), WG_OK);
	v.worker_id = "WS003";
	v.household_id = H4;
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, c), WG_OK);
	v.worker_id = NULL;
	v.household_id = H3;
	v.date = "2026-11-20";
	assert_int_equal(visit_add(fx->db, fx->cfg, &fx->nobody, &v, d), WG_OK);

	assert_int_equal(visit_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].id, d);      /* latest first */
	assert_string_equal(list[3].id, a);
	visits_free(list, n);

	f.household_id = H1;
	assert_int_equal(visit_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, b);
	visits_free(list, n);

	f.household_id = NULL;
	f.worker_id = "WS002";
	f.from = "2026-11-02";
	f.to = "2026-11-10";
	assert_int_equal(visit_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].id, b);
	visits_free(list, n);

	memset(&f, 0, sizeof f);
	f.grid_code = G1;
	f.limit = 2;
	assert_int_equal(visit_list(fx->db, &f, &list, &n), WG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].id, d);
	assert_string_equal(list[1].id, b);
	visits_free(list, n);

	f.from = "yesterday";
	assert_int_equal(visit_list(fx->db, &f, &list, &n), WG_USAGE);

	/* the household's latest visits come with it */
	{
		struct wg_household hh;

		assert_int_equal(household_load(fx->db, fx->cfg, H1, 1, &hh), WG_OK);
		assert_int_equal(hh.n_visits, 1);
		assert_string_equal(hh.visits[0].id, b);
		household_free(&hh);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everything_given, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_was_met, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_line_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
