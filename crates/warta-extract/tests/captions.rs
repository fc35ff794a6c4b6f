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
