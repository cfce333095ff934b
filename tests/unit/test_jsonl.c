/* The JSONL store: the real exports load exactly (and like their SQLite
 * import), every format variant, the malformed corpus in tests/data/bad/
 * with the right line numbers, detail re-read from the file, change
 * detection and reopen. */
#define TU_SCOPE
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/wait.h>

#include "../../model/text.h"

static void make_source(struct source *src, enum source_kind kind, const char *path)
{
	memset(src, 0, sizeof(*src));
	src->kind = kind;
	snprintf(src->path, sizeof(src->path), "%s", path);
}

static struct store *open_kind(enum source_kind kind, const char *path)
{
	struct source src;
	struct store *store = NULL;
	struct tib_error err = {0};
	enum tib_status st;
	make_source(&src, kind, path);
	st = store_open(&src, &store, &err);
	if (st != TIB_OK)
		fprintf(stderr, "store_open %s failed: %s\n", path, err.msg);
	assert_int_equal(st, TIB_OK);
	assert_non_null(store);
	track((void **)g_stores, ARRAY_SIZE(g_stores), store);
	return store;
}

static struct store *open_ok(const char *path)
{
	return open_kind(SOURCE_JSONL, path);
}

static struct issue_set *load_ok(struct store *store)
{
	struct issue_set *set = NULL;
	struct tib_error err = {0};
	enum tib_status st = store_load(store, timestamp_now(), &set, &err);
	if (st != TIB_OK)
		fprintf(stderr, "store_load failed: %s\n", err.msg);
	assert_int_equal(st, TIB_OK);
	assert_non_null(set);
	track((void **)g_sets, ARRAY_SIZE(g_sets), set);
	return set;
}

static void detail_ok(struct store *store, const char *id, struct issue_detail *out)
{
	struct tib_error err = {0};
	enum tib_status st;
	issue_detail_free(out);
	st = store_load_detail(store, id, out, &err);
	if (st != TIB_OK)
		fprintf(stderr, "store_load_detail %s failed: %s\n", id, err.msg);
	assert_int_equal(st, TIB_OK);
}

static const struct issue *find(const struct issue_set *set, const char *id)
{
	const struct issue *issue = issue_set_find(set, id);
	if (!issue)
		fprintf(stderr, "issue %s not loaded\n", id);
	assert_non_null(issue);
	return issue;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle)) {
		fprintf(stderr, "\"%s\" does not contain \"%s\"\n", haystack, needle);
		fail();
	}
}

static void print_problems(struct store *store)
{
	size_t n, i;
	const struct load_problem *p = store_problems(store, &n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  line %zu: %s\n", p[i].line, p[i].message);
}

static void assert_no_problems(struct store *store)
{
	size_t n = 99;
	const struct load_problem *p = store_problems(store, &n);
	if (n) {
		fprintf(stderr, "unexpected problems:\n");
		print_problems(store);
	}
	assert_int_equal(n, 0);
	assert_null(p);
	assert_int_equal(store_problems_total(store), 0);
}

static int has_label(const struct issue *issue, const char *label)
{
	uint32_t i;
	for (i = 0; i < issue->label_count; i++)
		if (strcmp(issue->labels[i], label) == 0)
			return 1;
	return 0;
}

static int has_dep(const struct issue_set *set, const struct issue *issue, const char *to, const char *type)
{
	uint32_t i;
	for (i = 0; i < issue->dep_count; i++) {
		const struct dep *d = &set->deps[issue->dep_first + i];
		if (strcmp(d->to_id, to) == 0 && strcmp(d->type, type) == 0)
			return 1;
	}
	return 0;
}

/* The directory of the running test binary's build: build/X/tests/.. */
static int build_dir(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	snprintf(out, size, "%s", dirname(dirname(exe)));
	return 1;
}

/* tests/data/bad, from the source tree (the current directory, or three
 * levels above build/X/tests/test_jsonl). */
static void corpus_dir(char *out, size_t size)
{
	char dir[PATH_MAX];
	if (access("tests/data/bad", R_OK) == 0) {
		snprintf(out, size, "%s", "tests/data/bad");
		return;
	}
	assert_true(build_dir(dir, sizeof(dir) - 32));
	strcat(dir, "/../../tests/data/bad");
	snprintf(out, size, "%s", dir);
	assert_int_equal(access(out, R_OK), 0);
}

/* ---- the real exports */

static void test_real_export(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *x;
	(void)state;
	if (!tu_shared_file(path, sizeof(path), "beads-issues.jsonl"))
		skip();
	begin();
	store = open_ok(path);
	set = load_ok(store);
	assert_no_problems(store);
	assert_int_equal(set->count, 704);
	assert_int_equal(set->order_count, 704);
	assert_int_equal(set->tombstone_count, 0);

	x = find(set, "bd-pr-sheriff");
	assert_string_equal(x->title, "PR Sheriff (reference to hq-pr-sheriff)");
	assert_string_equal(x->status, "pinned");
	assert_int_equal(x->status_kind, STATUS_PINNED);
	assert_true(x->flags & ISSUE_PINNED);
	assert_int_equal(x->priority, 1);
	assert_string_equal(x->assignee, "beads/crew/emma");
	assert_string_equal(x->owner, "steve.yegge@gmail.com");
	assert_string_equal(x->created_by, "beads/crew/emma");
	assert_true(x->created_at == timestamp_parse("2026-02-27T00:02:09Z"));
	assert_true(x->updated_at == timestamp_parse("2026-02-27T07:11:36Z"));
	assert_true(x->closed_at == TIME_NONE);

	/* comment_count given, comments left out of the export */
	x = find(set, "bd-6ie");
	assert_int_equal(x->comment_count, 1);
	assert_int_equal(x->status_kind, STATUS_CLOSED);
	assert_string_equal(x->issue_type, "bug");
	assert_string_equal(x->close_reason, "Duplicate of bd-7z5");
	assert_true(x->closed_at == timestamp_parse("2026-02-28T00:16:33Z"));

	x = find(set, "bd-8mg");
	assert_int_equal(x->label_count, 2);
	assert_string_equal(x->labels[0], "backup");
	assert_string_equal(x->labels[1], "solo-ux");
	assert_int_equal(x->dep_count, 1);
	assert_true(has_dep(set, x, "bd-wisp-n35vje", "blocks"));
	assert_string_equal(x->assignee, "beads/polecats/obsidian");

	/* parent given both as a field and as a dependency: one edge */
	x = find(set, "bd-wisp-0385z");
	assert_true(x->flags & ISSUE_EPHEMERAL);
	assert_int_equal(x->dep_count, 2);
	assert_true(has_dep(set, x, "bd-wisp-6awdl", "parent-child"));
	assert_true(has_dep(set, x, "bd-wisp-3ljff", "blocks"));

	detail_ok(store, "bd-on8", &g_detail);
	assert_true(strncmp(g_detail.description, "Review commit 49aed46c in beads repo.", 37) == 0);
	assert_true(strncmp(g_detail.notes, "Code review complete.", 21) == 0);
	assert_true(strncmp(g_detail.design, "## Code Review: SQLite-to-Dolt Migration Safety", 47) == 0);
	assert_string_equal(g_detail.acceptance_criteria, "");
	close_store(store);
	end();
}

static void test_real_export_large(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *x;
	(void)state;
	if (!tu_shared_file(path, sizeof(path), "beads-issues-large.jsonl"))
		skip();
	begin();
	store = open_ok(path);
	set = load_ok(store);
	assert_no_problems(store);
	assert_int_equal(set->count, 3003);
	assert_int_equal(set->tombstone_count, 346);
	assert_int_equal(set->order_count, 3003 - 346);

	x = find(set, "bd-06px");
	assert_int_equal(x->status_kind, STATUS_TOMBSTONE);
	assert_string_equal(x->title, "bd sync --from-main fails: unknown flag --no-git-history");
	assert_int_equal(x->priority, 1);
	assert_true(x->created_at == timestamp_parse("2025-12-17T14:32:02.998106-08:00"));
	assert_true(x->updated_at == timestamp_parse("2025-12-25T01:21:01.952723-08:00"));

	/* embedded comments: counted at load, read in full on demand */
	x = find(set, "bd-6df0");
	assert_int_equal(x->comment_count, 2);
	detail_ok(store, "bd-6df0", &g_detail);
	assert_int_equal(g_detail.comment_count, 2);
	assert_string_equal(g_detail.comments[0].author, "stevey");
	assert_true(g_detail.comments[0].created_at == timestamp_parse("2025-12-26T23:20:20Z"));
	assert_true(strncmp(g_detail.comments[0].text, "Found existing flags:", 21) == 0);
	assert_string_equal(g_detail.comments[1].author, "beads/crew/dave");
	assert_true(strncmp(g_detail.comments[1].text, "## Investigation Results", 24) == 0);

	x = find(set, "bd-03z45");
	assert_int_equal(x->comment_count, 1);
	detail_ok(store, "bd-03z45", &g_detail);
	assert_int_equal(g_detail.comment_count, 1);
	assert_string_equal(g_detail.comments[0].author, "beads/crew/giles");
	close_store(store);
	end();
}

/* ---- the same data as the SQLite import of the same file */

static int run_import(const char *gen, const char *jsonl, const char *db)
{
	char cmd[3 * PATH_MAX + 64];
	int rc;
	snprintf(cmd, sizeof(cmd), "'%s' --import '%s' --sqlite '%s' --force 2>/dev/null", gen, jsonl, db);
	rc = system(cmd);
	return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

static int cmp_dep(const void *pa, const void *pb)
{
	const struct dep *a = pa, *b = pb;
	int c = strcmp(a->to_id, b->to_id);
	return c ? c : strcmp(a->type, b->type);
}

static void sorted_deps(const struct issue_set *set, const struct issue *issue, struct dep *out)
{
	if (!issue->dep_count)
		return;
	memcpy(out, &set->deps[issue->dep_first], issue->dep_count * sizeof(*out));
	qsort(out, issue->dep_count, sizeof(*out), cmp_dep);
}

static void assert_same_text(const char *what, const char *id, const char *a, const char *b)
{
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "%s of %s differs\n", what, id);
		fail();
	}
}

