/* The visit checklist's content: walking order, masking, restricted categories never on
 * paper, due-only selection, sheets saved and loaded back for keying. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/checklist.h"
#include "wangge/config.h"
#include "wangge/store.h"

struct fixture {
	char dir[64];
	struct wg_db *db;
	struct wg_config *cfg;
};

/* One grid, rooms deliberately out of order ("10" must come after "2"), a vacant flat, a
 * resident under community correction (restricted) and an elderly person living alone. */
static const char fixture_sql[] =
	"INSERT INTO street VALUES ('S1', '青年路街道', '莲湖区', '西安市');"
	"INSERT INTO community VALUES ('C1', 'S1', '青年路示范社区', NULL);"
	"INSERT INTO grid VALUES ('G1', 'C1', '第一网格', NULL, NULL);"
	"INSERT INTO worker (id, name) VALUES ('W1', '王芳');"
	"INSERT INTO grid_worker VALUES ('G1', 'W1');"
	"INSERT INTO building (id, grid_code, code, name, compound, walk_key) VALUES"
	"  (1, 'G1', '3', '3号楼', '恒富小区', '3');"
	"INSERT INTO household (id, building_id, unit, room, tenure, walk_key, phone, created_at, updated_at) VALUES"
	"  ('H10', 1, '1', '10', 'owner', '11/210', '13912345678', 'x', 'x'),"
	"  ('H2', 1, '1', '2', 'owner', '11/12', NULL, 'x', 'x'),"
	"  ('H5', 1, '1', '5', 'vacant', '11/15', NULL, 'x', 'x');"
	"INSERT INTO resident (id, household_id, name, id_number, relation, created_at, updated_at) VALUES"
	"  (1, 'H10', '张三', '61010419500101123X', '户主', 'x', 'x'),"
	"  (2, 'H2', '李四', NULL, '户主', 'x', 'x');"
	"INSERT INTO resident_tag VALUES (1, 'community_correction', '2026-01-01', NULL, NULL);"
	"INSERT INTO resident_tag VALUES (2, 'elderly_alone', '2026-03-01', NULL, NULL);";

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	char *path;

	strcpy(f->dir, "/tmp/wangge-cl-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	path = xasprintf("%s/w.db", f->dir);
	assert_int_equal(store_open(path, &f->db), WG_OK);
	free(path);
	assert_int_equal(db_exec(f->db, fixture_sql), WG_OK);
	assert_int_equal(config_parse("builtin", wg_builtin_config, wg_builtin_config_len,
		&f->cfg), WG_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	store_close(f->db);
	config_free(f->cfg);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static bool sheet_mentions(const struct cl_sheet *s, const char *text)
{
	for (size_t i = 0; i < s->n_blocks; i++) {
		const struct cl_block *b = &s->blocks[i];

		if (strstr(b->address, text) || strstr(b->head, text) || strstr(b->marks, text) ||
		    (b->phone && strstr(b->phone, text)) || (b->id_number && strstr(b->id_number, text)))
			return true;
		for (size_t k = 0; k < b->n_items; k++)
			if (strstr(b->items[k], text))
				return true;
	}
	return false;
}

static void test_walking_order_and_masking(void **state)
{
	struct fixture *f = *state;
	struct cl_request req = { .grid_code = "G1", .date = "2026-03-15" };
	struct cl_sheet *s;

	assert_int_equal(checklist_build(f->db, f->cfg, &req, &s), WG_OK);
	assert_int_equal(s->n_blocks, 3);
	assert_string_equal(s->blocks[0].household_id, "H2");
	assert_string_equal(s->blocks[1].household_id, "H5");
	assert_string_equal(s->blocks[2].household_id, "H10");
	assert_int_equal(s->blocks[2].line, 3);
	assert_string_equal(s->street, "青年路街道");
	assert_string_equal(s->grid, "第一网格");
	assert_string_equal(s->worker, "王芳");
	assert_non_null(strstr(s->blocks[2].address, "恒富小区3号楼"));
	assert_string_equal(s->blocks[2].phone, "139****5678");
	assert_false(sheet_mentions(s, "61010419500101123X"));
	assert_false(sheet_mentions(s, "13912345678"));
	checklist_free(s);
}

static void test_restricted_category_never_on_the_sheet(void **state)
{
	struct fixture *f = *state;
	struct cl_request req = { .grid_code = "G1", .date = "2026-03-15" };
	const struct wg_category *cc = config_category(f->cfg, "community_correction");
	struct cl_sheet *s;

	assert_non_null(cc);
	assert_true(cc->restricted);
	assert_int_equal(checklist_build(f->db, f->cfg, &req, &s), WG_OK);
	assert_false(sheet_mentions(s, cc->name));
	for (size_t k = 0; k < cc->n_checklist; k++)
		assert_false(sheet_mentions(s, cc->checklist[k]));
	assert_non_null(strstr(s->blocks[2].marks, f->cfg->neutral_mark));
	/* the plain category is named, with its items */
	assert_non_null(strstr(s->blocks[0].marks, config_category(f->cfg, "elderly_alone")->name));
	assert_true(s->blocks[0].n_items > 0);
	checklist_free(s);
}

static void test_due_only(void **state)
{
	struct fixture *f = *state;
	const struct wg_category *ea = config_category(f->cfg, "elderly_alone");
	struct cl_request req = { .grid_code = "G1", .due_only = true };
	struct cl_sheet *s;
	char day_before[11], due_day[11];

	/* 李四 was tagged on 03-01 and never met: due on 03-01 + interval. */
	wg_date_from_days(wg_date_days("2026-03-01") + ea->interval_days - 1, day_before);
	wg_date_from_days(wg_date_days("2026-03-01") + ea->interval_days, due_day);
	req.date = day_before;
	assert_int_equal(checklist_build(f->db, f->cfg, &req, &s), WG_OK);
	for (size_t i = 0; i < s->n_blocks; i++)
		assert_string_not_equal(s->blocks[i].household_id, "H2");
	checklist_free(s);
	req.date = due_day;
	assert_int_equal(checklist_build(f->db, f->cfg, &req, &s), WG_OK);
	assert_true(s->n_blocks >= 1);
	assert_string_equal(s->blocks[0].household_id, "H2");
	for (size_t i = 0; i < s->n_blocks; i++)
		assert_string_not_equal(s->blocks[i].household_id, "H5");
	checklist_free(s);
}

static void test_saved_sheet_loads_back(void **state)
{
	struct fixture *f = *state;
	struct cl_request req = { .worker_id = "W1", .date = "2026-03-15" };
	struct cl_sheet *s, *back;

	assert_int_equal(checklist_build(f->db, f->cfg, &req, &s), WG_OK);
	assert_int_equal(checklist_save(f->db, s, "W1"), WG_OK);
	assert_non_null(s->id);
	assert_int_equal(strncmp(s->id, "20260315-", 9), 0);
	assert_int_equal(checklist_load(f->db, f->cfg, s->id, &back), WG_OK);
	assert_int_equal(back->n_blocks, s->n_blocks);
	for (size_t i = 0; i < s->n_blocks; i++) {
		assert_string_equal(back->blocks[i].household_id, s->blocks[i].household_id);
		assert_int_equal(back->blocks[i].n_items, s->blocks[i].n_items);
	}
	assert_string_equal(back->date, "2026-03-15");
	checklist_free(back);
	assert_int_equal(checklist_load(f->db, f->cfg, "19990101-FFFF", &back), WG_NOT_FOUND);
	checklist_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_walking_order_and_masking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restricted_category_never_on_the_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_sheet_loads_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
