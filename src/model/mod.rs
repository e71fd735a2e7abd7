//! The document: a chart of roles and the reporting lines between them. Plain data, no UI.

mod arrangement;
mod chart;
pub mod outline;
mod role;
mod validate;

pub use arrangement::{Arrangement, Orientation};
pub use chart::{Chart, LineKind, MAX_ROLES, ReportingLine};
pub use role::{Duty, Field, Role, RoleId};
pub use validate::{Finding, FindingKind, validate};
