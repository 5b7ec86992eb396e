//! The browser entry: hydrates the islands of the server-rendered page (its
//! interactive parts); everything else on the page is plain HTML.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    // The islands are exported by the `app` crate: a reference into it keeps
    // the linker from leaving that crate (and so every island) out.
    app::islands::link();
    leptos::mount::hydrate_islands();
}
