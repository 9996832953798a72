/* Household lookup: every kind of term, ranking (exact, prefix, substring, then walking
 * order), what is never found (departed households, moved-out residents, category tags),
 * the index kept up to date, and the hits' fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/address.h"
#include "wangge/search.h"
#include "wangge/store.h"
#include "wangge/pinyin.h"
#include "../../src/core/search_int.h"

#define G1 "61010400190001"
#define G2 "61010400190002"
#define HA G1 "-3-2-501"   /* 张三 (户主, ID …123X, phone …5678), 李梅 */
#define HB G1 "-3-2-502"   /* 张三丰 */
#define HC G1 "-3-1-101"   /* 王张, 吕女 (walks before HA and HB); household phone …4321 */
#define HD G1 "-12-1-501"  /* 曾国华, 单田芳 */
#define HE G1 "-12-1-601"  /* departed: 张三 */
#define HF G1 "-12-1-602"  /* 刘洋; 张三 moved out */
#define HG G2 "-1-1-101"   /* 尉迟恭 (户主, second), 周𠮷 (community_correction) */
#define HH G2 "-1-1-102"   /* vacant */

static const char fixture_sql[] =
	"INSERT INTO street VALUES ('610104001', '青年路街道', '莲湖区', '西安市');"
	"INSERT INTO community VALUES ('610104001900', '610104001', '青年路示范社区', NULL);"
	"INSERT INTO grid VALUES ('" G1 "', '610104001900', '示范第一网格', NULL, NULL);"
	"INSERT INTO grid VALUES ('" G2 "', '610104001900', '示范第二网格', NULL, NULL);"
	"INSERT INTO building (id, grid_code, code, name, compound, walk_key) VALUES"
	"  (1, '" G1 "', '3', '3号楼', '莲湖路小区', '13'),"
	"  (2, '" G1 "', '12', '12号楼', '恒富小区', '212'),"
	"  (3, '" G2 "', '1', '1号楼', '莲湖花园', '11');"
	"INSERT INTO household (id, building_id, unit, room, phone, tenure, walk_key,"
	"  departed_at, created_at, updated_at) VALUES"
	"  ('" HA "', 1, '2', '501', NULL, 'owner', '12-3501', NULL, 'x', 'x'),"
	"  ('" HB "', 1, '2', '502', NULL, 'owner', '12-3502', NULL, 'x', 'x'),"
	"  ('" HC "', 1, '1', '101', '029-87654321', 'owner', '11-3101', NULL, 'x', 'x'),"
	"  ('" HD "', 2, '1', '501', NULL, 'owner', '11-3501', NULL, 'x', 'x'),"
	"  ('" HE "', 2, '1', '601', NULL, 'owner', '11-3601', '2026-10-01', 'x', 'x'),"
	"  ('" HF "', 2, '1', '602', NULL, 'owner', '11-3602', NULL, 'x', 'x'),"
	"  ('" HG "', 3, '1', '101', NULL, 'owner', '11-3101', NULL, 'x', 'x'),"
	"  ('" HH "', 3, '1', '102', NULL, 'vacant', '11-3102', NULL, 'x', 'x');"
	"INSERT INTO resident (id, household_id, position, name, id_number, relation, phone,"
	"  moved_out_at, created_at, updated_at) VALUES"
	"  (1, '" HA "', 0, '张三', '61010419500101123X', '户主', '13912345678', NULL, 'x', 'x'),"
	"  (2, '" HA "', 1, '李梅', '610104195202021234', '配偶', NULL, NULL, 'x', 'x'),"
	"  (3, '" HB "', 0, '张三丰', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (4, '" HC "', 0, '王张', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (5, '" HD "', 0, '曾国华', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (6, '" HD "', 1, '单田芳', NULL, '配偶', NULL, NULL, 'x', 'x'),"
	"  (7, '" HE "', 0, '张三', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (8, '" HF "', 0, '刘洋', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (9, '" HF "', 1, '张三', '610104198001019876', '子女', NULL, '2026-09-01', 'x', 'x'),"
	"  (10, '" HG "', 0, '周𠮷', NULL, '配偶', NULL, NULL, 'x', 'x'),"
	"  (11, '" HG "', 1, '尉迟恭', NULL, '户主', NULL, NULL, 'x', 'x'),"
	"  (12, '" HC "', 1, '吕女', NULL, '配偶', NULL, NULL, 'x', 'x');"
	"INSERT INTO resident_tag (resident_id, category, since) VALUES"
	"  (10, 'community_correction', '2026-01-01');";

static const char *const all_households[] = {HA, HB, HC, HD, HE, HF, HG, HH};

static char tmpdir[64];
static struct wg_db *db;

