/* Dates, walking-order keys, ids and masking: small things everything relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/mask.h"

static void test_dates(void **state)
{
	char buf[11];

	(void)state;
	assert_true(wg_date_valid("2024-02-29"));
	assert_false(wg_date_valid("2023-02-29"));
	assert_false(wg_date_valid("1900-02-29"));
	assert_true(wg_date_valid("2000-02-29"));
	assert_false(wg_date_valid("2024-13-01"));
	assert_false(wg_date_valid("2024-1-01"));
	assert_false(wg_date_valid("2024-01-01x"));
	assert_int_equal(wg_date_days("1970-01-01"), 0);
	assert_int_equal(wg_date_days("2024-03-01") - wg_date_days("2024-02-28"), 2);
	assert_int_equal(wg_date_days("2023-03-01") - wg_date_days("2023-02-28"), 1);
	assert_int_equal(wg_date_days("nonsense"), INT32_MIN);
	wg_date_from_days(wg_date_days("2024-02-29") + 1, buf);
	assert_string_equal(buf, "2024-03-01");
	wg_date_from_days(wg_date_days("1999-12-31") + 1, buf);
	assert_string_equal(buf, "2000-01-01");
	setenv("WANGGE_TODAY", "2026-03-14", 1);
	wg_today(buf);
	assert_string_equal(buf, "2026-03-14");
	unsetenv("WANGGE_TODAY");
}

static void test_natural_key_orders_numbers(void **state)
{
	const char *in[] = { "2", "10", "1", "2A", "02", "9", "100" };
	char *k[ARRAY_SIZE(in)];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(in); i++)
		k[i] = wg_natural_key(in[i]);
	assert_true(strcmp(k[0], k[1]) < 0);   /* 2 < 10 */
	assert_true(strcmp(k[2], k[0]) < 0);   /* 1 < 2 */
	assert_true(strcmp(k[0], k[3]) < 0);   /* 2 < 2A */
	assert_string_equal(k[0], k[4]);       /* 02 == 2 */
	assert_true(strcmp(k[5], k[1]) < 0);   /* 9 < 10 */
	assert_true(strcmp(k[1], k[6]) < 0);   /* 10 < 100 */
	for (i = 0; i < ARRAY_SIZE(in); i++)
		free(k[i]);
}

static void test_uuid_shape_and_uniqueness(void **state)
{
	char a[37], b[37];

	(void)state;
	wg_uuid(a);
	wg_uuid(b);
	assert_int_equal(strlen(a), 36);
	assert_int_equal(a[14], '4');
	assert_true(strchr("89ab", a[19]) != NULL);
	assert_string_not_equal(a, b);
}

static void test_masking(void **state)
{
	char *m;

	(void)state;
	m = mask_id_number("61010419500101123X");
	assert_string_equal(m, "6101**********123X");
	free(m);
	m = mask_phone("13912345678");
	assert_string_equal(m, "139****5678");
	free(m);
	m = mask_phone("029-87654321");
	assert_string_equal(m, "029-****4321");
	free(m);
	m = mask_phone("12345");
	assert_string_equal(m, "***45");
	free(m);
	assert_null(mask_phone(NULL));
}

/* A message may wrap the detail already set, as `wangge key` does with the input line. */
static void test_error_wraps_its_own_detail(void **state)
{
	(void)state;
	wg_error_set(WG_INVALID, "line %d: '%s' is not an outcome", 7, "q");
	assert_int_equal(wg_error_set(WG_INVALID, "stdin:2: %s", wg_error_msg()), WG_INVALID);
	assert_string_equal(wg_error_msg(), "stdin:2: line 7: 'q' is not an outcome");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_natural_key_orders_numbers),
		cmocka_unit_test(test_uuid_shape_and_uniqueness),
		cmocka_unit_test(test_masking),
		cmocka_unit_test(test_error_wraps_its_own_detail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
