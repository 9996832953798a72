/* libFuzzer target: arbitrary bytes as what a person types into the lookup line, asked
 * of the search engine over the sample grid. Query parsing (terms, pinyin, door numbers,
 * digits, invalid UTF-8) must never crash, leak or read out of bounds. */
#include "wangge/common.h"
#include "wangge/config.h"
#include "wangge/import.h"
#include "wangge/search.h"
#include "wangge/store.h"

static struct wg_db *db;

static void setup(void)
{
	char dir[] = "/tmp/wangge-fuzz-XXXXXX";
	struct wg_config *cfg;
	struct import_options opt = { .write = true };
	struct import_counts counts;
	char *sample[] = { (char *)"config/sample/lianhu-sample.yaml" };
	char *path;

	if (!mkdtemp(dir))
		die("mkdtemp failed");
	path = xasprintf("%s/fuzz.db", dir);
	if (store_open(path, &db) != WG_OK ||
	    config_parse("built-in", wg_builtin_config, wg_builtin_config_len, &cfg) != WG_OK ||
	    import_files(db, cfg, sample, 1, &opt, &counts) != WG_OK)
		die("fuzz setup (run from the source tree): %s", wg_error_msg());
	config_free(cfg);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *query = xstrndup((const char *)data, size);
	struct search_hit *hits = NULL;
	size_t n = 0;

	if (!db)
		setup();
	if (search_query(db, query, 50, &hits, &n) == WG_OK)
		search_hits_free(hits, n);
	wg_error_clear();
	free(query);
	return 0;
}
