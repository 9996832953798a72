/* How a household's address and door number are written, the same everywhere: screen,
 * find, show, printouts, exports. */
#ifndef WANGGE_ADDRESS_H
#define WANGGE_ADDRESS_H

#include "wangge/common.h"

/* "恒富小区3号楼2单元501室"; compound and unit may be NULL or empty. Caller frees. */
char *address_format(const char *compound, const char *building_name, const char *unit,
	const char *room);
/* The door number people type: "3-2-501" (building code, unit, room), "3-501" without a
 * unit. Caller frees. */
char *address_door(const char *building_code, const char *unit, const char *room);

#endif
