/* Households: loading one with everything around it, the walking list, labels that hide
 * restricted categories, and edits that never silently overwrite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/access.h"
#include "wangge/address.h"
#include "wangge/config.h"
#include "wangge/household.h"
#include "wangge/store.h"
#include "wangge/visit.h"

#include "hh_fixture.h"

struct fx {
	char dir[64];
	struct wg_db *db;
	struct wg_config *cfg;
};

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));
	char *path;

	strcpy(fx->dir, "/tmp/wangge-hh-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	path = xasprintf("%s/w.db", fx->dir);
	assert_int_equal(store_open(path, &fx->db), WG_OK);
	free(path);
	assert_int_equal(db_exec(fx->db, hh_fixture_sql), WG_OK);
	assert_int_equal(config_parse("built-in", wg_builtin_config, wg_builtin_config_len,
		&fx->cfg), WG_OK);
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

static void test_load_household(void **state)
{
	struct fx *fx = *state;
	struct wg_household hh;
	char *addr = address_format("恒富小区", "1号楼", "1", "101");

	assert_int_equal(household_load(fx->db, fx->cfg, H1, 5, &hh), WG_OK);
	assert_string_equal(hh.id, H1);
	assert_string_equal(hh.street_name, "青年路街道");
	assert_string_equal(hh.community_name, "青年路示范社区");
	assert_string_equal(hh.grid_code, G1);
	assert_string_equal(hh.grid_name, "示范第一网格");
	assert_string_equal(hh.compound, "恒富小区");
	assert_string_equal(hh.address, addr);
	assert_string_equal(hh.door, "1-1-101");
	assert_string_equal(hh.tenure, "owner");
	assert_string_equal(hh.phone, "02987310101");
	assert_int_equal(hh.version, 1);
	assert_null(hh.departed_at);
	/* position order, departed resident left out */
	assert_int_equal(hh.n_residents, 2);
	assert_string_equal(hh.residents[0].name, "张三");
	assert_string_equal(hh.residents[1].name, "李四");
	assert_string_equal(household_head(&hh)->name, "张三");
	/* tags in the config's order (elderly_alone before migrant), whatever the insert order */
	assert_int_equal(hh.residents[0].n_tags, 2);
	assert_string_equal(hh.residents[0].tags[0], "elderly_alone");
	assert_string_equal(hh.residents[0].tags[1], "migrant");
	assert_true(household_has_restricted(&hh, fx->cfg));
	assert_int_equal(hh.n_visits, 0);
	household_free(&hh);
	free(addr);
}

static void test_load_missing_and_removed_tags(void **state)
{
	struct fx *fx = *state;
	struct wg_household hh;

	assert_int_equal(household_load(fx->db, fx->cfg, "nope", 5, &hh), WG_NOT_FOUND);
	assert_non_null(strstr(wg_error_msg(), "nope"));
	/* a tag that was taken away is not shown */
	assert_int_equal(household_load(fx->db, fx->cfg, H3, 5, &hh), WG_OK);
	assert_int_equal(hh.n_residents, 1);
	assert_int_equal(hh.residents[0].n_tags, 0);
	assert_false(hh.residents[0].registered);
	assert_false(household_has_restricted(&hh, fx->cfg));
	household_free(&hh);
	/* an empty flat has no head */
	assert_int_equal(household_load(fx->db, fx->cfg, H2, 5, &hh), WG_OK);
	assert_int_equal(hh.n_residents, 0);
	assert_null(household_head(&hh));
	household_free(&hh);
}

static void test_labels_hide_restricted(void **state)
{
	struct fx *fx = *state;

	assert_string_equal(household_category_label(fx->cfg, "community_correction", false),
		"重点关注");
	assert_string_equal(household_category_label(fx->cfg, "community_correction", true),
		"社区矫正对象");
	assert_string_equal(household_category_label(fx->cfg, "elderly_alone", false),
		"独居/空巢老人");
	assert_string_equal(household_category_label(fx->cfg, "unknown_code", false),
		"unknown_code");
}

