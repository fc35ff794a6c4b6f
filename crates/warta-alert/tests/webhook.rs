//! Webhooks against the fake receiver in `support/`.

mod support;

use std::time::Duration;
use support::{hmac_hex, story, Failure, Fake};
use warta_alert::{webhook_body, DeliveryError, RetryPolicy, WebhookClient};

fn client() -> WebhookClient {
    WebhookClient::new(
        Duration::from_secs(10),
        RetryPolicy {
            attempts: 3,
            backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(50),
            max_wait: Duration::from_secs(5),
        },
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn signed_post_is_verified_by_the_receiver() {
    let fake = Fake::start().await;
    fake.set_webhook_secret(b"s3cret");
    let body = webhook_body("korea", "delivery-9", &story("Putin & Kim", "Lead."));
    let url = format!("{}/hook", fake.base_url);
    client()
        .post(&url, Some(b"s3cret"), &body, "delivery-9")
        .await
        .unwrap();
    let r = &fake.records()[0];
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("X-Warta-Signature"),
        Some(hmac_hex(b"s3cret", &body).as_str())
    );
    assert_eq!(r.header("Idempotency-Key"), Some("delivery-9"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.body["rule"], "korea");
    assert_eq!(r.body["story"]["events"][0]["source"], "RUS");
    assert_eq!(r.body["story"]["articles"][0]["title"], "Putin & Kim");

    // A wrong secret: the receiver refuses it, permanently.
    let e = client()
        .post(&url, Some(b"other"), &body, "delivery-9")
        .await
        .unwrap_err();
    assert!(matches!(e, DeliveryError::Permanent { .. }), "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn transient_failures_are_retried_with_the_same_key() {
    let fake = Fake::start().await;
    let url = format!("{}/hook", fake.base_url);
    fake.fail(
        Some("webhook"),
        Failure::Http {
            status: 503,
            retry_after: None,
        },
    );
    fake.fail(
        Some("webhook"),
        Failure::Http {
            status: 429,
            retry_after: Some(1),
        },
    );
    let t = std::time::Instant::now();
    client().post(&url, None, b"{}", "k1").await.unwrap();
    assert!(t.elapsed() >= Duration::from_secs(1), "Retry-After waited");
    let r = fake.records();
    assert_eq!(r.len(), 3);
    assert!(r.iter().all(|r| r.header("Idempotency-Key") == Some("k1")));
    assert!(r[0].header("X-Warta-Signature").is_none());

    for _ in 0..3 {
        fake.fail(
            Some("webhook"),
            Failure::Http {
                status: 500,
                retry_after: None,
            },
        );
    }
    let e = client().post(&url, None, b"{}", "k2").await.unwrap_err();
    assert!(e.is_transient());
}

#[tokio::test(flavor = "multi_thread")]
async fn permanent_and_gone() {
    let fake = Fake::start().await;
    let url = format!("{}/hook", fake.base_url);
    fake.fail(
        Some("webhook"),
        Failure::Http {
            status: 400,
            retry_after: None,
        },
    );
    let e = client().post(&url, None, b"{}", "k").await.unwrap_err();
    assert!(matches!(e, DeliveryError::Permanent { .. }));
    fake.fail(
        Some("webhook"),
        Failure::Http {
            status: 410,
            retry_after: None,
        },
    );
    let e = client().post(&url, None, b"{}", "k").await.unwrap_err();
    assert!(matches!(e, DeliveryError::SinkBroken { .. }));
    assert_eq!(fake.records().len(), 2, "no retries");
    // Nobody listening: transient.
    let e = client()
        .post("http://127.0.0.1:9/hook", None, b"{}", "k")
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e:?}");
}
