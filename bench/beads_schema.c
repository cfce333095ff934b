/*
 * beads_schema.c - the beads v0.50.3 SQLite schema as C strings (see beads_schema.h).
 *
 * The text is ../shared/data/beads-v0.50.3-schema.sql (`sqlite3 .schema` of an empty
 * database written by bd v0.50.3) with tabs and quotes escaped, and with the "\n\t" that bd
 * leaves at the end of five dependency indexes put back (.schema output lost it).  With that,
 * sqlite_master.sql of a generated database equals that of beads-v0.50.3-empty.db byte for
 * byte: check with `select type, name, quote(sql) from sqlite_master order by name` on both.
 * The config rows are the ones `select * from config` shows in that database, in its order.
 */
#include "beads_schema.h"

#include <stddef.h>

#define BEADS_CONFIG_DEFAULTS                                   \
	"INSERT INTO config (key, value) VALUES\n"              \
	"    ('compaction_enabled', 'false'),\n"                \
	"    ('compact_tier1_days', '30'),\n"                   \
	"    ('compact_tier1_dep_levels', '2'),\n"              \
	"    ('compact_tier2_days', '90'),\n"                   \
	"    ('compact_tier2_dep_levels', '5'),\n"              \
	"    ('compact_tier2_commits', '100'),\n"               \
	"    ('compact_model', 'claude-haiku-4-5-20251001'),\n" \
	"    ('compact_batch_size', '50'),\n"                   \
	"    ('compact_parallel_workers', '5'),\n"              \
	"    ('auto_compact_enabled', 'false');\n"

const char beads_config_defaults_sql[] = BEADS_CONFIG_DEFAULTS;

