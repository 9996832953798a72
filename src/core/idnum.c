/* GB 11643-1999 citizen ID numbers: check character, birth date, sex. */
#include "wangge/common.h"
#include "wangge/idnum.h"

bool idnum_well_formed(const char *s)
{
	int i;

	for (i = 0; i < 17; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return (isdigit((unsigned char)s[17]) || s[17] == 'X' || s[17] == 'x') && s[18] == '\0';
}

char idnum_check_char(const char *s)
{
	/* Weights 2^(17-i) mod 11; the remainder picks the check character. */
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * weight[i];
	return check[sum % 11];
}

bool idnum_check_ok(const char *s)
{
	return idnum_well_formed(s) && toupper((unsigned char)s[17]) == idnum_check_char(s);
}

bool idnum_birth(const char *s, char out[11])
{
	if (!idnum_well_formed(s))
		return false;
	snprintf(out, 11, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
	return wg_date_valid(out);
}

char idnum_sex(const char *s)
{
	return (s[16] - '0') % 2 ? 'M' : 'F';
}
