//! A real HTTP/1.1 server on 127.0.0.1 for the end-to-end tests and the
//! follow benchmark: a thread per connection, a handler per request, and
//! the misbehaviours warta must survive (hanging, endless bodies, gzip
//! bombs, redirect loops, errors).

#![allow(dead_code)] // each test file uses its own part

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a request asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// The body of an answer.
pub enum Body {
    Bytes(Vec<u8>),
    /// Accept the request and never answer.
    Hang,
    /// Headers claiming `len` bytes, then zeros until the client leaves.
    Endless {
        len: u64,
    },
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Wait this long before answering (a slow server).
    pub delay: Duration,
    /// Called once the whole answer was written to the client: the
    /// request was acknowledged (a client killed before reading it never
    /// learns of it, but the window is the kernel's, not ours).
    pub on_answered: Option<Box<dyn FnOnce() + Send>>,
}

impl Response {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            delay: Duration::ZERO,
            on_answered: None,
        }
    }

    pub fn status(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(format!("status {status}").into_bytes()),
            delay: Duration::ZERO,
            on_answered: None,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn status_code(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A running server; it stops when dropped.
pub struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    /// Requests served, by path.
    pub hits: Arc<Mutex<HashMap<String, u64>>>,
    pub requests: Arc<AtomicU64>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let hits: Arc<Mutex<HashMap<String, u64>>> = Arc::default();
        let requests = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let (stop, hits, requests) = (stop.clone(), hits.clone(), requests.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (handler, hits, requests, stop) = (
                        handler.clone(),
                        hits.clone(),
                        requests.clone(),
                        stop.clone(),
                    );
                    std::thread::spawn(move || {
                        let _ = serve(stream, &*handler, &hits, &requests, &stop);
                    });
                }
            });
        }
        Server {
            port,
            stop,
            hits,
            requests,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn hits(&self, path: &str) -> u64 {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(
    stream: TcpStream,
    handler: &Handler,
    hits: &Mutex<HashMap<String, u64>>,
    requests: &AtomicU64,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    // Without this, Nagle's algorithm holds a small body back until the
    // client acknowledges the headers (up to 40 ms with delayed ACKs), and
    // "answered" would be claimed long before the client has the answer.
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    // Keep-alive: serve requests on this connection until it closes.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let method = line.split_whitespace().next().unwrap_or("GET").to_string();
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        let mut body = Vec::new();
        if let Some(len) = headers
            .get("content-length")
            .and_then(|l| l.parse::<u64>().ok())
        {
            (&mut reader)
                .take(len.min(16 << 20))
                .read_to_end(&mut body)?;
        }
        requests.fetch_add(1, Ordering::Relaxed);
        *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
        let response = handler(&Request {
            method,
            path,
            headers,
            body,
        });
        if !response.delay.is_zero() {
            std::thread::sleep(response.delay);
        }
        let reason = match response.status {
            200 => "OK",
            301 => "Moved Permanently",
            302 => "Found",
            304 => "Not Modified",
            403 => "Forbidden",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            _ => "Status",
        };
        let mut head = format!("HTTP/1.1 {} {reason}\r\n", response.status);
        for (k, v) in &response.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        match response.body {
            Body::Bytes(bytes) => {
                head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
                // One write: the answer leaves whole.
                let mut answer = head.into_bytes();
                if response.status != 304 {
                    answer.extend_from_slice(&bytes);
                }
                writer.write_all(&answer)?;
                writer.flush()?;
                // A peer that died while we worked has closed its end: the
                // first write still "succeeds" into the kernel, so ask the
                // socket whether the other side is still there.
                if let Some(answered) = response.on_answered {
                    if peer_alive(&writer) {
                        answered();
                    }
                }
            }
            Body::Hang => {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                return Ok(());
            }
            Body::Endless { len } => {
                head.push_str(&format!("Content-Length: {len}\r\n\r\n"));
                writer.write_all(head.as_bytes())?;
                let zeros = vec![0u8; 64 * 1024];
                // Ends when the client hangs up (a write error).
                loop {
                    writer.write_all(&zeros)?;
                }
            }
        }
    }
}

/// True unless the other end has closed the connection.
fn peer_alive(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let alive = match stream.peek(&mut byte) {
        Ok(0) => false,
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    alive
}

/// A gzip stream of `size` zero bytes: tiny on the wire, huge unpacked.
pub fn gzip_bomb(size: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..size / zeros.len() {
        encoder.write_all(&zeros).unwrap();
    }
    encoder.finish().unwrap()
}