/* Issue by issue: the list fields, labels, dependencies, computed flags,
 * default order and the detail. `count_only` lists the ids whose export
 * gives only a comment_count (the import has no comments to count). */
static void compare_with_import(const char *name, const char *const *count_only)
{
	char path[PATH_MAX], db[PATH_MAX], gen[PATH_MAX];
	struct store *js, *sq;
	struct issue_set *a, *b;
	struct dep *da, *db_deps;
	size_t i, k;
	if (!tu_shared_file(path, sizeof(path), name))
		skip();
	assert_true(build_dir(gen, sizeof(gen)));
	strncat(gen, "/tib-gen", sizeof(gen) - strlen(gen) - 1);
	if (access(gen, X_OK) != 0) {
		fprintf(stderr, "skip: %s is not built\n", gen);
		skip();
	}
	begin();
	at(db, "import.db");
	assert_true(run_import(gen, path, db));
	js = open_ok(path);
	sq = open_kind(SOURCE_SQLITE, db);
	a = load_ok(js);
	b = load_ok(sq);
	assert_no_problems(js);
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->order_count, b->order_count);
	assert_int_equal(a->dep_count, b->dep_count);
	da = xcalloc(a->dep_count + 1, sizeof(*da));
	db_deps = xcalloc(b->dep_count + 1, sizeof(*db_deps));
	for (i = 0; i < a->count; i++) {
		const struct issue *x = &a->issues[i];
		const struct issue *y = issue_set_find(b, x->id);
		int only_count = 0;
		if (!y)
			fprintf(stderr, "%s not in the import\n", x->id);
		assert_non_null(y);
		assert_same_text("title", x->id, x->title, y->title);
		assert_same_text("status", x->id, x->status, y->status);
		assert_same_text("issue_type", x->id, x->issue_type, y->issue_type);
		assert_same_text("assignee", x->id, x->assignee, y->assignee);
		assert_same_text("owner", x->id, x->owner, y->owner);
		assert_same_text("created_by", x->id, x->created_by, y->created_by);
		assert_same_text("close_reason", x->id, x->close_reason, y->close_reason);
		assert_int_equal(x->priority, y->priority);
		assert_int_equal(x->status_kind, y->status_kind);
		assert_int_equal(x->flags, y->flags);
		assert_true(x->created_at == y->created_at);
		assert_true(x->updated_at == y->updated_at);
		assert_true(x->closed_at == y->closed_at);
		assert_true(x->defer_until == y->defer_until);
		assert_int_equal(x->label_count, y->label_count);
		for (k = 0; k < x->label_count; k++)
			assert_string_equal(x->labels[k], y->labels[k]);
		assert_int_equal(x->dep_count, y->dep_count);
		assert_int_equal(x->rdep_count, y->rdep_count);
		sorted_deps(a, x, da);
		sorted_deps(b, y, db_deps);
		for (k = 0; k < x->dep_count; k++) {
			assert_string_equal(da[k].to_id, db_deps[k].to_id);
			assert_string_equal(da[k].type, db_deps[k].type);
		}
		for (k = 0; count_only && count_only[k]; k++)
			only_count |= strcmp(count_only[k], x->id) == 0;
		if (only_count) {
			assert_int_equal(y->comment_count, 0);
			assert_true(x->comment_count > 0);
		} else {
			assert_int_equal(x->comment_count, y->comment_count);
		}

		detail_ok(js, x->id, &g_detail);
		detail_ok(sq, x->id, &g_detail2);
		assert_same_text("description", x->id, g_detail.description, g_detail2.description);
		assert_same_text("design", x->id, g_detail.design, g_detail2.design);
		assert_same_text("acceptance_criteria", x->id, g_detail.acceptance_criteria,
				 g_detail2.acceptance_criteria);
		assert_same_text("notes", x->id, g_detail.notes, g_detail2.notes);
		assert_int_equal(g_detail.comment_count, g_detail2.comment_count);
		for (k = 0; k < g_detail.comment_count; k++) {
			assert_string_equal(g_detail.comments[k].author, g_detail2.comments[k].author);
			assert_string_equal(g_detail.comments[k].text, g_detail2.comments[k].text);
			assert_true(g_detail.comments[k].created_at == g_detail2.comments[k].created_at);
		}
		if (!only_count)
			assert_int_equal(g_detail.comment_count, x->comment_count);
	}
	free(da);
	free(db_deps);
	for (i = 0; i < a->order_count; i++)
		assert_string_equal(a->issues[a->order[i]].id, b->issues[b->order[i]].id);
	close_store(js);
	close_store(sq);
	end();
}

