//! The benches' charts as SVG (plotters' SVG backend): lines of build time against a count,
//! and bars of build time per service, ours in one colour and the SDK in another, release
//! dashed or lighter.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// One line of a chart.
pub struct Series {
    pub label: String,
    /// Ours (blue) or the SDK (orange).
    pub ours: bool,
    /// Release builds are dashed, debug ones solid.
    pub dashed: bool,
    /// (number of services, seconds), ascending.
    pub points: Vec<(f64, f64)>,
}

const OURS: RGBColor = RGBColor(31, 119, 180);
const SDK: RGBColor = RGBColor(255, 127, 14);

/// The chart type both drawings use: seconds against a number.
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn failed(e: &dyn std::fmt::Display) -> String {
    format!("drawing the chart: {e}")
}

/// An SVG chart with `caption`, x over `x` and y from 0 past `y_max`: `draw` draws its
/// mesh and series, and the legend goes in the upper left.
fn svg_chart(
    caption: &str,
    x: std::ops::Range<f64>,
    y_max: f64,
    draw: impl FnOnce(&mut Chart<'_, '_>) -> Result<(), String>,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (760, 460)).into_drawing_area();
        area.fill(&WHITE).map_err(|e| failed(&e))?;
        let mut chart = ChartBuilder::on(&area)
            .caption(caption, ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d(x, 0.0..y_max * 1.1)
            .map_err(|e| failed(&e))?;
        draw(&mut chart)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(|e| failed(&e))?;
        area.present().map_err(|e| failed(&e))?;
    }
    Ok(svg)
}

/// Clean build time against the number of services in the program.
pub fn build_times(lines: &[Series]) -> Result<String, String> {
    let x_max = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(x, _)| *x))
        .fold(1.0, f64::max);
    let y_max = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(_, y)| *y))
        .fold(1.0, f64::max);
    let caption = "Clean build of a program calling N services (2 cores)";
    svg_chart(caption, 0.0..x_max * 1.05, y_max, |chart| {
        chart
            .configure_mesh()
            .x_desc("services in the program")
            .y_desc("seconds")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(|e| failed(&e))?;
        for line in lines {
            let colour = if line.ours { OURS } else { SDK };
            let style = colour.stroke_width(2);
            let points = line.points.clone();
            let drawn = if line.dashed {
                chart.draw_series(DashedLineSeries::new(points.clone(), 8, 5, style))
            } else {
                chart.draw_series(LineSeries::new(points.clone(), style))
            };
            drawn
                .map_err(|e| failed(&e))?
                .label(line.label.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style));
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 3, colour.filled())),
                )
                .map_err(|e| failed(&e))?;
        }
        Ok(())
    })
}

/// One service's clean builds of its crate alone, in seconds.
pub struct ServiceBuilds {
    pub service: String,
    /// Ours then the SDK's: (debug, release).
    pub ours: (f64, f64),
    pub sdk: (f64, f64),
}

/// Bars of clean build time per service: ours and the SDK's crate, debug and release.
pub fn service_builds(services: &[ServiceBuilds]) -> Result<String, String> {
    let y_max = services
        .iter()
        .flat_map(|s| [s.ours.0, s.ours.1, s.sdk.0, s.sdk.1])
        .fold(1.0, f64::max);
    let names: Vec<String> = services.iter().map(|s| s.service.clone()).collect();
    let caption = "Clean build of one service's crate alone (2 cores)";
    svg_chart(caption, 0.0..services.len().max(1) as f64, y_max, |chart| {
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(services.len().max(1) * 2 + 1)
            .x_label_formatter(&|x| {
                // A label under the middle of each group only.
                let middle = x - x.floor();
                match names.get(x.floor() as usize) {
                    Some(name) if (middle - 0.5).abs() < 1e-6 => name.clone(),
                    _ => String::new(),
                }
            })
            .y_desc("seconds")
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(|e| failed(&e))?;
        let bars = [
            ("ours, debug", OURS.filled(), 0),
            ("SDK (lean), debug", SDK.filled(), 1),
            ("ours, release", OURS.mix(0.45).filled(), 2),
            ("SDK (lean), release", SDK.mix(0.45).filled(), 3),
        ];
        for (label, style, slot) in bars {
            let rectangles = services.iter().enumerate().map(move |(i, s)| {
                let seconds = [s.ours.0, s.sdk.0, s.ours.1, s.sdk.1][slot];
                let left = i as f64 + 0.1 + 0.2 * slot as f64;
                Rectangle::new([(left, 0.0), (left + 0.18, seconds)], style)
            });
            chart
                .draw_series(rectangles)
                .map_err(|e| failed(&e))?
                .label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], style));
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_four_bars_a_service_and_names_each() {
        let services = [
            ServiceBuilds {
                service: "glue".into(),
                ours: (20.0, 25.0),
                sdk: (60.0, 150.0),
            },
            ServiceBuilds {
                service: "ec2".into(),
                ours: (55.0, 62.0),
                sdk: (139.0, 363.0),
            },
        ];
        let svg = service_builds(&services).unwrap();
        assert!(svg.starts_with("<svg"));
        for text in ["glue", "ec2", "ours, debug", "SDK (lean), release"] {
            assert!(svg.contains(text), "{text} missing");
        }
        // 8 bars and 4 legend swatches, besides the background.
        assert!(svg.matches("<rect").count() >= 12, "{svg}");
    }

    #[test]
    fn draws_each_line_with_its_label() {
        let lines = [
            Series {
                label: "ours, clean debug build".into(),
                ours: true,
                dashed: false,
                points: vec![(1.0, 40.0), (5.0, 60.0), (20.0, 150.0)],
            },
            Series {
                label: "SDK (lean), clean release build".into(),
                ours: false,
                dashed: true,
                points: vec![(1.0, 200.0), (5.0, 500.0), (20.0, 1900.0)],
            },
        ];
        let svg = build_times(&lines).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..100.min(svg.len())]);
        assert!(svg.contains("ours, clean debug build"));
        assert!(svg.contains("SDK (lean), clean release build"));
        assert!(svg.contains("services in the program"));
        // The SDK's orange appears, and a point of each line.
        assert!(svg.contains("#FF7F0E"), "colours as written: {svg}");
        assert!(svg.matches("<circle").count() >= 6);
    }
}