const char beads_schema_sql[] =
	"CREATE TABLE blocked_issues_cache (\n"
	"\t\t\t\tissue_id TEXT NOT NULL,\n"
	"\t\t\t\tPRIMARY KEY (issue_id),\n"
	"\t\t\t\tFOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	"\t\t\t);\n"
	"\n"
	"CREATE TABLE child_counters (\n"
	"    parent_id TEXT PRIMARY KEY,\n"
	"    last_child INTEGER NOT NULL DEFAULT 0,\n"
	"    FOREIGN KEY (parent_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE comments (\n"
	"    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"    issue_id TEXT NOT NULL,\n"
	"    author TEXT NOT NULL,\n"
	"    text TEXT NOT NULL,\n"
	"    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE compaction_snapshots (\n"
	"    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"    issue_id TEXT NOT NULL,\n"
	"    compaction_level INTEGER NOT NULL,\n"
	"    snapshot_json BLOB NOT NULL,\n"
	"    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE config (\n"
	"    key TEXT PRIMARY KEY,\n"
	"    value TEXT NOT NULL\n"
	");\n"
	"\n"
	"CREATE TABLE \"dependencies\" (\n"
	"\t\t\tissue_id TEXT NOT NULL,\n"
	"\t\t\tdepends_on_id TEXT NOT NULL,\n"
	"\t\t\ttype TEXT NOT NULL DEFAULT 'blocks',\n"
	"\t\t\tcreated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
	"\t\t\tcreated_by TEXT NOT NULL,\n"
	"\t\t\tmetadata TEXT,\n"
	"\t\t\tthread_id TEXT,\n"
	"\t\t\tPRIMARY KEY (issue_id, depends_on_id, type),\n"
	"\t\t\tFOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	"\t\t);\n"
	"\n"
	"CREATE TABLE dirty_issues (\n"
	"    issue_id TEXT PRIMARY KEY,\n"
	"    marked_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, content_hash TEXT,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE events (\n"
	"    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"    issue_id TEXT NOT NULL,\n"
	"    event_type TEXT NOT NULL,\n"
	"    actor TEXT NOT NULL,\n"
	"    old_value TEXT,\n"
	"    new_value TEXT,\n"
	"    comment TEXT,\n"
	"    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE export_hashes (\n"
	"    issue_id TEXT PRIMARY KEY,\n"
	"    content_hash TEXT NOT NULL,\n"
	"    exported_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE issue_snapshots (\n"
	"    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"    issue_id TEXT NOT NULL,\n"
	"    snapshot_time DATETIME NOT NULL,\n"
	"    compaction_level INTEGER NOT NULL,\n"
	"    original_size INTEGER NOT NULL,\n"
	"    compressed_size INTEGER NOT NULL,\n"
	"    original_content TEXT NOT NULL,\n"
	"    archived_events TEXT,\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE issues (\n"
	"    id TEXT PRIMARY KEY,\n"
	"    content_hash TEXT,\n"
	"    title TEXT NOT NULL CHECK(length(title) <= 500),\n"
	"    description TEXT NOT NULL DEFAULT '',\n"
	"    design TEXT NOT NULL DEFAULT '',\n"
	"    acceptance_criteria TEXT NOT NULL DEFAULT '',\n"
	"    notes TEXT NOT NULL DEFAULT '',\n"
	"    status TEXT NOT NULL DEFAULT 'open',\n"
	"    priority INTEGER NOT NULL DEFAULT 2 CHECK(priority >= 0 AND priority <= 4),\n"
	"    issue_type TEXT NOT NULL DEFAULT 'task',\n"
	"    assignee TEXT,\n"
	"    estimated_minutes INTEGER,\n"
	"    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    created_by TEXT DEFAULT '',\n"
	"    owner TEXT DEFAULT '',\n"
	"    updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	"    closed_at DATETIME,\n"
	"    closed_by_session TEXT DEFAULT '',\n"
	"    external_ref TEXT,\n"
	"    spec_id TEXT,\n"
	"    compaction_level INTEGER DEFAULT 0,\n"
	"    compacted_at DATETIME,\n"
	"    compacted_at_commit TEXT,\n"
	"    original_size INTEGER,\n"
	"    deleted_at DATETIME,\n"
	"    deleted_by TEXT DEFAULT '',\n"
	"    delete_reason TEXT DEFAULT '',\n"
	"    original_type TEXT DEFAULT '',\n"
	"    -- Messaging fields (bd-kwro)\n"
	"    sender TEXT DEFAULT '',\n"
	"    ephemeral INTEGER DEFAULT 0,\n"
	"    -- Wisp type for TTL-based compaction (gt-9br)\n"
	"    wisp_type TEXT DEFAULT '',\n"
	"    -- Pinned field (bd-7h5)\n"
	"    pinned INTEGER DEFAULT 0,\n"
	"    -- Template field (beads-1ra)\n"
	"    is_template INTEGER DEFAULT 0,\n"
	"    -- Work economics field (bd-fqze8) - HOP Decision 006\n"
	"    crystallizes INTEGER DEFAULT 0,\n"
	"    -- Molecule type field (bd-oxgi)\n"
	"    mol_type TEXT DEFAULT '',\n"
	"    -- Work type field (Decision 006: mutex vs open_competition)\n"
	"    work_type TEXT DEFAULT 'mutex',\n"
	"    -- HOP quality score field (0.0-1.0, set by Refineries on merge)\n"
	"    quality_score REAL,\n"
	"    -- Federation source system field\n"
	"    source_system TEXT DEFAULT '',\n"
	"    -- Custom metadata field (GH#1406)\n"
	"    metadata TEXT NOT NULL DEFAULT '{}',\n"
	"    -- Event fields (bd-ecmd)\n"
	"    event_kind TEXT DEFAULT '',\n"
	"    actor TEXT DEFAULT '',\n"
	"    target TEXT DEFAULT '',\n"
	"    payload TEXT DEFAULT '', source_repo TEXT DEFAULT '.', close_reason TEXT DEFAULT '', await_type TEXT, await_id TEXT, timeout_ns INTEGER, waiters TEXT, hook_bead TEXT DEFAULT '', role_bead TEXT DEFAULT '', agent_state TEXT DEFAULT '', last_activity DATETIME, role_type TEXT DEFAULT '', rig TEXT DEFAULT '', due_at DATETIME, defer_until DATETIME,\n"
	"    -- NOTE: replies_to, relates_to, duplicate_of, superseded_by removed per Decision 004\n"
	"    -- These relationships are now stored in the dependencies table\n"
	"    -- closed_at constraint: closed issues must have it, tombstones may retain it from before deletion\n"
	"    CHECK (\n"
	"        (status = 'closed' AND closed_at IS NOT NULL) OR\n"
	"        (status = 'tombstone') OR\n"
	"        (status NOT IN ('closed', 'tombstone') AND closed_at IS NULL)\n"
	"    )\n"
	");\n"
	"\n"
	"CREATE TABLE labels (\n"
	"    issue_id TEXT NOT NULL,\n"
	"    label TEXT NOT NULL,\n"
	"    PRIMARY KEY (issue_id, label),\n"
	"    FOREIGN KEY (issue_id) REFERENCES issues(id) ON DELETE CASCADE\n"
	");\n"
	"\n"
	"CREATE TABLE metadata (\n"
	"    key TEXT PRIMARY KEY,\n"
	"    value TEXT NOT NULL\n"
	");\n"
	"\n"
	"CREATE TABLE repo_mtimes (\n"
	"    repo_path TEXT PRIMARY KEY,  -- Absolute path to the repository root\n"
	"    jsonl_path TEXT NOT NULL,    -- Absolute path to the .beads/issues.jsonl file\n"
	"    mtime_ns INTEGER NOT NULL,   -- Modification time in nanoseconds since epoch\n"
	"    last_checked DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
	");\n"
	"\n"
	"CREATE INDEX idx_comments_created_at ON comments(created_at);\n"
	"\n"
	"CREATE INDEX idx_comments_issue ON comments(issue_id);\n"
	"\n"
	"CREATE INDEX idx_comp_snap_issue_level_created ON compaction_snapshots(issue_id, compaction_level, created_at DESC);\n"
	"\n"
	"CREATE INDEX idx_dependencies_depends_on ON dependencies(depends_on_id)\n"
	"\t;\n" /* sic: bd leaves this newline and tab in the stored SQL */
	"\n"
	"CREATE INDEX idx_dependencies_depends_on_type ON dependencies(depends_on_id, type)\n"
	"\t;\n" /* sic: bd leaves this newline and tab in the stored SQL */
	"\n"
	"CREATE INDEX idx_dependencies_depends_on_type_issue ON dependencies(depends_on_id, type, issue_id)\n"
	"\t;\n" /* sic: bd leaves this newline and tab in the stored SQL */
	"\n"
	"CREATE INDEX idx_dependencies_issue_id ON dependencies(issue_id)\n"
	"\t;\n" /* sic: bd leaves this newline and tab in the stored SQL */
	"\n"
	"CREATE INDEX idx_dependencies_issue_type ON dependencies(issue_id, type);\n"
	"\n"
	"CREATE INDEX idx_dependencies_type ON dependencies(type)\n"
	"\t;\n" /* sic: bd leaves this newline and tab in the stored SQL */
	"\n"
	"CREATE INDEX idx_dirty_issues_marked_at ON dirty_issues(marked_at);\n"
	"\n"
	"CREATE INDEX idx_events_created_at ON events(created_at);\n"
	"\n"
	"CREATE INDEX idx_events_issue ON events(issue_id);\n"
	"\n"
	"CREATE INDEX idx_events_issue_type ON events(issue_id, event_type);\n"
	"\n"
	"CREATE INDEX idx_snapshots_issue ON issue_snapshots(issue_id);\n"
	"\n"
	"CREATE INDEX idx_snapshots_level ON issue_snapshots(compaction_level);\n"
	"\n"
	"CREATE INDEX idx_issues_assignee ON issues(assignee);\n"
	"\n"
	"CREATE INDEX idx_issues_created_at ON issues(created_at);\n"
	"\n"
	"CREATE INDEX idx_issues_defer_until ON issues(defer_until);\n"
	"\n"
	"CREATE INDEX idx_issues_deleted_at ON issues(deleted_at) WHERE deleted_at IS NOT NULL;\n"
	"\n"
	"CREATE INDEX idx_issues_due_at ON issues(due_at);\n"
	"\n"
	"CREATE INDEX idx_issues_ephemeral ON issues(ephemeral) WHERE ephemeral = 1;\n"
	"\n"
	"CREATE INDEX idx_issues_external_ref ON issues(external_ref);\n"
	"\n"
	"CREATE UNIQUE INDEX idx_issues_external_ref_unique ON issues(external_ref) WHERE external_ref IS NOT NULL;\n"
	"\n"
	"CREATE INDEX idx_issues_gate ON issues(issue_type) WHERE issue_type = 'gate';\n"
	"\n"
	"CREATE INDEX idx_issues_is_template ON issues(is_template) WHERE is_template = 1;\n"
	"\n"
	"CREATE INDEX idx_issues_pinned ON issues(pinned) WHERE pinned = 1;\n"
	"\n"
	"CREATE INDEX idx_issues_priority ON issues(priority);\n"
	"\n"
	"CREATE INDEX idx_issues_sender ON issues(sender) WHERE sender != '';\n"
	"\n"
	"CREATE INDEX idx_issues_source_repo ON issues(source_repo);\n"
	"\n"
	"CREATE INDEX idx_issues_spec_id ON issues(spec_id);\n"
	"\n"
	"CREATE INDEX idx_issues_status ON issues(status);\n"
	"\n"
	"CREATE INDEX idx_issues_status_priority ON issues(status, priority);\n"
	"\n"
	"CREATE INDEX idx_issues_updated_at ON issues(updated_at);\n"
	"\n"
	"CREATE INDEX idx_labels_label ON labels(label);\n"
	"\n"
	"CREATE INDEX idx_labels_label_issue ON labels(label, issue_id);\n"
	"\n"
	"CREATE INDEX idx_repo_mtimes_checked ON repo_mtimes(last_checked);\n"
	"\n"
	"CREATE VIEW blocked_issues AS\n"
	"\t\tSELECT\n"
	"\t\t    i.*,\n"
	"\t\t    COUNT(d.depends_on_id) as blocked_by_count\n"
	"\t\tFROM issues i\n"
	"\t\tJOIN dependencies d ON i.id = d.issue_id\n"
	"\t\tJOIN issues blocker ON d.depends_on_id = blocker.id\n"
	"\t\tWHERE i.status IN ('open', 'in_progress', 'blocked', 'deferred')\n"
	"\t\t  AND d.type = 'blocks'\n"
	"\t\t  AND blocker.status IN ('open', 'in_progress', 'blocked', 'deferred')\n"
	"\t\tGROUP BY i.id;\n"
	"\n"
	"CREATE VIEW ready_issues AS\n"
	"\t\tWITH RECURSIVE\n"
	"\t\t  blocked_directly AS (\n"
	"\t\t    SELECT DISTINCT d.issue_id\n"
	"\t\t    FROM dependencies d\n"
	"\t\t    JOIN issues blocker ON d.depends_on_id = blocker.id\n"
	"\t\t    WHERE d.type = 'blocks'\n"
	"\t\t      AND blocker.status IN ('open', 'in_progress', 'blocked', 'deferred')\n"
	"\t\t  ),\n"
	"\t\t  blocked_transitively AS (\n"
	"\t\t    SELECT issue_id, 0 as depth\n"
	"\t\t    FROM blocked_directly\n"
	"\t\t    UNION ALL\n"
	"\t\t    SELECT d.issue_id, bt.depth + 1\n"
	"\t\t    FROM blocked_transitively bt\n"
	"\t\t    JOIN dependencies d ON d.depends_on_id = bt.issue_id\n"
	"\t\t    WHERE d.type = 'parent-child'\n"
	"\t\t      AND bt.depth < 50\n"
	"\t\t  )\n"
	"\t\tSELECT i.*\n"
	"\t\tFROM issues i\n"
	"\t\tWHERE i.status = 'open'\n"
	"\t\t  AND NOT EXISTS (\n"
	"\t\t    SELECT 1 FROM blocked_transitively WHERE issue_id = i.id\n"
	"\t\t  );\n"
	"\n"
	/* config defaults written by `bd init` */
	"\n" BEADS_CONFIG_DEFAULTS;

