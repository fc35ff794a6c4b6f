//! The SQLite schema, as append-only migrations.
//!
//! Migration `n` (1-based) moves `PRAGMA user_version` from `n - 1` to `n`.
//! Never edit a migration that has shipped: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: sources, the fetch log, the work queue, articles and their parts,
    // stories, rules and deliveries.
    r#"
CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    title           TEXT,
    site_url        TEXT,
    category        TEXT,
    state           TEXT NOT NULL DEFAULT 'active',
    settings        TEXT NOT NULL DEFAULT '{}',
    etag            TEXT,
    last_modified   TEXT,
    poll_interval   INTEGER NOT NULL DEFAULT 900,
    next_poll_at    INTEGER NOT NULL DEFAULT 0,
    last_polled_at  INTEGER,
    last_ok_at      INTEGER,
    last_error      TEXT,
    error_count     INTEGER NOT NULL DEFAULT 0,
    added_at        INTEGER NOT NULL
);
CREATE INDEX sources_due ON sources(state, next_poll_at);

CREATE TABLE fetch_log (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    url         TEXT NOT NULL,
    at          INTEGER NOT NULL,
    status      INTEGER,
    bytes       INTEGER,
    elapsed_ms  INTEGER,
    outcome     TEXT NOT NULL,
    error       TEXT
);
CREATE INDEX fetch_log_source ON fetch_log(source_id, at);

CREATE TABLE items (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    url         TEXT,
    title       TEXT,
    content     TEXT,
    published   TEXT,
    updated     TEXT,
    authors     TEXT NOT NULL DEFAULT '[]',
    state       TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    article_id  INTEGER,
    seen_at     INTEGER NOT NULL,
    UNIQUE (source_id, key)
);
CREATE INDEX items_pending ON items(state, id);

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    title       TEXT,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    canonical_url   TEXT,
    guid            TEXT,
    source_id       INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    site            TEXT,
    lang            TEXT,
    title           TEXT,
    published       TEXT,
    published_at    INTEGER,
    fetched         INTEGER NOT NULL,
    first_seen      INTEGER NOT NULL,
    fetch_error     TEXT,
    raw             BLOB,
    raw_type        TEXT,
    analysis        BLOB NOT NULL,
    story_id        INTEGER REFERENCES stories(id) ON DELETE SET NULL
);
CREATE INDEX articles_canonical ON articles(canonical_url);
CREATE INDEX articles_guid ON articles(source_id, guid);
CREATE INDEX articles_first_seen ON articles(first_seen);
CREATE INDEX articles_story ON articles(story_id);

CREATE TABLE blocks (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    PRIMARY KEY (article_id, pos)
) WITHOUT ROWID;

CREATE TABLE images (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    src         TEXT,
    caption     TEXT,
    credit      TEXT,
    PRIMARY KEY (article_id, pos)
) WITHOUT ROWID;

CREATE TABLE entities (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    canonical   TEXT NOT NULL,
    actor       TEXT,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    PRIMARY KEY (article_id, pos)
) WITHOUT ROWID;
CREATE INDEX entities_canonical ON entities(canonical);
CREATE INDEX entities_actor ON entities(actor);

CREATE TABLE quotes (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos         INTEGER NOT NULL,
    speaker     TEXT,
    text        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    PRIMARY KEY (article_id, pos)
) WITHOUT ROWID;

-- Events outlive their article when `warta prune --keep-events` asks:
-- article_id becomes NULL and url keeps where the event was read.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    url         TEXT,
    fetched     INTEGER NOT NULL,
    pos         INTEGER NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    code        TEXT NOT NULL,
    root        TEXT NOT NULL,
    quad_class  INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    negated     INTEGER NOT NULL,
    date        TEXT,
    location    TEXT,
    sentence    TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_code ON events(root, code);
CREATE INDEX events_actors ON events(source, target);

CREATE TABLE rules (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    definition  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    rule_id     INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
    story_id    INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    sink        TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    UNIQUE (rule_id, story_id, sink)
);
CREATE INDEX deliveries_pending ON deliveries(state, id);
"#,
    // 2: near-duplicates point at the earliest copy; stories know when
    // they last changed, for the quiet ones and for alerts.
    r#"
ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL;
ALTER TABLE stories ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stories_last_seen ON stories(last_seen);
"#,
    // 3: the outbox. Rules can be paused; a delivery waits for its next
    // attempt and remembers what the sink answered; a sink that refuses
    // for good (a bot removed from its channel) is marked broken.
    r#"
ALTER TABLE rules ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN receipt TEXT;
CREATE TABLE sinks (
    sink        TEXT PRIMARY KEY,
    state       TEXT NOT NULL DEFAULT 'ok',
    detail      TEXT,
    migrated_to TEXT,
    updated_at  INTEGER NOT NULL
);
"#,
    // 4: the API and the pages list events by day.
    r#"
CREATE INDEX events_date ON events(date);
"#,
    // 5: several workers share one queue (PostgreSQL): an entry is claimed
    // by one of them until its claim expires.
    r#"
ALTER TABLE items ADD COLUMN claimed_by TEXT;
ALTER TABLE items ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
"#,
    // 6: several workers place articles in stories one at a time, each
    // catching up with the placements made since its last one
    // (`placed_seq` orders them); politeness per host holds across workers
    // through the next allowed fetch per host (PostgreSQL uses it).
    r#"
ALTER TABLE articles ADD COLUMN placed_seq INTEGER;
CREATE INDEX articles_placed ON articles(placed_seq);
CREATE TABLE host_pacing (
    host        TEXT PRIMARY KEY,
    next_at_ms  INTEGER NOT NULL
);
"#,
    // 7: two stories the group stage merged are one in the store: the
    // absorbed story's row stays (its id is never given again, and links
    // to it lead to the story it went into), marked with the story it went
    // into and the placement round that merged it (`merged_seq`, on the
    // same sequence as `articles.placed_seq`), so that other workers learn
    // the merge when they catch up.
    r#"
ALTER TABLE stories ADD COLUMN merged_into INTEGER;
ALTER TABLE stories ADD COLUMN merged_seq INTEGER;
CREATE INDEX stories_merged ON stories(merged_seq);
"#,
];
