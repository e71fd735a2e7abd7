//! The document: a chart of roles and the reporting lines between them. Plain data, no UI.

mod arrangement;
mod chart;
mod grouped;
mod index;
pub mod outline;
mod role;
mod subordinates;
mod superiors;
mod validate;

pub use arrangement::{Anchor, Arrangement, Orientation};
pub use chart::{Chart, LineKind, MAX_ROLES, ReportingLine};
pub use grouped::Grouped;
pub use index::IdIndex;
pub use role::{Duty, Field, Role, RoleId};
pub use subordinates::Subordinates;
pub use superiors::{Superiors, UNKNOWN};
pub use validate::{Finding, FindingKind, validate};