static void test_same_as_import(void **state)
{
	static const char *const count_only[] = {"bd-6ie", "bd-fu1", NULL};
	(void)state;
	compare_with_import("beads-issues.jsonl", count_only);
}

static void test_same_as_import_large(void **state)
{
	(void)state;
	compare_with_import("beads-issues-large.jsonl", NULL);
}

/* ---- fields */

static const char fields_jsonl[] =
	"{\"id\":\"f-1\",\"title\":\"All fields\",\"description\":\"Desc one\",\"design\":\"Design one\","
	"\"acceptance_criteria\":\"AC one\",\"notes\":\"Notes one\",\"status\":\"in_progress\",\"priority\":0,"
	"\"issue_type\":\"bug\",\"assignee\":\"alice\",\"owner\":\"olga@example.com\",\"created_by\":\"carl\","
	"\"created_at\":\"2026-01-17T17:38:21.123456789Z\",\"updated_at\":\"2026-01-18 09:30:00\","
	"\"defer_until\":\"2030-01-01T00:00:00+02:00\",\"pinned\":false,\"ephemeral\":true,\"is_template\":true,"
	"\"labels\":[\"zeta\",\"alpha\",\"alpha\"],"
	"\"dependencies\":[{\"depends_on_id\":\"f-2\",\"type\":\"blocks\"},"
	"{\"issue_id\":\"f-1\",\"depends_on_id\":\"external:proj:cap\",\"type\":\"related\","
	"\"created_at\":\"2026-01-01T00:00:00Z\",\"created_by\":\"x\",\"metadata\":\"{}\"},"
	"{\"depends_on_id\":\"f-3\"}],"
	"\"comments\":[{\"id\":2,\"issue_id\":\"f-1\",\"author\":\"bob\",\"text\":\"second\","
	"\"created_at\":\"2026-01-19T12:00:00+01:00\"},"
	"{\"id\":\"c-1\",\"issue_id\":\"f-1\",\"author\":\"amy\",\"text\":\"first\","
	"\"created_at\":\"2026-01-19 10:00:00\"}],"
	"\"comment_count\":7,\"some_future_field\":{\"nested\":[1,2,3]},\"dependency_count\":3}\n"
	"{\"id\":\"f-2\",\"title\":\"Closed without closed_at\",\"status\":\"closed\",\"priority\":3,"
	"\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-05T00:00:00.5Z\"}\n"
	"{\"id\":\"f-3\",\"title\":\"Reopened, closed_at left\",\"status\":\"open\","
	"\"closed_at\":\"2026-01-04T00:00:00Z\",\"created_at\":\"2026-01-01T00:00:00Z\","
	"\"updated_at\":\"2026-01-05T00:00:00Z\",\"pinned\":true,\"comment_count\":4}\n"
	"{\"id\":\"f-3.1\",\"title\":\"Child by parent field\",\"parent\":\"f-3\",\"_type\":\"issue\"}\n"
	"{\"_type\":\"memory\",\"id\":\"mem-1\",\"title\":\"not an issue\"}\n"
	"{\"id\":\"f-4\",\"title\":\"Minimal\"}\n";

static void test_fields(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *x;
	(void)state;
	begin();
	at(path, "issues.jsonl");
	tu_write_file(path, fields_jsonl);
	store = open_ok(path);
	assert_string_equal(store_path(store), path);
	set = load_ok(store);
	assert_no_problems(store);
	assert_int_equal(set->count, 5);
	assert_null(issue_set_find(set, "mem-1"));

	x = find(set, "f-1");
	assert_string_equal(x->title, "All fields");
	assert_string_equal(x->status, "in_progress");
	assert_int_equal(x->status_kind, STATUS_IN_PROGRESS);
	assert_int_equal(x->priority, 0);
	assert_string_equal(x->issue_type, "bug");
	assert_string_equal(x->assignee, "alice");
	assert_string_equal(x->owner, "olga@example.com");
	assert_string_equal(x->created_by, "carl");
	assert_true(x->created_at == timestamp_parse("2026-01-17T17:38:21.123456Z"));
	assert_true(x->updated_at == timestamp_parse("2026-01-18T09:30:00Z"));
	assert_true(x->defer_until == timestamp_parse("2029-12-31T22:00:00Z"));
	assert_true(x->closed_at == TIME_NONE);
	assert_false(x->flags & ISSUE_PINNED);
	assert_true(x->flags & ISSUE_EPHEMERAL);
	assert_true(x->flags & ISSUE_TEMPLATE);
	assert_int_equal(x->label_count, 2);
	assert_string_equal(x->labels[0], "alpha");
	assert_string_equal(x->labels[1], "zeta");
	assert_int_equal(x->dep_count, 3);
	assert_true(has_dep(set, x, "f-2", "blocks"));
	assert_true(has_dep(set, x, "external:proj:cap", "related"));
	assert_true(has_dep(set, x, "f-3", "blocks")); /* no type: blocks */
	/* the comments are there: they count, not comment_count */
	assert_int_equal(x->comment_count, 2);

	x = find(set, "f-2");
	assert_int_equal(x->status_kind, STATUS_CLOSED);
	assert_true(x->closed_at == timestamp_parse("2026-01-05T00:00:00.5Z"));
	assert_string_equal(x->issue_type, "task");
	assert_int_equal(x->rdep_count, 1);

	x = find(set, "f-3");
	assert_true(x->closed_at == TIME_NONE);
	assert_true(x->flags & ISSUE_PINNED);
	assert_int_equal(x->comment_count, 4);

	x = find(set, "f-3.1");
	assert_int_equal(x->dep_count, 1);
	assert_true(has_dep(set, x, "f-3", "parent-child"));

	x = find(set, "f-4");
	assert_int_equal(x->priority, 2);
	assert_string_equal(x->status, "open");
	assert_string_equal(x->issue_type, "task");
	assert_string_equal(x->assignee, "");
	assert_true(x->created_at == TIME_NONE);

	/* detail: long text, comments by instant */
	detail_ok(store, "f-1", &g_detail);
	assert_string_equal(g_detail.description, "Desc one");
	assert_string_equal(g_detail.design, "Design one");
	assert_string_equal(g_detail.acceptance_criteria, "AC one");
	assert_string_equal(g_detail.notes, "Notes one");
	assert_int_equal(g_detail.comment_count, 2);
	assert_string_equal(g_detail.comments[0].author, "amy");
	assert_string_equal(g_detail.comments[0].text, "first");
	assert_string_equal(g_detail.comments[1].author, "bob");
	assert_true(g_detail.comments[1].created_at == timestamp_parse("2026-01-19T11:00:00Z"));
	detail_ok(store, "f-4", &g_detail);
	assert_string_equal(g_detail.description, "");
	assert_int_equal(g_detail.comment_count, 0);
	/* not an issue of this file: nothing, and no error */
	detail_ok(store, "mem-1", &g_detail);
	assert_string_equal(g_detail.description, "");
	detail_ok(store, "nope", &g_detail);
	assert_string_equal(g_detail.notes, "");
	close_store(store);
	end();
}

