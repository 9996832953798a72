#include "wangge/common.h"
#include "wangge/address.h"

static bool present(const char *s)
{
	return s && *s;
}

char *address_format(const char *compound, const char *building_name, const char *unit,
	const char *room)
{
	struct strbuf sb;

	sb_init(&sb);
	if (present(compound))
		sb_add(&sb, compound);
	if (present(building_name))
		sb_add(&sb, building_name);
	if (present(unit))
		/* TRANSLATORS: a staircase of a building, after its number: "2单元". */
		sb_addf(&sb, _("%s-unit "), unit);
	if (present(room))
		/* TRANSLATORS: a flat, after its number: "501室". */
		sb_addf(&sb, _("%s-room"), room);
	return sb_detach(&sb);
}

char *address_door(const char *building_code, const char *unit, const char *room)
{
	if (present(unit))
		return xasprintf("%s-%s-%s", building_code, unit, room);
	return xasprintf("%s-%s", building_code, room);
}
