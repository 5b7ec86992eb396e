//! A render cache for anonymous visitors of the directory pages.
//!
//! Rendering `/directory` costs two database queries and a full Leptos render; for
//! an anonymous visitor the result depends only on the address, the `commune` and
//! `lang` cookies and whether the request asks for HTML. This middleware keeps
//! complete responses (already compressed, with their headers) for a short while
//! and answers repeats without any database work.
//!
//! Rules:
//! - only `GET`/`HEAD` of `/directory` and `/directory/...`, only without a
//!   session cookie; a `HEAD` is answered from a stored `GET` but never stored;
//! - only `200` responses without `Set-Cookie` (nor `Cache-Control: no-store`
//!   or `private`), with a body of at most [`MAX_BODY_BYTES`];
//! - an entry lives at most the configured time (the page shows "open now",
//!   computed at render time), and a full cache is simply emptied;
//! - a page names the commune whose data it shows (the header
//!   `app::page_changes::COMMUNE_HEADER`, removed here); a write that changes a
//!   commune's public pages (its directory, its villages, whether it has
//!   joined) removes that commune's entries, and those of pages that named
//!   none ([`RenderCache::changed`]). Sign-ins, survey answers, reports and
//!   refused requests change nothing here. Each change also starts a new
//!   generation: a render begun before it is not stored, so a page rendered
//!   from data older than a write cannot come back after it;
//! - concurrent misses of one page render it once: the others wait for that
//!   render and are answered from the cache (or render themselves when it
//!   could not be stored).
//!
//! Writes on another app server reach this one through PostgreSQL's
//! `LISTEN/NOTIFY` ([`listen`]); writes from the command line on SQLite are
//! seen when the entries expire.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use app::paths;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use tokio::sync::watch;

/// The response header that tells whether a cacheable request was answered
/// from the cache (`hit`) or rendered (`miss`).
pub const CACHE_HEADER: &str = "x-render-cache";

/// Larger bodies pass through uncached.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// When this many entries are stored, the next insertion empties the cache first.
pub const MAX_ENTRIES: usize = 1000;

/// What a stored response is looked up by: everything an anonymous directory page
/// depends on. The body is stored compressed, so the accepted encodings count.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    path_and_query: String,
    commune: Option<String>,
    lang: Option<String>,
    accept_encoding: Option<String>,
    /// Whether the request asks for HTML: only then does the server resolve the
    /// commune before rendering (see `middleware::resolve_visitor`).
    wants_html: bool,
}

/// Whether `path` is a directory page.
fn is_directory_page(path: &str) -> bool {
    path.strip_prefix(paths::DIRECTORY)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The key of a request, or None when it must not be served from the cache:
/// another method, another page, or a signed-in (or signing-in) visitor.
pub fn key(method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Key> {
    if !matches!(*method, Method::GET | Method::HEAD) || !is_directory_page(uri.path()) {
        return None;
    }
    use app::accounts::session::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
    if [SESSION_COOKIE, SECURE_SESSION_COOKIE]
        .iter()
        .any(|name| app::request::cookie_in(headers, name).is_some())
    {
        return None;
    }
    Some(Key {
        path_and_query: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned()),
        commune: app::request::cookie_in(headers, app::places::COMMUNE_COOKIE),
        lang: app::request::cookie_in(headers, app::i18n::LANG_COOKIE),
        accept_encoding: headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .reduce(|all, value| format!("{all}, {value}")),
        wants_html: crate::middleware::wants_html(headers),
    })
}

/// Whether a response (status and headers) may be stored.
pub fn storable(status: StatusCode, headers: &HeaderMap) -> bool {
    let forbidden_by_cache_control = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|directive| directive.trim().to_ascii_lowercase())
        .any(|directive| directive == "no-store" || directive == "private");
    status == StatusCode::OK
        && !headers.contains_key(header::SET_COOKIE)
        && !forbidden_by_cache_control
}