static int setup(void **state)
{
	char *path;

	(void)state;
	strcpy(tmpdir, "/tmp/wangge-search-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	path = xasprintf("%s/s.db", tmpdir);
	assert_int_equal(store_open(path, &db), WG_OK);
	free(path);
	assert_int_equal(db_exec(db, fixture_sql), WG_OK);
	assert_int_equal(db_begin(db), WG_OK);
	for (size_t i = 0; i < ARRAY_SIZE(all_households); i++)
		assert_int_equal(search_index_household(db, all_households[i]), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	store_close(db);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* The household ids found for query, comma-separated, best first. Caller frees. */
static char *found(const char *query)
{
	struct search_hit *hits;
	struct strbuf sb;
	size_t n;

	assert_int_equal(search_query(db, query, 50, &hits, &n), WG_OK);
	sb_init(&sb);
	sb_add(&sb, "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(&sb, ',');
		sb_add(&sb, hits[i].household_id);
	}
	search_hits_free(hits, n);
	return sb_detach(&sb);
}

#define EXPECT(query, want) do { \
		char *got_ = found(query); \
		assert_string_equal(got_, want); \
		free(got_); \
	} while (0)

static void test_chinese_names(void **state)
{
	(void)state;
	/* exact name, then prefix, then substring, whatever the walking order */
	EXPECT("张三", HA "," HB);
	EXPECT("张", HA "," HB "," HC);
	EXPECT("三丰", HB);
	EXPECT("梅", HA);
	EXPECT("张三丰", HB);
	EXPECT("不存在", "");
}

static void test_places(void **state)
{
	(void)state;
	/* compound and building names, from one character up; walking order */
	EXPECT("莲湖", HC "," HA "," HB "," HG "," HH);
	EXPECT("莲湖路", HC "," HA "," HB);
	EXPECT("恒富小区12号楼", HD "," HF);
	EXPECT("号楼", HC "," HA "," HB "," HD "," HF "," HG "," HH);
}

static void test_pinyin(void **state)
{
	(void)state;
	EXPECT("zhangsan", HA "," HB);
	EXPECT("zs", HA "," HB);
	EXPECT("zhangs", HA "," HB);
	EXPECT("zsan", HA "," HB);
	EXPECT("zsf", HB);
	EXPECT("zhangsanfeng", HB);
	EXPECT("ZhangSan", HA "," HB);
	/* a later syllable of a name, then of a place */
	EXPECT("sanfeng", HB);
	EXPECT("lhl", HC "," HA "," HB);
	EXPECT("lianhu", HC "," HA "," HB "," HG "," HH);
	EXPECT("hfxq", HD "," HF);
	/* ü typed as v or as u */
	EXPECT("lvnv", HC);
	EXPECT("lunu", HC);
	EXPECT("lvn", HC);
}

static void test_surname_pinyin(void **state)
{
	(void)state;
	EXPECT("zeng", HD);
	EXPECT("zgh", HD);
	EXPECT("ceng", "");
	EXPECT("shantianfang", HD);
	EXPECT("yuchigong", HG);
	EXPECT("ycg", HG);
	EXPECT("𠮷", HG);
}

static void test_door_numbers(void **state)
{
	(void)state;
	EXPECT("3-2-501", HA);
	EXPECT("3-2", HA "," HB);
	EXPECT("501", HA "," HD);
	EXPECT("12-1", HD "," HF);
	EXPECT("1-1-102", HH);
}

static void test_id_and_phone_digits(void **state)
{
	(void)state;
	EXPECT("123X", HA);
	EXPECT("0101123x", HA);
	EXPECT("61010419500101123X", HA);
	EXPECT("5678", HA);
	EXPECT("13912345678", HA);
	EXPECT("4321", HC);
	EXPECT("87654321", HC);
	/* fewer than 4 digits are a door or room number only */
	EXPECT("123", "");
	/* the moved-out resident's ID number is not found */
	EXPECT("9876", "");
}

static void test_terms_are_anded(void **state)
{
	(void)state;
	EXPECT("张 501", HA);
	EXPECT("501 张", HA);
	EXPECT("莲湖 zsf", HB);
	EXPECT("zs 3-2", HA "," HB);
	EXPECT("张 恒富", "");
	/* ideographic spaces separate terms too */
	EXPECT("张\xe3\x80\x80" "501", HA);
	EXPECT("   ", "");
}

static void test_never_found(void **state)
{
	(void)state;
	/* departed household, moved-out resident, vacant flat by name */
	EXPECT("12-1-601", "");
	EXPECT("刘洋", HF);
	EXPECT("刘洋 张三", "");
	/* category tags are never searchable, restricted or not */
	EXPECT("community_correction", "");
	EXPECT("社区矫正", "");
	EXPECT("重点关注", "");
}

static void test_hit_fields(void **state)
{
	struct search_hit *hits;
	size_t n;
	char *address = address_format("莲湖路小区", "3号楼", "2", "501");

	(void)state;
	assert_int_equal(search_query(db, "3-2-501", 10, &hits, &n), WG_OK);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].household_id, HA);
	assert_string_equal(hits[0].address, address);
	assert_string_equal(hits[0].door, "3-2-501");
	assert_string_equal(hits[0].head, "张三");
	assert_string_equal(hits[0].residents, "张三、李梅");
	assert_string_equal(hits[0].grid_code, G1);
	assert_int_equal(hits[0].rank, 0);
	search_hits_free(hits, n);
	free(address);

	/* the head of household first even when listed second; a vacant flat has none */
	assert_int_equal(search_query(db, "莲湖花园", 10, &hits, &n), WG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].head, "尉迟恭");
	assert_string_equal(hits[0].residents, "尉迟恭、周𠮷");
	assert_string_equal(hits[1].head, "");
	assert_string_equal(hits[1].residents, "");
	assert_int_equal(hits[1].rank, 2);
	search_hits_free(hits, n);

	/* no ID number or phone in any field */
	assert_int_equal(search_query(db, "5678", 10, &hits, &n), WG_OK);
	assert_int_equal(n, 1);
	assert_null(strstr(hits[0].residents, "5678"));
	assert_null(strstr(hits[0].address, "5678"));
	search_hits_free(hits, n);
}

