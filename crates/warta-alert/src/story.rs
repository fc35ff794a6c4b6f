//! The view of a story that rules match and messages show. It is part of
//! warta's shared vocabulary (`warta-model`), since the store builds it
//! and the web page shows it too.

pub use warta_model::story::{ArticleView, EventView, StoryView};
