/* Citizen ID numbers (GB 11643): the importer's warnings depend on these being right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "wangge/common.h"
#include "wangge/idnum.h"

static void test_check_character(void **state)
{
	(void)state;
	/* The standard's own example, and numbers whose check is X and 0. */
	assert_int_equal(idnum_check_char("11010519491231002X"), 'X');
	assert_true(idnum_check_ok("11010519491231002X"));
	assert_true(idnum_check_ok("11010519491231002x"));
	assert_true(idnum_check_ok("610104195001011236"));
	assert_int_equal(idnum_check_char("610104195001011237"), '6');
	assert_false(idnum_check_ok("610104195001011237"));
	assert_false(idnum_check_ok("110105194912310021"));
}

static void test_well_formed(void **state)
{
	(void)state;
	assert_true(idnum_well_formed("610104195001011236"));
	assert_false(idnum_well_formed("61010419500101123"));     /* 17 characters */
	assert_false(idnum_well_formed("6101041950010112366"));   /* 19 */
	assert_false(idnum_well_formed("61010419500101123Y"));
	assert_false(idnum_well_formed("6101041950010X1236"));    /* X only at the end */
	assert_false(idnum_well_formed("610104500101123"));       /* old 15-digit form */
	assert_false(idnum_well_formed(""));
}

static void test_birth_and_sex(void **state)
{
	char born[11];

	(void)state;
	assert_true(idnum_birth("11010519491231002X", born));
	assert_string_equal(born, "1949-12-31");
	assert_int_equal(idnum_sex("11010519491231002X"), 'F');
	assert_int_equal(idnum_sex("610104195001011236"), 'M');
	/* 30 February is not a date. */
	assert_false(idnum_birth("610104198002302344", born));
	assert_false(idnum_birth("61010419800230234", born));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_character),
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_birth_and_sex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