/* ---- format variants: all load the same three issues */

static const char variant_compact[] =
	"{\"id\":\"v-1\",\"title\":\"One\",\"description\":\"First text\",\"priority\":1,"
	"\"labels\":[\"a\",\"b\"],\"dependencies\":[{\"issue_id\":\"v-1\",\"depends_on_id\":\"v-2\","
	"\"type\":\"blocks\"}]}\n"
	"{\"id\":\"v-2\",\"title\":\"Two \\u00e9\\ud83d\\ude00\",\"description\":\"Line 1\\nLine 2\","
	"\"priority\":3,\"comments\":[{\"author\":\"x\",\"text\":\"hi\"}]}\n"
	"{\"id\":\"v-3\",\"title\":\"Three\",\"description\":\"Third text\",\"status\":\"closed\","
	"\"closed_at\":\"2026-01-01T00:00:00Z\"}\n";

static const char variant_spaced[] =
	"{\"id\": \"v-1\", \"title\": \"One\", \"description\": \"First text\", \"priority\": 1, "
	"\"labels\": [\"a\", \"b\"], \"dependencies\": [{\"issue_id\": \"v-1\", \"depends_on_id\": \"v-2\", "
	"\"type\": \"blocks\"}]}\n"
	"{\"id\": \"v-2\", \"title\": \"Two \\u00e9\\ud83d\\ude00\", \"description\": \"Line 1\\nLine 2\", "
	"\"priority\": 3, \"comments\": [{\"author\": \"x\", \"text\": \"hi\"}]}\n"
	"{ \"id\" : \"v-3\" , \"title\" : \"Three\" , \"description\" : \"Third text\" , \"status\" : \"closed\" , "
	"\"closed_at\" : \"2026-01-01T00:00:00Z\" }\n";

/* what `bd list --json` prints: one indented array */
static const char variant_pretty_array[] =
	"[\n"
	"  {\n"
	"    \"id\": \"v-1\",\n"
	"    \"title\": \"One\",\n"
	"    \"description\": \"First text\",\n"
	"    \"priority\": 1,\n"
	"    \"labels\": [\n"
	"      \"a\",\n"
	"      \"b\"\n"
	"    ],\n"
	"    \"dependencies\": [\n"
	"      {\n"
	"        \"issue_id\": \"v-1\",\n"
	"        \"depends_on_id\": \"v-2\",\n"
	"        \"type\": \"blocks\"\n"
	"      }\n"
	"    ]\n"
	"  },\n"
	"  {\n"
	"    \"id\": \"v-2\",\n"
	"    \"title\": \"Two \\u00e9\\ud83d\\ude00\",\n"
	"    \"description\": \"Line 1\\nLine 2\",\n"
	"    \"priority\": 3,\n"
	"    \"comments\": [{\"author\": \"x\", \"text\": \"hi ]}, [{\\\"\"}]\n"
	"  },\n"
	"  {\"id\": \"v-3\", \"title\": \"Three\", \"description\": \"Third text\", \"status\": \"closed\",\n"
	"   \"closed_at\": \"2026-01-01T00:00:00Z\"}\n"
	"]\n";

static void check_variant(const char *name, const char *content)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *x;
	at(path, name);
	tu_write_file(path, content);
	store = open_ok(path);
	set = load_ok(store);
	if (store_problems_total(store)) {
		fprintf(stderr, "variant %s:\n", name);
		print_problems(store);
	}
	assert_no_problems(store);
	assert_int_equal(set->count, 3);
	x = find(set, "v-1");
	assert_string_equal(x->title, "One");
	assert_int_equal(x->priority, 1);
	assert_int_equal(x->label_count, 2);
	assert_int_equal(x->dep_count, 1);
	assert_true(has_dep(set, x, "v-2", "blocks"));
	x = find(set, "v-2");
	assert_string_equal(x->title, "Two \xc3\xa9\xf0\x9f\x98\x80");
	assert_int_equal(x->priority, 3);
	assert_int_equal(x->comment_count, 1);
	assert_int_equal(x->rdep_count, 1);
	x = find(set, "v-3");
	assert_int_equal(x->status_kind, STATUS_CLOSED);
	assert_true(x->closed_at == timestamp_parse("2026-01-01T00:00:00Z"));
	/* the remembered ranges fit the variant's bytes */
	detail_ok(store, "v-1", &g_detail);
	assert_string_equal(g_detail.description, "First text");
	detail_ok(store, "v-2", &g_detail);
	assert_string_equal(g_detail.description, "Line 1\nLine 2");
	assert_int_equal(g_detail.comment_count, 1);
	detail_ok(store, "v-3", &g_detail);
	assert_string_equal(g_detail.description, "Third text");
	issue_detail_free(&g_detail);
	free_set(set);
	close_store(store);
}

