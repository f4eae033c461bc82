//! A minimal HTTP/1.1 client on one kept-alive TCP connection: what a load tool needs (GET and
//! POST with a cookie; answers with `Content-Length` or chunked), without a new dependency.

use std::io;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::Res;

/// One connection to one server, opened on first use and again after the server closes it.
pub struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

/// What to send.
struct Request<'a> {
    method: &'a str,
    path: &'a str,
    headers: &'a [(&'a str, &'a str)],
    body: &'a [u8],
}

/// A status and a body (headers only as far as the tool needs them).
pub struct Response {
    pub status: u16,
    pub set_cookies: Vec<String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Res<serde_json::Value> {
        Ok(serde_json::from_slice(&self.body)?)
    }
}

impl Conn {
    pub fn new(addr: &str) -> Conn {
        Conn {
            addr: addr.to_string(),
            stream: None,
        }
    }

    pub async fn get(&mut self, path: &str, cookie: &str) -> io::Result<Response> {
        self.request("GET", path, &[("Cookie", cookie)], &[]).await
    }

    /// Sends one request; a kept-alive connection the server has closed is reopened once.
    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        let req = Request {
            method,
            path,
            headers,
            body,
        };
        let reused = self.stream.is_some();
        match self.exchange(&req).await {
            Err(_) if reused => {
                self.stream = None;
                self.exchange(&req).await
            }
            other => other,
        }
    }

    async fn exchange(&mut self, req: &Request<'_>) -> io::Result<Response> {
        let Request {
            method,
            path,
            headers,
            body,
        } = *req;
        if self.stream.is_none() {
            let s = TcpStream::connect(&self.addr).await?;
            s.set_nodelay(true)?;
            self.stream = Some(BufReader::with_capacity(64 * 1024, s));
        }
        let stream = self
            .stream
            .as_mut()
            .ok_or_else(|| io::Error::other("no stream"))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (name, value) in headers.iter().filter(|(_, v)| !v.is_empty()) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.get_mut().write_all(head.as_bytes()).await?;
        if !body.is_empty() {
            stream.get_mut().write_all(body).await?;
        }
        stream.get_mut().flush().await?;
        let result = read_response(stream).await;
        match &result {
            Ok((_, close)) if !close => {}
            _ => self.stream = None,
        }
        result.map(|(r, _)| r)
    }
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// Reads one answer; also says whether the server closes the connection after it.
async fn read_response(stream: &mut BufReader<TcpStream>) -> io::Result<(Response, bool)> {
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad("status line"))?;
    let (mut length, mut chunked, mut close) = (None, false, false);
    let mut set_cookies = Vec::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(bad("headers cut off"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            "set-cookie" => set_cookies.push(value.to_string()),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("chunk size"))?;
            if size == 0 {
                line.clear();
                stream.read_line(&mut line).await?;
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            stream.read_exact(&mut body[start..]).await?;
            let mut crlf = [0u8; 2];
            stream.read_exact(&mut crlf).await?;
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        stream.read_exact(&mut body).await?;
    } else if status != 204 && status != 304 {
        stream.read_to_end(&mut body).await?;
        close = true;
    }
    Ok((
        Response {
            status,
            set_cookies,
            body,
        },
        close,
    ))
}

/// Signs in with a demo login (password `demo1234`); the `Cookie` header value to send.
pub async fn sign_in(addr: &str, login: &str) -> Res<String> {
    let body = serde_json::json!({ "login": login, "password": "demo1234" }).to_string();
    let r = Conn::new(addr)
        .request(
            "POST",
            "/api/v1/auth/login",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .await?;
    if r.status != 200 {
        return Err(format!(
            "sign-in of {login} at {addr}: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        )
        .into());
    }
    Ok(r.set_cookies
        .iter()
        .filter_map(|c| c.split(';').next())
        .collect::<Vec<_>>()
        .join("; "))
}

/// GET that must answer 200 with JSON.
pub async fn get_json(addr: &str, path: &str, cookie: &str) -> Res<serde_json::Value> {
    let r = Conn::new(addr).get(path, cookie).await?;
    if r.status != 200 {
        return Err(format!("GET {path} at {addr}: {}", r.status).into());
    }
    r.json()
}

/// The value of a `--name value` option.
pub fn opt<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

/// A required option.
pub fn need<'a>(args: &'a [String], name: &str) -> Res<&'a str> {
    opt(args, name).ok_or_else(|| format!("missing {name}").into())
}

/// A numeric option with a default.
pub fn num<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> Res<T> {
    match opt(args, name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| format!("{name}: not a number").into()),
    }
}
