/* "Did you mean ...?": the nearest of a list of known words to a word that was not
 * understood (an unknown YAML key, a mistyped category code or command). */
#ifndef WANGGE_SUGGEST_H
#define WANGGE_SUGGEST_H

#include <stddef.h>

/* Edit distance (insert, delete, substitute, swap two neighbours) between a and b,
 * counted in Unicode characters, ASCII letters compared without case. */
size_t wg_edit_distance(const char *a, const char *b);

/* The candidate nearest to word when it is close enough to be a plausible typo (about
 * one edit per three characters, at most three), else NULL. Ties go to the earlier
 * candidate. Returns one of the candidate pointers; nothing is allocated. */
const char *wg_suggest(const char *word, const char *const *candidates, size_t n);

#endif
