//! A streaming reader of WARC files (`.warc`, and `.warc.gz` with one gzip
//! member per record), yielding the pages they archive.
//!
//! (Written by the lead alongside the feed parser; extend, don't replace.)

use flate2::bufread::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};

/// A record's block larger than this is refused: no news page is that big,
/// and the reader must not be made to hold gigabytes.
pub const MAX_RECORD_BYTES: u64 = 256 << 20;

/// One archived page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// `WARC-Target-URI`.
    pub target_uri: String,
    /// `WARC-Date`, as written.
    pub date: Option<String>,
    /// The page's Content-Type (the HTTP header of a response record, the
    /// record's own for a resource record).
    pub content_type: Option<String>,
    /// The HTTP status of a response record.
    pub status: Option<u16>,
    /// The page itself: HTTP headers stripped, chunking and gzip undone.
    pub payload: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("WARC record at byte {offset}: {why}")]
    Malformed { offset: u64, why: String },
    #[error("WARC record at byte {offset}: {source}")]
    Io {
        offset: u64,
        #[source]
        source: std::io::Error,
    },
}

/// Reads records one at a time; only `response` and `resource` records
/// with a target come out, others (`request`, `warcinfo`, `metadata`) are
/// skipped. After an error the iterator ends.
pub struct WarcReader {
    input: Box<dyn BufRead>,
    /// Bytes of the (uncompressed) stream consumed so far.
    offset: u64,
    done: bool,
}

impl WarcReader {
    /// Reads from `reader`, undoing gzip when the stream starts with its
    /// magic bytes.
    pub fn new<R: Read + 'static>(reader: R) -> WarcReader {
        let mut buffered = BufReader::new(reader);
        let gzip = matches!(buffered.fill_buf(), Ok(head) if head.starts_with(&[0x1f, 0x8b]));
        let input: Box<dyn BufRead> = if gzip {
            Box::new(BufReader::new(MultiGzDecoder::new(buffered)))
        } else {
            Box::new(buffered)
        };
        WarcReader {
            input,
            offset: 0,
            done: false,
        }
    }

    fn malformed(&self, start: u64, why: impl Into<String>) -> WarcError {
        WarcError::Malformed {
            offset: start,
            why: why.into(),
        }
    }

    /// One header line without its line break; `None` at the end.
    fn line(&mut self, start: u64) -> Result<Option<String>, WarcError> {
        let mut buf = Vec::new();
        let n = (&mut self.input)
            .take(64 * 1024)
            .read_until(b'\n', &mut buf)
            .map_err(|source| WarcError::Io {
                offset: start,
                source,
            })?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        if !buf.ends_with(b"\n") && n == 64 * 1024 {
            return Err(self.malformed(start, "a header line longer than 64 KiB"));
        }
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, WarcError> {
        loop {
            // Blank lines between records are allowed.
            let start = self.offset;
            let version = loop {
                match self.line(start)? {
                    None => return Ok(None),
                    Some(l) if l.trim().is_empty() => continue,
                    Some(l) => break l,
                }
            };
            if !version.starts_with("WARC/") {
                return Err(self.malformed(
                    start,
                    format!(
                        "expected a WARC/1.x version line, found {:?}",
                        truncate(&version)
                    ),
                ));
            }
            let mut headers: Vec<(String, String)> = Vec::new();
            loop {
                match self.line(start)? {
                    None => {
                        return Err(
                            self.malformed(start, "the file ends inside the record's headers")
                        )
                    }
                    Some(l) if l.is_empty() => break,
                    Some(l) => {
                        if let Some((k, v)) = l.split_once(':') {
                            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                        }
                    }
                }
            }
            let header = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            let length: u64 = header("content-length")
                .ok_or_else(|| self.malformed(start, "no Content-Length"))?
                .parse()
                .map_err(|_| self.malformed(start, "Content-Length is not a number"))?;
            if length > MAX_RECORD_BYTES {
                return Err(self.malformed(
                    start,
                    format!("a {length}-byte record (the limit is {MAX_RECORD_BYTES})"),
                ));
            }
            let mut block = Vec::with_capacity(length as usize);
            let read = (&mut self.input)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|source| WarcError::Io {
                    offset: start,
                    source,
                })?;
            self.offset += read as u64;
            if (read as u64) < length {
                return Err(self.malformed(
                    start,
                    format!("the file ends {} bytes into a {length}-byte record", read),
                ));
            }
            let kind = header("warc-type").unwrap_or_default().to_ascii_lowercase();
            let Some(target) = header("warc-target-uri") else {
                continue;
            };
            let date = header("warc-date");
            match kind.as_str() {
                "response" => {
                    let is_http = header("content-type")
                        .is_some_and(|c| c.contains("application/http"))
                        || block.starts_with(b"HTTP/");
                    if !is_http {
                        continue;
                    }
                    let (status, content_type, payload) =
                        http_payload(&block).map_err(|why| self.malformed(start, why))?;
                    return Ok(Some(WarcRecord {
                        target_uri: target,
                        date,
                        content_type,
                        status,
                        payload,
                    }));
                }
                "resource" => {
                    return Ok(Some(WarcRecord {
                        target_uri: target,
                        date,
                        content_type: header("content-type"),
                        status: None,
                        payload: block,
                    }))
                }
                _ => continue,
            }
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(err) => {
                self.done = true;
                Some(Err(err))
            }
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

type Payload = (Option<u16>, Option<String>, Vec<u8>);

/// Splits an archived HTTP response into status, Content-Type and body,
/// undoing chunked transfer and gzip/deflate content encoding.
fn http_payload(block: &[u8]) -> Result<Payload, String> {
    let split = find(block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| find(block, b"\n\n").map(|i| (i, i + 2)))
        .ok_or("the archived HTTP response has no end of headers")?;
    let head = String::from_utf8_lossy(&block[..split.0]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok());
    let (mut content_type, mut chunked, mut encoding) = (None, false, None);
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        match k.as_str() {
            "content-type" => content_type = Some(v.to_string()),
            "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => encoding = Some(v.to_ascii_lowercase()),
            _ => {}
        }
    }
    let mut body = block[split.1..].to_vec();
    if chunked {
        // Archives keep the body as it came; when the chunking does not
        // parse, the bytes are taken as they are.
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    match encoding.as_deref() {
        Some("gzip" | "x-gzip") => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]))?,
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]))?,
        _ => {}
    }
    Ok((status, content_type, body))
}

