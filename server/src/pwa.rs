//! The service worker, generated at start from the files of the current build:
//! it precaches the (hashed) assets every page needs, and its version is a
//! digest of all of them, so each release replaces the previous worker and its
//! cache. The WebAssembly of the islands is not precached (see below).

use std::path::Path;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("pwa/sw.js");

/// Files of the site root that the app shell needs besides the built `pkg/` ones
/// (the report form and the outbox list must work without signal).
const SHELL_FILES: [&str; 10] = [
    "/pwa.js",
    "/share.js",
    "/outbox.js",
    "/outbox-list.js",
    "/report-form.js",
    "/voice.js",
    "/manifest.webmanifest",
    "/favicon.svg",
    "/icons/icon-192.png",
    "/icons/apple-touch-icon.png",
];

#[derive(Clone, Debug)]
pub struct ServiceWorker {
    pub version: String,
    pub script: String,
}

impl ServiceWorker {
    /// Reads `site_root/pkg_dir` (JS, WebAssembly, CSS; not their .br/.gz copies).
    pub fn from_site(site_root: &Path, pkg_dir: &str) -> std::io::Result<Self> {
        let mut files = Vec::new();
        let pkg = site_root.join(pkg_dir);
        if pkg.is_dir() {
            collect(&pkg, &mut files)?;
        }
        files.sort();
        let mut digest = Sha256::new();
        let mut assets: Vec<String> = Vec::new();
        for file in &files {
            let relative = file.strip_prefix(site_root).unwrap_or(file);
            let url = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
            digest.update(url.as_bytes());
            digest.update(std::fs::read(file)?);
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // Only the styles: every page needs them. The WebAssembly and its
            // scripts serve the pages with islands, which work without them
            // (offline too); the worker keeps them the first time a page
            // loads them, so a phone that never opens such a page never
            // downloads them.
            if name.ends_with(".css") {
                assets.push(url);
            }
        }
        for file in SHELL_FILES {
            let path = site_root.join(file.trim_start_matches('/'));
            if let Ok(bytes) = std::fs::read(&path) {
                digest.update(file.as_bytes());
                digest.update(bytes);
                assets.push(file.to_owned());
            }
        }
        digest.update(TEMPLATE.as_bytes());
        let version = hex::encode(&digest.finalize()[..6]);
        let script = TEMPLATE.replace("__VERSION__", &version).replace(
            "__ASSETS__",
            &serde_json::to_string(&assets).unwrap_or_else(|_| "[]".into()),
        );
        Ok(Self { version, script })
    }

    pub fn response(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                // Browsers must always ask for a newer worker.
                (header::CACHE_CONTROL, "no-cache"),
            ],
            self.script.clone(),
        )
            .into_response()
    }
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "wasm" | "css")
        ) {
            // Not the .br/.gz copies (the server picks those) nor TypeScript types.
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_built_assets_and_versions_them() {
        let root = std::env::temp_dir().join(format!("xaso-sw-{}", std::process::id()));
        let pkg = root.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("xaso.abc.css"), "css").unwrap();
        std::fs::write(pkg.join("xaso.abc.js"), "js").unwrap();
        std::fs::write(pkg.join("xaso.abc.js.br"), "br").unwrap();
        std::fs::write(pkg.join("xaso.d.abc.ts"), "types").unwrap();
        std::fs::write(pkg.join("chunk_1.abc.wasm"), "lazy").unwrap();
        std::fs::write(pkg.join("split___account_route_view_1.abc.wasm"), "lazy").unwrap();
        std::fs::write(root.join("pwa.js"), "pwa").unwrap();
        let first = ServiceWorker::from_site(&root, "pkg").unwrap();
        assert!(first.script.contains("\"/pkg/xaso.abc.css\""));
        assert!(first.script.contains("\"/pwa.js\""));
        assert!(
            !first.script.contains("\"/pkg/xaso.abc.js\""),
            "the islands' scripts are kept when a page loads them, not precached"
        );
        assert!(!first.script.contains(".br\""));
        assert!(!first.script.contains(".ts\""));
        assert!(
            !first.script.contains("chunk_1"),
            "lazy chunks are not precached"
        );
        assert!(!first.script.contains("split___account"));
        assert!(!first.script.contains("__ASSETS__"));
        std::fs::write(pkg.join("xaso.abc.js"), "js changed").unwrap();
        let second = ServiceWorker::from_site(&root, "pkg").unwrap();
        assert_ne!(first.version, second.version);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