static void test_walking_list(void **state)
{
	struct fx *fx = *state;
	struct wg_household_row *rows;
	size_t n;
	char id[37];
	struct wg_actor nobody;
	struct wg_visit_new v = { .household_id = H1, .date = "2026-11-20" };

	actor_nobody(&nobody);
	assert_int_equal(visit_add(fx->db, fx->cfg, &nobody, &v, id), WG_OK);
	assert_int_equal(household_list_grid(fx->db, fx->cfg, G1, &rows, &n), WG_OK);
	/* building 1 before building 10, room 101 before 201 */
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].id, H1);
	assert_string_equal(rows[1].id, H2);
	assert_string_equal(rows[2].id, H3);
	assert_string_equal(rows[0].head, "张三");
	assert_int_equal(rows[0].n_residents, 2);
	assert_string_equal(rows[0].last_visit, "2026-11-20");
	/* elderly_alone, migrant (张三) and community_correction (李四); not the departed 赵六's */
	assert_int_equal(rows[0].n_tags, 3);
	assert_string_equal(rows[0].tags[0], "elderly_alone");
	assert_string_equal(rows[0].tags[1], "migrant");
	assert_string_equal(rows[0].tags[2], "community_correction");
	assert_null(rows[1].head);
	assert_int_equal(rows[1].n_residents, 0);
	assert_null(rows[1].last_visit);
	assert_string_equal(rows[1].tenure, "vacant");
	household_rows_free(rows, n);
	assert_int_equal(household_list_grid(fx->db, fx->cfg, "999", &rows, &n), WG_NOT_FOUND);
	/* a departed household leaves the walk */
	assert_int_equal(db_exec(fx->db, "UPDATE household SET departed_at = '2026-11-01' "
		"WHERE id = '" H2 "'"), WG_OK);
	assert_int_equal(household_list_grid(fx->db, fx->cfg, G1, &rows, &n), WG_OK);
	assert_int_equal(n, 2);
	household_rows_free(rows, n);
}

static void test_edit_household(void **state)
{
	struct fx *fx = *state;
	struct wg_actor leader;
	struct wg_household hh;
	int64_t v2 = 0;

	assert_int_equal(actor_load(fx->db, "WS001", &leader), WG_OK);
	assert_int_equal(household_edit(fx->db, &leader, H1, 1, "note", "三楼有狗", &v2), WG_OK);
	assert_int_equal(v2, 2);
	assert_int_equal(household_load(fx->db, fx->cfg, H1, 0, &hh), WG_OK);
	assert_string_equal(hh.note, "三楼有狗");
	assert_string_equal(hh.updated_by, "WS001");
	assert_string_equal(hh.updated_at, "2026-11-24 09:30:00");
	assert_int_equal(hh.version, 2);
	household_free(&hh);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action = "
		"'household.edit' AND operator = 'WS001' AND object = ?1", H1, 0), 1);

	/* someone still holding version 1 is refused, and nothing changes */
	assert_int_equal(household_edit(fx->db, &leader, H1, 1, "note", "旧的", NULL),
		WG_CONFLICT);
	assert_non_null(strstr(wg_error_msg(), "WS001"));
	assert_int_equal(household_load(fx->db, fx->cfg, H1, 0, &hh), WG_OK);
	assert_string_equal(hh.note, "三楼有狗");
	assert_int_equal(hh.version, 2);
	household_free(&hh);

	/* clearing, bad values, unknown fields and households */
	assert_int_equal(household_edit(fx->db, &leader, H1, 2, "phone", "", NULL), WG_OK);
	assert_int_equal(household_edit(fx->db, &leader, H1, 3, "tenure", "castle", NULL),
		WG_INVALID);
	assert_int_equal(household_edit(fx->db, &leader, H1, 3, "tenure", "rented", NULL), WG_OK);
	assert_int_equal(household_edit(fx->db, &leader, H1, 4, "floor", "3", NULL), WG_USAGE);
	assert_int_equal(household_edit(fx->db, &leader, "nope", 1, "note", "x", NULL),
		WG_NOT_FOUND);
	assert_int_equal(household_edit(fx->db, &leader, H1, 4, "note", "a\033[2Jb", NULL),
		WG_INVALID);
	assert_int_equal(household_load(fx->db, fx->cfg, H1, 0, &hh), WG_OK);
	assert_null(hh.phone);
	assert_string_equal(hh.tenure, "rented");
	household_free(&hh);
	/* the audit says a phone changed, never to what */
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE detail LIKE "
		"'%029%'", NULL, -1), 0);
	actor_free(&leader);
}

static void test_edit_scope(void **state)
{
	struct fx *fx = *state;
	struct wg_actor other, nobody;

	/* WS003 works in grid 2: grid 1's households are not theirs to edit */
	assert_int_equal(actor_load(fx->db, "WS003", &other), WG_OK);
	assert_int_equal(household_edit(fx->db, &other, H1, 1, "note", "x", NULL), WG_DENIED);
	assert_int_equal(household_edit(fx->db, &other, H4, 1, "note", "x", NULL), WG_OK);
	actor_free(&other);
	/* the command line edits anonymously */
	actor_nobody(&nobody);
	assert_int_equal(household_edit(fx->db, &nobody, H3, 1, "note", "y", NULL), WG_OK);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE object = ?1 "
		"AND operator IS NULL", H3, 0), 1);
	/* departed households stay as they were */
	assert_int_equal(db_exec(fx->db, "UPDATE household SET departed_at = '2026-11-01' "
		"WHERE id = '" H2 "'"), WG_OK);
	assert_int_equal(household_edit(fx->db, &nobody, H2, 1, "note", "x", NULL), WG_STATE);
}

