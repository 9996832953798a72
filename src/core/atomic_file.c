/* Temp file, fsync, rename (htop's Settings_write does the same). */
#include "wangge/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

enum wg_status atomic_open(struct atomic_file *af, const char *path)
{
	int fd;

	af->path = xstrdup(path);
	af->tmp = xasprintf("%s.tmp-XXXXXX", path);
	af->fp = NULL;
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		enum wg_status rc = wg_error_set(WG_IO, _("%s: cannot create the file: %s"), path,
			strerror(errno));

		free(af->path);
		free(af->tmp);
		return rc;
	}
	/* mkstemp makes 0600, which suits personal data; keep it. */
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		close(fd);
		unlink(af->tmp);
		free(af->path);
		free(af->tmp);
		return wg_error_set(WG_IO, _("%s: cannot create the file: %s"), path, strerror(errno));
	}
	return WG_OK;
}

enum wg_status atomic_commit(struct atomic_file *af)
{
	enum wg_status rc = WG_OK;
	int err = 0;

	if (fflush(af->fp) != 0 || ferror(af->fp))
		err = errno ? errno : EIO;
	if (!err && fsync(fileno(af->fp)) != 0)
		err = errno;
	if (fclose(af->fp) != 0 && !err)
		err = errno;
	if (!err && rename(af->tmp, af->path) != 0)
		err = errno;
	if (err) {
		unlink(af->tmp);
		rc = wg_error_set(err == ENOSPC ? WG_FULL : WG_IO, _("%s: cannot write the file: %s"),
			af->path, strerror(err));
	}
	free(af->path);
	free(af->tmp);
	return rc;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->fp)
		fclose(af->fp);
	unlink(af->tmp);
	free(af->path);
	free(af->tmp);
}