static void test_limit_and_empty(void **state)
{
	struct search_hit *hits = (struct search_hit *)1;
	size_t n = 99;

	(void)state;
	assert_int_equal(search_query(db, "号楼", 2, &hits, &n), WG_OK);
	assert_int_equal(n, 2);
	assert_string_equal(hits[0].household_id, HC);
	assert_string_equal(hits[1].household_id, HA);
	search_hits_free(hits, n);
	assert_int_equal(search_query(db, "", 10, &hits, &n), WG_OK);
	assert_int_equal(n, 0);
	assert_null(hits);
}

static void test_reindex_after_change(void **state)
{
	(void)state;
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(db_exec(db, "UPDATE resident SET name = '张四' WHERE id = 1"), WG_OK);
	assert_int_equal(search_index_household(db, HA), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("张三", HB);
	EXPECT("张四", HA);
	EXPECT("zhangsi", HA);

	/* moving a building to another compound re-keys it */
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(db_exec(db, "UPDATE building SET compound = '青年小区' WHERE id = 2"), WG_OK);
	assert_int_equal(search_index_household(db, HD), WG_OK);
	assert_int_equal(search_index_household(db, HF), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("恒富", "");
	EXPECT("qnxq", HD "," HF);

	/* a household marked departed leaves the results */
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(db_exec(db, "UPDATE household SET departed_at = '2026-11-01' WHERE id = '"
		HB "'"), WG_OK);
	assert_int_equal(search_index_household(db, HB), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("zsf", "");

	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(search_unindex_household(db, HC), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("王张", "");
}

static void test_bulk_and_rebuild_agree(void **state)
{
	(void)state;
	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(search_begin_bulk(db), WG_OK);
	for (size_t i = 0; i < ARRAY_SIZE(all_households); i++)
		assert_int_equal(search_index_household(db, all_households[i]), WG_OK);
	search_end_bulk(db);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("张", HA "," HB "," HC);
	EXPECT("zs", HA "," HB);

	assert_int_equal(db_begin(db), WG_OK);
	assert_int_equal(search_rebuild(db), WG_OK);
	assert_int_equal(db_commit(db), WG_OK);
	EXPECT("张", HA "," HB "," HC);
	EXPECT("lhl", HC "," HA "," HB);
	EXPECT("3-2", HA "," HB);
	EXPECT("123X", HA);
}

static void test_budget_keeps_answers_valid(void **state)
{
	struct search_hit *hits;
	size_t n;

	(void)state;
	/* a scan budget never returns a household that does not match */
	assert_int_equal(search_query_budget(db, "号楼", 50, 1, &hits, &n), WG_OK);
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(hits[i].address, "号楼"));
	search_hits_free(hits, n);
}

/* The same answers when every term is read in walking order instead of through the
 * index (what happens to common terms in a big database). */
static void test_scan_path_agrees(void **state)
{
	search_debug_candidate_cap(0);
	test_chinese_names(state);
	test_places(state);
	test_pinyin(state);
	test_surname_pinyin(state);
	test_door_numbers(state);
	test_id_and_phone_digits(state);
	test_terms_are_anded(state);
	test_never_found(state);
	test_limit_and_empty(state);
	search_debug_candidate_cap(SIZE_MAX);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_chinese_names),
		T(test_places),
		T(test_pinyin),
		T(test_surname_pinyin),
		T(test_door_numbers),
		T(test_id_and_phone_digits),
		T(test_terms_are_anded),
		T(test_never_found),
		T(test_hit_fields),
		T(test_limit_and_empty),
		T(test_reindex_after_change),
		T(test_bulk_and_rebuild_agree),
		T(test_budget_keeps_answers_valid),
		T(test_scan_path_agrees),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	pinyin_cleanup();
	return rc;
}
