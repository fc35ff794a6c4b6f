//! Merging stories: two stories whose centroids converge become one, and a
//! second grouper that learns the merge (as the store reports it to other
//! workers) ends in the same place.

use warta_group::{Doc, GroupConfig, Grouper};

fn headline(id: &str, title: &str) -> Doc {
    Doc {
        id: id.into(),
        title: title.into(),
        lang: Some("en".into()),
        ..Doc::default()
    }
}

/// Two headlines that start two stories, then one that joins them.
fn bridge() -> Vec<Doc> {
    vec![
        headline("a", "Volcano erupts, villages evacuated"),
        headline("b", "Ash cloud closes airport, flights cancelled"),
        headline(
            "c",
            "Volcano erupts: ash cloud closes airport, villages evacuated, flights cancelled",
        ),
    ]
}

#[test]
fn converging_stories_merge_and_others_learn_it() {
    let docs = bridge();
    let mut g = Grouper::new(GroupConfig::default());
    let placed: Vec<_> = docs.iter().map(|d| g.add(d)).collect();
    println!("{placed:?}");
    assert!(placed[0].new_story && placed[1].new_story, "{placed:?}");
    let last = &placed[2];
    assert_eq!(last.merged.len(), 1, "{placed:?}");
    let (kept, gone) = (last.story, last.merged[0]);
    assert_eq!(g.resolve(gone), kept);
    assert_eq!(g.story(kept).unwrap().articles.len(), 3);
    assert!(g.story(gone).is_none());

    // Another worker knew the two stories and learns the merge.
    let mut other = Grouper::new(GroupConfig::default());
    other.add_known(&docs[0], placed[0].story, None);
    other.add_known(&docs[1], placed[1].story, None);
    other.add_known(&docs[2], kept, None);
    other.merge_known(kept, gone);
    other.merge_known(kept, gone); // twice: no change
    assert_eq!(other.resolve(gone), kept);
    let mut articles = other.story(kept).unwrap().articles.clone();
    articles.sort();
    assert_eq!(articles, ["a", "b", "c"]);
    assert!(other.story(gone).is_none());
    assert_eq!(other.active_stories(), 1);
    // Later articles of the absorbed id land in the kept story.
    other.add_known(&headline("d", "Airport reopens"), gone, None);
    assert_eq!(other.story(kept).unwrap().articles.len(), 4);

    // A worker that never saw the kept story takes the absorbed one over
    // under the kept id.
    let mut third = Grouper::new(GroupConfig::default());
    third.add_known(&docs[1], gone, None);
    third.merge_known(kept, gone);
    assert_eq!(third.story(kept).unwrap().articles, ["b"]);
    assert!(third.story(gone).is_none());
    assert!(third.next_id() > kept.max(gone));
    let next = third.add(&headline(
        "e",
        "Ash cloud closes airport again, flights cancelled",
    ));
    assert_eq!(next.story, kept, "{next:?}");
}