/// A stored response.
struct Entry {
    stored_at: Instant,
    /// The commune whose data the page shows; None: cleared by every change.
    commune: Option<i64>,
    status: StatusCode,
    /// Without `Content-Length`, which is set from the body when served.
    headers: HeaderMap,
    body: Bytes,
}

impl Entry {
    fn response(&self, head: bool) -> Response {
        let body = if head {
            Body::empty()
        } else {
            Body::from(self.body.clone())
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        mark(&mut response, "hit");
        response
    }
}

struct Inner {
    /// Advanced by every change; an insertion must carry the current one.
    generation: u64,
    entries: HashMap<Key, Arc<Entry>>,
    /// The pages being rendered by a request that others may wait for: the
    /// receiver sees its sender dropped when that render ends, however it ends.
    flights: HashMap<Key, watch::Receiver<()>>,
}

/// The cache itself; one per router.
pub struct RenderCache {
    ttl: Duration,
    inner: Mutex<Inner>,
    /// False while changes made elsewhere could go unheard: nothing is stored.
    hearing: AtomicBool,
}

/// What a lookup found.
enum Lookup {
    Hit(Arc<Entry>),
    /// Not stored (or expired): render, and store under this generation.
    Miss(u64),
}

/// What a request that missed does.
enum Turn {
    /// Renders the page; others wait until this is dropped.
    Lead(watch::Sender<()>),
    /// Waits for another request's render of the same page.
    Wait(watch::Receiver<()>),
}

impl RenderCache {
    /// A cache whose entries live `ttl`.
    pub fn new(ttl: Duration) -> RenderCache {
        RenderCache {
            ttl,
            inner: Mutex::new(Inner {
                generation: 0,
                entries: HashMap::new(),
                flights: HashMap::new(),
            }),
            hearing: AtomicBool::new(true),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The map stays consistent even if a holder panicked.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lookup(&self, key: &Key, now: Instant) -> Lookup {
        let mut inner = self.lock();
        match inner.entries.get(key) {
            Some(entry) if now.saturating_duration_since(entry.stored_at) < self.ttl => {
                Lookup::Hit(entry.clone())
            }
            Some(_) => {
                inner.entries.remove(key);
                Lookup::Miss(inner.generation)
            }
            None => Lookup::Miss(inner.generation),
        }
    }

    /// Whether this request renders `key` or waits for one that does.
    fn turn(&self, key: &Key) -> Turn {
        let mut inner = self.lock();
        if let Some(flight) = inner.flights.get(key)
            && flight.has_changed().is_ok()
        {
            return Turn::Wait(flight.clone());
        }
        let (sender, receiver) = watch::channel(());
        inner.flights.insert(key.clone(), receiver);
        Turn::Lead(sender)
    }

    /// Stores `entry` unless a change came since `generation` was read.
    fn insert(&self, key: Key, generation: u64, entry: Entry) -> bool {
        let mut inner = self.lock();
        if inner.generation != generation || !self.hearing.load(Ordering::SeqCst) {
            return false;
        }
        if inner.entries.len() >= MAX_ENTRIES && !inner.entries.contains_key(&key) {
            inner.entries.clear();
        }
        inner.entries.insert(key, Arc::new(entry));
        true
    }

    /// `commune`'s public pages changed: its entries, and those of pages that
    /// named no commune, go; so does every render in progress.
    pub fn changed(&self, commune: i64) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner
            .entries
            .retain(|_, entry| entry.commune.is_some_and(|c| c != commune));
    }

    fn set_hearing(&self, hearing: bool) {
        self.hearing.store(hearing, Ordering::SeqCst);
    }

    /// Forgets every entry and every render in progress.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.clear();
    }

