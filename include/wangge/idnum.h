/* Citizen ID numbers (公民身份号码, GB 11643-1999): 6-digit area code, 8-digit birth date
 * YYYYMMDD, 3-digit sequence (odd for men, even for women) and a check character
 * (0-9 or X) computed from the first 17 digits. */
#ifndef WANGGE_IDNUM_H
#define WANGGE_IDNUM_H

#include "wangge/common.h"

/* 18 characters: 17 digits, then a digit or X (a lower-case x is accepted). */
bool idnum_well_formed(const char *s);
/* The check character the first 17 digits call for ('0'-'9' or 'X'); s must start with
 * 17 digits. */
char idnum_check_char(const char *s);
/* Well formed and the last character is the right check character. */
bool idnum_check_ok(const char *s);
/* The birth date written in a well-formed number as "YYYY-MM-DD" into out[11]; false
 * when those 8 digits are not a real date. */
bool idnum_birth(const char *s, char out[11]);
/* 'M' (男) or 'F' (女) from the sequence number's parity; well-formed numbers only. */
char idnum_sex(const char *s);

#endif
