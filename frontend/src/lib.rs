//! The browser entry: hydrates the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: the account and staff pages are lazy routes whose
    // WebAssembly chunk must load before the page can be hydrated.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else {
            return;
        };
        let owner = leptos::mount::hydrate_from_async(body.clone(), app::App).await;
        owner.forget();
        // Tells tests (and curious people) that the page is now interactive.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
