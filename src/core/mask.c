/* Masking ID numbers and phones: keep enough to recognise, not enough to misuse. */
#include "wangge/common.h"
#include "wangge/mask.h"

/* Replace characters [keep_head, len - keep_tail) with '*'; ASCII input expected, other
 * bytes are masked too so nothing unexpected leaks. */
static char *mask_middle(const char *s, size_t keep_head, size_t keep_tail)
{
	size_t len, i;
	char *out;

	if (!s)
		return NULL;
	len = strlen(s);
	out = xstrdup(s);
	if (len <= keep_head + keep_tail) {
		/* too short to keep both ends: show only the last two */
		for (i = 0; i + 2 < len; i++)
			out[i] = '*';
		return out;
	}
	for (i = keep_head; i < len - keep_tail; i++)
		out[i] = '*';
	return out;
}

char *mask_id_number(const char *id)
{
	if (!id)
		return NULL;
	return mask_middle(id, 4, 4);
}

char *mask_phone(const char *phone)
{
	const char *dash;

	if (!phone)
		return NULL;
	dash = strchr(phone, '-');
	if (dash) {
		/* landline: keep the area code and the last four digits */
		size_t head = (size_t)(dash - phone) + 1;

		return mask_middle(phone, head, 4);
	}
	return mask_middle(phone, 3, 4);
}
