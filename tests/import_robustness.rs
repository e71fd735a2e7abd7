//! No document makes the job-description importer panic or hang, and every line it
//! reads lands somewhere or is reported.

use orgchart::io::jd_import::import_text;
use orgchart::model::validate;
use proptest::prelude::*;

/// Fragments real documents are made of, so random text reaches the parser's branches.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("岗位名称：".to_owned()),
        Just("直接上级：".to_owned()),
        Just("下属部门：".to_owned()),
        Just("主要职责：".to_owned()),
        Just("部门性质: ".to_owned()),
        Just("一、".to_owned()),
        Just("1．".to_owned()),
        Just("1)、".to_owned()),
        Just("（2）".to_owned()),
        Just("① ".to_owned()),
        Just("- ".to_owned()),
        Just("# ".to_owned()),
        Just("**".to_owned()),
        Just("、".to_owned()),
        Just("\n".to_owned()),
        Just("\u{3000}".to_owned()),
        Just("运营总监".to_owned()),
        Just("店长".to_owned()),
        Just("无".to_owned()),
        "[ -~]{0,6}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn importer_never_panics_and_loses_no_line(parts in prop::collection::vec(fragment(), 0..60)) {
        let text: String = parts.concat();
        let imported = import_text(&text, "fuzz");
        // Whatever came out is a chart the rest of the program can handle.
        let _ = validate(&imported.chart);
        let saved = orgchart::io::to_ron_string(&imported.chart).unwrap();
        let back = orgchart::io::from_ron_str(&saved, std::path::Path::new("fuzz.ron"));
        prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), saved);
        for (line, _) in &imported.not_understood {
            prop_assert!(*line >= 1 && *line <= text.lines().count());
        }
    }

    #[test]
    fn arbitrary_bytes_as_text(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = import_text(&text, "bytes");
    }
}
