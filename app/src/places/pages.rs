//! Pages of the places feature.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::components::{CommuneHomeView, PlacePicker};
use crate::i18n::use_i18n;
use crate::layout::PlaceContext;
use crate::tr;

/// `/`: the chosen commune's home, or a welcome and the place picker.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let place = expect_context::<PlaceContext>();
    // The commune's code, not the commune: choosing one again changes nothing here.
    let code = Memo::new(move |_| place.get().map(|c| c.code));
    view! {
        <Title text=crate::i18n::head_text(i18n, |t| t.nav_home)/>
        {move || match code.get() {
            Some(code) => Either::Left(view! { <CommuneHomeView code=code.to_string()/> }),
            None => Either::Right(view! {
                <h1>{tr!(i18n, welcome_title)}</h1>
                <p class="lead">{tr!(i18n, welcome_lead)}</p>
                <h2>{tr!(i18n, picker_title)}</h2>
                <PlacePicker/>
            }),
        }}
    }
}

/// `/commune`: choose or change the commune.
#[component]
pub fn ChooseCommunePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::i18n::head_text(i18n, |t| t.picker_title)/>
        <h1>{tr!(i18n, picker_title)}</h1>
        <PlacePicker/>
    }
}

/// `/c/{code}`: a commune's home; opening it makes it the visitor's commune.
#[component]
pub fn CommunePage() -> impl IntoView {
    let params = use_params_map();
    let code = Signal::derive(move || params.read().get("code").unwrap_or_default());
    view! { <CommuneHomeView code/> }
}