/* `text` with every "\n" made "\r\n" */
static char *crlf(const char *text)
{
	struct buf b = {0};
	for (; *text; text++) {
		if (*text == '\n')
			buf_putc(&b, '\r');
		buf_putc(&b, *text);
	}
	return b.data;
}

static char *concat(const char *a, const char *b)
{
	struct buf out = {0};
	buf_puts(&out, a);
	buf_puts(&out, b);
	return out.data;
}

static void test_format_variants(void **state)
{
	char *s, *t;
	(void)state;
	begin();
	check_variant("compact.jsonl", variant_compact);
	check_variant("spaced.jsonl", variant_spaced);
	s = crlf(variant_compact);
	check_variant("crlf.jsonl", s);
	t = concat("\xEF\xBB\xBF", s);
	check_variant("bom-crlf.jsonl", t);
	free(t);
	free(s);
	s = concat("\xEF\xBB\xBF", variant_spaced);
	check_variant("bom.jsonl", s);
	free(s);
	/* the last line without its newline */
	s = xstrndup(variant_compact, strlen(variant_compact) - 1);
	check_variant("no-final-newline.jsonl", s);
	t = crlf(s);
	check_variant("no-final-newline-crlf.jsonl", t);
	free(t);
	free(s);
	/* blank lines anywhere, blanks around records */
	{
		struct buf b = {0};
		const char *p = variant_compact;
		buf_puts(&b, "\n  \n\r\n");
		for (; *p; p++) {
			if (*p == '\n')
				buf_puts(&b, "  \t\r\n\n \n");
			else
				buf_putc(&b, *p);
		}
		buf_puts(&b, "\n\n");
		check_variant("blank-lines.jsonl", b.data);
		buf_free(&b);
	}
	check_variant("pretty.json", variant_pretty_array);
	s = crlf(variant_pretty_array);
	t = concat("\xEF\xBB\xBF\r\n", s);
	check_variant("pretty-bom-crlf.json", t);
	free(t);
	free(s);
	/* a compact array on one line, without a newline */
	{
		struct buf b = {0};
		const char *p = variant_compact;
		buf_putc(&b, '[');
		for (; *p; p++) {
			if (*p == '\n')
				buf_puts(&b, p[1] ? "," : "");
			else
				buf_putc(&b, *p);
		}
		buf_putc(&b, ']');
		check_variant("one-line-array.json", b.data);
		buf_free(&b);
	}
	end();
}

/* ---- the malformed corpus */

struct want_problem {
	size_t line;
	const char *needle;
};

static const struct bad_case {
	const char *file;
	const char *ids; /* loaded, space-separated */
	struct want_problem problems[6];
} bad_cases[] = {
	{"01-invalid-json.jsonl", "b-1 b-3", {{2, "invalid JSON at column 28"}}},
	{"02-array-line.jsonl", "b-1 b-3", {{2, "expected a JSON object, found an array"}}},
	{"03-scalar-lines.jsonl", "b-5",
	 {{1, "found a string"}, {2, "found a number"}, {3, "found a boolean"}, {4, "found null"}}},
	{"04-missing-id.jsonl", "b-1", {{2, "no \"id\""}, {3, "no \"id\""}}},
	{"05-id-not-string.jsonl", "b-3",
	 {{1, "\"id\" is a number, not a string; line skipped"}, {2, "\"id\" is an array"}}},
	{"06-empty-id.jsonl", "b-2", {{1, "\"id\" is empty"}}},
	{"07-duplicate-id.jsonl", "b-1 b-2", {{3, "duplicate id \"b-1\" (also on line 1); the last one wins"}}},
	{"08-priority-numeric-string.jsonl", "b-1 b-2", {{1, "read as 1"}, {2, "read as 3"}}},
	{"09-priority-word.jsonl", "b-1 b-2",
	 {{1, "\"priority\" is the string \"high\", not a number; using 2"}, {2, "using 2"}}},
	{"10-priority-out-of-range.jsonl", "b-1 b-2 b-3 b-4",
	 {{1, "9 is out of range 0-4; using 4"},
	  {2, "-1 is out of range 0-4; using 0"},
	  {3, "2.5 is not a whole number"},
	  {4, "\"priority\" is a boolean"}}},
	{"11-labels-not-array.jsonl", "b-1 b-2",
	 {{1, "\"labels\" is a string, not an array; ignored"}, {2, "\"labels\" is an object"}}},
	{"12-label-not-string.jsonl", "b-1", {{1, "2 labels are not a string"}}},
	{"13-dependencies-not-array.jsonl", "b-1 b-2", {{1, "\"dependencies\" is an object, not an array"}}},
	{"14-dependency-no-target.jsonl", "b-1 b-2", {{1, "3 dependencies have no \"depends_on_id\""}}},
	{"15-dependency-other-issue.jsonl", "b-1 b-2", {{1, "\"issue_id\" \"b-9\" is not the issue's id"}}},
	{"16-invalid-utf8.jsonl", "b-1 b-2 b-3", {{1, "invalid UTF-8; kept"}, {2, "invalid UTF-8"}}},
	{"17-truncated-last-line.jsonl", "b-1", {{2, "invalid JSON"}}},
	{"18-trailing-text.jsonl", "b-4",
	 {{1, "unexpected text after the JSON value at column 14"}, {2, "unexpected text"}}},
	{"19-wrong-field-types.jsonl", "b-1",
	 {{1, "\"title\" is a number"}, {1, "\"status\" is an array"}, {1, "\"issue_type\" is a boolean"},
	  {1, "\"assignee\" is an object"}}},
	{"20-bad-timestamps.jsonl", "b-1",
	 {{1, "\"created_at\" is not a timestamp (\"yesterday\")"},
	  {1, "\"updated_at\" is a number"},
	  {1, "\"closed_at\" is not a timestamp"}}},
	{"21-bad-flags.jsonl", "b-1", {{1, "\"pinned\" is a string, not a boolean"}, {1, "\"is_template\" is an array"}}},
	{"22-bad-comments.jsonl", "b-1 b-2 b-3",
	 {{1, "\"comments\" is a string, not an array"},
	  {2, "1 comment is not an object"},
	  {3, "\"comment_count\" is not a count"}}},
	{"23-type-tag.jsonl", "b-2 b-3", {{2, "\"_type\" is a number, not a string; read as an issue"}}},
	{"24-nul-bytes.jsonl", "b-1 b-3", {{1, "NUL byte"}, {2, "invalid JSON"}}},
	{"25-binary-garbage.jsonl", "",
	 {{1, "invalid JSON"}, {2, "invalid JSON"}, {3, "invalid JSON"}, {4, "invalid JSON"}}},
	{"26-array-bad-elements.json", "b-1 b-3",
	 {{3, "expected a JSON object, found a number"}, {4, "\"priority\" is the string \"x\""}, {5, "no \"id\""}}},
	{"27-array-not-closed.json", "b-1", {{3, "invalid JSON"}, {3, "the JSON array is not closed"}}},
	{"28-array-then-lines.json", "b-1 b-2", {{3, "invalid JSON at column 1"}}},
	{"29-deep-nesting.jsonl", "b-1 b-3", {{2, "invalid JSON"}}},
	{"30-lone-surrogate.jsonl", "b-2", {{1, "invalid JSON"}}},
	{"31-bad-escape.jsonl", "b-2", {{1, "invalid JSON at column 26"}}},
	{"32-bom-mid-file.jsonl", "b-1 b-2", {{0, NULL}}},
	{"33-huge-numbers.jsonl", "b-1 b-2 b-3",
	 {{1, "is not a whole number; using 2"}, {2, "4294967296 is out of range 0-4; using 4"},
	  {3, "\"comment_count\" is not a count"}}},
	{"34-duplicate-keys.jsonl", "b-2", {{0, NULL}}},
	{"35-parent-not-string.jsonl", "b-1 b-2", {{1, "\"parent\" is a number, not a string"}}},
	{"36-only-blank.jsonl", "", {{0, NULL}}},
	{"37-empty.jsonl", "", {{0, NULL}}},
	{"38-merge-conflict.jsonl", "b-1 b-2",
	 {{2, "invalid JSON at column 1"},
	  {4, "invalid JSON"},
	  {5, "duplicate id \"b-2\" (also on line 3)"},
	  {6, "invalid JSON"}}},
};

