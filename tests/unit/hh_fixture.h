/* A small grid written with SQL, shared by test_household.c and test_visit.c: one
 * community, two grids, a leader and two workers, four households (one vacant), a
 * departed resident, restricted and open tags, two residents with the same name. */
#ifndef HH_FIXTURE_H
#define HH_FIXTURE_H

#define G1 "61010400190001"
#define G2 "61010400190002"
#define H1 "61010400190001-1-1-101"   /* 张三 户主 (elderly_alone), 李四 (community_correction) */
#define H2 "61010400190001-1-1-201"   /* vacant */
#define H3 "61010400190001-10-1-101"  /* 王五 alone, not registered */
#define H4 "61010400190002-2-101"     /* rented, two residents named 刘洋 */

static const char hh_fixture_sql[] =
	"INSERT INTO street VALUES ('610104001', '青年路街道', '莲湖区', '西安市');"
	"INSERT INTO community VALUES ('610104001900', '610104001', '青年路示范社区', NULL);"
	"INSERT INTO grid VALUES ('" G1 "', '610104001900', '示范第一网格', NULL, NULL);"
	"INSERT INTO grid VALUES ('" G2 "', '610104001900', '示范第二网格', NULL, NULL);"
	"INSERT INTO worker (id, name, role) VALUES ('WS001', '曾丽华', 'leader'),"
	"  ('WS002', '单晓燕', 'worker'), ('WS003', '解放', 'worker');"
	"INSERT INTO worker (id, name, role, departed_at) VALUES ('WX', '离职', 'worker', '2026-01-01');"
	"INSERT INTO grid_worker VALUES ('" G1 "', 'WS001'), ('" G1 "', 'WS002'), ('" G2 "', 'WS003');"
	"INSERT INTO building (id, grid_code, code, name, compound, walk_key) VALUES"
	"  (1, '" G1 "', '1', '1号楼', '恒富小区', '11'),"
	"  (2, '" G1 "', '10', '10号楼', NULL, '210'),"
	"  (3, '" G2 "', '2', '2号楼', NULL, '12');"
	"INSERT INTO household (id, building_id, unit, room, floor, phone, tenure, note, walk_key,"
	"  created_at, updated_at) VALUES"
	"  ('" H2 "', 1, '1', '201', 2, NULL, 'vacant', NULL, '11-11-3201', '2026-11-01 08:00:00', '2026-11-01 08:00:00'),"
	"  ('" H1 "', 1, '1', '101', 1, '02987310101', 'owner', '老旧楼', '11-11-3101', '2026-11-01 08:00:00', '2026-11-01 08:00:00'),"
	"  ('" H3 "', 2, '1', '101', 1, NULL, 'owner', NULL, '210-11-3101', '2026-11-01 08:00:00', '2026-11-01 08:00:00'),"
	"  ('" H4 "', 3, NULL, '101', 1, NULL, 'rented', NULL, '12-3101', '2026-11-01 08:00:00', '2026-11-01 08:00:00');"
	"INSERT INTO resident (id, household_id, position, name, id_number, sex, birth, relation,"
	"  phone, registered, departed_at, created_at, updated_at) VALUES"
	"  (11, '" H1 "', 1, '李四', '610104195001011234', '女', '1950-01-01', '配偶', NULL, 1, NULL, 'x', 'x'),"
	"  (10, '" H1 "', 0, '张三', '61010419480101123X', '男', '1948-01-01', '户主', '13912345678', 1, NULL, 'x', 'x'),"
	"  (12, '" H1 "', 2, '赵六', NULL, NULL, NULL, '子女', NULL, 1, '2026-10-01', 'x', 'x'),"
	"  (30, '" H3 "', 0, '王五', NULL, '男', NULL, '户主', NULL, 0, NULL, 'x', 'x'),"
	"  (40, '" H4 "', 0, '刘洋', NULL, '男', NULL, '户主', NULL, 0, NULL, 'x', 'x'),"
	"  (41, '" H4 "', 1, '刘洋', NULL, '女', NULL, '子女', NULL, 0, NULL, 'x', 'x');"
	"INSERT INTO resident_tag (resident_id, category, since) VALUES"
	"  (10, 'migrant', '2026-01-01'), (10, 'elderly_alone', '2026-01-01'),"
	"  (11, 'community_correction', '2026-01-01'),"
	"  (12, 'disabled', '2026-01-01');"
	"INSERT INTO resident_tag (resident_id, category, since, removed_at) VALUES"
	"  (30, 'low_income', '2026-01-01', '2026-06-01');";

#endif
