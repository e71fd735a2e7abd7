//! orgchart: a desktop org-chart editor. Roles connected by reporting lines, each with
//! its department and duties; RON files; PNG export; job-description import.
//!
//! `model`, `edit`, `layout`, `scene`, `io` and `export` never touch egui's UI, so the
//! command line, the exporters and their tests run headless. `app` is the window.

pub mod app;
pub mod cli;
pub mod edit;
pub mod example;
pub mod export;
pub mod generate;
pub mod io;
pub mod layout;
pub mod model;
pub mod scene;