    /// How many entries are stored (expired ones included until looked up).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn counted(outcome: &'static str) {
    metrics::counter!(crate::observe::RENDER_CACHE, "outcome" => outcome).increment(1);
}

fn mark(response: &mut Response, outcome: &'static str) {
    response
        .headers_mut()
        .insert(CACHE_HEADER, HeaderValue::from_static(outcome));
}

/// The commune a rendered page named, taken out of its headers.
fn take_commune(headers: &mut HeaderMap) -> Option<i64> {
    headers
        .remove(app::page_changes::COMMUNE_HEADER)
        .and_then(|value| value.to_str().ok()?.parse().ok())
}

/// The middleware (`axum::middleware::from_fn_with_state` with the shared cache).
pub async fn serve(
    State(cache): State<Arc<RenderCache>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let Some(key) = key(&method, request.uri(), request.headers()) else {
        let mut response = next.run(request).await;
        take_commune(response.headers_mut());
        return response;
    };
    let head = method == Method::HEAD;
    let mut generation = match cache.lookup(&key, Instant::now()) {
        Lookup::Hit(entry) => {
            counted("hit");
            return entry.response(head);
        }
        Lookup::Miss(generation) => generation,
    };
    let _lead = match cache.turn(&key) {
        Turn::Lead(sender) => Some(Flight {
            cache: &cache,
            key: &key,
            _sender: sender,
        }),
        Turn::Wait(mut flight) => {
            // Ends when the leader's render is stored, refused or abandoned.
            let _ = flight.changed().await;
            match cache.lookup(&key, Instant::now()) {
                Lookup::Hit(entry) => {
                    counted("hit");
                    return entry.response(head);
                }
                Lookup::Miss(now) => generation = now,
            }
            None
        }
    };
    counted("miss");

    let mut response = next.run(request).await;
    let commune = take_commune(response.headers_mut());
    if head || !storable(response.status(), response.headers()) {
        mark(&mut response, "miss");
        return response;
    }
    let (parts, body) = response.into_parts();
    let mut response = match collect(body, MAX_BODY_BYTES).await {
        Collected::Complete(bytes) => {
            let mut headers = parts.headers.clone();
            headers.remove(header::CONTENT_LENGTH);
            let entry = Entry {
                stored_at: Instant::now(),
                commune,
                status: parts.status,
                headers,
                body: bytes.clone(),
            };
            cache.insert(key.clone(), generation, entry);
            Response::from_parts(parts, Body::from(bytes))
        }
        Collected::Incomplete(body) => Response::from_parts(parts, body),
    };
    mark(&mut response, "miss");
    response
}

/// The leading render of a page: when dropped (stored, refused or abandoned
/// halfway), the requests waiting for it go on.
struct Flight<'a> {
    cache: &'a RenderCache,
    key: &'a Key,
    _sender: watch::Sender<()>,
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        // Fields drop after this body: the sender is still alive here, so
        // remove the flight by hand, then let the sender go.
        let mut inner = self.cache.lock();
        inner.flights.remove(self.key);
    }
}

/// The caches of this server that a change to a commune's pages empties: the
/// rendered pages (when the render cache is on) and the commune lookups
/// (`app::places::cache`).
#[derive(Clone)]
pub struct Caches {
    pub pages: Option<Arc<RenderCache>>,
    pub communes: app::places::cache::CommuneCache,
}

impl Caches {
    /// `commune`'s pages changed. The lookup goes first: a page rendered
    /// after the render cache forgot it must not use the old commune.
    pub fn changed(&self, commune: i64) {
        self.communes.changed(commune);
        if let Some(pages) = &self.pages {
            pages.changed(commune);
        }
    }

    /// Changes may have been missed: forget everything.
    fn clear(&self) {
        self.communes.clear();
        if let Some(pages) = &self.pages {
            pages.clear();
        }
    }

    fn set_hearing(&self, hearing: bool) {
        if let Some(pages) = &self.pages {
            pages.set_hearing(hearing);
        }
    }
}

