//! Pictures and their captions on pages the project wrote: the caption
//! markup sites use, credits split off, boilerplate left out.

use warta_extract::{extract, Article, ExtractOptions};

fn run(html: &str) -> Article {
    extract(html.as_bytes(), &ExtractOptions::default()).expect("extracts")
}

fn captions(article: &Article) -> Vec<&str> {
    article
        .images
        .iter()
        .filter_map(|i| i.caption.as_deref())
        .collect()
}

const PARAS: &str = r#"<p>The council met on Tuesday evening to discuss the new budget, which raises spending on schools, roads and the harbour by a tenth.</p>
<p>Residents who spoke at the meeting said the plan did too little for the bus network, which has lost three routes since last spring.</p>
<p>The mayor said a second vote would be held next month, after a review of the figures by the city's auditors and by an outside firm.</p>"#;

#[test]
fn a_shareable_figure_is_the_articles_own_picture() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>{PARAS}
        <figure class="img-container shareable-item wp-caption"><div class="img-wrap">
        <div class="item-share-buttons"><a class="share-button">Share</a></div>
        <img src="fallback.png" data-src="/pics/council.jpg" alt="The council"></div>
        <figcaption>The council chamber during the vote (Picture: PA)</figcaption></figure>
        {PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["The council chamber during the vote"]);
    assert_eq!(article.images[0].credit.as_deref(), Some("PA"));
}

#[test]
fn a_credit_element_before_the_figcaption_is_not_the_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>{PARAS}
        <figure><img src="/pics/mayor.jpg" alt="">
        <footer class="credit"><span class="copyright">Agency/Jane Roe</span></footer>
        <figcaption class="caption">The mayor after the vote on Tuesday</figcaption></figure>
        {PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["The mayor after the vote on Tuesday"]);
    assert_eq!(article.images[0].credit.as_deref(), Some("Agency/Jane Roe"));
}

#[test]
fn an_inner_caption_element_leaves_the_credit_outside() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>{PARAS}
        <figure><img src="/pics/harbour.jpg" alt="">
        <figcaption class="image-caption"><span class="caption">Boats in the harbour on May 7, 2025.</span>
        <span class="credit">Photo by Jane Roe</span> /<span class="distributor">Agency via Images</span></figcaption></figure>
        {PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["Boats in the harbour on May 7, 2025."]);
    assert_eq!(
        article.images[0].credit.as_deref(),
        Some("Jane Roe /Agency via Images")
    );
}

#[test]
fn a_zulu_photo_label_starts_a_credit() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>{PARAS}
        <figure><img src="/pics/ndlovu.jpg" alt=""><figcaption>Rejoice Ndlovu. Isithombe: Sithunyelwe</figcaption></figure>
        {PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["Rejoice Ndlovu."]);
}

#[test]
fn caption_styled_text_without_a_picture_is_no_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>{PARAS}
        <div class="login"><form><label>Remember me</label></form>
        <div class="field"><p class="caption"><a href="/forgot">Forgot your password?</a></p></div></div>
        <div class="photo"><div class="frame"><div data-src="/pics/lazy.jpg"></div></div>
        <div class="image-caption-wrap"><span class="caption">The harbour at dawn, seen from the old pier</span></div></div>
        {PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(
        captions(&article),
        ["The harbour at dawn, seen from the old pier"]
    );
}

#[test]
fn a_byline_with_its_date_is_no_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>
        <figure><img src="/pics/author.jpg" alt=""><figcaption>Von Jane Roe, Redakteurin für Finanzen 09.09.2025, 15:15 Uhr</figcaption></figure>
        {PARAS}</article></body></html>"#
    );
    assert!(captions(&run(&html)).is_empty());
}

#[test]
fn text_repeating_the_alt_text_after_a_picture_is_its_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>
        <div class="lead"><picture><img src="/pics/mayor.jpg" alt="The mayor leaves the chamber after the vote."></picture>
        <p>The mayor leaves the chamber after the vote. <span>Agency/Jane Roe</span></p></div>
        <div class="text">{PARAS}</div>
        <div class="author"><img src="/pics/roe.jpg" alt="Jane Roe"><p>Jane Roe</p></div>
        </article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(
        captions(&article),
        ["The mayor leaves the chamber after the vote."]
    );
    assert_eq!(article.images[0].credit.as_deref(), Some("Agency/Jane Roe"));
}

#[test]
fn a_paragraph_followed_by_a_credit_line_under_a_picture_is_its_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1><div class="text">{PARAS}
        <div><span><img src="/pics/harbour.jpg"></span><p><span>Boats in the harbour before the storm.</span></p>
        <p>Image: Jane Roe</p></div>
        {PARAS}</div></article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(
        captions(&article),
        ["Boats in the harbour before the storm."]
    );
    assert_eq!(article.images[0].credit.as_deref(), Some("Jane Roe"));
}

#[test]
fn a_layout_grid_named_sidebar_around_the_story_keeps_its_pictures() {
    let html = format!(
        r#"<html><body><main><div class="sidebar-grid"><header><h1>Budget passes</h1>
        <figure><img src="/pics/council.jpg" alt=""><figcaption><div class="figcaption__inner">The council chamber during the vote. | Jane Roe/Agency</div></figcaption></figure></header>
        <div>{PARAS}</div></div></main></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["The council chamber during the vote."]);
}

#[test]
fn a_teaser_picture_without_a_link_elsewhere_is_the_lead_picture() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>
        <div class="article-picture--teaser"><img src="/pics/council.jpg" alt="">
        <span class="legend">The council chamber during the vote (Picture: Agency)</span></div>
        <div class="text">{PARAS}</div>
        <div class="teaser-card"><img src="/pics/other.jpg" alt=""><span class="caption">Another story entirely, about the zoo</span>
        <a href="/news/other-story">Read more</a></div>
        </article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["The council chamber during the vote"]);
}

#[test]
fn an_image_info_element_is_a_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1>
        <div><img src="/pics/council.jpg" alt=""><span class="img-info">The council chamber during the vote. Bild: Jane Roe</span></div>
        <div class="text">{PARAS}</div></article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(captions(&article), ["The council chamber during the vote."]);
}

#[test]
fn the_small_print_of_a_sign_up_box_is_no_caption() {
    let html = format!(
        r#"<html><body><article><h1>Budget passes</h1><div class="text">{PARAS}
        <section class="signup"><div><img src="/pics/logo.png" alt="">
        <form action="/subscribe"><button type="submit">Sign up now</button></form>
        <p class="text-caption">By signing up I agree to the advertising terms.</p></div></section>
        {PARAS}</div></article></body></html>"#
    );
    let article = run(&html);
    assert!(captions(&article).is_empty(), "{:?}", captions(&article));
}

#[test]
fn the_json_ld_caption_captions_the_lead_picture() {
    let html = format!(
        r#"<html><head><meta property="og:image" content="https://example.org/up/harbour-lead.jpg">
        <script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
        {{"@type":"ImageObject","@id":"https://example.org/story/#primaryimage","url":"https://example.org/up/harbour-lead.jpg","caption":"Fishing boats moored in the old harbour at dawn."}},
        {{"@type":"NewsArticle","headline":"Budget passes","image":{{"@id":"https://example.org/story/#primaryimage"}}}}]}}</script>
        </head><body><article><h1>Budget passes</h1>{PARAS}</article></body></html>"#
    );
    let article = run(&html);
    assert_eq!(
        captions(&article),
        ["Fishing boats moored in the old harbour at dawn."]
    );
    assert_eq!(
        article.images[0].src.as_deref(),
        Some("https://example.org/up/harbour-lead.jpg")
    );
}