static const struct bad_case *bad_case_for(const char *file)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		if (strcmp(bad_cases[i].file, file) == 0)
			return &bad_cases[i];
	return NULL;
}

static void check_bad_case(const char *dir, const struct bad_case *c)
{
	char path[PATH_MAX], ids[256], *tok, *save = NULL;
	struct store *store;
	struct issue_set *set;
	const struct load_problem *p;
	size_t n, want = 0, loaded = 0, i;
	tu_path(path, sizeof(path), dir, c->file);
	store = open_ok(path);
	set = load_ok(store);
	while (want < ARRAY_SIZE(c->problems) && c->problems[want].needle)
		want++;
	p = store_problems(store, &n);
	if (n != want) {
		fprintf(stderr, "%s: %zu problems, want %zu:\n", c->file, n, want);
		print_problems(store);
	}
	assert_int_equal(n, want);
	assert_int_equal(store_problems_total(store), want);
	for (i = 0; i < want; i++) {
		if (p[i].line != c->problems[i].line || !strstr(p[i].message, c->problems[i].needle)) {
			fprintf(stderr, "%s: problem %zu is line %zu \"%s\", want line %zu \"%s\"\n", c->file, i,
				p[i].line, p[i].message, c->problems[i].line, c->problems[i].needle);
			fail();
		}
	}
	STR_COPY(ids, c->ids);
	for (tok = strtok_r(ids, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		find(set, tok);
		detail_ok(store, tok, &g_detail);
		loaded++;
	}
	if (set->count != loaded)
		fprintf(stderr, "%s: %zu issues loaded, want %zu\n", c->file, set->count, loaded);
	assert_int_equal(set->count, loaded);
	issue_detail_free(&g_detail);
	free_set(set);
	close_store(store);
}

static void test_bad_corpus(void **state)
{
	char dir[PATH_MAX];
	DIR *d;
	struct dirent *e;
	size_t files = 0, i;
	(void)state;
	begin();
	corpus_dir(dir, sizeof(dir));
	/* every file has its expectations, and there are enough of them */
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		if (!bad_case_for(e->d_name)) {
			fprintf(stderr, "%s/%s has no expectations in test_jsonl.c\n", dir, e->d_name);
			closedir(d);
			fail();
		}
		files++;
	}
	closedir(d);
	assert_int_equal(files, ARRAY_SIZE(bad_cases));
	assert_true(files >= 30);
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
		check_bad_case(dir, &bad_cases[i]);
	end();
}

/* Duplicates: the last record wins whole, labels and dependencies
 * included, and the detail is the last record's. */
static void test_duplicate_last_wins(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct issue *x;
	(void)state;
	begin();
	at(path, "dup.jsonl");
	tu_write_file(path,
		      "{\"id\":\"d-1\",\"title\":\"first\",\"description\":\"old text\",\"labels\":[\"old\"],"
		      "\"dependencies\":[{\"depends_on_id\":\"d-2\"}],\"comments\":[{\"text\":\"c\"}]}\n"
		      "{\"id\":\"d-2\",\"title\":\"other\",\"labels\":[\"keep\"]}\n"
		      "{\"id\":\"d-1\",\"title\":\"middle\",\"labels\":[\"mid\"],\"priority\":0}\n"
		      "{\"id\":\"d-3\",\"title\":\"third\",\"dependencies\":[{\"depends_on_id\":\"d-1\"}]}\n"
		      "{\"id\":\"d-1\",\"title\":\"last\",\"description\":\"new text\",\"labels\":[\"new\"]}\n");
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 3);
	assert_int_equal(store_problems_total(store), 2);
	x = find(set, "d-1");
	assert_string_equal(x->title, "last");
	assert_int_equal(x->priority, 2);
	assert_int_equal(x->label_count, 1);
	assert_true(has_label(x, "new"));
	assert_int_equal(x->dep_count, 0);
	assert_int_equal(x->comment_count, 0);
	assert_int_equal(x->rdep_count, 1);
	x = find(set, "d-2");
	assert_int_equal(x->label_count, 1);
	assert_int_equal(x->rdep_count, 0);
	detail_ok(store, "d-1", &g_detail);
	assert_string_equal(g_detail.description, "new text");
	assert_int_equal(g_detail.comment_count, 0);
	close_store(store);
	end();
}

/* A 10 MB record loads (and its detail reads back); a 10 MB line that is
 * not JSON is skipped; the lines around both are fine. */
