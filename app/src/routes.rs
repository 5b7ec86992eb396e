//! Pages whose code loads only when they are opened (lazy routes). The build
//! splits each into its own WebAssembly chunk (`cargo leptos build --split`), so
//! the home page, the directory and the commune pages, which every resident
//! opens, do not carry the account and staff pages.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// Declares a lazy route `$route` that shows the page component `$page`.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        #[derive(Debug)]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

use crate::accounts::pages::{AccountPage, ResetPasswordPage, SignUpPage};
use crate::staff::pages::{
    AuditPage, OfficersPage, PeoplePage, ProvincePage, ResetCodePage, StaffHomePage, VillagesPage,
};

lazy_page!(AccountRoute, AccountPage);
lazy_page!(SignUpRoute, SignUpPage);
lazy_page!(ResetPasswordRoute, ResetPasswordPage);
lazy_page!(StaffHomeRoute, StaffHomePage);
lazy_page!(PeopleRoute, PeoplePage);
lazy_page!(VillagesRoute, VillagesPage);
lazy_page!(ResetCodeRoute, ResetCodePage);
lazy_page!(AuditRoute, AuditPage);
lazy_page!(ProvinceRoute, ProvincePage);
lazy_page!(OfficersRoute, OfficersPage);