static void test_edit_resident(void **state)
{
	struct fx *fx = *state;
	struct wg_actor w;
	struct wg_household hh;
	int64_t v = 0;

	assert_int_equal(actor_load(fx->db, "WS002", &w), WG_OK);
	assert_int_equal(resident_edit(fx->db, &w, 10, 1, "id_number", "61010419480101123x", &v),
		WG_OK);
	assert_int_equal(v, 2);
	assert_int_equal(resident_edit(fx->db, &w, 10, 2, "registered", "no", &v), WG_OK);
	assert_int_equal(resident_edit(fx->db, &w, 10, 3, "sex", "M", NULL), WG_INVALID);
	assert_int_equal(resident_edit(fx->db, &w, 10, 3, "birth", "2099-01-01", NULL),
		WG_INVALID);
	assert_int_equal(resident_edit(fx->db, &w, 10, 3, "id_number", "12345", NULL),
		WG_INVALID);
	assert_int_equal(resident_edit(fx->db, &w, 10, 3, "name", "", NULL), WG_INVALID);
	assert_int_equal(resident_edit(fx->db, &w, 10, 1, "name", "张叁", NULL), WG_CONFLICT);
	assert_int_equal(resident_edit(fx->db, &w, 10, 3, "shoe", "42", NULL), WG_USAGE);
	assert_int_equal(resident_edit(fx->db, &w, 999, 1, "name", "x", NULL), WG_NOT_FOUND);
	/* departed residents are history */
	assert_int_equal(resident_edit(fx->db, &w, 12, 1, "name", "x", NULL), WG_STATE);
	assert_int_equal(resident_edit(fx->db, &w, 11, 1, "moved_out_at", "2026-11-01", NULL),
		WG_OK);
	assert_int_equal(household_load(fx->db, fx->cfg, H1, 0, &hh), WG_OK);
	assert_string_equal(hh.residents[0].id_number, "61010419480101123X");
	assert_false(hh.residents[0].registered);
	assert_int_equal(hh.residents[0].version, 3);
	assert_string_equal(hh.residents[1].moved_out_at, "2026-11-01");
	household_free(&hh);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM audit WHERE action = "
		"'resident.edit' AND detail LIKE '%1234%'", NULL, -1), 0);
	actor_free(&w);
}

static void test_tags(void **state)
{
	struct fx *fx = *state;
	struct wg_actor nobody, w, other;
	struct wg_household hh;

	actor_nobody(&nobody);
	assert_int_equal(actor_load(fx->db, "WS002", &w), WG_OK);
	assert_int_equal(actor_load(fx->db, "WS003", &other), WG_OK);
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &nobody, 30, "veteran", true), WG_OK);
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &nobody, 30, "nonsense", true),
		WG_INVALID);
	/* restricted: only those who may see it */
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &nobody, 30, "drug_user", true),
		WG_DENIED);
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &other, 30, "drug_user", true),
		WG_DENIED);
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &w, 30, "drug_user", true), WG_OK);
	/* given back after removal: active again, clock from today */
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &w, 30, "low_income", true), WG_OK);
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM resident_tag WHERE "
		"resident_id = 30 AND category = 'low_income' AND since = '2026-11-24' "
		"AND removed_at IS NULL", NULL, 0), 1);
	assert_int_equal(resident_tag_set(fx->db, fx->cfg, &w, 30, "veteran", false), WG_OK);
	assert_int_equal(household_load(fx->db, fx->cfg, H3, 0, &hh), WG_OK);
	assert_int_equal(hh.residents[0].n_tags, 2);
	assert_string_equal(hh.residents[0].tags[0], "low_income");
	assert_string_equal(hh.residents[0].tags[1], "drug_user");
	household_free(&hh);
	/* the removed tag is kept as history */
	assert_int_equal(db_get_int(fx->db, "SELECT count(*) FROM resident_tag WHERE "
		"resident_id = 30 AND category = 'veteran' AND removed_at = '2026-11-24'", NULL, 0), 1);
	actor_free(&w);
	actor_free(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_household, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_missing_and_removed_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels_hide_restricted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walking_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_household, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_resident, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