static void test_huge_lines(void **state)
{
	char path[PATH_MAX];
	const size_t big = 10u * 1024 * 1024;
	struct store *store;
	struct issue_set *set;
	const struct load_problem *p;
	size_t n;
	FILE *f;
	char *filler;
	(void)state;
	begin();
	at(path, "huge.jsonl");
	filler = xmalloc(big + 1);
	memset(filler, 'x', big);
	filler[big] = '\0';
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("{\"id\":\"h-1\",\"title\":\"before\"}\n", f);
	fprintf(f, "{\"id\":\"h-2\",\"title\":\"big\",\"description\":\"%s\"}\n", filler);
	fprintf(f, "{\"id\":\"h-3\",\"title\":\"%s\n", filler);
	fputs("{\"id\":\"h-4\",\"title\":\"after\"}\n", f);
	assert_int_equal(fclose(f), 0);
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 3);
	find(set, "h-1");
	find(set, "h-4");
	assert_string_equal(find(set, "h-2")->title, "big");
	p = store_problems(store, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].line, 3);
	assert_contains(p[0].message, "invalid JSON");
	detail_ok(store, "h-2", &g_detail);
	assert_int_equal(strlen(g_detail.description), big);
	assert_memory_equal(g_detail.description, filler, big);
	detail_ok(store, "h-4", &g_detail);
	free(filler);
	close_store(store);
	end();
}

/* Data in a message is cut at a character boundary, its characters kept
 * as they are: the screen (and --print's stderr) shows control characters
 * visibly, and hiding them would hide hostile text. */
static void test_problem_text_is_safe(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	const struct load_problem *p;
	size_t n, i;
	struct buf b = {0};
	(void)state;
	begin();
	at(path, "hostile.jsonl");
	buf_puts(&b, "{\"id\":\"e\\u001b[31mred\\u0007\\r\\n\"}\n{\"id\":\"e\\u001b[31mred\\u0007\\r\\n\"}\n");
	buf_puts(&b, "{\"id\":\"");
	for (i = 0; i < 300; i++)
		buf_puts(&b, "\xe2\x82\xac"); /* euro signs: cut between characters? */
	buf_puts(&b, "\",\"priority\":\"");
	for (i = 0; i < 300; i++)
		buf_puts(&b, "\xe2\x82\xac");
	buf_puts(&b, "\"}\n");
	/* a message with three quoted ids: near the limit, still whole characters */
	buf_puts(&b, "{\"id\":\"");
	for (i = 0; i < 100; i++)
		buf_puts(&b, "\xe2\x82\xac");
	buf_puts(&b, "\",\"dependencies\":[{\"depends_on_id\":\"y\",\"issue_id\":\"");
	for (i = 0; i < 100; i++)
		buf_puts(&b, "\xe2\x82\xac");
	buf_puts(&b, "x\"}]}\n");
	tu_write_file(path, b.data);
	buf_free(&b);
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 3);
	p = store_problems(store, &n);
	assert_int_equal(n, 3);
	assert_int_equal(p[0].line, 2);
	assert_int_equal(p[1].line, 3);
	assert_int_equal(p[2].line, 4);
	assert_true(strlen(p[2].message) > 180);
	/* the duplicate id, raw: ESC, BEL, CR and LF as they are */
	assert_contains(p[0].message, "e\x1b[31mred\x07\r\n");
	for (i = 1; i < n; i++) {
		struct buf clean = {0};
		text_sanitize_line(&clean, p[i].message);
		assert_string_equal(clean.data, p[i].message); /* valid UTF-8, cut between characters */
		buf_free(&clean);
	}
	assert_contains(p[1].message, "...");
	free_set(set);
	close_store(store);
	end();
}

/* At most STORE_MAX_PROBLEMS kept, all counted; a clean reload clears them. */
static void test_problem_limit(void **state)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	const struct load_problem *p;
	struct buf b = {0};
	size_t n, i;
	(void)state;
	begin();
	at(path, "many.jsonl");
	at(tmp, "many.tmp");
	for (i = 0; i < 1500; i++)
		buf_printf(&b, "{\"id\":\"m-%zu\",\"priority\":\"%zu\"}\n", i, i % 5);
	tu_write_file(path, b.data);
	buf_free(&b);
	store = open_ok(path);
	set = load_ok(store);
	assert_int_equal(set->count, 1500);
	p = store_problems(store, &n);
	assert_int_equal(n, STORE_MAX_PROBLEMS);
	assert_int_equal(store_problems_total(store), 1500);
	for (i = 0; i < n; i++)
		assert_int_equal(p[i].line, i + 1);
	free_set(set);

	tu_write_file(tmp, "{\"id\":\"m-1\"}\n");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_equal(store_reopen(store, &err), TIB_OK);
	set = load_ok(store);
	assert_int_equal(set->count, 1);
	assert_no_problems(store);
	free_set(set);
	close_store(store);

	/* SQLite and no store at all: no problems */
	at(path, "beads.db");
	tu_make_beads_db(path, "INSERT INTO issues(id, title) VALUES ('s-1', 'x');");
	store = open_kind(SOURCE_SQLITE, path);
	set = load_ok(store);
	n = 5;
	assert_null(store_problems(store, &n));
	assert_int_equal(n, 0);
	assert_int_equal(store_problems_total(store), 0);
	n = 5;
	assert_null(store_problems(NULL, &n));
	assert_int_equal(n, 0);
	assert_int_equal(store_problems_total(NULL), 0);
	free_set(set);
	close_store(store);
	end();
}

/* ---- errors at open */

static void test_open_errors(void **state)
{
	char path[PATH_MAX];
	struct source src;
	struct store *store;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "missing.jsonl");
	make_source(&src, SOURCE_JSONL, path);
	store = (struct store *)&src;
	assert_int_equal(store_open(&src, &store, &err), TIB_ERR_NOT_FOUND);
	assert_null(store);
	assert_contains(err.msg, path);
	assert_contains(err.msg, "No such file");
	assert_int_equal(access(path, F_OK), -1);

	at(path, "dir.jsonl");
	assert_int_equal(mkdir(path, 0755), 0);
	make_source(&src, SOURCE_JSONL, path);
	assert_int_equal(store_open(&src, &store, &err), TIB_ERR_IO);
	assert_null(store);
	assert_contains(err.msg, "is a directory");

	at(path, "db.jsonl");
	tu_make_beads_db(path, NULL);
	make_source(&src, SOURCE_JSONL, path);
	assert_int_not_equal(store_open(&src, &store, &err), TIB_OK);
	assert_null(store);
	assert_contains(err.msg, "SQLite database");
	end();
}

static void test_read_only_and_never_writes(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct stat before, after;
	(void)state;
	begin();
	at(path, "issues.jsonl");
	tu_write_file(path, variant_compact);
	assert_int_equal(stat(path, &before), 0);
	store = open_ok(path);
	assert_false(store_is_read_only(store));
	set = load_ok(store);
	detail_ok(store, "v-1", &g_detail);
	free_set(set);
	close_store(store);
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
		    before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
	assert_true(before.st_size == after.st_size && before.st_ino == after.st_ino);

	assert_int_equal(chmod(path, 0444), 0);
	store = open_ok(path);
	if (geteuid() != 0)
		assert_true(store_is_read_only(store));
	close_store(store);
	end();
}

