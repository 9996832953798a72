/* Shared by the search index (search_index.c) and the query engine (search.c): the layout
 * of a household's search document and the kinds of index keys. Not a public header. */
#ifndef WANGGE_SEARCH_INT_H
#define WANGGE_SEARCH_INT_H

#include "wangge/common.h"

/* search_doc.body: fields separated by SEP_FIELD; lists inside a field by SEP_ITEM;
 * syllables of one name by a space. Names are the active residents, the head first. */
#define SEP_FIELD '\x1f'
#define SEP_ITEM '\x1e'
enum doc_field {
	DOC_COMPOUND,
	DOC_BUILDING,      /* building name */
	DOC_UNIT,
	DOC_ROOM,
	DOC_DOOR,
	DOC_GRID,
	DOC_NAMES,
	DOC_NAMES_PINYIN,  /* one item per name: its syllables */
	DOC_PLACE_PINYIN,  /* syllables of compound + building name */
	DOC_IDS,
	DOC_PHONES,        /* residents' and the household's */
	DOC_FIELDS
};

/* Keys of search_name (per distinct name) and search_building (per building), each a
 * kind letter then the text; looked up by equality or as a prefix range. */
#define KEY_NAME 'N'          /* whole name */
#define KEY_NAME_SUFFIX 'n'   /* the name from its 2nd, 3rd, ... character */
#define KEY_NAME_PINYIN 'M'   /* pinyin from the first syllable: each syllable full or
                               * initial (all mixes up to MIXED_MAX syllables, else only
                               * all-full and all-initials) */
/* ... the all-full and all-initials ones followed by KEY_EXACT (probed by equality) */
#define KEY_EXACT '\x01'
#define KEY_NAME_PINYIN_LATER 'm' /* full and initials from the 2nd, 3rd, ... syllable */
#define KEY_PLACE 'A'         /* compound + building name from each character */
#define KEY_PLACE_PINYIN 'a'  /* its full pinyin and initials from each syllable */

#define MIXED_MAX 4

/* Name pinyin is typed as: each syllable in full or its initial, the last one typed
 * perhaps only in part; from the first syllable (rank 1, or 0 when the whole of the full
 * pinyin or of the initials), or all-full / all-initials from a later syllable (rank 2).
 * Returns the rank, -1 for no match. syl[] are the name's syllables. */
int search_pinyin_rank(const char *term, size_t tlen, const char *const *syl,
	const size_t *slen, size_t k);
/* Place pinyin: all-full or all-initials from any syllable: 2, or -1. */
bool search_pinyin_later(const char *term, size_t tlen, const char *const *syl,
	const size_t *slen, size_t k, size_t from);

/* Tests: at most cap candidates per term before reading in walking order (0: always
 * read in walking order), to check that both paths give the same answers. */
void search_debug_candidate_cap(size_t cap);

#endif