/// Hears the changes written on other app servers (and this one) through
/// PostgreSQL's `NOTIFY` and applies them to `caches`, for as long as the
/// process runs. The render cache stores nothing while it cannot hear: before
/// the first connection (this waits for it, a few seconds at most, so a server
/// starts with a working cache) and while the connection is lost, when
/// changes may be missed; at each (re)connection both caches are emptied. (The
/// commune lookups are kept a second at most, heard or not.)
pub async fn listen(database_url: String, caches: Caches, origin: String) {
    caches.set_hearing(false);
    let first = tokio::time::timeout(Duration::from_secs(5), connect(&database_url)).await;
    let mut listener = match first {
        Ok(Ok(listener)) => {
            caches.set_hearing(true);
            Some(listener)
        }
        Ok(Err(error)) => {
            tracing::warn!(%error, "render cache: cannot listen for changes yet");
            None
        }
        Err(_) => None,
    };
    tokio::spawn(async move {
        loop {
            let connected = match listener.take() {
                // The first connection: hearing since before anything was stored.
                Some(listener) => Ok(listener),
                None => connect(&database_url).await.inspect(|_| {
                    caches.clear();
                    caches.set_hearing(true);
                }),
            };
            match connected {
                Ok(listener) => {
                    match hear(listener, &caches, &origin).await {
                        Ok(()) => tracing::warn!("render cache: lost the database's notifications"),
                        Err(error) => {
                            tracing::warn!(%error, "render cache: lost the database's notifications")
                        }
                    }
                    caches.set_hearing(false);
                    caches.clear();
                }
                Err(error) => tracing::warn!(%error, "render cache: cannot listen for changes"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

async fn connect(database_url: &str) -> Result<sqlx::postgres::PgListener, sqlx::Error> {
    let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
    listener.listen(app::page_changes::CHANNEL).await?;
    Ok(listener)
}

async fn hear(
    mut listener: sqlx::postgres::PgListener,
    caches: &Caches,
    origin: &str,
) -> Result<(), sqlx::Error> {
    // `try_recv` gives None when the connection dropped; notifications sent
    // meanwhile are lost, hence the clearing by the caller.
    while let Some(notification) = listener.try_recv().await? {
        match app::page_changes::read_payload(notification.payload()) {
            // This server's own change: its cache was told after the commit.
            Some((_, from)) if from == origin => {}
            Some((commune, _)) => caches.changed(commune),
            None => caches.clear(),
        }
    }
    Ok(())
}

/// A body read whole, or given back unchanged for streaming on.
enum Collected {
    Complete(Bytes),
    /// Longer than the limit, or failed while being read: the bytes read so far
    /// followed by the rest (or the error), as the client would have had them.
    Incomplete(Body),
}

async fn collect(body: Body, limit: usize) -> Collected {
    let mut stream = body.into_data_stream();
    let mut read: Vec<Bytes> = Vec::new();
    let mut length = 0usize;
    loop {
        match stream.next().await {
            None => {
                let bytes = match read.len() {
                    0 => Bytes::new(),
                    1 => read.pop().unwrap_or_default(),
                    _ => Bytes::from(read.concat()),
                };
                return Collected::Complete(bytes);
            }
            Some(Ok(chunk)) => {
                length += chunk.len();
                read.push(chunk);
                if length > limit {
                    let head = futures_util::stream::iter(read.into_iter().map(Ok));
                    return Collected::Incomplete(Body::from_stream(head.chain(stream)));
                }
            }
            Some(Err(error)) => {
                let head = futures_util::stream::iter(read.into_iter().map(Ok));
                let failure = futures_util::stream::iter([Err(error)]);
                return Collected::Incomplete(Body::from_stream(head.chain(failure)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn key_of(method: Method, uri: &str, pairs: &[(&'static str, &'static str)]) -> Option<Key> {
        key(&method, &uri.parse().unwrap(), &headers(pairs))
    }

    const BROWSER: [(&str, &str); 3] = [
        ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
        ("accept-encoding", "gzip, br"),
        ("cookie", "commune=12364; lang=vi"),
    ];

    #[test]
    fn only_anonymous_reads_of_directory_pages_are_cacheable() {
        assert!(key_of(Method::GET, "/directory", &BROWSER).is_some());
        assert!(key_of(Method::GET, "/directory?area=health", &BROWSER).is_some());
        assert!(key_of(Method::GET, "/directory/12", &BROWSER).is_some());
        assert!(key_of(Method::HEAD, "/directory/12", &BROWSER).is_some());
        assert!(key_of(Method::POST, "/directory", &BROWSER).is_none());
        assert!(key_of(Method::GET, "/", &BROWSER).is_none());
        assert!(key_of(Method::GET, "/directoryx", &BROWSER).is_none());
        assert!(key_of(Method::GET, "/staff/directory/import", &BROWSER).is_none());
        assert!(key_of(Method::GET, "/api/directory/overview", &BROWSER).is_none());
        let signed_in = [("cookie", "commune=12364; xaso_session=abc")];
        assert!(key_of(Method::GET, "/directory", &signed_in).is_none());
        let emptied = [("cookie", "xaso_session=")];
        assert!(key_of(Method::GET, "/directory", &emptied).is_none());
    }

    #[test]
    fn the_key_holds_what_the_page_depends_on() {
        let base = key_of(Method::GET, "/directory?area=health", &BROWSER).unwrap();
        assert_eq!(base.path_and_query, "/directory?area=health");
        assert_eq!(base.commune.as_deref(), Some("12364"));
        assert_eq!(base.lang.as_deref(), Some("vi"));
        assert_eq!(base.accept_encoding.as_deref(), Some("gzip, br"));
        assert!(base.wants_html);
        // GET and HEAD share the entry.
        assert_eq!(
            key_of(Method::HEAD, "/directory?area=health", &BROWSER),
            Some(base.clone())
        );
        // Cookies in another order or other cookies do not matter.
        let reordered = [
            ("accept", "text/html"),
            ("accept-encoding", "gzip, br"),
            ("cookie", "theme=dark; lang=vi; commune=12364"),
        ];
        assert_eq!(
            key_of(Method::GET, "/directory?area=health", &reordered),
            Some(base.clone())
        );

        let differs = |uri: &str, pairs: &[(&'static str, &'static str)]| {
            assert_ne!(
                key_of(Method::GET, uri, pairs),
                Some(base.clone()),
                "{uri} {pairs:?}"
            );
        };
        differs("/directory?area=education", &BROWSER);
        differs("/directory", &BROWSER);
        let mut other = BROWSER;
        other[2] = ("cookie", "commune=12361; lang=vi");
        differs("/directory?area=health", &other);
        other[2] = ("cookie", "commune=12364; lang=en");
        differs("/directory?area=health", &other);
        other[2] = ("cookie", "commune=12364");
        differs("/directory?area=health", &other);
        let mut other = BROWSER;
        other[1] = ("accept-encoding", "gzip");
        differs("/directory?area=health", &other);
        let mut other = BROWSER;
        other[0] = ("accept", "*/*");
        differs("/directory?area=health", &other);
    }

    #[test]
    fn only_complete_cookieless_ok_responses_are_stored() {
        assert!(storable(
            StatusCode::OK,
            &headers(&[("content-type", "text/html")])
        ));
        assert!(storable(
            StatusCode::OK,
            &headers(&[("cache-control", "public, max-age=60")])
        ));
        assert!(!storable(StatusCode::NOT_FOUND, &HeaderMap::new()));
        assert!(!storable(StatusCode::FOUND, &HeaderMap::new()));
        assert!(!storable(
            StatusCode::INTERNAL_SERVER_ERROR,
            &HeaderMap::new()
        ));
        assert!(!storable(
            StatusCode::OK,
            &headers(&[("set-cookie", "commune=12364; Path=/")])
        ));
        assert!(!storable(
            StatusCode::OK,
            &headers(&[("cache-control", "No-Store")])
        ));
        assert!(!storable(
            StatusCode::OK,
            &headers(&[("cache-control", "max-age=0, private")])
        ));
    }

    fn entry(at: Instant, body: &'static str) -> Entry {
        Entry {
            stored_at: at,
            commune: None,
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    fn hit_body(cache: &RenderCache, key: &Key, now: Instant) -> Option<Bytes> {
        match cache.lookup(key, now) {
            Lookup::Hit(entry) => Some(entry.body.clone()),
            Lookup::Miss(_) => None,
        }
    }

    fn generation(cache: &RenderCache, key: &Key) -> u64 {
        match cache.lookup(key, Instant::now()) {
            Lookup::Miss(generation) => generation,
            Lookup::Hit(_) => panic!("expected a miss"),
        }
    }

    #[test]
    fn entries_expire() {
        let cache = RenderCache::new(Duration::from_secs(60));
        let key = key_of(Method::GET, "/directory", &BROWSER).unwrap();
        let start = Instant::now();
        let g = generation(&cache, &key);
        assert!(cache.insert(key.clone(), g, entry(start, "page")));
        assert_eq!(
            hit_body(&cache, &key, start + Duration::from_secs(59)).as_deref(),
            Some(&b"page"[..])
        );
        assert!(hit_body(&cache, &key, start + Duration::from_secs(60)).is_none());
        assert!(cache.is_empty(), "an expired entry is dropped when met");
    }

    #[test]
    fn a_clearing_forgets_entries_and_renders_in_progress() {
        let cache = RenderCache::new(Duration::from_secs(60));
        let key = key_of(Method::GET, "/directory", &BROWSER).unwrap();
        let before = generation(&cache, &key);
        assert!(cache.insert(key.clone(), before, entry(Instant::now(), "old")));
        // A render of another page starts, a write finishes, then the render does.
        let other = key_of(Method::GET, "/directory/1", &BROWSER).unwrap();
        let in_progress = generation(&cache, &other);
        assert_eq!(in_progress, before);
        assert!(hit_body(&cache, &key, Instant::now()).is_some());
        cache.clear();
        assert!(hit_body(&cache, &key, Instant::now()).is_none());
        assert!(!cache.insert(other.clone(), in_progress, entry(Instant::now(), "stale")));
        assert!(cache.is_empty());
        assert!(hit_body(&cache, &other, Instant::now()).is_none());
        let after = generation(&cache, &key);
        assert!(cache.insert(key.clone(), after, entry(Instant::now(), "new")));
        assert_eq!(
            hit_body(&cache, &key, Instant::now()).as_deref(),
            Some(&b"new"[..])
        );
    }

    #[test]
    fn a_change_removes_the_communes_pages_and_those_naming_none() {
        let cache = RenderCache::new(Duration::from_secs(60));
        let now = Instant::now();
        let page =
            |uri: &str| key(&Method::GET, &uri.parse().unwrap(), &headers(&BROWSER)).unwrap();
        let tagged = |commune: Option<i64>| Entry {
            commune,
            ..entry(now, "page")
        };
        let (ours, theirs, none) = (
            page("/directory"),
            page("/directory/7"),
            page("/directory?q=x"),
        );
        assert!(cache.insert(ours.clone(), 0, tagged(Some(12364))));
        assert!(cache.insert(theirs.clone(), 0, tagged(Some(12361))));
        assert!(cache.insert(none.clone(), 0, tagged(None)));
        // A render of another commune's page is in progress.
        let in_progress = generation(&cache, &page("/directory/8"));
        cache.changed(12364);
        assert!(hit_body(&cache, &ours, now).is_none());
        assert!(hit_body(&cache, &none, now).is_none());
        assert!(
            hit_body(&cache, &theirs, now).is_some(),
            "another commune's page stays"
        );
        assert!(!cache.insert(page("/directory/8"), in_progress, tagged(Some(12361))));
    }

    #[test]
    fn a_full_cache_is_emptied() {
        let cache = RenderCache::new(Duration::from_secs(60));
        let now = Instant::now();
        let keys: Vec<Key> = (0..=MAX_ENTRIES)
            .map(|i| {
                let uri = format!("/directory?q={i}");
                key(&Method::GET, &uri.parse().unwrap(), &headers(&BROWSER)).unwrap()
            })
            .collect();
        for key in &keys[..MAX_ENTRIES] {
            assert!(cache.insert(key.clone(), 0, entry(now, "page")));
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        // Replacing an entry keeps the others.
        assert!(cache.insert(keys[0].clone(), 0, entry(now, "again")));
        assert_eq!(cache.len(), MAX_ENTRIES);
        assert!(cache.insert(keys[MAX_ENTRIES].clone(), 0, entry(now, "page")));
        assert_eq!(cache.len(), 1);
        assert!(hit_body(&cache, &keys[MAX_ENTRIES], now).is_some());
    }

    async fn body_bytes(body: Body) -> Bytes {
        axum::body::to_bytes(body, usize::MAX).await.unwrap()
    }

    fn chunked(chunks: &[&'static str]) -> Body {
        let chunks: Vec<Result<Bytes, std::io::Error>> = chunks
            .iter()
            .map(|c| Ok(Bytes::from_static(c.as_bytes())))
            .collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    }

    #[tokio::test]
    async fn bodies_over_the_limit_pass_through_whole() {
        match collect(chunked(&["ab", "cd", "ef"]), 6).await {
            Collected::Complete(bytes) => assert_eq!(&bytes[..], b"abcdef"),
            Collected::Incomplete(_) => panic!("within the limit"),
        }
        match collect(chunked(&["ab", "cd", "ef", "gh"]), 5).await {
            Collected::Complete(_) => panic!("over the limit"),
            Collected::Incomplete(body) => assert_eq!(&body_bytes(body).await[..], b"abcdefgh"),
        }
        match collect(Body::empty(), 5).await {
            Collected::Complete(bytes) => assert!(bytes.is_empty()),
            Collected::Incomplete(_) => panic!("empty"),
        }
    }

    #[tokio::test]
    async fn a_failing_body_is_not_complete() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"ab")),
            Err(std::io::Error::other("gone")),
        ];
        let body = Body::from_stream(futures_util::stream::iter(chunks));
        match collect(body, 100).await {
            Collected::Complete(_) => panic!("the body failed"),
            Collected::Incomplete(body) => {
                assert!(axum::body::to_bytes(body, 100).await.is_err());
            }
        }
    }

    /// The middleware on a tiny router: hits, misses, HEAD, cookies and writes.
    #[tokio::test]
    async fn the_middleware_serves_stores_and_clears() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tower::ServiceExt;

        let renders = Arc::new(AtomicUsize::new(0));
        let counter = renders.clone();
        let cache = Arc::new(RenderCache::new(Duration::from_secs(60)));
        let router = axum::Router::new()
            .route(
                "/directory",
                axum::routing::get(move || {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    async move {
                        (
                            [(app::page_changes::COMMUNE_HEADER, "12364")],
                            format!("render {n}"),
                        )
                    }
                }),
            )
            .route(
                "/directory/cookie",
                axum::routing::get(|| async { ([(header::SET_COOKIE, "a=b; Path=/")], "page") }),
            )
            .route("/write", axum::routing::post(|| async { "written" }))
            .layer(axum::middleware::from_fn_with_state(cache.clone(), serve));

        let send = |method: Method, uri: &'static str, cookie: Option<&'static str>| {
            let router = router.clone();
            async move {
                let mut request = Request::builder().method(method).uri(uri);
                if let Some(cookie) = cookie {
                    request = request.header(header::COOKIE, cookie);
                }
                let response = router
                    .oneshot(request.body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                assert!(
                    !response
                        .headers()
                        .contains_key(app::page_changes::COMMUNE_HEADER),
                    "the page's commune stays in the server"
                );
                let outcome = response
                    .headers()
                    .get(CACHE_HEADER)
                    .map(|v| v.to_str().unwrap().to_owned());
                let length = response
                    .headers()
                    .get(header::CONTENT_LENGTH)
                    .map(|v| v.to_str().unwrap().to_owned());
                let body = body_bytes(response.into_body()).await;
                (outcome, String::from_utf8(body.to_vec()).unwrap(), length)
            }
        };
        let miss = Some("miss".to_owned());
        let hit = Some("hit".to_owned());

        assert_eq!(send(Method::GET, "/directory", None).await.0, miss);
        let (outcome, body, length) = send(Method::GET, "/directory", None).await;
        assert_eq!((outcome, body.as_str()), (hit.clone(), "render 1"));
        assert_eq!(length.as_deref(), Some("8"));
        let (outcome, body, length) = send(Method::HEAD, "/directory", None).await;
        assert_eq!((outcome, body.as_str()), (hit.clone(), ""));
        assert_eq!(length.as_deref(), Some("8"), "HEAD gives the GET's length");

        let (outcome, body, _) = send(Method::GET, "/directory", Some("xaso_session=t")).await;
        assert_eq!((outcome, body.as_str()), (None, "render 2"));

        // A write that changes no commune's pages (a sign-in, a refused
        // request) keeps them; a change of another commune too.
        assert_eq!(send(Method::POST, "/write", None).await.1, "written");
        assert_eq!(send(Method::GET, "/directory", None).await.0, hit);
        cache.changed(12361);
        assert_eq!(send(Method::GET, "/directory", None).await.0, hit);
        cache.changed(12364);
        let (outcome, body, _) = send(Method::GET, "/directory", None).await;
        assert_eq!((outcome, body.as_str()), (miss.clone(), "render 3"));
        assert_eq!(send(Method::GET, "/directory", None).await.0, hit);

        assert_eq!(send(Method::GET, "/directory/cookie", None).await.0, miss);
        assert_eq!(send(Method::GET, "/directory/cookie", None).await.0, miss);
        assert_eq!(renders.load(Ordering::SeqCst), 3);
    }

    /// Twenty visitors miss one page at once: it is rendered once, and all
    /// get it. A page that cannot be stored is rendered for each.
    #[tokio::test]
    async fn concurrent_misses_render_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tower::ServiceExt;

        let renders = Arc::new(AtomicUsize::new(0));
        let (stored, personal) = (renders.clone(), renders.clone());
        let cache = Arc::new(RenderCache::new(Duration::from_secs(60)));
        let router = axum::Router::new()
            .route(
                "/directory",
                axum::routing::get(move || {
                    stored.fetch_add(1, Ordering::SeqCst);
                    async {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        "page"
                    }
                }),
            )
            .route(
                "/directory/cookie",
                axum::routing::get(move || {
                    personal.fetch_add(1, Ordering::SeqCst);
                    async {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        ([(header::SET_COOKIE, "a=b; Path=/")], "page")
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(cache.clone(), serve));
        let at_once = |uri: &'static str| {
            let requests = (0..20).map(|_| {
                let router = router.clone();
                async move {
                    let request = Request::get(uri).body(Body::empty()).unwrap();
                    let response = router.oneshot(request).await.unwrap();
                    body_bytes(response.into_body()).await
                }
            });
            futures_util::future::join_all(requests)
        };
        let bodies = at_once("/directory").await;
        assert!(bodies.iter().all(|body| &body[..] == b"page"));
        assert_eq!(renders.swap(0, Ordering::SeqCst), 1);
        let bodies = at_once("/directory/cookie").await;
        assert!(bodies.iter().all(|body| &body[..] == b"page"));
        assert_eq!(renders.load(Ordering::SeqCst), 20);
    }
}