/* ---- change detection */

/* bd's way: a temp file renamed over the export (a new inode). */
static void test_poll_rename_over(void **state)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	(void)state;
	begin();
	at(path, "issues.jsonl");
	at(tmp, "issues.jsonl.tmp");
	tu_write_file(path, "{\"id\":\"r-1\",\"title\":\"Old\",\"description\":\"old text\"}\n");
	store = open_ok(path);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	set = load_ok(store);
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);

	tu_write_file(tmp, "{\"id\":\"r-0\",\"title\":\"Added\"}\n"
			   "{\"id\":\"r-1\",\"title\":\"New\",\"description\":\"new text, longer\"}\n");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	/* until reopened, the detail is the loaded (old) file's: the one
	 * open descriptor still reads it */
	detail_ok(store, "r-1", &g_detail);
	assert_string_equal(g_detail.description, "old text");
	assert_int_equal(store_reopen(store, &err), TIB_OK);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	/* reopened, not loaded yet: no detail from the old ranges */
	issue_detail_free(&g_detail);
	assert_int_not_equal(store_load_detail(store, "r-1", &g_detail, &err), TIB_OK);
	assert_contains(err.msg, path);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	assert_string_equal(find(set, "r-1")->title, "New");
	free_set(set);
	detail_ok(store, "r-1", &g_detail);
	assert_string_equal(g_detail.description, "new text, longer");
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	close_store(store);
	end();
}

/* Written in place (an editor, `>>`): same inode, new size/mtime. */
static void test_poll_written_in_place(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	FILE *f;
	(void)state;
	begin();
	at(path, "issues.jsonl");
	tu_write_file(path, "{\"id\":\"w-1\",\"description\":\"one\"}\n");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	f = fopen(path, "ab");
	assert_non_null(f);
	fputs("{\"id\":\"w-2\",\"description\":\"two\"}\n", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(store_poll(store), STORE_DATA_CHANGED);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	/* the ranges of the last load may be wrong now: an error, not text */
	assert_int_not_equal(store_load_detail(store, "w-1", &g_detail, &err), TIB_OK);
	assert_contains(err.msg, "changed");
	issue_detail_free(&g_detail);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	free_set(set);
	assert_int_equal(store_poll(store), STORE_UNCHANGED);
	detail_ok(store, "w-2", &g_detail);
	assert_string_equal(g_detail.description, "two");

	/* truncated and rewritten (`bd export > file`) */
	tu_write_file(path, "{\"id\":\"w-9\",\"description\":\"nine\"}\n");
	assert_int_equal(store_poll(store), STORE_DATA_CHANGED);
	issue_detail_free(&g_detail);
	assert_int_not_equal(store_load_detail(store, "w-2", &g_detail, &err), TIB_OK);
	issue_detail_free(&g_detail);
	close_store(store);
	end();
}

/* The same size and mtime as loaded, other bytes: the id in the re-read
 * record does not match, so an error instead of another issue's text. */
static void test_detail_checks_id(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	struct stat st;
	struct timespec times[2];
	(void)state;
	begin();
	at(path, "issues.jsonl");
	tu_write_file(path, "{\"id\":\"k-1\",\"description\":\"one\"}\n");
	assert_int_equal(stat(path, &st), 0);
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);
	tu_write_file(path, "{\"id\":\"k-2\",\"description\":\"two\"}\n");
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	assert_int_not_equal(store_load_detail(store, "k-1", &g_detail, &err), TIB_OK);
	assert_contains(err.msg, "changed");
	issue_detail_free(&g_detail);
	close_store(store);
	end();
}

static void test_poll_gone_and_bad_replacement(void **state)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	struct tib_error err = {0};
	int i;
	(void)state;
	begin();
	at(path, "issues.jsonl");
	at(tmp, "incoming.tmp");
	tu_write_file(path, "{\"id\":\"g-1\"}\n");
	store = open_ok(path);
	set = load_ok(store);
	free_set(set);

	/* a SQLite database arrives under the name: refused, not retried */
	tu_make_beads_db(tmp, NULL);
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_not_equal(store_reopen(store, &err), TIB_OK);
	assert_contains(err.msg, path);
	for (i = 0; i < 3; i++)
		assert_int_equal(store_poll(store), STORE_UNCHANGED);
	set = (struct issue_set *)&err;
	assert_int_not_equal(store_load(store, timestamp_now(), &set, &err), TIB_OK);
	assert_null(set);
	assert_int_not_equal(store_load_detail(store, "g-1", &g_detail, &err), TIB_OK);
	issue_detail_free(&g_detail);

	/* then a good export */
	tu_write_file(tmp, "{\"id\":\"g-2\"}\n{\"id\":\"g-3\"}\n");
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_REPLACED);
	assert_int_equal(store_reopen(store, &err), TIB_OK);
	set = load_ok(store);
	assert_int_equal(set->count, 2);
	free_set(set);

	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_poll(store), STORE_FILE_GONE);
	assert_int_equal(store_poll(store), STORE_FILE_GONE);
	/* the open descriptor still reads the deleted file */
	detail_ok(store, "g-2", &g_detail);
	close_store(store);
	end();
}

/* Loads and details many times, opens and closes many times: valgrind
 * sees no leak and no descriptor left open. */
static void test_load_many_times(void **state)
{
	char path[PATH_MAX];
	struct store *store;
	struct issue_set *set;
	int i;
	(void)state;
	begin();
	at(path, "issues.jsonl");
	tu_write_file(path, fields_jsonl);
	store = open_ok(path);
	for (i = 0; i < 30; i++) {
		set = load_ok(store);
		assert_int_equal(set->count, 5);
		free_set(set);
		detail_ok(store, "f-1", &g_detail);
		assert_int_equal(g_detail.comment_count, 2);
		assert_int_equal(store_poll(store), STORE_UNCHANGED);
	}
	issue_detail_free(&g_detail);
	close_store(store);
	for (i = 0; i < 20; i++)
		close_store(open_ok(path));
	end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_export),
		cmocka_unit_test(test_real_export_large),
		cmocka_unit_test(test_same_as_import),
		cmocka_unit_test(test_same_as_import_large),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_format_variants),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_duplicate_last_wins),
		cmocka_unit_test(test_huge_lines),
		cmocka_unit_test(test_problem_text_is_safe),
		cmocka_unit_test(test_problem_limit),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_read_only_and_never_writes),
		cmocka_unit_test(test_poll_rename_over),
		cmocka_unit_test(test_poll_written_in_place),
		cmocka_unit_test(test_detail_checks_id),
		cmocka_unit_test(test_poll_gone_and_bad_replacement),
		cmocka_unit_test(test_load_many_times),
	};
	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
