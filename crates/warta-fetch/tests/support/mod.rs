//! A small HTTP/1.1 test server on 127.0.0.x, written by hand over tokio's
//! TcpListener so it can misbehave in ways a real server library would not:
//! hang, stall after the head, trickle, stream forever, send a gzip bomb.
//!
//! One request per connection (`Connection: close`). Every route is
//! bounded in time (at most ~30 s of stalling) so a failing test still ends.
//! The server counts what it saw: hits per path, request start times,
//! in-flight requests and their maximum, bytes written by streaming routes.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// 10 GiB, the size the endless routes pretend to have.
pub const TEN_GB: u64 = 10 * 1024 * 1024 * 1024;

/// What a test can tell the server before starting it.
#[derive(Clone, Default)]
pub struct Options {
    /// The robots.txt body; `None` answers 404.
    pub robots: Option<String>,
    /// A status for robots.txt instead (e.g. 500).
    pub robots_status: Option<u16>,
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The path and query (for a proxied request, of the absolute URL).
    pub path: String,
    /// The request target as sent (absolute-form when sent to a proxy).
    pub target: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub at: Instant,
}

#[derive(Default)]
pub struct State {
    pub seen: Mutex<Vec<Seen>>,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// Bytes of body written by the streaming routes (compressed for the bomb).
    pub body_bytes_sent: AtomicU64,
    /// Connections accepted, whatever was sent on them.
    pub connections: AtomicUsize,
}

impl State {
    /// How many requests came for `path` (path and query).
    pub fn hits(&self, path: &str) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .count()
    }

    /// The start times of the requests for `path`, in order.
    pub fn times(&self, path: &str) -> Vec<Instant> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .map(|s| s.at)
            .collect()
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 with no robots.txt.
    pub async fn start() -> Server {
        Server::start_on("127.0.0.1", Options::default()).await
    }

    /// Starts a server on `ip` (any 127.0.0.0/8 address) with `options`.
    pub async fn start_on(ip: &str, options: Options) -> Server {
        Server::start_with_state(ip, options, Arc::new(State::default())).await
    }

    /// Starts a server whose counters are `state`, shared with other servers.
    pub async fn start_with_state(ip: &str, options: Options, state: Arc<State>) -> Server {
        let listener = TcpListener::bind((ip, 0))
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let options = Arc::new(options);
        let task = {
            let state = state.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    state.connections.fetch_add(1, Ordering::SeqCst);
                    let state = state.clone();
                    let options = options.clone();
                    tokio::spawn(async move {
                        // Every connection is bounded, whatever a route does.
                        let _ = tokio::time::timeout(
                            Duration::from_secs(40),
                            serve(stream, addr, &state, &options),
                        )
                        .await;
                    });
                }
            })
        };
        Server { addr, state, task }
    }

    /// `http://addr/path`.
    pub fn url(&self, path: &str) -> warta_fetch::Url {
        format!("http://{}{}", self.addr, path).parse().unwrap()
    }
}

/// 1 GiB of zeros, gzip-compressed (about 1 MiB), built once per test binary.
pub fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(|| {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let zeros = vec![0u8; 1 << 20];
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..1024 {
            encoder.write_all(&zeros).unwrap();
        }
        encoder.finish().unwrap()
    })
}

async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Some(head)
}

fn parse_head(head: &[u8]) -> Option<Seen> {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let request_line = lines.next()?;
    let target = request_line.split(' ').nth(1)?.to_string();
    // A proxy gets the absolute URL; keep its path for routing.
    let path = match target.strip_prefix("http://") {
        Some(rest) => rest
            .find('/')
            .map(|i| rest[i..].to_string())
            .unwrap_or_else(|| "/".into()),
        None => target.clone(),
    };
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Seen {
        path,
        target,
        headers,
        at: Instant::now(),
    })
}

async fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

/// Writes `chunk` again and again until `total` bytes or a write error
/// (the client hung up); counts what was written.
async fn stream_repeat(stream: &mut TcpStream, state: &State, chunk: &[u8], total: u64) {
    let mut sent = 0u64;
    while sent < total {
        let n = chunk.len().min((total - sent) as usize);
        if stream.write_all(&chunk[..n]).await.is_err() {
            break;
        }
        sent += n as u64;
        state.body_bytes_sent.fetch_add(n as u64, Ordering::SeqCst);
    }
}

