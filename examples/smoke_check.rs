//! CI helper: fails unless a screenshot shows a drawn window (not blank, not one colour,
//! with dark text pixels). `cargo run --example smoke_check -- shot.png`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: smoke_check SCREENSHOT.png");
        std::process::exit(2);
    };
    let img = match image::open(&path) {
        Ok(i) => i.to_rgba8(),
        Err(e) => {
            eprintln!("smoke_check: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let mut colours = std::collections::HashSet::new();
    let mut dark = 0usize;
    for p in img.pixels() {
        colours.insert(p.0);
        if u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2]) < 200 {
            dark += 1;
        }
    }
    println!(
        "smoke_check: {}×{}, {} colours, {dark} dark pixels",
        img.width(),
        img.height(),
        colours.len()
    );
    if img.width() < 200 || img.height() < 200 || colours.len() < 50 || dark < 100 {
        eprintln!("smoke_check: the screenshot looks blank");
        std::process::exit(1);
    }
}