const char beads_wal_sql[] = "PRAGMA journal_mode=WAL;";

/* Runs one statement that returns a single text row and reports that text (for PRAGMAs). */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t out_size)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		size_t i = 0;
		for (; text && text[i] && i + 1 < out_size; i++)
			out[i] = (char)text[i];
		out[i] = '\0';
		rc = sqlite3_step(stmt);
	}
	int finalize_rc = sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		rc = finalize_rc;
	return rc;
}

int beads_schema_apply(sqlite3 *db, char **errmsg)
{
	char mode[16] = "";
	int rc;

	if (errmsg)
		*errmsg = NULL;
	/* journal_mode answers with the mode it ended up in; anything but "wal" is a failure
	 * (for instance an in-memory database, which cannot use WAL). */
	rc = query_text(db, beads_wal_sql, mode, sizeof mode);
	if (rc != SQLITE_OK) {
		if (errmsg)
			*errmsg = sqlite3_mprintf("cannot set journal_mode=WAL: %s",
						  sqlite3_errmsg(db));
		return rc;
	}
	if (sqlite3_stricmp(mode, "wal") != 0) {
		if (errmsg)
			*errmsg = sqlite3_mprintf("cannot set journal_mode=WAL (got \"%s\")", mode);
		return SQLITE_ERROR;
	}
	rc = sqlite3_exec(db, "BEGIN", NULL, NULL, errmsg);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_exec(db, beads_schema_sql, NULL, NULL, errmsg);
	if (rc != SQLITE_OK) {
		/* The schema error is the one worth reporting; the rollback's own result is not. */
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return sqlite3_exec(db, "COMMIT", NULL, NULL, errmsg);
}