struct InFlight<'a>(&'a State);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn serve(mut stream: TcpStream, addr: SocketAddr, state: &State, options: &Options) {
    let Some(head) = read_head(&mut stream).await else {
        return;
    };
    let Some(seen) = parse_head(&head) else {
        return;
    };
    state.seen.lock().unwrap().push(seen.clone());
    let now_in_flight = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state
        .max_in_flight
        .fetch_max(now_in_flight, Ordering::SeqCst);
    let in_flight = InFlight(state);
    let path = seen.path.as_str();
    let hits = state.hits(path);
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let html = |text: &str| format!("<html><body><p>{text}</p></body></html>").into_bytes();
    let text_html = ("Content-Type", "text/html; charset=utf-8".to_string());
    match route {
        "/robots.txt" => match (options.robots_status, &options.robots) {
            (Some(code), _) => respond(&mut stream, &format!("{code} Status"), &[], b"").await,
            (None, Some(body)) => {
                respond(
                    &mut stream,
                    "200 OK",
                    &[("Content-Type", "text/plain".into())],
                    body.as_bytes(),
                )
                .await
            }
            (None, None) => respond(&mut stream, "404 Not Found", &[], b"no robots here").await,
        },
        // A page with validators: a matching conditional GET gets a 304.
        "/page" => {
            let etag = "\"v1\"";
            let modified = "Sat, 01 Mar 2025 10:00:00 GMT";
            let fresh = seen.headers.get("if-none-match").is_some_and(|v| v == etag)
                || seen
                    .headers
                    .get("if-modified-since")
                    .is_some_and(|v| v == modified);
            let headers = [
                text_html,
                ("ETag", etag.to_string()),
                ("Last-Modified", modified.to_string()),
                ("Cache-Control", "public, max-age=300".to_string()),
            ];
            if fresh {
                respond(&mut stream, "304 Not Modified", &headers[1..], b"").await;
            } else {
                respond(&mut stream, "200 OK", &headers, &html("Berita hari ini")).await;
            }
        }
        // The request headers, one per line, for checking what was sent.
        "/echo" => {
            let mut lines: Vec<String> = seen
                .headers
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            lines.sort();
            respond(
                &mut stream,
                "200 OK",
                &[("Content-Type", "text/plain".into())],
                lines.join("\n").as_bytes(),
            )
            .await;
        }
        // Accepts and reads the request, never answers.
        "/hang" => tokio::time::sleep(Duration::from_secs(30)).await,
        // Sends the head and a few bytes of a 1000-byte body, then nothing.
        "/stall" => {
            let _ = stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n<html>",
                )
                .await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        // One byte every 200 ms: never idle long, never done.
        "/trickle" => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                .await;
            for _ in 0..150 {
                if stream.write_all(b"x").await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        // 10 GiB of body with no declared length, generated as it is sent.
        "/huge" => {
            let _ = stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n",
                )
                .await;
            stream_repeat(&mut stream, state, &[b'a'; 64 * 1024], TEN_GB).await;
        }
        // The same, declaring its length up front.
        "/huge-declared" => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {TEN_GB}\r\nConnection: close\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            stream_repeat(&mut stream, state, &[b'a'; 64 * 1024], TEN_GB).await;
        }
        // 1 GiB of zeros as a ~1 MiB gzip body.
        "/bomb" => {
            let bomb = gzip_bomb();
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bomb.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            stream_repeat(&mut stream, state, bomb, bomb.len() as u64).await;
        }
        // A small gzip page, to see decompression work at all.
        "/gzip" => {
            use flate2::write::GzEncoder;
            use std::io::Write;
            let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&html("dikompresi")).unwrap();
            let body = encoder.finish().unwrap();
            respond(
                &mut stream,
                "200 OK",
                &[text_html, ("Content-Encoding", "gzip".into())],
                &body,
            )
            .await;
        }
        "/500" => respond(&mut stream, "500 Internal Server Error", &[], b"oops").await,
        "/404" => respond(&mut stream, "404 Not Found", &[], b"gone").await,
        // Two failures, then the page.
        "/flaky" if hits <= 2 => {
            respond(&mut stream, "503 Service Unavailable", &[], b"busy").await
        }
        "/flaky" => respond(&mut stream, "200 OK", &[text_html], &html("akhirnya")).await,
        // 429 with a short Retry-After the first time, then the page.
        "/429-short" if hits == 1 => {
            respond(
                &mut stream,
                "429 Too Many Requests",
                &[("Retry-After", "1".into())],
                b"slow down",
            )
            .await
        }
        "/429-short" => respond(&mut stream, "200 OK", &[text_html], &html("sabar")).await,
        "/429-long" => {
            respond(
                &mut stream,
                "429 Too Many Requests",
                &[("Retry-After", "3600".into())],
                b"come back later",
            )
            .await
        }
        // 503 with an HTTP-date Retry-After two hours ahead.
        "/503-date" => {
            let when = httpdate_in(Duration::from_secs(7200));
            respond(
                &mut stream,
                "503 Service Unavailable",
                &[("Retry-After", when)],
                b"maintenance",
            )
            .await
        }
        "/loop/a" => {
            respond(
                &mut stream,
                "302 Found",
                &[("Location", "/loop/b".into())],
                b"",
            )
            .await
        }
        "/loop/b" => {
            respond(
                &mut stream,
                "302 Found",
                &[("Location", "/loop/a".into())],
                b"",
            )
            .await
        }
        // `/redirect?to=URL` sends the client to URL.
        "/redirect" => {
            let to = query.strip_prefix("to=").unwrap_or("/page").to_string();
            respond(
                &mut stream,
                "301 Moved Permanently",
                &[("Location", to)],
                b"",
            )
            .await
        }
        // Slow enough (300 ms) that concurrent requests overlap.
        "/slow" => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            // Out of flight before the answer can reach the client, so the
            // client's next request never overlaps this one's teardown.
            drop(in_flight);
            respond(&mut stream, "200 OK", &[text_html], &html("lambat")).await;
        }
        _ if route.starts_with("/private") || route.starts_with("/open") => {
            respond(&mut stream, "200 OK", &[text_html], &html(route)).await
        }
        _ => {
            let _ = addr;
            respond(&mut stream, "404 Not Found", &[], b"no such route").await
        }
    }
}

/// An IMF-fixdate `ahead` from now.
fn httpdate_in(ahead: Duration) -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now() + ahead)
}
