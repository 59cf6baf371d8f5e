//! A small fake Lambda endpoint on loopback that answers as a hostile or broken server would:
//! each test gives it a function from request to reply. It records every request it was sent,
//! so a test can also show what never reached it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// A query parameter's raw value.
    pub fn query(&self, name: &str) -> Option<&str> {
        let query = self.target.split_once('?')?.1;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

pub enum Body {
    Bytes(Vec<u8>),
    /// Bytes without end, announced with this Content-Length, or chunked when `None`.
    Endless {
        content_length: Option<u64>,
    },
    /// The connection is closed without an answer.
    Hangup,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Body::Bytes(body.to_string().into_bytes()),
        }
    }

    /// An AWS-shaped error.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        let mut reply = Reply::json(status, &serde_json::json!({ "message": message }));
        reply.headers.push(("x-amzn-errortype".into(), code.into()));
        reply
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply {
            status,
            headers: vec![("location".into(), location.into())],
            body: Body::Bytes(Vec::new()),
        }
    }

    pub fn hangup() -> Reply {
        Reply {
            status: 0,
            headers: Vec::new(),
            body: Body::Hangup,
        }
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// The server; stopped when dropped.
pub struct Hostile {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    /// Connections accepted, whether or not a request could be read from them (a TLS
    /// handshake is not one).
    connections: Arc<std::sync::atomic::AtomicUsize>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl Hostile {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let addr = listener.local_addr().unwrap();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let connections: Arc<std::sync::atomic::AtomicUsize> = Arc::default();
        let (seen, stopped, accepted) = (requests.clone(), stop.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                accepted.fetch_add(1, Ordering::SeqCst);
                let Ok(stream) = stream else { continue };
                let (handler, seen, stopped) = (handler.clone(), seen.clone(), stopped.clone());
                std::thread::spawn(move || serve(stream, &*handler, &seen, &stopped));
            }
        });
        Hostile {
            url: format!("http://{addr}"),
            requests,
            connections,
            stop,
            addr,
        }
    }

    /// A server that answers nothing useful and records who came.
    pub fn trap() -> Hostile {
        Hostile::start(|_| Reply::error(500, "Trap", "nobody should be here"))
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn received(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// How many connections were made to it.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

fn serve(stream: TcpStream, handler: &Handler, seen: &Mutex<Vec<Request>>, stop: &AtomicBool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("stream clones"));
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    seen.lock().unwrap().push(request.clone());
    let reply = handler(&request);
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} Hostile\r\nconnection: close\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply.body {
        Body::Hangup => {}
        Body::Bytes(bytes) => {
            head.push_str(&format!("content-length: {}\r\n\r\n", bytes.len()));
            let _ = out.write_all(head.as_bytes());
            let _ = out.write_all(&bytes);
        }
        Body::Endless { content_length } => {
            match content_length {
                Some(length) => head.push_str(&format!("content-length: {length}\r\n\r\n")),
                None => head.push_str("transfer-encoding: chunked\r\n\r\n"),
            }
            if out.write_all(head.as_bytes()).is_err() {
                return;
            }
            let block = vec![b' '; 64 * 1024];
            let chunk = [
                format!("{:x}\r\n", block.len()).into_bytes(),
                block.clone(),
                b"\r\n".to_vec(),
            ]
            .concat();
            let piece = if content_length.is_some() {
                &block
            } else {
                &chunk
            };
            while !stop.load(Ordering::SeqCst) && out.write_all(piece).is_ok() {}
        }
    }
    let _ = out.flush();
}
