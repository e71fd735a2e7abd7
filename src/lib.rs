//! orgchart: a desktop org-chart editor. Roles connected by reporting lines, each with
//! its department and duties; RON files; PNG export; job-description import.
//!
//! `model`, `edit`, `layout`, `scene`, `io` and `export` never touch egui's UI, so the
//! command line, the exporters and their tests run headless. `app` is the window.
//! Without the default `gui` feature only the document side builds (`model`, `edit`,
//! `layout`, `io`): what the fuzz targets in `tests/fuzz` need.

#[cfg(feature = "gui")]
pub mod app;
#[cfg(feature = "gui")]
pub mod cli;
pub mod edit;
pub mod example;
#[cfg(feature = "gui")]
pub mod export;
pub mod generate;
pub mod io;
pub mod layout;
pub mod model;
#[cfg(feature = "gui")]
pub mod scene;
