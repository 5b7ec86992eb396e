//! Queries of the reports (server only), a file per concern. Every status
//! change is one transaction that checks the status it starts from, so two
//! officers acting at once cannot both move the same report.

mod filing;
mod following;
mod handling;
mod media;
mod nearby;
mod open311;
mod reading;
mod settings;

pub use filing::*;
pub use following::*;
pub use handling::*;
pub use media::*;
pub use nearby::*;
pub use open311::*;
pub use reading::*;
pub use settings::*;
