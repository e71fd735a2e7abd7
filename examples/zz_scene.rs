use std::time::Instant;
fn main() {
    let chart = orgchart::generate::synthetic(100_000, 1);
    let theme = orgchart::scene::Theme::default();
    let mut m = orgchart::scene::Measurer::new();
    for _ in 0..8 {
        let t = Instant::now();
        let s = orgchart::scene::build(&chart, &theme, &mut m);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let t = Instant::now();
        drop(s);
        println!(
            "scene {ms:.1} ms, drop {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
    }
}
