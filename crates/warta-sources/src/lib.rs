//! Pure parsing of everything a news source hands us.
//!
//! - [`feed`]: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom and JSON Feed, broken
//!   ones included, with dates in every shape feeds write them
//!   ([`parse_feed_date`]).
//! - [`discover`]: feeds a page announces, common feed paths, and what a
//!   fetched document is ([`sniff`]).
//! - [`sitemap`]: sitemaps with Google News details, and sitemap indexes.
//! - [`opml`]: subscription lists in and out.
//! - [`warc`]: documents out of WARC archives (plain or gzip per record).
//! - [`schedule`]: when to poll a source again, from its own rhythm.
//!
//! Measured on Python feedparser's test corpus by the `feedparser_corpus`
//! test and the `corpus_report` example.
//!
//! No I/O and no clock: bytes (or a reader, for WARC) and times come in as
//! arguments, values go out. The caller says which input an error is about.

pub mod date;
pub mod discover;
pub mod feed;
pub mod opml;
pub mod schedule;
pub mod sitemap;
mod text;
pub mod warc;
mod xml;

pub use date::parse_feed_date;
pub use discover::{common_feed_paths, discover_feeds, sniff, SourceKind};
pub use feed::{parse_feed, Feed, FeedError, FeedItem, FeedKind};
pub use opml::{parse_opml, write_opml, OpmlError, OpmlOutline};
pub use sitemap::{feed_items, parse_sitemap, ChildSitemap, Sitemap, SitemapEntry, SitemapError};
