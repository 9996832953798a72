/* Masking of ID numbers and phones, used on every screen, printout and export unless the
 * operator reveals one field on purpose. */
#ifndef WANGGE_MASK_H
#define WANGGE_MASK_H

#include <stddef.h>

/* 61010419500101123X -> 6101**********123X (first 4 and last 4 kept). Short or odd
 * values keep at most their last 2 characters. Caller frees. */
char *mask_id_number(const char *id);
/* 13912345678 -> 139****5678; 029-87654321 -> 029-****4321. Caller frees. */
char *mask_phone(const char *phone);

#endif
