//! The fonts every painter uses: egui's defaults plus a bundled CJK font, so Chinese
//! renders the same on every machine, on screen and in exports.

use std::sync::Arc;

use epaint::text::{FontData, FontDefinitions, FontFamily};

/// Noto Sans SC Regular (SIL Open Font License 1.1; see assets/fonts/OFL.txt).
pub static CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.ttf");
const CJK_NAME: &str = "NotoSansSC-Regular";

/// egui's default fonts with Noto Sans SC as the fallback for every family.
pub fn font_definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data.insert(
        CJK_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_FONT)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        defs.families
            .entry(family)
            .or_default()
            .push(CJK_NAME.to_owned());
    }
    defs
}
