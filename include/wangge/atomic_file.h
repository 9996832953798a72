/* Files written outside SQLite (PDFs, exports): a temp file in the same folder, fsync,
 * rename, so a crash or a full disk never leaves a half-written file under the real name. */
#ifndef WANGGE_ATOMIC_FILE_H
#define WANGGE_ATOMIC_FILE_H

#include "wangge/common.h"

struct atomic_file {
	FILE *fp;          /* write here */
	char *path;        /* final name */
	char *tmp;         /* temp name in the same folder */
};

enum wg_status atomic_open(struct atomic_file *af, const char *path);
/* Flush, fsync and rename into place; frees af. On failure the temp file is removed and
 * nothing exists under path that was not there before. */
enum wg_status atomic_commit(struct atomic_file *af);
/* Give up: remove the temp file; frees af. */
void atomic_abort(struct atomic_file *af);

#endif