fn inflate(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the archived body does not decompress: {e}"))?;
    if out.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!(
            "the archived body decompresses past {MAX_RECORD_BYTES} bytes"
        ));
    }
    Ok(out)
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(body, b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T03:00:00Z\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            if kind == "response" { "application/http; msgtype=response" } else { "text/html" },
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn sample() -> Vec<u8> {
        let page = "<html><body><p>Halo dunia</p></body></html>";
        let chunked = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{page}\r\n0\r\n\r\n", page.len());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page.as_bytes()).unwrap();
        let mut gzipped =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        gzipped.extend(gz.finish().unwrap());
        let mut out = record("warcinfo", "", b"software: warta test");
        out.extend(record(
            "request",
            "https://a.example/1",
            b"GET /1 HTTP/1.1\r\n\r\n",
        ));
        out.extend(record(
            "response",
            "https://a.example/1",
            chunked.as_bytes(),
        ));
        out.extend(record("response", "https://a.example/2", &gzipped));
        out.extend(record("resource", "https://a.example/3", page.as_bytes()));
        out
    }

    #[test]
    fn reads_pages_plain_and_gzipped_per_record() {
        let plain = sample();
        let records: Vec<WarcRecord> = WarcReader::new(std::io::Cursor::new(plain.clone()))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(records.len(), 3);
        for r in &records {
            assert_eq!(
                r.payload, b"<html><body><p>Halo dunia</p></body></html>",
                "{}",
                r.target_uri
            );
        }
        assert_eq!(records[0].status, Some(200));
        assert_eq!(
            records[0].content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );

        // .warc.gz: one gzip member per record.
        let mut gz = Vec::new();
        let mut rest = &plain[..];
        while !rest.is_empty() {
            let next = find(&rest[1..], b"WARC/1.1")
                .map(|i| i + 1)
                .unwrap_or(rest.len());
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&rest[..next]).unwrap();
            gz.extend(e.finish().unwrap());
            rest = &rest[next..];
        }
        let again: Vec<WarcRecord> = WarcReader::new(std::io::Cursor::new(gz))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(again, records);
    }

    #[test]
    fn damage_is_an_error_naming_the_offset() {
        let mut bytes = sample();
        bytes.truncate(bytes.len() - 30);
        let results: Vec<_> = WarcReader::new(std::io::Cursor::new(bytes)).collect();
        let err = results.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(err.contains("at byte") && err.contains("ends"), "{err}");
        let err = WarcReader::new(std::io::Cursor::new(b"HTTP/1.1 200 OK\r\n".to_vec()))
            .next()
            .unwrap()
            .unwrap_err();
        assert!(err.to_string().contains("at byte 0"), "{err}");
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            for _ in WarcReader::new(std::io::Cursor::new(bytes)) {}
        }

        #[test]
        fn mutated_archives_never_panic(pos in 0usize..600, byte in any::<u8>()) {
            let mut bytes = sample();
            let at = pos % bytes.len();
            bytes[at] = byte;
            for _ in WarcReader::new(std::io::Cursor::new(bytes)) {}
        }
    }
}
